import { get, readToleration } from './read';
import type { Toleration } from './types';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from './well-known';

// plugin/pkg/admission/defaulttolerationseconds/admission.go (enabled by default).

/** `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds`. */
export const DEFAULT_TOLERATION_SECONDS = 300;

export interface DefaultTolerationSecondsOptions {
  /** `tolerationSeconds` of the added not-ready toleration; 300 by default. */
  notReadySeconds?: number;
  /** `tolerationSeconds` of the added unreachable toleration; 300 by default. */
  unreachableSeconds?: number;
  /**
   * The admission request: the plugin only handles `CREATE` and `UPDATE` of the pod itself
   * (no subresource); anything else leaves the pod untouched. `CREATE` by default.
   */
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  subresource?: string;
}

/**
 * The `DefaultTolerationSeconds` admission plugin. A pod "already tolerates not-ready" when some
 * toleration has key `node.kubernetes.io/not-ready` **or an empty key**, and effect `NoExecute`
 * **or an empty effect** — operator, value and `tolerationSeconds` are not looked at (an `Equal`
 * toleration with any value counts, and so does a wildcard `{operator: Exists}`). Likewise for
 * unreachable. For each taint not already tolerated it appends
 * `{key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds}` — not-ready first, then
 * unreachable. Returns a new pod (the input is not modified; a pod that needs nothing is still
 * a copy). Option values that are not integers fall back to 300. Never throws; a value that is
 * not an object is returned as it is.
 */
export function applyDefaultTolerationSeconds<P extends object>(
  pod: P,
  options?: DefaultTolerationSecondsOptions,
): P {
  if (typeof pod !== 'object' || pod === null) return pod;
  const operation = options?.operation ?? 'CREATE';
  const handled = (operation === 'CREATE' || operation === 'UPDATE') && !options?.subresource;
  const spec = get(pod, 'spec');
  const existing = get(spec, 'tolerations');
  const tolerations: unknown[] = Array.isArray(existing) ? [...existing] : [];
  if (handled) {
    let notReady = false;
    let unreachable = false;
    for (const entry of tolerations) {
      const t = readToleration(entry);
      if (t === undefined) continue;
      const noExecute = t.effect === 'NoExecute' || t.effect === '';
      if (noExecute && (t.key === TAINT_NODE_NOT_READY || t.key === '')) notReady = true;
      if (noExecute && (t.key === TAINT_NODE_UNREACHABLE || t.key === '')) unreachable = true;
    }
    if (!notReady) {
      tolerations.push(added(TAINT_NODE_NOT_READY, seconds(options?.notReadySeconds)));
    }
    if (!unreachable) {
      tolerations.push(added(TAINT_NODE_UNREACHABLE, seconds(options?.unreachableSeconds)));
    }
  }
  const copy = cloneShallow(pod);
  if (!handled) return copy;
  const newSpec = typeof spec === 'object' && spec !== null ? cloneShallow(spec) : {};
  (newSpec as Record<string, unknown>).tolerations = tolerations;
  (copy as Record<string, unknown>).spec = newSpec;
  return copy;
}

function added(key: string, tolerationSeconds: number): Toleration {
  return { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds };
}

function seconds(value: number | undefined): number {
  return typeof value === 'number' && Number.isSafeInteger(value)
    ? value
    : DEFAULT_TOLERATION_SECONDS;
}

/** A shallow copy that keeps the prototype (client-node model classes stay instances). */
function cloneShallow<T extends object>(value: T): T {
  if (Array.isArray(value)) return [...value] as T;
  let proto: object | null = null;
  try {
    proto = Object.getPrototypeOf(value);
  } catch {
    proto = Object.prototype;
  }
  return Object.assign(Object.create(proto), value) as T;
}
