import { err, ok, type Result } from 'neverthrow';
import { displayValue } from './config-error';
import { goTimeQuote } from './go-quote';

/** Why Go's `time.ParseDuration` rejected a string; `message` is Go's own error text. */
export interface GoDurationError {
  code: 'invalid-duration';
  input: string;
  message: string;
}

const NANOS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const TWO_63 = 1n << 63n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Go's `time.ParseDuration`, exactly: an optional sign, then one or more `<number><unit>`
 * pieces (`1h30m`, `1.5h`, `300ms`, `-1s`, `2h45m0.5s`), units `ns us µs μs ms s m h`; a bare
 * `0` (optionally signed) is zero. Fractions are applied with Go's float64 arithmetic, and the
 * int64 range is enforced as Go does. Returns nanoseconds. Never throws.
 */
export function parseGoDuration(input: string): Result<bigint, GoDurationError> {
  if (typeof input !== 'string') {
    const shown = displayValue(input);
    return err({
      code: 'invalid-duration',
      input: shown,
      message: `time: invalid duration ${goTimeQuote(shown)}`,
    });
  }
  const invalid = () =>
    err<bigint, GoDurationError>({
      code: 'invalid-duration',
      input,
      message: `time: invalid duration ${goTimeQuote(input)}`,
    });
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return ok(0n);
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid();
    // Integer part.
    let i = 0;
    let whole = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (whole > TWO_63 / 10n) return invalid();
      whole = whole * 10n + BigInt(Number(s[i]));
      if (whole > TWO_63) return invalid();
    }
    const sawWhole = i > 0;
    s = s.slice(i);
    // Fraction part: Go keeps accumulating digits until they would overflow, then ignores the rest.
    let fraction = 0n;
    let scale = 1;
    let sawFraction = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (fraction > (TWO_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = fraction * 10n + BigInt(Number(s[j]));
        if (next > TWO_63) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      sawFraction = j > 0;
      s = s.slice(j);
    }
    if (!sawWhole && !sawFraction) return invalid();
    // Unit: everything up to the next digit or dot.
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) {
      return err({
        code: 'invalid-duration',
        input,
        message: `time: missing unit in duration ${goTimeQuote(input)}`,
      });
    }
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = NANOS_PER_UNIT.get(unitName);
    if (unit === undefined) {
      return err({
        code: 'invalid-duration',
        input,
        message: `time: unknown unit ${goTimeQuote(unitName)} in duration ${goTimeQuote(input)}`,
      });
    }
    if (whole > TWO_63 / unit) return invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // float64 keeps this nanosecond-exact for fractions of the largest unit, as in Go.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_63) return invalid();
    }
    total += value;
    if (total > TWO_63) return invalid();
  }
  if (negative) return ok(-total);
  if (total > TWO_63 - 1n) return invalid();
  return ok(total);
}

/** Nanoseconds to milliseconds (fractional when the duration is not a whole millisecond). */
export function nanosToMs(nanos: bigint): number {
  const whole = nanos / 1_000_000n;
  const rest = nanos % 1_000_000n;
  return Number(whole) + Number(rest) / 1e6;
}

/**
 * Milliseconds to nanoseconds, rounded to the nearest nanosecond, so that it inverts
 * {@link nanosToMs} (`0.000249` ms is 249 ns, although `0.000249 * 1e6` is 248.99999999999997).
 */
export function msToNanos(ms: number): bigint {
  const whole = Math.trunc(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/**
 * Go's `time.Duration.String()`: `0s`, `300ms`, `1.5µs`, `1m30s`, `5m0s`, `2h0m0s`, `-1s`.
 * Takes nanoseconds (int64 range).
 */
export function formatGoDuration(nanos: bigint): string {
  const negative = nanos < 0n;
  let u = negative ? -nanos : nanos;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string;
    let precision: number;
    if (u < 1_000n) {
      unit = 'ns';
      precision = 0;
    } else if (u < 1_000_000n) {
      unit = 'µs';
      precision = 3;
    } else {
      unit = 'ms';
      precision = 6;
    }
    const [intPart, frac] = splitFraction(u, precision);
    out = `${intPart}${frac}${unit}`;
  } else {
    const [seconds, frac] = splitFraction(u, 9);
    u = seconds;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}

/** `v / 10^precision` and its fraction as `.ddd` without trailing zeros (empty when zero). */
function splitFraction(v: bigint, precision: number): [bigint, string] {
  if (precision === 0) return [v, ''];
  const divisor = 10n ** BigInt(precision);
  const digits = (v % divisor).toString().padStart(precision, '0').replace(/0+$/, '');
  return [v / divisor, digits === '' ? '' : `.${digits}`];
}
