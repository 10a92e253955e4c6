import { type FeatureGateOptions, gateEnabled } from '../pods/feature-gates';
import { type PodView, readPod } from '../pods/pod';
import { requestQuantityOf } from '../pods/pod-requests';
import { type RankingFields, rankingFieldsFast } from '../pods/request-fast-path';
import { Quantity } from '../signals/quantity';
import type { PodStats } from '../signals/summary';
import {
  type DiskResource,
  type FsStatsType,
  foundStats,
  type PodStatsOf,
  podDiskUsage,
  podMemoryBytes,
  podProcessCount,
} from './pod-usage';

// Ranking on precomputed keys: each pod's usage, request and priority are computed once, then
// the sort compares them. The comparisons mirror the comparators of comparators.ts one for one
// (same names, same missing-stats rule, same tie behaviour).
//
// Speed: for memory, a well-formed pod's key comes from plain numbers (request-fast-path.ts:
// requests in exact milli-units, no Quantity arithmetic); the bigint and Quantity fields of such
// a key are computed only when read. Memory and disk orders sort positions over number columns
// rather than calling the comparator chain; anything a number cannot hold exactly takes the
// bigint path.

/** The upstream name of each comparator a rank function can use. */
export type ComparatorName =
  | 'exceedMemoryRequests'
  | 'priority'
  | 'memory'
  | 'process'
  | 'exceedDiskRequests'
  | 'disk';

/** What a rank function measures and the comparators it applies, in order. */
export interface RankPlan {
  readonly comparators: readonly ComparatorName[];
  /** The resource whose usage is measured (`pids` = process count). */
  readonly resource: 'memory' | 'pids' | DiskResource;
  /** For disk plans, the filesystem statistics that make up usage; empty otherwise. */
  readonly fsStatsTypes: readonly FsStatsType[];
}

/** Everything the comparators look at for one pod, computed once. */
export interface PodSortKey<P> {
  readonly pod: P;
  /** Position in the input; the final tie-break. */
  readonly index: number;
  /** Whether the stats function found stats for the pod. */
  readonly hasStats: boolean;
  /** `spec.priority`, 0 when unset. */
  readonly priority: number;
  /** Bytes, inodes or processes, per the plan (0 without stats). */
  readonly usage: bigint;
  /** The request `usage` is checked against for "exceeds requests" (zero for PID plans). */
  readonly request: Quantity;
  /** `usage > request` (never true without stats). */
  readonly exceedsRequest: boolean;
  /** The request subtracted from usage to rank by excess: memory, or ephemeral-storage for disk. */
  readonly excessRequest: Quantity;
  /** `usage − excessRequest` in units of 10⁻⁹. */
  readonly excessNano: bigint;
}

const NANO = 1_000_000_000n;
const MILLI_PER_NANO = 1_000_000n;
const ZERO = Quantity.zero();
const SAFE_MILLI = BigInt(Number.MAX_SAFE_INTEGER);
/** Working sets up to this many bytes are exact in milli-units as a double. */
const SAFE_USAGE_BYTES = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** The exact fields of a key: bigints and Quantities, as the comparators of comparators.ts see them. */
interface ExactParts {
  readonly usage: bigint;
  readonly request: Quantity;
  readonly excessRequest: Quantity;
  readonly excessNano: bigint;
}

/** What the keys of one computeSortKeys call share, to compute exact fields on first read. */
interface KeyContext {
  readonly plan: RankPlan;
  readonly options: FeatureGateOptions | undefined;
}

/**
 * One pod's key. Sorting reads `hasStats`, `priority`, `exceedsRequest` and `excessMilli`
 * (the excess in milli-units, exact, or NaN when only the bigint form is exact). A key built on
 * the fast path computes its bigint and Quantity fields on first read, through the general path.
 */
class SortKey<P> implements PodSortKey<P> {
  #exact: ExactParts | undefined;
  readonly #stats: PodStats | undefined;
  readonly #context: KeyContext;

  constructor(
    readonly pod: P,
    readonly index: number,
    readonly hasStats: boolean,
    readonly priority: number,
    readonly exceedsRequest: boolean,
    readonly excessMilli: number,
    exact: ExactParts | undefined,
    stats: PodStats | undefined,
    context: KeyContext,
  ) {
    this.#exact = exact;
    this.#stats = stats;
    this.#context = context;
  }

