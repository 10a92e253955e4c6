import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/consumer-check.mjs over a tarball of the current dist/ (packed without scripts, so
// without rebuilding): the packed package installed offline into a fresh project and compiled
// with tsc --strict under nodenext (.mts and .cts), bundler and node10, then loaded in both
// formats. .ci/run runs the same script over the real `npm pack` output (with the prebuilds).
const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist', 'index.d.ts'));
const scratch = mkdtempSync(join(tmpdir(), 'evictkit-consumer-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!built)('the packed package in a consumer project', () => {
  it('installs offline, type-checks under nodenext, bundler and node10, and loads', () => {
    const pack = spawnSync(
      'npm',
      ['pack', '--ignore-scripts', '--pack-destination', scratch, '--loglevel=error'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const check = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'consumer-check.mjs'), '--tarball', join(scratch, tarball ?? '')],
      { cwd: root, encoding: 'utf8', timeout: 170_000 },
    );
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    expect(check.stdout).toContain('consumer-check: all checks passed');
  }, 180_000);
});
