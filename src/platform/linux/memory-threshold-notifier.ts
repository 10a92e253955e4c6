import { readFileSync, statfsSync } from 'node:fs';
import { err, ok, type Result } from 'neverthrow';
import type { Summary } from '../../signals/summary';
import type { Threshold } from '../../signals/types';
import {
  isAllocatableMemoryThreshold,
  memcgThresholdForSummary,
  memoryThresholdDescription,
  NOTIFIER_REFRESH_INTERVAL_MS,
} from '../memory-threshold';
import type { Notifier } from '../notifier/types';
import type { PlatformError, Watch } from '../types';
import { CGROUP2_SUPER_MAGIC } from './layout';

// The pure parts (the threshold formula, descriptions, the refresh interval) live in
// ../memory-threshold so the eviction manager can use them; re-exported here as before.
export {
  isAllocatableMemoryThreshold,
  type MemcgThresholdStats,
  memcgThreshold,
  memcgThresholdForSummary,
  memoryThresholdDescription,
  NOTIFIER_REFRESH_INTERVAL_MS,
} from '../memory-threshold';

// The kubelet's memory threshold notifier (pkg/kubelet/eviction/memory_threshold_notifier.go),
// SEMANTICS §11, on top of evictkit's notifier mechanism.

/** The cgroup v1 file the kubelet sets its threshold on (`memoryUsageAttribute`). */
export const MEMORY_USAGE_ATTRIBUTE = 'memory.usage_in_bytes';

/** Where the memory controller lives: cgroup v2 unified, or a v1 mount point (if any). */
export interface MemoryCgroupLayout {
  unified: boolean;
  memoryMount?: string;
}

const unescapeMount = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/**
 * Find the memory controller like the kubelet's `cm.GetCgroupSubsystems()`. cgroup v2 (statfs
 * of the mount is cgroup2): the mount itself, but only when `memory` is listed in its
 * `cgroup.controllers`. v1: the `cgroup` mounts of /proc/self/mountinfo whose super options
 * name `memory`; of several, the one with the shortest mount point (kubernetes#95488). Never
 * throws.
 */
export function detectMemoryCgroupLayout(
  cgroupMount = '/sys/fs/cgroup',
  mountinfo = '/proc/self/mountinfo',
): MemoryCgroupLayout {
  let unified = false;
  try {
    unified = statfsSync(cgroupMount).type === CGROUP2_SUPER_MAGIC;
  } catch {
    // runc's IsCgroup2UnifiedMode: a failed statfs means "not unified"
  }
  if (unified) {
    let controllers: string[];
    try {
      controllers = readFileSync(`${cgroupMount}/cgroup.controllers`, 'utf8').split(/\s+/);
    } catch {
      return { unified: true };
    }
    return controllers.includes('memory')
      ? { unified: true, memoryMount: cgroupMount }
      : { unified: true };
  }
  let found: string | undefined;
  try {
    for (const line of readFileSync(mountinfo, 'utf8').split('\n')) {
      const [left, right] = line.split(' - ');
      if (left === undefined || right === undefined) continue;
      const [fstype, , superOptions] = right.split(' ');
      if (fstype !== 'cgroup' || !(superOptions ?? '').split(',').includes('memory')) continue;
      const mountPoint = left.split(' ')[4];
      if (mountPoint === undefined) continue;
      const point = unescapeMount(mountPoint);
      if (found === undefined || point.length < found.length) found = point;
    }
  } catch {
    // no mountinfo: no mount point
  }
  return found === undefined ? { unified: false } : { unified: false, memoryMount: found };
}

/** Upstream's `ThresholdNotifier`, plus `close()` to release the kernel watch. */
export interface ThresholdNotifier {
  /** Start delivering crossings to the handler (upstream: the goroutine reading the channel). */
  start(): void;
  /**
   * Recompute the threshold from the summary and re-register it, at most every 10 s (the first
   * call always runs). `skipped` inside the interval; errors are upstream's.
   */
  updateThreshold(summary: Summary): Result<'updated' | 'skipped', PlatformError>;
  description(): string;
  /** The cgroup the notifier watches (`<memory mount>[<podCgroupRoot>]`). */
  readonly cgroupPath: string;
  /** False on cgroup v2: a disabled no-op notifier, exactly like upstream. */
  readonly enabled: boolean;
  /** The bytes last registered (undefined before the first successful update). */
  readonly memcgThresholdBytes: bigint | undefined;
  /** Resolves when the kernel accepted the current registration (ok at once when there is none). */
  registered(): Promise<Result<void, PlatformError>>;
  close(): void;
}