  #parts(): ExactParts {
    if (this.#exact === undefined) {
      const { plan, options } = this.#context;
      this.#exact = exactParts(readPod(this.pod), this.#stats, plan, options);
    }
    return this.#exact;
  }

  get usage(): bigint {
    return this.#parts().usage;
  }
  get request(): Quantity {
    return this.#parts().request;
  }
  get excessRequest(): Quantity {
    return this.#parts().excessRequest;
  }
  get excessNano(): bigint {
    if (this.#exact === undefined && Number.isSafeInteger(this.excessMilli)) {
      return BigInt(this.excessMilli) * MILLI_PER_NANO;
    }
    return this.#parts().excessNano;
  }
}

/** Sort keys for `pods`, in input order. Reads each pod and its stats exactly once. */
export function computeSortKeys<P>(
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  plan: RankPlan,
  options?: FeatureGateOptions,
): PodSortKey<P>[] {
  const context: KeyContext = { plan, options };
  const podLevelGate = gateEnabled('PodLevelResources', options);
  const fast = newMemoryFields();
  const keys: PodSortKey<P>[] = new Array(pods.length);
  const found = statsOfEach(pods, statsOf);
  for (let index = 0; index < pods.length; index++) {
    const pod = pods[index] as P;
    const stats = found[index];
    keys[index] =
      plan.resource === 'memory' && fastMemoryFields(pod, stats, podLevelGate, fast)
        ? new SortKey(
            pod,
            index,
            stats !== undefined,
            fast.priority,
            fast.exceedsRequest,
            fast.excessMilli,
            undefined,
            stats,
            context,
          )
        : exactKey(pod, index, stats, context);
  }
  return keys;
}

/**
 * Each pod's stats, in a pass of their own: the lookups (a map probe per pod) and the reads of
 * the pods then each walk their own memory, which is markedly faster than interleaving them.
 */
function statsOfEach<P>(pods: readonly P[], statsOf: PodStatsOf<P>): Array<PodStats | undefined> {
  const found: Array<PodStats | undefined> = new Array(pods.length);
  for (let i = 0; i < pods.length; i++) found[i] = foundStats(statsOf(pods[i] as P));
  return found;
}

/** The number fields of a memory key, filled in place by `fastMemoryFields`. */
interface MemoryFields extends RankingFields {
  exceedsRequest: boolean;
  excessMilli: number;
}

const newMemoryFields = (): MemoryFields => ({
  priority: 0,
  requestMilli: 0,
  exceedsRequest: false,
  excessMilli: 0,
});

/**
 * A memory key from plain numbers: priority and request read straight from the pod, usage from
 * the stats, all exact in milli-units. False when any of them is not (see request-fast-path.ts);
 * the exact path answers then.
 */
function fastMemoryFields(
  pod: unknown,
  stats: PodStats | undefined,
  podLevelGate: boolean,
  out: MemoryFields,
): boolean {
  if (!rankingFieldsFast(pod, 'memory', podLevelGate, out)) return false;
  let usageMilli = 0;
  if (stats !== undefined) {
    const bytes = workingSetBytes(stats);
    if (bytes > SAFE_USAGE_BYTES) return false;
    usageMilli = bytes * 1000;
  }
  const excessMilli = usageMilli - out.requestMilli;
  if (!Number.isSafeInteger(excessMilli)) return false;
  out.exceedsRequest = stats !== undefined && usageMilli > out.requestMilli;
  out.excessMilli = excessMilli;
  return true;
}

/** `podMemoryBytes` as a number: a non-negative integer `memory.workingSetBytes`, else 0. */
function workingSetBytes(stats: PodStats): number {
  const memory: unknown = (stats as { memory?: unknown }).memory;
  if (typeof memory !== 'object' || memory === null) return 0;
  const bytes: unknown = (memory as { workingSetBytes?: unknown }).workingSetBytes;
  return typeof bytes === 'number' && Number.isInteger(bytes) && bytes >= 0 ? bytes : 0;
}

