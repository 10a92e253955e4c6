import * as fs from 'node:fs';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import {
  type CgroupMemory,
  type CgroupVersion,
  cgroupMemory,
  MEMORY_FILES,
  MEMORY_STAT_KEYS,
  PROCS_FILE,
  parseCgroupValue,
  parseFlatKeyed,
  parseProcsCount,
  v2RootUsage,
} from './cgroup-stats';
import { errnoToPlatformError, isGone, KeptOpenDir, KeptOpenFile } from './fd-reader';

/** What one read of a memory cgroup yields. `limitBytes` is `Infinity` when unlimited. */
export interface CgroupMemorySample {
  memory: CgroupMemory;
  limitBytes: number;
}

/** A single-value file's number (`parseCgroupValue`), without a string when it is plain digits. */
const readValue = (file: KeptOpenFile): Result<number, PlatformError> =>
  file
    .readDigits()
    .andThen((v) => (typeof v === 'number' ? ok(v) : parseCgroupValue(v, file.path)));

/** A `cgroup.procs` file's process count (`parseProcsCount`), likewise. */
const readProcsCount = (file: KeptOpenFile): Result<number, PlatformError> =>
  file
    .readLineCount()
    .andThen((v) => (typeof v === 'number' ? ok(v) : parseProcsCount(v, file.path)));

/**
 * A memory cgroup read through kept-open descriptors: usage, `memory.stat` and (optionally)
 * the limit. The cgroup v2 root has no `memory.current`; it is read as `anon + file` instead.
 */
export class CgroupMemoryReader {
  private constructor(
    readonly dir: string,
    readonly version: CgroupVersion,
    private readonly stat: KeptOpenFile,
    private readonly usage: KeptOpenFile | undefined,
    private readonly limit: KeptOpenFile | undefined,
  ) {}

  static open(
    dir: string,
    version: CgroupVersion,
    options: { withLimit: boolean },
  ): Result<CgroupMemoryReader, PlatformError> {
    const files = MEMORY_FILES[version];
    const stat = KeptOpenFile.open(path.join(dir, files.stat));
    if (stat.isErr()) return err(stat.error);
    const usage = KeptOpenFile.open(path.join(dir, files.usage));
    if (usage.isErr() && !(version === 'v2' && isGone(usage.error))) {
      stat.value.close();
      return err(usage.error);
    }
    let limit: KeptOpenFile | undefined;
    if (options.withLimit) {
      const opened = KeptOpenFile.open(path.join(dir, files.limit));
      if (opened.isErr()) {
        stat.value.close();
        usage.map((u) => u.close());
        return err(opened.error);
      }
      limit = opened.value;
    }
    return ok(new CgroupMemoryReader(dir, version, stat.value, usage.unwrapOr(undefined), limit));
  }

  read(): Result<CgroupMemorySample, PlatformError> {
    let usageBytes: number | undefined;
    if (this.usage) {
      const value = readValue(this.usage);
      if (value.isErr()) return err(value.error);
      usageBytes = value.value;
    }
    const statText = this.stat.read();
    if (statText.isErr()) return err(statText.error);
    const stat = parseFlatKeyed(statText.value, this.stat.path, MEMORY_STAT_KEYS);
    if (stat.isErr()) return err(stat.error);
    let limitBytes = Number.POSITIVE_INFINITY;
    if (this.limit) {
      const value = readValue(this.limit);
      if (value.isErr()) return err(value.error);
      limitBytes = value.value;
    }
    const usage = usageBytes ?? v2RootUsage(stat.value);
    return ok({ memory: cgroupMemory(this.version, usage, stat.value), limitBytes });
  }

  close(): void {
    this.stat.close();
    this.usage?.close();
    this.limit?.close();
  }
}

/**
 * Counts a pod's processes the way the kubelet's cAdvisor provider does: the lines of
 * `cgroup.procs` of each container cgroup (the pod cgroup's direct children), summed. The pod
 * cgroup's own `cgroup.procs` is added too; no runtime puts processes there, so this only
 * differs from the kubelet for hand-made cgroups. Children are listed again only when the pod
 * directory's link count changes or a child vanishes, so a steady pod costs no readdir.
 */
export class ProcessCounter {
  private readonly children = new Map<string, KeptOpenFile>();
  private knownLinks = -1;

  private constructor(
    readonly dir: string,
    private readonly handle: KeptOpenDir,
    private readonly own: KeptOpenFile,
  ) {}

  static open(dir: string): Result<ProcessCounter, PlatformError> {
    const handle = KeptOpenDir.open(dir);
    if (handle.isErr()) return err(handle.error);
    const own = KeptOpenFile.open(path.join(dir, PROCS_FILE));
    if (own.isErr()) {
      handle.value.close();
      return err(own.error);
    }
    return ok(new ProcessCounter(dir, handle.value, own.value));
  }

  /** Open descriptors held (for fd accounting in tests and diagnostics). */
  get openFiles(): number {
    return 2 + this.children.size;
  }

  count(): Result<number, PlatformError> {
    const links = this.handle.linkCount();
    if (links.isErr()) return err(links.error);
    // Link count 2 + subdirectories is kernfs/ext4/tmpfs behaviour; below 2 (btrfs) it says
    // nothing, so list every time there.
    if (links.value !== this.knownLinks || links.value < 2) {
      const rescanned = this.rescan(links.value);
      if (rescanned.isErr()) return err(rescanned.error);
    }
    const own = readProcsCount(this.own);
    if (own.isErr()) return err(own.error);
    let total = own.value;
    let vanished = false;
    for (const [name, file] of this.children) {
      const counted = readProcsCount(file);
      if (counted.isErr()) {
        if (!isGone(counted.error)) return err(counted.error);
        // A container cgroup removed mid-read: it holds no processes any more.
        file.close();
        this.children.delete(name);
        vanished = true;
        continue;
      }
      total += counted.value;
    }
    if (vanished) this.knownLinks = -1;
    return ok(total);
  }

  private rescan(links: number): Result<void, PlatformError> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch (e) {
      return err(errnoToPlatformError(e, this.dir, 'readdir'));
    }
    const seen = new Set<string>();
    for (const entry of entries) {
      // Dirent types come from getdents: a symlink is never a directory here.
      if (!entry.isDirectory()) continue;
      seen.add(entry.name);
      if (this.children.has(entry.name)) continue;
      const file = KeptOpenFile.open(path.join(this.dir, entry.name, PROCS_FILE));
      if (file.isErr()) {
        if (isGone(file.error)) continue;
        return err(file.error);
      }
      this.children.set(entry.name, file.value);
    }
    for (const [name, file] of this.children) {
      if (seen.has(name)) continue;
      file.close();
      this.children.delete(name);
    }
    this.knownLinks = links;
    return ok(undefined);
  }

  close(): void {
    for (const file of this.children.values()) file.close();
    this.children.clear();
    this.own.close();
    this.handle.close();
  }
}
