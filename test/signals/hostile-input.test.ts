import { fc, test as propTest } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGNALS } from '../../src/signals/catalogue';
import { parseEvictionFlag, parseEvictionFlags } from '../../src/signals/eviction-flag';
import { parseGoDuration } from '../../src/signals/go-duration';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { parseKubeletFlags, splitCommandLine } from '../../src/signals/kubelet-flags';
import { parseQuantity } from '../../src/signals/quantity';
import { parseSummary } from '../../src/signals/summary';
import {
  parseGracePeriods,
  parseMinimumReclaims,
  parseThresholdConfig,
} from '../../src/signals/threshold-config';
import {
  parseMinimumReclaim,
  parsePercentage,
  parseThresholdStatement,
} from '../../src/signals/threshold-value';

// "Nothing in the library throws on any input": every public parser of evictkit/signals is fed
// values no type would allow — null-prototype objects, symbols, bigints, boxed values, objects
// whose keys are `__proto__` / `constructor` / signal names — and must answer with a Result.

const keys = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'),
  fc.constantFrom(...SIGNALS),
);
const hostile = fc.anything({
  key: keys,
  maxDepth: 2,
  withNullPrototype: true,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});
/** Maps whose values may be anything (a string, a null-prototype object, a symbol, ...). */
const hostileMap = fc.oneof(
  hostile,
  fc.dictionary(keys, fc.oneof(hostile, fc.constantFrom('1Gi', '10%', '1m', '0%')), {
    maxKeys: 4,
  }),
);

type Parser = (value: unknown) => { isOk(): boolean; isErr(): boolean };
const as = <T>(value: unknown) => value as T;

const parsers: Record<string, Parser> = {
  parseQuantity: (v) => parseQuantity(as(v)),
  parsePercentage: (v) => parsePercentage(as(v)),
  'parseThresholdStatement(key)': (v) => parseThresholdStatement(as(v), '1Gi'),
  'parseThresholdStatement(value)': (v) => parseThresholdStatement('memory.available', as(v)),
  'parseMinimumReclaim(key)': (v) => parseMinimumReclaim(as(v), '1Gi'),
  'parseMinimumReclaim(value)': (v) => parseMinimumReclaim('nodefs.available', as(v)),
  parseGracePeriods: (v) => parseGracePeriods(as(v)),
  parseMinimumReclaims: (v) => parseMinimumReclaims(as(v)),
  parseThresholdConfig: (v) => parseThresholdConfig(as(v)),
  'parseThresholdConfig(maps)': (v) =>
    parseThresholdConfig({
      evictionHard: as(v),
      evictionSoft: as(v),
      evictionSoftGracePeriod: as(v),
      evictionMinimumReclaim: as(v),
      allocatableConfig: as(v),
    }),
  parseEvictionFlag: (v) => parseEvictionFlag(as(v)),
  'parseEvictionFlag(flag)': (v) => parseEvictionFlag('memory.available<1Gi', as(v)),
  parseEvictionFlags: (v) => parseEvictionFlags(as(v)),
  'parseEvictionFlags(value)': (v) => parseEvictionFlags({ '--eviction-soft': as(v) }),
  parseKubeletFlags: (v) => parseKubeletFlags(as(v)),
  'parseKubeletFlags([word])': (v) => parseKubeletFlags(['--eviction-hard', as(v)]),
  splitCommandLine: (v) => splitCommandLine(as(v)),
  parseGoDuration: (v) => parseGoDuration(as(v)),
  loadKubeletConfig: (v) => loadKubeletConfig(as(v)),
  'loadKubeletConfig(options)': (v) => loadKubeletConfig('{"kubeletconfig": {}}', as(v)),
  'loadKubeletConfig(flags)': (v) => loadKubeletConfig('{"kubeletconfig": {}}', { flags: as(v) }),
  kubeletDefaults: (v) => kubeletDefaults(as(v)),
  parseSummary: (v) => parseSummary(v),
};

describe('no parser throws on values of any type', () => {
  afterAll(() => {
    // Nothing may have written through a `__proto__` key into Object.prototype.
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  for (const [name, parse] of Object.entries(parsers)) {
    propTest.prop([hostileMap], { numRuns: 200 })(name, (value) => {
      const result = parse(value);
      expect(result.isOk() !== result.isErr()).toBe(true);
    });
  }

  it('the values that used to throw', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    for (const value of [bare, Symbol('s'), 1n, { toString: 1, valueOf: 1 }]) {
      for (const parse of Object.values(parsers)) expect(() => parse(value)).not.toThrow();
      expect(() =>
        parseThresholdConfig({ evictionHard: { x: as(value), 'memory.available': as(value) } }),
      ).not.toThrow();
    }
    // A bare string is not a list: 'pods'.includes('pods') must not enable allocatable copies.
    const thresholds = parseThresholdConfig({
      evictionHard: { 'memory.available': '1Gi' },
      allocatableConfig: as('pods'),
    })._unsafeUnwrap();
    expect(thresholds.map((t) => t.signal)).toEqual(['memory.available']);
  });
});

describe('prototype-polluting keys are ordinary keys', () => {
  const polluting = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  for (const key of polluting) {
    it(`${key} in a map is an unknown signal, in every map`, () => {
      const map = Object.defineProperty({}, key, { value: '1Gi', enumerable: true });
      for (const field of [
        'evictionHard',
        'evictionSoft',
        'evictionSoftGracePeriod',
        'evictionMinimumReclaim',
      ] as const) {
        expect(parseThresholdConfig({ [field]: map })._unsafeUnwrapErr()).toMatchObject({
          code: 'unsupported-signal',
          field,
          key,
        });
      }
    });

    it(`${key} survives YAML, JSON and flags on its way to the threshold parser`, () => {
      const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
      const texts = [
        `${header}evictionHard:\n  ${key}: 1Gi\n`,
        JSON.stringify({
          apiVersion: 'kubelet.config.k8s.io/v1beta1',
          kind: 'KubeletConfiguration',
          evictionHard: JSON.parse(`{${JSON.stringify(key)}: "1Gi"}`),
        }),
      ];
      for (const text of texts) {
        expect(loadKubeletConfig(text)._unsafeUnwrapErr()).toMatchObject({
          code: 'unsupported-signal',
          key,
        });
      }
      expect(
        kubeletDefaults({ flags: `--eviction-soft-grace-period=${key}=1m` })._unsafeUnwrapErr(),
      ).toMatchObject({ code: 'unsupported-signal', key });
    });
  }

  propTest.prop(
    [fc.dictionary(fc.constantFrom(...polluting, ...SIGNALS), fc.string(), { maxKeys: 5 })],
    { numRuns: 300 },
  )('JSON documents with such keys never throw and never pollute', (map) => {
    const text = `{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","evictionHard":${JSON.stringify(map)}}`;
    const result = loadKubeletConfig(text);
    const keysGiven = Object.keys(JSON.parse(text).evictionHard);
    if (keysGiven.some((k) => polluting.includes(k))) expect(result.isErr()).toBe(true);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
