import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_LIMIT, readRegularFile, readStream } from '../../src/cli/input';

const work = mkdtempSync(join(tmpdir(), 'evictkit-input-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const small = { bytes: 16, what: 'a test input' };

describe('readRegularFile', () => {
  it('reads a regular file, dropping a byte-order mark', () => {
    const file = join(work, 'bom.yaml');
    writeFileSync(file, '\ufeffkind: X\n');
    expect(readRegularFile(file, CONFIG_LIMIT)._unsafeUnwrap()).toBe('kind: X\n');
  });

  const cases: [string, string, string, string][] = [
    ['a missing file', join(work, 'missing'), 'not-found', 'no such file'],
    ['a directory', work, 'not-regular', 'not a regular file (a directory)'],
    ['/dev/zero', '/dev/zero', 'not-regular', 'not a regular file (a character device)'],
    ['/dev/null', '/dev/null', 'not-regular', 'not a regular file (a character device)'],
    ['an empty path', '', 'not-found', 'no such file'],
  ];
  it.each(cases)('refuses %s', (_name, path, reason, text) => {
    const result = readRegularFile(path, CONFIG_LIMIT);
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'unreadable', reason });
    expect(error.message).toContain(text);
    expect(error.message.startsWith(`cannot read ${path}: `)).toBe(true);
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = join(work, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const start = Date.now();
    const error = readRegularFile(fifo, CONFIG_LIMIT)._unsafeUnwrapErr();
    expect(error.reason).toBe('not-regular');
    expect(error.message).toContain('(a FIFO)');
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('refuses a file over the limit, and takes one exactly at it', () => {
    const file = join(work, 'limit');
    writeFileSync(file, 'x'.repeat(16));
    expect(readRegularFile(file, small)._unsafeUnwrap()).toHaveLength(16);
    writeFileSync(file, 'x'.repeat(17));
    expect(readRegularFile(file, small)._unsafeUnwrapErr()).toMatchObject({
      reason: 'too-large',
      message: `cannot read ${file}: larger than the 16 bytes limit for a test input`,
    });
  });
});

describe('readStream', () => {
  it('reads to the end', async () => {
    const r = await readStream(Readable.from([Buffer.from('ab'), Buffer.from('c')]), small);
    expect(r._unsafeUnwrap()).toBe('abc');
  });

  it('stops past the limit (an endless stream does not fill memory)', async () => {
    let chunks = 0;
    const endless = new Readable({
      read() {
        chunks++;
        this.push(Buffer.alloc(8, 'x'));
      },
    });
    const r = await readStream(endless, small);
    expect(r._unsafeUnwrapErr()).toMatchObject({
      reason: 'too-large',
      message: 'cannot read standard input: larger than the 16 bytes limit for a test input',
    });
    expect(chunks).toBeLessThan(10);
  });
});
