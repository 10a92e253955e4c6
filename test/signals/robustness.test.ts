import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGoDuration } from '../../src/signals/go-duration';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { observe } from '../../src/signals/observe';
import { parseSummary, type Summary } from '../../src/signals/summary';
import { parseThresholdConfig } from '../../src/signals/threshold-config';

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
      { node: throwingAt('memory') },
      { node: { memory: throwingAt('availableBytes'), systemContainers: 'pods' } },
      new Proxy({}, { get: boom }),
    ]) {
      const observations = observe(as<Summary>(summary));
      expect(observations).toBeInstanceOf(Map);
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
