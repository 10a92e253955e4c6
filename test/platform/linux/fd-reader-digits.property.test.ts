// KeptOpenFile.readDigits / readLineCount (the string-free fast paths for single-value files and
// cgroup.procs) against the text parsers they stand in for, on any file content.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCgroupValue, parseProcsCount } from '../../../src/platform/linux/cgroup-stats';
import { KeptOpenFile } from '../../../src/platform/linux/fd-reader';

const dir = mkdtempSync(join(tmpdir(), 'evictkit-fd-digits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'value');

/** Contents near the kernel's formats: digits, newlines, blanks, `max`, Latin-1 spaces. */
const content = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '9', '\n'), maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('1', '7', '\n', ' ', '\t', 'm', 'a', 'x', '\r'),
    maxLength: 12,
  }),
  fc.constantFrom('', '\n', 'max\n', '12\n', '12', ' 12\n', '12\n\n', '9223372036854771712\n'),
  fc.bigInt({ min: 0n, max: 2n ** 70n }).map((n) => `${n}\n`),
);

function both<T>(text: string, read: (f: KeptOpenFile) => T): T {
  writeFileSync(file, Buffer.from(text, 'latin1'));
  const opened = KeptOpenFile.open(file)._unsafeUnwrap();
  try {
    return read(opened);
  } finally {
    opened.close();
  }
}

describe('string-free reads agree with the text parsers', () => {
  it('readDigits = parseCgroupValue', () => {
    fc.assert(
      fc.property(content, (text) => {
        const fast = both(text, (f) => f.readDigits()._unsafeUnwrap());
        const expected = parseCgroupValue(text, file);
        if (typeof fast === 'number') expect(expected._unsafeUnwrap()).toBe(fast);
        else expect(fast).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('readLineCount = parseProcsCount', () => {
    fc.assert(
      fc.property(content, (text) => {
        const fast = both(text, (f) => f.readLineCount()._unsafeUnwrap());
        const expected = parseProcsCount(text, file);
        if (typeof fast === 'number') expect(expected._unsafeUnwrap()).toBe(fast);
        else expect(fast).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
