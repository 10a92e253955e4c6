import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/signals/quantity';
import type { NodeConditionType, Signal, Threshold } from '../../src/signals/types';
import { taintsForNodeConditions } from '../../src/thresholds/condition-taints';
import {
  getReclaimableThreshold,
  sortByEvictionPriority,
} from '../../src/thresholds/eviction-priority';
import {
  isHardEvictionThreshold,
  thresholdsFirstObservedAt,
  thresholdsMetGracePeriod,
} from '../../src/thresholds/grace-period';
import {
  hasNodeCondition,
  nodeConditions,
  nodeConditionsLastObservedAt,
  nodeConditionsObservedSince,
} from '../../src/thresholds/node-conditions';
import { thresholdsUpdatedStats } from '../../src/thresholds/stale-stats';
import {
  compareThresholdValue,
  hasThreshold,
  mergeThresholds,
  thresholdKey,
} from '../../src/thresholds/threshold-identity';
import { thresholdsMet } from '../../src/thresholds/thresholds-met';
import { MINUTE, obs, observations, th } from './builders';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('TestThresholdsMet', () => {
  const hard = th('memory.available', '1Gi', { minReclaim: '500Mi' });
  const cases: Array<{
    name: string;
    enforce: boolean;
    thresholds: Threshold[];
    obs: ReturnType<typeof observations>;
    want: Threshold[];
  }> = [
    { name: 'empty', enforce: false, thresholds: [], obs: observations({}), want: [] },
    {
      name: 'threshold-met-memory',
      enforce: false,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('500Mi') }),
      want: [hard],
    },
    {
      name: 'threshold-not-met',
      enforce: false,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('2Gi') }),
      want: [],
    },
    {
      name: 'threshold-met-with-min-reclaim',
      enforce: true,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('1.05Gi') }),
      want: [hard],
    },
    {
      name: 'threshold-not-met-with-min-reclaim',
      enforce: true,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('2Gi') }),
      want: [],
    },
    // Beyond upstream's table: the comparison is strict, and unobserved signals are skipped.
    {
      name: 'available equal to threshold is not met',
      enforce: false,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('1Gi') }),
      want: [],
    },
    {
      name: 'available one byte below threshold is met',
      enforce: false,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('1073741823') }),
      want: [hard],
    },
    {
      name: 'min-reclaim is ignored unless enforced',
      enforce: false,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('1.05Gi') }),
      want: [],
    },
    {
      name: 'available equal to threshold + min-reclaim is not met',
      enforce: true,
      thresholds: [hard],
      obs: observations({ 'memory.available': obs('1524Mi') }),
      want: [],
    },
    {
      name: 'no observation for the signal',
      enforce: false,
      thresholds: [hard],
      obs: observations({ 'nodefs.available': obs('1') }),
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(thresholdsMet(c.thresholds, c.obs, c.enforce)).toEqual(c.want);
    });
  }

  it('keeps input order and never matches a non-LessThan operator', () => {
    const a = th('nodefs.available', '10Gi');
    const b = th('memory.available', '10Gi');
    const odd = { ...th('pid.available', '10'), operator: '' as 'LessThan' };
    const o = observations({
      'memory.available': obs('1'),
      'nodefs.available': obs('1'),
      'pid.available': obs('1'),
    });
    expect(thresholdsMet([a, odd, b], o, false)).toEqual([a, b]);
  });

  it('a 0% pid threshold is met only when pid.available is negative', () => {
    const zero = th('pid.available', '0%');
    expect(
      thresholdsMet([zero], observations({ 'pid.available': obs('0', '100') }), false),
    ).toEqual([]);
    expect(
      thresholdsMet([zero], observations({ 'pid.available': obs('-1', '100') }), false),
    ).toEqual([zero]);
  });
});

