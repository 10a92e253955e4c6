// Canonical rendering (`Quantity.CanonicalizeBytes` as of Kubernetes 1.37).

import { type Amount, compareAmounts, int64Amount, roundUpAmount } from './amount';
import { abs, INT64_MIN, trailingZeroBits } from './int';
import { binarySuffix, decimalSuffix } from './suffix';

const MINUS_1024 = int64Amount(-1024n, 0);
const PLUS_1024 = int64Amount(1024n, 0);

/**
 * Decimal path: strip factors of ten into the exponent, then lower the exponent to a multiple of
 * three by appending zeros. Returns the digits (with sign) and that exponent.
 */
function decimalParts(a: Amount): { digits: string; exponent: number } {
  const magnitude = abs(a.mantissa).toString();
  let end = magnitude.length;
  while (end > 1 && magnitude.charCodeAt(end - 1) === 48) end--;
  let exponent = a.scale + (magnitude.length - end);
  let digits = magnitude.slice(0, end);
  const extra = ((exponent % 3) + 3) % 3;
  if (extra > 0) {
    digits += '0'.repeat(extra);
    exponent -= extra;
  }
  return { digits: a.mantissa < 0n ? `-${digits}` : digits, exponent };
}

/**
 * BinarySI path for an integer value: the largest power of 1024 that divides it. Upstream's
 * int64 code negates before dividing, which overflows for math.MinInt64, so that single value
 * prints as `-9223372036854775808` rather than `-8Ei`; we keep that quirk.
 */
function binaryParts(
  integer: bigint,
  backend: Amount['backend'],
): { digits: string; power: number } {
  if (backend === 'int64' && integer === INT64_MIN) return { digits: integer.toString(), power: 0 };
  const power = Math.floor(trailingZeroBits(integer) / 10);
  const digits = power === 0 ? integer : integer / (1n << BigInt(10 * power));
  return { digits: digits.toString(), power };
}

/** The string upstream's `String()` computes (before any cached input string is considered). */
export function canonicalString(a: Amount, format: string): string {
  if (a.mantissa === 0n) return '0';
  let effective: 'DecimalSI' | 'DecimalExponent' | 'BinarySI';
  if (format === 'DecimalSI' || format === 'DecimalExponent') {
    effective = format;
  } else if (format === 'BinarySI') {
    const small = compareAmounts(a, MINUS_1024) > 0 && compareAmounts(a, PLUS_1024) < 0;
    effective = small || !roundUpAmount(a, 0).exact ? 'DecimalSI' : 'BinarySI';
  } else {
    effective = 'DecimalExponent';
  }

  if (effective !== 'BinarySI') {
    const { digits, exponent } = decimalParts(a);
    return digits + decimalSuffix(exponent, effective);
  }
  const rounded = roundUpAmount(a, 0).amount;
  const integer =
    rounded.scale > 0 ? rounded.mantissa * 10n ** BigInt(rounded.scale) : rounded.mantissa;
  const { digits, power } = binaryParts(
    integer,
    a.backend === 'int64' ? rounded.backend : 'decimal',
  );
  return digits + binarySuffix(power);
}
