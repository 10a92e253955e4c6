import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createMemoryPlatform, type TimelineEntry } from '../../src/platform/memory-platform';
import type { WatchEvent } from '../../src/platform/types';
import type { Summary } from '../../src/signals/summary';

const snapshot = (usageBytes: number, extra: Partial<Summary['node']> = {}): Summary => ({
  node: {
    nodeName: 'sim',
    memory: { time: 0, usageBytes, workingSetBytes: usageBytes, availableBytes: 1000 - usageBytes },
    ...extra,
  },
  pods: [],
});

const collect = () => {
  const events: WatchEvent[] = [];
  return { events, listener: (e: WatchEvent) => events.push(e) };
};

describe('summary()', () => {
  it('returns the latest snapshot at or before now, as a copy', async () => {
    const p = createMemoryPlatform({
      timeline: [
        { time: 2000, summary: snapshot(300) },
        { time: 1000, summary: snapshot(100) },
      ],
    });
    expect(p.now()).toBe(1000);
    const first = (await p.summary())._unsafeUnwrap();
    expect(first.node.memory?.usageBytes).toBe(100);
    first.node.nodeName = 'mutated';
    expect((await p.summary())._unsafeUnwrap().node.nodeName).toBe('sim');
    p.advanceTo(1999)._unsafeUnwrap();
    expect((await p.summary())._unsafeUnwrap().node.memory?.usageBytes).toBe(100);
    p.advanceTo(2000)._unsafeUnwrap();
    expect((await p.summary())._unsafeUnwrap().node.memory?.usageBytes).toBe(300);
  });

  it('before the first snapshot there is nothing to report', async () => {
    const p = createMemoryPlatform({ timeline: [{ time: 10, summary: snapshot(1) }], start: 0 });
    expect((await p.summary())._unsafeUnwrapErr().code).toBe('not-found');
  });

  it('accepts raw Summary API JSON (timestamps as RFC 3339 strings)', async () => {
    const json = JSON.parse(
      readFileSync(
        new URL(
          '../fixtures/summary/newrelic-nri-kubernetes-k8s-1.35-summary.json',
          import.meta.url,
        ),
        'utf8',
      ),
    );
    const p = createMemoryPlatform({ timeline: [{ time: 0, summary: json }] });
    const s = (await p.summary())._unsafeUnwrap();
    expect(typeof s.node.memory?.time).toBe('number');
    expect(s.pods.length).toBe(17);
  });

  it('reports an invalid timeline from every call instead of throwing', async () => {
    const bad = [
      [{ time: Number.NaN, summary: snapshot(1) }],
      [{ time: 1, summary: { node: {} } }],
      [{ time: 1, memoryUsageBytes: 5 }],
      [{ time: 1, memoryUsageBytes: -1n }],
      [null],
    ] as unknown as TimelineEntry[][];
    for (const timeline of bad) {
      const p = createMemoryPlatform({ timeline });
      expect((await p.summary())._unsafeUnwrapErr().code).toBe('invalid-argument');
      expect(p.watchMemory({ bytes: 1n })._unsafeUnwrapErr().code).toBe('invalid-argument');
      expect(p.advanceBy(1)._unsafeUnwrapErr().code).toBe('invalid-argument');
    }
    const notArray = createMemoryPlatform({ timeline: 'x' as unknown as TimelineEntry[] });
    expect((await notArray.summary())._unsafeUnwrapErr().code).toBe('invalid-argument');
  });
});

describe('time', () => {
  it('never goes backwards', () => {
    const p = createMemoryPlatform({ timeline: [], start: 100 });
    expect(p.advanceTo(50)._unsafeUnwrapErr().code).toBe('invalid-argument');
    expect(p.advanceBy(-1)._unsafeUnwrapErr().code).toBe('invalid-argument');
    expect(p.advanceTo(Number.POSITIVE_INFINITY).isErr()).toBe(true);
    p.advanceBy(25)._unsafeUnwrap();
    expect(p.now()).toBe(125);
  });

  it('nextEntryTime steps a simulation event by event', () => {
    const p = createMemoryPlatform({
      timeline: [
        { time: 0, summary: snapshot(1) },
        { time: 30, memoryUsageBytes: 5n },
        { time: 10, memoryUsageBytes: 4n },
      ],
    });
    const seen: number[] = [];
    for (let t = p.nextEntryTime(); t !== undefined; t = p.nextEntryTime()) {
      p.advanceTo(t)._unsafeUnwrap();
      seen.push(t);
    }
    expect(seen).toEqual([10, 30]);
    expect(p.memoryUsage()).toBe(5n);
  });
});

