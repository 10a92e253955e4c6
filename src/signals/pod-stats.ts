import type { Pod } from 'kubernetes-types/core/v1.js';
import { Quantity } from './quantity';
import type { FsStats, MemoryStats, PodStats, Summary } from './summary';

/** Looks up a pod's Summary statistics by `metadata.uid`; `undefined` when the node has none. */
export type StatsFunc = (pod: Pod) => PodStats | undefined;

/** Anything with a pod's `metadata.uid`: kubernetes-types pods, `@kubernetes/client-node` V1Pods… */
export interface PodUidSource {
  metadata?: { uid?: string | undefined } | null | undefined;
}

/** What `podStatsLookup` returns: usable as a `StatsFunc` for any pod type that has a UID. */
export type PodStatsLookup = (pod: PodUidSource) => PodStats | undefined;

/** The `process_stats` object of a pod's statistics. */
export type ProcessStats = NonNullable<PodStats['process_stats']>;

/**
 * Upstream's `cachedStatsFunc`: index pod statistics by `podRef.uid` (when a UID repeats, the
 * last entry wins) and look pods up by `metadata.uid` (a pod without a UID looks up `""`).
 * Accepts a whole Summary or its `pods` array.
 */
export function podStatsLookup(source: Summary | readonly PodStats[]): PodStatsLookup {
  const pods = isPodStatsArray(source) ? source : source.pods;
  const byUid = new Map<string, PodStats>();
  for (const stats of pods) byUid.set(stats.podRef.uid, stats);
  return (pod) => byUid.get(pod.metadata?.uid ?? '');
}

function isPodStatsArray(source: Summary | readonly PodStats[]): source is readonly PodStats[] {
  return Array.isArray(source);
}

/**
 * A Summary counter as an exact integer; `undefined` when absent or not a finite number. The
 * schema only lets integers through; this keeps hand-built Summaries from making BigInt throw.
 */
export function statCount(n: number | undefined): bigint | undefined {
  return n === undefined || !Number.isFinite(n) ? undefined : BigInt(Math.trunc(n));
}

function usage(n: number | undefined, format: 'BinarySI' | 'DecimalSI'): Quantity {
  const value = statCount(n);
  return value === undefined ? Quantity.zero(format) : Quantity.fromBigInt(value, format);
}

/** Working set bytes (BinarySI); 0 when the stats or the field are missing. */
export function memoryUsage(memory: MemoryStats | undefined): Quantity {
  return usage(memory?.workingSetBytes, 'BinarySI');
}

/** Process count (DecimalSI); 0 when the stats or the field are missing. */
export function processUsage(processStats: ProcessStats | undefined): Quantity {
  return usage(processStats?.process_count, 'DecimalSI');
}

/** Used bytes of a filesystem (BinarySI); 0 when the stats or the field are missing. */
export function diskUsage(fs: FsStats | undefined): Quantity {
  return usage(fs?.usedBytes, 'BinarySI');
}

/** Inodes used on a filesystem (DecimalSI); 0 when the stats or the field are missing. */
export function inodeUsage(fs: FsStats | undefined): Quantity {
  return usage(fs?.inodesUsed, 'DecimalSI');
}

/** A pod's memory working set (`memoryUsage(stats.memory)`). */
export function podMemoryUsage(stats: PodStats): Quantity {
  return memoryUsage(stats.memory);
}

/** A pod's process count (`processUsage(stats.process_stats)`). */
export function podProcessUsage(stats: PodStats): Quantity {
  return processUsage(stats.process_stats);
}
