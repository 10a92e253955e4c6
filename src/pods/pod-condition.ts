import { field, text } from './api-object';
import { readTimestamp } from './api-time';

// The pod conditions the eviction paths write: the DisruptionTarget condition's shape and its
// observedGeneration, and podutil.UpdatePodCondition (how a condition is upserted into a status,
// keeping the transition time when the status does not change). Each path keeps its own reason
// and message.

/** The `DisruptionTarget` pod condition type: the pod is about to be terminated by a disruption. */
export const DISRUPTION_TARGET = 'DisruptionTarget';
/** The `DisruptionTarget` reason the kubelet uses for node-pressure eviction. */
export const TERMINATION_BY_KUBELET_REASON = 'TerminationByKubelet';

/** A pod condition as JSON, with `observedGeneration` (v1.33+). */
export interface PodConditionJson {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
  lastProbeTime?: unknown;
  lastTransitionTime?: unknown;
  observedGeneration?: number;
}

/** A `DisruptionTarget=True` condition with the writer's reason and message. */
export interface DisruptionTargetJson<R extends string = string, M extends string = string> {
  type: typeof DISRUPTION_TARGET;
  status: 'True';
  reason: R;
  message: M;
  /** The pod's `metadata.generation`; absent when 0 (Go's `omitempty`). */
  observedGeneration?: number;
}

/** `metadata.generation` when it is a safe integer, else 0 (Go's zero value). Never throws. */
export function podGeneration(pod: unknown): number {
  const generation = field(field(pod, 'metadata'), 'generation');
  return typeof generation === 'number' && Number.isSafeInteger(generation) ? generation : 0;
}

/**
 * The `DisruptionTarget=True` condition with `reason` and `message`, and `observedGeneration`
 * set to the pod's generation (`PodObservedGenerationTracking`, GA and locked on since 1.35),
 * omitted when that is 0.
 */
export function disruptionTarget<R extends string, M extends string>(
  pod: unknown,
  reason: R,
  message: M,
): DisruptionTargetJson<R, M> {
  const condition: DisruptionTargetJson<R, M> = {
    type: DISRUPTION_TARGET,
    status: 'True',
    reason,
    message,
  };
  const generation = podGeneration(pod);
  if (generation !== 0) condition.observedGeneration = generation;
  return condition;
}

/** What `updatePodCondition` returns. */
export interface PodConditionUpdate<C> {
  /** The list with the condition appended or replaced (the input list is not modified). */
  readonly conditions: (C | unknown)[];
  /** `UpdatePodCondition`'s result: false when the condition was already there unchanged. */
  readonly changed: boolean;
}

/**
 * `podutil.UpdatePodCondition` on JSON conditions: `condition` gets `lastTransitionTime` = `now`
 * (left out when `now` is undefined) and is appended when no condition of its type exists;
 * otherwise it replaces the first one, keeping that one's `lastTransitionTime` when the status
 * is the same. `changed` is false only when status, reason, message, `lastProbeTime` and
 * `observedGeneration` all equal the old condition's.
 */
export function updatePodCondition<C extends PodConditionJson>(
  conditions: readonly unknown[],
  condition: C,
  now: string | undefined,
): PodConditionUpdate<C> {
  const out: unknown[] = [...conditions];
  const updated: C = { ...condition };
  if (now === undefined) delete updated.lastTransitionTime;
  else updated.lastTransitionTime = now;
  const index = out.findIndex((c) => field(c, 'type') === condition.type);
  if (index < 0) {
    out.push(updated);
    return { conditions: out, changed: true };
  }
  const old = out[index];
  const sameStatus = field(old, 'status') === updated.status;
  if (sameStatus) {
    const kept = field(old, 'lastTransitionTime');
    if (kept === undefined) delete updated.lastTransitionTime;
    else updated.lastTransitionTime = kept;
  }
  const oldGeneration = field(old, 'observedGeneration');
  const equal =
    sameStatus &&
    text(old, 'reason') === (updated.reason ?? '') &&
    text(old, 'message') === (updated.message ?? '') &&
    readTimestamp(field(old, 'lastProbeTime')) === readTimestamp(updated.lastProbeTime) &&
    (typeof oldGeneration === 'number' ? oldGeneration : 0) === (updated.observedGeneration ?? 0);
  out[index] = updated;
  return { conditions: out, changed: !equal };
}
