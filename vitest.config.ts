import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Kernel integration tests create cgroups and child processes; keep them off the
    // worker pool's parallel lanes so they do not disturb each other's measurements.
    fileParallelism: true,
    testTimeout: 20_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
