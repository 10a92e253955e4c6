import * as fs from 'node:fs';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import { currentReadBatch, MAX_SLOT_BYTES, type ReadBatch } from './read-batch';

// cgroupfs and procfs files are seq_files: a pread at offset 0 on a kept-open descriptor
// regenerates the content, and costs 7–15× less than open/read/close (LINUX-PROBE §4).

/** errno codes that mean "the cgroup (or process) is gone", not "something broke". */
const GONE_CODES = new Set(['ENOENT', 'ENODEV', 'ESRCH']);
const PERMISSION_CODES = new Set(['EACCES', 'EPERM']);

// O_NONBLOCK: a FIFO in place of a cgroup file (only possible on a synthetic tree) must fail
// the read, not block the event loop in open().
const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;
const DIR_FLAGS = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const NEWLINE = 10;

/** Every read lands here first; reads are synchronous, so one buffer serves all files. */
let scratch: Buffer = Buffer.allocUnsafe(16 * 1024);
/**
 * Where the last read's bytes are: `scratch` from offset 0, or the slot of a batch entry
 * (read-batch.ts). The parsers below read `view` from `viewStart`.
 */
let view: Buffer = scratch;
let viewStart = 0;
/** The last read's bytes as Latin-1 text (kernel files are ASCII). */
const viewText = (n: number): string => view.toString('latin1', viewStart, viewStart + n);

/** Turn a thrown Node `SystemError` into a `PlatformError` that names the path. */
export function errnoToPlatformError(
  error: unknown,
  path: string,
  syscall?: string,
): PlatformError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'EIO';
  const detail = error instanceof Error ? error.message : String(error);
  if (GONE_CODES.has(code)) return { code: 'not-found', path, message: `${code}: ${detail}` };
  if (PERMISSION_CODES.has(code)) return { code: 'permission', path, errno: code, message: detail };
  return syscall === undefined
    ? { code: 'io', path, errno: code, message: detail }
    : { code: 'io', path, errno: code, syscall, message: detail };
}

/** True when the error says the file's cgroup or process has disappeared. */
export const isGone = (e: PlatformError): boolean => e.code === 'not-found';

/** A descriptor kept open across reads. Closing is idempotent; a closed one reads as `closed`. */
abstract class KeptOpen {
  protected fd: number;
  /** This handle's entry in a read batch, valid while `entryGeneration` is the batch's. */
  private entry = -1;
  private entryGeneration = -1;
  /** The size of that entry's slot. */
  protected slotSize = 0;

  protected constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  protected static openFd(path: string, flags: number): Result<number, PlatformError> {
    try {
      return ok(fs.openSync(path, flags));
    } catch (e) {
      return err(errnoToPlatformError(e, path, 'open'));
    }
  }

  get closed(): boolean {
    return this.fd < 0;
  }

  /** Put this descriptor in `batch`, in a slot of `size` bytes (0: its link count). */
  protected queue(batch: ReadBatch, size: number): void {
    if (this.fd < 0) return;
    this.entry = batch.add(this.fd, size);
    this.entryGeneration = batch.generation;
    this.slotSize = size;
  }

  /**
   * What the current batch read for this handle — bytes read, or the link count — taken once;
   * -1 when there is none, or it failed (the caller then asks the kernel itself, so that the
   * error is exactly what an ordinary read gives).
   */
  protected takeBatched(batch: ReadBatch | undefined): number {
    if (batch === undefined || this.entryGeneration !== batch.generation || !batch.ran) return -1;
    this.entryGeneration = -1;
    const value = batch.results[this.entry]!;
    return value < 0 ? -1 : value;
  }

  /** Where this handle's slot starts in the batch buffer (after `takeBatched`). */
  protected slotStart(batch: ReadBatch): number {
    return batch.starts[this.entry]!;
  }

  protected closedError(): Result<never, PlatformError> {
    return err({ code: 'closed', message: `${this.path} is closed` });
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      fs.closeSync(fd);
    } catch {
      // EBADF/EIO on close leave nothing to recover; the descriptor is released either way.
    }
  }
}

/** A file kept open for repeated reads from offset 0, so a closed one never reads a recycled fd. */
export class KeptOpenFile extends KeptOpen {
  /** Length of the last content read; sizes this file's slot in a batch (-1: never read). */
  private lastLength = -1;

