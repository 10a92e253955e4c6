/**
 * A tiny benchmark harness: warm-up, calibrated rounds, median ops/s, and a ratio against a
 * baseline measured in the same run (so machine speed cancels out).
 *
 * A bench file (`bench/<topic>.bench.ts`) default-exports one or more suites:
 *
 * ```ts
 * import { suite } from './harness';
 * export default suite('quantity', (bench) => {
 *   bench('naive parseFloat', () => naive('1.5Gi'));
 *   bench('parseQuantity', () => parseQuantity('1.5Gi'), { baseline: 'naive parseFloat' });
 * });
 * ```
 *
 * `npx tsx bench/run.ts [filter]` runs every bench file; `runSuite` runs one programmatically.
 * Set `BENCH_QUICK=1` for short rounds (smoke runs, CI).
 */

export interface BenchOptions {
  /** Name of another bench in the same suite; the report shows this bench's speed relative to it. */
  readonly baseline?: string;
}

export interface BenchCase {
  readonly name: string;
  readonly fn: () => unknown;
  readonly options: BenchOptions;
}

export interface Suite {
  readonly name: string;
  readonly cases: readonly BenchCase[];
}

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  /** Median over the rounds. */
  readonly opsPerSec: number;
  readonly nsPerOp: number;
  readonly rounds: number;
  readonly iterationsPerRound: number;
  /** opsPerSec / baseline opsPerSec (above 1 = faster than the baseline). */
  readonly ratio?: number;
  readonly baseline?: string;
}

export interface RunOptions {
  /** Time spent calling the function before measuring (ms). */
  readonly warmupMs?: number;
  /** Target length of one measured round (ms); iterations per round are calibrated to it. */
  readonly roundMs?: number;
  /** Number of measured rounds; the median is reported. */
  readonly rounds?: number;
}

export type BenchFn = (name: string, fn: () => unknown, options?: BenchOptions) => void;

/** Declare a suite; `define` registers its benches in order. */
export function suite(name: string, define: (bench: BenchFn) => void): Suite {
  const cases: BenchCase[] = [];
  define((caseName, fn, options = {}) => {
    cases.push({ name: caseName, fn, options });
  });
  return { name, cases };
}

const quick = process.env.BENCH_QUICK === '1';
const DEFAULTS: Required<RunOptions> = quick
  ? { warmupMs: 20, roundMs: 20, rounds: 3 }
  : { warmupMs: 300, roundMs: 200, rounds: 7 };

/** Results are stored here so the engine cannot drop the benchmarked calls as dead code. */
export let sink: unknown;

function timeLoop(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink = fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Measure one function: warm up, calibrate, then time `rounds` rounds. */
export function measure(
  fn: () => unknown,
  options: RunOptions = {},
): Omit<BenchResult, 'suite' | 'name'> {
  const { warmupMs, roundMs, rounds } = { ...DEFAULTS, ...options };
  const warmEnd = performance.now() + warmupMs;
  let iterations = 1;
  while (performance.now() < warmEnd) {
    const ms = timeLoop(fn, iterations);
    if (ms < warmupMs / 10) iterations *= 2;
  }
  // Calibrate so one round takes about roundMs.
  for (;;) {
    const ms = timeLoop(fn, iterations);
    if (ms >= roundMs / 4 || iterations > 1e9) {
      iterations = Math.max(1, Math.round((iterations * roundMs) / Math.max(ms, 1e-3)));
      break;
    }
    iterations *= 2;
  }
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) perRound.push((iterations * 1000) / timeLoop(fn, iterations));
  const opsPerSec = median(perRound);
  return { opsPerSec, nsPerOp: 1e9 / opsPerSec, rounds, iterationsPerRound: iterations };
}

/** Run every bench of a suite, in declaration order, and attach baseline ratios. */
export async function runSuite(s: Suite, options: RunOptions = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of s.cases) {
    results.push({ suite: s.name, name: c.name, ...measure(c.fn, options) });
    await new Promise((resolve) => setImmediate(resolve)); // let GC and timers breathe
  }
  return results.map((r, i) => {
    const baseline = s.cases[i]!.options.baseline;
    if (baseline === undefined) return r;
    const base = results.find((b) => b.name === baseline);
    if (base === undefined) throw new Error(`bench "${r.name}": unknown baseline "${baseline}"`);
    return { ...r, baseline, ratio: r.opsPerSec / base.opsPerSec };
  });
}

function fmtOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)}M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)}k`;
  return ops.toFixed(0);
}

/** A plain-text table of results, one line per bench. */
export function formatResults(results: readonly BenchResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 10);
  const lines = results.map((r) => {
    const ratio = r.ratio === undefined ? '' : `  RATIO ${r.ratio.toFixed(3)}x vs ${r.baseline}`;
    return `  ${r.name.padEnd(width)}  ${fmtOps(r.opsPerSec).padStart(8)} ops/s  ${r.nsPerOp.toFixed(0).padStart(7)} ns/op${ratio}`;
  });
  return [`[${results[0]?.suite ?? ''}]`, ...lines].join('\n');
}
