import { err, ok } from 'neverthrow';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvictionManager } from '../../src/manager/manager';
import type { ManagerEvent, SyncCycle, SyncResult } from '../../src/manager/types';
import { createMemoryPlatform } from '../../src/platform/memory-platform';
import type {
  MemoryWatchRequest,
  Platform,
  PlatformError,
  Watch,
  WatchEvent,
} from '../../src/platform/types';
import type { Pod } from '../../src/pods/pod';
import type { Summary } from '../../src/signals/summary';
import { th } from '../thresholds/builders';
import { makeMemoryStats } from './helpers';
import { makePods, makePodWithMemoryStats } from './scenario';

const Gi = 1024 ** 3;

class FakeWatch implements Watch {
  readonly ready = Promise.resolve(ok<void, PlatformError>(undefined));
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  closed = false;
  constructor(readonly request: MemoryWatchRequest) {}
  on(listener: (e: WatchEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
  fire(event: WatchEvent) {
    for (const l of [...this.listeners]) l(event);
  }
  get listenerCount() {
    return this.listeners.size;
  }
  close() {
    if (this.closed) return;
    this.fire({ type: 'closed', time: 0, reason: 'closed-by-caller' });
    this.closed = true;
    this.listeners.clear();
  }
}

/** A Platform whose summary and watches the test controls. */
function fakePlatform(summary: Summary) {
  const platform = {
    name: 'fake',
    current: summary as Summary | PlatformError,
    watches: [] as FakeWatch[],
    summaryCalls: 0,
    async summary() {
      platform.summaryCalls++;
      const c = platform.current;
      return 'node' in c
        ? ok<Summary, PlatformError>(structuredClone(c))
        : err<Summary, PlatformError>(c);
    },
    watchMemory(request: MemoryWatchRequest) {
      const w = new FakeWatch(request);
      platform.watches.push(w);
      return ok<Watch, PlatformError>(w);
    },
    close() {},
  };
  return platform satisfies Platform;
}

/** Node memory with usage: available 3Gi, working set 1Gi, usage 2Gi (SEMANTICS §11 vector). */
function memorySummary(): Summary {
  return {
    node: {
      nodeName: 'n',
      memory: { availableBytes: 3 * Gi, workingSetBytes: 1 * Gi, usageBytes: 2 * Gi },
      systemContainers: [
        {
          name: 'pods',
          memory: { availableBytes: 4 * Gi, workingSetBytes: 1 * Gi, usageBytes: 3 * Gi },
        },
      ],
    },
    pods: [],
  };
}

const nextTick = () => new Promise((r) => setImmediate(r));

async function until(condition: () => boolean, ms = 2000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Let real immediates and the promise chains they start run (only timeouts are faked). */
async function settle() {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('run: interval', () => {
  it('cycles every intervalMs until aborted (default 10 s, fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const platform = fakePlatform(memorySummary());
    let now = 0;
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '100Mi')],
      killPod: async () => {},
    });
    const results: SyncResult[] = [];
    const controller = new AbortController();
    const done = manager.run({
      platform,
      pods: [],
      signal: controller.signal,
      clock: () => now,
      memoryNotifier: false,
      onSync: (r) => results.push(r),
    });
    await settle();
    expect(results).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      now += 10_000;
      await vi.advanceTimersByTimeAsync(9_999);
      await settle();
      expect(results).toHaveLength(1 + i);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(results).toHaveLength(2 + i);
    }
    controller.abort();
    expect(await done).toEqual({ cycles: 4 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with createMemoryPlatform: its clock is the default clock', async () => {
    const { pods, stats } = makePods(
      [{ name: 'a', memoryWorkingSet: '100Mi' }],
      makePodWithMemoryStats,
    );
    const platform = createMemoryPlatform({
      timeline: [
        { time: 1_000, summary: makeMemoryStats('4Gi', stats) },
        { time: 5_000, summary: makeMemoryStats('50Mi', stats) },
      ],
    });
    const killed: string[] = [];
    const manager = createEvictionManager<Pod>({
      thresholds: [th('memory.available', '100Mi')],
      killPod: async (pod) => {
        killed.push(pod.metadata?.name ?? '');
      },
    });
    const results: SyncResult<Pod>[] = [];
    const controller = new AbortController();
    const done = manager.run({
      platform,
      pods,
      signal: controller.signal,
      intervalMs: 5,
      onSync: (r) => {
        results.push(r);
        if (results.length === 1) platform.advanceTo(5_000);
        if (results.length === 2) controller.abort();
      },
    });
    expect((await done).cycles).toBe(2);
    expect(results.map((r) => r.now)).toEqual([1_000, 5_000]);
    expect(killed).toEqual(['a']);
    platform.close();
  });
});

