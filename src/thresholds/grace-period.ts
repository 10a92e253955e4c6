import type { Threshold } from '../signals/types';
import { thresholdKey } from './threshold-identity';

/** When a threshold was first seen met, continuously (epoch ms). */
export interface ThresholdObservedAt {
  threshold: Threshold;
  at: number;
}

/**
 * Upstream `thresholdsObservedAt` (a Go map keyed by threshold): here keyed by `thresholdKey`,
 * iterated in insertion order, which makes every derived list deterministic.
 */
export type ThresholdsObservedAt = ReadonlyMap<string, ThresholdObservedAt>;

/** Upstream `isHardEvictionThreshold`: a zero grace period. */
export function isHardEvictionThreshold(threshold: Threshold): boolean {
  return threshold.gracePeriodMs === 0;
}

/**
 * Upstream `thresholdsFirstObservedAt`: a new map holding exactly `thresholds`. Each keeps its
 * time from `previous` when it was there, else gets `now`. Thresholds that are no longer met
 * drop out, so a later crossing starts its grace period afresh.
 */
export function thresholdsFirstObservedAt(
  thresholds: readonly Threshold[],
  previous: ReadonlyMap<string, { readonly at: number }>,
  now: number,
): Map<string, ThresholdObservedAt> {
  const results = new Map<string, ThresholdObservedAt>();
  for (const threshold of thresholds) {
    const key = thresholdKey(threshold);
    results.set(key, { threshold, at: previous.get(key)?.at ?? now });
  }
  return results;
}

/**
 * Upstream `thresholdsMetGracePeriod`: the thresholds met for at least their grace period
 * (`now − firstObserved ≥ gracePeriod`); a hard threshold qualifies at once. Order: the map's
 * insertion order (upstream iterates a Go map, i.e. at random).
 */
export function thresholdsMetGracePeriod(
  observedAt: ThresholdsObservedAt,
  now: number,
): Threshold[] {
  const results: Threshold[] = [];
  for (const { threshold, at } of observedAt.values()) {
    if (now - at < threshold.gracePeriodMs) continue;
    results.push(threshold);
  }
  return results;
}
