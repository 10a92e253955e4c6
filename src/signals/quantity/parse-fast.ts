// A fast path for the quantity spellings that fill real pod specs and kubelet configs (`100Mi`,
// `250m`, `2`, `1e3`, `0.5`, `128974848`, `1.5Gi`): one pass over the character codes with
// plain-number arithmetic, producing the very Quantity (mantissa, scale, backend, format, kept
// input string) that the step-by-step parser in parse.ts produces. Anything outside that narrow
// grammar — a sign, more than 15 digits, an unusual suffix, a value upstream's own int64 fast
// path declines and that is not a simple binary fraction — returns `undefined` and the general
// parser takes over. A property test holds the two to identical results.

import { type Amount, decimalAmount, int64Amount } from './amount';
import type { QuantityFormat } from './format';
import { INT64_MAX, pow10 } from './int';
import { createQuantity, Quantity } from './quantity';

const ZERO_CODE = 48;
const NINE_CODE = 57;
const DOT_CODE = 46;
const I_CODE = 105;

/** Below 10^15 every digit string is an exact integer in a double. */
const MAX_DIGITS = 15;
/** 2^63: int64 products must stay below it. */
const TWO_POW_63 = 2 ** 63;
const BINARY_CAP_NANOS = INT64_MAX * pow10(9);
const ONE_IN_NANOS = pow10(9);

/** The exponent of a one-letter decimal suffix (`m` → -3), by character code; NaN if none. */
function decimalExponent(code: number): number {
  switch (code) {
    case 110: // n
      return -9;
    case 117: // u
      return -6;
    case 109: // m
      return -3;
    case 107: // k
      return 3;
    case 77: // M
      return 6;
    case 71: // G
      return 9;
    case 84: // T
      return 12;
    case 80: // P
      return 15;
    case 69: // E
      return 18;
    default:
      return Number.NaN;
  }
}

/** The power of two of a binary suffix (`Mi` → 20) from its first letter's code; NaN if none. */
function binaryExponent(code: number): number {
  switch (code) {
    case 75: // K
      return 10;
    case 77: // M
      return 20;
    case 71: // G
      return 30;
    case 84: // T
      return 40;
    case 80: // P
      return 50;
    case 69: // E
      return 60;
    default:
      return Number.NaN;
  }
}

/** 2^k as a number, k = 0…60. */
const POW2: readonly number[] = Array.from({ length: 61 }, (_, k) => 2 ** k);

/** 2^exponent × 10^(9 − fractionDigits) as a bigint, per (exponent, fractionDigits). */
const binaryNanoFactors = new Map<number, bigint>();

function binaryNanoFactor(exponent: number, fractionDigits: number): bigint {
  const key = exponent * 16 + fractionDigits;
  let factor = binaryNanoFactors.get(key);
  if (factor === undefined) {
    factor = (1n << BigInt(exponent)) * pow10(9 - fractionDigits);
    binaryNanoFactors.set(key, factor);
  }
  return factor;
}

/**
 * Parse `input` when it is a plain unsigned decimal (at most 15 digits, optional fraction) with
 * no suffix, a decimal or binary SI suffix, or a short `e`/`E` exponent. `undefined` means
 * "not handled here": the caller must use the general parser, which also produces every error.
 */