describe('run: memory notifiers', () => {
  it('registers the kubelet memcg threshold and runs a cycle at once when it fires', async () => {
    const platform = fakePlatform(memorySummary());
    let now = 1_000_000;
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const events: ManagerEvent[] = [];
    const results: SyncResult[] = [];
    const controller = new AbortController();
    const done = manager.run({
      platform,
      pods: [],
      signal: controller.signal,
      intervalMs: 3_600_000,
      clock: () => now,
      onSync: (r) => results.push(r),
      onEvent: (e) => events.push(e),
    });
    await until(() => results.length === 1);
    expect(platform.watches).toHaveLength(1);
    // capacity 4Gi − threshold 1Gi + inactive file 1Gi
    expect(platform.watches[0]?.request).toEqual({ bytes: 4n * BigInt(Gi) });
    expect(events.find((e) => e.type === 'notifier-registered')).toMatchObject({
      description: 'hard memory eviction threshold',
      bytes: 4n * BigInt(Gi),
    });

    now += 1_000;
    platform.watches[0]?.fire({ type: 'crossed', time: now });
    await until(() => results.length === 2);
    expect(events).toContainEqual({
      type: 'threshold-crossed',
      time: now,
      message: 'eviction manager: hard memory eviction threshold crossed',
      description: 'hard memory eviction threshold',
      event: 'crossed',
    });
    // within the 10 s refresh interval: the watch is kept
    expect(platform.watches).toHaveLength(1);

    // a PSI report triggers a cycle too; 11 s later the threshold is re-registered
    now += 10_000;
    platform.watches[0]?.fire({ type: 'pressure', time: now, detail: 'some avg10=40' });
    await until(() => results.length === 3);
    expect(platform.watches).toHaveLength(2);
    expect(platform.watches[0]?.closed).toBe(true);
    expect(platform.watches[1]?.closed).toBe(false);

    controller.abort();
    await done;
    expect(platform.watches.every((w) => w.closed)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'stopped', cycles: 3 });
  });

  it('allocatable thresholds watch the given pods cgroup, or say they cannot', async () => {
    const thresholds = [th('allocatableMemory.available', '1Gi')];
    const run = async (memoryNotifier: { allocatableCgroup?: string }) => {
      const platform = fakePlatform(memorySummary());
      const manager = createEvictionManager({ thresholds, killPod: async () => {} });
      const events: ManagerEvent[] = [];
      const controller = new AbortController();
      const done = manager.run({
        platform,
        pods: [],
        signal: controller.signal,
        intervalMs: 3_600_000,
        memoryNotifier,
        onSync: () => controller.abort(),
        onEvent: (e) => events.push(e),
      });
      await done;
      return { platform, events };
    };
    const watched = await run({ allocatableCgroup: '/sys/fs/cgroup/memory/kubepods' });
    // allocatable: capacity 5Gi − 1Gi + inactive 2Gi
    expect(watched.platform.watches[0]?.request).toEqual({
      cgroup: '/sys/fs/cgroup/memory/kubepods',
      bytes: 6n * BigInt(Gi),
    });
    const unwatched = await run({});
    expect(unwatched.platform.watches).toEqual([]);
    expect(unwatched.events.find((e) => e.type === 'notifier-error')).toMatchObject({
      description: 'hard allocatable memory eviction threshold',
    });
  });

  it('an incomplete summary is reported with upstream’s message and registers nothing', async () => {
    const summary = memorySummary();
    delete summary.node.memory?.usageBytes;
    const platform = fakePlatform(summary);
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const events: ManagerEvent[] = [];
    const controller = new AbortController();
    await manager.run({
      platform,
      pods: [],
      signal: controller.signal,
      onSync: () => controller.abort(),
      onEvent: (e) => events.push(e),
    });
    expect(platform.watches).toEqual([]);
    const e = events.find((x) => x.type === 'notifier-error');
    expect(e?.type === 'notifier-error' && e.message).toContain(
      'summary was incomplete.  Expected MemoryStats and all subfields to be non-nil',
    );
  });
});

