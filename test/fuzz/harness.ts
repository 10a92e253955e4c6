import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';

// The fuzz harness. One knob: EVICTKIT_FUZZ_RUNS, the number of hostile inputs per function
// (default 10 000, the CI size; the nightly run uses 100 000). Every call must return without
// throwing, within CALL_BUDGET_MS, with a result of the declared type, and must leave the
// built-in prototypes as they were.

const DEFAULT_RUNS = 10_000;
/** No single call may take longer than this (a hang, or a pathological slow path). */
export const CALL_BUDGET_MS = 1_000;

function runsFromEnv(): number {
  const raw = process.env['EVICTKIT_FUZZ_RUNS'];
  if (raw === undefined || raw === '') return DEFAULT_RUNS;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`EVICTKIT_FUZZ_RUNS must be a positive integer, got ${raw}`);
  return n;
}

export const FUZZ_RUNS = runsFromEnv();
const SEED = process.env['EVICTKIT_FUZZ_SEED'];

const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Map.prototype', Map.prototype],
];
const snapshot = () =>
  PROTOTYPES.map(([name, proto]) => `${name}:${Reflect.ownKeys(proto).length}`).join(',');
const BASELINE = snapshot();

/** What one fuzz target checks about its result (return a message to fail). */
export type ResultCheck<R> = (result: R, input: unknown) => string | undefined;

const stats: Array<{ name: string; runs: number; ms: number; slowestMs: number }> = [];

afterAll(() => {
  for (const s of stats) {
    console.info(
      `fuzz ${s.name}: ${s.runs} inputs in ${s.ms.toFixed(0)} ms (slowest call ${s.slowestMs.toFixed(1)} ms)`,
    );
  }
});

/**
 * One fuzz target: `call` gets `FUZZ_RUNS` values from `input`; `check` validates each result.
 * The test fails with the shrunk counterexample (and fast-check's seed to replay it).
 */
export function fuzz<T, R>(
  name: string,
  input: fc.Arbitrary<T>,
  call: (value: T) => R,
  check: ResultCheck<R>,
  runs = FUZZ_RUNS,
): void {
  it(`${name} (${runs} hostile inputs)`, { timeout: Math.max(60_000, runs * 5) }, () => {
    let total = 0;
    let slowest = 0;
    const property = fc.property(input, (value) => {
      const started = performance.now();
      let result: R;
      try {
        result = call(value);
      } catch (e) {
        const where = e instanceof Error ? (e.stack ?? '').split('\n').slice(1, 4).join(' ') : '';
        throw new Error(
          `threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} ${where}`,
        );
      }
      const ms = performance.now() - started;
      total += ms;
      if (ms > slowest) slowest = ms;
      if (ms > CALL_BUDGET_MS)
        throw new Error(`took ${ms.toFixed(0)} ms (budget ${CALL_BUDGET_MS} ms)`);
      const problem = check(result, value);
      if (problem !== undefined) throw new Error(problem);
      if (snapshot() !== BASELINE) throw new Error(`a built-in prototype changed: ${snapshot()}`);
    });
    // fc.check, not fc.assert: hostile values (throwing proxies, exponential DAGs) must not
    // reach fast-check's own printer, and shrinking them is slow and rarely clearer.
    const details = fc.check(property, {
      numRuns: runs,
      endOnFailure: process.env['EVICTKIT_FUZZ_SHRINK'] !== '1',
      ...(SEED === undefined ? {} : { seed: Number(SEED) }),
    });
    if (details.failed) throw new Error(failureReport(name, details));
    stats.push({ name, runs, ms: total, slowestMs: slowest });
    expect(snapshot()).toBe(BASELINE);
  });
}

/** One function under test in a `fuzzEach` group. */
export interface FuzzTarget<T> {
  name: string;
  call: (value: T) => unknown;
  check: ResultCheck<never>;
}

/** A `FuzzTarget`, typed by its call's result. */
export const target = <T, R>(
  name: string,
  call: (value: T) => R,
  check: ResultCheck<R>,
): FuzzTarget<T> => ({ name, call, check: check as ResultCheck<never> });

/**
 * Several functions fed the same `FUZZ_RUNS` generated values: each target gets every value
 * (so `FUZZ_RUNS` inputs per function, reported per function) for the cost of generating them
 * once. The checks are `fuzz`'s: no throw, the time budget per call, the declared result type,
 * the prototypes untouched; a failure names the target.
 */
