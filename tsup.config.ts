import { defineConfig } from 'tsup';

// One entry per public subpath (see package.json "exports") plus the CLI.
export const entries = {
  index: 'src/index.ts',
  'signals/index': 'src/signals/index.ts',
  'thresholds/index': 'src/thresholds/index.ts',
  'ranking/index': 'src/ranking/index.ts',
  'oom/index': 'src/oom/index.ts',
  'platform/index': 'src/platform/index.ts',
  'platform/linux/index': 'src/platform/linux/index.ts',
  'cli/main': 'src/cli/main.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps in the package: they would double its size and point at sources it does not
  // ship. Debug against src/ (vitest and tsx run the TypeScript directly).
  sourcemap: false,
  // Lets src/platform/linux/native/loader.ts use import.meta.url in both formats (the CJS build
  // gets the module's own __filename in its place).
  shims: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  platform: 'node',
});
