import { err, ok, type Result } from 'neverthrow';
import { Quantity } from '../signals/quantity';
import type { MemoryStats, Summary } from '../signals/summary';
import { getThresholdQuantity } from '../signals/threshold-quantity';
import type { Threshold, ThresholdValue } from '../signals/types';
import type { PlatformError } from './types';

// The pure half of the kubelet's memory threshold notifier
// (pkg/kubelet/eviction/memory_threshold_notifier.go, SEMANTICS §11): which byte count to
// register on the memory cgroup for a threshold, given a Summary.

/** UpdateThreshold runs at most this often (`notifierRefreshInterval`). */
export const NOTIFIER_REFRESH_INTERVAL_MS = 10_000;

/** The three memory statistics the notifier needs, in bytes. */
export interface MemcgThresholdStats {
  availableBytes: bigint;
  workingSetBytes: bigint;
  usageBytes: bigint;
}

/**
 * The usage_in_bytes threshold the kubelet registers:
 * `capacity − evictAt + inactiveFile` with `capacity = available + workingSet`,
 * `inactiveFile = usage − workingSet`, `evictAt = GetThresholdQuantity(value, capacity)`.
 * usage_in_bytes crosses it exactly when the working set reaches `capacity − evictAt`.
 */
export function memcgThreshold(stats: MemcgThresholdStats, value: ThresholdValue): Quantity {
  const inactiveFile = Quantity.fromBigInt(stats.usageBytes - stats.workingSetBytes, 'BinarySI');
  const capacity = Quantity.fromBigInt(stats.availableBytes + stats.workingSetBytes, 'BinarySI');
  const evictAt = getThresholdQuantity(value, capacity);
  return capacity.sub(evictAt).add(inactiveFile);
}

export const isAllocatableMemoryThreshold = (t: Threshold): boolean =>
  t.signal === 'allocatableMemory.available';

/** `"hard "|"soft "` + (`"allocatable "`) + `"memory eviction threshold"`. */
export function memoryThresholdDescription(t: Threshold): string {
  const hard = t.gracePeriodMs === 0 ? 'hard ' : 'soft ';
  const allocatable = isAllocatableMemoryThreshold(t) ? 'allocatable ' : '';
  return `${hard}${allocatable}memory eviction threshold`;
}

function memoryStatsFor(
  threshold: Threshold,
  summary: Summary,
): Result<MemoryStats | undefined, PlatformError> {
  if (!isAllocatableMemoryThreshold(threshold)) return ok(summary.node?.memory);
  const pods = summary.node?.systemContainers?.find((c) => c.name === 'pods');
  if (pods === undefined) {
    return err({
      code: 'not-found',
      path: 'node.systemContainers',
      message: 'system container "pods" not found in metrics',
    });
  }
  return ok(pods.memory);
}

/**
 * `UpdateThreshold`'s computation: the memcg threshold in bytes for a `memory.available`
 * (node memory) or `allocatableMemory.available` (the `pods` system container) threshold,
 * with upstream's errors for a missing `pods` container or incomplete memory statistics.
 */
export function memcgThresholdForSummary(
  threshold: Threshold,
  summary: Summary,
): Result<bigint, PlatformError> {
  const stats = memoryStatsFor(threshold, summary);
  if (stats.isErr()) return err(stats.error);
  const m = stats.value;
  if (
    m?.usageBytes === undefined ||
    m.workingSetBytes === undefined ||
    m.availableBytes === undefined
  ) {
    return err({
      code: 'malformed',
      path: isAllocatableMemoryThreshold(threshold)
        ? 'node.systemContainers[pods].memory'
        : 'node.memory',
      message: `summary was incomplete.  Expected MemoryStats and all subfields to be non-nil, but got ${JSON.stringify(m ?? null)}`,
    });
  }
  return ok(
    memcgThreshold(
      {
        availableBytes: BigInt(m.availableBytes),
        workingSetBytes: BigInt(m.workingSetBytes),
        usageBytes: BigInt(m.usageBytes),
      },
      threshold.value,
    ).value(),
  );
}
