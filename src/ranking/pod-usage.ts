import { type PodLike, type PodView, readPod } from '../pods/pod';
import { readOr } from '../signals/guard';
import { Quantity } from '../signals/quantity';
import type { PodStats } from '../signals/summary';

// Per-pod usage as the eviction ranking measures it (helpers.go: memoryUsage, processUsage,
// diskUsage, inodeUsage, localVolumeNames, containerUsage, podLocalVolumeUsage, podDiskUsage).
// Counts are read defensively because a stats function may hand over objects that never went
// through `parseSummary`: a count that is not a non-negative integer reads as missing (0).

/** Which filesystem statistics a disk ranking adds up. */
export type FsStatsType = 'root' | 'logs' | 'localVolumeSource' | 'images';

/** What a disk ranking measures: bytes, or inodes (an eviction-internal resource name). */
export type DiskResource = 'ephemeral-storage' | 'inodes';

/** Looks up a pod's Summary statistics; `undefined` when the node reported none for it. */
export type PodStatsOf<P> = (pod: P) => PodStats | undefined;

/**
 * The pods the caller handed over: a copy of the array; none when it is not an array or
 * cannot be read (a proxy that throws). Entry points of the ranking read pods through this.
 */
export function podList<P>(pods: readonly P[]): readonly P[] {
  return readOr(() => (Array.isArray(pods) ? [...pods] : []), []);
}

/**
 * The stats function the caller handed over, or one that finds no stats for any pod when it is
 * not a function. (What a stats function itself throws is the caller's and propagates.)
 */
export function statsFunction<P>(statsOf: PodStatsOf<P>): PodStatsOf<P> {
  return typeof statsOf === 'function' ? statsOf : () => undefined;
}

/**
 * What a stats function returned, as upstream's `(stats, found)`: anything that is not an object
 * (`undefined`, but also `null` from a hand-written lookup) means "no stats for this pod".
 */
export function foundStats(stats: unknown): PodStats | undefined {
  return typeof stats === 'object' && stats !== null ? (stats as PodStats) : undefined;
}

/** A count from the Summary API as an exact integer; `0n` when missing or malformed. */
export function readStatCount(value: unknown): bigint {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? BigInt(value) : 0n;
}

const field = (object: unknown, key: string): unknown =>
  typeof object === 'object' && object !== null
    ? (object as Record<string, unknown>)[key]
    : undefined;

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** `memoryUsage(stats.memory)`: the pod's working set in bytes. */
export function podMemoryBytes(stats: PodStats): bigint {
  return readStatCount(field(field(stats, 'memory'), 'workingSetBytes'));
}

/** `processUsage(stats.process_stats)`: the pod's process count. */
export function podProcessCount(stats: PodStats): bigint {
  return readStatCount(field(field(stats, 'process_stats'), 'process_count'));
}

/** `memoryUsage` as the upstream Quantity (BinarySI). */
export function podWorkingSet(stats: PodStats): Quantity {
  return Quantity.fromBigInt(podMemoryBytes(stats), 'BinarySI');
}

/**
 * `localVolumeNames`: volumes whose data sits on the node's disk and dies with the pod —
 * hostPath, gitRepo, configMap, and emptyDir on the default medium (`""`; Memory and
 * HugePages emptyDirs are excluded).
 */
export function localVolumeNames(pod: PodLike): string[] {
  return localVolumeNamesOf(readPod(pod));
}

/** `localVolumeNames` for a pod already read with `readPod`. */
export function localVolumeNamesOf(view: PodView): string[] {
  return view.volumes
    .filter((v) => v.hostPath || v.gitRepo || v.configMap || v.emptyDirMedium === '')
    .map((v) => v.name);
}

/** Disk usage of a pod: bytes and inodes over the chosen filesystem statistics. */
export interface PodDiskUsage {
  readonly 'ephemeral-storage': bigint;
  readonly inodes: bigint;
}

/**
 * `podDiskUsage`: container writable layers (`root`) and logs (`logs`) of every container in the
 * stats, plus, for `localVolumeSource`, the first stats entry of each local volume of the pod.
 * `images` adds nothing: the Summary API has no per-pod image usage.
 */
export function podDiskUsage(
  stats: PodStats,
  view: PodView,
  fsStatsTypes: readonly FsStatsType[],
): PodDiskUsage {
  let bytes = 0n;
  let inodes = 0n;
  const add = (fs: unknown) => {
    bytes += readStatCount(field(fs, 'usedBytes'));
    inodes += readStatCount(field(fs, 'inodesUsed'));
  };
  const root = fsStatsTypes.includes('root');
  const logs = fsStatsTypes.includes('logs');
  if (root || logs) {
    for (const container of list(field(stats, 'containers'))) {
      if (root) add(field(container, 'rootfs'));
      if (logs) add(field(container, 'logs'));
    }
  }
  if (fsStatsTypes.includes('localVolumeSource')) {
    const volumes = list(field(stats, 'volume'));
    for (const name of localVolumeNamesOf(view)) {
      const found = volumes.find((v) => field(v, 'name') === name);
      if (found !== undefined) add(found);
    }
  }
  return { 'ephemeral-storage': bytes, inodes };
}

/** `podDiskUsage(...)[resource]` as the upstream Quantity (bytes BinarySI, inodes DecimalSI). */
export function podDiskUsageQuantity(
  stats: PodStats,
  view: PodView,
  fsStatsTypes: readonly FsStatsType[],
  resource: DiskResource,
): Quantity {
  const usage = podDiskUsage(stats, view, fsStatsTypes)[resource];
  return Quantity.fromBigInt(usage, resource === 'inodes' ? 'DecimalSI' : 'BinarySI');
}