export interface MemoryThresholdNotifierOptions {
  /** A `memory.available` or `allocatableMemory.available` threshold. */
  threshold: Threshold;
  /** The kubelet's pod cgroup root (e.g. `/kubepods`), appended for allocatable thresholds. */
  podCgroupRoot?: string;
  notifier: Notifier;
  /** Receives `eviction manager: <description> crossed`. */
  handler: (message: string) => void;
  /** Default: detected from /sys/fs/cgroup and /proc/self/mountinfo. */
  layout?: MemoryCgroupLayout;
  /** Clock for the 10 s refresh gate (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Default 10 000 ms. */
  refreshIntervalMs?: number;
  /** Kernel-side failures that arrive after `updateThreshold` returned (registration, removal). */
  onError?: (error: PlatformError) => void;
}

/** `NewMemoryThresholdNotifier`: validates the threshold and finds the cgroup. Never throws. */
export function createMemoryThresholdNotifier(
  options: MemoryThresholdNotifierOptions,
): Result<ThresholdNotifier, PlatformError> {
  const { threshold, notifier, handler } = options;
  if (
    threshold?.signal !== 'memory.available' &&
    threshold?.signal !== 'allocatableMemory.available'
  ) {
    return err({
      code: 'invalid-argument',
      message: `a memory threshold notifier needs a memory.available or allocatableMemory.available threshold, got ${String(threshold?.signal)}`,
    });
  }
  if (typeof handler !== 'function') {
    return err({ code: 'invalid-argument', message: 'handler must be a function' });
  }
  const layout = options.layout ?? detectMemoryCgroupLayout();
  if (layout.memoryMount === undefined || layout.memoryMount === '') {
    return err({ code: 'unsupported', message: 'memory cgroup mount point not found' });
  }
  const allocatable = isAllocatableMemoryThreshold(threshold);
  const cgroupPath = allocatable
    ? layout.memoryMount + (options.podCgroupRoot ?? '')
    : layout.memoryMount;
  const now = options.now ?? Date.now;
  const interval = options.refreshIntervalMs ?? NOTIFIER_REFRESH_INTERVAL_MS;
  const description = memoryThresholdDescription(threshold);
  const message = `eviction manager: ${description} crossed`;

  let started = false;
  let pending = false;
  let lastUpdated: number | undefined;
  let current: Watch | undefined;
  let registered: bigint | undefined;
  let closed = false;

  const deliver = (): void => {
    if (started) handler(message);
    else pending = true; // upstream blocks the sender until Start reads the channel
  };

  const stopCurrent = (): void => {
    const w = current;
    current = undefined;
    w?.close();
  };

  const tn: ThresholdNotifier = {
    cgroupPath,
    enabled: !layout.unified,
    get memcgThresholdBytes() {
      return registered;
    },
    description: () => description,
    registered: () => current?.ready ?? Promise.resolve(ok(undefined)),
    start() {
      if (started) return;
      started = true;
      if (pending) {
        pending = false;
        handler(message);
      }
    },
    updateThreshold(summary) {
      if (closed) return err({ code: 'closed', message: 'the threshold notifier was closed' });
      const t = now();
      if (lastUpdated !== undefined && t - lastUpdated <= interval) return ok('skipped');
      lastUpdated = t;
      const computed = memcgThresholdForSummary(threshold, summary);
      if (computed.isErr()) return err(computed.error);
      const bytes = computed.value;
      stopCurrent();
      if (layout.unified) {
        // cgroup v2: upstream's factory returns a disabled notifier: no error, no events.
        registered = bytes;
        return ok('updated');
      }
      const watch = notifier.watch({
        kind: 'threshold',
        cgroup: cgroupPath,
        attribute: MEMORY_USAGE_ATTRIBUTE,
        bytes,
      });
      if (watch.isErr()) return err(watch.error);
      const w = watch.value;
      current = w;
      registered = bytes;
      w.on((ev) => {
        if (ev.type === 'crossed') deliver();
        else if (ev.type === 'closed') {
          if (current === w) current = undefined; // dead until the next updateThreshold
          if (ev.error !== undefined) options.onError?.(ev.error);
        }
      });
      return ok('updated');
    },
    close() {
      closed = true;
      stopCurrent();
    },
  };
  return ok(tn);
}
