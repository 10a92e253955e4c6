import { parseQuantity } from '../signals/quantity';

// The manager's pre-filter for the local-storage checks (`localStorageEviction`), which read each
// pod through the pod schema and compare Quantities: on a node whose pods set ephemeral-storage
// limits that is most of a cycle. A pod is left out only when no check can pick it, decided
// from raw fields and its statistics with plain numbers:
//
// - it sets no emptyDir `sizeLimit` and no `ephemeral-storage` limit anywhere; or
// - every such value (and the pod's ephemeral-storage overhead) is a quantity string of at least
//   0, and the smallest of them, rounded down to whole bytes, is at least the largest usage any
//   check compares with a limit: a volume's, the pod's, or a container's logs plus rootfs.
//
// Why that is exact: each check fires only when a usage exceeds a limit. A container's limit and
// an emptyDir's sizeLimit are among the bounded values; the pod's limit (`PodLimits`) is built
// from the container limits by sums and maxima, plus a non-negative overhead, so it is at least
// the smallest of them (pod-level ephemeral-storage is not applied at all). A value the checks
// would drop as malformed only removes a limit. Anything else — a number, a Quantity object, a
// negative or unparseable string, unreadable fields — keeps the pod for the full checks.

const RESOURCE = 'ephemeral-storage';

type Loose = Record<string, unknown>;

const field = (object: unknown, key: string): unknown =>
  typeof object === 'object' && object !== null ? (object as Loose)[key] : undefined;

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

const isAbsent = (value: unknown): boolean => value === undefined || value === null;

/** No limit anywhere; `KEEP`: not decidable here. Otherwise the smallest limit in whole bytes. */
const NO_LIMIT = Number.POSITIVE_INFINITY;
const KEEP = Number.NaN;

// Limit strings repeat across pods ("1Gi", "8Gi"…): each is parsed once. Bounded; the cache
// simply starts over when full.
const CACHE_LIMIT = 4096;
const floorCache = new Map<string, number>();

/** A quantity string rounded down to whole bytes (capped at 2^53−1); KEEP when not ≥ 0. */
function floorBytes(value: unknown): number {
  if (typeof value !== 'string') return KEEP;
  let bytes = floorCache.get(value);
  if (bytes === undefined) {
    bytes = KEEP;
    const parsed = parseQuantity(value);
    if (parsed.isOk() && parsed.value.sign() >= 0) {
      const { mantissa, scale } = parsed.value;
      // mantissa × 10^scale, rounded down (both non-negative here).
      const floor = scale >= 0 ? mantissa * 10n ** BigInt(scale) : mantissa / 10n ** BigInt(-scale);
      bytes = floor >= BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(floor);
    }
    if (floorCache.size >= CACHE_LIMIT) floorCache.clear();
    floorCache.set(value, bytes);
  }
  return bytes;
}

/** The smaller of `smallest` and the limit `value` (KEEP sticks; an absent value changes nothing). */
function lower(smallest: number, value: unknown): number {
  return isAbsent(value) ? smallest : Math.min(smallest, floorBytes(value));
}

const limitOf = (holder: unknown): unknown =>
  field(field(field(holder, 'resources'), 'limits'), RESOURCE);

/** The smallest emptyDir sizeLimit or ephemeral-storage limit of the pod (see above). */
function smallestLimit(pod: unknown): number {
  const spec = field(pod, 'spec');
  let smallest = lower(NO_LIMIT, limitOf(spec));
  for (const c of list(field(spec, 'containers'))) smallest = lower(smallest, limitOf(c));
  for (const c of list(field(spec, 'initContainers'))) smallest = lower(smallest, limitOf(c));
  for (const v of list(field(spec, 'volumes'))) {
    smallest = lower(smallest, field(field(v, 'emptyDir'), 'sizeLimit'));
  }
  if (smallest === NO_LIMIT) return NO_LIMIT;
  // Overhead only raises the pod's limit, unless it is negative (or not decidable here).
  const overhead = field(field(spec, 'overhead'), RESOURCE);
  return isAbsent(overhead) || !Number.isNaN(floorBytes(overhead)) ? smallest : KEEP;
}

/** `diskUsage` as the checks read it: `usedBytes`, 0 when missing or malformed. */
function usedBytes(fs: unknown): number {
  const used = field(fs, 'usedBytes');
  return typeof used === 'number' && Number.isSafeInteger(used) && used >= 0 ? used : 0;
}

/** The largest usage any of the three checks compares with a limit. */
function largestUsage(stats: unknown): number {
  let largest = usedBytes(field(stats, RESOURCE));
  for (const volume of list(field(stats, 'volume'))) {
    largest = Math.max(largest, usedBytes(volume));
  }
  for (const container of list(field(stats, 'containers'))) {
    largest = Math.max(
      largest,
      usedBytes(field(container, 'logs')) + usedBytes(field(container, 'rootfs')),
    );
  }
  return largest;
}

/**
 * Whether `localStorageEviction` could pick `pod`, whose Summary statistics are `stats`: false
 * only when none of its checks can fire (see the top of this file); leaving such pods out
 * changes nothing, since each pod is checked on its own. Never throws.
 */
export function mayExceedLocalStorage(pod: unknown, stats: unknown): boolean {
  try {
    const smallest = smallestLimit(pod);
    if (smallest === NO_LIMIT) return false;
    // Without statistics the checks skip the pod.
    if (typeof stats !== 'object' || stats === null) return false;
    if (Number.isNaN(smallest)) return true;
    const largest = largestUsage(stats);
    return !(Number.isSafeInteger(largest) && largest <= smallest);
  } catch {
    // An unreadable field: the checks decide.
    return true;
  }
}
