/**
 * The shape of the compiled addon (`native/notifier.cc`). Mechanism only: it opens, registers,
 * waits, re-validates and closes; the TypeScript notifier layer decides everything else.
 *
 * Each `watch*` call returns an id at once and registers on the addon's registration threads.
 * The callback then receives exactly one of `ready` or `error`; after `ready`, any number of
 * `event`s and at most one `closed` (the kernel object went away, or reading it failed).
 * `close(id)` never calls back, is idempotent, and is safe while the registration is still in
 * flight.
 *
 * Paths are opened without following any symlink (openat2 `RESOLVE_NO_SYMLINKS` where the
 * kernel has it): pass real paths. Registration lines are only ever written to files on the
 * filesystem they belong to; anywhere else the watch fails with `syscall: 'fstatfs'`, errno
 * EINVAL (threshold and oom need a cgroup v1 hierarchy, PSI needs procfs or cgroup2).
 */

/** An errno from the kernel, with the syscall and the path it concerned. */
export interface NativeErrorDetail {
  errno: number;
  syscall: string;
  path: string;
  /** `strerror(errno)`. */
  message: string;
}

export interface NativeReadyDetail {
  /** The watched file's content read at registration (usage bytes, PSI lines, events lines). */
  content: string;
}

export interface NativeEventDetail {
  /** The eventfd counter (coalesced notifications); 1 for PSI and kernfs notifications. */
  count: number;
  /** The watched file re-read after the wake-up: usage bytes, oom_control, PSI or events. */
  content: string;
  /** `uv_hrtime()` (the clock of `process.hrtime.bigint()`) when the loop woke up. */
  wakeNs: bigint;
}

export interface NativeClosedDetail extends NativeErrorDetail {
  /** `cgroup-removed` when the read failed with ENODEV/ENOENT. */
  reason: 'cgroup-removed' | 'error';
}

export type NativeMessage =
  | [type: 'ready', detail: NativeReadyDetail]
  | [type: 'error', detail: NativeErrorDetail]
  | [type: 'event', detail: NativeEventDetail]
  | [type: 'closed', detail: NativeClosedDetail];

export type NativeCallback = (...message: NativeMessage) => void;

export interface NativeStats {
  /** Registering plus active watches. */
  watches: number;
  registering: number;
  /** Registrations queued or running on the threadpool (includes cancelled ones). */
  inflight: number;
  /** Shared epoll cores open (0 or 1; 2 briefly while one is closing). */
  cores: number;
  psiHandles: number;
  /** uv handles whose close callback has not run yet. */
  pendingCloses: number;
  /** Registration threads alive (started on demand, up to 32, gone after 2 s idle). */
  threads: number;
  /** PSI trigger fds queued or being closed on a registration thread (~11 ms each). */
  closing: number;
}

export interface NotifierAddon {
  /** cgroup v1: eventfd on `<dir>/<attribute>` (memory.usage_in_bytes, memory.memsw.usage_in_bytes). */
  watchThreshold(dir: string, attribute: string, threshold: bigint, cb: NativeCallback): number;
  /** cgroup v1: eventfd on `<dir>/memory.oom_control`. */
  watchOom(dir: string, cb: NativeCallback): number;
  /** PSI trigger (`"some|full <stall_us> <window_us>"`) on a pressure file. */
  watchPsi(path: string, trigger: string, cb: NativeCallback): number;
  /** kernfs change notification on a cgroup v2 `*.events` file. */
  watchEventsFile(path: string, cb: NativeCallback): number;
  close(id: number): boolean;
  stats(): NativeStats;
  readonly abiVersion: number;
  /**
   * Not the notifier's: the Linux platform's batched reads (native/batch.cc). For i < count,
   * `sizes[i] > 0` preads `fds[i]` at offset 0 into the next `sizes[i]` bytes of `buffer`
   * (slots follow one another in entry order) and `sizes[i] === 0` fstats it; `results[i]` gets
   * the bytes read or the link count, or -errno. Throws (reading nothing) on arrays of the
   * wrong type or slots that do not fit. Absent from addons built before it existed.
   */
  readBatch?(
    fds: Int32Array,
    sizes: Int32Array,
    count: number,
    buffer: Uint8Array,
    results: Int32Array,
  ): void;
}

/** The `abiVersion` this TypeScript layer was written against. */
export const NATIVE_ABI_VERSION = 1;

export function isNotifierAddon(value: unknown): value is NotifierAddon {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v['abiVersion'] === NATIVE_ABI_VERSION &&
    ['watchThreshold', 'watchOom', 'watchPsi', 'watchEventsFile', 'close', 'stats'].every(
      (k) => typeof v[k] === 'function',
    )
  );
}
