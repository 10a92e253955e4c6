import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import {
  byDisk,
  byExceedDiskRequests,
  byExceedMemoryRequests,
  byMemory,
  byPriority,
  byProcessCount,
  byQOS,
  orderedBy,
  type PodComparator,
} from '../../src/ranking/comparators';
import type { FsStatsType } from '../../src/ranking/pod-usage';
import { comparatorForSignal, rankForSignal, rankPods } from '../../src/ranking/rank';
import type { RankPlan } from '../../src/ranking/sort-keys';
import type { PodStats } from '../../src/signals/summary';
import {
  defaultPriority,
  highPriority,
  lowPriority,
  names,
  newContainer,
  newPod,
  newPodDiskStats,
  newPodInodeStats,
  newPodMemoryStats,
  newPodProcessStats,
  newResourceList,
  newVolume,
  statsTable,
} from './builders';

// pkg/kubelet/eviction/helpers_test.go, the ordering tests. Each case sorts with upstream's
// comparators (orderedBy(...).sort) and with the precomputed-key ranking on the same plan.

const rootLogsVolumes: FsStatsType[] = ['root', 'logs', 'localVolumeSource'];
const localVolume = () => [newVolume('local-volume', { emptyDir: {} })];

function expectBothOrders(
  input: Pod[],
  expected: Pod[],
  comparators: PodComparator<Pod>[],
  plan: RankPlan,
  statsOf: (pod: Pod) => PodStats | undefined,
) {
  expect(names(orderedBy(...comparators).sort(input))).toEqual(names(expected));
  expect(names(rankPods(plan, input, statsOf))).toEqual(names(expected));
}

