import { arrayField, get, isRecord, readPodForTaints, stringField, toEpochMs } from './read';

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
export interface TaintEvictionCondition {
  type: 'DisruptionTarget';
  status: 'True';
  reason: typeof DELETION_BY_TAINT_MANAGER_REASON;
  message: typeof TAINT_MANAGER_DELETION_MESSAGE;
  /** `metadata.generation` (PodObservedGenerationTracking is GA since 1.35); absent when 0. */
  observedGeneration?: number;
}

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
  const condition: TaintEvictionCondition = {
    type: 'DisruptionTarget',
    status: 'True',
    reason: DELETION_BY_TAINT_MANAGER_REASON,
    message: TAINT_MANAGER_DELETION_MESSAGE,
  };
  const generation = readPodForTaints(pod).generation;
  if (generation !== 0) condition.observedGeneration = generation;
  return condition;
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
  const next: PodConditionOut = { ...taintEvictionCondition(pod) };
  const existing = arrayField(get(pod, 'status'), 'conditions').filter(isRecord);
  const index = existing.findIndex((c) => stringField(c, 'type') === 'DisruptionTarget');
  const conditions = existing.map((c) => ({ ...c }) as PodConditionOut);
  const nowText = rfc3339(options.now);
  if (index < 0) {
    next.lastTransitionTime = nowText;
    conditions.push(next);
    return { changed: true, conditions };
  }
  const old = existing[index] as Record<string, unknown>;
  const sameStatus = stringField(old, 'status') === 'True';
  next.lastTransitionTime = sameStatus ? old.lastTransitionTime : nowText;
  const oldGeneration = typeof old.observedGeneration === 'number' ? old.observedGeneration : 0;
  const equal =
    sameStatus &&
    stringField(old, 'reason') === next.reason &&
    stringField(old, 'message') === next.message &&
    toEpochMs(old.lastProbeTime) === undefined &&
    oldGeneration === ((next.observedGeneration as number | undefined) ?? 0);
  conditions[index] = next;
  return { changed: !equal, conditions };
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

function rfc3339(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime())
    ? '1970-01-01T00:00:00Z'
    : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
