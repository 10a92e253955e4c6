import { defineConfig } from 'tsup';

// One entry per public subpath (see package.json "exports").
export const entries = {
  index: 'src/index.ts',
  'signals/index': 'src/signals/index.ts',
  'thresholds/index': 'src/thresholds/index.ts',
  'ranking/index': 'src/ranking/index.ts',
  'oom/index': 'src/oom/index.ts',
  'platform/index': 'src/platform/index.ts',
  'platform/linux/index': 'src/platform/linux/index.ts',
  'manager/index': 'src/manager/index.ts',
  'simulation/index': 'src/simulation/index.ts',
};

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
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
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'node20',
    platform: 'node',
    noExternal: [/^(?!@kubernetes\/client-node)/],
    external: ['@kubernetes/client-node'],
    // Bundled CommonJS dependencies (picocolors, yaml) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __evictkitRequire } from 'node:module'; const require = __evictkitRequire(import.meta.url);",
    },
  },
]);