/** The key computed with Quantities and bigints throughout (any plan, any pod). */
function exactKey<P>(
  pod: P,
  index: number,
  stats: PodStats | undefined,
  context: KeyContext,
): SortKey<P> {
  const view = readPod(pod);
  const parts = exactParts(view, stats, context.plan, context.options);
  const hasStats = stats !== undefined;
  return new SortKey(
    pod,
    index,
    hasStats,
    view.priority ?? 0,
    hasStats && Quantity.fromBigInt(parts.usage).cmp(parts.request) === 1,
    milliOf(parts.excessNano),
    parts,
    stats,
    context,
  );
}

function exactParts(
  view: PodView,
  stats: PodStats | undefined,
  plan: RankPlan,
  options: FeatureGateOptions | undefined,
): ExactParts {
  if (plan.resource === 'pids') {
    const usage = stats === undefined ? 0n : podProcessCount(stats);
    return { usage, request: ZERO, excessRequest: ZERO, excessNano: usage * NANO };
  }
  const request = requestQuantityOf(view, plan.resource, options);
  let usage = 0n;
  let excessRequest = request;
  if (plan.resource === 'memory') {
    if (stats !== undefined) usage = podMemoryBytes(stats);
  } else {
    if (stats !== undefined) usage = podDiskUsage(stats, view, plan.fsStatsTypes)[plan.resource];
    excessRequest =
      plan.resource === 'ephemeral-storage'
        ? request
        : requestQuantityOf(view, 'ephemeral-storage', options);
  }
  return {
    usage,
    request,
    excessRequest,
    // Exact for every quantity Kubernetes parses: its parser rounds values up to nano units.
    excessNano: usage * NANO - excessRequest.scaledValue(-9),
  };
}

/** `nano / 10^6` when that is a whole number within safe range, else NaN. */
function milliOf(nano: bigint): number {
  if (nano % MILLI_PER_NANO !== 0n) return Number.NaN;
  const milli = nano / MILLI_PER_NANO;
  return milli > SAFE_MILLI || milli < -SAFE_MILLI ? Number.NaN : Number(milli);
}

const sign = (d: bigint | number): number => (d > 0 ? 1 : d < 0 ? -1 : 0);

type KeyCompare = (a: PodSortKey<unknown>, b: PodSortKey<unknown>) => number;

/** `cmpBool(!a.hasStats, !b.hasStats)` when either lacks stats, else `then(a, b)`. */
const statsFirst =
  (then: KeyCompare): KeyCompare =>
  (a, b) => {
    if (!a.hasStats || !b.hasStats) return a.hasStats === b.hasStats ? 0 : a.hasStats ? 1 : -1;
    return then(a, b);
  };

const exceeds: KeyCompare = statsFirst((a, b) =>
  a.exceedsRequest === b.exceedsRequest ? 0 : a.exceedsRequest ? -1 : 1,
);

/** A key's exact excess in milli-units, or NaN (also for keys not made by computeSortKeys). */
const excessMilliOf = (k: PodSortKey<unknown>): number =>
  k instanceof SortKey ? k.excessMilli : Number.NaN;

