import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The emitted declarations name only specifiers that resolve under node16/nodenext from an ES
// module: a deep import into a package without an "exports" map (kubernetes-types) must name
// the file ('kubernetes-types/core/v1.js'), or TypeScript reports TS2307 in every ESM .d.ts
// and, under skipLibCheck, silently turns the types into `any`. The full check, a real
// consumer project compiled with tsc, is scripts/consumer-check.mjs (run by .ci/run).
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = existsSync(join(dist, 'index.d.ts'));
const require = createRequire(import.meta.url);

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.d\.c?ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Bare deep specifiers (`pkg/sub/path`, `@scope/pkg/sub`) in a declaration file. */
function deepImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^'.][^']*)'/g)) {
    const spec = m[1] ?? '';
    if (spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    const nameLength = spec.startsWith('@') ? 2 : 1;
    if (parts.length > nameLength) out.push(spec);
  }
  return out;
}

function packageOf(spec: string): string {
  return spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
}

function hasExportsMap(pkg: string): boolean {
  const manifest = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as {
    exports?: unknown;
  };
  return manifest.exports !== undefined;
}

describe.skipIf(!built)('emitted declarations (dist/)', () => {
  it('deep imports into packages without an "exports" map name the .js file', () => {
    const offending: string[] = [];
    for (const file of declarationFiles(dist)) {
      for (const spec of deepImports(readFileSync(file, 'utf8'))) {
        if (!hasExportsMap(packageOf(spec)) && !/\.(c|m)?js$/.test(spec)) {
          offending.push(`${file.slice(dist.length)}: '${spec}'`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('the Pod types come from kubernetes-types through a resolvable specifier', () => {
    // Follow `Pod` from the ranking barrel to the chunk that declares it (tsup's chunking moves
    // it between files as modules are added); that chunk imports kubernetes-types by file.
    const ranking = readFileSync(join(dist, 'ranking', 'index.d.ts'), 'utf8');
    const chunk = /\b\w+ as Pod\b[^;]*from '\.\.\/([^']+)\.js'/.exec(ranking)?.[1];
    expect(chunk).toBeDefined();
    const declared = readFileSync(join(dist, `${chunk}.d.ts`), 'utf8');
    expect(declared).toContain("from 'kubernetes-types/core/v1.js'");
  });
});
