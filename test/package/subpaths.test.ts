import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedExports, expectedTypesVersions, subpaths } from '../../scripts/subpaths';
import { entries } from '../../tsup.config';

// One list (the tsup entries) decides the public subpaths; package.json must agree with it, so a
// subpath added to the build cannot be left out of "exports" (node16/bundler) or "typesVersions"
// (node10). `npm run sync:exports` rewrites both from tsup.config.ts.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
  typesVersions?: unknown;
  types: string;
  main: string;
  module: string;
};
const hint = 'package.json is out of step with tsup.config.ts: run `npm run sync:exports`';
const rootBarrel = readFileSync(new URL('../../src/index.ts', import.meta.url), 'utf8');

describe('public subpaths', () => {
  const list = subpaths();

  it('are the tsup entries named index', () => {
    expect(list.map((s) => s.key)).toContain('.');
    expect(list.map((s) => s.key)).toContain('./platform/linux');
    for (const s of list) expect(entries).toHaveProperty([s.stem]);
  });

  it('each has an "exports" entry of the standard shape, and nothing else is exported', () => {
    expect(pkg.exports, hint).toEqual(expectedExports(list));
  });

  it('each has a "typesVersions" entry for node10 resolution', () => {
    expect(pkg.typesVersions, hint).toEqual(expectedTypesVersions(list));
  });

  it('the legacy root fields point at the root entry', () => {
    expect(pkg.main).toBe('./dist/index.cjs');
    expect(pkg.module).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
  });

  it.each(list.filter((s) => s.key !== '.'))('$key has its barrel (src/$stem)', ({ stem }) => {
    expect(existsSync(new URL(`../../src/${stem}.ts`, import.meta.url))).toBe(true);
  });

  // The root barrel re-exports every subpath except the Linux platform (ARCHITECTURE.md).
  it.each(list.filter((s) => s.key !== '.' && s.key !== './platform/linux'))(
    '$key is re-exported from src/index.ts',
    ({ stem }) => {
      expect(rootBarrel).toContain(`'./${stem}'`);
    },
  );
});
