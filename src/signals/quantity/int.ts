// Integer helpers shared by the Quantity modules. Everything is bigint or a small integer
// `number` (scales, digit counts); no value ever passes through floating point.

/** Largest int64, `math.MaxInt64`. */
export const INT64_MAX = (1n << 63n) - 1n;
/** Smallest int64, `math.MinInt64`. */
export const INT64_MIN = -(1n << 63n);

/**
 * Largest decimal exponent (in absolute value) a Quantity may carry. Upstream allows any int32
 * scale, but arithmetic on a value like `1e2000000000` makes it allocate gigabytes; we refuse such
 * values at parse time (error code `range`) and clamp scale arguments, so every operation stays
 * exact and bounded.
 */
export const SCALE_LIMIT = 1_000_000;

export function fitsInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

/** Go's `int32(x)` conversion: keep the low 32 bits, two's complement. */
export function toInt32(v: bigint | number): number {
  return Number(BigInt.asIntN(32, BigInt(v)));
}

/** A caller-supplied scale: fractions truncated, NaN is 0, then clamped to ±SCALE_LIMIT. */
export function clampScale(scale: number): number {
  if (typeof scale !== 'number' || Number.isNaN(scale)) return 0;
  const whole = Math.trunc(scale);
  return whole > SCALE_LIMIT ? SCALE_LIMIT : whole < -SCALE_LIMIT ? -SCALE_LIMIT : whole + 0;
}

export function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

export function signOf(v: bigint): -1 | 0 | 1 {
  return v === 0n ? 0 : v < 0n ? -1 : 1;
}

const POW10_CACHE: bigint[] = [1n];
for (let i = 1; i <= 64; i++) POW10_CACHE.push(POW10_CACHE[i - 1]! * 10n);

/** 10^k for k >= 0. */
export function pow10(k: number): bigint {
  return k < POW10_CACHE.length ? POW10_CACHE[k]! : 10n ** BigInt(k);
}

/** Number of bits of a non-negative bigint (0 for 0). Linear time. */
export function bitLength(v: bigint): number {
  if (v === 0n) return 0;
  const hex = v.toString(16);
  const lead = Number.parseInt(hex[0]!, 16);
  return (hex.length - 1) * 4 + (lead >= 8 ? 4 : lead >= 4 ? 3 : lead >= 2 ? 2 : 1);
}

/** `|v| < 10^k` for k >= 0, without building 10^k when v is obviously smaller. */
export function absLessThanPow10(v: bigint, k: number): boolean {
  const a = abs(v);
  // 2^(3k) < 10^k, so a number of at most 3k bits is below 10^k.
  if (k > 64 && bitLength(a) <= 3 * k) return true;
  return a < pow10(k);
}

/** Truncating division of v by 10^k (k >= 1): quotient and remainder with Go's signs. */
export function divPow10(v: bigint, k: number): { q: bigint; r: bigint } {
  if (absLessThanPow10(v, k)) return { q: 0n, r: v };
  const d = pow10(k);
  return { q: v / d, r: v % d };
}

/** v / 10^k rounded away from zero (upstream `negativeScaleInt64`, inf.RoundUp). */
export function divPow10AwayFromZero(v: bigint, k: number): { q: bigint; exact: boolean } {
  if (k === 0) return { q: v, exact: true };
  const { q, r } = divPow10(v, k);
  if (r === 0n) return { q, exact: true };
  return { q: v < 0n ? q - 1n : q + 1n, exact: false };
}

/** Number of trailing zero bits of a non-zero bigint. */
export function trailingZeroBits(v: bigint): number {
  const a = abs(v);
  return bitLength(a & -a) - 1;
}
