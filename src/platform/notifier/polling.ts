import { closeSync, constants, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError, Watch } from '../types';
import { errnoNumber, errorFromErrno, symlinkInTheWay } from './errors';
import { DEFAULT_NOTIFIER_ROOTS } from './paths';
import { PsiWindowTracker, parsePsiContent } from './psi';
import { type ResolvedSpec, resolveSpec } from './spec';
import type { Notifier, WatchSpec } from './types';
import { WatchHandle } from './watch-handle';

export const DEFAULT_POLL_INTERVAL_MS = 1000;
export const MIN_POLL_INTERVAL_MS = 10;

export interface PollingNotifierOptions {
  roots?: readonly string[];
  /** Default 1000 ms; at least 10 ms. */
  pollIntervalMs?: number;
  now?: () => number;
}

class ReadFailure {
  constructor(
    readonly code: string,
    readonly syscall: string,
  ) {}
}

/** An fd kept open and read at position 0 (seq_file gives fresh content each time). */
class KeptFile {
  #fd: number;
  #buf = Buffer.allocUnsafe(4096);

  constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Open the real path `path` (symlinks already resolved and checked against the roots), then
   * make sure that is what was opened: a symlink swapped into the path since the check would
   * lead elsewhere. O_NONBLOCK so that a FIFO cannot block the event loop.
   */
  static open(path: string): KeptFile | ReadFailure {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (e) {
      return new ReadFailure((e as NodeJS.ErrnoException).code ?? 'EIO', 'open');
    }
    let opened: string | undefined;
    try {
      opened = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      opened = undefined; // no procfs: the check before the open is all there is
    }
    if (opened === undefined || opened === path) return new KeptFile(fd);
    closeSync(fd);
    return new ReadFailure(opened === `${path} (deleted)` ? 'ENOENT' : 'ELOOP', 'open');
  }

