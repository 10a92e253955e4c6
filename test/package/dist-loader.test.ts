import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNotifierAddon } from '../../src/platform/linux/native/loader';

// The addon loader in the built ESM and CJS files finds the package (and so the addon) from
// its own file, whatever the host defines: `node -e` and some bundler/test setups put a global
// `__dirname` in scope ('.' under `node -e`), which an ES module must not take for its own.
const root = fileURLToPath(new URL('../../', import.meta.url));
const built =
  existsSync(new URL('../../dist/platform/index.js', import.meta.url)) &&
  existsSync(new URL('../../dist/platform/index.cjs', import.meta.url));
const addonBuilt = loadNotifierAddon().isOk();
const title = built
  ? 'the addon loader in dist/'
  : 'the addon loader in dist/ (skipped: dist/ is missing; run `npm run build`)';

/** Runs `script` under `node -e` (CommonJS eval, where `__dirname` is '.') and returns its JSON line. */
function run(script: string, cwd = root): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd,
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, EVICTKIT_NATIVE_ADDON: '', EVICTKIT_NOTIFIER: '' },
  });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}

const probe = (load: string): string => `
  ${load}.then((m) => {
    const r = m.createNotifier({ backend: 'native' });
    console.log(JSON.stringify(r.isOk() ? 'ok' : r.error));
    if (r.isOk()) r.value.close?.();
  }).catch((e) => { console.log(JSON.stringify({ threw: e.code ?? String(e) })); });
`;

const esm = `import(${JSON.stringify(`${root}dist/platform/index.js`)})`;
const cjs = `Promise.resolve(require(${JSON.stringify(`${root}dist/platform/index.cjs`)}))`;

describe.skipIf(!built || process.platform !== 'linux')(title, () => {
  const expected = addonBuilt ? 'ok' : undefined;
  const cases: Array<[string, string, string]> = [
    ['ESM build, __dirname is "." (node -e)', '', esm],
    ['ESM build, a global __dirname of "/"', 'globalThis.__dirname = "/";', esm],
    ['ESM build, a relative global __dirname', 'globalThis.__dirname = "relative";', esm],
    ['CJS build, __dirname is "." (node -e)', '', cjs],
    ['CJS build, a relative global __dirname', 'globalThis.__dirname = "relative";', cjs],
  ];
  it.each(cases)('%s: createNotifier({ backend: "native" }) loads the addon', (_, pre, load) => {
    const r = run(`${pre}${probe(load)}`);
    expect(r.status, r.err).toBe(0);
    const result = JSON.parse(r.out) as unknown;
    expect(result).not.toHaveProperty('threw');
    if (expected !== undefined) expect(result).toBe(expected);
    else expect(result).toMatchObject({ code: 'unsupported' });
  });

  // watchMemory creates its notifier on first use, through the same loader.
  it('ESM build, __dirname is "." (node -e): LinuxPlatform.watchMemory does not throw', () => {
    const linux = JSON.stringify(`${root}dist/platform/linux/index.js`);
    const r = run(`
      import(${linux}).then((m) => {
        const p = m.createLinuxPlatform();
        if (p.isErr()) { console.log(JSON.stringify({ platform: p.error.code })); return; }
        const w = p.value.watchMemory({ bytes: 1n << 50n });
        console.log(JSON.stringify(w.isOk() ? 'ok' : w.error));
        p.value.close();
      }).catch((e) => { console.log(JSON.stringify({ threw: e.code ?? String(e) })); });
    `);
    expect(r.status, r.err).toBe(0);
    expect(JSON.parse(r.out) as unknown).not.toHaveProperty('threw');
  });

  it('loads from another working directory too', () => {
    const r = run(probe(esm), '/');
    expect(r.status, r.err).toBe(0);
    if (expected !== undefined) expect(JSON.parse(r.out)).toBe(expected);
  });
});
