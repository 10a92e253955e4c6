import { field, list, text } from '../pods/api-object';
import { isDeletionTimestampSet } from '../pods/api-time';
import { isTerminalPhase } from '../pods/pod-phase';

// The few pod fields the loop reads besides what the ranking reads, taken straight from the
// object (plain API JSON or a client-node model): cheap, and never throwing on odd input.

/** The pod's `metadata.uid`, `name` and `namespace` (`""` when absent). */
export interface PodIdentity {
  uid: string;
  name: string;
  namespace: string;
}

export function podIdentity(pod: unknown): PodIdentity {
  const metadata = field(pod, 'metadata');
  return {
    uid: text(metadata, 'uid'),
    name: text(metadata, 'name'),
    namespace: text(metadata, 'namespace'),
  };
}

/** `status.phase` is `Succeeded` or `Failed`: the kubelet's active-pods list leaves it out. */
export function isTerminalPod(pod: unknown): boolean {
  return isTerminalPhase(field(field(pod, 'status'), 'phase'));
}

/** The pod has a `metadata.deletionTimestamp` (`!= nil`, see `isDeletionTimestampSet`). */
export function isTerminatingPod(pod: unknown): boolean {
  return isDeletionTimestampSet(field(field(pod, 'metadata'), 'deletionTimestamp'));
}

/** `spec.terminationGracePeriodSeconds` when the pod sets it (an integer), else `undefined`. */
export function podTerminationGracePeriodSeconds(pod: unknown): number | undefined {
  const v = field(field(pod, 'spec'), 'terminationGracePeriodSeconds');
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** `spec.containers` and `spec.initContainers` as given (objects only). */
export function podContainers(pod: unknown): object[] {
  const spec = field(pod, 'spec');
  const objects = (key: string): object[] =>
    list(spec, key).filter((c): c is object => typeof c === 'object' && c !== null);
  return [...objects('containers'), ...objects('initContainers')];
}
