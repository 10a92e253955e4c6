import type { Threshold } from '../signals/types';
import { podTerminationGracePeriodSeconds } from './pod-facts';
import type { GracePeriodRule } from './types';

/** `immediateEvictionGracePeriodSeconds`: hard thresholds and local-storage limits (v1.31+). */
export const IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS = 1;

/**
 * The grace period override the kubelet (v1.37) kills with for a threshold:
 * - hard threshold (grace period 0): 1 second;
 * - soft threshold: `maxPodGracePeriodSeconds`, or `min(maxPodGracePeriodSeconds,
 *   pod.spec.terminationGracePeriodSeconds)` when the pod sets one (since v1.32).
 *
 * Upstream quirk, mirrored: a negative `maxPodGracePeriodSeconds` always wins the `min`, so
 * the kill gets a negative override.
 */
export function thresholdGracePeriod(
  threshold: Threshold,
  pod: unknown,
  maxPodGracePeriodSeconds: number,
): { seconds: number; rule: GracePeriodRule } {
  if (threshold.gracePeriodMs === 0) {
    return { seconds: IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, rule: 'hard' };
  }
  const own = podTerminationGracePeriodSeconds(pod);
  if (own === undefined) return { seconds: maxPodGracePeriodSeconds, rule: 'soft-max' };
  return { seconds: Math.min(maxPodGracePeriodSeconds, own), rule: 'soft-pod-min' };
}