describe('run: after an eviction', () => {
  it('waits for the pod to be cleaned up, then cycles again at once', async () => {
    const { pods, stats } = makePods(
      [
        { name: 'a', memoryWorkingSet: '1Gi' },
        { name: 'b', memoryWorkingSet: '10Mi' },
      ],
      makePodWithMemoryStats,
    );
    const platform = fakePlatform(makeMemoryStats('50Mi', stats));
    let alive = [...pods];
    const manager = createEvictionManager<Pod>({
      thresholds: [th('memory.available', '100Mi')],
      killPod: async (pod) => {
        setTimeout(() => {
          alive = alive.filter((p) => p !== pod);
        }, 30);
      },
    });
    const events: ManagerEvent[] = [];
    const results: SyncResult<Pod>[] = [];
    const controller = new AbortController();
    await manager.run({
      platform,
      pods: async () => alive,
      signal: controller.signal,
      intervalMs: 3_600_000,
      memoryNotifier: false,
      isPodCleanedUp: (pod) => !alive.includes(pod),
      podCleanupPollMs: 10,
      onSync: (r) => {
        results.push(r);
        if (results.length === 2) controller.abort();
      },
      onEvent: (e) => events.push(e),
    });
    // the interval is an hour: the second cycle came right after the cleanup
    expect(results.map((r) => r.eviction?.name)).toEqual(['a', 'b']);
    expect(events.find((e) => e.type === 'pods-cleaned-up')).toMatchObject({ uids: ['a'] });
  });

  it('gives up waiting after the cleanup timeout', async () => {
    const { pods, stats } = makePods(
      [{ name: 'a', memoryWorkingSet: '1Gi' }],
      makePodWithMemoryStats,
    );
    const platform = fakePlatform(makeMemoryStats('50Mi', stats));
    const manager = createEvictionManager<Pod>({
      thresholds: [th('memory.available', '100Mi')],
      killPod: async () => {},
    });
    const events: ManagerEvent[] = [];
    const controller = new AbortController();
    let cycles = 0;
    await manager.run({
      platform,
      pods,
      signal: controller.signal,
      memoryNotifier: false,
      isPodCleanedUp: () => false,
      podCleanupPollMs: 5,
      podCleanupTimeoutMs: 20,
      onSync: () => {
        cycles++;
        if (cycles === 2) controller.abort();
      },
      onEvent: (e) => events.push(e),
    });
    expect(events.filter((e) => e.type === 'pods-cleanup-timeout')).toHaveLength(1);
  });
});

describe('run: errors are values', () => {
  it('pods and summary failures are reported and the loop goes on', async () => {
    const platform = fakePlatform(memorySummary());
    platform.current = { code: 'io', path: '/sys/fs/cgroup', errno: 'EIO', message: 'read failed' };
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const events: ManagerEvent[] = [];
    const controller = new AbortController();
    let calls = 0;
    const done = manager.run({
      platform,
      pods: () => {
        calls++;
        if (calls === 1) throw new Error('apiserver down');
        return [];
      },
      signal: controller.signal,
      intervalMs: 1,
      memoryNotifier: false,
      onSync: () => controller.abort(),
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'cycle-error' && e.error.code === 'summary-unavailable')
          platform.current = memorySummary();
      },
    });
    const summary = await done;
    expect(summary.cycles).toBe(1);
    const errors = events.flatMap((e) => (e.type === 'cycle-error' ? [e.error] : []));
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['pods-unavailable', 'apiserver down'],
      ['summary-unavailable', 'io: /sys/fs/cgroup: read failed'],
    ]);
  });

  it('a throwing onSync or onEvent does not stop the loop', async () => {
    const platform = fakePlatform(memorySummary());
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const controller = new AbortController();
    let cycles = 0;
    const done = manager.run({
      platform,
      pods: [],
      signal: controller.signal,
      intervalMs: 1,
      onSync: () => {
        cycles++;
        if (cycles === 3) controller.abort();
        throw new Error('listener bug');
      },
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    expect((await done).cycles).toBe(3);
  });
});

