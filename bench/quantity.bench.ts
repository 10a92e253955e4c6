// parse-quantity-1m: parseQuantity over 1,000,000 realistic quantity strings. Baselines, same
// run: @kubernetes/client-node's quantityToScalar (on the subset it accepts: it throws on
// `1.5Gi`-style binary fractions, among others) and a naive float parser (on everything).
// Before timing, every string's value is checked against quantityToScalar's.
import { parseQuantity, Quantity } from '../src/signals/quantity';
import { parseQuantityStepwise } from '../src/signals/quantity/parse';
import {
  type BenchContext,
  type Benchmark,
  fail,
  pair,
  pick,
  rng,
  round3,
  roundDetails,
} from './harness';

const GOAL = 'exact, and ratio ≥ 1.5 vs quantityToScalar';

/** Quantity strings as pod specs, kubelet configs and Summary-derived byte counts spell them. */
export function makeQuantities(count: number, seed: number): string[] {
  const random = rng(seed);
  const int = (max: number) => 1 + Math.floor(random() * max);
  const forms: Array<() => string> = [
    () => `${int(4096)}Mi`,
    () => `${int(64)}Gi`,
    () => `${int(999)}m`,
    () => `${int(64)}`,
    () => `${int(9)}.${int(9)}Gi`,
    () => `0.${int(99)}Gi`,
    () => `${int(9)}e${int(9)}`,
    () => `${int(1_000_000) * 128}`,
    () => `${int(999)}M`,
    () => `${int(512)}Ki`,
    () => `${int(9)}.${int(9)}`,
    () => `${int(99)}G`,
    () => `${int(99)}k`,
  ];
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = pick(random, forms)();
  return out;
}

const NAIVE_MULTIPLIER: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const NAIVE = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/;

/** The float approach many TypeScript projects use: fast-ish, inexact, no canonical form. */
function naiveParse(s: string): number {
  const m = NAIVE.exec(s);
  if (m === null) return Number.NaN;
  return Number(m[1]) * (NAIVE_MULTIPLIER[m[2] ?? ''] ?? Number.NaN);
}

type Scalar = number | bigint;

/** Does quantityToScalar's answer agree with the exact Quantity? Floats within rounding. */
function agrees(q: Quantity, scalar: Scalar): boolean {
  if (typeof scalar === 'bigint') return q.cmp(Quantity.fromBigInt(scalar)) === 0;
  if (Number.isSafeInteger(scalar)) return q.cmp(Quantity.fromBigInt(scalar)) === 0;
  const exact = q.toNumber();
  return Math.abs(exact - scalar) <= Math.abs(exact) * 1e-12;
}

export const parseQuantity1m: Benchmark = {
  name: 'parse-quantity-1m',
  kind: 'pure',
  summary: 'parseQuantity over 1,000,000 realistic strings vs client-node quantityToScalar',
  async run(context: BenchContext) {
    const { quantityToScalar } = (await import('@kubernetes/client-node/dist/util.js')) as {
      quantityToScalar: (q: string) => Scalar;
    };
    const count = context.quick ? 20_000 : 1_000_000;
    const all = makeQuantities(count, 1_000_000);
    const accepted: string[] = [];
    for (const s of all) {
      let scalar: Scalar;
      try {
        scalar = quantityToScalar(s);
      } catch {
        continue;
      }
      accepted.push(s);
      const q = parseQuantity(s);
      if (q.isErr()) fail(`parseQuantity rejected ${JSON.stringify(s)}`);
      if (!agrees(q.value, scalar))
        fail(`${s}: parseQuantity ${q.value} vs quantityToScalar ${scalar}`);
    }
    // The fast path must build what the step-by-step parser builds (sampled; the property test
    // covers the rest).
    for (let i = 0; i < all.length; i += 97) {
      const a = parseQuantity(all[i]!)._unsafeUnwrap();
      const b = parseQuantityStepwise(all[i]!)._unsafeUnwrap();
      if (a.toString() !== b.toString() || a.cmp(b) !== 0 || a.scale !== b.scale) {
        fail(`${all[i]}: fast path ${a} vs step-by-step ${b}`);
      }
    }
    context.log(
      `parse-quantity-1m: ${count} strings, ${accepted.length} accepted by quantityToScalar`,
    );
    const rounds = context.quick ? 1 : 9;
    const parseAll = (list: readonly string[], parse: (s: string) => unknown) => () => {
      let last: unknown;
      for (let i = 0; i < list.length; i++) last = parse(list[i]!);
      return last;
    };
    const vsClient = await pair({
      rounds,
      subject: parseAll(accepted, parseQuantity),
      baseline: parseAll(accepted, quantityToScalar),
    });
    const vsNaive = await pair({
      rounds,
      subject: parseAll(all, parseQuantity),
      baseline: parseAll(all, naiveParse),
    });
    const subsetRatio = vsClient.baselineMs / vsClient.subjectMs;
    return {
      name: 'parse-quantity-1m',
      value: round3(vsNaive.subjectMs),
      unit: 'ms',
      baseline: 'client-node quantityToScalar (on the strings it accepts)',
      baselineValue: round3(vsClient.baselineMs),
      // Both sides on the same subset: quantityToScalar throws on the rest.
      ratio: round3(subsetRatio),
      goal: GOAL,
      ...(context.quick ? {} : { met: subsetRatio >= 1.5 }),
      details: roundDetails({
        strings: count,
        ratioBasis: 'strings quantityToScalar accepts',
        subsetStrings: accepted.length,
        subsetMs: vsClient.subjectMs,
        nsPerString: (vsNaive.subjectMs * 1e6) / count,
        naiveFloatMs: vsNaive.baselineMs,
        naiveFloatRatio: vsNaive.baselineMs / vsNaive.subjectMs,
        rounds,
      }),
    };
  },
};
