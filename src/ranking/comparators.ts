import type { FeatureGateOptions } from '../pods/feature-gates';
import { type PodLike, readPod } from '../pods/pod';
import { podPriority } from '../pods/pod-kinds';
import { getResourceRequestQuantity } from '../pods/pod-requests';
import { type QOSClass, qosClass } from '../pods/qos';
import type { PodStats } from '../signals/summary';
import {
  type DiskResource,
  type FsStatsType,
  foundStats,
  type PodStatsOf,
  podDiskUsageQuantity,
  podProcessCount,
  podWorkingSet,
  statsFunction,
} from './pod-usage';

// The eviction ranking's comparators, written the straightforward way (helpers.go): each call
// looks the stats up and recomputes usage and requests, exactly as upstream does. `rankForSignal`
// sorts on precomputed keys instead; the property tests hold the two to the same order.
//
// A comparator returns < 0 when `a` should be evicted before `b`, > 0 when after, 0 when it
// cannot tell.

export type PodComparator<P> = (a: P, b: P) => number;

/** `cmpBool`: `true` sorts first. */
export function cmpBool(a: boolean, b: boolean): number {
  if (a === b) return 0;
  return a ? -1 : 1;
}

/**
 * Shared head of every stats comparator: a pod without stats sorts before a pod with stats
 * ("prioritize evicting the pod for which no stats were found"); two pods without stats tie.
 */
function withStats<P extends PodLike>(
  statsOf: PodStatsOf<P>,
  compare: (a: P, sa: PodStats, b: P, sb: PodStats) => number,
): PodComparator<P> {
  const lookup = statsFunction(statsOf);
  return (a, b) => {
    const sa = foundStats(lookup(a));
    const sb = foundStats(lookup(b));
    if (sa === undefined || sb === undefined) return cmpBool(sa === undefined, sb === undefined);
    return compare(a, sa, b, sb);
  };
}

/** `priority`: lower `spec.priority` (unset = 0) first. */
export function byPriority<P extends PodLike>(a: P, b: P): number {
  const pa = podPriority(a);
  const pb = podPriority(b);
  return pa === pb ? 0 : pa > pb ? 1 : -1;
}

const QOS_RANK: Record<QOSClass, number> = { BestEffort: 0, Burstable: 1, Guaranteed: 2 };

/**
 * `qosComparator`: BestEffort before Burstable before Guaranteed. Early kubelets (2017 source)
 * ranked memory and disk pressure by QoS, then usage; priority and usage above requests replaced
 * it and no current rank function uses it. Kept for callers who want that policy.
 */
export function byQOS<P extends PodLike>(a: P, b: P, options?: FeatureGateOptions): number {
  return QOS_RANK[qosClass(a, options)] - QOS_RANK[qosClass(b, options)];
}

/** `exceedMemoryRequests`: pods whose working set is above their memory request first. */
export function byExceedMemoryRequests<P extends PodLike>(
  statsOf: PodStatsOf<P>,
  options?: FeatureGateOptions,
): PodComparator<P> {
  return withStats(statsOf, (a, sa, b, sb) => {
    const exceeds = (pod: P, stats: PodStats) =>
      podWorkingSet(stats).cmp(getResourceRequestQuantity(pod, 'memory', options)) === 1;
    return cmpBool(exceeds(a, sa), exceeds(b, sb));
  });
}

/** `memory`: the larger working set above the memory request (may be negative) first. */
export function byMemory<P extends PodLike>(
  statsOf: PodStatsOf<P>,
  options?: FeatureGateOptions,
): PodComparator<P> {
  return withStats(statsOf, (a, sa, b, sb) => {
    const excess = (pod: P, stats: PodStats) =>
      podWorkingSet(stats).sub(getResourceRequestQuantity(pod, 'memory', options));
    return excess(b, sb).cmp(excess(a, sa));
  });
}

/**
 * `process`: the larger process count first. Upstream subtracts unsigned counts and reads the
 * difference as signed, which gives the right sign for any count below 2^63.
 */
export function byProcessCount<P extends PodLike>(statsOf: PodStatsOf<P>): PodComparator<P> {
  return withStats(statsOf, (_a, sa, _b, sb) => {
    const d = podProcessCount(sb) - podProcessCount(sa);
    return d === 0n ? 0 : d > 0n ? 1 : -1;
  });
}

/**
 * `exceedDiskRequests`: pods whose usage of `resource` over the chosen filesystem statistics is
 * above their request for that same resource first.
 * QUIRK (upstream): for `inodes` the request is for a resource named `inodes`, which pods do not
 * set, so any pod using an inode "exceeds".
 */
export function byExceedDiskRequests<P extends PodLike>(
  statsOf: PodStatsOf<P>,
  fsStatsTypes: readonly FsStatsType[],
  resource: DiskResource,
  options?: FeatureGateOptions,
): PodComparator<P> {
  return withStats(statsOf, (a, sa, b, sb) => {
    const exceeds = (pod: P, stats: PodStats) =>
      podDiskUsageQuantity(stats, readPod(pod), fsStatsTypes, resource).cmp(
        getResourceRequestQuantity(pod, resource, options),
      ) === 1;
    return cmpBool(exceeds(a, sa), exceeds(b, sb));
  });
}

/**
 * `disk`: the larger usage of `resource` above the ephemeral-storage request first.
 * QUIRK (upstream): for `inodes` the byte request is subtracted from an inode count.
 */
export function byDisk<P extends PodLike>(
  statsOf: PodStatsOf<P>,
  fsStatsTypes: readonly FsStatsType[],
  resource: DiskResource,
  options?: FeatureGateOptions,
): PodComparator<P> {
  return withStats(statsOf, (a, sa, b, sb) => {
    const excess = (pod: P, stats: PodStats) =>
      podDiskUsageQuantity(stats, readPod(pod), fsStatsTypes, resource).sub(
        getResourceRequestQuantity(pod, 'ephemeral-storage', options),
      );
    return excess(b, sb).cmp(excess(a, sa));
  });
}

/** A combined comparator that can also sort. */
export interface MultiSorter<P> extends PodComparator<P> {
  /** `multiSorter.Less`: `a` goes before `b`. */
  less(a: P, b: P): boolean;
  /** A sorted copy of `pods`; ties keep their input order (stable). */
  sort(pods: readonly P[]): P[];
}

/**
 * `orderedBy(c1, …, cn)`: the first comparator that tells two pods apart decides; the last one
 * has the final word. Upstream sorts in place with Go's unstable `sort.Sort`; this sorts a copy,
 * stably, so pods every comparator ties keep their input order.
 */
export function orderedBy<P>(...comparators: ReadonlyArray<PodComparator<P>>): MultiSorter<P> {
  const compare = (a: P, b: P): number => {
    for (const c of comparators) {
      const result = c(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
  return Object.assign(compare, {
    less: (a: P, b: P) => compare(a, b) < 0,
    sort: (pods: readonly P[]) => [...pods].sort(compare),
  });
}
