// The few pod fields the loop reads besides what the ranking reads, taken straight from the
// object (plain API JSON or a client-node model): cheap, and never throwing on odd input.

type Loose = Record<string, unknown>;

function field(object: unknown, key: string): unknown {
  try {
    return typeof object === 'object' && object !== null ? (object as Loose)[key] : undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The pod's `metadata.uid`, `name` and `namespace` (`""` when absent). */
export interface PodIdentity {
  uid: string;
  name: string;
  namespace: string;
}

export function podIdentity(pod: unknown): PodIdentity {
  const metadata = field(pod, 'metadata');
  return {
    uid: text(field(metadata, 'uid')),
    name: text(field(metadata, 'name')),
    namespace: text(field(metadata, 'namespace')),
  };
}

/** `status.phase` is `Succeeded` or `Failed`: the kubelet's active-pods list leaves it out. */
export function isTerminalPod(pod: unknown): boolean {
  const phase = field(field(pod, 'status'), 'phase');
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The pod has a `metadata.deletionTimestamp` (a string, or a client-node `Date`). */
export function isTerminatingPod(pod: unknown): boolean {
  const ts = field(field(pod, 'metadata'), 'deletionTimestamp');
  return (typeof ts === 'string' && ts !== '') || ts instanceof Date;
}

/** `spec.terminationGracePeriodSeconds` when the pod sets it (an integer), else `undefined`. */
export function podTerminationGracePeriodSeconds(pod: unknown): number | undefined {
  const v = field(field(pod, 'spec'), 'terminationGracePeriodSeconds');
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** `spec.containers` and `spec.initContainers` as given (objects only). */
export function podContainers(pod: unknown): object[] {
  const spec = field(pod, 'spec');
  const list = (v: unknown): object[] =>
    Array.isArray(v) ? v.filter((c): c is object => typeof c === 'object' && c !== null) : [];
  return [...list(field(spec, 'containers')), ...list(field(spec, 'initContainers'))];
}
