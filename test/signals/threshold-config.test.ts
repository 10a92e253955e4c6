import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SIGNALS } from '../../src/signals/catalogue';
import {
  addAllocatableThresholds,
  parseThresholdConfig,
  type ThresholdConfigInput,
} from '../../src/signals/threshold-config';
import { parsePercentage } from '../../src/signals/threshold-value';
import type { Threshold } from '../../src/signals/types';
import { q } from '../support/quantity';
import {
  describeThresholds,
  pct,
  qty,
  sameThresholdList,
  sameThresholdSet,
  threshold,
} from './threshold-builders';

const grace = 30_000;

interface Case {
  input: ThresholdConfigInput;
  expectErr?: string;
  expect?: Threshold[];
}

// helpers_test.go TestParseThresholdConfig, case for case (map-based version).
const testParseThresholdConfig: Record<string, Case> = {
  'no values': {
    input: {
      allocatableConfig: [],
      evictionHard: {},
      evictionSoft: {},
      evictionSoftGracePeriod: {},
      evictionMinimumReclaim: {},
    },
    expect: [],
  },
  'all memory eviction values': {
    input: {
      allocatableConfig: ['pods'],
      evictionHard: { 'memory.available': '150Mi' },
      evictionSoft: { 'memory.available': '300Mi' },
      evictionSoftGracePeriod: { 'memory.available': '30s' },
      evictionMinimumReclaim: { 'memory.available': '0' },
    },
    expect: [
      threshold('allocatableMemory.available', qty('150Mi'), { minReclaim: qty('0') }),
      threshold('memory.available', qty('150Mi'), { minReclaim: qty('0') }),
      threshold('memory.available', qty('300Mi'), { gracePeriodMs: grace, minReclaim: qty('0') }),
    ],
  },
  'all memory eviction values in percentages': {
    input: {
      allocatableConfig: [],
      evictionHard: { 'memory.available': '10%' },
      evictionSoft: { 'memory.available': '30%' },
      evictionSoftGracePeriod: { 'memory.available': '30s' },
      evictionMinimumReclaim: { 'memory.available': '5%' },
    },
    expect: [
      threshold('memory.available', pct(0.1), { minReclaim: pct(0.05) }),
      threshold('memory.available', pct(0.3), { gracePeriodMs: grace, minReclaim: pct(0.05) }),
    ],
  },
  'disk eviction values': {
    input: {
      allocatableConfig: [],
      evictionHard: { 'imagefs.available': '150Mi', 'nodefs.available': '100Mi' },
      evictionSoft: { 'imagefs.available': '300Mi', 'nodefs.available': '200Mi' },
      evictionSoftGracePeriod: { 'imagefs.available': '30s', 'nodefs.available': '30s' },
      evictionMinimumReclaim: { 'imagefs.available': '2Gi', 'nodefs.available': '1Gi' },
    },
    expect: [
      threshold('imagefs.available', qty('150Mi'), { minReclaim: qty('2Gi') }),
      threshold('nodefs.available', qty('100Mi'), { minReclaim: qty('1Gi') }),
      threshold('imagefs.available', qty('300Mi'), {
        gracePeriodMs: grace,
        minReclaim: qty('2Gi'),
      }),
      threshold('nodefs.available', qty('200Mi'), { gracePeriodMs: grace, minReclaim: qty('1Gi') }),
    ],
  },
  'disk eviction values in percentages': {
    input: {
      allocatableConfig: [],
      evictionHard: { 'imagefs.available': '15%', 'nodefs.available': '10.5%' },
      evictionSoft: { 'imagefs.available': '30%', 'nodefs.available': '20.5%' },
      evictionSoftGracePeriod: { 'imagefs.available': '30s', 'nodefs.available': '30s' },
      evictionMinimumReclaim: { 'imagefs.available': '10%', 'nodefs.available': '5%' },
    },
    expect: [
      threshold('imagefs.available', pct(0.15), { minReclaim: pct(0.1) }),
      threshold('nodefs.available', pct(0.105), { minReclaim: pct(0.05) }),
      threshold('imagefs.available', pct(0.3), { gracePeriodMs: grace, minReclaim: pct(0.1) }),
      threshold('nodefs.available', pct(0.205), { gracePeriodMs: grace, minReclaim: pct(0.05) }),
    ],
  },
  'inode eviction values': {
    input: {
      allocatableConfig: [],
      evictionHard: { 'imagefs.inodesFree': '150Mi', 'nodefs.inodesFree': '100Mi' },
      evictionSoft: { 'imagefs.inodesFree': '300Mi', 'nodefs.inodesFree': '200Mi' },
      evictionSoftGracePeriod: { 'imagefs.inodesFree': '30s', 'nodefs.inodesFree': '30s' },
      evictionMinimumReclaim: { 'imagefs.inodesFree': '2Gi', 'nodefs.inodesFree': '1Gi' },
    },
    expect: [
      threshold('imagefs.inodesFree', qty('150Mi'), { minReclaim: qty('2Gi') }),
      threshold('nodefs.inodesFree', qty('100Mi'), { minReclaim: qty('1Gi') }),
      threshold('imagefs.inodesFree', qty('300Mi'), {
        gracePeriodMs: grace,
        minReclaim: qty('2Gi'),
      }),
      threshold('nodefs.inodesFree', qty('200Mi'), {
        gracePeriodMs: grace,
        minReclaim: qty('1Gi'),
      }),
    ],
  },
  'disable via 0%': {
    input: {
      allocatableConfig: [],
      evictionHard: { 'memory.available': '0%' },
      evictionSoft: { 'memory.available': '0%' },
    },
    expect: [],
  },
  'disable via 100%': {
    input: {
      allocatableConfig: [],
      evictionHard: { 'memory.available': '100%' },
      evictionSoft: { 'memory.available': '100%' },
    },
    expect: [],
  },
  'invalid-signal': {
    input: { evictionHard: { 'mem.available': '150Mi' } },
    expectErr: 'unsupported eviction signal mem.available',
  },
  'hard-signal-negative': {
    input: { evictionHard: { 'memory.available': '-150Mi' } },
    expectErr: `eviction threshold memory.available must be positive: ${q('-150Mi').toString()}`,
  },
  'hard-signal-negative-percentage': {
    input: { evictionHard: { 'memory.available': '-15%' } },
    expectErr: 'eviction percentage threshold memory.available must be >= 0%: -15%',
  },
  'hard-signal-percentage-greater-than-100%': {
    input: { evictionHard: { 'memory.available': '150%' } },
    expectErr: 'eviction percentage threshold memory.available must be <= 100%: 150%',
  },
  'soft-signal-negative': {
    input: { evictionSoft: { 'memory.available': '-150Mi' } },
    expectErr: `eviction threshold memory.available must be positive: ${q('-150Mi').toString()}`,
  },
  'valid-and-invalid-signal': {
    input: { evictionHard: { 'memory.available': '150Mi', 'invalid.foo': '150Mi' } },
    expectErr: 'unsupported eviction signal invalid.foo',
  },
  'soft-no-grace-period': {
    input: { evictionSoft: { 'memory.available': '150Mi' } },
    expectErr: 'grace period must be specified for the soft eviction threshold memory.available',
  },
  'soft-negative-grace-period': {
    input: {
      evictionSoft: { 'memory.available': '150Mi' },
      evictionSoftGracePeriod: { 'memory.available': '-30s' },
    },
    expectErr: 'invalid eviction grace period specified: -30s, must be a positive value',
  },
  'negative-reclaim': {
    input: { evictionMinimumReclaim: { 'memory.available': '-300Mi' } },
    expectErr: 'negative eviction minimum reclaim specified for memory.available',
  },
};

