import type { Result } from 'neverthrow';
import type { PlatformError, Watch } from '../types';

/** A concrete notifier backend. */
export type NotifierBackend = 'native' | 'poll';

/** What `createNotifier` may be asked for; `default` is native on Linux when it loads, else poll. */
export type NotifierBackendOption = 'default' | NotifierBackend;

export type PsiResource = 'memory' | 'cpu' | 'io' | 'irq';

/** `some`: at least one task stalled; `full`: all non-idle tasks stalled at once. */
export type PsiStallType = 'some' | 'full';

/** cgroup v1: fire when `<cgroup>/<attribute>` crosses `bytes`, upwards or downwards. */
export interface ThresholdWatchSpec {
  kind: 'threshold';
  /** Absolute path of a cgroup v1 memory cgroup directory. */
  cgroup: string;
  bytes: bigint;
  /** Default `memory.usage_in_bytes`; `memory.memsw.usage_in_bytes` is the other the kernel takes. */
  attribute?: string;
}

/** cgroup v1: fire when the memcg's OOM killer runs (or the cgroup is under OOM). */
export interface OomWatchSpec {
  kind: 'oom';
  cgroup: string;
}

/**
 * PSI trigger: fire when tasks stalled for at least `stallUs` within a `windowUs` window (at most
 * once per window). `path` is `/proc/pressure/<resource>` or `<cgroup v2 dir>/<resource>.pressure`.
 */
export interface PsiWatchSpec {
  kind: 'psi';
  path: string;
  type: PsiStallType;
  stallUs: number;
  windowUs: number;
}

/** cgroup v2: fire when a `*.events` file changes (kernfs change notification). */
export interface EventsWatchSpec {
  kind: 'events';
  path: string;
}

export type WatchSpec = ThresholdWatchSpec | OomWatchSpec | PsiWatchSpec | EventsWatchSpec;

/** A set of kernel watches sharing one backend. */
export interface Notifier {
  readonly backend: NotifierBackend;
  /**
   * Validate `spec` (errors here are synchronous) and start registering it; kernel refusals
   * arrive through the watch's `ready` and a final `closed` event. Never throws.
   */
  watch(spec: WatchSpec): Result<Watch, PlatformError>;
  /** Watches opened through this notifier and not closed yet. */
  readonly size: number;
  /** Close every watch of this notifier. Idempotent; `watch` fails afterwards. */
  close(): void;
}

export interface NotifierOptions {
  backend?: NotifierBackendOption;
  /**
   * Directories that watched paths must lie under (after resolving symlinks).
   * Default `['/sys/fs/cgroup', '/proc/pressure']`.
   */
  roots?: readonly string[];
  /** Polling backend: how often the watched files are read. Default 1000 ms, minimum 10 ms. */
  pollIntervalMs?: number;
  /** Receives the one-time "using the polling notifier" notice; default `process.emitWarning`. */
  logger?: (message: string) => void;
  /** Environment to read `EVICTKIT_NOTIFIER` from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Clock for event times (epoch ms); default `Date.now`. */
  now?: () => number;
}
