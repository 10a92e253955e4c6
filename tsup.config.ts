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
  'manager/index': 'src/manager/index.ts',
  'cli/main': 'src/cli/main.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  platform: 'node',
});
