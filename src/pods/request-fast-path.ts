import { isQuantity, parseQuantity, type Quantity } from '../signals/quantity';
import type { ContainerView } from './pod';
import { isRestartableInitContainer, isSupportedPodLevelResource } from './pod-requests';

// A fast path for what eviction ranking reads of every pod: `spec.priority` and one resource's
// request as `getResourceRequestQuantity` sums it (containers, sidecars and init containers,
// pod-level requests, overhead). It reads the pod object directly, with no schema pass and no
// Quantity arithmetic: each quantity string is parsed once (cached) into milli-units held in a
// plain number, and sums stay in safe-integer range.
//
// It handles well-formed pods only. Anything the general reader (`readPod`) would have to repair
// or interpret — a field of the wrong type, an unparseable quantity, a resource list that is not
// a plain object or carries symbol keys, a getter that throws — makes it decline (return false),
// and so does any value that is not a whole number of milli-units within ±2^53. Callers then use
// `readPod` + `requestQuantityOf`, which define the semantics; a property test holds the two to
// the same answers. One difference is left on purpose: a getter that throws on a field ranking
// never reads (`metadata.name`, say) makes `readPod` read the whole pod as empty, while this
// path, which never touches that field, ranks the pod by its spec.

/** Priority and one resource's request of a pod, as ranking needs them. */
export interface RankingFields {
  /** `spec.priority`, 0 when unset. */
  priority: number;
  /** `getResourceRequestQuantity(pod, resource)` in units of 10⁻³, exact. */
  requestMilli: number;
}

type Json = Record<string, unknown>;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const MILLI_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/** Sentinel: the list does not name the resource (Go's "not in the map"). */
const ABSENT = Number.POSITIVE_INFINITY;
/** Sentinel: not handled here; the caller must take the general path. */
const BAIL = Number.NaN;

/**
 * Priority and `resource`'s request of a well-formed pod, written into `out` (reused by the
 * caller, so that a ranking of many pods allocates nothing here). Returns false, with `out`
 * unspecified, when the general path must answer. `podLevelResources` is the state of the
 * `PodLevelResources` gate.
 */
export function rankingFieldsFast(
  pod: unknown,
  resource: string,
  podLevelResources: boolean,
  out: RankingFields,
): boolean {
  try {
    return readFields(pod, resource, podLevelResources, out);
  } catch {
    // A hostile object (a throwing getter): the general reader decides what it means.
    return false;
  }
}

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isAbsent = (value: unknown): value is null | undefined =>
  value === undefined || value === null;

function readFields(
  pod: unknown,
  resource: string,
  podLevelGate: boolean,
  out: RankingFields,
): boolean {
  if (!isRecord(pod)) return false;
  const spec = pod.spec;
  if (isAbsent(spec)) {
    out.priority = 0;
    out.requestMilli = 0;
    return true;
  }
  if (!isRecord(spec)) return false;

  const rawPriority = spec.priority;
  let priority = 0;
  if (!isAbsent(rawPriority)) {
    if (
      typeof rawPriority !== 'number' ||
      !Number.isInteger(rawPriority) ||
      rawPriority < INT32_MIN ||
      rawPriority > INT32_MAX
    ) {
      return false;
    }
    priority = rawPriority;
  }

  // Pod-level requests and limits (`spec.resources`).
  let podRequests: Json | undefined;
  let podLimits: Json | undefined;
  const podLevel = spec.resources;
  if (!isAbsent(podLevel)) {
    if (!isRecord(podLevel)) return false;
    const requests = resourceList(podLevel.requests);
    const limits = resourceList(podLevel.limits);
    if (requests === null || limits === null) return false;
    podRequests = requests;
    podLimits = limits;
  }
  const requestsSet = namesSupported(podRequests);
  if (Number.isNaN(requestsSet)) return false;
  let hasPodLevel = false;
  if (podLevelGate) {
    const limitsSet = namesSupported(podLimits);
    if (Number.isNaN(limitsSet)) return false;
    hasPodLevel = requestsSet === 1 || limitsSet === 1;
  }

  // Container-level aggregate, unless pod-level resources replace it.
  let requested = hasPodLevel ? ABSENT : aggregate(spec, resource);
  if (Number.isNaN(requested)) return false;
  if (requestsSet === 1 && isSupportedPodLevelResource(resource)) {
    const value = listValue(podRequests, resource);
    if (Number.isNaN(value)) return false;
    if (value !== ABSENT) requested = value;
  }

  let request = requested === ABSENT ? 0 : requested;
  const overheadList = resourceList(spec.overhead);
  if (overheadList === null) return false;
  const overhead = listValue(overheadList, resource);
  if (Number.isNaN(overhead)) return false;
  if (overhead !== ABSENT && request !== 0) {
    request += overhead;
    if (!Number.isSafeInteger(request)) return false;
  }
  out.priority = priority;
  out.requestMilli = request;
  return true;
}

/**
 * Sum of regular containers and sidecars, then the max with each init container's peak (a
 * non-restartable init container runs alongside every sidecar started before it) — the same
 * fold as `aggregate` in pod-requests.ts, for one resource, with "absent" kept apart from 0.
 */