describe('helpers_test ordering', () => {
  it('TestOrderedByExceedsRequestMemory', () => {
    const below = newPod('below-requests', -1, [
      newContainer('below-requests', newResourceList('', '200Mi', ''), newResourceList()),
    ]);
    const exceeds = newPod('exceeds-requests', 1, [
      newContainer('exceeds-requests', newResourceList('', '100Mi', ''), newResourceList()),
    ]);
    const statsOf = statsTable([
      [below, newPodMemoryStats(below, '199Mi')], // -1 relative to request
      [exceeds, newPodMemoryStats(exceeds, '101Mi')], // 1 relative to request
    ]);
    expectBothOrders(
      [below, exceeds],
      [exceeds, below],
      [byExceedMemoryRequests(statsOf)],
      { comparators: ['exceedMemoryRequests'], resource: 'memory', fsStatsTypes: [] },
      statsOf,
    );
  });

  it('TestOrderedByExceedsRequestDisk', () => {
    const below = newPod('below-requests', -1, [
      newContainer('below-requests', { 'ephemeral-storage': '200Mi' }, newResourceList()),
    ]);
    const exceeds = newPod('exceeds-requests', 1, [
      newContainer('exceeds-requests', { 'ephemeral-storage': '100Mi' }, newResourceList()),
    ]);
    const statsOf = statsTable([
      [below, newPodDiskStats(below, '100Mi', '99Mi', '0Mi')], // -1 relative to request
      [exceeds, newPodDiskStats(exceeds, '90Mi', '11Mi', '0Mi')], // 1 relative to request
    ]);
    expectBothOrders(
      [below, exceeds],
      [exceeds, below],
      [byExceedDiskRequests(statsOf, rootLogsVolumes, 'ephemeral-storage')],
      {
        comparators: ['exceedDiskRequests'],
        resource: 'ephemeral-storage',
        fsStatsTypes: rootLogsVolumes,
      },
      statsOf,
    );
  });

  it('TestOrderedByPriority', () => {
    const low = newPod('low-priority', -134, [newContainer('low-priority')]);
    const medium = newPod('medium-priority', 1, [
      newContainer(
        'medium-priority',
        newResourceList('100m', '100Mi'),
        newResourceList('200m', '200Mi'),
      ),
    ]);
    const high = newPod('high-priority', 12534, [
      newContainer(
        'high-priority',
        newResourceList('200m', '200Mi'),
        newResourceList('200m', '200Mi'),
      ),
    ]);
    expectBothOrders(
      [high, medium, low],
      [low, medium, high],
      [byPriority],
      { comparators: ['priority'], resource: 'memory', fsStatsTypes: [] },
      () => undefined,
    );
  });

  it('TestOrderedbyDisk', () => {
    const mk = (name: string, req: string, lim: string) =>
      newPod(
        name,
        defaultPriority,
        [newContainer(name, newResourceList('', '', req), newResourceList('', '', lim))],
        localVolume(),
      );
    const pod1 = mk('best-effort-high', '', '');
    const pod2 = mk('best-effort-low', '', '');
    const pod3 = mk('burstable-high', '100Mi', '400Mi');
    const pod4 = mk('burstable-low', '100Mi', '400Mi');
    const pod5 = mk('guaranteed-high', '400Mi', '400Mi');
    const pod6 = mk('guaranteed-low', '400Mi', '400Mi');
    const statsOf = statsTable([
      [pod1, newPodDiskStats(pod1, '50Mi', '100Mi', '150Mi')], // 300Mi - 0 = 300Mi
      [pod2, newPodDiskStats(pod2, '25Mi', '25Mi', '50Mi')], // 100Mi - 0 = 100Mi
      [pod3, newPodDiskStats(pod3, '150Mi', '150Mi', '50Mi')], // 350Mi - 100Mi = 250Mi
      [pod4, newPodDiskStats(pod4, '25Mi', '35Mi', '50Mi')], // 110Mi - 100Mi = 10Mi
      [pod5, newPodDiskStats(pod5, '225Mi', '100Mi', '50Mi')], // 375Mi - 400Mi = -25Mi
      [pod6, newPodDiskStats(pod6, '25Mi', '45Mi', '50Mi')], // 120Mi - 400Mi = -280Mi
    ]);
    expectBothOrders(
      [pod1, pod2, pod3, pod4, pod5, pod6],
      [pod1, pod3, pod2, pod4, pod5, pod6],
      [byDisk(statsOf, rootLogsVolumes, 'ephemeral-storage')],
      { comparators: ['disk'], resource: 'ephemeral-storage', fsStatsTypes: rootLogsVolumes },
      statsOf,
    );
  });

  it('TestOrderedbyInodes', () => {
    const mk = (name: string) => newPod(name, defaultPriority, [newContainer(name)], localVolume());
    const low = mk('low');
    const medium = mk('medium');
    const high = mk('high');
    const statsOf = statsTable([
      [low, newPodInodeStats(low, '50000', '100000', '50000')], // 200000
      [medium, newPodInodeStats(medium, '100000', '150000', '50000')], // 300000
      [high, newPodInodeStats(high, '200000', '150000', '50000')], // 400000
    ]);
    expectBothOrders(
      [low, medium, high],
      [high, medium, low],
      [byDisk(statsOf, rootLogsVolumes, 'inodes')],
      { comparators: ['disk'], resource: 'inodes', fsStatsTypes: rootLogsVolumes },
      statsOf,
    );
  });

  it('TestOrderedByPriorityDisk', () => {
    const mk = (name: string, priority: number, req: string) =>
      newPod(
        name,
        priority,
        [newContainer(name, newResourceList('', '', req), newResourceList())],
        localVolume(),
      );
    const pod1 = mk('above-requests-low-priority-high-usage', lowPriority, '');
    const pod2 = mk('above-requests-low-priority-low-usage', lowPriority, '');
    const pod3 = mk('above-requests-high-priority-high-usage', highPriority, '100Mi');
    const pod4 = mk('above-requests-high-priority-low-usage', highPriority, '100Mi');
    const pod5 = mk('below-requests-low-priority-high-usage', lowPriority, '1Gi');
    const pod6 = mk('below-requests-low-priority-low-usage', lowPriority, '1Gi');
    const pod7 = mk('below-requests-high-priority-high-usage', highPriority, '1Gi');
    const pod8 = mk('below-requests-high-priority-low-usage', highPriority, '1Gi');
    const statsOf = statsTable([
      [pod1, newPodDiskStats(pod1, '200Mi', '100Mi', '200Mi')], // 500 relative to request
      [pod2, newPodDiskStats(pod2, '10Mi', '10Mi', '30Mi')], // 50 relative to request
      [pod3, newPodDiskStats(pod3, '200Mi', '150Mi', '250Mi')], // 500 relative to request
      [pod4, newPodDiskStats(pod4, '90Mi', '50Mi', '10Mi')], // 50 relative to request
      [pod5, newPodDiskStats(pod5, '500Mi', '200Mi', '100Mi')], // -200 relative to request
      [pod6, newPodDiskStats(pod6, '50Mi', '100Mi', '50Mi')], // -800 relative to request
      [pod7, newPodDiskStats(pod7, '250Mi', '500Mi', '50Mi')], // -200 relative to request
      [pod8, newPodDiskStats(pod8, '100Mi', '60Mi', '40Mi')], // -800 relative to request
    ]);
    expectBothOrders(
      [pod8, pod7, pod6, pod5, pod4, pod3, pod2, pod1],
      [pod1, pod2, pod3, pod4, pod5, pod6, pod7, pod8],
      [
        byExceedDiskRequests(statsOf, rootLogsVolumes, 'ephemeral-storage'),
        byPriority,
        byDisk(statsOf, rootLogsVolumes, 'ephemeral-storage'),
      ],
      {
        comparators: ['exceedDiskRequests', 'priority', 'disk'],
        resource: 'ephemeral-storage',
        fsStatsTypes: rootLogsVolumes,
      },
      statsOf,
    );
  });

  it('TestOrderedByPriorityInodes', () => {
    const mk = (name: string, priority: number) =>
      newPod(name, priority, [newContainer(name)], localVolume());
    const pod1 = mk('low-priority-high-usage', lowPriority);
    const pod2 = mk('low-priority-low-usage', lowPriority);
    const pod3 = mk('high-priority-high-usage', highPriority);
    const pod4 = mk('high-priority-low-usage', highPriority);
    const statsOf = statsTable([
      [pod1, newPodInodeStats(pod1, '50000', '100000', '250000')], // 400000
      [pod2, newPodInodeStats(pod2, '60000', '30000', '10000')], // 100000
      [pod3, newPodInodeStats(pod3, '150000', '150000', '50000')], // 350000
      [pod4, newPodInodeStats(pod4, '10000', '40000', '100000')], // 150000
    ]);
    expectBothOrders(
      [pod4, pod3, pod2, pod1],
      [pod1, pod2, pod3, pod4],
      [byPriority, byDisk(statsOf, rootLogsVolumes, 'inodes')],
      { comparators: ['priority', 'disk'], resource: 'inodes', fsStatsTypes: rootLogsVolumes },
      statsOf,
    );
  });

  it('TestOrderedByMemory', () => {
    const mk = (name: string, req: string, lim: string) =>
      newPod(name, defaultPriority, [
        newContainer(name, newResourceList('', req), newResourceList('', lim)),
      ]);
    const pod1 = mk('best-effort-high', '', '');
    const pod2 = mk('best-effort-low', '', '');
    const pod3 = mk('burstable-high', '100Mi', '1Gi');
    const pod4 = mk('burstable-low', '100Mi', '1Gi');
    const pod5 = mk('guaranteed-high', '1Gi', '1Gi');
    const pod6 = mk('guaranteed-low', '1Gi', '1Gi');
    const statsOf = statsTable([
      [pod1, newPodMemoryStats(pod1, '500Mi')], // 500 relative to request
      [pod2, newPodMemoryStats(pod2, '300Mi')], // 300 relative to request
      [pod3, newPodMemoryStats(pod3, '800Mi')], // 700 relative to request
      [pod4, newPodMemoryStats(pod4, '300Mi')], // 200 relative to request
      [pod5, newPodMemoryStats(pod5, '800Mi')], // -200 relative to request
      [pod6, newPodMemoryStats(pod6, '200Mi')], // -800 relative to request
    ]);
    expectBothOrders(
      [pod1, pod2, pod3, pod4, pod5, pod6],
      [pod3, pod1, pod2, pod4, pod5, pod6],
      [byMemory(statsOf)],
      { comparators: ['memory'], resource: 'memory', fsStatsTypes: [] },
      statsOf,
    );
  });

  it('TestOrderedByPriorityMemory', () => {
    const mk = (name: string, priority: number, req: string) =>
      newPod(name, priority, [newContainer(name, newResourceList('', req), newResourceList())]);
    const pod1 = mk('above-requests-low-priority-high-usage', lowPriority, '');
    const pod2 = mk('above-requests-low-priority-low-usage', lowPriority, '');
    const pod3 = mk('above-requests-high-priority-high-usage', highPriority, '100Mi');
    const pod4 = mk('above-requests-high-priority-low-usage', highPriority, '100Mi');
    const pod5 = mk('below-requests-low-priority-high-usage', lowPriority, '1Gi');
    const pod6 = mk('below-requests-low-priority-low-usage', lowPriority, '1Gi');
    const pod7 = mk('below-requests-high-priority-high-usage', highPriority, '1Gi');
    const pod8 = mk('below-requests-high-priority-low-usage', highPriority, '1Gi');
    const statsOf = statsTable([
      [pod1, newPodMemoryStats(pod1, '500Mi')], // 500 relative to request
      [pod2, newPodMemoryStats(pod2, '50Mi')], // 50 relative to request
      [pod3, newPodMemoryStats(pod3, '600Mi')], // 500 relative to request
      [pod4, newPodMemoryStats(pod4, '150Mi')], // 50 relative to request
      [pod5, newPodMemoryStats(pod5, '800Mi')], // -200 relative to request
      [pod6, newPodMemoryStats(pod6, '200Mi')], // -800 relative to request
      [pod7, newPodMemoryStats(pod7, '800Mi')], // -200 relative to request
      [pod8, newPodMemoryStats(pod8, '200Mi')], // -800 relative to request
    ]);
    expectBothOrders(
      [pod8, pod7, pod6, pod5, pod4, pod3, pod2, pod1],
      [pod1, pod2, pod3, pod4, pod5, pod6, pod7, pod8],
      [byExceedMemoryRequests(statsOf), byPriority, byMemory(statsOf)],
      {
        comparators: ['exceedMemoryRequests', 'priority', 'memory'],
        resource: 'memory',
        fsStatsTypes: [],
      },
      statsOf,
    );
  });

  it('TestOrderedByPriorityProcess', () => {
    const pod1 = newPod('low-priority-high-usage', lowPriority);
    const pod2 = newPod('low-priority-low-usage', lowPriority);
    const pod3 = newPod('high-priority-high-usage', highPriority);
    const pod4 = newPod('high-priority-low-usage', highPriority);
    const statsOf = statsTable([
      [pod1, newPodProcessStats(pod1, 20)],
      [pod2, newPodProcessStats(pod2, 6)],
      [pod3, newPodProcessStats(pod3, 20)],
      [pod4, newPodProcessStats(pod4, 5)],
    ]);
    expectBothOrders(
      [pod4, pod3, pod2, pod1],
      [pod1, pod2, pod3, pod4],
      [byPriority, byProcessCount(statsOf)],
      { comparators: ['priority', 'process'], resource: 'pids', fsStatsTypes: [] },
      statsOf,
    );
  });
});

