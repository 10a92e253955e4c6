// Every benchmark, in the order `npm run bench` runs them. Modules load only when their
// benchmark is selected, so a subset does not pay for (or depend on) the others.
import type { Benchmark } from './harness';

export interface SuiteEntry {
  readonly name: string;
  readonly kind: Benchmark['kind'];
  load(): Promise<Benchmark>;
}

export const SUITE: readonly SuiteEntry[] = [
  {
    name: 'rank-memory-100k',
    kind: 'pure',
    load: async () => (await import('./rank.bench')).rankMemory100k,
  },
  {
    name: 'parse-quantity-1m',
    kind: 'pure',
    load: async () => (await import('./quantity.bench')).parseQuantity1m,
  },
  {
    name: 'parse-summary-1000',
    kind: 'pure',
    load: async () => (await import('./summary.bench')).parseSummary1000,
  },
  {
    name: 'synchronize-110',
    kind: 'pure',
    load: async () => (await import('./manager.bench')).synchronize110,
  },
  {
    name: 'synchronize-1000',
    kind: 'pure',
    load: async () => (await import('./manager.bench')).synchronize1000,
  },
  {
    name: 'linux-summary-110',
    kind: 'kernel',
    load: async () => (await import('./linux-summary.bench')).linuxSummary110,
  },
  {
    name: 'linux-summary-1000',
    kind: 'kernel',
    load: async () => (await import('./linux-summary.bench')).linuxSummary1000,
  },
  {
    name: 'notifier-latency',
    kind: 'kernel',
    load: async () => (await import('./notifier.bench')).notifierLatency,
  },
  {
    name: 'watch-idle',
    kind: 'process',
    load: async () => (await import('./cli.bench')).watchIdle,
  },
  {
    name: 'cli-startup',
    kind: 'process',
    load: async () => (await import('./cli.bench')).cliStartup,
  },
];

/** Names of the benchmarks that need neither root, cgroups nor other processes. */
export const PURE_BENCHMARKS = SUITE.filter((e) => e.kind === 'pure').map((e) => e.name);
