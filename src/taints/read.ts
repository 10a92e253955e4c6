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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[key]` for any value; `undefined` when `obj` is not an object. */
export function get(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A string field: `''` for missing or `null` (Go's zero value), `undefined` for a wrong type. */
export function stringField(obj: unknown, key: string): string | undefined {
  const value = get(obj, key);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/** The elements of an array field (holes and non-arrays give nothing). */
export function arrayField(obj: unknown, key: string): unknown[] {
  const value = get(obj, key);
  if (!Array.isArray(value)) return [];
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    if (i in value) out.push(value[i]);
  }
  return out;
}

/**
 * A timestamp as epoch ms: RFC 3339 strings (API JSON), `Date`s (client-node) and numbers.
 * `undefined` for anything else, including invalid dates.
 */
export function toEpochMs(value: unknown): number | undefined {
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
  if (!isRecord(value)) return undefined;
  const key = stringField(value, 'key');
  const operator = stringField(value, 'operator');
  const val = stringField(value, 'value');
  const effect = stringField(value, 'effect');
  const seconds = readSeconds(get(value, 'tolerationSeconds'));
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
  if (!isRecord(value)) return undefined;
  const key = stringField(value, 'key');
  const val = stringField(value, 'value');
  const effect = stringField(value, 'effect');
  if (key === undefined || val === undefined || effect === undefined) return undefined;
  return { key, value: val, effect, timeAdded: toEpochMs(get(value, 'timeAdded')), source: value };
}

/** The readable tolerations of a list, in order (unreadable entries tolerate nothing). */
export function readTolerations(list: unknown): TolerationView[] {
  if (!Array.isArray(list)) return [];
  const out: TolerationView[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue;
    const t = readToleration(list[i]);
    if (t !== undefined) out.push(t);
  }
  return out;
}

/** The readable taints of a list, in order. */
export function readTaints(list: unknown): TaintView[] {
  if (!Array.isArray(list)) return [];
  const out: TaintView[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue;
    const t = readTaint(list[i]);
    if (t !== undefined) out.push(t);
  }
  return out;
}

export function readCondition(value: unknown): ConditionView | undefined {
  if (!isRecord(value)) return undefined;
  const type = stringField(value, 'type');
  const status = stringField(value, 'status');
  if (type === undefined || status === undefined) return undefined;
  return {
    type,
    status,
    reason: stringField(value, 'reason') ?? '',
    message: stringField(value, 'message') ?? '',
    lastHeartbeatTime: toEpochMs(get(value, 'lastHeartbeatTime')),
    lastTransitionTime: toEpochMs(get(value, 'lastTransitionTime')),
  };
}

/** The first condition of `type` in a status's `conditions` list (`GetNodeCondition`). */
export function findCondition(status: unknown, type: string): ConditionView | undefined {
  for (const entry of arrayField(status, 'conditions')) {
    const c = readCondition(entry);
    if (c !== undefined && c.type === type) return c;
  }
  return undefined;
}

/** A string-to-string map (labels, annotations); non-string values are left out. */
export function readStringMap(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(value)) return out;
  for (const k of Object.keys(value)) {
    const v = get(value, k);
    if (typeof v === 'string') out.set(k, v);
  }
  return out;
}

/** The pod fields the taint functions read. */
export interface PodTaintView {
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string;
  readonly generation: number;
  readonly deletionTimestamp: number | undefined;
  readonly terminating: boolean;
  readonly phase: string;
  readonly tolerations: TolerationView[];
}

export function readPodForTaints(pod: unknown): PodTaintView {
  const metadata = get(pod, 'metadata');
  const spec = get(pod, 'spec');
  const status = get(pod, 'status');
  const generation = get(metadata, 'generation');
  const deletion = get(metadata, 'deletionTimestamp');
  return {
    name: stringField(metadata, 'name') ?? '',
    namespace: stringField(metadata, 'namespace') ?? '',
    nodeName: stringField(spec, 'nodeName') ?? '',
    generation: typeof generation === 'number' && Number.isSafeInteger(generation) ? generation : 0,
    deletionTimestamp: toEpochMs(deletion),
    terminating: deletion !== undefined && deletion !== null,
    phase: stringField(status, 'phase') ?? '',
    tolerations: readTolerations(get(spec, 'tolerations')),
  };
}