function aggregate(spec: Json, resource: string): number {
  const containers = spec.containers;
  const initContainers = spec.initContainers;
  let result = ABSENT;
  if (!isAbsent(containers)) {
    if (!Array.isArray(containers)) return BAIL;
    for (let i = 0; i < containers.length; i++) {
      result = add(result, containerRequest(containers[i], resource));
    }
  }
  let sidecars = ABSENT;
  let initPeak = ABSENT;
  if (!isAbsent(initContainers)) {
    if (!Array.isArray(initContainers)) return BAIL;
    for (let i = 0; i < initContainers.length; i++) {
      const c: unknown = initContainers[i];
      const value = containerRequest(c, resource);
      if (Number.isNaN(value)) return BAIL;
      const restartPolicy = (c as Json).restartPolicy;
      if (!isAbsent(restartPolicy) && typeof restartPolicy !== 'string') return BAIL;
      // The raw container carries the one field the predicate reads, `restartPolicy`.
      if (isRestartableInitContainer(c as ContainerView)) {
        result = add(result, value);
        sidecars = add(sidecars, value);
        initPeak = max(initPeak, sidecars);
      } else {
        initPeak = max(initPeak, add(value, sidecars));
      }
    }
  }
  return max(result, initPeak);
}

/** `add` that also passes NaN (not handled here) through. */
function add(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return BAIL;
  if (b === ABSENT) return a;
  if (a === ABSENT) return b;
  const sum = a + b;
  return Number.isSafeInteger(sum) ? sum : BAIL;
}

/** `maxResourceList` for one resource: a present value replaces an absent or smaller one. */
function max(list: number, other: number): number {
  if (Number.isNaN(list) || Number.isNaN(other)) return BAIL;
  if (other === ABSENT) return list;
  return list === ABSENT || other > list ? other : list;
}

/** A container's request for `resource`: milli value, ABSENT, or BAIL. */
function containerRequest(container: unknown, resource: string): number {
  if (!isRecord(container)) return BAIL;
  const resources = container.resources;
  if (isAbsent(resources)) return ABSENT;
  if (!isRecord(resources)) return BAIL;
  const requests = resourceList(resources.requests);
  return requests === null ? BAIL : listValue(requests, resource);
}

/**
 * A resource list as the schema's record accepts it: absent, or an object whose constructor is
 * `Object` (or none) — zod's plain-object test. `null` means "not handled here".
 */
function resourceList(value: unknown): Json | undefined | null {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const ctor: unknown = (value as Json).constructor;
  return ctor === Object || ctor === undefined ? (value as Json) : null;
}

/** `list[resource]` in milli-units: ABSENT when not named, BAIL when not exact or not a quantity. */
function listValue(list: Json | undefined, resource: string): number {
  if (list === undefined || !isEnumerableOwn(list, resource)) return ABSENT;
  // The schema drops a whole list that has a symbol key; that matters only when the list
  // names the resource, so only then is it looked for.
  if (Object.getOwnPropertySymbols(list).length > 0) return BAIL;
  return quantityMilli(list[resource]);
}

const isEnumerableOwn = (object: object, key: string): boolean =>
  Object.prototype.propertyIsEnumerable.call(object, key);

/**
 * 1 when `list` names a resource that may be set at pod level (with a valid quantity), 0 when
 * not, NaN when a value there is not handled here.
 */
function namesSupported(list: Json | undefined): number {
  if (list === undefined) return 0;
  let found = 0;
  for (const name in list) {
    if (!Object.hasOwn(list, name) || !isSupportedPodLevelResource(name)) continue;
    // A value that does not parse would be dropped by the general reader: let it decide.
    if (quantityOf(list[name]) === undefined) return BAIL;
    found = 1;
  }
  // A symbol key makes the schema drop the list (see listValue).
  if (found === 1 && Object.getOwnPropertySymbols(list).length > 0) return BAIL;
  return found;
}

// Quantity strings repeat across pods ("100m", "128Mi"…): each is parsed once. Bounded; the
// cache simply starts over when full.
const CACHE_LIMIT = 4096;
const milliCache = new Map<string, number>();

/** A quantity value (string, JSON number or Quantity) in exact milli-units, or BAIL. */
function quantityMilli(value: unknown): number {
  if (typeof value === 'string') {
    let milli = milliCache.get(value);
    if (milli === undefined) {
      const parsed = parseQuantity(value);
      milli = parsed.isOk() ? toMilli(parsed.value) : BAIL;
      if (milliCache.size >= CACHE_LIMIT) milliCache.clear();
      milliCache.set(value, milli);
    }
    return milli;
  }
  const q = quantityOf(value);
  return q === undefined ? BAIL : toMilli(q);
}

/** What the general reader makes of a list value; undefined when it would drop it. */
function quantityOf(value: unknown): Quantity | undefined {
  if (isQuantity(value)) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const parsed = parseQuantity(String(value));
    return parsed.isOk() ? parsed.value : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const parsed = parseQuantity(value);
  return parsed.isOk() ? parsed.value : undefined;
}

/** The exact value in units of 10⁻³ when it is a whole number within ±(2^53−1); else BAIL. */
function toMilli(q: Quantity): number {
  const shift = q.scale + 3;
  let milli: bigint;
  if (shift >= 0) {
    if (shift > 20) return q.isZero() ? 0 : BAIL;
    milli = q.mantissa * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (q.mantissa % divisor !== 0n) return BAIL;
    milli = q.mantissa / divisor;
  }
  if (milli > MILLI_LIMIT || milli < -MILLI_LIMIT) return BAIL;
  return Number(milli);
}
