import {
  type Amount,
  addAmounts,
  amountOf,
  asInt64,
  compareAmounts,
  decimalAmount,
  multiplyAmount,
  negateAmount,
  type QuantityBackend,
  roundUpAmount,
  scaledValueOf,
  subAmounts,
  ZERO,
} from './amount';
import { canonicalString } from './canonical';
import type { QuantityFormat } from './format';
import { clampScale, signOf } from './int';

/** Key of the internal factory used by the parser; not part of the public API. */
export const createQuantity: unique symbol = Symbol('evictkit.createQuantity');

/**
 * An exact Kubernetes `resource.Quantity` (semantics of Kubernetes 1.37): the value
 * `mantissa × 10^scale` as a bigint and an integer exponent, plus the format it prints in.
 * Immutable; every operation returns a new Quantity.
 *
 * `mantissa`/`scale` are not normalised: they mirror upstream's internal representation
 * (`backend`), which decides how `scaledValue` rounds negative fractions.
 */
export class Quantity {
  /** The value is `mantissa × 10^scale`. */
  readonly mantissa: bigint;
  /** Base-10 exponent of the value. */
  readonly scale: number;
  /** How `toString()` prints the value. */
  readonly format: QuantityFormat;
  /** Which upstream representation the value is in (`int64Amount` or `inf.Dec`). */
  readonly backend: QuantityBackend;
  readonly #amount: Amount;
  /** The parsed input, kept when upstream keeps it (`s` field): `toString()` returns it verbatim. */
  readonly #retained: string | undefined;
  #canonical: string | undefined;

  private constructor(amount: Amount, format: QuantityFormat, retained: string | undefined) {
    this.#amount = amount;
    this.mantissa = amount.mantissa;
    this.scale = amount.scale;
    this.backend = amount.backend;
    this.format = format;
    this.#retained = retained;
  }

