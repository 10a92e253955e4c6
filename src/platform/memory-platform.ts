import { err, ok, type Result } from 'neverthrow';
import type { z } from 'zod';
import { type Summary, summarySchema } from '../signals/summary';
import type { MemoryWatchRequest, Platform, PlatformError, Watch, WatchEvent } from './types';

/** A Summary as the timeline accepts it: validated output, or raw API JSON (RFC 3339 times…). */
export type SummaryInput = Summary | z.input<typeof summarySchema>;

/** At `time`, `summary()` starts returning this snapshot. */
export interface SnapshotEntry {
  time: number;
  summary: SummaryInput;
}

/**
 * At `time`, the memory usage of `cgroup` becomes `bytes`. `cgroup` is the key a
 * `watchMemory` request names; omitted, it is the node (a request without `cgroup`).
 */
export interface MemoryUsageEntry {
  time: number;
  memoryUsageBytes: bigint;
  cgroup?: string;
}

export type TimelineEntry = SnapshotEntry | MemoryUsageEntry;

export interface MemoryPlatformOptions {
  /** Snapshots and usage changes in any order; equal times keep their given order. */
  timeline: readonly TimelineEntry[];
  /** The clock's starting time (epoch ms). Default: the earliest entry's time, or 0. */
  start?: number;
  /** Platform name. Default `memory`. */
  name?: string;
}

/** An in-memory `Platform` whose clock only moves when told to. */
export interface MemoryPlatform extends Platform {
  /** The current simulated time (epoch ms). */
  now(): number;
  /**
   * Move the clock forward to `time`, applying every entry up to and including it in order;
   * `crossed` events fire synchronously, stamped with the entry's time.
   */
  advanceTo(time: number): Result<void, PlatformError>;
  /** `advanceTo(now() + ms)`. */
  advanceBy(ms: number): Result<void, PlatformError>;
  /** Add an entry; one at or before `now()` applies immediately. */
  add(entry: TimelineEntry): Result<void, PlatformError>;
  /** The time of the next entry after `now()`, for stepping a simulation event by event. */
  nextEntryTime(): number | undefined;
  /** Current memory usage of `cgroup` (the node when omitted), if any entry has set it. */
  memoryUsage(cgroup?: string): bigint | undefined;
}

const NODE_KEY = '\0node';

type Listener = (event: WatchEvent) => void;

/** Surface a throwing listener like an EventEmitter would, without derailing the timeline. */
const reportListenerError = (e: unknown): void => {
  queueMicrotask(() => {
    throw e;
  });
};

class SimulatedWatch implements Watch {
  readonly ready = Promise.resolve(ok<void, PlatformError>(undefined));
  private readonly listeners = new Set<Listener>();
  private isClosed = false;
  /** Whether usage was at or above the threshold; `undefined` until a usage is known. */
  above: boolean | undefined;

  constructor(
    readonly key: string,
    readonly bytes: bigint,
    private readonly clock: () => number,
    private readonly release: (w: SimulatedWatch) => void,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  on(listener: Listener): () => void {
    if (this.isClosed || typeof listener !== 'function') return () => {};
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: WatchEvent): void {
    if (this.isClosed) return;
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        reportListenerError(e);
      }
    }
  }

  /** Apply a usage value: the kernel's memcg rule, an event whenever the side changes. */
  observe(usage: bigint, time: number): void {
    const above = usage >= this.bytes;
    const before = this.above;
    this.above = above;
    if (before !== undefined && before !== above) this.emit({ type: 'crossed', time });
  }

  close(): void {
    if (this.isClosed) return;
    this.emit({ type: 'closed', time: this.clock(), reason: 'closed-by-caller' });
    this.isClosed = true;
    this.listeners.clear();
    this.release(this);
  }
}

interface Pending {
  seq: number;
  entry: TimelineEntry;
  summary?: Summary;
}

const isSnapshot = (e: TimelineEntry): e is SnapshotEntry => 'summary' in e;

function validateEntry(
  entry: unknown,
  label: string,
): Result<Pending['summary'] | null, PlatformError> {
  if (typeof entry !== 'object' || entry === null) {
    return err({ code: 'invalid-argument', message: `${label}: not an object` });
  }
  const e = entry as Partial<SnapshotEntry & MemoryUsageEntry>;
  if (typeof e.time !== 'number' || !Number.isFinite(e.time)) {
    return err({
      code: 'invalid-argument',
      message: `${label}: time must be a finite number (epoch ms)`,
    });
  }
  if ('summary' in e) {
    const parsed = summarySchema.safeParse(e.summary);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.map(String).join('.') : '';
      return err({
        code: 'invalid-argument',
        message: `${label}: invalid summary${where ? ` at ${where}` : ''}: ${issue?.message ?? ''}`,
      });
    }
    return ok(parsed.data);
  }
  if (typeof e.memoryUsageBytes !== 'bigint' || e.memoryUsageBytes < 0n) {
    return err({
      code: 'invalid-argument',
      message: `${label}: needs a summary or memoryUsageBytes (a non-negative bigint)`,
    });
  }
  if (e.cgroup !== undefined && typeof e.cgroup !== 'string') {
    return err({ code: 'invalid-argument', message: `${label}: cgroup must be a string` });
  }
  return ok(null);
}

/**
 * A `Platform` driven by a timeline, for simulations, examples and tests. `summary()` returns
 * a copy of the latest snapshot at or before `now()`; a snapshot's `node.memory.usageBytes`
 * also counts as the node's memory usage at its time. `watchMemory` fires `crossed` whenever
 * the watched usage moves to the other side of `bytes` (either direction, as memcg thresholds
 * do), never at registration. Time never goes backwards. An invalid timeline is reported by
 * every call instead of being thrown.
 */
