import type { FeatureGateOptions } from '../pods/feature-gates';
import { readPod } from '../pods/pod';
import { requestQuantityOf } from '../pods/pod-requests';
import { Quantity } from '../signals/quantity';
import {
  type DiskResource,
  type FsStatsType,
  foundStats,
  type PodStatsOf,
  podDiskUsage,
  podMemoryBytes,
  podProcessCount,
} from './pod-usage';

// Ranking on precomputed keys: each pod's usage, request and priority are computed once, then
// the sort compares plain numbers and bigints. The comparisons mirror the comparators of
// comparators.ts one for one (same names, same missing-stats rule, same tie behaviour).

/** The upstream name of each comparator a rank function can use. */
export type ComparatorName =
  | 'exceedMemoryRequests'
  | 'priority'
  | 'memory'
  | 'process'
  | 'exceedDiskRequests'
  | 'disk';

/** What a rank function measures and the comparators it applies, in order. */
export interface RankPlan {
  readonly comparators: readonly ComparatorName[];
  /** The resource whose usage is measured (`pids` = process count). */
  readonly resource: 'memory' | 'pids' | DiskResource;
  /** For disk plans, the filesystem statistics that make up usage; empty otherwise. */
  readonly fsStatsTypes: readonly FsStatsType[];
}

/** Everything the comparators look at for one pod, computed once. */
export interface PodSortKey<P> {
  readonly pod: P;
  /** Position in the input; the final tie-break. */
  readonly index: number;
  /** Whether the stats function found stats for the pod. */
  readonly hasStats: boolean;
  /** `spec.priority`, 0 when unset. */
  readonly priority: number;
  /** Bytes, inodes or processes, per the plan (0 without stats). */
  readonly usage: bigint;
  /** The request `usage` is checked against for "exceeds requests" (zero for PID plans). */
  readonly request: Quantity;
  /** `usage > request` (never true without stats). */
  readonly exceedsRequest: boolean;
  /** The request subtracted from usage to rank by excess: memory, or ephemeral-storage for disk. */
  readonly excessRequest: Quantity;
  /** `usage − excessRequest` in units of 10⁻⁹. */
  readonly excessNano: bigint;
}

const NANO = 1_000_000_000n;
const ZERO = Quantity.zero();

/** Sort keys for `pods`, in input order. Reads each pod and its stats exactly once. */
export function computeSortKeys<P>(
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  plan: RankPlan,
  options?: FeatureGateOptions,
): PodSortKey<P>[] {
  return pods.map((pod, index) => {
    const view = readPod(pod);
    const stats = foundStats(statsOf(pod));
    const priority = view.priority ?? 0;
    if (plan.resource === 'pids') {
      const usage = stats === undefined ? 0n : podProcessCount(stats);
      return keyOf(pod, index, stats !== undefined, priority, usage, ZERO, ZERO);
    }
    const request = requestQuantityOf(view, plan.resource, options);
    let usage = 0n;
    let excessRequest = request;
    if (plan.resource === 'memory') {
      if (stats !== undefined) usage = podMemoryBytes(stats);
    } else {
      if (stats !== undefined) usage = podDiskUsage(stats, view, plan.fsStatsTypes)[plan.resource];
      excessRequest =
        plan.resource === 'ephemeral-storage'
          ? request
          : requestQuantityOf(view, 'ephemeral-storage', options);
    }
    return keyOf(pod, index, stats !== undefined, priority, usage, request, excessRequest);
  });
}

function keyOf<P>(
  pod: P,
  index: number,
  hasStats: boolean,
  priority: number,
  usage: bigint,
  request: Quantity,
  excessRequest: Quantity,
): PodSortKey<P> {
  return {
    pod,
    index,
    hasStats,
    priority,
    usage,
    request,
    exceedsRequest: hasStats && Quantity.fromBigInt(usage).cmp(request) === 1,
    excessRequest,
    // Exact for every quantity Kubernetes parses: its parser rounds values up to nano units.
    excessNano: usage * NANO - excessRequest.scaledValue(-9),
  };
}

const sign = (d: bigint | number): number => (d > 0 ? 1 : d < 0 ? -1 : 0);

type KeyCompare = (a: PodSortKey<unknown>, b: PodSortKey<unknown>) => number;

/** `cmpBool(!a.hasStats, !b.hasStats)` when either lacks stats, else `then(a, b)`. */
const statsFirst =
  (then: KeyCompare): KeyCompare =>
  (a, b) => {
    if (!a.hasStats || !b.hasStats) return a.hasStats === b.hasStats ? 0 : a.hasStats ? 1 : -1;
    return then(a, b);
  };

const exceeds: KeyCompare = statsFirst((a, b) =>
  a.exceedsRequest === b.exceedsRequest ? 0 : a.exceedsRequest ? -1 : 1,
);
const larger: (pick: (k: PodSortKey<unknown>) => bigint) => KeyCompare = (pick) =>
  statsFirst((a, b) => sign(pick(b) - pick(a)));

/** Each comparator, on keys. */
export const KEY_COMPARATORS: Readonly<Record<ComparatorName, KeyCompare>> = {
  exceedMemoryRequests: exceeds,
  exceedDiskRequests: exceeds,
  priority: (a, b) => sign(a.priority - b.priority),
  memory: larger((k) => k.excessNano),
  disk: larger((k) => k.excessNano),
  process: larger((k) => k.usage),
};

/** The first comparator of the plan that tells `a` and `b` apart, with its verdict. */
export function decideByKeys(
  comparators: readonly ComparatorName[],
  a: PodSortKey<unknown>,
  b: PodSortKey<unknown>,
): { comparator: ComparatorName; result: number } | undefined {
  for (const name of comparators) {
    const result = KEY_COMPARATORS[name](a, b);
    if (result !== 0) return { comparator: name, result };
  }
  return undefined;
}

/** Sort keys by the plan; keys every comparator ties stay in input order. */
export function sortKeys<P>(keys: readonly PodSortKey<P>[], plan: RankPlan): PodSortKey<P>[] {
  const compare = plan.comparators.map((name) => KEY_COMPARATORS[name]);
  return [...keys].sort((a, b) => {
    for (const c of compare) {
      const result = c(a, b);
      if (result !== 0) return result;
    }
    return a.index - b.index;
  });
}
