import { err, ok, type Result } from 'neverthrow';
import { type PsiContent, parsePsiContent } from '../notifier/psi';
import type { Notifier, PsiStallType } from '../notifier/types';
import type { PlatformError, Watch, WatchEvent } from '../types';

// PSI early warning for cgroup v2, where the kubelet has no memory notifier at all (its
// cgroup v2 notifier is a disabled no-op and only the 10 s housekeeping poll notices memory
// pressure).
//
// What an event MEANS: within the last `windowUs`, tasks in the watched scope (the pods cgroup,
// or the whole machine for /proc/pressure/memory) spent at least `stallUs` stalled waiting for
// memory: reclaim, refaults of evicted page cache, swap-in, or memory.high throttling. With
// `some`, at least one task was stalled for that long; with `full`, all non-idle tasks at once.
// It is a sign that memory is becoming scarce, and a good moment to re-read the summary and run
// the eviction logic (an early synchronize) instead of waiting for the next housekeeping tick.
//
// What it does NOT mean:
// - not that memory.available (or allocatableMemory.available) is below any eviction threshold:
//   pressure can appear while plenty is "available" (a cgroup at its own limit) and a node can
//   run out of memory with little stall (no swap, anonymous memory, a fast OOM kill);
// - not that an OOM kill is coming, nor which pod causes it; never evict on it directly;
// - not that the pressure is still there: there is no "pressure gone" event, and the kernel
//   fires at most once per window while the condition lasts;
// - not timely to the millisecond: without CAP_SYS_RESOURCE windows are multiples of 2 s and the
//   kernel evaluates them on a 2 s grid, so an event comes ~2 s or more after the stall began.
// No event does not mean no pressure either (the trigger fires on stall growth only).

/** The default trigger: 100 ms of `some` stall within 2 s (5 % of wall time). */
export const DEFAULT_PSI_EARLY_WARNING = {
  type: 'some' as PsiStallType,
  stallUs: 100_000,
  windowUs: 2_000_000,
};

export interface PsiWarning {
  time: number;
  path: string;
  /** The kernel trigger, e.g. `some 100000 2000000`. */
  trigger: string;
  /** The pressure file as read when the event arrived. */
  pressure: PsiContent;
  message: string;
}

export interface PsiEarlyWarningOptions {
  notifier: Notifier;
  /**
   * The pressure file to watch. Default `/proc/pressure/memory` (the whole machine). For the
   * pods only: `podsMemoryPressurePath(unifiedMount, podCgroupRoot)`.
   */
  path?: string;
  type?: PsiStallType;
  stallUs?: number;
  windowUs?: number;
  handler: (warning: PsiWarning) => void;
  /** The watch ended by itself (cgroup removed, read error, registration refused). */
  onClosed?: (event: Extract<WatchEvent, { type: 'closed' }>) => void;
}

export interface PsiEarlyWarning {
  readonly path: string;
  readonly trigger: string;
  /** Resolves once the kernel accepted the trigger; the error explains refused windows. */
  readonly ready: Watch['ready'];
  readonly closed: boolean;
  close(): void;
}

/** `<unified mount><podCgroupRoot>/memory.pressure`, e.g. /sys/fs/cgroup/kubepods/memory.pressure. */
export function podsMemoryPressurePath(unifiedMount: string, podCgroupRoot: string): string {
  const root = podCgroupRoot.startsWith('/') ? podCgroupRoot : `/${podCgroupRoot}`;
  return `${unifiedMount.replace(/\/+$/, '')}${root === '/' ? '' : root}/memory.pressure`;
}

/** Start a PSI early warning. Validation errors are synchronous; kernel refusals via `ready`. */
export function createPsiEarlyWarning(
  options: PsiEarlyWarningOptions,
): Result<PsiEarlyWarning, PlatformError> {
  if (typeof options?.handler !== 'function') {
    return err({ code: 'invalid-argument', message: 'handler must be a function' });
  }
  const path = options.path ?? '/proc/pressure/memory';
  const type = options.type ?? DEFAULT_PSI_EARLY_WARNING.type;
  const stallUs = options.stallUs ?? DEFAULT_PSI_EARLY_WARNING.stallUs;
  const windowUs = options.windowUs ?? DEFAULT_PSI_EARLY_WARNING.windowUs;
  const watch = options.notifier.watch({ kind: 'psi', path, type, stallUs, windowUs });
  if (watch.isErr()) return err(watch.error);
  const w = watch.value;
  const trigger = `${type} ${stallUs} ${windowUs}`;
  w.on((ev) => {
    if (ev.type === 'pressure') {
      const pressure = parsePsiContent(ev.detail ?? '');
      const avg10 = pressure[type]?.avg10;
      options.handler({
        time: ev.time,
        path,
        trigger,
        pressure,
        message:
          `memory pressure: ${type} stall reached ${stallUs / 1000} ms within ${windowUs / 1_000_000} s ` +
          `on ${path}${avg10 === undefined ? '' : ` (${type} avg10=${avg10.toFixed(2)}%)`}`,
      });
    } else if (ev.type === 'closed' && ev.reason !== 'closed-by-caller') {
      options.onClosed?.(ev);
    }
  });
  return ok({
    path,
    trigger,
    ready: w.ready,
    get closed() {
      return w.closed;
    },
    close: () => w.close(),
  });
}
