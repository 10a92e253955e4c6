import type { BigIntStatsFs } from 'node:fs';
import { err, ok, type Result } from 'neverthrow';
import type { FsStats, RlimitStats } from '../../signals/summary';
import type { PlatformError } from '../types';

/** The procfs files the node statistics come from. */
export const PROC_FILES = {
  meminfo: 'meminfo',
  pidMax: 'sys/kernel/pid_max',
  threadsMax: 'sys/kernel/threads-max',
  loadavg: 'loadavg',
  stat: 'stat',
} as const;

const MEMINFO_LINE = /^([^:\s]+):\s+(\d+)(?: (kB))?\s*$/;

/**
 * Parse `/proc/meminfo` into bytes per key (`kB` values × 1024, unit-less counts as they are).
 * A line that is not `<Key>: <number>[ kB]` is malformed.
 */
export function parseMeminfo(
  text: string,
  path: string,
): Result<Map<string, number>, PlatformError> {
  const result = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' && i === lines.length - 1) break;
    const m = MEMINFO_LINE.exec(line);
    if (!m) {
      return err({ code: 'malformed', path, message: `line ${i + 1}: expected "<Key>: <n> kB"` });
    }
    const n = Number(m[2]);
    result.set(m[1]!, m[3] === undefined ? n : n * 1024);
  }
  return ok(result);
}

/**
 * Machine memory capacity, as cAdvisor's `GetMachineMemoryCapacity`: `MemTotal` × 1024.
 * Its absence is malformed: every Linux kernel prints it first.
 */
export function memoryCapacityBytes(
  meminfo: ReadonlyMap<string, number>,
  path: string,
): Result<number, PlatformError> {
  const total = meminfo.get('MemTotal');
  if (total === undefined) return err({ code: 'malformed', path, message: 'no MemTotal line' });
  return ok(total);
}

const GO_INT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.ParseInt(s, 10, 64)`: a signed decimal within int64, else `undefined`. */
function parseGoInt64(text: string): number | undefined {
  if (!GO_INT.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : Number(value);
}

/**
 * One of the kernel task limits (`pid_max`, `threads-max`) read the kubelet's way: drop the
 * last byte (the newline) and parse base 10 as an int64; anything unparsable is ignored
 * (`undefined`), as `pidlimit.Stats` ignores it. Negative values parse (see `rlimitStats`).
 */
export function parseTaskLimit(text: string): number | undefined {
  if (text.length === 0) return undefined;
  return parseGoInt64(text.slice(0, -1));
}

/**
 * The number of scheduling entities (threads) from `/proc/loadavg`'s fourth field
 * (`running/total`), which the kubelet prefers to sysinfo(2) because sysinfo truncates
 * above 65 535. `undefined` when the line does not have that shape.
 */
export function parseLoadavgTaskCount(text: string): number | undefined {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 5) return undefined;
  const parts = fields[3]!.split('/');
  if (parts.length !== 2) return undefined;
  return parseGoInt64(parts[1]!);
}

/** `pidlimit.Stats`' "no limit read yet" marker, which a limit of -1 is indistinguishable from. */
const NO_TASK_LIMIT = -1;

/**
 * The kubelet's `RlimitStats`: `maxpid` = min(pid_max, threads-max) over the files that parsed
 * (absent if neither did); `curproc` = the loadavg task count, else `fallbackCount` (the
 * kubelet's sysinfo procs; here a count of /proc tasks).
 *
 * Negative limits (which only a synthetic procfs can hold: the kernel keeps both positive) go
 * through `pidlimit.Stats`' own steps: the running minimum starts at -1, meaning "none yet",
 * and `maxpid` is reported only when the result is ≥ 0. So a negative limit wins the minimum
 * and leaves `maxpid` out, except -1 read first, which looks like "none yet" and is replaced
 * by the next limit.
 */
export function rlimitStats(input: {
  time: number;
  pidMax?: string | undefined;
  threadsMax?: string | undefined;
  loadavg?: string | undefined;
  fallbackCount?: () => number | undefined;
}): RlimitStats {
  let taskMax = NO_TASK_LIMIT;
  for (const text of [input.pidMax, input.threadsMax]) {
    const limit = text === undefined ? undefined : parseTaskLimit(text);
    if (limit !== undefined && (taskMax === NO_TASK_LIMIT || limit < taskMax)) taskMax = limit;
  }
  const maxpid = taskMax >= 0 ? taskMax : undefined;
  const fromLoadavg =
    input.loadavg === undefined ? undefined : parseLoadavgTaskCount(input.loadavg);
  const curproc = fromLoadavg ?? input.fallbackCount?.();
  const result: RlimitStats = { time: input.time };
  if (maxpid !== undefined) result.maxpid = maxpid;
  if (curproc !== undefined) result.curproc = curproc;
  return result;
}

/** Boot time in epoch ms from `/proc/stat`'s `btime` line (seconds), or `undefined`. */
export function parseBootTime(text: string): number | undefined {
  const m = /^btime (\d+)$/m.exec(text);
  return m ? Number(m[1]) * 1000 : undefined;
}

const toSafeNumber = (v: bigint): number =>
  v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);

/**
 * A filesystem's `FsStats` from statfs, as cAdvisor's `getVfsStats` and the kubelet's
 * `RootFsStats` build it: capacity = blocks × size, available = bavail × size (what
 * unprivileged writers get), used = (blocks − bfree) × size (reserved blocks count as
 * used), inodesUsed = files − ffree. cAdvisor multiplies by `f_frsize`; Node's statfs gives
 * `f_bsize`, which equals it on every mainstream Linux filesystem. Values beyond 2^53
 * (8 PiB) are clamped so the Summary stays within exact JSON numbers.
 */
export function fsStatsFromStatfs(s: BigIntStatsFs, time: number): FsStats {
  const size = s.bsize;
  const inodesUsed = s.files >= s.ffree ? s.files - s.ffree : 0n;
  return {
    time,
    availableBytes: toSafeNumber(s.bavail * size),
    capacityBytes: toSafeNumber(s.blocks * size),
    usedBytes: toSafeNumber(s.blocks >= s.bfree ? (s.blocks - s.bfree) * size : 0n),
    inodesFree: toSafeNumber(s.ffree),
    inodes: toSafeNumber(s.files),
    inodesUsed: toSafeNumber(inodesUsed),
  };
}
