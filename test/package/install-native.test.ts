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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/install-native.cjs, run in a scratch package with a stand-in node-gyp that prints a
// build's worth of output: the terminal gets one line, the log file gets everything.
const script = fileURLToPath(new URL('../../scripts/install-native.cjs', import.meta.url));
const scratches: string[] = [];
afterEach(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Setup {
  /** What the stand-in node-gyp prints (to both streams) before exiting with `status`. */
  lines: number;
  status: number;
  stderrLine?: string;
  /** Whether node-gyp-build then finds a loadable addon. */
  addonLoads: boolean;
}

function scratchPackage(s: Setup): string {
  const dir = mkdtempSync(join(tmpdir(), 'evictkit-install-native-'));
  scratches.push(dir);
  mkdirSync(join(dir, 'scripts'));
  cpSync(script, join(dir, 'scripts', 'install-native.cjs'));
  writeFileSync(join(dir, 'package.json'), '{"name":"evictkit"}');
  const gyp = join(dir, 'node_modules', 'node-gyp', 'bin');
  mkdirSync(gyp, { recursive: true });
  writeFileSync(
    join(gyp, 'node-gyp.js'),
    `for (let i = 0; i < ${s.lines}; i++) { console.log('gyp info line ' + i); console.error('gyp warn line ' + i); }
     ${s.stderrLine ? `console.error(${JSON.stringify(s.stderrLine)});` : ''}
     require('fs').mkdirSync('build', { recursive: true });
     process.exit(${s.status});`,
  );
  const ngb = join(dir, 'node_modules', 'node-gyp-build');
  mkdirSync(ngb);
  writeFileSync(
    join(ngb, 'index.js'),
    s.addonLoads
      ? `module.exports = () => ({ watchPsi() {} });`
      : `module.exports = () => { throw new Error('No native build was found'); };`,
  );
  return dir;
}

function install(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'install-native.cjs'), '--force'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 15_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l !== '');
  return { status: r.status, lines };
}

describe.skipIf(process.platform !== 'linux')('scripts/install-native.cjs', () => {
  it('a failed build prints one line: why, the fallback, what to run, the log', () => {
    const dir = scratchPackage({
      lines: 150,
      status: 1,
      stderrLine: 'gyp ERR! stack Error: Could not find any Python installation to use',
      addonLoads: false,
    });
    const r = install(dir);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    const line = r.lines[0] ?? '';
    expect(line).toContain('evictkit: native notifier not built (python3 is missing)');
    expect(line).toContain('the polling notifier will be used');
    expect(line).toContain('&& npm rebuild evictkit');
    const log = join(dir, 'build', 'native-build.log');
    expect(line).toContain(`(full log: ${log})`);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('gyp info line 149');
    expect(text).toContain('gyp warn line 149');
    expect(text).toContain('Could not find any Python');
  });

  it('names the npm approval step where npm has an install-script policy', () => {
    const dir = scratchPackage({ lines: 3, status: 2, addonLoads: false });
    const withPolicy = install(dir, { npm_config_allow_scripts: '' });
    expect(withPolicy.lines).toHaveLength(1);
    expect(withPolicy.lines[0]).toContain(
      'npm install-scripts approve evictkit && npm rebuild evictkit',
    );
    expect(withPolicy.lines[0]).toContain('(node-gyp exited with 2)');
    const without = install(dir);
    expect(without.lines[0]).not.toContain('install-scripts');
  });

  it('a successful build prints one line and keeps the log', () => {
    const dir = scratchPackage({ lines: 200, status: 0, addonLoads: true });
    const r = install(dir);
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      'evictkit: native notifier built from source (build/Release/evictkit_notifier.node)',
    ]);
    expect(existsSync(join(dir, 'build', 'native-build.log'))).toBe(true);
  });

  it('prints nothing when a build or prebuild already loads (no --force)', () => {
    const dir = scratchPackage({ lines: 200, status: 1, addonLoads: true });
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'install-native.cjs')], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toBe('');
  });
});
