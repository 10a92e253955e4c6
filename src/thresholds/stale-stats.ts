import type { Observation, Signal, Threshold } from '../signals/types';

/**
 * The previous cycle's observations as `thresholdsUpdatedStats` needs them: only presence and
 * time matter. Accepts full `Observations` too.
 */
export type LastObservations = ReadonlyMap<Signal, Pick<Observation, 'time'>>;

/**
 * Upstream `thresholdsUpdatedStats`: keep a threshold only if its signal has a current
 * observation and that observation is new — there was no previous observation, the current one
 * carries no time (Go's zero time), or its time is strictly after the previous one. This stops
 * the kubelet acting twice on the same stale statistics. Thresholds without a current
 * observation are dropped.
 */
export function thresholdsUpdatedStats(
  thresholds: readonly Threshold[],
  observations: ReadonlyMap<Signal, Pick<Observation, 'time'>>,
  lastObservations: LastObservations,
): Threshold[] {
  return thresholds.filter((threshold) => {
    const observed = observations.get(threshold.signal);
    if (observed === undefined) return false;
    const last = lastObservations.get(threshold.signal);
    return last === undefined || isNewer(observed.time, last.time);
  });
}

/** `observed.time.IsZero() || observed.time.After(last.time)`; an absent time is the zero time. */
function isNewer(time: number | undefined, lastTime: number | undefined): boolean {
  if (time === undefined) return true;
  return lastTime === undefined || time > lastTime;
}
