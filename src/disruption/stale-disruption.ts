import { field, list, text } from '../pods/api-object';
import { isDeletionTimestampSet, readTimestamp } from '../pods/api-time';
import { DISRUPTION_TARGET, TERMINATION_BY_KUBELET_REASON } from '../pods/pod-condition';
import { isTerminalPhase } from '../pods/pod-phase';

/**
 * `stalePodDisruptionTimeout`: a `DisruptionTarget=True` condition on a pod that is not
 * terminating gets reset to `False` by the disruption controller after this long.
 */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60 * 1000;

/** The verdict of `nonTerminatingPodHasStaleDisruptionCondition`. */
export interface StaleDisruption {
  /** The pod carries a DisruptionTarget condition that the controller will reset. */
  readonly stale: boolean;
  /** How long until the reset (0: now). Meaningful only when `stale`. */
  readonly cleanAfterMs: number;
}

/**
 * The disruption controller's `nonTerminatingPodHasStaleDisruptionCondition`: a pod without a
 * deletionTimestamp, not in a terminal phase, whose `DisruptionTarget` condition is `True` with
 * a reason other than `TerminationByKubelet`, is reset to `False` once the condition is
 * `STALE_POD_DISRUPTION_TIMEOUT_MS` old (the remaining time is `cleanAfterMs`).
 */
export function staleDisruptionCondition(pod: unknown, now: number): StaleDisruption {
  const none = { stale: false, cleanAfterMs: 0 };
  const metadata = field(pod, 'metadata');
  const status = field(pod, 'status');
  if (isDeletionTimestampSet(field(metadata, 'deletionTimestamp'))) return none;
  const condition = list(status, 'conditions').find((c) => text(c, 'type') === DISRUPTION_TARGET);
  const phase = text(status, 'phase');
  if (
    condition === undefined ||
    text(condition, 'status') !== 'True' ||
    text(condition, 'reason') === TERMINATION_BY_KUBELET_REASON ||
    isTerminalPhase(phase)
  ) {
    return none;
  }
  // A missing transition time is Go's zero time: long ago, so the reset is due now.
  const since = readTimestamp(field(condition, 'lastTransitionTime')) ?? Number.NEGATIVE_INFINITY;
  return {
    stale: true,
    cleanAfterMs: Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - (now - since)),
  };
}
