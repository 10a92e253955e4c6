import type { NotifierAddon } from './native/addon';
import { loadNotifierAddon } from './native/loader';

// One summary() reads a few kept-open files per pod. Through `fs.readSync` each read is a
// JS → C++ → libuv round trip costing a few µs over the kernel's own work, which at 1,000 pods
// is about as much as the kernel's work itself. A batch collects the descriptors a summary is
// about to read, reads them all in one call into the addon (`readBatch`, native/batch.cc) and
// leaves each result in its slot of one buffer; the kept-open handles then take their result
// from there instead of reading (fd-reader.ts). Anything the batch did not settle — a file it
// did not include, an error, a slot the content filled — is read the ordinary way, so errors
// and truncation behave exactly as without the batch. Without the addon there is no batch.

/** `readBatch` of the addon: see native/batch.cc. */
type NativeReadBatch = NonNullable<NotifierAddon['readBatch']>;

/** Slots are never larger than this: a file whose content is bigger is read on its own. */
export const MAX_SLOT_BYTES = 64 * 1024;

let native: NativeReadBatch | null | undefined;
let enabled = true;

function nativeReadBatch(): NativeReadBatch | null {
  if (native === undefined) {
    const addon = loadNotifierAddon().unwrapOr(undefined);
    // An addon built before readBatch existed still serves the notifier; summary() then reads
    // file by file.
    native = typeof addon?.readBatch === 'function' ? addon.readBatch.bind(addon) : null;
  }
  return native;
}

/**
 * The descriptors of one summary and, after `run()`, what reading them gave. There is one batch
 * per process: reads are synchronous and a batch lives within one synchronous summary. Each
 * `begin()` starts a new generation; a handle holds the generation its entry belongs to, so an
 * entry from an earlier batch is never taken. A summary begun while another's entries are still
 * untaken (a pod identity callback that asks another platform for a summary) only makes those
 * entries dead: their handles then read on their own.
 */
export class ReadBatch {
  /** Bumped by `begin()` and `end()`: entries of any other generation are dead. */
  generation = 0;
  count = 0;
  private bytes = 0;
  /** True once `run()` read this generation's entries. */
  ran = false;
  private fds = new Int32Array(1024);
  private sizes = new Int32Array(1024);
  /** Where each entry's slot starts in `buffer` (the addon packs slots in entry order). */
  starts = new Int32Array(1024);
  /** Bytes read (or link count) per entry; negative: -errno. Valid after `run()`. */
  results = new Int32Array(1024);
  buffer: Buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly read: NativeReadBatch) {}

  begin(): void {
    this.generation++;
    this.count = 0;
    this.bytes = 0;
    this.ran = false;
  }

  /** Queue a read of `fd` at offset 0 into a slot of `size` bytes (0: its link count); its entry. */
  add(fd: number, size: number): number {
    const i = this.count;
    if (i === this.fds.length) this.growEntries();
    this.fds[i] = fd;
    this.sizes[i] = size;
    this.starts[i] = this.bytes;
    this.bytes += size;
    this.count = i + 1;
    return i;
  }

  /** Read every queued descriptor in one call. True when the results are there to take. */
  run(): boolean {
    if (this.bytes > this.buffer.length) {
      // A quarter more than needed, in whole 64 KiB: room for pods to come without regrowing.
      const unit = 64 * 1024;
      this.buffer = Buffer.allocUnsafe(Math.ceil((this.bytes * 1.25) / unit) * unit);
    }
    try {
      this.read(this.fds, this.sizes, this.count, this.buffer, this.results);
      this.ran = true;
    } catch {
      // Only a bug in building the batch gets here: drop it, every handle reads on its own.
      this.generation++;
    }
    return this.ran;
  }

  /** Nothing queued before this may be taken any more (whether it was or not). */
  end(): void {
    this.generation++;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.fds = grow(this.fds);
    this.sizes = grow(this.sizes);
    this.starts = grow(this.starts);
    this.results = new Int32Array(this.fds.length);
  }
}

let batch: ReadBatch | undefined;

/**
 * The process's batch, emptied for a new summary; `undefined` when the addon (with `readBatch`)
 * is not loaded or batches are turned off, and every file is read on its own.
 */
export function beginReadBatch(): ReadBatch | undefined {
  if (!enabled) return undefined;
  if (batch === undefined) {
    const read = nativeReadBatch();
    if (read === null) return undefined;
    batch = new ReadBatch(read);
  }
  batch.begin();
  return batch;
}

/** The batch whose entries handles may take now (the last one begun), if any. */
export const currentReadBatch = (): ReadBatch | undefined => batch;

/** Tests and benchmarks: turn batched reads off (every file read on its own) or back on. */
export function setBatchedReads(on: boolean): void {
  enabled = on;
  // Whatever is queued now is dead either way.
  batch?.end();
}

/** Whether summaries read through the addon's batch (the addon loaded and batches enabled). */
export function batchedReadsAvailable(): boolean {
  return enabled && nativeReadBatch() !== null;
}