describe('TestPercentageThresholdsMet', () => {
  const memory = th('memory.available', '20%', { minReclaim: '5%' });
  const disk = th('nodefs.available', '30%');
  const specific = [memory, disk];
  const both = (mem: string, fs?: string) =>
    observations({
      'memory.available': obs(mem, '1000Mi'),
      ...(fs === undefined ? {} : { 'nodefs.available': obs(fs, '1000Gi') }),
    });
  const cases = [
    { name: 'BothMet', enforce: false, obs: both('100Mi', '100Gi'), want: specific },
    { name: 'NoneMet', enforce: false, obs: both('300Mi', '400Gi'), want: [] },
    { name: 'DiskMet', enforce: false, obs: both('300Mi', '100Gi'), want: [disk] },
    { name: 'MemoryMet', enforce: false, obs: both('100Mi', '400Gi'), want: [memory] },
    { name: 'MemoryMetWithMinReclaim', enforce: true, obs: both('225Mi'), want: [memory] },
    { name: 'MemoryNotMetWithMinReclaim', enforce: true, obs: both('300Mi'), want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(thresholdsMet(specific, c.obs, c.enforce)).toEqual(c.want);
    });
  }
});

describe('TestThresholdsUpdatedStats', () => {
  const updated = th('memory.available', '1Gi');
  const t0 = Date.UTC(2016, 0, 1, 0, 0, 0);
  const t1 = Date.UTC(2016, 0, 1, 0, 1, 0);
  const at = (time?: number) => observations({ 'memory.available': obs('1', undefined, time) });
  const cases = [
    { name: 'empty', thresholds: [], obs: observations({}), last: observations({}), want: [] },
    { name: 'no-time', thresholds: [updated], obs: at(), last: observations({}), want: [updated] },
    {
      name: 'no-last-observation',
      thresholds: [updated],
      obs: at(t0),
      last: observations({}),
      want: [updated],
    },
    { name: 'time-machine', thresholds: [updated], obs: at(t0), last: at(t1), want: [] },
    { name: 'same-observation', thresholds: [updated], obs: at(t0), last: at(t0), want: [] },
    { name: 'new-observation', thresholds: [updated], obs: at(t1), last: at(t0), want: [updated] },
    // Beyond upstream's table.
    {
      name: 'no current observation',
      thresholds: [updated],
      obs: observations({}),
      last: at(t0),
      want: [],
    },
    {
      name: 'current without time, last with time',
      thresholds: [updated],
      obs: at(),
      last: at(t1),
      want: [updated],
    },
    { name: 'both without time', thresholds: [updated], obs: at(), last: at(), want: [updated] },
    {
      name: 'last without time (zero time)',
      thresholds: [updated],
      obs: at(t0),
      last: at(),
      want: [updated],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(thresholdsUpdatedStats(c.thresholds, c.obs, c.last)).toEqual(c.want);
    });
  }
});

describe('TestThresholdsFirstObservedAt', () => {
  const hard = th('memory.available', '1Gi');
  const old = NOW - MINUTE;
  const entry = (at: number) => new Map([[thresholdKey(hard), { threshold: hard, at }]]);
  const cases = [
    { name: 'empty', thresholds: [], last: new Map(), want: new Map() },
    { name: 'no-previous-observation', thresholds: [hard], last: new Map(), want: entry(NOW) },
    { name: 'previous-observation', thresholds: [hard], last: entry(old), want: entry(old) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(thresholdsFirstObservedAt(c.thresholds, c.last, NOW)).toEqual(c.want);
    });
  }

  it('drops thresholds that are no longer met', () => {
    const other = th('nodefs.available', '1Gi');
    const previous = new Map([
      [thresholdKey(hard), { at: old }],
      [thresholdKey(other), { at: old }],
    ]);
    expect([...thresholdsFirstObservedAt([other], previous, NOW).values()]).toEqual([
      { threshold: other, at: old },
    ]);
  });
});