describe('missing stats (helpers.go: "prioritize evicting the pod for which no stats were found")', () => {
  it('every stats comparator puts pods without stats first and ties them with each other', () => {
    const withStats = newPod('with', 0, [newContainer('with')]);
    const without = newPod('without', 0, [newContainer('without')]);
    const other = newPod('other', 0, [newContainer('other')]);
    const statsOf = statsTable([
      [withStats, { ...newPodMemoryStats(withStats, '1Mi'), process_stats: { process_count: 3 } }],
    ]);
    const comparators = [
      byExceedMemoryRequests(statsOf),
      byMemory(statsOf),
      byProcessCount(statsOf),
      byExceedDiskRequests(statsOf, rootLogsVolumes, 'ephemeral-storage'),
      byDisk(statsOf, rootLogsVolumes, 'inodes'),
    ];
    for (const c of comparators) {
      expect(c(without, withStats)).toBeLessThan(0);
      expect(c(withStats, without)).toBeGreaterThan(0);
      expect(c(without, other)).toBe(0);
    }
  });

  it('a stats function that returns null (or any non-object) means "no stats", never a throw', () => {
    const withStats = newPod('with', 0, [newContainer('with')]);
    const nulled = newPod('nulled', 0, [newContainer('nulled')]);
    const junk = newPod('junk', 0, [newContainer('junk')]);
    const stats = newPodMemoryStats(withStats, '1Mi');
    const statsOf = (pod: Pod) =>
      (pod === withStats ? stats : pod === nulled ? null : 42) as unknown as PodStats | undefined;
    const comparators = [
      byExceedMemoryRequests(statsOf),
      byMemory(statsOf),
      byProcessCount(statsOf),
      byExceedDiskRequests(statsOf, rootLogsVolumes, 'ephemeral-storage'),
      byDisk(statsOf, rootLogsVolumes, 'inodes'),
    ];
    for (const c of comparators) {
      expect(c(nulled, withStats)).toBeLessThan(0);
      expect(c(withStats, junk)).toBeGreaterThan(0);
      expect(c(nulled, junk)).toBe(0);
    }
    for (const signal of ['memory.available', 'nodefs.inodesFree', 'pid.available'] as const) {
      const pods = [withStats, nulled, junk];
      const ranked = rankForSignal(signal, pods, statsOf);
      expect(ranked).toEqual(comparatorForSignal(signal, statsOf)!.sort(pods));
      if (signal !== 'pid.available') expect(names(ranked)).toEqual(['nulled', 'junk', 'with']);
    }
  });
});

