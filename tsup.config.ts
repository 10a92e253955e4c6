import { defineConfig } from 'tsup';

// One entry per public subpath (see package.json "exports").
export const entries = {
  index: 'src/index.ts',
  'signals/index': 'src/signals/index.ts',
  'thresholds/index': 'src/thresholds/index.ts',
  'ranking/index': 'src/ranking/index.ts',
  'oom/index': 'src/oom/index.ts',
  'disruption/index': 'src/disruption/index.ts',
  'preemption/index': 'src/preemption/index.ts',
  'podgc/index': 'src/podgc/index.ts',
  'platform/index': 'src/platform/index.ts',
  'platform/linux/index': 'src/platform/linux/index.ts',
  'manager/index': 'src/manager/index.ts',
  'simulation/index': 'src/simulation/index.ts',
  'taints/index': 'src/taints/index.ts',
};

/**
 * zod's `z` namespace carries every translation of its error messages (`z.locales` and
 * `z.core.locales`, about 40 modules); the CLI shows only evictkit's own English messages, and zod keeps English through
 * its default `config(en())`. Leaving the translations out of the CLI bundle makes every
 * command start faster. The library build is untouched.
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build: {
    onResolve(o: { filter: RegExp }, f: (a: { importer: string }) => unknown): void;
    onLoad(o: { filter: RegExp; namespace: string }, f: () => unknown): void;
  }) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'evictkit-empty' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'evictkit-empty' }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps in the package: they would double its size and point at sources it does not
    // ship. Debug against src/ (vitest and tsx run the TypeScript directly).
    sourcemap: false,
    // Lets src/platform/linux/native/loader.ts use import.meta.url in both formats (the CJS build
    // gets the module's own __filename in its place).
    shims: true,
    // The CLI build below owns dist/cli.
    clean: ['!cli/**'],
    splitting: true,
    treeshake: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // The `evictkit` command (bin/evictkit.mjs): ES module only, with its dependencies bundled
    // in, so that it starts by reading a few files instead of resolving hundreds (zod alone is
    // about a hundred modules). Each command is a chunk of its own, loaded when it runs.
    // @kubernetes/client-node stays outside: an optional peer, imported only by
    // `explain --kubeconfig`.
    entry: { main: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'node20',
    platform: 'node',
    noExternal: [/^(?!@kubernetes\/client-node)/],
    external: ['@kubernetes/client-node'],
    esbuildPlugins: [zodWithoutLocales],
    // Bundled CommonJS dependencies (picocolors, yaml) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __evictkitRequire } from 'node:module'; const require = __evictkitRequire(import.meta.url);",
    },
  },
]);
