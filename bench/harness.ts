import type { ChildProcess } from 'node:child_process';

/**
 * The benchmark harness: each benchmark measures evictkit against a baseline in the same run
 * (same process, or the same script run for C baselines), alternating the two round by round so
 * that both see the same machine load, and reports medians and their ratio.
 *
 * A benchmark is a named object with a `run(context)` that returns one `BenchRecord`; bench/suite.ts
 * lists them, bench/run.ts runs them and prints a table or JSON.
 */

/** One benchmark's result: the JSON object `npm run bench -- --json` prints. */
export interface BenchRecord {
  readonly name: string;
  /** The headline figure (median over rounds); `null` when the benchmark was skipped or failed. */
  readonly value: number | null;
  readonly unit: string;
  /** What evictkit was compared with. */
  readonly baseline?: string;
  /** The baseline's figure, same unit, same run. */
  readonly baselineValue?: number;
  /** For times: baseline time / evictkit time (above 1 = evictkit faster). */
  readonly ratio?: number;
  /** The goal, in words. */
  readonly goal?: string;
  /** Whether the goal was met (absent in quick mode and when skipped). */
  readonly met?: boolean;
  /** Why the benchmark did not run (no root, no cgroup v1, a command that does not exist yet). */
  readonly skipped?: string;
  /** Why it failed (a result that differs from the baseline's, an exception). */
  readonly error?: string;
  /** Supporting figures (percentiles, per-item costs, sizes, rounds). */
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

export interface BenchContext {
  /** Smoke mode: small sizes, one round, no goal verdict. */
  readonly quick: boolean;
  /** Progress and notes, for a human watching; never part of the JSON. */
  log(message: string): void;
}

export interface Benchmark {
  readonly name: string;
  /** `pure`: computation only; `kernel`: needs root and cgroups; `process`: spawns processes. */
  readonly kind: 'pure' | 'kernel' | 'process';
  /** One line: what is measured. */
  readonly summary: string;
  run(context: BenchContext): Promise<BenchRecord>;
}

/** Results are stored here so the engine cannot drop the benchmarked calls as dead code. */
export let sink: unknown;

export function keep(value: unknown): void {
  sink = value;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0–100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Wall time of one call, in ms, with its result. */
export function timed<T>(fn: () => T): { ms: number; result: T } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/**
 * A full garbage collection when the runner was started with --expose-gc (npm run bench is), so
 * that one benchmark's setup garbage is not collected inside another's timed rounds.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Let timers, I/O and the garbage collector run between rounds. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface PairOptions<T> {
  readonly rounds: number;
  /** Rounds for the baseline, when it is too slow for as many (default: `rounds`). */
  readonly baselineRounds?: number;
  readonly subject: () => T;
  readonly baseline: () => T;
  /** Called on every round's results, outside the timed region; throw to fail the benchmark. */
  readonly check?: (subject: T, baseline: T) => void;
  /** Untimed calls of each before measuring (default 1). */
  readonly warmup?: number;
}

/**
 * Time `subject` and `baseline` alternately, round by round, so that both see the same load;
 * the results of each round are compared by `check` before the next. Medians in ms.
 */
export async function pair<T>(options: PairOptions<T>): Promise<{
  subjectMs: number;
  baselineMs: number;
  subjectRounds: number[];
  baselineRounds: number[];
}> {
  const { rounds, subject, baseline, check } = options;
  const baselineRounds = options.baselineRounds ?? rounds;
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    keep(subject());
    await breathe();
  }
  const s: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < Math.max(rounds, baselineRounds); r++) {
    let subjectResult: T | undefined;
    let baselineResult: T | undefined;
    if (r < baselineRounds) {
      const t = timed(baseline);
      b.push(t.ms);
      baselineResult = t.result;
      await breathe();
    }
    if (r < rounds) {
      const t = timed(subject);
      s.push(t.ms);
      subjectResult = t.result;
      await breathe();
    }
    if (check && subjectResult !== undefined && baselineResult !== undefined) {
      check(subjectResult, baselineResult);
    }
    keep(subjectResult ?? baselineResult);
  }
  return { subjectMs: median(s), baselineMs: median(b), subjectRounds: s, baselineRounds: b };
}

/** Round to 3 significant digits for display and JSON (medians of noisy rounds). */
export function round3(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 6)));
}

/** A record for a timing against a baseline timing. */
export function timingRecord(args: {
  name: string;
  context: BenchContext;
  valueMs: number;
  baseline: string;
  baselineMs: number;
  goal?: string;
  /** Decide the goal from the value and the ratio (none: no verdict). */
  meets?: (valueMs: number, ratio: number) => boolean;
  details?: Record<string, number | string | boolean>;
}): BenchRecord {
  const ratio = args.baselineMs / args.valueMs;
  return {
    name: args.name,
    value: round3(args.valueMs),
    unit: 'ms',
    baseline: args.baseline,
    baselineValue: round3(args.baselineMs),
    ratio: round3(ratio),
    ...(args.goal === undefined ? {} : { goal: args.goal }),
    ...(args.context.quick || args.meets === undefined
      ? {}
      : { met: args.meets(args.valueMs, ratio) }),
    ...(args.details ? { details: roundDetails(args.details) } : {}),
  };
}

export function roundDetails(
  details: Record<string, number | string | boolean>,
): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(details)) out[k] = typeof v === 'number' ? round3(v) : v;
  return out;
}

/** A record for a benchmark that could not run here. */
export function skippedRecord(
  name: string,
  unit: string,
  goal: string,
  reason: string,
): BenchRecord {
  return { name, value: null, unit, goal, skipped: reason };
}

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same input. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/** Wait for a child process to exit; SIGKILL it (through its handle) after `graceMs`. */
export async function exited(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Throw with a message naming the benchmark's correctness check. */
export function fail(message: string): never {
  throw new Error(`result check failed: ${message}`);
}
