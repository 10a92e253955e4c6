import { field, integer, isObjectLike, list, listOf, stringMap, text } from './api-object';
import { isDeletionTimestampSet, readTimestamp } from './api-time';
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
  /** `deletionTimestamp != nil` (also when its value does not parse: see `isDeletionTimestampSet`). */
  readonly terminating: boolean;
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

function conditionsOf(v: unknown): PodObjectCondition[] {
  return listOf(v)
    .filter(isObjectLike)
    .map((c) => ({
      type: text(c, 'type'),
      status: text(c, 'status'),
      reason: text(c, 'reason'),
      message: text(c, 'message'),
      lastTransitionTime: readTimestamp(field(c, 'lastTransitionTime')),
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
  terminating: false,
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
  if (!isObjectLike(pod)) return EMPTY;
  try {
    const metadata = pod.metadata;
    const spec = pod.spec;
    const status = pod.status;
    const labels = Object.fromEntries(stringMap(metadata, 'labels'));
    return {
      name: text(metadata, 'name'),
      namespace: text(metadata, 'namespace'),
      uid: text(metadata, 'uid'),
      labels,
      labelCount: Object.keys(labels).length,
      creationTimestamp: readTimestamp(field(metadata, 'creationTimestamp')),
      deletionTimestamp: readTimestamp(field(metadata, 'deletionTimestamp')),
      terminating: isDeletionTimestampSet(field(metadata, 'deletionTimestamp')),
      deletionGracePeriodSeconds: integer(metadata, 'deletionGracePeriodSeconds'),
      finalizers: list(metadata, 'finalizers').filter((f): f is string => typeof f === 'string'),
      nodeName: text(spec, 'nodeName'),
      priority: podPriority(pod),
      preemptionPolicy: text(spec, 'preemptionPolicy'),
      schedulerName: text(spec, 'schedulerName'),
      phase: text(status, 'phase'),
      reason: text(status, 'reason'),
      startTime: readTimestamp(field(status, 'startTime')),
      nominatedNodeName: text(status, 'nominatedNodeName'),
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
