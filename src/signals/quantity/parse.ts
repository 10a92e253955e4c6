// `resource.ParseQuantity` (Kubernetes 1.37), step for step: the int64 fast path with its
// "keep the input string" rule, then the big-decimal slow path with nano rounding, the BinarySI
// cap and the BinarySI -> DecimalSI downgrade. Go's int32 arithmetic on scales is reproduced.

import { err, ok, type Result } from 'neverthrow';
import { type Amount, decimalAmount, int64Amount } from './amount';
import {
  formatError,
  numericError,
  type QuantityError,
  rangeError,
  suffixError,
  typeError,
} from './errors';
import type { QuantityFormat } from './format';
import {
  abs,
  divPow10AwayFromZero,
  fitsInt64,
  INT64_MAX,
  pow10,
  SCALE_LIMIT,
  toInt32,
} from './int';
import { parseCommonQuantity } from './parse-fast';
import { createQuantity, Quantity } from './quantity';
import { type ScannedQuantity, scanQuantity } from './scan';
import { interpretSuffix, type Suffix } from './suffix';

/** Nanos: the finest scale a parsed value keeps. */
const NANO = -9;
/** 2^63-1 at scale -9, the BinarySI cap as an unscaled nano count. */
const BINARY_CAP_NANOS = INT64_MAX * pow10(9);
const ONE_IN_NANOS = pow10(9);

/**
 * Parse a Kubernetes quantity (`resource.ParseQuantity`). Never throws: any input, of any type,
 * gives either a Quantity or a `QuantityError` whose `code` is `format`, `suffix` or `numeric`
 * (upstream's three errors, same messages), `range` (exponent beyond ±1,000,000, which upstream
 * accepts but cannot compute with) or `type` (not a string).
 */
export function parseQuantity(input: string): Result<Quantity, QuantityError> {
  if (typeof input !== 'string') return err(typeError(input));
  if (input.length === 0) return err(formatError(input));
  const common = parseCommonQuantity(input);
  return common === undefined ? parseQuantityStepwise(input) : ok(common);
}

/**
 * `parseQuantity` without the fast path for common spellings: upstream's parser step by step.
 * Exported for the property test that holds the two paths to identical results.
 */
export function parseQuantityStepwise(input: string): Result<Quantity, QuantityError> {
  if (typeof input !== 'string') return err(typeError(input));
  if (input.length === 0) return err(formatError(input));
  if (input === '0') return ok(Quantity[createQuantity](int64Amount(0n, 0), 'DecimalSI', input));

  const scanned = scanQuantity(input);
  if (scanned === undefined) return err(formatError(input));
  const suffix = interpretSuffix(scanned.suffix);
  if (suffix === undefined) return err(suffixError(input, scanned.suffix));

  const fast = fastPath(input, scanned, suffix);
  if (fast !== undefined) return finish(input, fast.amount, suffix.format, fast.retained);
  return slowPath(input, scanned, suffix);
}

/** Upstream's int64 fast path; undefined when it declines (too many digits, too fine, ...). */
function fastPath(
  input: string,
  { positive, num, denom }: ScannedQuantity,
  { exponent, format }: Suffix,
): { amount: Amount; retained: string | undefined } | undefined {
  let precision: number;
  let scale = 0;
  let multiplier = 1n;
  if (format === 'BinarySI') {
    if (exponent < 0 || denom.length > 0) return undefined;
    multiplier = 1n << BigInt(exponent);
    // Upstream estimates the decimal digits of 2^exponent as int32(float32(exponent)*3/10);
    // for exponents 10..60 that is exactly 3 per 1024.
    precision = 15 - num.length - (exponent / 10) * 3 - 1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision < 0) return undefined;
  scale = toInt32(scale - denom.length);
  if (scale < NANO) return undefined;

  const shifted = num + denom;
  const digits = BigInt(shifted);
  const product = digits * multiplier;
  if (!fitsInt64(product)) return undefined;
  const amount = int64Amount(positive ? product : -product, scale);

  // Keep the input string when it "looks canonical" by upstream's cheap test.
  const keep =
    format === 'BinarySI'
      ? (digits & 7n) !== 0n
      : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  return { amount, retained: keep ? input : undefined };
}

/** inf.Dec's SetString on the sign-and-number text; undefined when it has no digit. */
function scanDecimal(value: string): { unscaled: bigint; fractionDigits: number } | undefined {
  const dot = value.indexOf('.');
  const intPart = dot < 0 ? value : value.slice(0, dot);
  const fraction = dot < 0 ? '' : value.slice(dot + 1);
  const sign = intPart[0] === '-' || intPart[0] === '+' ? intPart[0] : '';
  const digits = intPart.slice(sign.length) + fraction;
  if (digits.length === 0) return undefined;
  return {
    unscaled: BigInt(`${sign === '-' ? '-' : ''}${digits}`),
    fractionDigits: fraction.length,
  };
}

function slowPath(
  input: string,
  scanned: ScannedQuantity,
  { base, exponent, format }: Suffix,
): Result<Quantity, QuantityError> {
  const parsed = scanDecimal(scanned.value);
  if (parsed === undefined) return err(numericError(input));
  let unscaled = parsed.unscaled;
  // inf.Dec scale (digits after the point), with Go's int32 wrap-around on both steps.
  let infScale = parsed.fractionDigits;
  if (base === 10) infScale = toInt32(infScale + toInt32(-exponent));
  else unscaled <<= BigInt(exponent);

  const negative = unscaled < 0n;
  let magnitude = abs(unscaled);
  const valueScale = -infScale;
  if (magnitude === 0n) return finish(input, decimalAmount(0n, valueScale), format, undefined);
  if (valueScale > SCALE_LIMIT) return err(rangeError(input, valueScale, SCALE_LIMIT));

  // Round to nano, away from zero: "if you want some resources, you should get some".
  magnitude =
    valueScale >= NANO
      ? magnitude * pow10(valueScale - NANO)
      : divPow10AwayFromZero(magnitude, NANO - valueScale).q;
  let amount = decimalAmount(magnitude, NANO);
  let finalFormat: QuantityFormat = format;
  if (format === 'BinarySI') {
    if (magnitude > BINARY_CAP_NANOS) amount = decimalAmount(INT64_MAX, 0);
    else if (magnitude < ONE_IN_NANOS) finalFormat = 'DecimalSI';
  }
  if (negative) amount = decimalAmount(-amount.mantissa, amount.scale);
  return ok(Quantity[createQuantity](amount, finalFormat, undefined));
}

function finish(
  input: string,
  amount: Amount,
  format: QuantityFormat,
  retained: string | undefined,
): Result<Quantity, QuantityError> {
  if (amount.mantissa !== 0n && amount.scale > SCALE_LIMIT) {
    return err(rangeError(input, amount.scale, SCALE_LIMIT));
  }
  return ok(Quantity[createQuantity](amount, format, retained));
}