describe('TestParseThresholdConfig', () => {
  for (const [name, c] of Object.entries(testParseThresholdConfig)) {
    it(name, () => {
      const result = parseThresholdConfig(c.input);
      if (c.expectErr !== undefined) {
        expect(result.isErr()).toBe(true);
        expect(result._unsafeUnwrapErr().message).toBe(c.expectErr);
        return;
      }
      const actual = result._unsafeUnwrap();
      // Upstream compares as sets (Go map order); the order is pinned in the next block.
      expect(sameThresholdSet(actual, c.expect ?? []), describeThresholds(actual).join('\n')).toBe(
        true,
      );
    });
  }
});

describe('deterministic order (hard, soft, allocatable copies; keys in SIGNALS order)', () => {
  it('orders by the signal catalogue whatever the insertion order', () => {
    const actual = parseThresholdConfig({
      allocatableConfig: ['pods'],
      evictionHard: {
        'pid.available': '100',
        'imagefs.available': '15%',
        'memory.available': '100Mi',
      },
      evictionSoft: { 'nodefs.available': '20%', 'memory.available': '200Mi' },
      evictionSoftGracePeriod: { 'nodefs.available': '1m', 'memory.available': '2m' },
    })._unsafeUnwrap();
    expect(actual.map((t) => `${t.signal}/${t.gracePeriodMs}`)).toEqual([
      'memory.available/0',
      'imagefs.available/0',
      'pid.available/0',
      'memory.available/120000',
      'nodefs.available/60000',
      'allocatableMemory.available/0',
    ]);
  });

  it('reports the first error in that order', () => {
    const result = parseThresholdConfig({
      evictionHard: { 'zzz.unknown': '1', 'aaa.unknown': '1', 'nodefs.available': 'x%' },
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-percentage',
      key: 'nodefs.available',
    });
    const unknowns = parseThresholdConfig({
      evictionHard: { 'zzz.unknown': '1', 'aaa.unknown': '1' },
    });
    expect(unknowns._unsafeUnwrapErr()).toMatchObject({
      code: 'unsupported-signal',
      key: 'aaa.unknown',
    });
  });

  it('checks hard, then soft, then grace periods, then minimum reclaims (upstream order)', () => {
    const all = {
      evictionHard: { 'memory.available': 'bad' },
      evictionSoft: { 'memory.available': '-1' },
      evictionSoftGracePeriod: { 'memory.available': '-1s' },
      evictionMinimumReclaim: { 'memory.available': '-1' },
    };
    expect(parseThresholdConfig(all)._unsafeUnwrapErr().field).toBe('evictionHard');
    expect(parseThresholdConfig({ ...all, evictionHard: {} })._unsafeUnwrapErr().field).toBe(
      'evictionSoft',
    );
    expect(
      parseThresholdConfig({ ...all, evictionHard: {}, evictionSoft: {} })._unsafeUnwrapErr().field,
    ).toBe('evictionSoftGracePeriod');
    expect(
      parseThresholdConfig({
        evictionMinimumReclaim: all.evictionMinimumReclaim,
        evictionSoft: {},
      })._unsafeUnwrapErr().field,
    ).toBe('evictionMinimumReclaim');
  });
});

