import { field, list } from '../pods/api-object';
import { EVICTION_RATE_LIMITER_BURST } from './node-lifecycle-config';

// pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go (RateLimitedTimedQueue) and the
// client-go flowcontrol limiters it uses (a golang.org/x/time/rate token bucket), as immutable
// values: each zone's queue of nodes waiting for a NoExecute taint.

/** A zone queue's rate limiter. */
export type RateLimiterState =
  /** `NewFakeAlwaysRateLimiter` (tests): always grants, reports QPS 1. */
  | { readonly kind: 'always' }
  /** `NewFakeNeverRateLimiter` (QPS ≤ 0): never grants, yet reports QPS 1. */
  | { readonly kind: 'never' }
  /** `NewTokenBucketRateLimiter(qps, burst)`: starts full; refills `qps` tokens per second. */
  | {
      readonly kind: 'token-bucket';
      readonly qps: number;
      readonly burst: number;
      readonly tokens: number;
      /** When `tokens` was last updated; `undefined` until the first grant. */
      readonly last: number | undefined;
    };

/**
 * A token bucket of `qps` (float32, as flowcontrol takes it) and `burst` (1 for zone queues);
 * QPS ≤ 0 gives the never-granting limiter, as `SwapLimiter` does.
 */
export function tokenBucketLimiter(
  qps: number,
  burst: number = EVICTION_RATE_LIMITER_BURST,
): RateLimiterState {
  if (typeof qps !== 'number' || !(qps > 0)) return { kind: 'never' };
  const b = typeof burst === 'number' && burst >= 1 ? burst : EVICTION_RATE_LIMITER_BURST;
  return { kind: 'token-bucket', qps: Math.fround(qps), burst: b, tokens: b, last: undefined };
}

/** `RateLimiter.QPS()`: the fake limiters both report 1. */
export function limiterQps(limiter: RateLimiterState): number {
  limiter = readLimiter(limiter);
  return limiter.kind === 'token-bucket' ? limiter.qps : 1;
}

/** `TryAccept`: whether a token is available at `now`, and the limiter after taking it. */
export function tryAccept(
  limiter: RateLimiterState,
  now: number,
): { limiter: RateLimiterState; accepted: boolean } {
  limiter = readLimiter(limiter);
  now = finite(now);
  if (limiter.kind === 'always') return { limiter, accepted: true };
  if (limiter.kind === 'never') return { limiter, accepted: false };
  const last = limiter.last === undefined || now < limiter.last ? now : limiter.last;
  const refilled =
    limiter.last === undefined
      ? limiter.burst
      : Math.min(limiter.burst, limiter.tokens + ((now - last) / 1000) * limiter.qps);
  if (refilled < 1) return { limiter, accepted: false };
  return { limiter: { ...limiter, tokens: refilled - 1, last: now }, accepted: true };
}

/** A node waiting in a zone queue (`TimedValue`). */
export interface TaintingQueueEntry {
  readonly value: string;
  readonly uid?: string;
  readonly addedAt: number;
  readonly processAt: number;
}

/** A zone's tainting queue: entries by `processAt`, the uniqueness set, and the limiter. */
export interface TaintingQueue {
  readonly entries: readonly TaintingQueueEntry[];
  /** Values added and not explicitly removed — processed values stay here (no re-add). */
  readonly members: readonly string[];
  readonly limiter: RateLimiterState;
}

/** `NewRateLimitedTimedQueue(NewTokenBucketRateLimiter(qps, 1))`, or with the limiter given. */
export function createTaintingQueue(limiter: RateLimiterState | number): TaintingQueue {
  const l = typeof limiter === 'number' ? tokenBucketLimiter(limiter) : readLimiter(limiter);
  return { entries: [], members: [], limiter: l };
}

/** `Add`: queue `value` at `now`, unless it was added before and not `Remove`d. */
export function taintingQueueAdd(
  queue: TaintingQueue,
  value: string,
  now: number,
  uid?: string,
): { queue: TaintingQueue; added: boolean } {
  queue = readQueue(queue);
  now = finite(now);
  if (typeof value !== 'string') return { queue, added: false };
  if (queue.members.includes(value)) return { queue, added: false };
  const entry: TaintingQueueEntry =
    uid === undefined
      ? { value, addedAt: now, processAt: now }
      : { value, uid, addedAt: now, processAt: now };
  return {
    queue: { ...queue, entries: insert(queue.entries, entry), members: [...queue.members, value] },
    added: true,
  };
}

/** `Remove`: forget `value` (queue entry and set), so it can be added again. */
export function taintingQueueRemove(
  queue: TaintingQueue,
  value: string,
): { queue: TaintingQueue; removed: boolean } {
  queue = readQueue(queue);
  if (!queue.members.includes(value)) return { queue, removed: false };
  return {
    queue: {
      ...queue,
      entries: queue.entries.filter((e) => e.value !== value),
      members: queue.members.filter((m) => m !== value),
    },
    removed: true,
  };
}

