import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The package.json inside the tarball: only the install script, no `prepare` (which would make
// a consumer's package manager rebuild dist/), no repository-only allowScripts. prepack strips,
// postpack restores (scripts/pack-manifest.cjs).
const require = createRequire(import.meta.url);
const script = fileURLToPath(new URL('../../scripts/pack-manifest.cjs', import.meta.url));
const { publishedManifest } = require(script) as {
  publishedManifest(pkg: Record<string, unknown>): Record<string, unknown>;
};
const repoManifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { scripts: Record<string, string> };

const scratches: string[] = [];
afterEach(() => {
  for (const d of scratches.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the published package.json', () => {
  it('keeps only the install script and drops allowScripts', () => {
    const published = publishedManifest(repoManifest);
    expect(published['scripts']).toEqual({ install: 'node scripts/install-native.cjs' });
    expect(published).not.toHaveProperty('allowScripts');
    const { scripts: _s, allowScripts: _a, ...rest } = repoManifest;
    const { scripts: _p, ...publishedRest } = published;
    expect(publishedRest).toEqual(rest);
  });

  it('the repository keeps prepare (npm ci and git installs build dist/) and strips it on pack', () => {
    expect(repoManifest.scripts['prepare']).toBe('node scripts/build-if-stale.mjs');
    expect(repoManifest.scripts['prepack']).toMatch(/pack-manifest\.cjs strip$/);
    expect(repoManifest.scripts['postpack']).toBe('node scripts/pack-manifest.cjs restore');
  });

  it('strip then restore gives back the file byte for byte; a leftover copy is restored first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evictkit-pack-manifest-'));
    scratches.push(dir);
    mkdirSync(join(dir, 'scripts'));
    cpSync(script, join(dir, 'scripts', 'pack-manifest.cjs'));
    const original = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    writeFileSync(join(dir, 'package.json'), original);
    const run = (mode: string) =>
      spawnSync(process.execPath, [join(dir, 'scripts', 'pack-manifest.cjs'), mode], {
        encoding: 'utf8',
      });
    expect(run('strip').status).toBe(0);
    const stripped = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(stripped.scripts)).toEqual(['install']);
    // An interrupted pack: strip again without restore; the original must survive.
    expect(run('strip').status).toBe(0);
    expect(run('restore').status).toBe(0);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(original);
    expect(existsSync(join(dir, '.package.json.prepack'))).toBe(false);
  });
});
