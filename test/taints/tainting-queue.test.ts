import { describe, expect, it } from 'vitest';
import {
  createTaintingQueue,
  limiterQps,
  type TaintingQueue,
  taintingQueueAdd,
  taintingQueueClear,
  taintingQueueRemove,
  taintingQueueSwapLimiter,
  taintingQueueTry,
  tokenBucketLimiter,
  tryAccept,
} from '../../src/taints/index';

// pkg/controller/nodelifecycle/scheduler/rate_limited_queue_test.go, on the immutable queue.

const always = () => createTaintingQueue({ kind: 'always' });
function addAll(q: TaintingQueue, values: string[], start = 1): TaintingQueue {
  return values.reduce((acc, v, i) => taintingQueueAdd(acc, v, start + i).queue, q);
}
const values = (q: TaintingQueue) => q.entries.map((e) => e.value);

describe('TestAddNode', () => {
  it('keeps insertion order and the set', () => {
    const q = addAll(always(), ['first', 'second', 'third']);
    expect(values(q)).toEqual(['first', 'second', 'third']);
    expect([...q.members].sort()).toEqual(['first', 'second', 'third']);
    expect(taintingQueueAdd(q, 'first', 9).added).toBe(false);
  });
});

describe('TestDelNode', () => {
  it.each([
    ['first', ['second', 'third']],
    ['second', ['first', 'third']],
    ['third', ['first', 'second']],
  ])('removing %s', (removed, left) => {
    const q = taintingQueueRemove(addAll(always(), ['first', 'second', 'third']), removed).queue;
    expect(values(q)).toEqual(left);
    expect([...q.members].sort()).toEqual(left);
  });
});

describe('TestTry', () => {
  it('processes every queued value', () => {
    const q = taintingQueueRemove(addAll(always(), ['first', 'second', 'third']), 'second').queue;
    const r = taintingQueueTry(q, 100, () => ({ done: true }));
    expect(r.done).toEqual(['first', 'third']);
    expect(r.queue.entries).toEqual([]);
  });
});

describe('TestTryOrdering', () => {
  it('a failed value is requeued at now + wait and not retried in the same pass', () => {
    const q = addAll(always(), ['first', 'second', 'third']);
    const r = taintingQueueTry(q, 4, (e) =>
      e.value === 'second' ? { done: false, waitMs: 2 } : { done: true },
    );
    expect(r.attempted).toEqual(['first', 'second', 'third']);
    expect(r.done).toEqual(['first', 'third']);
    expect(r.queue.entries).toEqual([{ value: 'second', addedAt: 2, processAt: 4 + 2 + 1e-6 }]);
    expect(taintingQueueTry(r.queue, 6, () => ({ done: true })).done).toEqual([]);
    expect(taintingQueueTry(r.queue, 7, () => ({ done: true })).done).toEqual(['second']);
  });
});

describe('TestClear', () => {
  it('removes everything', () => {
    const q = taintingQueueClear(addAll(always(), ['first', 'second', 'third']));
    expect(q.entries).toEqual([]);
    expect(q.members).toEqual([]);
  });
});

describe('TestSwapLimiter', () => {
  it('0 QPS never grants (and reports 1); a positive QPS is adopted; the same QPS keeps the limiter', () => {
    let q = always();
    expect(limiterQps(q.limiter)).toBe(1);
    q = taintingQueueSwapLimiter(q, 0, 0);
    expect(q.limiter).toEqual({ kind: 'never' });
    expect(limiterQps(q.limiter)).toBe(1);
    q = taintingQueueSwapLimiter(q, 5.5, 0);
    expect(limiterQps(q.limiter)).toBe(5.5);
    const prev = q.limiter;
    expect(taintingQueueSwapLimiter(q, 5.5, 0).limiter).toEqual(prev);
  });

  it('a fresh bucket is drained when the old one had no token left', () => {
    let q = createTaintingQueue(0.1);
    q = { ...q, limiter: tryAccept(q.limiter, 0).limiter };
    const swapped = taintingQueueSwapLimiter(q, 0.01, 1_000);
    expect(tryAccept(swapped.limiter, 1_000).accepted).toBe(false);
    const fresh = taintingQueueSwapLimiter(createTaintingQueue(0.1), 0.01, 1_000);
    expect(tryAccept(fresh.limiter, 1_000).accepted).toBe(true);
  });
});

describe('TestAddAfterTry', () => {
  it('a processed value stays in the set: it cannot be re-added without Remove', () => {
    const q = taintingQueueRemove(addAll(always(), ['first', 'second', 'third']), 'second').queue;
    const tried = taintingQueueTry(q, 100, () => ({ done: true })).queue;
    const readd = taintingQueueAdd(tried, 'first', 101);
    expect(readd.added).toBe(false);
    expect(taintingQueueTry(readd.queue, 102, () => ({ done: true })).attempted).toEqual([]);
    const again = taintingQueueAdd(taintingQueueRemove(tried, 'first').queue, 'first', 103);
    expect(again.added).toBe(true);
  });
});

describe('the zone rate in practice: a burst of silent nodes at 0.1 nodes/s', () => {
  it('the n-th node is tainted about 10·(n−1) s after the first (100 ms passes)', () => {
    let q = createTaintingQueue(0.1);
    for (const [i, n] of ['n1', 'n2', 'n3', 'n4'].entries()) q = taintingQueueAdd(q, n, i).queue;
    const taintedAt: Record<string, number> = {};
    for (let now = 0; now <= 40_000; now += 100) {
      const r = taintingQueueTry(q, now, (e) => {
        taintedAt[e.value] = now;
        return { done: true };
      });
      q = r.queue;
    }
    expect(taintedAt).toEqual({ n1: 0, n2: 10_000, n3: 20_000, n4: 30_000 });
  });

  it('a token bucket starts full and refills at its rate', () => {
    let l = tokenBucketLimiter(0.5);
    let r = tryAccept(l, 0);
    expect(r.accepted).toBe(true);
    l = r.limiter;
    expect(tryAccept(l, 1_999).accepted).toBe(false);
    r = tryAccept(l, 2_000);
    expect(r.accepted).toBe(true);
  });
});
