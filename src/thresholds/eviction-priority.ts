import type { Signal, Threshold } from '../signals/types';
import { type ReclaimResource, resourceForSignal } from './signal-conditions';

function isMemorySignal(signal: Signal): boolean {
  return signal === 'memory.available' || signal === 'allocatableMemory.available';
}

/**
 * Upstream `sort.Sort(byEvictionPriority(thresholds))`, made deterministic: memory thresholds
 * (`memory.available`, `allocatableMemory.available`) first, then every other threshold with a
 * reclaimable resource, then thresholds without one — each group in input order (a stable
 * partition). Returns a new array.
 *
 * Upstream's `Less` is not a strict weak order and Go's sort is unstable, so its order inside
 * each group is an accident of the algorithm (insertion sort reverses memory thresholds for
 * lists of ≤ 12) on an input that is already in random map order. Keeping input order is one
 * of the orders upstream can produce, and the one a reader can predict.
 */
export function sortByEvictionPriority(thresholds: readonly Threshold[]): Threshold[] {
  const rank = (t: Threshold) =>
    isMemorySignal(t.signal) ? 0 : resourceForSignal(t.signal) !== undefined ? 1 : 2;
  return thresholds
    .map((threshold, index) => ({ threshold, index, rank: rank(threshold) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.threshold);
}

/** The threshold the kubelet acts on and the resource it reclaims for it. */
export interface ReclaimableThreshold {
  threshold: Threshold;
  resource: ReclaimResource;
}

/**
 * Upstream `getReclaimableThreshold`: the first threshold whose signal has a reclaimable
 * resource, or `undefined` (only for an empty list, since every valid signal has one).
 * Expects a list already sorted by `sortByEvictionPriority`.
 */
export function getReclaimableThreshold(
  thresholds: readonly Threshold[],
): ReclaimableThreshold | undefined {
  for (const threshold of thresholds) {
    const resource = resourceForSignal(threshold.signal);
    if (resource !== undefined) return { threshold, resource };
  }
  return undefined;
}
