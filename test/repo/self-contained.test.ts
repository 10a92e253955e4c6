import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A fresh clone has no ../shared: tests, examples and benchmarks read their data from inside
// the repository (test/fixtures holds copies of the shared captures, with their provenance).
const root = fileURLToPath(new URL('../../', import.meta.url));
const scanned = ['test', 'examples', 'bench', 'src', 'scripts'];
const ownPath = relative(root, fileURLToPath(import.meta.url));

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'fixtures' || entry === 'node_modules') continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|cc|cjs|mjs|mts|ts|sh)$/.test(entry)) yield path;
  }
}

describe('the repository is self-contained', () => {
  it('no source, test, example or benchmark reads ../shared', () => {
    const offenders: string[] = [];
    for (const dir of scanned) {
      for (const file of sourceFiles(join(root, dir))) {
        const rel = relative(root, file);
        if (rel === ownPath) continue;
        if (/(\.\.\/)+shared\/|\/work\/shared/.test(readFileSync(file, 'utf8')))
          offenders.push(rel);
      }
    }
    expect(offenders).toEqual([]);
  });
});