describe('inode quirks (SEMANTICS §6.2)', () => {
  it('exceedDiskRequests(inodes) compares against a request for "inodes": any inode use exceeds', () => {
    const a = newPod('a', 0, [newContainer('a', { 'ephemeral-storage': '10Gi' })]);
    const b = newPod('b', 0, [newContainer('b', { 'ephemeral-storage': '10Gi' })]);
    const statsOf = statsTable([
      [a, newPodInodeStats(a, '1', '0', '0')],
      [b, newPodInodeStats(b, '0', '0', '0')],
    ]);
    expect(byExceedDiskRequests(statsOf, rootLogsVolumes, 'inodes')(a, b)).toBe(-1);
  });
  it('disk(inodes) subtracts the ephemeral-storage byte request from the inode count', () => {
    const big = newPod('big-request', 0, [
      newContainer('big-request', { 'ephemeral-storage': '1000' }),
    ]);
    const small = newPod('small-request', 0, [newContainer('small-request')]);
    const statsOf = statsTable([
      [big, newPodInodeStats(big, '900', '0', '0')], // 900 − 1000 = −100
      [small, newPodInodeStats(small, '10', '0', '0')], // 10 − 0 = 10
    ]);
    expect(names(orderedBy(byDisk(statsOf, rootLogsVolumes, 'inodes')).sort([big, small]))).toEqual(
      ['small-request', 'big-request'],
    );
    const plan: RankPlan = {
      comparators: ['disk'],
      resource: 'inodes',
      fsStatsTypes: rootLogsVolumes,
    };
    expect(names(rankPods(plan, [big, small], statsOf))).toEqual(['small-request', 'big-request']);
  });
});