/** The larger excess first: on numbers when both are exact as numbers, else on bigints. */
const largerExcess: KeyCompare = statsFirst((a, b) => {
  const x = excessMilliOf(a);
  const y = excessMilliOf(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x > y ? -1 : x < y ? 1 : 0;
  return sign(b.excessNano - a.excessNano);
});

/** Each comparator, on keys. */
export const KEY_COMPARATORS: Readonly<Record<ComparatorName, KeyCompare>> = {
  exceedMemoryRequests: exceeds,
  exceedDiskRequests: exceeds,
  priority: (a, b) => sign(a.priority - b.priority),
  memory: largerExcess,
  disk: largerExcess,
  process: statsFirst((a, b) => sign(b.usage - a.usage)),
};

/** The first comparator of the plan that tells `a` and `b` apart, with its verdict. */
export function decideByKeys(
  comparators: readonly ComparatorName[],
  a: PodSortKey<unknown>,
  b: PodSortKey<unknown>,
): { comparator: ComparatorName; result: number } | undefined {
  for (const name of comparators) {
    const result = KEY_COMPARATORS[name](a, b);
    if (result !== 0) return { comparator: name, result };
  }
  return undefined;
}

/** Sort keys by the plan; keys every comparator ties stay in input order. */
export function sortKeys<P>(keys: readonly PodSortKey<P>[], plan: RankPlan): PodSortKey<P>[] {
  if (isColumnPlan(plan)) {
    const columns = new OrderColumns(keys.length);
    let fits = true;
    for (let i = 0; i < keys.length && fits; i++) {
      const key = keys[i]!;
      fits = key instanceof SortKey && columnsFromKey(columns, i, key);
    }
    if (fits) return pickRows(keys, columns.order());
  }
  const compare = plan.comparators.map((name) => KEY_COMPARATORS[name]);
  return [...keys].sort((a, b) => {
    for (const c of compare) {
      const result = c(a, b);
      if (result !== 0) return result;
    }
    return a.index - b.index;
  });
}

/**
 * `sortKeys(computeSortKeys(...)).map(k => k.pod)` without building key objects, for memory
 * plans: each pod's fields go straight into number columns. `undefined` when a pod's excess is
 * not exact as a number (the caller then sorts keys).
 */
export function rankByColumns<P>(
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  plan: RankPlan,
  options?: FeatureGateOptions,
): P[] | undefined {
  if (plan.resource !== 'memory' || !isColumnPlan(plan)) return undefined;
  const context: KeyContext = { plan, options };
  const podLevelGate = gateEnabled('PodLevelResources', options);
  const fast = newMemoryFields();
  const columns = new OrderColumns(pods.length);
  const found = statsOfEach(pods, statsOf);
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i] as P;
    const stats = found[i];
    const hasStats = stats !== undefined;
    const fits = fastMemoryFields(pod, stats, podLevelGate, fast)
      ? columns.set(i, i, hasStats, fast.exceedsRequest, fast.priority, fast.excessMilli)
      : columnsFromKey(columns, i, exactKey(pod, i, stats, context));
    if (!fits) return undefined;
  }
  return pickRows(pods, columns.order());
}