describe('TestThresholdsMetGracePeriod', () => {
  const hard = th('memory.available', '1Gi');
  const soft = th('memory.available', '2Gi', { graceMs: MINUTE });
  const observed = (t: Threshold, at: number) => new Map([[thresholdKey(t), { threshold: t, at }]]);
  const cases = [
    { name: 'empty', observedAt: new Map(), want: [] },
    { name: 'hard-threshold-met', observedAt: observed(hard, NOW), want: [hard] },
    { name: 'soft-threshold-not-met', observedAt: observed(soft, NOW), want: [] },
    { name: 'soft-threshold-met', observedAt: observed(soft, NOW - 2 * MINUTE), want: [soft] },
    // Boundary: the grace period is met once exactly that long has elapsed.
    {
      name: 'soft-threshold-exactly-at-grace',
      observedAt: observed(soft, NOW - MINUTE),
      want: [soft],
    },
    { name: 'soft-threshold-1ms-short', observedAt: observed(soft, NOW - MINUTE + 1), want: [] },
    // Upstream skips while now − firstObserved < grace, so after the clock steps back even a
    // hard threshold (grace 0) waits until it catches up.
    { name: 'hard-threshold-clock-went-back', observedAt: observed(hard, NOW + 1), want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(thresholdsMetGracePeriod(c.observedAt, NOW)).toEqual(c.want);
    });
  }

  it('isHardEvictionThreshold: zero grace period', () => {
    expect(isHardEvictionThreshold(hard)).toBe(true);
    expect(isHardEvictionThreshold(soft)).toBe(false);
  });
});

describe('TestNodeConditions', () => {
  const cases: Array<{ name: string; inputs: Threshold[]; want: NodeConditionType[] }> = [
    { name: 'empty-list', inputs: [], want: [] },
    { name: 'memory.available', inputs: [th('memory.available', '1')], want: ['MemoryPressure'] },
    {
      name: 'de-duplicated, first-seen order',
      inputs: [
        th('pid.available', '1'),
        th('nodefs.available', '1'),
        th('allocatableMemory.available', '1'),
        th('imagefs.inodesFree', '1'),
        th('memory.available', '1'),
      ],
      want: ['PIDPressure', 'DiskPressure', 'MemoryPressure'],
    },
    {
      name: 'an unknown signal is ignored',
      inputs: [{ ...th('memory.available', '1'), signal: 'swap.available' as Signal }],
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(nodeConditions(c.inputs)).toEqual(c.want);
    });
  }

  const mapping: Array<[Signal, NodeConditionType]> = [
    ['memory.available', 'MemoryPressure'],
    ['allocatableMemory.available', 'MemoryPressure'],
    ['nodefs.available', 'DiskPressure'],
    ['nodefs.inodesFree', 'DiskPressure'],
    ['imagefs.available', 'DiskPressure'],
    ['imagefs.inodesFree', 'DiskPressure'],
    ['containerfs.available', 'DiskPressure'],
    ['containerfs.inodesFree', 'DiskPressure'],
    ['pid.available', 'PIDPressure'],
  ];
  for (const [signal, condition] of mapping) {
    it(`${signal} → ${condition}`, () => {
      expect(nodeConditions([th(signal, '1')])).toEqual([condition]);
    });
  }

  it('taints that go with the conditions', () => {
    expect(taintsForNodeConditions(['MemoryPressure', 'DiskPressure', 'PIDPressure'])).toEqual([
      { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
    ]);
  });
});

describe('TestNodeConditionsLastObservedAt', () => {
  const old = NOW - MINUTE;
  const cases = [
    {
      name: 'no-previous-observation',
      conditions: ['MemoryPressure'] as NodeConditionType[],
      last: new Map<NodeConditionType, number>(),
      want: new Map([['MemoryPressure', NOW]]),
    },
    {
      name: 'previous-observation',
      conditions: ['MemoryPressure'] as NodeConditionType[],
      last: new Map<NodeConditionType, number>([['MemoryPressure', old]]),
      want: new Map([['MemoryPressure', NOW]]),
    },
    {
      name: 'old-observation',
      conditions: [] as NodeConditionType[],
      last: new Map<NodeConditionType, number>([['MemoryPressure', old]]),
      want: new Map([['MemoryPressure', old]]),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(nodeConditionsLastObservedAt(c.conditions, c.last, NOW)).toEqual(c.want);
    });
  }
});