describe('watchMemory', () => {
  it('fires crossed on each side change, either direction, at the entry time', () => {
    const p = createMemoryPlatform({
      timeline: [
        { time: 0, memoryUsageBytes: 100n },
        { time: 10, memoryUsageBytes: 150n },
        { time: 20, memoryUsageBytes: 250n },
        { time: 30, memoryUsageBytes: 260n },
        { time: 40, memoryUsageBytes: 199n },
        { time: 50, memoryUsageBytes: 200n },
      ],
    });
    const { events, listener } = collect();
    const w = p.watchMemory({ bytes: 200n })._unsafeUnwrap();
    w.on(listener);
    p.advanceTo(100)._unsafeUnwrap();
    expect(events).toEqual([
      { type: 'crossed', time: 20 },
      { type: 'crossed', time: 40 },
      // the kernel's rule: usage reaching the threshold counts as above it
      { type: 'crossed', time: 50 },
    ]);
  });

  it('never fires at registration, and learns the side from the first usage', () => {
    const p = createMemoryPlatform({
      timeline: [
        { time: 5, memoryUsageBytes: 500n },
        { time: 6, memoryUsageBytes: 10n },
      ],
      start: 0,
    });
    const { events, listener } = collect();
    p.watchMemory({ bytes: 100n })._unsafeUnwrap().on(listener);
    p.advanceTo(5)._unsafeUnwrap();
    expect(events).toEqual([]);
    p.advanceTo(6)._unsafeUnwrap();
    expect(events).toEqual([{ type: 'crossed', time: 6 }]);
  });

  it('snapshots drive the node usage; cgroup keys are separate series', () => {
    const p = createMemoryPlatform({
      timeline: [
        { time: 0, summary: snapshot(100) },
        { time: 10, summary: snapshot(900) },
        { time: 10, memoryUsageBytes: 900n, cgroup: '/kubepods' },
      ],
    });
    const node = collect();
    const pods = collect();
    p.watchMemory({ bytes: 500n })._unsafeUnwrap().on(node.listener);
    p.watchMemory({ bytes: 500n, cgroup: '/kubepods' })._unsafeUnwrap().on(pods.listener);
    p.advanceBy(10)._unsafeUnwrap();
    expect(node.events).toEqual([{ type: 'crossed', time: 10 }]);
    // the pods series had no usage before t=10, so its first value only sets the side
    expect(pods.events).toEqual([]);
    expect(p.memoryUsage('/kubepods')).toBe(900n);
  });

  it('entries added during the run are honoured; late ones apply now', () => {
    const p = createMemoryPlatform({ timeline: [{ time: 0, memoryUsageBytes: 0n }] });
    const { events, listener } = collect();
    p.watchMemory({ bytes: 10n })._unsafeUnwrap().on(listener);
    p.add({ time: 50, memoryUsageBytes: 20n })._unsafeUnwrap();
    p.advanceTo(40)._unsafeUnwrap();
    p.add({ time: 30, memoryUsageBytes: 20n })._unsafeUnwrap();
    expect(events).toEqual([{ type: 'crossed', time: 40 }]);
    p.advanceTo(60)._unsafeUnwrap();
    expect(events).toHaveLength(1);
    expect(p.add({ time: Number.NaN, memoryUsageBytes: 1n }).isErr()).toBe(true);
  });

  it('a late snapshot never hides a newer one', async () => {
    const p = createMemoryPlatform({ timeline: [{ time: 10, summary: snapshot(7) }] });
    p.add({ time: 5, summary: snapshot(3) })._unsafeUnwrap();
    expect((await p.summary())._unsafeUnwrap().node.memory?.usageBytes).toBe(7);
  });

  it('closed is the last event, exactly once; unsubscribe works', () => {
    const p = createMemoryPlatform({ timeline: [{ time: 0, memoryUsageBytes: 0n }] });
    const { events, listener } = collect();
    const w = p.watchMemory({ bytes: 1n })._unsafeUnwrap();
    w.on(listener);
    const off = w.on(() => {
      throw new Error('never called');
    });
    off();
    w.close();
    w.close();
    p.add({ time: 0, memoryUsageBytes: 5n })._unsafeUnwrap();
    expect(events).toEqual([{ type: 'closed', time: 0, reason: 'closed-by-caller' }]);
    expect(w.closed).toBe(true);
  });

  it('platform close() closes every watch and later calls report closed', async () => {
    const p = createMemoryPlatform({ timeline: [{ time: 3, summary: snapshot(1) }] });
    const { events, listener } = collect();
    p.watchMemory({ bytes: 1n })._unsafeUnwrap().on(listener);
    p.close();
    p.close();
    expect(events).toEqual([{ type: 'closed', time: 3, reason: 'closed-by-caller' }]);
    expect((await p.summary())._unsafeUnwrapErr().code).toBe('closed');
    expect(p.watchMemory({ bytes: 1n })._unsafeUnwrapErr().code).toBe('closed');
    expect(p.advanceBy(1)._unsafeUnwrapErr().code).toBe('closed');
  });

  it('ready resolves ok; a bad request is a typed error', async () => {
    const p = createMemoryPlatform({ timeline: [] });
    expect((await p.watchMemory({ bytes: 1n })._unsafeUnwrap().ready).isOk()).toBe(true);
    expect(p.watchMemory({ bytes: 1 as unknown as bigint })._unsafeUnwrapErr().code).toBe(
      'invalid-argument',
    );
  });

  test.prop(
    [
      fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 60 }),
      fc.bigInt({ min: 0n, max: 1000n }),
    ],
    { numRuns: 300 },
  )('events = side changes of the usage series (kernel memcg threshold rule)', (series, bytes) => {
    const timeline = series.map((b, i) => ({ time: i, memoryUsageBytes: b }));
    const p = createMemoryPlatform({ timeline, start: -1 });
    const { events, listener } = collect();
    p.watchMemory({ bytes })._unsafeUnwrap().on(listener);
    p.advanceTo(series.length)._unsafeUnwrap();
    const expected: number[] = [];
    for (let i = 1; i < series.length; i++) {
      if (series[i - 1]! >= bytes !== series[i]! >= bytes) expected.push(i);
    }
    expect(events.map((e) => e.time)).toEqual(expected);
  });
});
