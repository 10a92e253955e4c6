import { afterEach, describe, expect, it, vi } from 'vitest';
import { gateEnabled } from '../../src/pods/feature-gates';
import { displayValue, UNREADABLE_VALUE } from '../../src/signals/config-error';
import { parseEvictionFlag, parseEvictionFlags } from '../../src/signals/eviction-flag';
import { parseGoDuration } from '../../src/signals/go-duration';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { parseKubeletFlags } from '../../src/signals/kubelet-flags';
import { observe } from '../../src/signals/observe';
import { podStatsLookup } from '../../src/signals/pod-stats';
import { parseSummary, type Summary } from '../../src/signals/summary';
import {
  parseGracePeriods,
  parseMinimumReclaims,
  parseThresholdConfig,
} from '../../src/signals/threshold-config';

// Regression tests for what the fuzz suite (test/fuzz) found in evictkit/signals.

const boom = () => {
  throw new Error('hostile getter');
};
/** `{ [key]: <getter that throws> }`. */
const throwingAt = (key: string): Record<string, unknown> =>
  Object.defineProperty({}, key, { get: boom, enumerable: true });
const as = <T>(value: unknown): T => value as T;

const CONFIG =
  'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: 1Gi\nmergeDefaultEvictionSettings: true\n';

describe('parsers answer a value that cannot be read with an error', () => {
  it('parseSummary: a throwing getter anywhere in the payload', () => {
    const error = parseSummary({ node: throwingAt('nodeName'), pods: [] })._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'invalid-summary' });
    expect(error.message).toContain('hostile getter');
  });

  it('parseSummary: a Promise where a value belongs (zod throws on one in a preprocess)', () => {
    for (const summary of [
      { node: { nodeName: 'n' }, pods: Promise.resolve([]) },
      { node: { nodeName: 'n', memory: Promise.resolve({}) } },
      { node: { nodeName: 'n', memory: { availableBytes: Promise.resolve(1) } } },
    ]) {
      const error = parseSummary(summary)._unsafeUnwrapErr();
      expect(error.code).toBe('invalid-summary');
      expect(error.message).toContain('received Promise');
    }
  });

  it('parseThresholdConfig: a throwing getter on the input or in a map', () => {
    for (const input of [
      throwingAt('evictionHard'),
      { evictionSoft: throwingAt('memory.available') },
      { allocatableConfig: new Proxy([], { get: boom }) },
    ]) {
      expect(parseThresholdConfig(as(input))._unsafeUnwrapErr()).toMatchObject({
        code: 'invalid-argument',
      });
    }
  });

  it('kubeletDefaults and loadKubeletConfig: options that cannot be read', () => {
    const flags = { flags: throwingAt('evictionHard') };
    expect(kubeletDefaults(as(flags))._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-argument',
    });
    expect(loadKubeletConfig(CONFIG, as(throwingAt('os')))._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-argument',
    });
  });

  it('parseEvictionFlags: a flag value behind a throwing getter', () => {
    const error = parseEvictionFlags(as(throwingAt('--eviction-soft')))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'invalid-argument', field: '--eviction-soft' });
    expect(error.message).toContain('hostile getter');
  });

  it('parseGoDuration errors carry a code', () => {
    expect(parseGoDuration('!ycm(')._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-duration',
      input: '!ycm(',
    });
    expect(parseGoDuration(as(12))._unsafeUnwrapErr().code).toBe('invalid-duration');
  });
});

describe('loadKubeletConfig: the OS names the kubelet knows', () => {
  it('an OS that is not a string, or unknown, is a typed error (it used to throw or drop the defaults)', () => {
    for (const os of [5, {}, null, 'darwin\0', 'Linux', '__proto__', 'toString', '1Gi\0']) {
      const error = loadKubeletConfig(CONFIG, as({ os }))._unsafeUnwrapErr();
      expect(error).toMatchObject({ code: 'unknown-os', field: 'os' });
      expect(error.message).toMatch(/linux, windows/);
      expect(kubeletDefaults(as({ os }))._unsafeUnwrapErr().code).toBe('unknown-os');
    }
  });

  it('Go GOOS names pick the defaults of the build the kubelet would be', () => {
    const hard = (os: string) => kubeletDefaults(as({ os }))._unsafeUnwrap().settings.evictionHard;
    expect(hard('android')).toEqual(hard('linux'));
    for (const os of ['darwin', 'freebsd', 'illumos', 'other']) {
      expect(hard(os)).toEqual({
        'memory.available': '100Mi',
        'nodefs.available': '10%',
        'imagefs.available': '15%',
      });
    }
    expect(hard('windows')['memory.available']).toBe('500Mi');
  });
});

