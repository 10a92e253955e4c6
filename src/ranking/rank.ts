import { err, ok, type Result } from 'neverthrow';
import type { FeatureGateOptions } from '../pods/feature-gates';
import { checkPod, type PodIssue, type PodLike } from '../pods/pod';
import { isSignal } from '../signals/catalogue';
import { displayValue } from '../signals/config-error';
import { readOr } from '../signals/guard';
import type { Signal } from '../signals/types';
import {
  byDisk,
  byExceedDiskRequests,
  byExceedMemoryRequests,
  byMemory,
  byPriority,
  byProcessCount,
  type MultiSorter,
  orderedBy,
  type PodComparator,
} from './comparators';
import { type FsStatsType, type PodStatsOf, podList, statsFunction } from './pod-usage';
import {
  type ComparatorName,
  computeSortKeys,
  type RankPlan,
  rankByColumns,
  sortKeys,
} from './sort-keys';

/** How the node's filesystems are laid out. */
export interface RankDiskLayout {
  /** The runtime keeps images (and, unless split, writable layers) on a filesystem of its own. */
  dedicatedImageFs?: boolean;
  /** Images and container writable layers are on different filesystems (containerfs). */
  splitImageFs?: boolean;
}

const MEMORY: RankPlan = {
  comparators: ['exceedMemoryRequests', 'priority', 'memory'],
  resource: 'memory',
  fsStatsTypes: [],
};
const PIDS: RankPlan = { comparators: ['priority', 'process'], resource: 'pids', fsStatsTypes: [] };

const disk = (fsStatsTypes: FsStatsType[], inodes: boolean): RankPlan => ({
  comparators: ['exceedDiskRequests', 'priority', 'disk'],
  resource: inodes ? 'inodes' : 'ephemeral-storage',
  fsStatsTypes,
});

/**
 * `buildSignalToRankFunc`: the rank function (as a plan) for a signal on a given disk layout;
 * `undefined` for a signal the kubelet cannot rank for.
 *
 * | layout              | nodefs                     | imagefs               | containerfs |
 * |---------------------|----------------------------|-----------------------|-------------|
 * | one filesystem      | images, root, logs, volumes | same as nodefs        | = nodefs    |
 * | dedicated imagefs   | logs, volumes               | root, images          | = imagefs   |
 * | imagefs, split      | logs, volumes, root         | images                | = nodefs    |
 *
 * A split layout without a dedicated imagefs ranks like one filesystem.
 */
export function rankPlanForSignal(
  signal: Signal,
  topology: RankDiskLayout = {},
): RankPlan | undefined {
  // Only `true` counts; a layout that is not an object (or cannot be read) is one filesystem.
  const imageFs = readOr(() => topology?.dedicatedImageFs === true, false);
  const split = readOr(() => topology?.splitImageFs === true, false);
  let nodeFs: FsStatsType[];
  let imageFsStats: FsStatsType[];
  let containerFs: 'nodefs' | 'imagefs';
  if (imageFs && !split) {
    nodeFs = ['logs', 'localVolumeSource'];
    imageFsStats = ['root', 'images'];
    containerFs = 'imagefs';
  } else if (imageFs && split) {
    nodeFs = ['logs', 'localVolumeSource', 'root'];
    imageFsStats = ['images'];
    containerFs = 'nodefs';
  } else {
    nodeFs = ['images', 'root', 'logs', 'localVolumeSource'];
    imageFsStats = nodeFs;
    containerFs = 'nodefs';
  }
  const containerFsStats = containerFs === 'nodefs' ? nodeFs : imageFsStats;
  switch (signal) {
    case 'memory.available':
    case 'allocatableMemory.available':
      return MEMORY;
    case 'pid.available':
      return PIDS;
    case 'nodefs.available':
      return disk(nodeFs, false);
    case 'nodefs.inodesFree':
      return disk(nodeFs, true);
    case 'imagefs.available':
      return disk(imageFsStats, false);
    case 'imagefs.inodesFree':
      return disk(imageFsStats, true);
    case 'containerfs.available':
      return disk(containerFsStats, false);
    case 'containerfs.inodesFree':
      return disk(containerFsStats, true);
    default:
      return undefined;
  }
}

/**
 * Order `pods` for eviction under pressure on `signal`, first victim first, exactly as the
 * kubelet's rank function for that signal orders them:
 * - memory: pods without stats, then pods using more memory than requested; then lower
 *   priority; then the larger working set above request;
 * - PIDs: lower priority, then more processes (pods without stats before others of their
 *   priority);
 * - disk: like memory, with usage over the layout's filesystem statistics (bytes or inodes).
 *
 * Each pod's keys are computed once. Pods that every comparator ties keep their input order
 * (upstream's sort is unstable there). An unknown signal returns the pods in input order.
 * Returns a new array; `pods` is not modified.
 *
 * Total (trusts its input, never throws on it): pods that are not an array count as none; a
 * value in the list that is not a pod reads through `readPod`'s fallbacks (an empty pod); a
 * `statsOf` that is not a function finds no stats. `rankForSignalChecked` rejects such input.
 */
