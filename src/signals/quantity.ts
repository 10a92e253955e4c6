import { err, ok, type Result } from 'neverthrow';

// PROVISIONAL: the lead's quick skeleton so other modules can build against the API.
// The quantity owner replaces the internals (exact grammar, retention quirk, rounding).

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export type QuantityError =
  | { code: 'empty'; input: string; message: string }
  | { code: 'format'; input: string; message: string }
  | { code: 'suffix'; input: string; message: string }
  | { code: 'numeric'; input: string; message: string };

/** An exact Kubernetes `resource.Quantity`: `mantissa × 10^scale` plus a format hint. Immutable. */
export class Quantity {
  private constructor(
    /** Exact value is `mantissa × 10^scale`. */
    readonly mantissa: bigint,
    readonly scale: number,
    readonly format: QuantityFormat,
  ) {}

  /** `resource.NewQuantity(value, format)`. */
  static fromBigInt(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value), 0, format);
  }
  /** `resource.NewMilliQuantity(milli, format)`. */
  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli), -3, format);
  }
  /** `resource.NewScaledQuantity(value, scale)` (DecimalSI). */
  static fromScaled(value: bigint | number, scale: number): Quantity {
    return new Quantity(BigInt(value), scale, 'DecimalSI');
  }
  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, 0, format);
  }

  sign(): -1 | 0 | 1 {
    return this.mantissa === 0n ? 0 : this.mantissa < 0n ? -1 : 1;
  }
  isZero(): boolean {
    return this.mantissa === 0n;
  }
  cmp(other: Quantity): -1 | 0 | 1 {
    const [a, b] = align(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  /** Exact sum; a zero receiver adopts the other operand's format (upstream `Add`). */
  add(other: Quantity): Quantity {
    const [a, b, scale] = align(this, other);
    return new Quantity(a + b, scale, this.isZero() ? other.format : this.format);
  }
  sub(other: Quantity): Quantity {
    const [a, b, scale] = align(this, other);
    return new Quantity(a - b, scale, this.isZero() ? other.format : this.format);
  }
  neg(): Quantity {
    return new Quantity(-this.mantissa, this.scale, this.format);
  }
  /** Value in units of 10^scale, rounded away from zero (ceiling for positive values). */
  scaledValue(scale: number): bigint {
    const shift = this.scale - scale;
    if (shift >= 0) return this.mantissa * 10n ** BigInt(shift);
    const d = 10n ** BigInt(-shift);
    const q = this.mantissa / d;
    return this.mantissa % d === 0n ? q : this.mantissa > 0n ? q + 1n : q - 1n;
  }
  value(): bigint {
    return this.scaledValue(0);
  }
  milliValue(): bigint {
    return this.scaledValue(-3);
  }
  /** Approximate value as a float, for diagnostics and display only. */
  toNumber(): number {
    return Number(this.mantissa) * 10 ** this.scale;
  }
  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.mantissa, this.scale, format);
  }
  toString(): string {
    if (this.mantissa === 0n) return '0';
    return `${this.mantissa}e${this.scale}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  return [
    a.mantissa * 10n ** BigInt(a.scale - scale),
    b.mantissa * 10n ** BigInt(b.scale - scale),
    scale,
  ];
}

const GRAMMAR = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Parse a Kubernetes quantity string (`resource.ParseQuantity`). Never throws. */
export function parseQuantity(input: string): Result<Quantity, QuantityError> {
  if (typeof input !== 'string' || input.length === 0) {
    return err({ code: 'empty', input: String(input), message: 'quantities must be non-empty' });
  }
  const m = GRAMMAR.exec(input);
  if (!m) return err({ code: 'format', input, message: `unable to parse quantity ${input}` });
  const [, sign = '', int = '', frac = '', suffix = ''] = m;
  let mantissa = BigInt(`${int}${frac}` || '0');
  let scale = -frac.length;
  let format: QuantityFormat = 'DecimalSI';
  const binary = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].indexOf(suffix);
  if (binary >= 0) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(binary + 1);
  } else if (/^[eE]/.test(suffix) && suffix.length > 1) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else if (suffix) {
    scale += { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }[suffix] ?? 0;
  }
  if (sign === '-') mantissa = -mantissa;
  return ok(Quantity.fromScaled(mantissa, scale).withFormat(format));
}
