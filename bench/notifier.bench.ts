// notifier-latency: from a child process crossing a cgroup v1 memory threshold to the callback
// of evictkit's native notifier, over ≥ 200 crossings, the allocating child (bench/c/alloc-child.c)
// pinned to CPU 1 and the listener to CPU 0 (LINUX-PROBE §2a). Baseline, same run, same child,
// same threshold: a minimal C epoll loop on the same eventfd / cgroup.event_control mechanism
// (bench/c/threshold-listener.c), pinned to CPU 0. evictkit's listener is a node process of the
// same shape (bench/notifier-listener.ts: register, then one line per event), so that neither
// listener carries this harness's work; the harness runs on CPU 1 with the child. The listeners
// alternate in short blocks, a round of one block each, the order rotated every round.
//
// Latency of one crossing = listener's CLOCK_MONOTONIC at the event − child's CLOCK_MONOTONIC
// when it first read its usage at or above the threshold (process.hrtime is the same clock).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadNotifierAddon } from '../src/platform/linux/native/loader';
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

/** Whether `taskset` can pin here (LINUX-PROBE §2a); without it nothing is pinned. */
function canPin(): boolean {
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

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

/**
 * One crossing's latency (ms); `wakeMs` up to the addon's wake-up when known, and `dispatchMs`
 * from that wake-up to the JS callback (the addon's own path, measured per event).
 */
interface Latency {
  ms: number;
  wakeMs?: number;
  dispatchMs?: number;
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
  if (event.wake === undefined) return { ms };
  return {
    ms,
    wakeMs: Number(event.wake - crossedAt) / 1e6,
    dispatchMs: Number(event.at - event.wake) / 1e6,
  };
}

/** The three listeners, each a process of its own pinned to the listener CPU. */
type ListenerKind = 'notifier' | 'addon' | 'c';

const LISTENER_SCRIPT = fileURLToPath(new URL('./notifier-listener.ts', import.meta.url));

/** CPU of the listener (evictkit's or C's); the child and this harness run on the other. */
const LISTENER_CPU = '0';
const CHILD_CPU = '1';

function startListener(
  kind: ListenerKind,
  cListener: string,
  dir: string,
  threshold: number,
  memoryRoot: string,
  pin: boolean,
): ChildProcess {
  const stdio: ['pipe', 'pipe', 'inherit'] = ['pipe', 'pipe', 'inherit'];
  if (kind === 'c') return spawn(cListener, [dir, String(threshold), LISTENER_CPU], { stdio });
  // Same node, flags and loader as this process; every thread on the listener CPU, as the
  // single-threaded C listener pins itself.
  const node = [
    process.execPath,
    ...process.execArgv,
    LISTENER_SCRIPT,
    kind,
    dir,
    String(threshold),
    memoryRoot,
  ];
  return pin
    ? spawn('taskset', ['-c', LISTENER_CPU, ...node], { stdio })
    : spawn(node[0]!, node.slice(1), { stdio });
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
    const loaded = loadNotifierAddon();
    if (loaded.isErr()) {
      return skippedRecord(
        'notifier-latency',
        'ms',
        GOAL,
        `native notifier: ${loaded.error.message}`,
      );
    }

    // Rounds of one block per listener, the order rotated each round, so that the machine's
    // load drifts over all three alike.
    const rounds = context.quick ? 1 : 12;
    const perBlock = context.quick ? 5 : 20;
    const pin = canPin();
    const restoreMask = pin ? pinSelf(CHILD_CPU) : undefined;
    const scratch = new ScratchCgroup(where.parent, 'notify');
    const dir = join(scratch.dir, 'alloc');
    let child: Child | undefined;
    try {
      mkdirSync(dir);
      const proc = spawn(
        allocChild.path,
        [dir, CHILD_CPU, String(HEADROOM + EXTRA + 16 * MiB), String(EXTRA)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      child = { process: proc, lines: new LineQueue(proc) };
      const ready = await child.lines.next(5000);
      if (ready === undefined || !ready.startsWith('ready ')) fail(`alloc-child: ${ready}`);
      const threshold = Number(ready.split(' ')[1]) + HEADROOM;
      context.log(
        `notifier-latency: ${rounds * perBlock} crossings each, threshold ${threshold} B`,
      );

      const latencies: Record<ListenerKind, number[]> = { notifier: [], addon: [], c: [] };
      const counts: Record<ListenerKind, CrossingCounts> = {
        notifier: { missed: 0, stale: 0 },
        addon: { missed: 0, stale: 0 },
        c: { missed: 0, stale: 0 },
      };
      const addonWake: number[] = [];
      const addonDispatch: number[] = [];
      const kinds: ListenerKind[] = ['notifier', 'addon', 'c'];
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < kinds.length; k++) {
          const kind = kinds[(k + r) % kinds.length]!;
          const loop = startListener(kind, listener.path, dir, threshold, where.memoryRoot, pin);
          const arrivals = new Arrivals();
          const lines = new LineQueue(loop, (line) => {
            if (!line.startsWith('e ')) return false;
            const [, at, wake] = line.split(' ');
            arrivals.push(
              wake === undefined ? { at: BigInt(at!) } : { at: BigInt(at!), wake: BigInt(wake) },
            );
            return true;
          });
          const started = await lines.next(20_000);
          if (started !== 'ready') {
            loop.kill('SIGKILL');
            fail(`the ${kind} listener did not start (${started ?? 'no output'})`);
          }
          for (let i = 0; i < perBlock; i++) {
            const latency = await crossing(child, threshold, arrivals, counts[kind]);
            if (latency === undefined) continue;
            latencies[kind].push(latency.ms);
            if (latency.wakeMs !== undefined) addonWake.push(latency.wakeMs);
            if (latency.dispatchMs !== undefined) addonDispatch.push(latency.dispatchMs);
          }
          loop.stdin!.end();
          await exited(loop);
        }
      }
      const js = latencies.notifier;
      const c = latencies.c;
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
          addonWakeP50Ms: percentile(addonWake, 50),
          addonCallbackP50Ms: percentile(latencies.addon, 50),
          addonDispatchP50Ms: percentile(addonDispatch, 50),
          addonDispatchP90Ms: percentile(addonDispatch, 90),
          baselineMinMs: Math.min(...c),
          baselineP90Ms: percentile(c, 90),
          crossings: js.length,
          baselineCrossings: c.length,
          missed: counts.notifier.missed,
          baselineMissed: counts.c.missed,
          staleEvents: counts.notifier.stale,
          baselineStaleEvents: counts.c.stale,
          blocks: `${rounds} rounds × ${perBlock} crossings per listener`,
          pinned: pin
            ? `listener CPU ${LISTENER_CPU}; child and harness CPU ${CHILD_CPU}`
            : 'no (taskset failed)',
          kubeletHousekeepingMs: KUBELET_HOUSEKEEPING_MS,
          kubeletMeanDelayMs: KUBELET_HOUSEKEEPING_MS / 2,
        }),
      };
    } finally {
      if (child) {
        child.process.stdin?.end('q\n');
        await exited(child.process, 2000);
      }
      if (restoreMask !== undefined) unpinSelf(restoreMask);
      const left = scratch.remove();
      if (left.length > 0) context.log(`notifier-latency: could not remove ${left.join(', ')}`);
    }
  },
};
