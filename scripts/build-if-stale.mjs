#!/usr/bin/env node
// npm "prepare" step: build dist/ with tsup unless it was already built from exactly these sources.
//
// Why: `npx evictkit …` inside a checkout installs the checkout into npm's npx cache as a link,
// and npm then runs the link's lifecycle scripts again; a full tsup build (declarations
// included) costs a minute on a busy two-core machine, so the README's first command,
// `npm ci && npx evictkit demo`, would build twice. The stamp is a hash of every build input's
// path and content; it lives under node_modules/.cache, so it is never packed and a fresh
// `npm ci` (which empties node_modules) always builds. `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'node_modules', '.cache', 'evictkit', 'dist-stamp');
const inputs = ['src', 'tsup.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
// Files whose presence says dist/ is complete (a build interrupted half-way leaves gaps).
const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli/main.js'];

function* files(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return;
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    yield path; // a file
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = join(path, e.name);
    if (e.isDirectory()) yield* files(child);
    else if (e.isFile()) yield child;
  }
}

function inputHash() {
  const hash = createHash('sha256');
  hash.update(process.version.split('.')[0] ?? '');
  for (const input of inputs) {
    for (const file of files(input)) {
      hash.update(`${relative(root, join(root, file))}\0`);
      hash.update(readFileSync(join(root, file)));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

const hash = inputHash();
const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (stamp === hash && outputs.every((f) => existsSync(join(root, f)))) {
  console.log('evictkit: dist/ is up to date with src/ (npm run build rebuilds it anyway)');
  process.exit(0);
}

const npm = process.env.npm_execpath;
const build = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: true });
if (build.status !== 0) process.exit(build.status ?? 1);
mkdirSync(dirname(stampFile), { recursive: true });
writeFileSync(stampFile, `${hash}\n`);