describe('byQOS (the early kubelet qosComparator)', () => {
  it('orders BestEffort, Burstable, Guaranteed', () => {
    const g = newPod('g', 0, [
      newContainer('g', newResourceList('1', '1Gi'), newResourceList('1', '1Gi')),
    ]);
    const bu = newPod('bu', 0, [newContainer('bu', newResourceList('1'))]);
    const be = newPod('be', 0, [newContainer('be')]);
    expect(names(orderedBy<Pod>(byQOS).sort([g, bu, be]))).toEqual(['be', 'bu', 'g']);
    expect(byQOS(g, g)).toBe(0);
  });
});

describe('orderedBy', () => {
  it('the first comparator that tells pods apart decides; ties keep input order', () => {
    const a = newPod('a', 1);
    const b = newPod('b', 0);
    const c = newPod('c', 0);
    const sorter = orderedBy<Pod>(byPriority);
    expect(names(sorter.sort([a, b, c]))).toEqual(['b', 'c', 'a']);
    expect(names(sorter.sort([a, c, b]))).toEqual(['c', 'b', 'a']);
    expect(sorter.less(b, a)).toBe(true);
    expect(sorter.less(b, c)).toBe(false);
  });
  it('with no comparators everything ties (upstream would index out of range)', () => {
    const pods = [newPod('x', 1), newPod('y', 0)];
    expect(names(orderedBy<Pod>().sort(pods))).toEqual(['x', 'y']);
  });
  it('sort returns a copy and leaves the input alone', () => {
    const pods = [newPod('x', 1), newPod('y', 0)];
    const sorted = orderedBy<Pod>(byPriority).sort(pods);
    expect(names(pods)).toEqual(['x', 'y']);
    expect(names(sorted)).toEqual(['y', 'x']);
  });
});