/** `rows.map((r) => items[r])`, into a plain array. */
function pickRows<T>(items: readonly T[], rows: Uint32Array): T[] {
  const out: T[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = items[rows[i]!]!;
  return out;
}

const columnsFromKey = (columns: OrderColumns, i: number, key: SortKey<unknown>): boolean =>
  columns.set(i, key.index, key.hasStats, key.exceedsRequest, key.priority, key.excessMilli);

/** Memory and disk plans: `exceed…Requests`, `priority`, then `memory` or `disk`. */
function isColumnPlan(plan: RankPlan): boolean {
  const [exceedsName, priorityName, excessName] = plan.comparators;
  return (
    plan.comparators.length === 3 &&
    (exceedsName === 'exceedMemoryRequests' || exceedsName === 'exceedDiskRequests') &&
    priorityName === 'priority' &&
    (excessName === 'memory' || excessName === 'disk')
  );
}

const PRIORITY_OFFSET = 2 ** 31;
const GROUP_STRIDE = 2 ** 32;
/** 2^53: added to an excess (a safe integer, negated) to make it non-negative. */
const EXCESS_OFFSET = 2 ** 53;
/** Keys are stored as two halves below 2^27. */
const HALF = 2 ** 27;
/** The widest radix digit: 27-bit halves in two passes of 14 and 13 bits. */
const DIGIT_BITS = 14;

/**
 * The memory/disk comparator chain as two non-negative integer keys per row, each kept as two
 * 27-bit halves:
 * - primary: a group — no stats (0), above request (1), within request (2) — and the int32
 *   priority, packed into one exact number below 2^35;
 * - excess: the excess negated (so that the larger comes first; 0 without stats, where upstream
 *   compares nothing more) plus 2^53, below 2^54;
 * then the input position.
 */
class OrderColumns {
  readonly #primaryHigh: Uint32Array;
  readonly #primaryLow: Uint32Array;
  readonly #excessHigh: Uint32Array;
  readonly #excessLow: Uint32Array;
  /** Input positions, only once a row's position differs from its row number. */
  #positions: Float64Array | undefined;

  constructor(readonly size: number) {
    this.#primaryHigh = new Uint32Array(size);
    this.#primaryLow = new Uint32Array(size);
    this.#excessHigh = new Uint32Array(size);
    this.#excessLow = new Uint32Array(size);
  }

  /** Fill row `i`; false when the excess is not an exact number (NaN). */
  set(
    i: number,
    position: number,
    hasStats: boolean,
    exceedsRequest: boolean,
    priority: number,
    excessMilli: number,
  ): boolean {
    if (Number.isNaN(excessMilli)) return false;
    const group = !hasStats ? 0 : exceedsRequest ? 1 : 2;
    const primary = group * GROUP_STRIDE + (priority + PRIORITY_OFFSET);
    const primaryHigh = Math.floor(primary / HALF);
    this.#primaryHigh[i] = primaryHigh;
    this.#primaryLow[i] = primary - primaryHigh * HALF;
    const excess = (hasStats ? -excessMilli : 0) + EXCESS_OFFSET;
    const excessHigh = Math.floor(excess / HALF);
    this.#excessHigh[i] = excessHigh;
    this.#excessLow[i] = excess - excessHigh * HALF;
    if (position !== i && this.#positions === undefined) {
      this.#positions = new Float64Array(this.size);
      for (let r = 0; r < i; r++) this.#positions[r] = r;
    }
    if (this.#positions !== undefined) this.#positions[i] = position;
    return true;
  }

  /** Row numbers in eviction order. */
  order(): Uint32Array {
    return this.#positions === undefined
      ? this.#radixOrder()
      : this.#comparatorOrder(this.#positions);
  }

  /**
   * A stable LSD radix sort of the row numbers, which start in input order (so ties keep it):
   * by the excess, then by the primary key. Digits are 14 bits wide for large inputs and
   * narrower for small ones (down to 8), so that clearing and summing the counts of a pass
   * costs about as much as moving the rows.
   */
  #radixOrder(): Uint32Array {
    const n = this.size;
    let rows = new Uint32Array(n);
    let spare = new Uint32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    const bits = Math.min(DIGIT_BITS, Math.max(8, Math.ceil(Math.log2(n + 1))));
    const count = new Uint32Array((1 << bits) + 1);
    // Least significant first; each half holds 27 bits, the primary's high half 8.
    for (const [key, width] of [
      [this.#excessLow, 27],
      [this.#excessHigh, 27],
      [this.#primaryLow, 27],
      [this.#primaryHigh, 8],
    ] as const) {
      for (let shift = 0; shift < width; shift += bits) {
        const mask = (1 << Math.min(bits, width - shift)) - 1;
        if (radixPass(rows, spare, key, shift, mask, count)) [rows, spare] = [spare, rows];
      }
    }
    return rows;
  }

  /** Keys given out of input order: a comparison sort on (primary, excess, position). */
  #comparatorOrder(positions: Float64Array): Uint32Array {
    const primary = (r: number) => this.#primaryHigh[r]! * HALF + this.#primaryLow[r]!;
    const excess = (r: number) => this.#excessHigh[r]! * HALF + this.#excessLow[r]!;
    const rows = new Uint32Array(this.size);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    // Differences of integers below 2^54 keep their sign, so `a − b` orders exactly.
    return rows.sort(
      (a, b) => primary(a) - primary(b) || excess(a) - excess(b) || positions[a]! - positions[b]!,
    );
  }
}

/**
 * One stable counting-sort pass of `src` into `dst` on the digit `(key[row] >>> shift) & mask`.
 * Returns false (and leaves `dst` alone) when every row has the same digit.
 */
function radixPass(
  src: Uint32Array,
  dst: Uint32Array,
  key: Uint32Array,
  shift: number,
  mask: number,
  count: Uint32Array,
): boolean {
  const n = src.length;
  count.fill(0);
  for (let i = 0; i < n; i++) count[((key[src[i]!]! >>> shift) & mask) + 1]!++;
  for (let b = 0; b <= mask; b++) {
    if (count[b + 1] === n) return false;
    count[b + 1]! += count[b]!;
  }
  for (let i = 0; i < n; i++) {
    const row = src[i]!;
    dst[count[(key[row]! >>> shift) & mask]!++] = row;
  }
  return true;
}
