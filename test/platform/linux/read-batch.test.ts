// Batched reads (read-batch.ts, native/batch.cc): the addon's readBatch on its own, and kept-open
// handles taking their content from a batch — served from the batch when it settled the read,
// read on their own (with the very same result or error) when it did not.
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KeptOpenDir, KeptOpenFile } from '../../../src/platform/linux/fd-reader';
import { loadNotifierAddon } from '../../../src/platform/linux/native/loader';
import {
  batchedReadsAvailable,
  beginReadBatch,
  type ReadBatch,
  setBatchedReads,
} from '../../../src/platform/linux/read-batch';

const addon = loadNotifierAddon();
const skipReason = addon.isOk() ? '' : ` (skipped: ${addon.error.message})`;
const dir = mkdtempSync(join(tmpdir(), 'evictkit-read-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setBatchedReads(true));
const fdCount = () => readdirSync('/proc/self/fd').length;

let n = 0;
const fileWith = (text: string) => {
  const file = join(dir, `f${n++}`);
  writeFileSync(file, Buffer.from(text, 'latin1'));
  return file;
};

/** A batch holding `handles`, already run. */
function ranBatch(queue: (b: ReadBatch) => void): ReadBatch {
  const batch = beginReadBatch();
  expect(batch).toBeDefined();
  queue(batch!);
  expect(batch!.run()).toBe(true);
  return batch!;
}

describe.skipIf(!addon.isOk())(`addon readBatch${skipReason}`, () => {
  const readBatch = addon.isOk() ? addon.value.readBatch! : () => {};

  it('preads each descriptor at offset 0 into consecutive slots, fstats size-0 entries', () => {
    const a = openSync(fileWith('12345\n'), 'r');
    const b = openSync(fileWith('hello world\n'), 'r');
    const d = openSync(dir, 'r');
    try {
      const buffer = Buffer.alloc(64, 0xff);
      const results = new Int32Array(4).fill(7);
      readBatch(new Int32Array([a, d, b]), new Int32Array([8, 0, 4]), 3, buffer, results);
      expect([...results]).toEqual([6, 2, 4, 7]);
      expect(buffer.toString('latin1', 0, 6)).toBe('12345\n');
      expect(buffer[6]).toBe(0xff); // the rest of the slot is untouched
      expect(buffer.toString('latin1', 8, 12)).toBe('hell'); // a full slot: truncated
      // Reading again starts at offset 0 again (pread: the file position is not used).
      readBatch(new Int32Array([a]), new Int32Array([8]), 1, buffer, results);
      expect(results[0]).toBe(6);
    } finally {
      for (const fd of [a, b, d]) closeSync(fd);
    }
  });

  it('reports -errno per entry and goes on with the rest', () => {
    const a = openSync(fileWith('x\n'), 'r');
    const closed = 1 << 30; // above any descriptor limit: never open
    const d = openSync(dir, 'r'); // pread on a directory: EISDIR
    try {
      const results = new Int32Array(3);
      readBatch(
        new Int32Array([closed, d, a]),
        new Int32Array([8, 8, 8]),
        3,
        Buffer.alloc(24),
        results,
      );
      expect([...results]).toEqual([-9 /* EBADF */, -21 /* EISDIR */, 2]);
    } finally {
      closeSync(a);
      closeSync(d);
    }
  });

  it('refuses a malformed batch before reading anything', () => {
    const fd = openSync(fileWith('abc\n'), 'r');
    try {
      const buffer = Buffer.alloc(16);
      const results = new Int32Array([-1, -1]);
      const call =
        (...args: unknown[]) =>
        () =>
          (readBatch as (...a: unknown[]) => void)(...args);
      const fds = new Int32Array([fd, fd]);
      expect(call([fd], new Int32Array([4]), 1, buffer, results)).toThrow(TypeError);
      expect(call(fds, new Uint32Array([4, 4]), 2, buffer, results)).toThrow(TypeError);
      expect(call(fds, new Int32Array([4, 4]), '2', buffer, results)).toThrow(TypeError);
      expect(call(fds, new Int32Array([4, 4]), 2, 'buffer', results)).toThrow(TypeError);
      expect(call(fds, new Int32Array([4, 4]), 2, buffer, new Float64Array(2))).toThrow(TypeError);
      expect(call(fds, new Int32Array([4, 4]), 3, buffer, results)).toThrow(RangeError);
      expect(call(fds, new Int32Array([4, 4]), 1.5, buffer, results)).toThrow(RangeError);
      expect(call(fds, new Int32Array([4, 4]), -1, buffer, results)).toThrow(RangeError);
      expect(call(fds, new Int32Array([4, -4]), 2, buffer, results)).toThrow(RangeError);
      expect(call(new Int32Array([fd, -1]), new Int32Array([4, 4]), 2, buffer, results)).toThrow(
        RangeError,
      );
      expect(call(fds, new Int32Array([8, 9]), 2, buffer, results)).toThrow(RangeError);
      expect([...results]).toEqual([-1, -1]);
      // count 0 reads nothing and is fine, also with empty arrays.
      const none = new Int32Array(0);
      expect(call(none, none, 0, Buffer.alloc(0), none)).not.toThrow();
    } finally {
      closeSync(fd);
    }
  });

  it('is available to summaries, and can be turned off', () => {
    expect(batchedReadsAvailable()).toBe(true);
    setBatchedReads(false);
    expect(batchedReadsAvailable()).toBe(false);
    expect(beginReadBatch()).toBeUndefined();
    setBatchedReads(true);
    expect(beginReadBatch()).toBeDefined();
  });
});

describe.skipIf(!addon.isOk())(`kept-open handles through a batch${skipReason}`, () => {
  it('take what the batch read (the content at the time of the batch)', () => {
    const path = fileWith('100\n');
    const file = KeptOpenFile.open(path)._unsafeUnwrap();
    try {
      expect(file.readDigits()._unsafeUnwrap()).toBe(100);
      writeFileSync(path, '200\n');
      ranBatch((b) => file.queueRead(b));
      writeFileSync(path, '300\n');
      expect(file.readDigits()._unsafeUnwrap()).toBe(200); // from the batch
      expect(file.readDigits()._unsafeUnwrap()).toBe(300); // taken once: then on its own
    } finally {
      file.close();
    }
  });

  it('leave a file never read out of the batch, and read one whose slot filled on its own', () => {
    const fresh = KeptOpenFile.open(fileWith('fresh\n'))._unsafeUnwrap();
    const growing = fileWith('1\n');
    const grown = KeptOpenFile.open(growing)._unsafeUnwrap();
    try {
      expect(grown.read()._unsafeUnwrap()).toBe('1\n');
      const long = `${'7'.repeat(5000)}\n`;
      writeFileSync(growing, long);
      const batch = ranBatch((b) => {
        fresh.queueRead(b);
        grown.queueRead(b);
      });
      expect(batch.count).toBe(1);
      expect(fresh.read()._unsafeUnwrap()).toBe('fresh\n');
      expect(grown.read()._unsafeUnwrap()).toBe(long);
    } finally {
      fresh.close();
      grown.close();
    }
  });

  it('never take an entry of an earlier batch, nor one of a batch that has ended', () => {
    const path = fileWith('1\n');
    const file = KeptOpenFile.open(path)._unsafeUnwrap();
    try {
      file.read();
      const first = ranBatch((b) => file.queueRead(b));
      writeFileSync(path, '2\n');
      first.end();
      expect(file.read()._unsafeUnwrap()).toBe('2\n');
      ranBatch((b) => file.queueRead(b));
      writeFileSync(path, '3\n');
      beginReadBatch(); // a new batch: the entry above is dead
      expect(file.read()._unsafeUnwrap()).toBe('3\n');
      // Queued but not run: nothing to take.
      const pending = beginReadBatch()!;
      file.queueRead(pending);
      writeFileSync(path, '4\n');
      expect(file.read()._unsafeUnwrap()).toBe('4\n');
      pending.end();
    } finally {
      file.close();
    }
  });

  it('a handle closed after the batch ran reads as closed', () => {
    const file = KeptOpenFile.open(fileWith('5\n'))._unsafeUnwrap();
    file.read();
    ranBatch((b) => file.queueRead(b));
    file.close();
    expect(file.read()._unsafeUnwrapErr().code).toBe('closed');
  });

  it('directories: the link count from the batch, then from fstat', () => {
    const parent = join(dir, `d${n++}`);
    mkdirSync(join(parent, 'a'), { recursive: true });
    const handle = KeptOpenDir.open(parent)._unsafeUnwrap();
    try {
      expect(handle.linkCount()._unsafeUnwrap()).toBe(3);
      ranBatch((b) => handle.queueLinkCount(b));
      mkdirSync(join(parent, 'b'));
      expect(handle.linkCount()._unsafeUnwrap()).toBe(3); // from the batch
      expect(handle.linkCount()._unsafeUnwrap()).toBe(4);
    } finally {
      handle.close();
    }
  });

  it('grows its arrays and buffer for many entries, and leaks no descriptor', () => {
    const base = fdCount();
    const files = Array.from({ length: 3000 }, (_, i) =>
      KeptOpenFile.open(fileWith(`${i}\n`))._unsafeUnwrap(),
    );
    try {
      for (const f of files) f.read();
      ranBatch((b) => {
        for (const f of files) f.queueRead(b);
      });
      files.forEach((f, i) => {
        expect(f.readDigits()._unsafeUnwrap()).toBe(i);
      });
    } finally {
      for (const f of files) f.close();
    }
    expect(fdCount()).toBe(base);
  });

  /** Contents near the kernel's formats (as in fd-reader-digits.property.test.ts), and longer. */
  const content = fc.oneof(
    fc.string({ unit: fc.constantFrom('0', '1', '9', '\n'), maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('1', '7', '\n', ' ', 'm', 'a', 'x'), maxLength: 12 }),
    fc.constantFrom('', '\n', 'max\n', '12\n', ' 12\n', '12\n\n', '9223372036854771712\n'),
    fc
      .array(fc.nat({ max: 4_000_000 }), { maxLength: 400 })
      .map((pids) => pids.map((p) => `${p}\n`).join('')),
  );

  it('every read through a batch equals a read on its own, whatever the content did since', () => {
    fc.assert(
      fc.property(content, content, fc.constantFrom('read', 'digits', 'lines'), (a, b, how) => {
        const path = fileWith(a);
        const file = KeptOpenFile.open(path)._unsafeUnwrap();
        try {
          file.read();
          writeFileSync(path, Buffer.from(b, 'latin1'));
          ranBatch((batch) => file.queueRead(batch));
          const read = (f: KeptOpenFile) =>
            how === 'read' ? f.read() : how === 'digits' ? f.readDigits() : f.readLineCount();
          const batched = read(file)._unsafeUnwrap();
          // Taken once: this second read is an ordinary one, of the same content.
          expect(batched).toBe(read(file)._unsafeUnwrap());
          if (how === 'read') expect(batched).toBe(b);
        } finally {
          file.close();
          rmSync(path);
        }
      }),
      { numRuns: 300 },
    );
  });
});