export function parseCommonQuantity(input: string): Quantity | undefined {
  const end = input.length;
  let pos = 0;
  let code = input.charCodeAt(0);
  // Leading zeros are only handled as the `0.` of a fraction (upstream strips them; `007`
  // and a lone `0` take the general path).
  if (code === ZERO_CODE) {
    if (end < 2 || input.charCodeAt(1) !== DOT_CODE) return undefined;
    pos = 1;
  } else if (code < ZERO_CODE || code > NINE_CODE) {
    return undefined;
  }

  let digits = 0;
  let intDigits = 0;
  while (pos < end) {
    code = input.charCodeAt(pos);
    if (code < ZERO_CODE || code > NINE_CODE) break;
    digits = digits * 10 + (code - ZERO_CODE);
    intDigits++;
    pos++;
  }
  let fracDigits = 0;
  if (pos < end && code === DOT_CODE) {
    pos++;
    while (pos < end) {
      code = input.charCodeAt(pos);
      if (code < ZERO_CODE || code > NINE_CODE) break;
      digits = digits * 10 + (code - ZERO_CODE);
      fracDigits++;
      pos++;
    }
    if (fracDigits === 0) return undefined;
  }
  // Upstream counts an absent integer part as the one digit "0".
  const numLength = intDigits === 0 ? 1 : intDigits;
  if (intDigits + fracDigits > MAX_DIGITS || digits === 0) return undefined;

  // The suffix: nothing, one decimal letter, a binary pair, or e/E with a short exponent.
  let exponent = 0;
  let format: QuantityFormat = 'DecimalSI';
  const rest = end - pos;
  if (rest === 1) {
    const decimal = decimalExponent(input.charCodeAt(pos));
    if (Number.isNaN(decimal)) return undefined;
    exponent = decimal;
  } else if (rest === 2 && input.charCodeAt(pos + 1) === I_CODE) {
    const binary = binaryExponent(input.charCodeAt(pos));
    if (Number.isNaN(binary)) return undefined;
    exponent = binary;
    format = 'BinarySI';
  } else if (rest > 1) {
    const parsed = shortExponent(input, pos);
    if (parsed === undefined) return undefined;
    exponent = parsed;
    format = 'DecimalExponent';
  }

  if (format === 'BinarySI') {
    // Upstream's int64 path refuses fractions and long digit strings; a fraction goes through
    // its big-decimal path, rounded up to nano units.
    if (fracDigits > 0) return binaryFraction(digits, exponent, fracDigits);
    if (15 - numLength - (exponent / 10) * 3 - 1 < 0) return undefined;
    // A table, not `2 ** exponent`: V8 computes a variable power through a slow runtime call.
    const product = digits * (POW2[exponent] ?? Number.POSITIVE_INFINITY);
    if (product >= TWO_POW_63) return undefined;
    const retained = digits % 8 !== 0 ? input : undefined;
    return build(int64Amount(BigInt(product), 0), format, retained);
  }
  const scale = exponent - fracDigits;
  if (scale < -9) return undefined;
  // Kept verbatim when upstream's cheap "looks canonical" test passes: scale a multiple of
  // three, no "000" at the end of the digits, and a non-zero integer part.
  const retained = scale % 3 === 0 && digits % 1000 !== 0 && intDigits > 0 ? input : undefined;
  return build(int64Amount(BigInt(digits), scale), format, retained);
}

/** `e`/`E`, an optional sign and one to three digits, ending the input; else undefined. */
function shortExponent(input: string, start: number): number | undefined {
  const first = input.charCodeAt(start);
  if (first !== 101 && first !== 69) return undefined;
  let pos = start + 1;
  let negative = false;
  const sign = input.charCodeAt(pos);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    pos++;
  }
  const count = input.length - pos;
  if (count < 1 || count > 3) return undefined;
  let value = 0;
  for (; pos < input.length; pos++) {
    const code = input.charCodeAt(pos);
    if (code < ZERO_CODE || code > NINE_CODE) return undefined;
    value = value * 10 + (code - ZERO_CODE);
  }
  return negative ? 0 - value : value;
}

/**
 * A binary-suffixed fraction such as `1.5Gi`: the exact value `digits × 2^exponent /
 * 10^fracDigits`, rounded up to nano units on the decimal backend, capped at 2^63−1 and shown
 * as DecimalSI below 1, as upstream's big-decimal path does.
 */
function binaryFraction(
  digits: number,
  exponent: number,
  fracDigits: number,
): Quantity | undefined {
  if (fracDigits > 9) return undefined;
  const nanos = BigInt(digits) * binaryNanoFactor(exponent, fracDigits);
  if (nanos > BINARY_CAP_NANOS) return build(decimalAmount(INT64_MAX, 0), 'BinarySI', undefined);
  const format: QuantityFormat = nanos < ONE_IN_NANOS ? 'DecimalSI' : 'BinarySI';
  return build(decimalAmount(nanos, -9), format, undefined);
}

function build(amount: Amount, format: QuantityFormat, retained: string | undefined): Quantity {
  return Quantity[createQuantity](amount, format, retained);
}
