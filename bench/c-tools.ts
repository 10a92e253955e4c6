// Build the C baselines of bench/c with the system compiler, into a temporary directory that is
// removed on exit (nothing compiled is ever written into the repository).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let outDir: string | undefined;
const built = new Map<string, string>();

function compiler(): string | undefined {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang']) {
    if (cc && spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0) return cc;
  }
  return undefined;
}

/** The path of the compiled `bench/c/<name>.c`, or why it could not be built. */
export function buildC(name: string): { ok: true; path: string } | { ok: false; reason: string } {
  const cached = built.get(name);
  if (cached !== undefined) return { ok: true, path: cached };
  const cc = compiler();
  if (cc === undefined) return { ok: false, reason: 'no C compiler (cc, gcc or clang) found' };
  const source = fileURLToPath(new URL(`./c/${name}.c`, import.meta.url));
  const out = join(scratchDir(), name);
  const result = spawnSync(cc, ['-O2', '-Wall', '-o', out, source], { encoding: 'utf8' });
  if (result.status !== 0) {
    return {
      ok: false,
      reason: `${cc} failed on ${name}.c: ${result.stderr.trim().slice(0, 300)}`,
    };
  }
  built.set(name, out);
  return { ok: true, path: out };
}

/** Where temporary files of the C baselines may go (created on first use, removed on exit). */
export function scratchDir(): string {
  if (outDir === undefined) {
    outDir = mkdtempSync(join(tmpdir(), 'evictkit-bench-c-'));
    const dir = outDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return outDir;
}
