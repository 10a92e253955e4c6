import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputLimit } from '../../src/cli/input';
import { run } from '../../src/cli/main';
import { cli, fakeIo } from './support';

// `evictkit drain-plan` follows the conventions every command shares (args.ts, input.ts,
// failure.ts, style.ts): one-line usage errors pointing at --help, exit 1/2, failures as JSON
// under --json / -o json, only regular files (or "-") read, within a size limit, colour only on
// a terminal without NO_COLOR.

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/drain/${name}`, import.meta.url));
const base = [
  'drain-plan',
  '--node',
  'worker-2',
  '--pods',
  fixture('pods.json'),
  '--pdbs',
  fixture('pdbs.json'),
  '--now',
  '2024-05-01T10:00:00Z',
];
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ANSI = /\x1b\[/;

const scratch = mkdtempSync(join(tmpdir(), 'evictkit-drain-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('evictkit drain-plan: shared CLI conventions', () => {
  it('a usage error is one line pointing at the command help, exit 2', async () => {
    const r = await cli(['drain-plan', '--node', 'n', '--pdbs', 'b']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: --pods is required (see 'evictkit drain-plan --help')\n",
    });
    const unknown = await cli([...base, '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "error: unknown option '--bogus' (see 'evictkit drain-plan --help')\n",
    );
    const value = await cli([...base, '--force=yes']);
    expect(value.stderr).toBe(
      "error: option '--force' does not take a value (see 'evictkit drain-plan --help')\n",
    );
    const extra = await cli([...base, 'worker-3']);
    expect(extra.stderr).toBe(
      "error: unexpected argument 'worker-3' (see 'evictkit drain-plan --help')\n",
    );
  });

  it('with --json a usage error is a JSON document on standard output', async () => {
    const r = await cli(['drain-plan', '--node', 'n', '--pdbs', 'b', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      version: 1,
      error: { code: 'usage', message: '--pods is required' },
    });
  });

  it('-o json: an unreadable input is a JSON error naming the input, exit 1', async () => {
    const r = await cli([
      ...base.slice(0, 4),
      'missing.json',
      '--pdbs',
      fixture('pdbs.json'),
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toEqual({
      code: 'unreadable',
      path: 'missing.json',
      reason: 'not-found',
      message: 'cannot read missing.json: no such file',
      input: 'pods',
    });
  });

  it('only regular files are read: a directory is refused before reading', async () => {
    const r = await cli([...base.slice(0, 4), scratch, '--pdbs', fixture('pdbs.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: cannot read ${scratch}: not a regular file (a directory); to read a stream, pipe it to '-'\n`,
    );
  });

  it('each input is read with a size limit', async () => {
    const io = fakeIo();
    const limits: [string, InputLimit][] = [];
    const readInput = io.readInput.bind(io);
    io.readInput = (path, limit) => {
      limits.push([path, limit]);
      return readInput(path, limit);
    };
    await run([...base, '--workloads', fixture('workloads.json')], io);
    expect(limits.map(([, limit]) => limit)).toEqual([
      { bytes: 256 * 1024 * 1024, what: 'a pod list' },
      { bytes: 256 * 1024 * 1024, what: 'an object list' },
      { bytes: 256 * 1024 * 1024, what: 'an object list' },
    ]);
  });

  it('colour only on a terminal, and never with NO_COLOR', async () => {
    const tty = await cli(base, { tty: true });
    expect(tty.stdout).toMatch(ANSI);
    expect((await cli(base, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await cli(base)).stdout).not.toMatch(ANSI);
    expect((await cli([...base, '--json'], { tty: true })).stdout).not.toMatch(ANSI);
  });

  it('--help and `evictkit help drain-plan` print the usage with the common options', async () => {
    const help = await cli(['drain-plan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('  -o, --output <format>  text (default) or json\n');
    expect(help.stdout).toContain('      --json             Same as -o json\n');
    expect((await cli(['help', 'drain-plan'])).stdout).toBe(help.stdout);
  });
});