describe('run: stopping', () => {
  it('an already aborted signal runs no cycle', async () => {
    const platform = fakePlatform(memorySummary());
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    expect(await manager.run({ platform, pods: [], signal: AbortSignal.abort() })).toEqual({
      cycles: 0,
    });
    expect(platform.summaryCalls).toBe(0);
  });

  it('abort stops promptly: watches closed, listeners gone, no timer left, nothing keeps the process alive', async () => {
    const platform = fakePlatform(memorySummary());
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const controller = new AbortController();
    let cycles = 0;
    const done = manager.run({
      platform,
      pods: [],
      signal: controller.signal,
      onSync: () => {
        cycles++;
      },
    });
    await until(() => cycles === 1);
    // the 10 s sleep is pending but unref'd: it does not keep the process alive
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    const abortedAt = Date.now();
    controller.abort();
    await done;
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    expect(platform.watches).toHaveLength(1);
    expect(platform.watches[0]?.closed).toBe(true);
    expect(platform.watches[0]?.listenerCount).toBe(0);
    await nextTick();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });

  it('abort during a cycle: the cycle finishes, nothing else starts', async () => {
    const { pods, stats } = makePods(
      [{ name: 'a', memoryWorkingSet: '1Gi' }],
      makePodWithMemoryStats,
    );
    const platform = fakePlatform(makeMemoryStats('50Mi', stats));
    const controller = new AbortController();
    let kills = 0;
    const manager = createEvictionManager<Pod>({
      thresholds: [th('memory.available', '100Mi')],
      killPod: async () => {
        kills++;
        controller.abort();
        await new Promise((r) => setTimeout(r, 10));
      },
    });
    const results: SyncResult<Pod>[] = [];
    const summary = await manager.run({
      platform,
      pods,
      signal: controller.signal,
      memoryNotifier: false,
      onSync: (r) => results.push(r),
    });
    expect(kills).toBe(1);
    expect(summary.cycles).toBe(1);
    expect(results).toHaveLength(1);
  });
});

describe('run: onSync gets the cycle’s Summary, pods and timing', () => {
  it('hands over what the cycle used, why it ran, when it started and how long it took', async () => {
    const { pods, stats } = makePods(
      [
        { name: 'a', memoryWorkingSet: '1Gi' },
        { name: 'b', memoryWorkingSet: '10Mi' },
      ],
      makePodWithMemoryStats,
    );
    const platform = fakePlatform(makeMemoryStats('50Mi', stats));
    let now = 5_000_000;
    let alive = [...pods];
    const manager = createEvictionManager<Pod>({
      thresholds: [th('memory.available', '100Mi')],
      killPod: async (pod) => {
        alive = alive.filter((p) => p !== pod);
      },
    });
    const cycles: SyncCycle<Pod>[] = [];
    const results: SyncResult<Pod>[] = [];
    const controller = new AbortController();
    await manager.run({
      platform,
      pods: async () => {
        now += 7; // reading the pods takes a while on this clock
        return alive;
      },
      clock: () => now,
      signal: controller.signal,
      intervalMs: 3_600_000,
      memoryNotifier: false,
      onSync: (r, cycle) => {
        results.push(r);
        cycles.push(cycle);
        if (cycles.length === 2) controller.abort();
      },
    });
    expect(cycles.map((c) => c.trigger)).toEqual(['start', 'after-eviction']);
    expect(cycles.map((c) => c.startedAt)).toEqual([5_000_000, 5_000_007]);
    expect(results.map((r) => r.now)).toEqual([5_000_007, 5_000_014]);
    expect(cycles[0]?.summary).toEqual(makeMemoryStats('50Mi', stats));
    expect(cycles[0]?.pods.map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    expect(cycles[1]?.pods.map((p) => p.metadata?.name)).toEqual(['b']);
    for (const c of cycles) expect(c.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('a notifier event is the trigger of the cycle it starts', async () => {
    const platform = fakePlatform(memorySummary());
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const triggers: string[] = [];
    const controller = new AbortController();
    const done = manager.run({
      platform,
      pods: [],
      signal: controller.signal,
      intervalMs: 3_600_000,
      onSync: (_r, cycle) => triggers.push(cycle.trigger),
    });
    await until(() => triggers.length === 1);
    platform.watches[0]?.fire({ type: 'crossed', time: Date.now() });
    await until(() => triggers.length === 2);
    controller.abort();
    await done;
    expect(triggers).toEqual(['start', 'notifier']);
  });
});