/** `Clear`: empty the queue and the set. */
export function taintingQueueClear(queue: TaintingQueue): TaintingQueue {
  return { ...readQueue(queue), entries: [], members: [] };
}

/** What the action does with a node: done, or retry after `waitMs`. */
export type TaintingAttempt =
  | { readonly done: true }
  | { readonly done: false; readonly waitMs: number };

/**
 * `Try`, one pass at `now` (the controller runs one every 100 ms per zone): while the head of the
 * queue exists, take a token — stop if there is none — and stop if the head is not due yet (the
 * token is spent anyway, as upstream does); otherwise run `action`. A done node leaves the queue
 * but stays in the set; a failed one is re-queued at `now + waitMs + 1 ns`.
 */
export function taintingQueueTry(
  queue: TaintingQueue,
  now: number,
  action: (entry: TaintingQueueEntry) => TaintingAttempt,
): { queue: TaintingQueue; attempted: string[]; done: string[] } {
  queue = readQueue(queue);
  now = finite(now);
  let entries = [...queue.entries];
  let limiter = queue.limiter;
  const attempted: string[] = [];
  const done: string[] = [];
  for (let guard = 0; entries.length > 0 && guard < 1_000_000; guard++) {
    const head = entries[0] as TaintingQueueEntry;
    const token = tryAccept(limiter, now);
    limiter = token.limiter;
    if (!token.accepted) break;
    if (now < head.processAt) break;
    attempted.push(head.value);
    const result = action(head) as TaintingAttempt | undefined;
    entries = entries.slice(1);
    if (result?.done !== false) done.push(head.value);
    else
      entries = insert(entries, {
        ...head,
        processAt: now + Math.max(0, finite(result.waitMs)) + 1e-6,
      });
  }
  return { queue: { ...queue, entries, limiter }, attempted, done };
}

/**
 * `SwapLimiter(qps)`: nothing when the limiter already reports `qps` (a never-granting limiter
 * reports 1); QPS ≤ 0 installs a never-granting limiter; otherwise a fresh token bucket, drained
 * at once if the old limiter had no token left at `now`.
 */
export function taintingQueueSwapLimiter(
  queue: TaintingQueue,
  qps: number,
  now: number,
): TaintingQueue {
  queue = readQueue(queue);
  now = finite(now);
  if (typeof qps !== 'number') qps = 0;
  if (Math.fround(limiterQps(queue.limiter)) === Math.fround(qps)) return queue;
  if (!(qps > 0)) return { ...queue, limiter: { kind: 'never' } };
  let limiter = tokenBucketLimiter(qps);
  if (!tryAccept(queue.limiter, now).accepted) limiter = tryAccept(limiter, now).limiter;
  return { ...queue, limiter };
}

/** The queue as given, or its readable parts (bad entries dropped, a bad limiter never grants). */
function readQueue(queue: unknown): TaintingQueue {
  const entries: TaintingQueueEntry[] = [];
  for (const e of list(queue, 'entries')) {
    const value = field(e, 'value');
    const addedAt = field(e, 'addedAt');
    const processAt = field(e, 'processAt');
    if (typeof value !== 'string' || typeof addedAt !== 'number' || typeof processAt !== 'number')
      continue;
    if (Number.isNaN(processAt)) continue;
    const uid = field(e, 'uid');
    entries.push(
      typeof uid === 'string' ? { value, uid, addedAt, processAt } : { value, addedAt, processAt },
    );
  }
  const members = list(queue, 'members').filter((m): m is string => typeof m === 'string');
  return { entries, members, limiter: readLimiter(field(queue, 'limiter')) };
}

function readLimiter(value: unknown): RateLimiterState {
  const kind = field(value, 'kind');
  if (kind === 'always') return { kind };
  if (kind !== 'token-bucket') return { kind: 'never' };
  const qps = field(value, 'qps');
  const burst = field(value, 'burst');
  const tokens = field(value, 'tokens');
  const last = field(value, 'last');
  if (typeof qps !== 'number' || typeof burst !== 'number' || typeof tokens !== 'number')
    return { kind: 'never' };
  if (Number.isNaN(qps) || Number.isNaN(burst) || Number.isNaN(tokens)) return { kind: 'never' };
  return {
    kind,
    qps,
    burst,
    tokens,
    last: typeof last === 'number' && !Number.isNaN(last) ? last : undefined,
  };
}

function finite(now: unknown): number {
  return typeof now === 'number' && !Number.isNaN(now) ? now : 0;
}

/** Insert by `processAt`, after entries with the same time (Go's heap makes no promise on ties). */
function insert(
  entries: readonly TaintingQueueEntry[],
  entry: TaintingQueueEntry,
): TaintingQueueEntry[] {
  const i = entries.findIndex((e) => e.processAt > entry.processAt);
  const out = [...entries];
  out.splice(i < 0 ? out.length : i, 0, entry);
  return out;
}
