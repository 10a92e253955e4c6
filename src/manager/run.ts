import {
  isAllocatableMemoryThreshold,
  memcgThresholdForSummary,
  memoryThresholdDescription,
} from '../platform/memory-threshold';
import { formatPlatformError, type Platform, type Watch } from '../platform/types';
import type { Summary } from '../signals/summary';
import type { Threshold } from '../signals/types';
import type {
  ManagerError,
  ManagerEvent,
  RunOptions,
  RunSummary,
  SyncCycle,
  SyncCycleTrigger,
  SynchronizeInput,
  SyncResult,
} from './types';

/** The kubelet's housekeeping interval for the eviction manager. */
export const DEFAULT_MONITORING_INTERVAL_MS = 10_000;
/** `podCleanupTimeout` and `podCleanupPollFreq`. */
export const POD_CLEANUP_TIMEOUT_MS = 30_000;
export const POD_CLEANUP_POLL_MS = 1_000;

/** What the loop needs from its manager. */
export interface LoopManager<P extends object> {
  synchronize(input: SynchronizeInput<P>): Promise<SyncResult<P>>;
  /** The configured thresholds (memory ones get a notifier each). */
  thresholds: readonly Threshold[];
}

interface MemoryWatch {
  description: string;
  watch: Watch;
  unsubscribe: () => void;
}

/**
 * The kubelet's `Start`: cycle every `intervalMs`; after a cycle that killed pods, wait for
 * their cleanup (when `isPodCleanedUp` is given) and cycle again at once; cycle at once when a
 * memory watch fires. Every timer is unref'd and cleared on abort, every watch closed. Resolves
 * when the signal aborts, after the cycle in flight (if any) has finished. Never rejects.
 */
