import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Issue 11 (CLI part), pinned through the real executable: every case here failed before the
// fix. The in-process equivalents live in main.test.ts and input.test.ts.
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/evictkit.mjs', import.meta.url));
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));
const title = built
  ? 'CLI hardening (bin/evictkit.mjs over dist/)'
  : 'CLI hardening (skipped: dist/cli/main.js is missing; run `npm run build`)';

const work = mkdtempSync(join(tmpdir(), 'evictkit-hardening-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function evictkit(args: string[], input = '') {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10_000,
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const oneLine = (text: string) => text.endsWith('\n') && text.split('\n').length === 2;

describe.skipIf(!built)(title, () => {
  describe('usage errors: one line, exit 2', () => {
    const cases: [string, string[], string][] = [
      [
        'an unknown option',
        ['config', '--bogus'],
        "error: unknown option '--bogus' (see 'evictkit config --help')\n",
      ],
      [
        'a missing option value',
        ['config', '--memory'],
        "error: option '--memory' needs a value (see 'evictkit config --help')\n",
      ],
      [
        'a value given to a switch',
        ['config', '--json=yes'],
        "error: option '--json' does not take a value (see 'evictkit config --help')\n",
      ],
      [
        'an unknown command',
        ['frobnicate'],
        "error: unknown command 'frobnicate' (see 'evictkit --help')\n",
      ],
    ];
    for (const [name, args, line] of cases) {
      it(name, () => {
        const r = evictkit(args);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(line);
      });
    }

    it("never shows parseArgs' own text", () => {
      const r = evictkit(['config', '--bogus']);
      expect(r.stderr).not.toMatch(/positional argument|To specify|ERR_PARSE_ARGS/);
    });

    it('with --json (or -o json), the usage error is a JSON document on stdout', () => {
      for (const args of [
        ['config', '--bogus', '--json'],
        ['config', '-o', 'json', '--bogus'],
        ['config', '--output=json', '--memory'],
      ]) {
        const r = evictkit(args);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe('');
        const doc = JSON.parse(r.stdout);
        expect(doc.version).toBe(1);
        expect(doc.error.code).toBe('usage');
        expect(doc.error.message).toMatch(
          /^(unknown option '--bogus'|option '--memory' needs a value)$/,
        );
      }
    });
  });

  it('--version prints the version, exit 0', () => {
    const r = evictkit(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^evictkit \d+\.\d+\.\d+/);
  });

  describe('input errors: one line, exit 1', () => {
    it('a YAML error names the line and the column', () => {
      const file = join(work, 'bad.yaml');
      writeFileSync(file, `${header}evictionHard:\n  memory.available: [100Mi\n`);
      const r = evictkit(['config', file]);
      expect(r.status).toBe(1);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/line \d+, column \d+/);
    });

    it('a missing file says "cannot read" (code unreadable), not "invalid configuration"', () => {
      const r = evictkit(['config', join(work, 'missing.yaml')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^error: cannot read .*missing\.yaml: no such file\n$/);
      expect(r.stderr).not.toContain('invalid configuration');
      const json = evictkit(['config', join(work, 'missing.yaml'), '--json']);
      expect(JSON.parse(json.stdout).error.code).toBe('unreadable');
    });

    it('a bad quantity says it is not a quantity (no regular expression)', () => {
      const file = join(work, 'quantity.yaml');
      writeFileSync(file, `${header}evictionHard:\n  memory.available: 10Mo\n`);
      const r = evictkit(['config', file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('"10Mo" is not a quantity');
      expect(r.stderr).not.toContain('regular expression');
    });

    it('/dev/zero is refused at once (only regular files are read)', () => {
      const start = Date.now();
      const r = evictkit(['config', '/dev/zero']);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        "error: cannot read /dev/zero: not a regular file (a character device); to read a stream, pipe it to '-'\n",
      );
      expect(Date.now() - start).toBeLessThan(8000);
    });

    it('a FIFO path does not block', () => {
      const fifo = join(work, 'fifo');
      const made = spawnSync('mkfifo', [fifo]);
      if (made.status !== 0) return; // no mkfifo here: nothing to test
      const r = evictkit(['config', fifo]);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('not a regular file (a FIFO)');
    });

    it('a file over the 4 MiB configuration limit is refused', () => {
      const file = join(work, 'huge.yaml');
      writeFileSync(file, `${header}# ${'x'.repeat(4 * 1024 * 1024)}\n`);
      const r = evictkit(['config', file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^error: cannot read .*huge\.yaml: larger than the 4 MiB limit for a kubelet configuration\n$/,
      );
    });

    it('stdin over the limit is refused too', () => {
      const r = evictkit(['config', '-'], `${header}# ${'x'.repeat(4 * 1024 * 1024)}\n`);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'error: cannot read standard input: larger than the 4 MiB limit for a kubelet configuration\n',
      );
    });
  });
});
