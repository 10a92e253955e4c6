import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../../types';
import { isNotifierAddon, type NotifierAddon } from './addon';

/** Environment variable naming an addon file to load instead of the package's own (ASan builds). */
export const NATIVE_ADDON_ENV = 'EVICTKIT_NATIVE_ADDON';

let cached: Result<NotifierAddon, PlatformError> | undefined;

/**
 * The directory of this module's file. Always from `import.meta.url`: in the CommonJS build
 * tsup's shims turn it into the module's own `__filename` (tsup.config.ts `shims`). A global
 * `__dirname` is not ours to trust: `node -e` defines one ('.'), and so do some hosts.
 */
function moduleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** The evictkit package root: the nearest ancestor holding binding.gyp and our package.json. */
export function findPackageRoot(start: string = moduleDir()): string | undefined {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(join(dir, 'binding.gyp')) && existsSync(pkg)) {
      try {
        const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
        if (name === 'evictkit') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function unavailable(reason: string): PlatformError {
  return {
    code: 'unsupported',
    message:
      `the native notifier addon is not available (${reason}); to build it, install python3, ` +
      'make and a C++17 compiler, then run `npm rebuild evictkit` (npm with an install-script ' +
      'policy first needs `npm install-scripts approve evictkit`; the build log is ' +
      'node_modules/evictkit/build/native-build.log)',
  };
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

/**
 * Load the addon once per process (prebuilds/, then build/Release via node-gyp-build, or the
 * file named by EVICTKIT_NATIVE_ADDON). Never throws; the error says why and what to do.
 */
export function loadNotifierAddon(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Result<NotifierAddon, PlatformError> {
  if (cached !== undefined) return cached;
  cached = loadUncached(env);
  return cached;
}

function loadUncached(
  env: Readonly<Record<string, string | undefined>>,
): Result<NotifierAddon, PlatformError> {
  if (process.platform !== 'linux') {
    return err({ code: 'unsupported', message: `no native notifier on ${process.platform}` });
  }
  let loaded: unknown;
  const override = env[NATIVE_ADDON_ENV];
  try {
    const here = moduleDir();
    const req = createRequire(join(here, 'loader.js'));
    if (override !== undefined && override !== '') {
      loaded = req(override);
    } else {
      const root = findPackageRoot(here);
      if (root === undefined) return err(unavailable(`package root not found from ${here}`));
      const load = req('node-gyp-build') as (dir: string) => unknown;
      loaded = load(root);
    }
  } catch (e) {
    return err(unavailable(firstLine(e)));
  }
  if (!isNotifierAddon(loaded)) {
    return err(unavailable('the loaded file is not an evictkit notifier of this version'));
  }
  return ok(loaded);
}

/** Tests only: forget the cached load result. */
export function _resetNotifierAddonCacheForTests(): void {
  cached = undefined;
}