  read(): string | ReadFailure {
    let length = 0;
    try {
      for (;;) {
        if (length === this.#buf.length) {
          const bigger = Buffer.allocUnsafe(this.#buf.length * 2);
          this.#buf.copy(bigger);
          this.#buf = bigger;
        }
        const n = readSync(this.#fd, this.#buf, length, this.#buf.length - length, length);
        if (n === 0) break;
        length += n;
      }
    } catch (e) {
      return new ReadFailure((e as NodeJS.ErrnoException).code ?? 'EIO', 'read');
    }
    return this.#buf.toString('utf8', 0, length);
  }

  close(): void {
    if (this.#fd >= 0) {
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }
}

function failureError(f: ReadFailure, path: string, operation: string): PlatformError {
  if (f.code === 'ELOOP' && f.syscall === 'open') return symlinkInTheWay(path);
  const errno = errnoNumber(f.code);
  if (errno === undefined) {
    return {
      code: 'io',
      path,
      errno: f.code,
      syscall: f.syscall,
      message: `${operation}: ${f.code}`,
    };
  }
  return errorFromErrno({ errno, syscall: f.syscall, path, operation });
}

const malformed = (path: string, what: string, content: string): PlatformError => ({
  code: 'malformed',
  path,
  message: `expected ${what}, read ${JSON.stringify(content.slice(0, 80))}`,
});

/** Per-kind state machine: given fresh content, an event to emit (or not), or an error. */
type Step = (content: string, time: number) => 'fire' | 'quiet' | PlatformError;

let pageSize: bigint | undefined;

/** The kernel's page size: AT_PAGESZ from /proc/self/auxv (64-bit pairs), else 4096. */
export function systemPageSize(): bigint {
  if (pageSize !== undefined) return pageSize;
  pageSize = 4096n;
  try {
    const auxv = readFileSync('/proc/self/auxv');
    for (let i = 0; i + 16 <= auxv.length; i += 16) {
      const type = auxv.readBigUInt64LE(i);
      if (type === 0n) break; // AT_NULL
      if (type === 6n) {
        // AT_PAGESZ
        const value = auxv.readBigUInt64LE(i + 8);
        if (value > 0n && (value & (value - 1n)) === 0n) pageSize = value;
        break;
      }
    }
  } catch {
    // no procfs: keep 4096
  }
  return pageSize;
}

function stepFor(spec: ResolvedSpec, initial: string, time: number): Step | PlatformError {
  switch (spec.kind) {
    case 'threshold': {
      const parse = (c: string): bigint | undefined => {
        const t = c.trim();
        return /^[0-9]+$/.test(t) ? BigInt(t) : undefined;
      };
      const first = parse(initial);
      if (first === undefined) return malformed(spec.file, 'a byte count', initial);
      // The kernel's memcg threshold (mm/memcontrol-v1.c): page_counter_memparse turns the
      // bytes into whole pages (rounded down) and compares them with usage in pages; "above"
      // means usage >= threshold. Fire on every change of side.
      const page = systemPageSize();
      const bytes = (spec.bytes / page) * page;
      let above = first >= bytes;
      return (content) => {
        const usage = parse(content);
        if (usage === undefined) return malformed(spec.file, 'a byte count', content);
        const now = usage >= bytes;
        if (now === above) return 'quiet';
        above = now;
        return 'fire';
      };
    }
    case 'oom': {
      const parse = (c: string) => {
        const under = /^under_oom (\d+)$/m.exec(c);
        const kills = /^oom_kill (\d+)$/m.exec(c);
        if (under === null) return undefined;
        return { under: under[1] !== '0', kills: kills === null ? 0n : BigInt(kills[1] as string) };
      };
      let last = parse(initial);
      if (last === undefined) return malformed(spec.file, 'memory.oom_control content', initial);
      return (content) => {
        const cur = parse(content);
        if (cur === undefined) return malformed(spec.file, 'memory.oom_control content', content);
        const prev = last;
        last = cur;
        return prev !== undefined && (cur.kills > prev.kills || (cur.under && !prev.under))
          ? 'fire'
          : 'quiet';
      };
    }
    case 'psi': {
      const tracker = new PsiWindowTracker(spec.stallUs, spec.windowUs);
      const total = (c: string) => parsePsiContent(c)[spec.type]?.totalUs;
      const first = total(initial);
      if (first === undefined) {
        return malformed(spec.file, `a "${spec.type} … total=" line`, initial);
      }
      tracker.push({ time, totalUs: first });
      return (content, t) => {
        const totalUs = total(content);
        if (totalUs === undefined) {
          return malformed(spec.file, `a "${spec.type} … total=" line`, content);
        }
        return tracker.push({ time: t, totalUs }) ? 'fire' : 'quiet';
      };
    }
    case 'events': {
      let last = initial;
      return (content) => {
        if (content === last) return 'quiet';
        last = content;
        return 'fire';
      };
    }
  }
}

interface Polled {
  handle: WatchHandle;
  poll(time: number): void;
}

/**
 * The polling backend: same interface as the native one, no addon. One unref'd timer reads
 * every watched file through a kept-open fd at position 0. Thresholds fire on a crossing in
 * either direction, OOM watches on a new kill or entering OOM, PSI watches when the `total=`
 * stall grew by the threshold within the window (at most once per window), events watches on
 * any content change. A removed cgroup (ENODEV/ENOENT on read) ends the watch with `closed`.
 * Latency is up to one interval; thresholds can be missed if usage crosses and returns within
 * one interval.
 */
export function createPollingNotifier(options: PollingNotifierOptions = {}): Notifier {
  const roots = options.roots ?? DEFAULT_NOTIFIER_ROOTS;
  const now = options.now ?? Date.now;
  const requested = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const interval =
    Number.isFinite(requested) && requested >= MIN_POLL_INTERVAL_MS
      ? requested
      : DEFAULT_POLL_INTERVAL_MS;
  const watches = new Set<Polled>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const tick = (): void => {
    const time = now();
    for (const w of [...watches]) w.poll(time);
  };

  const sync = (): void => {
    if (watches.size > 0 && timer === undefined) {
      timer = setInterval(tick, interval);
      timer.unref();
    } else if (watches.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  function watch(input: WatchSpec): Result<Watch, PlatformError> {
    if (closed) return err({ code: 'closed', message: 'the notifier was closed' });
    const resolved = resolveSpec(input, roots);
    if (resolved.isErr()) return err(resolved.error);
    const spec = resolved.value;
    const operation = `watching ${spec.file}`;
    let file: KeptFile | undefined;
    const entry: Polled = {
      handle: new WatchHandle(() => {
        watches.delete(entry);
        file?.close();
        file = undefined;
        sync();
      }, now),
      poll: () => {},
    };
    const { handle } = entry;
    const failLater = (e: PlatformError): Result<Watch, PlatformError> => {
      queueMicrotask(() => handle.end('error', e));
      return ok(handle);
    };

    const opened = KeptFile.open(spec.realFile);
    if (opened instanceof ReadFailure) {
      return failLater(failureError(opened, spec.file, `registering a ${spec.kind} watch`));
    }
    file = opened;
    const initial = opened.read();
    if (initial instanceof ReadFailure) {
      opened.close();
      file = undefined;
      return failLater(failureError(initial, spec.file, `registering a ${spec.kind} watch`));
    }
    const step = stepFor(spec, initial, now());
    if (typeof step !== 'function') {
      opened.close();
      file = undefined;
      return failLater(step);
    }

    entry.poll = (time) => {
      if (file === undefined) return;
      const content = file.read();
      if (content instanceof ReadFailure) {
        if (content.code === 'ENODEV' || content.code === 'ENOENT') handle.end('cgroup-removed');
        else handle.end('error', failureError(content, spec.file, operation));
        return;
      }
      const r = step(content, time);
      if (r === 'quiet') return;
      if (r !== 'fire') {
        handle.end('error', r);
        return;
      }
      switch (spec.kind) {
        case 'threshold':
          handle.emit({ type: 'crossed', time });
          return;
        case 'oom':
          handle.emit({ type: 'oom', time });
          return;
        case 'psi':
          handle.emit({ type: 'pressure', time, detail: content });
          return;
        case 'events':
          handle.emit({ type: 'changed', time });
          return;
      }
    };
    watches.add(entry);
    sync();
    queueMicrotask(() => handle.markReady());
    return ok(handle);
  }

  return {
    backend: 'poll',
    watch,
    get size() {
      return watches.size;
    },
    close() {
      closed = true;
      for (const w of [...watches]) w.handle.close();
      sync();
    },
  };
}
