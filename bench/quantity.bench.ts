// parseQuantity + toString on a realistic mix of resource strings (pod specs, kubelet config,
// Summary-derived byte counts), against a naive float parser measured in the same run.
import { parseQuantity, Quantity } from '../src/signals/quantity';
import { suite } from './harness';

/** What pod specs and kubelet flags typically contain. */
const MIX = [
  '100Mi',
  '1Gi',
  '500m',
  '2',
  '1.5Gi',
  '250m',
  '10Gi',
  '100Ki',
  '4',
  '8Gi',
  '1024Mi',
  '200Mi',
  '2.5',
  '1e3',
  '0.5',
  '64Mi',
  '128974848',
  '129e6',
  '123Mi',
  '10',
];
/** Byte counts as the Summary API reports them, rendered the way eviction messages print them. */
const BYTES = [
  3221225472n,
  104857600n,
  7516192768n,
  1073741824n,
  2147483648n,
  987654321n,
  4294967296n,
  536870912n,
  12884901888n,
  65536n,
];

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
/** The float approach many TS projects use: fast, inexact, no canonical form. */
function naiveParse(s: string): number {
  const m = NAIVE.exec(s);
  if (m === null) return Number.NaN;
  return Number(m[1]) * (NAIVE_MULTIPLIER[m[2] ?? ''] ?? Number.NaN);
}

let i = 0;
const next = <T>(list: readonly T[]): T => list[i++ % list.length]!;

export default suite('quantity', (bench) => {
  bench('naive float parse + String()', () => String(naiveParse(next(MIX))));
  bench('parseQuantity', () => parseQuantity(next(MIX)), {
    baseline: 'naive float parse + String()',
  });
  bench('parseQuantity + toString', () => parseQuantity(next(MIX)).map((q) => q.toString()), {
    baseline: 'naive float parse + String()',
  });
  bench('fromBigInt(bytes, BinarySI) + toString', () =>
    Quantity.fromBigInt(next(BYTES), 'BinarySI').toString(),
  );
  const parsed = MIX.map((s) => parseQuantity(s)._unsafeUnwrap());
  bench('cmp + add on parsed values', () => {
    const a = next(parsed);
    const b = next(parsed);
    return a.cmp(b) + a.add(b).sign();
  });
});
