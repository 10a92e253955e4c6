#!/usr/bin/env node
// Installs the packed evictkit into a fresh consumer project, offline, and checks it as a user
// would meet it:
//  - types: `tsc --strict` without skipLibCheck on an ES module (.mts) and a CommonJS (.cts) file
//    under module nodenext, and on a file under moduleResolution bundler and node10; each imports
//    every subpath in package.json "exports" and uses the Pod types in ways that fail to compile
//    if they were `any` (so an unresolvable `kubernetes-types` import in a .d.ts cannot hide);
//  - runtime: every subpath imports (ESM) and requires (CJS), and on linux the native notifier
//    loads from the tarball's prebuild without any install script.
//
// Usage: node scripts/consumer-check.mjs [--tarball evictkit-x.y.z.tgz] [--keep] [--no-runtime]
//   Without --tarball it runs `npm pack` (which runs prepack: build, prebuilds).
// Dependencies come from the local npm cache (`npm install --offline`): run `npm ci` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const runtime = !args.includes('--no-runtime');
const tarballArg = args.includes('--tarball') ? args[args.indexOf('--tarball') + 1] : undefined;
const require = createRequire(join(root, 'package.json'));
const tsc = require.resolve('typescript/bin/tsc');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const typesNodeVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', '@types', 'node', 'package.json'), 'utf8'),
).version;

const work = mkdtempSync(join(tmpdir(), 'evictkit-consumer-'));
const failures = [];
const log = (m) => console.log(`consumer-check: ${m}`);

function run(cmd, argv, opts = {}) {
  return spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
}

function check(name, r) {
  if (r.status === 0) {
    log(`ok    ${name}`);
    return;
  }
  log(`FAIL  ${name}`);
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error}\n` : ''}`.split('\n');
  process.stdout.write(`${out.slice(0, 60).join('\n')}\n${out.length > 60 ? '...\n' : ''}`);
  failures.push(name);
}

