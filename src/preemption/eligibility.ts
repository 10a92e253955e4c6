import { err, ok, type Result } from 'neverthrow';
import { isObjectLike } from '../pods/api-object';
import { DISRUPTION_TARGET } from '../pods/pod-condition';
import { podRef, readPodObject } from '../pods/pod-object';
import {
  CallbackFailure,
  callbackError,
  guarded,
  inputError,
  type PreemptionInputError,
} from './errors';

// DefaultPreemption.PodEligibleToPreemptOthers and podTerminatingByPreemption, v1.37.

/** The `DisruptionTarget` reason the scheduler writes on its victims. */
export const PREEMPTION_BY_SCHEDULER_REASON = 'PreemptionByScheduler';

/** The scheduler framework's status codes, as a nominated node's filter status may carry them. */
export type FilterStatusCode =
  | 'Success'
  | 'Error'
  | 'Unschedulable'
  | 'UnschedulableAndUnresolvable'
  | 'Wait'
  | 'Skip'
  | 'Pending';

export interface EligibilityOptions<P = unknown> {
  /**
   * The filter status of the preemptor's nominated node in this cycle; absent means success
   * (upstream's nil status). `UnschedulableAndUnresolvable` makes the pod eligible again.
   */
  nominatedNodeStatus?: FilterStatusCode | string;
  /**
   * The pods on the nominated node, from the scheduler's snapshot; absent when the node is not
   * in the snapshot (then nothing on it can block the preemptor).
   */
  nominatedNodePods?: readonly P[];
  /** The plugin's `IsEligiblePod` hook; by default every lower-priority pod is eligible. */
  isEligiblePod?: (victim: P, preemptor: unknown) => boolean;
}

export interface Eligibility<P = unknown> {
  readonly eligible: boolean;
  /** Upstream's reason string (`""` when eligible). */
  readonly message: string;
  /** The terminating victim that blocks the preemptor, when that is the reason. */
  readonly blockingPod?: P;
  readonly why: string;
}

/** Upstream's reason for `preemptionPolicy: Never`. */
export const NOT_ELIGIBLE_PREEMPT_NEVER = 'not eligible due to preemptionPolicy=Never.';
/** Upstream's reason for a preemption victim still terminating on the nominated node. */
export const NOT_ELIGIBLE_TERMINATING_VICTIM =
  'not eligible due to a terminating pod on the nominated node.';

/**
 * `podTerminatingByPreemption`: the pod has a `deletionTimestamp` and its first
 * `DisruptionTarget` condition is `True` with reason `PreemptionByScheduler`.
 */
export function podTerminatingByPreemption(pod: unknown): boolean {
  const view = readPodObject(pod);
  if (!view.terminating) return false;
  const condition = view.conditions.find((c) => c.type === DISRUPTION_TARGET);
  return (
    condition !== undefined &&
    condition.status === 'True' &&
    condition.reason === PREEMPTION_BY_SCHEDULER_REASON
  );
}

/**
 * `PodEligibleToPreemptOthers`: may this pod preempt others in this cycle? Not with
 * `preemptionPolicy: Never`. Not while its nominated node (`status.nominatedNodeName`) still
 * holds a pod it could preempt (lower priority, accepted by `isEligiblePod`) that is terminating
 * because of an earlier preemption (see `podTerminatingByPreemption`), unless that node's filter
 * status this cycle is `UnschedulableAndUnresolvable`. Lower-priority pods terminating for other
 * reasons do not block it. Otherwise eligible.
 */
export function explainEligibility<P>(
  preemptor: unknown,
  options: EligibilityOptions<P> = {},
): Result<Eligibility<P>, PreemptionInputError> {
  if (!isObjectLike(preemptor))
    return err(inputError('invalid-pod', 'preemptor', preemptor, 'preemptor: not a pod object'));
  if (!isObjectLike(options)) options = {};
  const self = readPodObject(preemptor);
  if (self.preemptionPolicy === 'Never')
    return ok({
      eligible: false,
      message: NOT_ELIGIBLE_PREEMPT_NEVER,
      why: `${podRef(self)} has preemptionPolicy Never`,
    });
  const nominated = self.nominatedNodeName;
  if (nominated === '')
    return ok({ eligible: true, message: '', why: `${podRef(self)} has no nominated node` });
  if (options?.nominatedNodeStatus === 'UnschedulableAndUnresolvable')
    return ok({
      eligible: true,
      message: '',
      why: `the nominated node ${nominated} is UnschedulableAndUnresolvable for it, so it may preempt elsewhere`,
    });
  const pods = options?.nominatedNodePods;
  if (pods === undefined || pods === null)
    return ok({
      eligible: true,
      message: '',
      why: `the nominated node ${nominated} is not in the snapshot`,
    });
  if (!Array.isArray(pods))
    return err(
      inputError('invalid-pod', 'options.nominatedNodePods', pods, 'nominatedNodePods: not a list'),
    );
  const isEligible = options.isEligiblePod;
  try {
    for (const pod of pods) {
      const view = readPodObject(pod);
      if (view.priority >= self.priority) continue;
      if (
        isEligible !== undefined &&
        !guarded('options.isEligiblePod', () => isEligible(pod, preemptor))
      )
        continue;
      if (!podTerminatingByPreemption(pod)) continue;
      return ok({
        eligible: false,
        message: NOT_ELIGIBLE_TERMINATING_VICTIM,
        blockingPod: pod,
        why: `${podRef(view)} on the nominated node ${nominated} is still terminating after being preempted`,
      });
    }
  } catch (e) {
    if (e instanceof CallbackFailure) return err(callbackError(e));
    throw e;
  }
  return ok({
    eligible: true,
    message: '',
    why: `no preemption victim is still terminating on the nominated node ${nominated}`,
  });
}

/**
 * `PodEligibleToPreemptOthers` (see `explainEligibility`): `{ eligible, message, why }`. Input
 * that is not a pod is not eligible, with the problem as the message.
 */
export function podEligibleToPreemptOthers<P>(
  preemptor: unknown,
  options: EligibilityOptions<P> = {},
): Eligibility<P> {
  const result = explainEligibility(preemptor, options);
  if (result.isOk()) return result.value;
  return { eligible: false, message: result.error.message, why: result.error.message };
}
