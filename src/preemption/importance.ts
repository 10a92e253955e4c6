import { type PodObjectView, readPodObject } from '../pods/pod-object';

// pkg/scheduler/util: GetPodStartTime, MoreImportantPod and GetEarliestPodStartTime.

/** The clock preemption compares start times against. */
export interface PreemptionClock {
  /**
   * "Now" in epoch ms: the start time of a pod that has not started yet (upstream calls
   * `time.Now()`). Defaults to +Infinity, which orders unstarted pods after every started one,
   * exactly as a real clock would, without reading one.
   */
  now?: number;
}

/** The clock's "now", or +Infinity when it is not a number. */
export function clockNow(clock: PreemptionClock | undefined): number {
  const now = clock?.now;
  return typeof now === 'number' && !Number.isNaN(now) ? now : Number.POSITIVE_INFINITY;
}

/** `GetPodStartTime`: `status.startTime`, or `now` for a pod that has not started. */
export function startTimeOf(view: Pick<PodObjectView, 'startTime'>, now: number): number {
  return view.startTime ?? now;
}

/** `GetPodStartTime` for a pod object (epoch ms). */
export function getPodStartTime(pod: unknown, clock: PreemptionClock = {}): number {
  return startTimeOf(readPodObject(pod), clockNow(clock));
}

/** `MoreImportantPod` on views already read. */
export function moreImportantView(
  a: Pick<PodObjectView, 'priority' | 'startTime'>,
  b: Pick<PodObjectView, 'priority' | 'startTime'>,
  now: number,
): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTimeOf(a, now) < startTimeOf(b, now);
}

/**
 * `MoreImportantPod`: higher priority wins; at equal priority the pod that started earlier
 * (an unstarted pod counts as starting `now`, so it is the least important).
 */
export function moreImportantPod(
  pod1: unknown,
  pod2: unknown,
  clock: PreemptionClock = {},
): boolean {
  return moreImportantView(readPodObject(pod1), readPodObject(pod2), clockNow(clock));
}

/**
 * `GetEarliestPodStartTime`: the earliest start time among the victims that share the highest
 * priority (`now` for unstarted ones); `undefined` for no victims.
 */
export function earliestStartOfHighestPriority(
  victims: readonly Pick<PodObjectView, 'priority' | 'startTime'>[],
  now: number,
): number | undefined {
  const first = victims[0];
  if (first === undefined) return undefined;
  let earliest = startTimeOf(first, now);
  let maxPriority = first.priority;
  for (const v of victims) {
    if (v.priority === maxPriority) {
      const start = startTimeOf(v, now);
      if (start < earliest) earliest = start;
    } else if (v.priority > maxPriority) {
      maxPriority = v.priority;
      earliest = startTimeOf(v, now);
    }
  }
  return earliest;
}

/** `GetEarliestPodStartTime` for pod objects. */
export function getEarliestPodStartTime(
  victims: readonly unknown[],
  clock: PreemptionClock = {},
): number | undefined {
  return earliestStartOfHighestPriority(victims.map(readPodObject), clockNow(clock));
}