// SEMANTICS.md §3.4–§3.9 rules, one case each.
describe('threshold statement rules', () => {
  const hard = (value: string) =>
    parseThresholdConfig({ evictionHard: { 'memory.available': value } });
  const cases: [string, string, string | Threshold[]][] = [
    ['quantity', '100Mi', [threshold('memory.available', qty('100Mi'))]],
    [
      'zero quantity is an error, not a disabler',
      '0',
      `eviction threshold memory.available must be positive: ${q('0').toString()}`,
    ],
    [
      '0.0% is a 0% threshold (textual disable only)',
      '0.0%',
      [threshold('memory.available', pct(0))],
    ],
    ['00% is a 0% threshold', '00%', [threshold('memory.available', pct(0))]],
    ['100.0% is a 100% threshold', '100.0%', [threshold('memory.available', pct(1))]],
    [
      '10.5% is float32(10.5)/100',
      '10.5%',
      [threshold('memory.available', { percentage: Math.fround(Math.fround(10.5) / 100) })],
    ],
    ['all trailing % are stripped', '10%%', [threshold('memory.available', pct(0.1))]],
    ['Go float syntax: exponent', '1e1%', [threshold('memory.available', pct(0.1))]],
    ['Go float syntax: plus sign', '+5%', [threshold('memory.available', pct(0.05))]],
    ['Go float syntax: hexadecimal', '0x1p3%', [threshold('memory.available', pct(0.08))]],
    ['Go float syntax: underscores', '1_0%', [threshold('memory.available', pct(0.1))]],
    [
      '-0% is accepted as a zero threshold',
      '-0%',
      [threshold('memory.available', { percentage: -0 })],
    ],
    [
      'Inf% is above 100%',
      'Inf%',
      'eviction percentage threshold memory.available must be <= 100%: Inf%',
    ],
    [
      '-Inf% is below 0%',
      '-inf%',
      'eviction percentage threshold memory.available must be >= 0%: -inf%',
    ],
    [
      'a leading space fails ParseFloat',
      ' 10%',
      'strconv.ParseFloat: parsing " 10": invalid syntax',
    ],
    ['foo% fails ParseFloat', 'foo%', 'strconv.ParseFloat: parsing "foo": invalid syntax'],
    ['a bare % fails ParseFloat', '%', 'strconv.ParseFloat: parsing "": invalid syntax'],
    [
      'float32 overflow is a range error',
      '1e39%',
      'strconv.ParseFloat: parsing "1e39": value out of range',
    ],
    [
      '100.000001% rounds to 100% in float32',
      '100.000001%',
      [threshold('memory.available', pct(1))],
    ],
    [
      '100.00001% is above 100%',
      '100.00001%',
      'eviction percentage threshold memory.available must be <= 100%: 100.00001%',
    ],
  ];
  for (const [name, value, outcome] of cases) {
    it(`${name} (${JSON.stringify(value)})`, () => {
      const result = hard(value);
      if (typeof outcome === 'string') expect(result._unsafeUnwrapErr().message).toBe(outcome);
      else {
        const actual = result._unsafeUnwrap();
        expect(sameThresholdList(actual, outcome), describeThresholds(actual).join('\n')).toBe(
          true,
        );
      }
    });
  }

  it('NaN% passes both range checks (QUIRK)', () => {
    const actual = hard('NaN%')._unsafeUnwrap();
    expect(actual).toHaveLength(1);
    const value = (actual[0] as Threshold).value as { percentage: number };
    expect(Number.isNaN(value.percentage)).toBe(true);
  });

  it('12%345 is not a percentage and fails as a quantity', () => {
    const error = hard('12%345')._unsafeUnwrapErr();
    expect(error.code).toBe('invalid-quantity');
    expect(error).toMatchObject({
      key: 'memory.available',
      value: '12%345',
      field: 'evictionHard',
    });
  });

  it('memory.available<=1Gi (flag) gives "=1Gi", which is not a quantity', () => {
    expect(hard('=1Gi')._unsafeUnwrapErr().code).toBe('invalid-quantity');
  });

  it('errors carry code, field, key and value', () => {
    expect(hard('150%')._unsafeUnwrapErr()).toMatchObject({
      code: 'percentage-out-of-range',
      bound: 'max',
      field: 'evictionHard',
      key: 'memory.available',
      value: '150%',
    });
  });

  it('signal names are case-sensitive', () => {
    expect(
      parseThresholdConfig({ evictionHard: { 'Memory.available': '1Gi' } })._unsafeUnwrapErr().code,
    ).toBe('unsupported-signal');
  });

  it('containerfs and pid signals are accepted like any other', () => {
    const actual = parseThresholdConfig({
      evictionHard: {
        'containerfs.available': '10%',
        'pid.available': '1000',
        'allocatableMemory.available': '1Gi',
      },
    })._unsafeUnwrap();
    expect(actual.map((t) => t.signal)).toEqual([
      'allocatableMemory.available',
      'containerfs.available',
      'pid.available',
    ]);
  });
});

