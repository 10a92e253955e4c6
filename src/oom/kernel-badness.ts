import { err, ok, type Result } from 'neverthrow';
import { displayValue } from '../signals/config-error';
import { readOr, unreadableMessage } from '../signals/guard';

// A model of the Linux OOM killer's victim choice (mm/oom_kill.c: oom_badness(),
// oom_evaluate_task(), select_bad_process()), as in kernels 5.9 and later (the LONG_MIN era).
// Everything is integer arithmetic on 64-bit longs, done here with bigint.

/** `OOM_SCORE_ADJ_MIN`: a task with this oom_score_adj is never chosen. */
export const OOM_SCORE_ADJ_MIN = -1000;
/** `OOM_SCORE_ADJ_MAX`. */
export const OOM_SCORE_ADJ_MAX = 1000;
/** The common page size; pass `pageSizeBytes` when the node uses another. */
export const DEFAULT_PAGE_SIZE_BYTES = 4096;

const LONG_MAX = (1n << 63n) - 1n;

type Count = bigint | number;

/** One process (thread group) the kernel might choose. Counts are non-negative integers. */
export interface OomCandidate {
  /** Caller's identifier (pid, container id, …); also the final tie-break. */
  id: string;
  /** Resident pages (`get_mm_rss`: anon + file + shmem). Give this or `rssBytes`. */
  rssPages?: Count;
  /** Resident bytes; converted to whole pages (rounded down). */
  rssBytes?: Count;
  /** Swap entries (`MM_SWAPENTS`), in pages. Give this or `swapBytes`; default 0. */
  swapPages?: Count;
  swapBytes?: Count;
  /** Page-table bytes (`mm_pgtables_bytes`), divided by the page size with truncation. */
  pageTablesBytes?: Count;
  /** `/proc/<pid>/oom_score_adj`, an integer in [-1000, 1000]. */
  oomScoreAdj: number;
  /**
   * Position in the kernel's task walk (`for_each_process`: creation order; usually the pid).
   * Among equal scores the kernel keeps the task it meets LAST, so a higher `pid` wins a tie.
   */
  pid?: number;
  /** Kernel thread or global init (pid 1 of the root namespace): `oom_unkillable_task()`. */
  unkillable?: boolean;
  /** The task has no mm any more (exited, or a kernel thread): `find_lock_task_mm()` fails. */
  noMm?: boolean;
  /** `MMF_OOM_SKIP` is set on the mm: already reaped by the oom_reaper. */
  oomSkip?: boolean;
  /** The task is a vfork() child that has not exec'd yet: `in_vfork()`. */
  inVfork?: boolean;
  /** `oom_task_origin()`: marked (e.g. by swapoff or KSM unmerge) to be killed first. */
  oomOrigin?: boolean;
  /** `tsk_is_oom_victim()`: already killed by an earlier OOM and still exiting. */
  oomVictim?: boolean;
}

/** Why a task has no score (`oom_badness()` returns `LONG_MIN`, or it is skipped before). */
export type OomExemption = 'unkillable' | 'no-mm' | 'oom-score-adj-min' | 'oom-skip' | 'in-vfork';

export type OomBadness =
  | { eligible: true; points: bigint; baselinePages: bigint; adjPages: bigint }
  | { eligible: false; exemption: OomExemption };

export type OomInputError =
  | { code: 'invalid-total-pages'; value: string; message: string }
  | { code: 'invalid-page-size'; value: string; message: string }
  | { code: 'invalid-oom-score-adj'; id: string; value: number; message: string }
  | { code: 'invalid-count'; id: string; field: string; value: string; message: string }
  | { code: 'missing-rss'; id: string; message: string }
  | { code: 'duplicate-id'; id: string; message: string }
  | { code: 'invalid-candidate'; index: number; message: string };

export interface OomOptions {
  /** Page size in bytes (default 4096). */
  pageSizeBytes?: Count;
}

const toBig = (v: Count): bigint | undefined => {
  if (typeof v === 'bigint') return v;
  return Number.isSafeInteger(v) ? BigInt(v) : undefined;
};

/** A page count, or `undefined` when it is not a non-negative integer. */
const pageCount = (v: unknown): bigint | undefined => {
  const big = typeof v === 'bigint' || typeof v === 'number' ? toBig(v) : undefined;
  return big !== undefined && big >= 0n ? big : undefined;
};

/**
 * `oc->totalpages` for a global OOM: RAM pages plus swap pages. A count that is not a
 * non-negative integer gives `0n`, which `oomBadness` and `predictOomKillOrder` reject as
 * `invalid-total-pages`.
 */
