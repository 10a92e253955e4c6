import { err, ok, type Result } from 'neverthrow';
import { goQuote } from '../signals/go-quote';

/**
 * `intstr.IntOrString` as it appears in JSON: a number (`Type: Int`) or a string
 * (`Type: String`, expected to be a percentage such as `"25%"`).
 */
export type IntOrString = number | string;

/** Why `getScaledValueFromIntOrPercent` refused a value; `message` is upstream's error text. */
export interface IntOrPercentError {
  readonly code: 'invalid-int-or-percent';
  readonly value: unknown;
  readonly message: string;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Go's `strconv.Atoi` on a 64-bit platform: optional sign, decimal digits only (no
 * underscores, no base prefixes), int64 range. The error text is Go's.
 */
export function goAtoi(s: string): Result<number, string> {
  let digits = s;
  let negative = false;
  if (digits.startsWith('+') || digits.startsWith('-')) {
    negative = digits.startsWith('-');
    digits = digits.slice(1);
  }
  if (!/^[0-9]+$/.test(digits)) return err(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const value = negative ? -BigInt(digits) : BigInt(digits);
  if (value > INT64_MAX || value < INT64_MIN) {
    return err(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  }
  return ok(Number(value));
}

/**
 * Upstream `intstr.GetScaledValueFromIntOrPercent` (apimachinery): an int is returned as is; a
 * string must end in `%` and its number is scaled by `total` (`ceil` or `floor` of
 * `value × total / 100`, computed in float64 as upstream does); any other string is an error.
 * `undefined`/`null` is upstream's nil (`nil value for IntOrString`).
 */
export function getScaledValueFromIntOrPercent(
  value: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): Result<number, IntOrPercentError> {
  const fail = (message: string) =>
    err<number, IntOrPercentError>({ code: 'invalid-int-or-percent', value, message });
  if (value === undefined || value === null) return fail('nil value for IntOrString');
  if (typeof value === 'number') {
    // JSON that decodes into Type Int is an int32; anything else never reaches upstream code.
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      return fail('invalid value for IntOrString: invalid type: neither int nor percentage');
    }
    return ok(value);
  }
  if (typeof value !== 'string') {
    return fail('invalid value for IntOrString: invalid type: neither int nor percentage');
  }
  if (!value.endsWith('%')) {
    return fail('invalid value for IntOrString: invalid type: string is not a percentage');
  }
  const parsed = goAtoi(value.slice(0, -1));
  if (parsed.isErr()) {
    return fail(`invalid value for IntOrString: invalid value ${goQuote(value)}: ${parsed.error}`);
  }
  const scaled = (parsed.value * total) / 100;
  return ok(roundUp ? Math.ceil(scaled) : Math.floor(scaled));
}

/** Go's `int32(x)` conversion of an int: wraps modulo 2^32. */
export function toInt32(x: number): number {
  if (Number.isSafeInteger(x)) return Number(BigInt.asIntN(32, BigInt(x)));
  return Number.isFinite(x) ? Number(BigInt.asIntN(32, BigInt(Math.trunc(x)))) : 0;
}
