import { readTolerations } from './read';
import type { TolerationLike } from './types';

// pkg/controller/tainteviction/taint_eviction.go: getMinTolerationTime.

/** `getMinTolerationTime`'s "tolerate forever". */
export const TOLERATE_FOREVER = -1;

const NS_PER_SECOND = 1_000_000_000n;
const NS_PER_MS = 1_000_000;

/**
 * `getMinTolerationTime`, in ms: how long the tolerations the controller used
 * (`getMatchingTolerations(...).used`) let the pod stay.
 * - no tolerations → `0` (evict now);
 * - any `tolerationSeconds` ≤ 0 → `0` — zero and negative both mean "evict immediately";
 * - otherwise the smallest `tolerationSeconds`, tolerations without one counting as forever;
 * - all without `tolerationSeconds` → `-1` (`TOLERATE_FOREVER`).
 *
 * Like upstream, the seconds become a Go `time.Duration` (int64 nanoseconds), which wraps for
 * more than 9 223 372 036 s (~292 years): such a value can come out negative (then the
 * controller tolerates forever, reported here as `-1`) or as a short duration. Unreadable
 * tolerations are left out. Never throws.
 */
export function getMinTolerationTime(tolerations: readonly TolerationLike[]): number {
  const read = Array.isArray(tolerations) ? readTolerations(tolerations) : [];
  if (read.length === 0) return 0;
  let min: number | undefined;
  for (const { seconds } of read) {
    if (seconds === undefined) continue;
    if (seconds <= 0) return 0;
    if (min === undefined || seconds < min) min = seconds;
  }
  if (min === undefined) return TOLERATE_FOREVER;
  const ms = secondsToDurationMs(min);
  return ms < 0 ? TOLERATE_FOREVER : ms;
}

/** `time.Duration(seconds) * time.Second` (int64 nanoseconds, wrapping) in ms. */
export function secondsToDurationMs(seconds: number): number {
  const ns = BigInt.asIntN(64, BigInt(seconds) * NS_PER_SECOND);
  return Number(ns) / NS_PER_MS;
}
