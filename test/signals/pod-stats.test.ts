import { describe, expect, it } from 'vitest';
import {
  diskUsage,
  inodeUsage,
  memoryUsage,
  podMemoryUsage,
  podProcessUsage,
  podStatsLookup,
  processUsage,
} from '../../src/signals/pod-stats';
import type { PodStats } from '../../src/signals/summary';

const stats = (uid: string, workingSetBytes?: number): PodStats => ({
  podRef: { name: uid, namespace: 'ns', uid },
  ...(workingSetBytes === undefined ? {} : { memory: { workingSetBytes } }),
});

describe('podStatsLookup (cachedStatsFunc)', () => {
  it('keys by podRef.uid; the last duplicate wins', () => {
    const lookup = podStatsLookup([stats('a', 1), stats('b', 2), stats('a', 3)]);
    expect(lookup({ metadata: { uid: 'a' } })?.memory?.workingSetBytes).toBe(3);
    expect(lookup({ metadata: { uid: 'b' } })?.memory?.workingSetBytes).toBe(2);
    expect(lookup({ metadata: { uid: 'c' } })).toBeUndefined();
  });

  it('accepts a whole Summary', () => {
    const lookup = podStatsLookup({ node: { nodeName: 'n' }, pods: [stats('x', 9)] });
    expect(lookup({ metadata: { uid: 'x' } })?.memory?.workingSetBytes).toBe(9);
  });

  it('a pod without a UID looks up the empty UID (as a Go zero value would)', () => {
    const lookup = podStatsLookup([stats('', 4)]);
    expect(lookup({})?.memory?.workingSetBytes).toBe(4);
    expect(podStatsLookup([stats('a', 1)])({ metadata: {} })).toBeUndefined();
  });
});

describe('per-pod usage helpers', () => {
  const table = [
    {
      name: 'memoryUsage present',
      got: memoryUsage({ workingSetBytes: 2048 }),
      value: 2048n,
      format: 'BinarySI',
    },
    {
      name: 'memoryUsage no field',
      got: memoryUsage({ usageBytes: 5 }),
      value: 0n,
      format: 'BinarySI',
    },
    { name: 'memoryUsage no stats', got: memoryUsage(undefined), value: 0n, format: 'BinarySI' },
    {
      name: 'processUsage present',
      got: processUsage({ process_count: 7 }),
      value: 7n,
      format: 'DecimalSI',
    },
    { name: 'processUsage no field', got: processUsage({}), value: 0n, format: 'DecimalSI' },
    { name: 'processUsage no stats', got: processUsage(undefined), value: 0n, format: 'DecimalSI' },
    {
      name: 'diskUsage present',
      got: diskUsage({ usedBytes: 100 }),
      value: 100n,
      format: 'BinarySI',
    },
    {
      name: 'diskUsage no field',
      got: diskUsage({ inodesUsed: 3 }),
      value: 0n,
      format: 'BinarySI',
    },
    { name: 'diskUsage no stats', got: diskUsage(undefined), value: 0n, format: 'BinarySI' },
    {
      name: 'inodeUsage present',
      got: inodeUsage({ inodesUsed: 3 }),
      value: 3n,
      format: 'DecimalSI',
    },
    {
      name: 'inodeUsage no field',
      got: inodeUsage({ usedBytes: 1 }),
      value: 0n,
      format: 'DecimalSI',
    },
    { name: 'inodeUsage no stats', got: inodeUsage(undefined), value: 0n, format: 'DecimalSI' },
  ] as const;
  for (const c of table) {
    it(c.name, () => {
      expect(c.got.value()).toBe(c.value);
      expect(c.got.format).toBe(c.format);
    });
  }

  it('pod-level shorthands', () => {
    const s: PodStats = { ...stats('p', 77), process_stats: { process_count: 4 } };
    expect(podMemoryUsage(s).value()).toBe(77n);
    expect(podProcessUsage(s).value()).toBe(4n);
    expect(podProcessUsage(stats('q')).value()).toBe(0n);
  });
});
