import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';

/** Which cgroup file set a memory cgroup exposes. */
export type CgroupVersion = 'v1' | 'v2';

/** File names of the memory controller, per cgroup version. */
export const MEMORY_FILES = {
  v1: { usage: 'memory.usage_in_bytes', limit: 'memory.limit_in_bytes', stat: 'memory.stat' },
  v2: { usage: 'memory.current', limit: 'memory.max', stat: 'memory.stat' },
} as const satisfies Record<CgroupVersion, { usage: string; limit: string; stat: string }>;

/** The per-cgroup process list: one thread-group id per line (the same name on v1 and v2). */
export const PROCS_FILE = 'cgroup.procs';

/**
 * Above this a memory limit counts as "unlimited" (cAdvisor/kubelet `isMemoryUnlimited`): the
 * kernel rounds "no limit" to a page multiple below 2^63, so the test is not `== MaxInt64`.
 */
export const UNLIMITED_MEMORY_THRESHOLD = 2 ** 62;

export const isMemoryUnlimited = (bytes: number): boolean => bytes > UNLIMITED_MEMORY_THRESHOLD;

const malformed = (path: string, message: string): PlatformError => ({
  code: 'malformed',
  path,
  message,
});

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * Parse the decimal digits `text[from, to)` as a number. Exact up to 2^53; larger values
 * (only "unlimited" limits reach them) keep their magnitude. Returns -1 unless every
 * character is a digit and there is at least one.
 */
function parseDigits(text: string, from: number, to: number): number {
  if (from >= to) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return -1;
    value = value * 10 + (c - DIGIT_0);
  }
  return value;
}

/**
 * Parse a flat-keyed cgroup file (`memory.stat`, v1 or v2): one `<key> <unsigned>` per line.
 * Any other line is malformed, like runc's `ParseKeyValue`, and the error names the file.
 */
export function parseFlatKeyed(
  text: string,
  path: string,
  only?: KeySelection,
): Result<Map<string, number>, PlatformError> {
  const result = new Map<string, number>();
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    if (space <= start || space >= end) {
      return err(malformed(path, `line ${line}: expected "<key> <value>"`));
    }
    const value = parseDigits(text, space + 1, end);
    if (value < 0) {
      return err(
        malformed(
          path,
          `line ${line}: value is not an unsigned integer: ${text.slice(start, end)}`,
        ),
      );
    }
    const key = only === undefined ? text.slice(start, space) : only.match(text, start, space);
    if (key !== undefined) result.set(key, value);
    start = end + 1;
    line++;
  }
  return ok(result);
}

/**
 * A set of keys for `parseFlatKeyed` to keep (every line is still checked). `memory.stat` has
 * some sixty lines of which a reader uses five: matching them in place, by length first, spares
 * a string and a map entry per line.
 */
export class KeySelection {
  readonly #byLength = new Map<number, string[]>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const list = this.#byLength.get(key.length) ?? [];
      list.push(key);
      this.#byLength.set(key.length, list);
    }
  }

  /** The selected key spelled by `text[start, end)`, if any. */
  match(text: string, start: number, end: number): string | undefined {
    const candidates = this.#byLength.get(end - start);
    if (candidates === undefined) return undefined;
    for (const key of candidates) if (text.startsWith(key, start)) return key;
    return undefined;
  }
}

/**
 * Parse a single-value cgroup file (`memory.usage_in_bytes`, `memory.current`,
 * `memory.limit_in_bytes`, `memory.max`, `pids.current`, `pids.max`). `max` (v2 "no limit")
 * is `Infinity`. Surrounding whitespace is ignored, as runc's `GetCgroupParamUint` trims it.
 */
export function parseCgroupValue(text: string, path: string): Result<number, PlatformError> {
  const trimmed = text.trim();
  if (trimmed === 'max') return ok(Number.POSITIVE_INFINITY);
  const value = parseDigits(trimmed, 0, trimmed.length);
  if (value < 0) {
    return err(
      malformed(path, `expected an unsigned integer or "max", got ${JSON.stringify(trimmed)}`),
    );
  }
  return ok(value);
}

