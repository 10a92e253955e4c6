// notifier-latency: from a child process crossing a cgroup v1 memory threshold to the callback
// of evictkit's native notifier, over ≥ 200 crossings, the allocating child (bench/c/alloc-child.c)
// pinned to CPU 1 and this process to CPU 0 (LINUX-PROBE §2a). Baseline, same run, same child,
// same threshold: a minimal C epoll loop on the same eventfd / cgroup.event_control mechanism
// (bench/c/threshold-listener.c), pinned to CPU 0. The two alternate in blocks of crossings.
//
// Latency of one crossing = listener's CLOCK_MONOTONIC at the event − child's CLOCK_MONOTONIC
// when it first read its usage at or above the threshold (process.hrtime is the same clock).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadNotifierAddon } from '../src/platform/linux/native/loader';
import { createNotifier } from '../src/platform/notifier/registry';
import { buildC } from './c-tools';
import { memcgParent, ScratchCgroup } from './cgroup-tree';
import {
  type BenchContext,
  type Benchmark,
  type BenchRecord,
  exited,
  fail,
  percentile,
  round3,
  roundDetails,
  skippedRecord,
} from './harness';

const GOAL = 'p50 < 1 ms and within 1.5× of the C baseline';
const MiB = 2 ** 20;
/** The threshold sits this far above the child's starting usage. */
const HEADROOM = 8 * MiB;
/** The child keeps allocating this much past the crossing, so the kernel's event check runs. */
const EXTRA = 2 * MiB;
/** The kubelet notices memory pressure on its housekeeping loop, every 10 s. */
const KUBELET_HOUSEKEEPING_MS = 10_000;

/** Lines of a child's stdout, as a queue that can be awaited with a timeout. */
class LineQueue {
  readonly #lines: string[] = [];
  #waiter: (() => void) | undefined;

  /** `route` may take a line before it is queued (returns true when it did). */
  constructor(child: ChildProcess, route?: (line: string) => boolean) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (route === undefined || !route(line)) this.push(line);
    });
  }

  push(line: string): void {
    this.#lines.push(line);
    this.#waiter?.();
  }

  clear(): void {
    this.#lines.length = 0;
  }

  async next(timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.#lines.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#waiter = undefined;
    }
    return this.#lines.shift();
  }
}

/** An event's arrival (ns); `wake` is when the addon's loop woke up, for the raw addon. */
interface Arrival {
  at: bigint;
  wake?: bigint;
}

/** Event arrivals, from any of the listeners. */
class Arrivals {
  readonly times: Arrival[] = [];
  #waiter: (() => void) | undefined;

  push(arrival: Arrival): void {
    this.times.push(arrival);
    this.#waiter?.();
  }

  async first(timeoutMs: number): Promise<Arrival | undefined> {
    if (this.times.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#waiter = undefined;
    }
    return this.times.shift();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pin every thread of this process to `cpus` with taskset; returns the mask to restore. */
function pinSelf(cpus: string): string | undefined {
  const current = spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' });
  const mask = /:\s*([0-9a-f]+)\s*$/.exec(current.stdout ?? '')?.[1];
  if (current.status !== 0 || mask === undefined) return undefined;
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], {
    stdio: 'ignore',
  });
  return pinned.status === 0 ? mask : undefined;
}

function unpinSelf(mask: string): void {
  spawnSync('taskset', ['-a', '-p', mask, String(process.pid)], { stdio: 'ignore' });
}

interface Child {
  process: ChildProcess;
  lines: LineQueue;
}

/** An event this long before the child saw the crossing belongs to an earlier crossing. */
const STALE_NS = 2_000_000n;

interface CrossingCounts {
  missed: number;
  stale: number;
}

/** One crossing's latency (ms); `wakeMs` up to the addon's wake-up when known. */
interface Latency {
  ms: number;
  wakeMs?: number;
}