export function rankForSignal<P extends PodLike>(
  signal: Signal,
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  topology: RankDiskLayout = {},
  options?: FeatureGateOptions,
): P[] {
  const plan = rankPlanForSignal(signal, topology);
  if (plan === undefined) return [...podList(pods)];
  return rankPods(plan, pods, statsOf, options);
}

/** Why `rankForSignalChecked` refused its input. */
export type RankInputError =
  | { code: 'unknown-signal'; signal: string; message: string }
  | { code: 'invalid-pods'; message: string }
  | { code: 'invalid-pod'; index: number; issues: readonly PodIssue[]; message: string }
  | { code: 'invalid-stats-function'; message: string }
  | { code: 'invalid-topology'; message: string };

/**
 * `rankForSignal` for values of unknown type: the signal must be one of the nine (case
 * matters), `pods` an array of values that each pass `checkPod`, `statsOf` a function and the
 * layout's flags booleans; otherwise the first problem found. Never throws (what `statsOf`
 * itself throws is the caller's and propagates).
 */
export function rankForSignalChecked<P extends PodLike = PodLike>(
  signal: unknown,
  pods: unknown,
  statsOf: PodStatsOf<P>,
  topology: RankDiskLayout = {},
  options?: FeatureGateOptions,
): Result<P[], RankInputError> {
  if (!isSignal(signal)) {
    const shown = displayValue(signal);
    return err({
      code: 'unknown-signal',
      signal: shown,
      message: `unknown eviction signal ${shown}`,
    });
  }
  const list = readOr(() => (Array.isArray(pods) ? [...pods] : undefined), undefined);
  if (list === undefined) {
    return err({
      code: 'invalid-pods',
      message: `pods must be an array, got ${displayValue(pods)}`,
    });
  }
  for (const [index, pod] of list.entries()) {
    const checked = checkPod(pod);
    if (checked.isErr()) {
      const { issues } = checked.error;
      return err({
        code: 'invalid-pod',
        index,
        issues,
        message: `pods[${index}]: ${checked.error.message}`,
      });
    }
  }
  if (typeof statsOf !== 'function') {
    return err({ code: 'invalid-stats-function', message: 'statsOf must be a function' });
  }
  const flags = readOr(() => {
    if (topology === null || typeof topology !== 'object') return undefined;
    const { dedicatedImageFs, splitImageFs } = topology;
    const flag = (v: unknown) => v === undefined || typeof v === 'boolean';
    return flag(dedicatedImageFs) && flag(splitImageFs) ? topology : undefined;
  }, undefined);
  if (flags === undefined) {
    return err({
      code: 'invalid-topology',
      message: `the disk layout must be { dedicatedImageFs?: boolean, splitImageFs?: boolean }, got ${displayValue(topology)}`,
    });
  }
  return ok(rankForSignal(signal, list as P[], statsOf, flags, options));
}

/** Order `pods` by an explicit plan (see `rankPlanForSignal`). */
export function rankPods<P extends PodLike>(
  plan: RankPlan,
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  options?: FeatureGateOptions,
): P[] {
  const list = podList(pods);
  const stats = statsFunction(statsOf);
  return (
    rankByColumns(list, stats, plan, options) ??
    sortKeys(computeSortKeys(list, stats, plan, options), plan).map((k) => k.pod)
  );
}

/**
 * The same rank function built from the straightforward comparators (`orderedBy(...)`), which
 * recompute usage and requests on every comparison as upstream does. Sorting with it gives the
 * same order as `rankForSignal`, only slower; it exists for callers that compose their own
 * orders and for cross-checking.
 */
export function comparatorForSignal<P extends PodLike>(
  signal: Signal,
  statsOf: PodStatsOf<P>,
  topology: RankDiskLayout = {},
  options?: FeatureGateOptions,
): MultiSorter<P> | undefined {
  const plan = rankPlanForSignal(signal, topology);
  return plan === undefined ? undefined : comparatorForPlan(plan, statsOf, options);
}

/** `orderedBy` over the comparators a plan names. */
function comparatorForPlan<P extends PodLike>(
  plan: RankPlan,
  statsOf: PodStatsOf<P>,
  options?: FeatureGateOptions,
): MultiSorter<P> {
  const diskResource = plan.resource === 'inodes' ? 'inodes' : 'ephemeral-storage';
  const build: Record<ComparatorName, () => PodComparator<P>> = {
    exceedMemoryRequests: () => byExceedMemoryRequests(statsOf, options),
    priority: () => byPriority,
    memory: () => byMemory(statsOf, options),
    process: () => byProcessCount(statsOf),
    exceedDiskRequests: () =>
      byExceedDiskRequests(statsOf, plan.fsStatsTypes, diskResource, options),
    disk: () => byDisk(statsOf, plan.fsStatsTypes, diskResource, options),
  };
  const comparators = plan.comparators.map((name) => build[name]());
  return orderedBy(...comparators);
}
