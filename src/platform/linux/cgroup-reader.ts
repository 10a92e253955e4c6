import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import {
  type CgroupMemory,
  type CgroupVersion,
  cgroupMemory,
  MEMORY_FILES,
  MEMORY_STAT_KEYS,
  parseCgroupValue,
  parseFlatKeyed,
  v2RootUsage,
} from './cgroup-stats';
import { isGone, KeptOpenFile } from './fd-reader';
import type { ReadBatch } from './read-batch';

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

  /** Have `batch` read these files, in the order `read()` reads them. */
  queueReads(batch: ReadBatch): void {
    this.usage?.queueRead(batch);
    this.stat.queueRead(batch);
    this.limit?.queueRead(batch);
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