describe('grace periods', () => {
  const soft = (gracePeriod: string, signal = 'memory.available') =>
    parseThresholdConfig({
      evictionSoft: { 'memory.available': '1Gi' },
      evictionSoftGracePeriod: { [signal]: gracePeriod },
    });
  it('Go duration syntax: 1m30s', () =>
    expect(soft('1m30s')._unsafeUnwrap()[0]?.gracePeriodMs).toBe(90_000));
  it('Go duration syntax: 1.5h', () =>
    expect(soft('1.5h')._unsafeUnwrap()[0]?.gracePeriodMs).toBe(5_400_000));
  it('Go duration syntax: 300ms', () =>
    expect(soft('300ms')._unsafeUnwrap()[0]?.gracePeriodMs).toBe(300));
  it('sub-millisecond grace periods stay fractional (still soft)', () =>
    expect(soft('1ns')._unsafeUnwrap()[0]?.gracePeriodMs).toBe(1e-6));
  it('zero is accepted and the soft threshold acts as a hard one (QUIRK)', () => {
    const actual = soft('0s')._unsafeUnwrap();
    expect(actual[0]?.gracePeriodMs).toBe(0);
  });
  it('a bare number is Go\'s "missing unit" error', () =>
    expect(soft('30')._unsafeUnwrapErr().message).toBe('time: missing unit in duration "30"'));
  it("an unknown unit is Go's error", () =>
    expect(soft('30d')._unsafeUnwrapErr().message).toBe(
      'time: unknown unit "d" in duration "30d"',
    ));
  it('an unknown signal in the grace map is an error even without a soft threshold', () =>
    expect(soft('30s', 'memory.avail')._unsafeUnwrapErr()).toMatchObject({
      code: 'unsupported-signal',
      field: 'evictionSoftGracePeriod',
    }));
  it('a grace period for a signal without a soft threshold is validated and ignored', () => {
    const actual = parseThresholdConfig({
      evictionSoft: { 'memory.available': '1Gi' },
      evictionSoftGracePeriod: { 'memory.available': '1s', 'nodefs.available': '2s' },
    })._unsafeUnwrap();
    expect(actual).toHaveLength(1);
    expect(
      parseThresholdConfig({
        evictionSoftGracePeriod: { 'nodefs.available': 'x' },
      })._unsafeUnwrapErr().code,
    ).toBe('invalid-duration');
  });
});

