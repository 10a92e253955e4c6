import { field, isObjectLike, list, listOf, stringField, text } from '../pods/api-object';
import { isDeletionTimestampSet, readTimestamp } from '../pods/api-time';

// Defensive readers: taints, tolerations, pods and nodes arrive as API JSON, as
// @kubernetes/client-node objects (Dates for timestamps), or as anything at all. Nothing here
// throws; what cannot be read is reported as absent.

/** A toleration as the matching code sees it: Go's zero values for missing strings. */
export interface TolerationView {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
  readonly effect: string;
  /** `tolerationSeconds`; `undefined` is Go's `nil` (tolerate forever). */
  readonly seconds: number | undefined;
  /** The object the view was read from. */
  readonly source: unknown;
}

/** A taint as the matching code sees it. */
export interface TaintView {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
  /** `timeAdded` in epoch ms. */
  readonly timeAdded: number | undefined;
  readonly source: unknown;
}

export interface ConditionView {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly lastHeartbeatTime: number | undefined;
  readonly lastTransitionTime: number | undefined;
}

const INT64_LIMIT = 2 ** 63;

/**
 * `tolerationSeconds` as an int64: `null`/absent is `nil`; an integer number (or bigint) within
 * int64 range is the value; anything else cannot come from the API and makes the toleration
 * unreadable (`'invalid'`).
 */
export function readSeconds(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'bigint') {
    return value >= -(2n ** 63n) && value < 2n ** 63n ? Number(value) : 'invalid';
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'invalid';
  return value >= -INT64_LIMIT && value < INT64_LIMIT ? value : 'invalid';
}

/**
 * One toleration, or `undefined` when it is not an object with string fields. `null` is Go's
 * zero Toleration (what JSON `null` decodes to): empty key and effect, implied `Equal`, empty
 * value — it tolerates every taint whose value is empty (the API server rejects such a pod).
 */
export function readToleration(value: unknown): TolerationView | undefined {
  if (value === null)
    return { key: '', operator: '', value: '', effect: '', seconds: undefined, source: value };
  if (!isObjectLike(value)) return undefined;
  const key = stringField(value, 'key');
  const operator = stringField(value, 'operator');
  const val = stringField(value, 'value');
  const effect = stringField(value, 'effect');
  const seconds = readSeconds(field(value, 'tolerationSeconds'));
  if (key === undefined || operator === undefined || val === undefined || effect === undefined) {
    return undefined;
  }
  if (seconds === 'invalid') return undefined;
  return { key, operator, value: val, effect, seconds, source: value };
}

/** One taint, or `undefined` when it is not an object with string fields (`null`: Go's zero Taint). */
export function readTaint(value: unknown): TaintView | undefined {
  if (value === null)
    return { key: '', value: '', effect: '', timeAdded: undefined, source: value };
  if (!isObjectLike(value)) return undefined;
  const key = stringField(value, 'key');
  const val = stringField(value, 'value');
  const effect = stringField(value, 'effect');
  if (key === undefined || val === undefined || effect === undefined) return undefined;
  return {
    key,
    value: val,
    effect,
    timeAdded: readTimestamp(field(value, 'timeAdded')),
    source: value,
  };
}

/** The readable tolerations of a list, in order (unreadable entries tolerate nothing). */
export function readTolerations(value: unknown): TolerationView[] {
  return listOf(value).flatMap((t) => readToleration(t) ?? []);
}

/** The readable taints of a list, in order. */
export function readTaints(value: unknown): TaintView[] {
  return listOf(value).flatMap((t) => readTaint(t) ?? []);
}

export function readCondition(value: unknown): ConditionView | undefined {
  if (!isObjectLike(value)) return undefined;
  const type = stringField(value, 'type');
  const status = stringField(value, 'status');
  if (type === undefined || status === undefined) return undefined;
  return {
    type,
    status,
    reason: text(value, 'reason'),
    message: text(value, 'message'),
    lastHeartbeatTime: readTimestamp(field(value, 'lastHeartbeatTime')),
    lastTransitionTime: readTimestamp(field(value, 'lastTransitionTime')),
  };
}

/** The first condition of `type` in a status's `conditions` list (`GetNodeCondition`). */
export function findCondition(status: unknown, type: string): ConditionView | undefined {
  for (const entry of list(status, 'conditions')) {
    const c = readCondition(entry);
    if (c !== undefined && c.type === type) return c;
  }
  return undefined;
}

/** The pod fields the taint functions read. */
export interface PodTaintView {
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string;
  readonly deletionTimestamp: number | undefined;
  readonly terminating: boolean;
  readonly phase: string;
  readonly tolerations: TolerationView[];
}

export function readPodForTaints(pod: unknown): PodTaintView {
  const metadata = field(pod, 'metadata');
  const spec = field(pod, 'spec');
  const status = field(pod, 'status');
  const deletion = field(metadata, 'deletionTimestamp');
  return {
    name: text(metadata, 'name'),
    namespace: text(metadata, 'namespace'),
    nodeName: text(spec, 'nodeName'),
    deletionTimestamp: readTimestamp(deletion),
    terminating: isDeletionTimestampSet(deletion),
    phase: text(status, 'phase'),
    tolerations: readTolerations(field(spec, 'tolerations')),
  };
}