describe('TestNodeConditionsObservedSince', () => {
  const observedTime = NOW - MINUTE;
  const memory = new Map<NodeConditionType, number>([['MemoryPressure', observedTime]]);
  const cases = [
    { name: 'in-period', observedAt: memory, period: 2 * MINUTE, want: ['MemoryPressure'] },
    { name: 'out-of-period', observedAt: memory, period: 30_000, want: [] },
    // The window is strict: a condition observed exactly one period ago is no longer reported.
    { name: 'exactly-one-period-ago', observedAt: memory, period: MINUTE, want: [] },
    // QUIRK kept: a zero period never reports anything, not even a condition observed now.
    {
      name: 'zero-period',
      observedAt: new Map<NodeConditionType, number>([['MemoryPressure', NOW]]),
      period: 0,
      want: [],
    },
    {
      name: 'canonical order regardless of map order',
      observedAt: new Map<NodeConditionType, number>([
        ['PIDPressure', NOW],
        ['DiskPressure', NOW],
        ['MemoryPressure', NOW],
      ]),
      period: MINUTE,
      want: ['MemoryPressure', 'DiskPressure', 'PIDPressure'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(nodeConditionsObservedSince(c.observedAt, c.period, NOW)).toEqual(c.want);
    });
  }
});

describe('TestHasNodeConditions', () => {
  it('has-condition', () => {
    expect(hasNodeCondition(['Ready', 'DiskPressure', 'MemoryPressure'], 'MemoryPressure')).toBe(
      true,
    );
  });
  it('does-not-have-condition', () => {
    expect(hasNodeCondition(['Ready', 'DiskPressure'], 'MemoryPressure')).toBe(false);
  });
});

describe('TestCompareThresholdValue', () => {
  const n = (v: number) => ({ quantity: Quantity.fromBigInt(v, 'BinarySI') });
  const cases = [
    { a: n(123), b: n(123), equal: true },
    { a: n(123), b: n(456), equal: false },
    { a: n(123), b: { percentage: 0.1 }, equal: false },
    { a: { percentage: 0.1 }, b: { percentage: 0.1 }, equal: true },
    { a: { percentage: 0.2 }, b: { percentage: 0.1 }, equal: false },
    // Beyond upstream's table: equal values in different spellings / formats are equal.
    { a: { quantity: Quantity.fromBigInt(1024 ** 3, 'DecimalSI') }, b: n(1024 ** 3), equal: true },
  ];
  cases.forEach((c, i) => {
    it(`case ${i}`, () => {
      expect(compareThresholdValue(c.a, c.b)).toBe(c.equal);
      expect(compareThresholdValue(c.b, c.a)).toBe(c.equal);
    });
  });
});

describe('hasThreshold / mergeThresholds', () => {
  const a = th('memory.available', '1Gi', { minReclaim: '500Mi' });
  it('min-reclaim is not compared', () => {
    expect(hasThreshold([a], th('memory.available', '1Gi'))).toBe(true);
  });
  it('grace period, signal and value are', () => {
    expect(hasThreshold([a], th('memory.available', '1Gi', { graceMs: 1 }))).toBe(false);
    expect(hasThreshold([a], th('allocatableMemory.available', '1Gi'))).toBe(false);
    expect(hasThreshold([a], th('memory.available', '2Gi'))).toBe(false);
    expect(hasThreshold([], a)).toBe(false);
  });
  it('merge keeps a, then appends what b adds', () => {
    const b1 = th('nodefs.available', '1Gi');
    const aCopy = th('memory.available', '1Gi');
    expect(mergeThresholds([a], [aCopy, b1])).toEqual([a, b1]);
    expect(mergeThresholds([], [b1, b1])).toEqual([b1]);
    // Duplicates already inside `a` are kept, as upstream.
    expect(mergeThresholds([b1, b1], [])).toEqual([b1, b1]);
  });
});