  /** Open `path` read-only, refusing to follow a symlink in its last component. */
  static open(path: string): Result<KeptOpenFile, PlatformError> {
    return KeptOpen.openFd(path, READ_FLAGS).map((fd) => new KeptOpenFile(path, fd));
  }

  /** The whole current content, decoded as Latin-1 (kernel files are ASCII). */
  read(): Result<string, PlatformError> {
    return this.readBytes().map((n) => viewText(n));
  }

  /**
   * For single-value files: the value when the content is decimal digits and a newline (the
   * kernel's own format), computed as `parseCgroupValue` would, without making a string;
   * otherwise the text, for the caller's full parser.
   */
  readDigits(): Result<number | string, PlatformError> {
    return this.readBytes().map((n) => {
      let value = 0;
      for (let i = 0; i < n - 1; i++) {
        const c = view[viewStart + i]!;
        if (c < DIGIT_0 || c > DIGIT_9) return viewText(n);
        value = value * 10 + (c - DIGIT_0);
      }
      return n >= 2 && view[viewStart + n - 1] === NEWLINE ? value : viewText(n);
    });
  }

  /**
   * For `cgroup.procs`: the number of lines when every line is decimal digits (the kernel's
   * format), as `parseProcsCount` counts them, without making a string; otherwise the text.
   */
  readLineCount(): Result<number | string, PlatformError> {
    return this.readBytes().map((n) => {
      let count = 0;
      let lineLength = 0;
      for (let i = 0; i < n; i++) {
        const c = view[viewStart + i]!;
        if (c === NEWLINE) {
          if (lineLength === 0) return viewText(n);
          count++;
          lineLength = 0;
        } else if (c >= DIGIT_0 && c <= DIGIT_9) {
          lineLength++;
        } else {
          return viewText(n);
        }
      }
      return lineLength > 0 ? count + 1 : count;
    });
  }

  /**
   * Have `batch` read this file. A file never read yet is left out: its slot is sized from its
   * last length, with room for the numbers in it to grow.
   */
  queueRead(batch: ReadBatch): void {
    const last = this.lastLength;
    if (last < 0) return;
    const size = last + (last >> 3) + 64;
    if (size <= MAX_SLOT_BYTES) this.queue(batch, size);
  }

  /** Read the whole current content into `view` at `viewStart`; its length. */
  private readBytes(): Result<number, PlatformError> {
    if (this.fd < 0) return this.closedError();
    const batch = currentReadBatch();
    const n = this.takeBatched(batch);
    // A full slot may mean a truncated read: then read on our own below.
    if (n >= 0 && n < this.slotSize) {
      view = batch!.buffer;
      viewStart = this.slotStart(batch!);
      this.lastLength = n;
      return ok(n);
    }
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(this.fd, scratch, 0, scratch.length, 0);
      } catch (e) {
        return err(errnoToPlatformError(e, this.path, 'read'));
      }
      // A full buffer may mean a truncated read: grow and read again from offset 0.
      if (n < scratch.length) {
        view = scratch;
        viewStart = 0;
        this.lastLength = n;
        return ok(n);
      }
      scratch = Buffer.allocUnsafe(scratch.length * 4);
    }
  }
}

/**
 * A directory kept open so its link count can be read with one `fstat`. On kernfs (and
 * ext4/tmpfs) a directory's link count is 2 + its number of subdirectories, so a changed
 * count says "a child cgroup appeared or vanished" without listing the directory.
 */
export class KeptOpenDir extends KeptOpen {
  static open(path: string): Result<KeptOpenDir, PlatformError> {
    return KeptOpen.openFd(path, DIR_FLAGS).map((fd) => new KeptOpenDir(path, fd));
  }

  /** Have `batch` read this directory's link count. */
  queueLinkCount(batch: ReadBatch): void {
    this.queue(batch, 0);
  }

  /** The directory's current link count. */
  linkCount(): Result<number, PlatformError> {
    if (this.fd < 0) return this.closedError();
    const batched = this.takeBatched(currentReadBatch());
    if (batched >= 0) return ok(batched);
    try {
      return ok(fs.fstatSync(this.fd).nlink);
    } catch (e) {
      return err(errnoToPlatformError(e, this.path, 'fstat'));
    }
  }
}
