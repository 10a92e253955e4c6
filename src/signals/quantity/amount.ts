// The numeric core of a Quantity: `mantissa × 10^scale` plus which of upstream's two internal
// forms holds it. Upstream keeps small values in an `int64Amount {value, scale}` and everything
// else in an `inf.Dec`; the two forms round negative fractions differently in `ScaledValue`, and
// which one a value lands in depends on the exact operations that produced it. So we track the
// form and its exact (mantissa, scale) pair the way upstream would, while the value itself is
// always exact.

import {
  abs,
  clampScale,
  divPow10,
  divPow10AwayFromZero,
  fitsInt64,
  INT64_MAX,
  INT64_MIN,
  pow10,
  SCALE_LIMIT,
  signOf,
} from './int';

/** Which upstream representation a value is in: `int64Amount` or `inf.Dec`. */
export type QuantityBackend = 'int64' | 'decimal';

export interface Amount {
  readonly backend: QuantityBackend;
  readonly mantissa: bigint;
  /** Base-10 exponent: the value is `mantissa × 10^scale`. */
  readonly scale: number;
}

export function int64Amount(mantissa: bigint, scale: number): Amount {
  return { backend: 'int64', mantissa, scale: mantissa === 0n ? clampScale(scale) : scale };
}

export function decimalAmount(mantissa: bigint, scale: number): Amount {
  return { backend: 'decimal', mantissa, scale: mantissa === 0n ? clampScale(scale) : scale };
}

/** A constructor value: int64-backed when it fits (like `NewQuantity`), decimal otherwise. */
export function amountOf(mantissa: bigint, scale: number): Amount {
  return fitsInt64(mantissa) ? int64Amount(mantissa, scale) : decimalAmount(mantissa, scale);
}

export const ZERO: Amount = int64Amount(0n, 0);

/** Both mantissas brought to the smaller scale. */
function align(a: Amount, b: Amount): { x: bigint; y: bigint; scale: number } {
  if (a.scale === b.scale) return { x: a.mantissa, y: b.mantissa, scale: a.scale };
  if (a.scale > b.scale) {
    const x = a.mantissa === 0n ? 0n : a.mantissa * pow10(a.scale - b.scale);
    return { x, y: b.mantissa, scale: b.scale };
  }
  const y = b.mantissa === 0n ? 0n : b.mantissa * pow10(b.scale - a.scale);
  return { x: a.mantissa, y, scale: a.scale };
}

/**
 * floor(log10 |a|) lies in [lo, hi]. log10(2) is bracketed by 30102/100000 and 30103/100000,
 * which keeps this in exact integer arithmetic.
 */
function log10Bounds(a: Amount): { lo: number; hi: number } {
  const bits = abs(a.mantissa).toString(16).length * 4;
  const minBits = bits - 3;
  return {
    lo: Math.floor(((minBits - 1) * 30102) / 100000) + a.scale,
    hi: Math.floor((bits * 30103) / 100000) + a.scale,
  };
}