export function globalTotalPages(ramPages: Count, swapPages: Count = 0): bigint {
  const ram = pageCount(ramPages);
  const swap = pageCount(swapPages);
  return ram === undefined || swap === undefined ? 0n : ram + swap;
}

/**
 * `oc->totalpages` for a memcg OOM (`mem_cgroup_get_max(memcg) ?: 1`): the memory limit, plus
 * the swap the cgroup may use when its swappiness is not 0. cgroup v2: `min(swap.max,
 * totalSwapPages)`; cgroup v1 with memsw accounting: `min(memsw.max - memory.max,
 * totalSwapPages)`. "max" (unlimited) is represented by passing the node's own page counts.
 * A count that is not a non-negative integer gives `0n` (rejected downstream as
 * `invalid-total-pages`).
 */
export function memcgTotalPages(input: {
  memoryMaxPages: Count;
  /** cgroup v2 `memory.swap.max` in pages. */
  swapMaxPages?: Count;
  /** cgroup v1 `memory.memsw.limit_in_bytes` in pages (memory + swap). */
  memswMaxPages?: Count;
  totalSwapPages: Count;
  /** Default 60 (the kernel default); 0 means the cgroup never swaps. */
  swappiness?: number;
}): bigint {
  const fields = typeof input === 'object' && input !== null ? input : undefined;
  const max = pageCount(fields?.memoryMaxPages);
  const totalSwap = pageCount(fields?.totalSwapPages);
  const optional = (v: Count | undefined) => (v === undefined ? null : pageCount(v));
  const memsw = optional(fields?.memswMaxPages);
  const swapMax = optional(fields?.swapMaxPages);
  if (max === undefined || totalSwap === undefined || memsw === undefined || swapMax === undefined)
    return 0n;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  let result = max;
  if ((fields?.swappiness ?? 60) !== 0) {
    if (memsw !== null) {
      result = max + min(memsw - max, totalSwap);
    } else if (swapMax !== null) {
      result = max + min(swapMax, totalSwap);
    }
  }
  return result === 0n ? 1n : result;
}

function pages(
  c: OomCandidate,
  pagesField: 'rssPages' | 'swapPages',
  bytesField: 'rssBytes' | 'swapBytes',
  pageSize: bigint,
): Result<bigint | undefined, OomInputError> {
  const p = c[pagesField];
  const b = c[bytesField];
  if (p !== undefined) return count(c.id, pagesField, p);
  if (b !== undefined) return count(c.id, bytesField, b).map((v) => v / pageSize);
  return ok(undefined);
}

function count(id: string, field: string, v: Count): Result<bigint, OomInputError> {
  const big = toBig(v);
  if (big === undefined || big < 0n) {
    return err({
      code: 'invalid-count',
      id,
      field,
      value: displayValue(v),
      message: `${field} of ${id} must be a non-negative integer, got ${displayValue(v)}`,
    });
  }
  return ok(big);
}

function validTotalPages(totalPages: Count): Result<bigint, OomInputError> {
  const t = toBig(totalPages);
  if (t === undefined || t < 1n) {
    return err({
      code: 'invalid-total-pages',
      value: displayValue(totalPages),
      message: `totalPages must be a positive integer, got ${displayValue(totalPages)}`,
    });
  }
  return ok(t);
}

function validPageSize(options: OomOptions | undefined): Result<bigint, OomInputError> {
  const raw = readOr(() => options?.pageSizeBytes, undefined) ?? DEFAULT_PAGE_SIZE_BYTES;
  const size = toBig(raw);
  if (size === undefined || size < 1n) {
    return err({
      code: 'invalid-page-size',
      value: displayValue(raw),
      message: `pageSizeBytes must be a positive integer, got ${displayValue(raw)}`,
    });
  }
  return ok(size);
}

function validAdj(c: OomCandidate): Result<number, OomInputError> {
  const adj = c.oomScoreAdj;
  if (!Number.isInteger(adj) || adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX) {
    return err({
      code: 'invalid-oom-score-adj',
      id: c.id,
      value: adj,
      message: `oomScoreAdj of ${c.id} must be an integer in [-1000, 1000], got ${displayValue(adj)}`,
    });
  }
  return ok(adj);
}

/**
 * The kernel's `oom_badness(p, totalpages)`:
 * `points = rss + swapents + pgtables_bytes / PAGE_SIZE`, then `adj *= totalpages / 1000`
 * (integer division first) and `points += adj`. Tasks the kernel never scores come back as
 * `{ eligible: false, exemption }` (the kernel's `LONG_MIN`). Never throws.
 */
