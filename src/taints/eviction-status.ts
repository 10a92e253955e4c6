import { field, isObjectLike, list } from '../pods/api-object';
import { formatApiTime } from '../pods/api-time';
import {
  type DisruptionTargetJson,
  disruptionTarget,
  updatePodCondition,
} from '../pods/pod-condition';
import { readPodForTaints } from './read';

// pkg/controller/tainteviction/taint_eviction.go: what the controller writes when a scheduled
// deletion fires (addConditionAndDeletePod) and the events it records.

/** The `DisruptionTarget` reason the taint eviction controller writes. */
export const DELETION_BY_TAINT_MANAGER_REASON = 'DeletionByTaintManager';
/** The `DisruptionTarget` message the taint eviction controller writes. */
export const TAINT_MANAGER_DELETION_MESSAGE = 'Taint manager: deleting due to NoExecute taint';
/** The reason of both events the controller records. */
export const TAINT_MANAGER_EVICTION_EVENT_REASON = 'TaintManagerEviction';
/** The controller's name, and the component its events come from. */
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';
/** Attempts of GET + status patch + DELETE before the controller gives up, 10 ms apart. */
export const TAINT_EVICTION_DELETE_RETRIES = 5;

/** The condition the controller sets before it deletes a pod. */
export type TaintEvictionCondition = DisruptionTargetJson<
  typeof DELETION_BY_TAINT_MANAGER_REASON,
  typeof TAINT_MANAGER_DELETION_MESSAGE
>;

/** An event the controller records (`Normal`, reason `TaintManagerEviction`). */
export interface TaintEvictionEvent {
  type: 'Normal';
  reason: typeof TAINT_MANAGER_EVICTION_EVENT_REASON;
  /** `Marking for deletion Pod <ns>/<name>` or `Cancelling deletion of Pod <ns>/<name>`. */
  message: string;
  involvedObject: { apiVersion: 'v1'; kind: 'Pod'; namespace: string; name: string };
  source: { component: string };
}

/** The `DisruptionTarget` condition for `pod` (only its generation is read). */
export function taintEvictionCondition(pod: object): TaintEvictionCondition {
  return disruptionTarget(pod, DELETION_BY_TAINT_MANAGER_REASON, TAINT_MANAGER_DELETION_MESSAGE);
}

/** A pod condition as the status patch carries it. */
export type PodConditionOut = Record<string, unknown> & { type: string };

/** What `taintEvictionStatus` returns. */
export interface TaintEvictionStatusUpdate {
  /** Whether the status changes; the controller only patches the status when it does. */
  changed: boolean;
  /** `status.conditions` after the upsert. */
  conditions: PodConditionOut[];
}

/**
 * The pod status patch `addConditionAndDeletePod` sends before the DELETE: the
 * `DisruptionTarget` condition upserted as `UpdatePodCondition` does — appended when absent; when
 * present it is replaced, keeping its `lastTransitionTime` if the status was already `True`, and
 * `changed` is false when nothing differs. `lastTransitionTime` of a new condition is `now`
 * (RFC 3339, seconds). The DELETE that follows has empty options, so the pod's own
 * `terminationGracePeriodSeconds` applies. The input pod is not modified. Never throws.
 */
export function taintEvictionStatus(
  pod: object,
  options: { now: number },
): TaintEvictionStatusUpdate {
  const existing = list(field(pod, 'status'), 'conditions')
    .filter(isObjectLike)
    .map((c) => ({ ...c }) as PodConditionOut);
  const { conditions, changed } = updatePodCondition(
    existing,
    taintEvictionCondition(pod),
    rfc3339(options.now),
  );
  return { changed, conditions: conditions as PodConditionOut[] };
}

/** The event recorded when a scheduled deletion fires. */
export function taintEvictionDeletionEvent(pod: object): TaintEvictionEvent {
  return podEvent(pod, 'Marking for deletion Pod');
}

/** The event recorded when a pending (timer-backed) deletion is cancelled. */
export function taintEvictionCancelEvent(pod: object): TaintEvictionEvent {
  return podEvent(pod, 'Cancelling deletion of Pod');
}

function podEvent(pod: object, verb: string): TaintEvictionEvent {
  const { namespace, name } = readPodForTaints(pod);
  return {
    type: 'Normal',
    reason: TAINT_MANAGER_EVICTION_EVENT_REASON,
    message: `${verb} ${namespace}/${name}`,
    involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name },
    source: { component: TAINT_EVICTION_CONTROLLER },
  };
}

/** A time as the controller writes it; the epoch for one no `Date` can hold. */
function rfc3339(ms: number): string {
  return formatApiTime(ms) ?? '1970-01-01T00:00:00Z';
}