describe('thresholdKey', () => {
  it('identifies by value, not spelling', () => {
    expect(thresholdKey(th('memory.available', '1Gi'))).toBe(
      thresholdKey(th('memory.available', '1073741824')),
    );
  });
  it('distinguishes grace, min-reclaim, value kind and signal', () => {
    const keys = new Set(
      [
        th('memory.available', '1Gi'),
        th('memory.available', '1Gi', { graceMs: 1 }),
        th('memory.available', '1Gi', { minReclaim: '1' }),
        th('memory.available', '10%'),
        th('allocatableMemory.available', '1Gi'),
      ].map(thresholdKey),
    );
    expect(keys.size).toBe(5);
  });
});

describe('TestSortByEvictionPriority', () => {
  const s = (signal: Signal) => th(signal, '1');
  const cases: Array<{ name: string; thresholds: Threshold[]; want: Signal[] }> = [
    { name: 'empty threshold list', thresholds: [], want: [] },
    {
      name: 'memory first',
      thresholds: [s('nodefs.available'), s('pid.available'), s('memory.available')],
      want: ['memory.available', 'nodefs.available', 'pid.available'],
    },
    {
      name: 'allocatable memory first',
      thresholds: [s('nodefs.available'), s('pid.available'), s('allocatableMemory.available')],
      want: ['allocatableMemory.available', 'nodefs.available', 'pid.available'],
    },
    // evictkit's deterministic rule: each group keeps input order (upstream: unspecified).
    {
      name: 'memory signals keep input order',
      thresholds: [s('imagefs.available'), s('memory.available'), s('allocatableMemory.available')],
      want: ['memory.available', 'allocatableMemory.available', 'imagefs.available'],
    },
    {
      name: 'non-memory signals keep input order',
      thresholds: [
        s('pid.available'),
        s('containerfs.inodesFree'),
        s('nodefs.available'),
        s('imagefs.available'),
      ],
      want: ['pid.available', 'containerfs.inodesFree', 'nodefs.available', 'imagefs.available'],
    },
    {
      name: 'a signal without resource goes last',
      thresholds: [{ ...s('pid.available'), signal: 'bogus' as Signal }, s('nodefs.available')],
      want: ['nodefs.available', 'bogus' as Signal],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const input = [...c.thresholds];
      expect(sortByEvictionPriority(c.thresholds).map((t) => t.signal)).toEqual(c.want);
      expect(c.thresholds).toEqual(input); // not sorted in place
    });
  }
});

describe('TestGetReclaimableThreshold', () => {
  it('finds a reclaimable threshold after sorting a mixed list', () => {
    const thresholds = [
      th('allocatableMemory.available', '150Mi', { minReclaim: '0' }),
      th('memory.available', '150Mi', { minReclaim: '0' }),
      th('imagefs.available', '150Mi', { minReclaim: '2Gi' }),
      th('nodefs.available', '100Mi', { minReclaim: '1Gi' }),
      th('containerfs.available', '100Mi', { minReclaim: '1Gi' }),
    ];
    const found = getReclaimableThreshold(sortByEvictionPriority(thresholds));
    expect(found).toEqual({ threshold: thresholds[0], resource: 'memory' });
  });

  it('nothing for an empty list or unknown signals', () => {
    expect(getReclaimableThreshold([])).toBeUndefined();
    expect(
      getReclaimableThreshold([{ ...th('pid.available', '1'), signal: 'x' as Signal }]),
    ).toBeUndefined();
  });

  const resources: Array<[Signal, string]> = [
    ['memory.available', 'memory'],
    ['allocatableMemory.available', 'memory'],
    ['nodefs.available', 'ephemeral-storage'],
    ['nodefs.inodesFree', 'inodes'],
    ['imagefs.available', 'ephemeral-storage'],
    ['imagefs.inodesFree', 'inodes'],
    ['containerfs.available', 'ephemeral-storage'],
    ['containerfs.inodesFree', 'inodes'],
    ['pid.available', 'pids'],
  ];
  for (const [signal, resource] of resources) {
    it(`${signal} reclaims ${resource}`, () => {
      expect(getReclaimableThreshold([th(signal, '1')])?.resource).toBe(resource);
    });
  }
});