describe('minimum reclaim', () => {
  const reclaim = (value: string) =>
    parseThresholdConfig({
      evictionHard: { 'memory.available': '1Gi' },
      evictionMinimumReclaim: { 'memory.available': value },
    });
  it('0 is accepted', () => expect(reclaim('0').isOk()).toBe(true));
  it('0% is an error', () =>
    expect(reclaim('0%')._unsafeUnwrapErr().message).toBe(
      'eviction percentage minimum reclaim memory.available must be positive: 0%',
    ));
  it('150% is accepted (no upper bound)', () =>
    expect(reclaim('150%')._unsafeUnwrap()[0]?.minReclaim).toEqual({
      percentage: Math.fround(1.5),
    }));
  it('-300Mi is an error', () =>
    expect(reclaim('-300Mi')._unsafeUnwrapErr().code).toBe('negative-min-reclaim'));
  it("a bad percentage is ParseFloat's error", () =>
    expect(reclaim('x%')._unsafeUnwrapErr().message).toBe(
      'strconv.ParseFloat: parsing "x": invalid syntax',
    ));
  it('applies to hard and soft thresholds of the signal and to allocatable copies', () => {
    const actual = parseThresholdConfig({
      allocatableConfig: ['pods'],
      evictionHard: { 'memory.available': '1Gi', 'nodefs.available': '10%' },
      evictionSoft: { 'memory.available': '2Gi' },
      evictionSoftGracePeriod: { 'memory.available': '1m' },
      evictionMinimumReclaim: { 'memory.available': '500Mi', 'pid.available': '10' },
    })._unsafeUnwrap();
    expect(actual.map((t) => [t.signal, t.minReclaim === undefined])).toEqual([
      ['memory.available', false],
      ['nodefs.available', true],
      ['memory.available', false],
      ['allocatableMemory.available', false],
    ]);
  });
});

// helpers_test.go TestAddAllocatableThresholds.
describe('TestAddAllocatableThresholds', () => {
  const mem = (gracePeriodMs: number, value = '150Mi') =>
    threshold('memory.available', qty(value), { gracePeriodMs, minReclaim: qty('0') });
  const cases: Record<string, [Threshold[], Threshold[]]> = {
    'non-memory-signal': [
      [threshold('imagefs.available', qty('150Mi'), { minReclaim: qty('0') })],
      [threshold('imagefs.available', qty('150Mi'), { minReclaim: qty('0') })],
    ],
    'memory-signal-with-grace': [[mem(10)], [mem(10)]],
    'memory-signal-without-grace': [
      [mem(0)],
      [mem(0), threshold('allocatableMemory.available', qty('150Mi'), { minReclaim: qty('0') })],
    ],
    'memory-signal-without-grace-two-thresholds': [
      [mem(0), mem(0, '200Mi')],
      [
        mem(0),
        mem(0, '200Mi'),
        threshold('allocatableMemory.available', qty('150Mi'), { minReclaim: qty('0') }),
        threshold('allocatableMemory.available', qty('200Mi'), { minReclaim: qty('0') }),
      ],
    ],
  };
  for (const [name, [input, expected]] of Object.entries(cases)) {
    it(name, () => {
      const actual = addAllocatableThresholds(input);
      expect(sameThresholdList(actual, expected), describeThresholds(actual).join('\n')).toBe(true);
    });
  }

  it('only the exact key "pods" enables the copies', () => {
    for (const config of [['Pods'], ['pods '], ['system-reserved'], [], null, undefined]) {
      const actual = parseThresholdConfig({
        evictionHard: { 'memory.available': '1Gi' },
        allocatableConfig: config,
      });
      expect(actual._unsafeUnwrap()).toHaveLength(1);
    }
    const withPods = parseThresholdConfig({
      evictionHard: { 'memory.available': '1Gi' },
      allocatableConfig: ['kube-reserved', 'pods'],
    });
    expect(withPods._unsafeUnwrap()).toHaveLength(2);
  });

  it('a user allocatableMemory.available threshold coexists with the copy', () => {
    const actual = parseThresholdConfig({
      allocatableConfig: ['pods'],
      evictionHard: { 'memory.available': '1Gi', 'allocatableMemory.available': '2Gi' },
    })._unsafeUnwrap();
    expect(actual.map((t) => t.signal)).toEqual([
      'memory.available',
      'allocatableMemory.available',
      'allocatableMemory.available',
    ]);
  });
});

