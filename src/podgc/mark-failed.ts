import { formatApiTime, GO_ZERO_TIME } from '../pods/api-time';
import { DISRUPTION_TARGET } from '../pods/pod-condition';
import type { PodObjectView } from '../pods/pod-object';
import { isTerminalPhase } from '../pods/pod-phase';
import { DELETION_BY_POD_GC_REASON, NODE_NO_LONGER_EXISTS_MESSAGE } from './constants';

/** A pod condition as PodGC writes it (JSON form; time in RFC 3339, second precision). */
export interface GcPodCondition {
  readonly type: 'DisruptionTarget';
  readonly status: 'True';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
}

/**
 * The status patch `markFailedAndDeletePodWithCondition` sends before the delete: phase
 * `Failed`, plus the condition when the sweep has one. Absent for a pod already `Succeeded` or
 * `Failed`, which is deleted without a patch.
 */
export interface GcStatusUpdate {
  readonly phase: 'Failed';
  readonly condition?: GcPodCondition;
}

/** The orphaned-pod condition: `DisruptionTarget=True`, `DeletionByPodGC`, `PodGC: node no longer exists`. */
export function orphanCondition(
  view: Pick<PodObjectView, 'conditions'>,
  now: number,
): GcPodCondition {
  // apipod.UpdatePodCondition keeps the transition time when the status does not change.
  const existing = view.conditions.find((c) => c.type === DISRUPTION_TARGET);
  const since =
    existing?.status === 'True' && existing.lastTransitionTime !== undefined
      ? existing.lastTransitionTime
      : now;
  return {
    type: DISRUPTION_TARGET,
    status: 'True',
    reason: DELETION_BY_POD_GC_REASON,
    message: NODE_NO_LONGER_EXISTS_MESSAGE,
    lastTransitionTime: formatApiTime(since) ?? formatApiTime(now) ?? GO_ZERO_TIME,
  };
}

/** What PodGC patches before deleting this pod; `undefined` for a terminal pod. */
export function statusUpdateFor(
  view: Pick<PodObjectView, 'phase'>,
  condition?: GcPodCondition,
): GcStatusUpdate | undefined {
  if (isTerminalPhase(view.phase)) return undefined;
  return condition === undefined ? { phase: 'Failed' } : { phase: 'Failed', condition };
}