export async function runLoop<P extends object>(
  options: RunOptions<P>,
  manager: LoopManager<P>,
): Promise<RunSummary> {
  const { platform, signal } = options;
  const intervalMs = positive(options.intervalMs, DEFAULT_MONITORING_INTERVAL_MS);
  const cleanupTimeoutMs = positive(options.podCleanupTimeoutMs, POD_CLEANUP_TIMEOUT_MS);
  const cleanupPollMs = positive(options.podCleanupPollMs, POD_CLEANUP_POLL_MS);
  const clock = options.clock ?? platformClock(platform) ?? Date.now;
  const notifier = options.memoryNotifier ?? true;
  const allocatableCgroup =
    typeof notifier === 'object' && notifier !== null ? notifier.allocatableCgroup : undefined;
  const memoryThresholds =
    notifier === false
      ? []
      : manager.thresholds.filter(
          (t) => t.signal === 'memory.available' || t.signal === 'allocatableMemory.available',
        );

  let cycles = 0;
  let warnedAllocatable = false;
  let stopped = signal?.aborted === true;
  let triggered = false;
  let wake: (() => void) | undefined;
  const watches = new Map<number, MemoryWatch>();

  const emit = (event: ManagerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a throwing listener must not stop the loop
    }
  };
  const report = (result: SyncResult<P>, cycle: SyncCycle<P>) => {
    try {
      options.onSync?.(result, cycle);
    } catch {
      // same
    }
  };
  const cycleError = (error: ManagerError) => emit({ type: 'cycle-error', time: clock(), error });

  /** An unref'd, interruptible sleep. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || triggered) return resolve();
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      timer.unref?.();
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const trigger = () => {
    triggered = true;
    wake?.();
  };

  const closeWatches = () => {
    for (const w of watches.values()) {
      w.unsubscribe();
      w.watch.close();
    }
    watches.clear();
  };

  const onAbort = () => {
    stopped = true;
    closeWatches();
    wake?.();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  /** Re-register one watch per memory threshold (upstream `UpdateThreshold`). */
  const refreshWatches = (summary: Summary) => {
    memoryThresholds.forEach((threshold, index) => {
      const description = memoryThresholdDescription(threshold);
      const time = clock();
      const allocatable = isAllocatableMemoryThreshold(threshold);
      if (allocatable && allocatableCgroup === undefined) {
        if (!warnedAllocatable) {
          warnedAllocatable = true;
          emit({
            type: 'notifier-error',
            time,
            description,
            message: 'no allocatableCgroup given: allocatable memory is not watched',
          });
        }
        return;
      }
      const bytes = memcgThresholdForSummary(threshold, summary);
      if (bytes.isErr()) {
        // Upstream keeps the previous registration when the update fails.
        emit({
          type: 'notifier-error',
          time,
          description,
          message: formatPlatformError(bytes.error),
        });
        return;
      }
      const previous = watches.get(index);
      if (previous !== undefined) {
        previous.unsubscribe();
        previous.watch.close();
        watches.delete(index);
      }
      const request =
        allocatable && allocatableCgroup !== undefined
          ? { cgroup: allocatableCgroup, bytes: bytes.value }
          : { bytes: bytes.value };
      const created = platform.watchMemory(request);
      if (created.isErr()) {
        emit({
          type: 'notifier-error',
          time,
          description,
          message: formatPlatformError(created.error),
        });
        return;
      }
      const watch = created.value;
      const unsubscribe = watch.on((event) => {
        if (event.type === 'crossed' || event.type === 'pressure') {
          emit({
            type: 'threshold-crossed',
            time: event.time,
            message: `eviction manager: ${description} crossed`,
            description,
            event: event.type,
          });
          trigger();
        } else if (event.type === 'closed' && event.reason !== 'closed-by-caller') {
          if (watches.get(index)?.watch === watch) watches.delete(index);
          emit({
            type: 'notifier-closed',
            time: event.time,
            description,
            reason: event.error === undefined ? event.reason : formatPlatformError(event.error),
          });
        }
      });
      watches.set(index, { description, watch, unsubscribe });
      const registered: ManagerEvent = {
        type: 'notifier-registered',
        time,
        description,
        threshold,
        bytes: bytes.value,
      };
      if (request.cgroup !== undefined) registered.cgroup = request.cgroup;
      emit(registered);
    });
  };

  const podsNow = async (): Promise<readonly P[] | undefined> => {
    try {
      const source = options.pods;
      return typeof source === 'function' ? await source() : source;
    } catch (e) {
      cycleError({ code: 'pods-unavailable', message: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  };

  const summaryNow = async (): Promise<Summary | undefined> => {
    try {
      const r = await platform.summary();
      if (r.isOk()) return r.value;
      cycleError({
        code: 'summary-unavailable',
        error: r.error,
        message: formatPlatformError(r.error),
      });
    } catch (e) {
      cycleError({
        code: 'summary-unavailable',
        message: e instanceof Error ? e.message : String(e),
      });
    }
    return undefined;
  };

  const cycle = async (trigger: SyncCycleTrigger): Promise<SyncResult<P> | undefined> => {
    const startedAt = clock();
    const started = performance.now();
    const pods = await podsNow();
    if (pods === undefined || stopped) return undefined;
    const summary = await summaryNow();
    if (summary === undefined || stopped) return undefined;
    const result = await manager.synchronize({
      now: clock(),
      summary,
      pods,
      refreshSummary: () => platform.summary(),
    });
    cycles++;
    // Upstream refreshes its notifiers inside synchronize, before acting on the cycle.
    if (result.refreshNotifiers && memoryThresholds.length > 0 && !stopped) refreshWatches(summary);
    report(result, {
      summary,
      pods,
      trigger,
      startedAt,
      durationMs: performance.now() - started,
    });
    return result;
  };

  /** `waitForPodsCleanup`: poll until every pod is cleaned up, or the timeout. */
  const waitForCleanup = async (pods: readonly P[], uids: string[]) => {
    const check = options.isPodCleanedUp;
    if (check === undefined) return;
    for (let waited = 0; waited < cleanupTimeoutMs; waited += cleanupPollMs) {
      await sleep(cleanupPollMs);
      if (stopped || triggered) return;
      let all = true;
      for (const pod of pods) {
        let done = false;
        try {
          done = await check(pod);
        } catch {
          done = false;
        }
        if (!done) {
          all = false;
          break;
        }
      }
      if (all) {
        emit({ type: 'pods-cleaned-up', time: clock(), uids });
        return;
      }
    }
    emit({ type: 'pods-cleanup-timeout', time: clock(), uids });
  };

  let next: SyncCycleTrigger = 'start';
  try {
    while (!stopped) {
      // Back-to-back cycles (after a kill, or a notifier event) still let timers and the
      // abort signal through: promise chains alone would starve the event loop.
      await yieldToEventLoop();
      if (stopped) break;
      if (triggered) next = 'notifier';
      triggered = false;
      const result = await cycle(next);
      if (stopped) break;
      const killed = result?.evictions.filter((e) => e.killed) ?? [];
      if (killed.length > 0) {
        await waitForCleanup(
          killed.map((e) => e.pod),
          killed.map((e) => e.uid),
        );
        next = 'after-eviction';
        continue;
      }
      if (triggered) continue;
      next = 'interval';
      await sleep(intervalMs);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    closeWatches();
    wake?.();
    emit({ type: 'stopped', time: clock(), cycles });
  }
  return { cycles };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const immediate = setImmediate(resolve);
    immediate.unref?.();
  });
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A simulated platform's clock (`createMemoryPlatform` has `now()`). */
function platformClock(platform: Platform): (() => number) | undefined {
  const now = (platform as { now?: unknown }).now;
  return typeof now === 'function' ? () => (now as () => number).call(platform) : undefined;
}
