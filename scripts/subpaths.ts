// The package's public subpaths, derived from the tsup entries (tsup.config.ts): package.json's
// "exports" and "typesVersions" must list exactly these, in this shape. A new `src/<x>/index.ts`
// entry in tsup.config.ts is the one list to edit; then run `npm run sync:exports` to write
// package.json (test/package/subpaths.test.ts fails until they agree).
//
//   npx tsx scripts/subpaths.ts           print the subpaths
//   npx tsx scripts/subpaths.ts --write   rewrite "exports" and "typesVersions" in package.json
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { entries } from '../tsup.config';

export interface Subpath {
  /** '.' or './signals', as in "exports". */
  key: string;
  /** The output file stem under dist/, e.g. 'signals/index'. */
  stem: string;
}

export type ConditionalExport = {
  import: { types: string; default: string };
  require: { types: string; default: string };
};

/** Every tsup entry named `index` or `<x>/index` is a public subpath; other entries (the CLI) are not. */
export function subpaths(tsupEntries: Record<string, string> = entries): Subpath[] {
  return Object.keys(tsupEntries)
    .filter((stem) => stem === 'index' || stem.endsWith('/index'))
    .map((stem) => ({
      key: stem === 'index' ? '.' : `./${stem.slice(0, -'/index'.length)}`,
      stem,
    }));
}

/** The "exports" entry of one subpath: ESM and CJS, each with its own declarations. */
export function exportEntry({ stem }: Subpath): ConditionalExport {
  return {
    import: { types: `./dist/${stem}.d.ts`, default: `./dist/${stem}.js` },
    require: { types: `./dist/${stem}.d.cts`, default: `./dist/${stem}.cjs` },
  };
}

/** package.json "exports": every subpath, then ./package.json. */
export function expectedExports(list: Subpath[] = subpaths()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of list) out[s.key] = exportEntry(s);
  out['./package.json'] = './package.json';
  return out;
}

/**
 * package.json "typesVersions", for TypeScript's node10 resolution (moduleResolution "node"),
 * which ignores "exports": each subpath to its CommonJS declarations, since a node10 program is
 * a CommonJS one. The root needs no entry (the "types" field).
 */
export function expectedTypesVersions(list: Subpath[] = subpaths()): {
  '*': Record<string, string[]>;
} {
  const map: Record<string, string[]> = {};
  for (const s of list) {
    if (s.key !== '.') map[s.key.slice(2)] = [`./dist/${s.stem}.d.cts`];
  }
  return { '*': map };
}

const packageJson = fileURLToPath(new URL('../package.json', import.meta.url));

function write(): void {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as Record<string, unknown>;
  // Keep the field order: replace in place, add typesVersions right after "exports".
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pkg)) {
    if (k === 'typesVersions') continue;
    out[k] = v;
    if (k === 'exports') {
      out[k] = expectedExports();
      out['typesVersions'] = expectedTypesVersions();
    }
  }
  writeFileSync(packageJson, `${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) write();
  else
    for (const s of subpaths())
      console.log(s.key === '.' ? 'evictkit' : `evictkit/${s.key.slice(2)}`);
}