export function oomBadness(
  candidate: OomCandidate,
  totalPages: Count,
  options?: OomOptions,
): Result<OomBadness, OomInputError> {
  return validTotalPages(totalPages).andThen((total) =>
    validPageSize(options).andThen((pageSize) =>
      readCandidate(candidate, 0).andThen((c) => badness(c, total, pageSize)),
    ),
  );
}

const CANDIDATE_FIELDS = [
  'id',
  'rssPages',
  'rssBytes',
  'swapPages',
  'swapBytes',
  'pageTablesBytes',
  'oomScoreAdj',
  'pid',
  'unkillable',
  'noMm',
  'oomSkip',
  'inVfork',
  'oomOrigin',
  'oomVictim',
] as const;

/**
 * The candidate's fields, each read once into a plain object (the caller's object may have
 * getters). A candidate that is not an object, cannot be read, has an `id` that is not a string
 * or a `pid` that is not an integer is an error.
 */
function readCandidate(c: unknown, index: number): Result<OomCandidate, OomInputError> {
  const invalid = (message: string) => err({ code: 'invalid-candidate' as const, index, message });
  if (typeof c !== 'object' || c === null) {
    return invalid(`candidate ${index} must be an object, got ${c === null ? 'null' : typeof c}`);
  }
  const copy: Record<string, unknown> = {};
  try {
    for (const key of CANDIDATE_FIELDS) {
      const value = (c as Record<string, unknown>)[key];
      if (value !== undefined) copy[key] = value;
    }
  } catch (thrown) {
    return invalid(unreadableMessage(`candidate ${index}`, thrown));
  }
  if (typeof copy.id !== 'string') {
    return invalid(`candidate ${index}: id must be a string, got ${displayValue(copy.id)}`);
  }
  if (copy.pid !== undefined && !Number.isSafeInteger(copy.pid)) {
    return invalid(`candidate ${index}: pid must be an integer, got ${displayValue(copy.pid)}`);
  }
  return ok(copy as unknown as OomCandidate);
}

function badness(
  c: OomCandidate,
  totalPages: bigint,
  pageSize: bigint,
): Result<OomBadness, OomInputError> {
  const adjR = validAdj(c);
  if (adjR.isErr()) return err(adjR.error);
  const rssR = pages(c, 'rssPages', 'rssBytes', pageSize);
  if (rssR.isErr()) return err(rssR.error);
  if (rssR.value === undefined && !c.noMm && !c.unkillable) {
    return err({ code: 'missing-rss', id: c.id, message: `${c.id}: give rssPages or rssBytes` });
  }
  const swapR = pages(c, 'swapPages', 'swapBytes', pageSize);
  if (swapR.isErr()) return err(swapR.error);
  const ptR = count(c.id, 'pageTablesBytes', c.pageTablesBytes ?? 0);
  if (ptR.isErr()) return err(ptR.error);

  // Order of the kernel's checks: unkillable task, then no mm, then the three LONG_MIN cases.
  if (c.unkillable) return ok({ eligible: false, exemption: 'unkillable' });
  if (c.noMm) return ok({ eligible: false, exemption: 'no-mm' });
  if (adjR.value === OOM_SCORE_ADJ_MIN)
    return ok({ eligible: false, exemption: 'oom-score-adj-min' });
  if (c.oomSkip) return ok({ eligible: false, exemption: 'oom-skip' });
  if (c.inVfork) return ok({ eligible: false, exemption: 'in-vfork' });

  const baselinePages = (rssR.value ?? 0n) + (swapR.value ?? 0n) + ptR.value / pageSize;
  // `adj *= totalpages / 1000`: the unsigned multiply wraps like a signed 64-bit product.
  const adjPages = BigInt.asIntN(64, BigInt(adjR.value) * (totalPages / 1000n));
  const points = BigInt.asIntN(64, baselinePages + adjPages);
  return ok({ eligible: true, points, baselinePages, adjPages });
}

export interface OomRankedTask<C extends OomCandidate = OomCandidate> {
  candidate: C;
  /** The score the kernel compares; `oomOrigin` tasks get `LONG_MAX`. */
  points: bigint;
  /** How the score was reached, for explanations. */
  why: 'oom-origin' | 'badness';
}

