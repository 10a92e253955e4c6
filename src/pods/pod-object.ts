import { podPriority } from './pod-kinds';

// The pod fields the scheduler's preemption and the PodGC controller read: identity, labels,
// lifecycle timestamps, scheduling and phase. Pods are plain API JSON or client-node objects
// (Date timestamps); fields of the wrong type read as absent, and nothing here throws.

/** One `status.conditions` entry, as read. */
export interface PodObjectCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  /** Epoch ms; `undefined` when absent or unparseable. */
  readonly lastTransitionTime: number | undefined;
}

export interface PodObjectView {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  /** `metadata.labels`, string values only. */
  readonly labels: Readonly<Record<string, string>>;
  readonly labelCount: number;
  /** `metadata.creationTimestamp`, epoch ms; `undefined` when absent (Go's zero time). */
  readonly creationTimestamp: number | undefined;
  /** `metadata.deletionTimestamp`, epoch ms; `undefined` when absent or unparseable. */
  readonly deletionTimestamp: number | undefined;
  readonly deletionGracePeriodSeconds: number | undefined;
  readonly finalizers: readonly string[];
  /** `spec.nodeName` (`""` when unscheduled). */
  readonly nodeName: string;
  /** `PodPriority`: `spec.priority` (int32), else 0. */
  readonly priority: number;
  /** `spec.preemptionPolicy` (`""` when unset, which the API defaults to `PreemptLowerPriority`). */
  readonly preemptionPolicy: string;
  readonly schedulerName: string;
  readonly phase: string;
  /** `status.reason` (`Evicted` for kubelet evictions). */
  readonly reason: string;
  /** `status.startTime`, epoch ms; `undefined` before the kubelet starts the pod. */
  readonly startTime: number | undefined;
  readonly nominatedNodeName: string;
  readonly conditions: readonly PodObjectCondition[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A plain object (JSON) or a class instance (client-node): anything object-shaped but not an array. */
export function isObjectLike(v: unknown): v is Record<string, unknown> {
  return isRecord(v);
}

/**
 * A Kubernetes timestamp as epoch ms: an RFC 3339 string, a `Date` (client-node) or a number
 * (already epoch ms). Anything else, or an unparseable value, is `undefined`.
 */
export function readTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function field(obj: unknown, key: string): unknown {
  return isRecord(obj) ? obj[key] : undefined;
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const key of Object.keys(v)) {
    const value = v[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

function conditionsOf(v: unknown): PodObjectCondition[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((c) => ({
    type: text(c.type),
    status: text(c.status),
    reason: text(c.reason),
    message: text(c.message),
    lastTransitionTime: readTimestamp(c.lastTransitionTime),
  }));
}

const EMPTY: PodObjectView = Object.freeze({
  name: '',
  namespace: '',
  uid: '',
  labels: {},
  labelCount: 0,
  creationTimestamp: undefined,
  deletionTimestamp: undefined,
  deletionGracePeriodSeconds: undefined,
  finalizers: [],
  nodeName: '',
  priority: 0,
  preemptionPolicy: '',
  schedulerName: '',
  phase: '',
  reason: '',
  startTime: undefined,
  nominatedNodeName: '',
  conditions: [],
});

/**
 * Read the identity, lifecycle and scheduling fields of a pod. Never throws: a value that is
 * not an object reads as an empty pod, a field of the wrong type as absent, and a hostile object
 * (a throwing getter) as an empty pod.
 */
export function readPodObject(pod: unknown): PodObjectView {
  if (!isRecord(pod)) return EMPTY;
  try {
    const metadata = pod.metadata;
    const spec = pod.spec;
    const status = pod.status;
    const labels = stringRecord(field(metadata, 'labels'));
    const grace = field(metadata, 'deletionGracePeriodSeconds');
    const finalizers = field(metadata, 'finalizers');
    return {
      name: text(field(metadata, 'name')),
      namespace: text(field(metadata, 'namespace')),
      uid: text(field(metadata, 'uid')),
      labels,
      labelCount: Object.keys(labels).length,
      creationTimestamp: readTimestamp(field(metadata, 'creationTimestamp')),
      deletionTimestamp: readTimestamp(field(metadata, 'deletionTimestamp')),
      deletionGracePeriodSeconds:
        typeof grace === 'number' && Number.isInteger(grace) ? grace : undefined,
      finalizers: Array.isArray(finalizers)
        ? finalizers.filter((f): f is string => typeof f === 'string')
        : [],
      nodeName: text(field(spec, 'nodeName')),
      priority: podPriority(pod),
      preemptionPolicy: text(field(spec, 'preemptionPolicy')),
      schedulerName: text(field(spec, 'schedulerName')),
      phase: text(field(status, 'phase')),
      reason: text(field(status, 'reason')),
      startTime: readTimestamp(field(status, 'startTime')),
      nominatedNodeName: text(field(status, 'nominatedNodeName')),
      conditions: conditionsOf(field(status, 'conditions')),
    };
  } catch {
    return EMPTY;
  }
}

/** `namespace/name`, or just `name` for a pod without a namespace. */
export function podRef(view: Pick<PodObjectView, 'name' | 'namespace'>): string {
  return view.namespace === '' ? view.name : `${view.namespace}/${view.name}`;
}