/** One crossing: go, wait for the event and the child's report, give the memory back. */
async function crossing(
  child: Child,
  threshold: number,
  arrivals: Arrivals,
  counts: CrossingCounts,
): Promise<Latency | undefined> {
  arrivals.times.length = 0;
  child.process.stdin!.write(`g ${threshold}\n`);
  const report = await child.lines.next(5000);
  if (report === undefined || !report.startsWith('t ')) fail(`alloc-child said ${report}`);
  const crossedAt = BigInt(report.split(' ')[1]!);
  let event: Arrival | undefined;
  for (;;) {
    event = await arrivals.first(1000);
    if (event === undefined || crossedAt === 0n || event.at >= crossedAt - STALE_NS) break;
    counts.stale++;
  }
  child.process.stdin!.write('f\n');
  if ((await child.lines.next(5000)) !== 'f') fail('alloc-child did not free its memory');
  // The way down crosses the threshold too (alloc-child makes the kernel report it at once):
  // wait for that event and drop it.
  await arrivals.first(200);
  await sleep(2);
  arrivals.times.length = 0;
  if (crossedAt === 0n || event === undefined) {
    counts.missed++;
    return undefined;
  }
  const ms = Number(event.at - crossedAt) / 1e6;
  return event.wake === undefined ? { ms } : { ms, wakeMs: Number(event.wake - crossedAt) / 1e6 };
}