describe('YAML with collection keys', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is parsed without a process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    loadKubeletConfig('? [a]\n: 1\nkind: KubeletConfiguration\n');
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('observe is total', () => {
  it('reads what is not a Summary as no observations', () => {
    for (const summary of [
      null,
      42,
      'summary',
      {},
      { node: null },
      { node: { memory: null, systemContainers: [null] } },
      { node: { systemContainers: [{ name: 'windows-global-commit-memory', memory: null }] } },
      { node: throwingAt('memory') },
      { node: { memory: throwingAt('availableBytes'), systemContainers: 'pods' } },
      new Proxy({}, { get: boom }),
    ]) {
      const observations = observe(as<Summary>(summary));
      expect(observations).toBeInstanceOf(Map);
      // A null part used to come back as a `null` observation.
      expect(observations.size).toBe(0);
    }
  });

  it('keeps what it can read of a Summary with a bad part', () => {
    const summary = as<Summary>({
      node: {
        nodeName: 'n',
        memory: { availableBytes: 100, workingSetBytes: 50 },
        fs: throwingAt('availableBytes'),
        systemContainers: [
          null,
          7,
          { name: 'pods', memory: { availableBytes: 1, workingSetBytes: 1 } },
        ],
        rlimit: { maxpid: 'many', curproc: 3 },
      },
      pods: [],
    });
    const observations = observe(summary);
    expect([...observations.keys()]).toEqual(['memory.available', 'allocatableMemory.available']);
  });
});

describe('podStatsLookup is total', () => {
  const stats = { podRef: { name: 'a', namespace: 'd', uid: 'u1' } };
  it('finds nothing for a value that is not a pod (it used to throw on undefined)', () => {
    const lookup = podStatsLookup([stats]);
    for (const pod of [
      undefined,
      null,
      42,
      { metadata: throwingAt('uid') },
      { metadata: { uid: 7 } },
    ]) {
      expect(lookup(as(pod))).toBeUndefined();
    }
    expect(lookup({ metadata: { uid: 'u1' } })).toBe(stats);
  });

  it('indexes nothing from a source that is not a Summary or a list, skips bad entries', () => {
    for (const source of [null, 42, { pods: 'x' }, throwingAt('pods')]) {
      expect(podStatsLookup(as(source))({ metadata: { uid: 'u1' } })).toBeUndefined();
    }
    const lookup = podStatsLookup(as([null, 7, { podRef: null }, throwingAt('podRef'), stats]));
    expect(lookup({ metadata: { uid: 'u1' } })).toBe(stats);
  });
});

// A proxy that throws on every read, symbol keys included (Symbol.toPrimitive,
// Symbol.toStringTag): the last resort of displayValue read one and threw.
const everythingThrows = new Proxy(
  {},
  {
    get: boom,
    has: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    getPrototypeOf: boom,
  },
);

describe('a value every read of which throws, symbols included', () => {
  it('displayValue shows a placeholder instead of throwing', () => {
    expect(displayValue(everythingThrows)).toBe(UNREADABLE_VALUE);
  });

  it('parseGoDuration, parseEvictionFlag and parseKubeletFlags answer with an error', () => {
    expect(parseGoDuration(as(everythingThrows)).isErr()).toBe(true);
    expect(parseEvictionFlag(as(everythingThrows), as(everythingThrows)).isErr()).toBe(true);
    expect(parseKubeletFlags(as(everythingThrows)).isErr()).toBe(true);
  });

  it('parseGracePeriods and parseMinimumReclaims: an invalid-argument error naming the field', () => {
    expect(parseGracePeriods(as(everythingThrows))._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-argument',
      field: 'evictionSoftGracePeriod',
    });
    expect(
      parseMinimumReclaims(as(throwingAt('memory.available')))._unsafeUnwrapErr(),
    ).toMatchObject({ code: 'invalid-argument', field: 'evictionMinimumReclaim' });
  });

  it('gateEnabled: a gate name that is not a string is no gate', () => {
    expect(gateEnabled(as(everythingThrows))).toBe(false);
    expect(gateEnabled(as(everythingThrows), { featureGates: {} })).toBe(false);
  });
});