export function createMemoryPlatform(options: MemoryPlatformOptions): MemoryPlatform {
  const pending: Pending[] = [];
  let seq = 0;
  let invalid: PlatformError | undefined;
  let isClosed = false;
  let latest: Summary | undefined;
  let latestTime = Number.NEGATIVE_INFINITY;
  const usage = new Map<string, bigint>();
  const watches = new Set<SimulatedWatch>();

  const timeline: readonly unknown[] = Array.isArray(options?.timeline) ? options.timeline : [];
  if (!Array.isArray(options?.timeline)) {
    invalid = { code: 'invalid-argument', message: 'options.timeline must be an array' };
  }
  timeline.forEach((entry, i) => {
    if (invalid) return;
    const checked = validateEntry(entry, `timeline[${i}]`);
    if (checked.isErr()) invalid = checked.error;
    else pending.push(toPending(entry as TimelineEntry, checked.value));
  });
  function toPending(entry: TimelineEntry, summary: Summary | null | undefined): Pending {
    return summary ? { seq: seq++, entry, summary } : { seq: seq++, entry };
  }
  const byTime = (a: Pending, b: Pending) => a.entry.time - b.entry.time || a.seq - b.seq;
  pending.sort(byTime);

  let clock = options?.start ?? pending[0]?.entry.time ?? 0;
  if (!invalid && (typeof clock !== 'number' || !Number.isFinite(clock))) {
    invalid = { code: 'invalid-argument', message: 'options.start must be a finite number' };
  }

  const keyOf = (cgroup: string | undefined) => cgroup ?? NODE_KEY;

  function setUsage(key: string, bytes: bigint, time: number): void {
    usage.set(key, bytes);
    for (const w of watches) if (w.key === key) w.observe(bytes, time);
  }

  /** Apply one entry; `stamp` is the time its events carry (later than its own if added late). */
  function apply(p: Pending, stamp: number): void {
    const { entry } = p;
    if (isSnapshot(entry)) {
      // A snapshot added late never hides a newer one.
      if (entry.time < latestTime) return;
      latest = p.summary;
      latestTime = entry.time;
      const nodeUsage = p.summary?.node.memory?.usageBytes;
      if (nodeUsage !== undefined) setUsage(NODE_KEY, BigInt(nodeUsage), stamp);
    } else {
      setUsage(keyOf(entry.cgroup), entry.memoryUsageBytes, stamp);
    }
  }

  /** Apply entries up to `time` (inclusive) in order. */
  function applyUntil(time: number): void {
    while (pending.length > 0 && pending[0]!.entry.time <= time) {
      const next = pending.shift()!;
      apply(next, next.entry.time);
    }
  }

  if (!invalid) applyUntil(clock);

  const failure = (): PlatformError | undefined =>
    invalid ??
    (isClosed ? { code: 'closed', message: 'the memory platform is closed' } : undefined);

  const platform: MemoryPlatform = {
    name: options?.name ?? 'memory',

    now: () => clock,

    async summary() {
      const f = failure();
      if (f) return err(f);
      if (!latest) {
        return err({
          code: 'not-found',
          path: 'timeline',
          message: `no snapshot at or before t=${clock}`,
        });
      }
      try {
        return ok(structuredClone(latest));
      } catch (e) {
        return err({
          code: 'invalid-argument',
          message: `the snapshot cannot be copied: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    },

    watchMemory(request: MemoryWatchRequest) {
      const f = failure();
      if (f) return err(f);
      if (typeof request !== 'object' || request === null || typeof request.bytes !== 'bigint') {
        return err({
          code: 'invalid-argument',
          message: 'watchMemory needs { bytes: bigint, cgroup? }',
        });
      }
      if (request.cgroup !== undefined && typeof request.cgroup !== 'string') {
        return err({ code: 'invalid-argument', message: 'cgroup must be a string' });
      }
      const key = keyOf(request.cgroup);
      const w = new SimulatedWatch(
        key,
        request.bytes,
        () => clock,
        (closed) => watches.delete(closed),
      );
      const current = usage.get(key);
      if (current !== undefined) w.above = current >= request.bytes;
      watches.add(w);
      return ok(w);
    },

    advanceTo(time: number) {
      const f = failure();
      if (f) return err(f);
      if (typeof time !== 'number' || !Number.isFinite(time) || time < clock) {
        return err({
          code: 'invalid-argument',
          message: `time must be a finite number at or after now (${clock}), got ${String(time)}`,
        });
      }
      // Listeners may add entries or advance again; process strictly in time order.
      while (pending.length > 0 && pending[0]!.entry.time <= time) {
        const next = pending.shift()!;
        clock = Math.max(clock, next.entry.time);
        apply(next, next.entry.time);
      }
      clock = Math.max(clock, time);
      return ok(undefined);
    },

    advanceBy(ms: number) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        return err({
          code: 'invalid-argument',
          message: `ms must be a non-negative number, got ${String(ms)}`,
        });
      }
      return platform.advanceTo(clock + ms);
    },

    add(entry: TimelineEntry) {
      const f = failure();
      if (f) return err(f);
      const checked = validateEntry(entry, 'entry');
      if (checked.isErr()) return err(checked.error);
      const p = toPending(entry, checked.value);
      if (entry.time <= clock) {
        apply(p, clock);
        return ok(undefined);
      }
      pending.push(p);
      pending.sort(byTime);
      return ok(undefined);
    },

    nextEntryTime: () => pending[0]?.entry.time,

    memoryUsage: (cgroup?: string) => usage.get(keyOf(cgroup)),

    close() {
      if (isClosed) return;
      isClosed = true;
      for (const w of [...watches]) w.close();
      watches.clear();
    },
  };
  return platform;
}