try {
  // 1. The tarball.
  let tarball = tarballArg && resolve(tarballArg);
  if (tarball === undefined) {
    log('npm pack (prepack builds dist/ and the prebuilds)');
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    tarball = join(work, JSON.parse(out)[0].filename);
  }

  // 2. The consumer project; evictkit and its dependencies from the npm cache, no scripts.
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  // A lockfile for the consumer, from the repository's: exact versions, and tarballs that
  // `npm ci` in this repository put into the npm cache, so that the install needs no registry.
  const tgz = join(app, 'evictkit.tgz');
  execFileSync('cp', [tarball, tgz]);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
  const wanted = { evictkit: 'file:evictkit.tgz', '@types/node': typesNodeVersion };
  const packages = {
    '': { name: 'evictkit-consumer', version: '1.0.0', dependencies: wanted },
    'node_modules/evictkit': {
      version: pkg.version,
      resolved: 'file:evictkit.tgz',
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
      engines: pkg.engines,
      bin: pkg.bin,
      hasInstallScript: true,
    },
  };
  const queue = [...Object.keys(pkg.dependencies), '@types/node'];
  while (queue.length > 0) {
    const name = queue.shift();
    const key = `node_modules/${name}`;
    if (packages[key] !== undefined) continue;
    const entry = lock[key];
    if (entry === undefined) throw new Error(`${name} is not in package-lock.json`);
    const { dev, devOptional, peer, ...kept } = entry;
    packages[key] = kept;
    queue.push(...Object.keys(entry.dependencies ?? {}));
    // Optional ones where this machine has them (platform-specific builds that were skipped
    // are absent from the lockfile's tree too).
    for (const o of Object.keys(entry.optionalDependencies ?? {})) {
      if (lock[`node_modules/${o}`] !== undefined) queue.push(o);
    }
    // Nested copies (node_modules/<name>/node_modules/...) go along.
    for (const k of Object.keys(lock)) {
      if (k.startsWith(`${key}/node_modules/`)) packages[k] = lock[k];
    }
  }
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'evictkit-consumer',
      version: '1.0.0',
      private: true,
      dependencies: wanted,
    }),
  );
  writeFileSync(
    join(app, 'package-lock.json'),
    JSON.stringify(
      { name: 'evictkit-consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages },
      null,
      2,
    ),
  );
  const install = run(
    'npm',
    ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: app },
  );
  check('npm ci --offline (the packed evictkit, dependencies from the npm cache)', install);
  if (install.status !== 0) throw new Error('install failed');

  // 3. Sources: every subpath, plus uses of Pod that only compile if Pod is a real type.
  const subpaths = Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? 'evictkit' : `evictkit/${k.slice(2)}`));
  const imports = subpaths.map((s, i) => `import * as m${i} from '${s}';`).join('\n');
  const body = `${imports}
import type { Pod } from 'evictkit/ranking';
import { admitPod } from 'evictkit/thresholds';
import { qosClass } from 'evictkit';

export const modules = [${subpaths.map((_, i) => `m${i}`).join(', ')}];
for (const m of modules) {
  // @ts-expect-error a module namespace is not a number (fails if a subpath's types were any)
  const n: number = m;
  void n;
}

const pod: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } };
export const qos: 'Guaranteed' | 'Burstable' | 'BestEffort' = qosClass(pod);
// @ts-expect-error containers is an array of containers (fails if Pod were any)
export const bad: Pod = { spec: { containers: 'c' } };
// @ts-expect-error a pod's name is a string (fails if kubernetes-types did not resolve)
admitPod({ metadata: { name: 1 } }, []);
`;
  writeFileSync(join(app, 'esm.mts'), body);
  writeFileSync(join(app, 'cjs.cts'), body);
  writeFileSync(join(app, 'bundler.ts'), body);
  writeFileSync(join(app, 'node10.ts'), body);
  const strict = {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    target: 'es2022',
    lib: ['es2023'],
    types: ['node'],
  };
  const configs = {
    'nodenext (.mts and .cts)': {
      compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext' },
      files: ['esm.mts', 'cjs.cts'],
    },
    bundler: {
      compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' },
      files: ['bundler.ts'],
    },
    'node10 (typesVersions)': {
      // esModuleInterop: zod's own CommonJS declarations need it under node10.
      compilerOptions: {
        ...strict,
        module: 'commonjs',
        moduleResolution: 'node10',
        esModuleInterop: true,
      },
      files: ['node10.ts'],
    },
  };
  for (const [name, config] of Object.entries(configs)) {
    const file = `tsconfig.${name.split(' ')[0]}.json`;
    writeFileSync(join(app, file), JSON.stringify(config, null, 2));
    check(`tsc --strict, ${name}`, run(process.execPath, [tsc, '-p', file], { cwd: app }));
  }

  // 4. Runtime: every subpath loads in both formats; the prebuild loads with no install script.
  if (runtime) {
    const names = JSON.stringify(subpaths);
    const probe = `
      const failed = [];
      for (const [name, m] of loaded) if (Object.keys(m).length === 0) failed.push(name);
      if (failed.length) { console.error('empty: ' + failed.join(', ')); process.exit(1); }
      if (${JSON.stringify(existsSync(join(app, 'node_modules', 'evictkit', 'prebuilds', `${process.platform}-${process.arch}`)))}) {
        const platform = loaded.find(([n]) => n === 'evictkit/platform')[1];
        const r = platform.createNotifier({ backend: 'native' });
        if (r.isErr()) { console.error(r.error.message); process.exit(1); }
      }`;
    writeFileSync(
      join(app, 'run.mjs'),
      `const loaded = [];\nfor (const n of ${names}) loaded.push([n, await import(n)]);\n${probe}`,
    );
    writeFileSync(
      join(app, 'run.cjs'),
      `const loaded = ${names}.map((n) => [n, require(n)]);\n${probe}`,
    );
    const env = { ...process.env, EVICTKIT_NATIVE_ADDON: '', EVICTKIT_NOTIFIER: '' };
    check('import every subpath (ESM)', run(process.execPath, ['run.mjs'], { cwd: app, env }));
    check('require every subpath (CJS)', run(process.execPath, ['run.cjs'], { cwd: app, env }));
  }
} catch (e) {
  if (failures.length === 0) failures.push(String(e));
  console.error(e);
} finally {
  if (keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  log(`${failures.length} check(s) failed: ${failures.join('; ')}`);
  process.exit(1);
}
log('all checks passed');