export function fuzzEach<T>(
  group: string,
  input: fc.Arbitrary<T>,
  targets: ReadonlyArray<FuzzTarget<T>>,
  runs = FUZZ_RUNS,
): void {
  const names = targets.map((t) => t.name).join(', ');
  it(`${group}: ${names} (${runs} hostile inputs each)`, {
    timeout: Math.max(60_000, runs * 5 * targets.length),
  }, () => {
    const timing = targets.map(() => ({ total: 0, slowest: 0 }));
    const property = fc.property(input, (value) => {
      targets.forEach((t, i) => {
        const started = performance.now();
        let result: unknown;
        try {
          result = t.call(value);
        } catch (e) {
          const where = e instanceof Error ? (e.stack ?? '').split('\n').slice(1, 4).join(' ') : '';
          throw new Error(
            `${t.name} threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} ${where}`,
          );
        }
        const ms = performance.now() - started;
        const time = timing[i]!;
        time.total += ms;
        if (ms > time.slowest) time.slowest = ms;
        if (ms > CALL_BUDGET_MS)
          throw new Error(`${t.name} took ${ms.toFixed(0)} ms (budget ${CALL_BUDGET_MS} ms)`);
        const problem = t.check(result as never, value);
        if (problem !== undefined) throw new Error(`${t.name}: ${problem}`);
        if (snapshot() !== BASELINE) {
          throw new Error(`${t.name}: a built-in prototype changed: ${snapshot()}`);
        }
      });
    });
    const details = fc.check(property, {
      numRuns: runs,
      endOnFailure: process.env['EVICTKIT_FUZZ_SHRINK'] !== '1',
      ...(SEED === undefined ? {} : { seed: Number(SEED) }),
    });
    if (details.failed) throw new Error(failureReport(group, details));
    targets.forEach((t, i) => {
      stats.push({ name: t.name, runs, ms: timing[i]!.total, slowestMs: timing[i]!.slowest });
    });
    expect(snapshot()).toBe(BASELINE);
  });
}

function failureReport<T>(name: string, details: fc.RunDetails<[T]>): string {
  const shown = inspect(details.counterexample?.[0], {
    depth: 4,
    maxArrayLength: 8,
    maxStringLength: 120,
    breakLength: 100,
  });
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : '';
  return `${name} failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}): ${why}\ninput: ${shown}`;
}

// Result checks shared by the targets.

/** A neverthrow Result: exactly one of ok / err, with an error carrying `code` and `message`. */
export function isResult(result: unknown): string | undefined {
  const r = result as { isOk?: () => boolean; isErr?: () => boolean; error?: unknown };
  if (typeof r?.isOk !== 'function' || typeof r.isErr !== 'function') return 'not a Result';
  if (r.isOk() === r.isErr()) return 'a Result that is both (or neither) ok and err';
  if (r.isErr()) {
    const error = r.error as { code?: unknown; message?: unknown } | undefined;
    if (typeof error?.code !== 'string') return 'an error without a string code';
    if (typeof error.message !== 'string' || error.message === '')
      return 'an error without a message';
    // "could not be read" is for what a caller's getter or proxy throws, never for our own bugs.
    if (error.message.includes('could not be read') && !error.message.includes('hostile getter')) {
      return `an internal exception turned into an error: ${error.message}`;
    }
  }
  return undefined;
}

export const oneOf =
  <T>(...allowed: T[]) =>
  (result: T): string | undefined =>
    allowed.includes(result) ? undefined : `unexpected result ${String(result)}`;

export const isBoolean = (result: unknown): string | undefined =>
  typeof result === 'boolean' ? undefined : `not a boolean: ${typeof result}`;

export const everyValue =
  (test: (value: unknown) => boolean, what: string) =>
  (result: unknown): string | undefined => {
    if (!(result instanceof Map)) return 'not a Map';
    for (const [key, value] of result) if (!test(value)) return `${String(key)} is not ${what}`;
    return undefined;
  };

/** Combine checks: the first message wins. */
export const all =
  <R>(...checks: ResultCheck<R>[]): ResultCheck<R> =>
  (result, input) => {
    for (const check of checks) {
      const problem = check(result, input);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

export { expect };
