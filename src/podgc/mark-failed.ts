import type { PodObjectView } from '../pods/pod-object';
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

/** Go's metav1.Time JSON form: RFC 3339 in UTC, whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The orphaned-pod condition: `DisruptionTarget=True`, `DeletionByPodGC`, `PodGC: node no longer exists`. */
export function orphanCondition(
  view: Pick<PodObjectView, 'conditions'>,
  now: number,
): GcPodCondition {
  // apipod.UpdatePodCondition keeps the transition time when the status does not change.
  const existing = view.conditions.find((c) => c.type === 'DisruptionTarget');
  const since =
    existing?.status === 'True' && existing.lastTransitionTime !== undefined
      ? existing.lastTransitionTime
      : now;
  return {
    type: 'DisruptionTarget',
    status: 'True',
    reason: DELETION_BY_POD_GC_REASON,
    message: NODE_NO_LONGER_EXISTS_MESSAGE,
    lastTransitionTime: rfc3339(since),
  };
}

/** What PodGC patches before deleting this pod; `undefined` for a terminal pod. */
export function statusUpdateFor(
  view: Pick<PodObjectView, 'phase'>,
  condition?: GcPodCondition,
): GcStatusUpdate | undefined {
  if (view.phase === 'Succeeded' || view.phase === 'Failed') return undefined;
  return condition === undefined ? { phase: 'Failed' } : { phase: 'Failed', condition };
}
