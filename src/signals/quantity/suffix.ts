// Suffix tables (`suffix.go`): reading a suffix at parse time and choosing one when printing.

import type { QuantityFormat } from './format';
import { toInt32 } from './int';

export interface Suffix {
  readonly base: 2 | 10;
  /** Power of `base`: 10 for Ki, -3 for m, 6 for e6. Always an int32, like upstream. */
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const DECIMAL: Readonly<Record<string, number>> = {
  '': 0,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const GO_INT = /^[+-]?[0-9]+$/;
const INT64_LIMIT = 1n << 63n;

/**
 * `suffixer.interpret`: the decimal table, then the binary table, then `e`/`E` followed by
 * something `strconv.ParseInt(_, 10, 64)` accepts, narrowed to int32 the way Go's `int32(x)`
 * does (so `e4294967297` means `e1`).
 */
export function interpretSuffix(suffix: string): Suffix | undefined {
  const decimal = DECIMAL[suffix];
  if (decimal !== undefined && Object.hasOwn(DECIMAL, suffix)) {
    return { base: 10, exponent: decimal, format: 'DecimalSI' };
  }
  const binary = BINARY[suffix];
  if (binary !== undefined && Object.hasOwn(BINARY, suffix)) {
    return { base: 2, exponent: binary, format: 'BinarySI' };
  }
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!GO_INT.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed >= INT64_LIMIT || parsed < -INT64_LIMIT) return undefined;
    return { base: 10, exponent: toInt32(parsed), format: 'DecimalExponent' };
  }
  return undefined;
}

const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * The suffix printed for a base-10 exponent (a multiple of 3). DecimalSI has no entry outside
 * n..E and upstream 1.37 then prints no suffix at all (`1000E` prints as `1`).
 */
export function decimalSuffix(exponent: number, format: 'DecimalSI' | 'DecimalExponent'): string {
  if (format === 'DecimalExponent') return exponent === 0 ? '' : `e${exponent}`;
  return DECIMAL_BY_EXPONENT.get(exponent) ?? '';
}

/** The suffix for 1024^power; none beyond Ei (upstream 1.37 silently drops it). */
export function binarySuffix(power: number): string {
  return BINARY_BY_POWER[power] ?? '';
}