/** Exact numeric comparison; formats and backends are ignored. */
export function compareAmounts(a: Amount, b: Amount): -1 | 0 | 1 {
  const sa = signOf(a.mantissa);
  const sb = signOf(b.mantissa);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  if (Math.abs(a.scale - b.scale) > 64) {
    // Far-apart scales: settle by magnitude before building a large power of ten.
    const ba = log10Bounds(a);
    const bb = log10Bounds(b);
    if (ba.lo > bb.hi) return sa;
    if (ba.hi < bb.lo) return sa === 1 ? -1 : 1;
  }
  const { x, y } = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `positiveScaleInt64`: v × 10^k, or undefined when that overflows int64. */
function scaleUpInt64(v: bigint, k: number): bigint | undefined {
  if (v === 0n) return 0n;
  if (k > 18) return undefined;
  const r = v * pow10(k);
  return fitsInt64(r) ? r : undefined;
}

/** `int64Amount.Add`: undefined where upstream reports overflow and falls back to inf.Dec. */
function addInt64(a: Amount, b: Amount): Amount | undefined {
  if (b.mantissa === 0n) return a;
  if (a.mantissa === 0n) return int64Amount(b.mantissa, b.scale);
  if (a.scale === b.scale) {
    const c = a.mantissa + b.mantissa;
    return fitsInt64(c) ? int64Amount(c, a.scale) : undefined;
  }
  if (a.scale > b.scale) {
    const c = scaleUpInt64(a.mantissa, a.scale - b.scale);
    if (c === undefined) return undefined;
    const sum = c + b.mantissa;
    return fitsInt64(sum) ? int64Amount(sum, b.scale) : undefined;
  }
  const c = scaleUpInt64(b.mantissa, b.scale - a.scale);
  if (c === undefined) return undefined;
  const sum = a.mantissa + c;
  return fitsInt64(sum) ? int64Amount(sum, a.scale) : undefined;
}

/** inf.Dec Add/Sub: the result takes the finer of the two scales. */
function addDecimal(a: Amount, b: Amount, sign: 1n | -1n): Amount {
  const { x, y, scale } = align(a, b);
  return decimalAmount(x + sign * y, scale);
}

/** `Quantity.Add` on the values (format handling lives in the Quantity class). */
export function addAmounts(a: Amount, b: Amount): Amount {
  if (a.backend === 'int64' && b.backend === 'int64') {
    const sum = addInt64(a, b);
    if (sum !== undefined) return sum;
  }
  return addDecimal(a, b, 1n);
}

/**
 * `Quantity.Sub`. Upstream 1.37 negates an int64 subtrahend in place, so subtracting
 * math.MinInt64 wraps to a wrong sign; we take the inf.Dec path there instead (exact).
 */
export function subAmounts(a: Amount, b: Amount): Amount {
  if (a.backend === 'int64' && b.backend === 'int64' && b.mantissa !== INT64_MIN) {
    const diff = addInt64(a, int64Amount(-b.mantissa, b.scale));
    if (diff !== undefined) return diff;
  }
  return addDecimal(a, b, -1n);
}

/** `Quantity.Neg`; -math.MinInt64 becomes an exact 2^63 on the decimal backend (upstream wraps). */
export function negateAmount(a: Amount): Amount {
  if (a.backend === 'int64' && a.mantissa !== INT64_MIN) return int64Amount(-a.mantissa, a.scale);
  return decimalAmount(-a.mantissa, a.scale);
}

/** `Quantity.Mul(y)` for an integer factor, with `int64Amount.Mul`'s fallback rules. */
export function multiplyAmount(a: Amount, factor: bigint): Amount {
  if (a.backend === 'int64' && fitsInt64(factor)) {
    if (a.mantissa === 0n) return a;
    if (factor === 0n) return int64Amount(0n, 0);
    const c = a.mantissa * factor;
    if (fitsInt64(c)) {
      if (a.scale === 0) return int64Amount(c, 0);
      if (a.scale > 0 && scaleUpInt64(c, a.scale) !== undefined) return int64Amount(c, a.scale);
      if (a.scale < 0 && divPow10(c, -a.scale).r === 0n) return int64Amount(c, a.scale);
    }
  }
  return decimalAmount(a.mantissa * factor, a.scale);
}

/**
 * `Quantity.ScaledValue(t)`: the value in units of 10^t as an integer.
 *
 * Inside the int64 range this is exactly what upstream returns, including its rounding:
 * - int64 backend: rounded away from zero;
 * - decimal backend, fast path (|unscaled| < 2^63-1 and fewer than 19 digits dropped):
 *   truncate toward zero, then add one if anything was dropped (so -1.5 gives 0);
 * - decimal backend, slow path: ceiling (so -1.5 gives -1).
 * Outside the int64 range upstream returns wrapped or zeroed garbage; we return the exact
 * integer, rounded by the same rule.
 */
export function scaledValueOf(a: Amount, target: number): bigint {
  const m = a.mantissa;
  if (m === 0n) return 0n;
  const shift = target - a.scale;
  if (shift <= 0) return m * pow10(-shift);
  if (a.backend === 'int64') return divPow10AwayFromZero(m, shift).q;
  const { q, r } = divPow10(m, shift);
  if (r === 0n) return q;
  const fastPath = abs(m) < INT64_MAX && shift < 19;
  return fastPath || m > 0n ? q + 1n : q;
}

/** `Quantity.RoundUp(t)`: away from zero to scale t; `changed` says whether upstream clears `s`. */
export function roundUpAmount(
  a: Amount,
  target: number,
): { amount: Amount; exact: boolean; changed: boolean } {
  if (a.backend === 'int64') {
    if (a.scale >= target) return { amount: a, exact: true, changed: false };
    const { q, exact } = divPow10AwayFromZero(a.mantissa, target - a.scale);
    return { amount: int64Amount(q, target), exact, changed: true };
  }
  if (a.scale >= target) {
    const m = a.mantissa === 0n ? 0n : a.mantissa * pow10(a.scale - target);
    return { amount: decimalAmount(m, target), exact: true, changed: true };
  }
  const { q, exact } = divPow10AwayFromZero(a.mantissa, target - a.scale);
  return { amount: decimalAmount(q, target), exact, changed: true };
}

/** `int64Amount.AsInt64`: only the int64 backend answers, and only without loss. */
export function asInt64(a: Amount): bigint | undefined {
  if (a.backend !== 'int64') return undefined;
  if (a.scale === 0) return a.mantissa;
  if (a.scale < 0) return undefined;
  return scaleUpInt64(a.mantissa, a.scale);
}

export { SCALE_LIMIT };