export interface OomKillPrediction<C extends OomCandidate = OomCandidate> {
  /**
   * Eligible tasks, the kernel's first choice first. Read it as "the order the OOM killer would
   * take them if each kill freed nothing the others need and nothing else changed".
   */
  order: OomRankedTask<C>[];
  /** Tasks the kernel would never pick, with the reason. Sorted by id. */
  exempt: { candidate: C; exemption: OomExemption }[];
  /**
   * Set when an earlier OOM victim is still exiting (`tsk_is_oom_victim` without
   * `MMF_OOM_SKIP`): the kernel aborts the selection and kills nobody new this round.
   */
  abortedBy?: C;
}

/**
 * Predict which process the kernel OOM killer takes first, then next, …: the `oom_badness()`
 * score of every candidate, sorted by points (highest first). Ties go to the higher `pid`
 * (the kernel keeps the task it meets last in its creation-ordered walk), then to the lower
 * `id` (a deterministic stand-in where the kernel's walk order is unknown). The result does
 * not depend on the input order. `totalPages` is RAM + swap pages for a global OOM, or the
 * memcg limit for a cgroup OOM (see `globalTotalPages`, `memcgTotalPages`). Never throws.
 */
export function predictOomKillOrder<C extends OomCandidate>(
  candidates: readonly C[],
  totalPages: Count,
  options?: OomOptions,
): Result<OomKillPrediction<C>, OomInputError> {
  const totalR = validTotalPages(totalPages);
  if (totalR.isErr()) return err(totalR.error);
  const sizeR = validPageSize(options);
  if (sizeR.isErr()) return err(sizeR.error);

  if (!Array.isArray(candidates)) {
    return err({ code: 'invalid-candidate', index: -1, message: 'candidates must be an array' });
  }
  const list = readOr((): readonly C[] | undefined => [...candidates], undefined);
  if (list === undefined) {
    return err({
      code: 'invalid-candidate',
      index: -1,
      message: 'the candidates could not be read',
    });
  }

  const seen = new Set<string>();
  // Each entry pairs the caller's candidate with the snapshot of its fields that decided.
  const order: Array<OomRankedTask<C> & { read: OomCandidate }> = [];
  const exempt: Array<{ candidate: C; exemption: OomExemption; read: OomCandidate }> = [];
  const victims: Array<{ candidate: C; read: OomCandidate }> = [];
  for (const [index, candidate] of list.entries()) {
    const valid = readCandidate(candidate, index);
    if (valid.isErr()) return err(valid.error);
    const c = valid.value;
    if (seen.has(c.id)) {
      return err({ code: 'duplicate-id', id: c.id, message: `duplicate candidate id ${c.id}` });
    }
    seen.add(c.id);
    const b = badness(c, totalR.value, sizeR.value);
    if (b.isErr()) return err(b.error);
    // oom_evaluate_task(): unkillable tasks are skipped first; a live victim aborts; an
    // oom-origin task is taken with LONG_MAX before its badness is even computed.
    if (c.unkillable) {
      exempt.push({ candidate, exemption: 'unkillable', read: c });
      continue;
    }
    if (c.oomVictim) {
      if (c.oomSkip) {
        exempt.push({ candidate, exemption: 'oom-skip', read: c });
        continue;
      }
      victims.push({ candidate, read: c });
      continue;
    }
    if (c.oomOrigin) {
      order.push({ candidate, points: LONG_MAX, why: 'oom-origin', read: c });
      continue;
    }
    const r = b.value;
    if (r.eligible) order.push({ candidate, points: r.points, why: 'badness', read: c });
    else exempt.push({ candidate, exemption: r.exemption, read: c });
  }
  order.sort((a, b) => compareRanked(a.read, a.points, b.read, b.points));
  exempt.sort((a, b) => compareIds(a.read.id, b.read.id));
  victims.sort((a, b) => compareIds(a.read.id, b.read.id));
  const prediction: OomKillPrediction<C> = {
    order: order.map(({ candidate, points, why }) => ({ candidate, points, why })),
    exempt: exempt.map(({ candidate, exemption }) => ({ candidate, exemption })),
  };
  if (victims[0] !== undefined) prediction.abortedBy = victims[0].candidate;
  return ok(prediction);
}

function compareRanked(a: OomCandidate, pa: bigint, b: OomCandidate, pb: bigint): number {
  if (pa !== pb) return pa > pb ? -1 : 1;
  const pidA = a.pid ?? Number.NEGATIVE_INFINITY;
  const pidB = b.pid ?? Number.NEGATIVE_INFINITY;
  if (pidA !== pidB) return pidA > pidB ? -1 : 1;
  return compareIds(a.id, b.id);
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