export const notifierLatency: Benchmark = {
  name: 'notifier-latency',
  kind: 'kernel',
  summary: 'memcg v1 threshold crossing → JS callback (native addon) vs a C epoll loop',
  async run(context: BenchContext): Promise<BenchRecord> {
    const where = memcgParent();
    if (!where.ok) return skippedRecord('notifier-latency', 'ms', GOAL, where.reason);
    const allocChild = buildC('alloc-child');
    const listener = buildC('threshold-listener');
    if (!allocChild.ok) return skippedRecord('notifier-latency', 'ms', GOAL, allocChild.reason);
    if (!listener.ok) return skippedRecord('notifier-latency', 'ms', GOAL, listener.reason);
    const notifier = createNotifier({ backend: 'native', roots: [where.memoryRoot] });
    if (notifier.isErr()) {
      return skippedRecord(
        'notifier-latency',
        'ms',
        GOAL,
        `native notifier: ${notifier.error.message}`,
      );
    }

    const blocks = context.quick ? 1 : 4;
    const perBlock = context.quick ? 5 : 60;
    const restoreMask = pinSelf('0');
    const scratch = new ScratchCgroup(where.parent, 'notify');
    const dir = join(scratch.dir, 'alloc');
    let child: Child | undefined;
    try {
      mkdirSync(dir);
      const proc = spawn(
        allocChild.path,
        [dir, '1', String(HEADROOM + EXTRA + 16 * MiB), String(EXTRA)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      child = { process: proc, lines: new LineQueue(proc) };
      const ready = await child.lines.next(5000);
      if (ready === undefined || !ready.startsWith('ready ')) fail(`alloc-child: ${ready}`);
      const threshold = Number(ready.split(' ')[1]) + HEADROOM;
      context.log(
        `notifier-latency: ${blocks * perBlock} crossings each, threshold ${threshold} B`,
      );

      const js: number[] = [];
      const c: number[] = [];
      const jsCounts: CrossingCounts = { missed: 0, stale: 0 };
      const cCounts: CrossingCounts = { missed: 0, stale: 0 };
      const rawCounts: CrossingCounts = { missed: 0, stale: 0 };
      const rawJs: number[] = [];
      const rawWake: number[] = [];
      const loaded = loadNotifierAddon();
      const addon = loaded.isOk() ? loaded.value : undefined;
      for (let b = 0; b < blocks; b++) {
        // evictkit: the native addon's watch, callback in this process.
        const arrivals = new Arrivals();
        const watch = notifier.value.watch({
          kind: 'threshold',
          cgroup: dir,
          bytes: BigInt(threshold),
        });
        if (watch.isErr()) fail(`watch: ${watch.error.message}`);
        watch.value.on((event) => {
          if (event.type === 'crossed') arrivals.push({ at: process.hrtime.bigint() });
        });
        const registered = await watch.value.ready;
        if (registered.isErr()) fail(`watch: ${registered.error.message}`);
        for (let i = 0; i < perBlock; i++) {
          const latency = await crossing(child, threshold, arrivals, jsCounts);
          if (latency !== undefined) js.push(latency.ms);
        }
        watch.value.close();

        // For the breakdown: the addon itself, without the notifier layer above it, with the
        // time its loop woke up.
        if (addon !== undefined) {
          const raw = new Arrivals();
          let rawReady: (state: string) => void = () => {};
          const registeredRaw = new Promise<string>((resolve) => {
            rawReady = resolve;
          });
          const id = addon.watchThreshold(
            dir,
            'memory.usage_in_bytes',
            BigInt(threshold),
            (...m) => {
              if (m[0] === 'event') raw.push({ at: process.hrtime.bigint(), wake: m[1].wakeNs });
              else if (m[0] === 'ready' || m[0] === 'error') rawReady(m[0]);
            },
          );
          const state = await registeredRaw;
          if (state !== 'ready') fail('the raw addon watch did not register');
          for (let i = 0; i < perBlock; i++) {
            const latency = await crossing(child, threshold, raw, rawCounts);
            if (latency !== undefined) {
              rawJs.push(latency.ms);
              if (latency.wakeMs !== undefined) rawWake.push(latency.wakeMs);
            }
          }
          addon.close(id);
        }

        // The C epoll loop on the same cgroup and threshold.
        const loop = spawn(listener.path, [dir, String(threshold), '0'], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        const cArrivals = new Arrivals();
        const loopLines = new LineQueue(loop, (line) => {
          if (!line.startsWith('e ')) return false;
          cArrivals.push({ at: BigInt(line.slice(2)) });
          return true;
        });
        if ((await loopLines.next(5000)) !== 'ready') fail('threshold-listener did not start');
        for (let i = 0; i < perBlock; i++) {
          const latency = await crossing(child, threshold, cArrivals, cCounts);
          if (latency !== undefined) c.push(latency.ms);
        }
        loop.stdin!.end();
        await exited(loop);
      }
      if (js.length === 0 || c.length === 0) fail('no crossing was notified');
      const p50 = percentile(js, 50);
      const cP50 = percentile(c, 50);
      const ratio = cP50 / p50;
      return {
        name: 'notifier-latency',
        value: round3(p50),
        unit: 'ms',
        baseline: 'C epoll loop on the same eventfd (bench/c/threshold-listener.c), p50',
        baselineValue: round3(cP50),
        ratio: round3(ratio),
        goal: GOAL,
        ...(context.quick ? {} : { met: p50 < 1 && p50 <= 1.5 * cP50 }),
        details: roundDetails({
          p99Ms: percentile(js, 99),
          baselineP99Ms: percentile(c, 99),
          p90Ms: percentile(js, 90),
          minMs: Math.min(...js),
          addonWakeP50Ms: percentile(rawWake, 50),
          addonCallbackP50Ms: percentile(rawJs, 50),
          baselineMinMs: Math.min(...c),
          baselineP90Ms: percentile(c, 90),
          crossings: js.length,
          baselineCrossings: c.length,
          missed: jsCounts.missed,
          baselineMissed: cCounts.missed,
          staleEvents: jsCounts.stale,
          baselineStaleEvents: cCounts.stale,
          pinned: restoreMask !== undefined ? 'node CPU 0, child CPU 1' : 'no (taskset failed)',
          kubeletHousekeepingMs: KUBELET_HOUSEKEEPING_MS,
          kubeletMeanDelayMs: KUBELET_HOUSEKEEPING_MS / 2,
        }),
      };
    } finally {
      if (child) {
        child.process.stdin?.end('q\n');
        await exited(child.process, 2000);
      }
      notifier.value.close();
      if (restoreMask !== undefined) unpinSelf(restoreMask);
      const left = scratch.remove();
      if (left.length > 0) context.log(`notifier-latency: could not remove ${left.join(', ')}`);
    }
  },
};