/** `pids.current`: the number of tasks (threads) in the subtree; same grammar as any value file. */
export const parsePidsCurrent = parseCgroupValue;

/**
 * Count the processes listed in a `cgroup.procs` file: one positive decimal id per line,
 * as cAdvisor's `processStatsFromProcs` counts them (it splits on newlines and drops the
 * trailing empty element).
 */
export function parseProcsCount(text: string, path: string): Result<number, PlatformError> {
  let count = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (parseDigits(text, start, end) < 0) {
      return err(malformed(path, `line ${count + 1}: not a process id: ${text.slice(start, end)}`));
    }
    count++;
    start = end + 1;
  }
  return ok(count);
}

/** The memory figures cAdvisor derives for one cgroup, as the kubelet's Summary carries them. */
export interface CgroupMemory {
  usageBytes: number;
  workingSetBytes: number;
  rssBytes: number;
  pageFaults: number;
  majorPageFaults: number;
}

/** The `memory.stat` keys cAdvisor reads, per version (v1 hierarchical `total_*` where it uses them). */
const STAT_KEYS = {
  v1: { inactiveFile: 'total_inactive_file', rss: 'total_rss', rssLocal: 'rss' },
  v2: { inactiveFile: 'inactive_file', rss: 'anon', rssLocal: 'anon' },
} as const;

/**
 * cAdvisor's `setMemoryStats`: working set = usage − inactive file (floored at 0; when the key
 * is missing the working set is the whole usage). RSS is `total_rss` on v1 (hierarchy on,
 * which every kernel since 5.x forces) and `anon` on v2. Page faults are `pgfault` and
 * `pgmajfault` as listed: on v1 that is the cgroup's own (non-hierarchical) count, on v2 the
 * subtree's — a cAdvisor quirk kept as is.
 */
export function cgroupMemory(
  version: CgroupVersion,
  usageBytes: number,
  stat: ReadonlyMap<string, number>,
): CgroupMemory {
  const keys = STAT_KEYS[version];
  const inactiveFile = stat.get(keys.inactiveFile);
  const workingSetBytes =
    inactiveFile === undefined ? usageBytes : Math.max(0, usageBytes - inactiveFile);
  return {
    usageBytes,
    workingSetBytes,
    rssBytes: stat.get(keys.rss) ?? stat.get(keys.rssLocal) ?? 0,
    pageFaults: stat.get('pgfault') ?? 0,
    majorPageFaults: stat.get('pgmajfault') ?? 0,
  };
}

/** The `memory.stat` keys `cgroupMemory` and `v2RootUsage` read, on either version. */
export const MEMORY_STAT_KEYS = new KeySelection([
  ...new Set([...Object.values(STAT_KEYS.v1), ...Object.values(STAT_KEYS.v2)]),
  'pgfault',
  'pgmajfault',
  'file',
]);

/**
 * The cgroup v2 root has no `memory.current`; runc emulates it as `anon + file` from the
 * root's `memory.stat` (the same sum v1's root `usage_in_bytes` reports).
 */
export const v2RootUsage = (stat: ReadonlyMap<string, number>): number =>
  (stat.get('anon') ?? 0) + (stat.get('file') ?? 0);

/**
 * `availableBytes` = limit − working set, present only when the limit is known (the kubelet
 * omits it for unlimited cgroups). Not floored: when the working set exceeds the limit (a limit
 * lowered below usage, or the kubepods cgroup over node allocatable) the result is negative.
 * The kubelet subtracts in uint64, so its JSON carries 2^64 − the excess, which the eviction
 * manager reads back through `int64(...)` as the same negative number (and capacity =
 * available + working set as the limit); `observe` does likewise with either spelling. The
 * only floor upstream is cAdvisor's, on the working set itself (see `cgroupMemory`).
 */
export function availableBytes(limitBytes: number, workingSetBytes: number): number | undefined {
  if (!Number.isFinite(limitBytes) || isMemoryUnlimited(limitBytes)) return undefined;
  return limitBytes - workingSetBytes;
}