  // Untyped callers may pass anything; a non-Quantity operand counts as zero instead of throwing.
  static #amountOf(q: unknown): Amount {
    return q instanceof Quantity ? q.#amount : ZERO;
  }

  /** @internal Used by `parseQuantity`. */
  static [createQuantity](amount: Amount, format: QuantityFormat, retained?: string): Quantity {
    return new Quantity(amount, format, retained);
  }

  /**
   * `resource.NewQuantity(value, format)`. Integers are exact; a non-integer number is taken at
   * its shortest decimal spelling (`0.1` is exactly 1/10); NaN and infinities give zero.
   */
  static fromBigInt(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    const { mantissa, scale } = exactDecimal(value);
    return new Quantity(amountOf(mantissa, scale), format, undefined);
  }

  /** `resource.NewMilliQuantity(milli, format)`: `milli × 10^-3`. */
  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    const { mantissa, scale } = exactDecimal(milli);
    return new Quantity(amountOf(mantissa, scale - 3), format, undefined);
  }

  /**
   * `resource.NewScaledQuantity(value, scale)` (DecimalSI): `value × 10^scale`. The scale is
   * truncated to an integer and clamped to ±1,000,000 (`SCALE_LIMIT`).
   */
  static fromScaled(value: bigint | number, scale: number): Quantity {
    const { mantissa, scale: own } = exactDecimal(value);
    return new Quantity(
      amountOf(mantissa, clampScale(own + clampScale(scale))),
      'DecimalSI',
      undefined,
    );
  }

  /** A zero in the given format (what `Quantity{Format: f}` is upstream). */
  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(ZERO, format, undefined);
  }

  sign(): -1 | 0 | 1 {
    return signOf(this.mantissa);
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** Exact numeric comparison (formats ignored): -1, 0 or 1. */
  cmp(other: Quantity): -1 | 0 | 1 {
    return compareAmounts(this.#amount, Quantity.#amountOf(other));
  }

  /** `cmp(other) === 0`. */
  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** Exact sum. A zero receiver adopts `other`'s format, as upstream `Add` does. */
  add(other: Quantity): Quantity {
    const format = this.isZero() ? formatOf(other, this.format) : this.format;
    return new Quantity(addAmounts(this.#amount, Quantity.#amountOf(other)), format, undefined);
  }

  /** Exact difference. A zero receiver adopts `other`'s format, as upstream `Sub` does. */
  sub(other: Quantity): Quantity {
    const format = this.isZero() ? formatOf(other, this.format) : this.format;
    return new Quantity(subAmounts(this.#amount, Quantity.#amountOf(other)), format, undefined);
  }

  neg(): Quantity {
    return new Quantity(negateAmount(this.#amount), this.format, undefined);
  }

  /** Exact product with a number (`Quantity.Mul` for integers; format kept). */
  mul(factor: bigint | number): Quantity {
    const { mantissa, scale } = exactDecimal(factor);
    const amount =
      scale === 0
        ? multiplyAmount(this.#amount, mantissa)
        : decimalAmount(this.mantissa * mantissa, clampScale(this.scale + scale));
    return new Quantity(amount, this.format, undefined);
  }

  /**
   * `Quantity.RoundUp(scale)`: round away from zero to a multiple of 10^scale; `exact` is false
   * when that lost precision. (Scale clamped like `fromScaled`.)
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    const { amount, exact, changed } = roundUpAmount(this.#amount, clampScale(scale));
    if (!changed) return { quantity: this, exact };
    return { quantity: new Quantity(amount, this.format, undefined), exact };
  }

  /**
   * `Quantity.ScaledValue(scale)`: the value in units of 10^scale as an integer, rounded like
   * upstream: up (ceiling) for positive values; for negative fractions away from zero on the
   * int64 backend and upstream's own rules on the decimal backend (see docs/quantity.md).
   * Values outside int64, where upstream returns garbage, come back exact.
   */
  scaledValue(scale: number): bigint {
    return scaledValueOf(this.#amount, clampScale(scale));
  }

  /** `Quantity.Value()`: `scaledValue(0)`. */
  value(): bigint {
    return scaledValueOf(this.#amount, 0);
  }

  /** `Quantity.MilliValue()`: `scaledValue(-3)`. */
  milliValue(): bigint {
    return scaledValueOf(this.#amount, -3);
  }

  /** `Quantity.AsInt64()`: the integer value when upstream's int64 fast path can give it. */
  asInt64(): bigint | undefined {
    return asInt64(this.#amount);
  }

  /** Approximate float value, for display and diagnostics only. */
  toNumber(): number {
    return Number(`${this.mantissa}e${this.scale}`);
  }

  /**
   * The same value in another format. Like assigning upstream's `Format` field, a kept input
   * string (see `toString`) stays and is still printed.
   */
  withFormat(format: QuantityFormat): Quantity {
    if (format === this.format) return this;
    return new Quantity(this.#amount, format, this.#retained);
  }

  /**
   * Upstream `String()`: the canonical form, except that a parsed input which upstream's fast
   * path considers canonical-looking is returned verbatim (`+1Ki`, `1.500`, `01`).
   * Arithmetic results never keep an input string.
   */
  toString(): string {
    if (this.#retained !== undefined) return this.#retained;
    this.#canonical ??= canonicalString(this.#amount, this.format);
    return this.#canonical;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** True for Quantity instances. */
export function isQuantity(value: unknown): value is Quantity {
  return value instanceof Quantity;
}

function formatOf(q: unknown, fallback: QuantityFormat): QuantityFormat {
  return q instanceof Quantity ? q.format : fallback;
}

const NUMBER_SPELLING = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** A bigint or a JS number as an exact decimal; non-finite numbers become zero. */
function exactDecimal(value: unknown): { mantissa: bigint; scale: number } {
  if (typeof value === 'bigint') return { mantissa: value, scale: 0 };
  if (typeof value !== 'number' || !Number.isFinite(value)) return { mantissa: 0n, scale: 0 };
  if (Number.isInteger(value)) return { mantissa: BigInt(value), scale: 0 };
  const m = NUMBER_SPELLING.exec(String(value));
  if (m === null) return { mantissa: 0n, scale: 0 };
  const [, sign = '', int = '0', frac = '', exp = '0'] = m;
  return { mantissa: BigInt(`${sign}${int}${frac}`), scale: Number(exp) - frac.length };
}
