import type { Result } from 'neverthrow';
import type { Summary } from '../signals/summary';

/** Why a platform operation failed. Plain data; render with `formatPlatformError`. */
export type PlatformError =
  | { code: 'unsupported'; message: string }
  | { code: 'not-found'; path: string; message: string }
  | { code: 'permission'; path: string; errno: string; message: string }
  | { code: 'invalid-path'; path: string; message: string }
  | { code: 'malformed'; path: string; message: string }
  | { code: 'invalid-argument'; message: string }
  | { code: 'io'; path: string; errno: string; syscall?: string; message: string }
  | { code: 'closed'; message: string };

export const formatPlatformError = (e: PlatformError): string =>
  'path' in e ? `${e.code}: ${e.path}: ${e.message}` : `${e.code}: ${e.message}`;

/** What a watch reports. `closed` is emitted exactly once, last. */
export type WatchEvent =
  | { type: 'crossed'; time: number }
  | { type: 'pressure'; time: number; detail?: string }
  | { type: 'oom'; time: number }
  | { type: 'changed'; time: number }
  | {
      type: 'closed';
      time: number;
      reason: 'closed-by-caller' | 'cgroup-removed' | 'error';
      error?: PlatformError;
    };

/** A registered kernel watch. Never keeps the process alive; `close()` is idempotent. */
export interface Watch {
  /** Resolves once the kernel has accepted the registration (it is slow: ~12 ms on memcg v1). */
  readonly ready: Promise<Result<void, PlatformError>>;
  /** Subscribe; returns an unsubscribe function. */
  on(listener: (event: WatchEvent) => void): () => void;
  close(): void;
  readonly closed: boolean;
}

/** A memory watch request: fire when the cgroup's memory usage crosses `bytes` (either way). */
export interface MemoryWatchRequest {
  /** Absolute path of a cgroup directory, or `undefined` for the node's root memory cgroup. */
  cgroup?: string;
  bytes: bigint;
}

/** Node and pod statistics, and early wake-ups when memory crosses a threshold. */
export interface Platform {
  readonly name: string;
  summary(): Promise<Result<Summary, PlatformError>>;
  watchMemory(request: MemoryWatchRequest): Result<Watch, PlatformError>;
  /** Release every fd and watch the platform holds. Idempotent. */
  close(): void;
}