// helpers_test.go TestParsePercentage.
describe('TestParsePercentage', () => {
  const cases: Record<string, number | 'error'> = {
    blah: 'error',
    '25.5%': Math.fround(0.255),
    'foo%': 'error',
    '12%345': 'error',
  };
  for (const [input, expected] of Object.entries(cases)) {
    it(input, () => {
      const result = parsePercentage(input);
      if (expected === 'error') expect(result.isErr()).toBe(true);
      else expect(result._unsafeUnwrap()).toBe(expected);
    });
  }
});

describe('properties', () => {
  const anyString = fc.oneof(
    fc.string(),
    fc.constantFrom(...SIGNALS),
    fc.constantFrom(
      '0%',
      '100%',
      '10%',
      '1Gi',
      '-1',
      'NaN%',
      '1e400%',
      '0x1p-3%',
      '1m30s',
      '-1s',
      '0',
    ),
  );
  const anyMap = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.dictionary(fc.oneof(fc.constantFrom(...SIGNALS), fc.string()), anyString, { maxKeys: 5 }),
  );

  propTest.prop(
    [anyMap, anyMap, anyMap, anyMap, fc.option(fc.array(fc.constantFrom('pods', 'none', 'x')))],
    {
      numRuns: 500,
    },
  )('never throws, whatever the input', (hard, soft, gracePeriods, reclaims, allocatable) => {
    const result = parseThresholdConfig({
      evictionHard: hard,
      evictionSoft: soft,
      evictionSoftGracePeriod: gracePeriods,
      evictionMinimumReclaim: reclaims,
      allocatableConfig: allocatable,
    });
    expect(result.isOk() || typeof result._unsafeUnwrapErr().message === 'string').toBe(true);
  });

  propTest.prop([fc.anything(), fc.anything()], { numRuns: 300 })(
    'never throws on values of the wrong type',
    (hard, reclaims) => {
      const result = parseThresholdConfig({
        evictionHard: hard as Record<string, string>,
        evictionMinimumReclaim: reclaims as Record<string, string>,
      });
      expect(typeof result.isOk()).toBe('boolean');
    },
  );

  const entry = fc.tuple(
    fc.constantFrom(...SIGNALS),
    fc.constantFrom('1Gi', '100Mi', '5%', '10.5%', '0%', '100%', '3'),
  );
  propTest.prop(
    [fc.uniqueArray(entry, { selector: ([k]) => k, maxLength: 9 }), fc.infiniteStream(fc.nat())],
    {
      numRuns: 300,
    },
  )('the result does not depend on map key order', (entries, randoms) => {
    const shuffled: [string, string][] = [...entries];
    const it = randoms[Symbol.iterator]();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = (it.next().value as number) % (i + 1);
      const swap = shuffled[i] as [string, string];
      shuffled[i] = shuffled[j] as [string, string];
      shuffled[j] = swap;
    }
    const grace = Object.fromEntries(entries.map(([k]) => [k, '1m']));
    const a = parseThresholdConfig({
      allocatableConfig: ['pods'],
      evictionHard: Object.fromEntries(entries),
      evictionSoft: Object.fromEntries(entries),
      evictionSoftGracePeriod: grace,
    });
    const b = parseThresholdConfig({
      allocatableConfig: ['pods'],
      evictionHard: Object.fromEntries(shuffled),
      evictionSoft: Object.fromEntries([...shuffled].reverse()),
      evictionSoftGracePeriod: grace,
    });
    expect(sameThresholdList(a._unsafeUnwrap(), b._unsafeUnwrap())).toBe(true);
  });

  propTest.prop([fc.integer({ min: 1, max: 99 })], { numRuns: 100 })(
    'integer percentages are float32(n)/100',
    (n) => {
      const actual = parseThresholdConfig({
        evictionHard: { 'nodefs.available': `${n}%` },
      })._unsafeUnwrap();
      expect(actual[0]?.value).toEqual({ percentage: Math.fround(n / 100) });
    },
  );
});
