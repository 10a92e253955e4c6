import { err, ok, type Result } from 'neverthrow';
import { goQuote } from './go-quote';

// Go's strconv parsers that kubelet configuration goes through, with Go's exact error text.

/** Why a Go `strconv` parser rejected a string; `message` is Go's own error text. */
export interface GoNumberError {
  kind: 'syntax' | 'range';
  input: string;
  message: string;
}

/** Why Go's `strconv.ParseFloat` rejected a string. */
export type GoFloatError = GoNumberError;

/**
 * Go's `strconv.ParseFloat(s, 32)`: decimal and hexadecimal floating-point literals with Go's
 * underscore rules, `inf`/`infinity`/`nan` in any case, correctly rounded (round half to even)
 * to the nearest float32. Values beyond float32 range are a `range` error (Go also returns ±Inf
 * then, which callers here never use); values below the smallest subnormal round to zero
 * without error, as in Go. Never throws.
 */
export function parseGoFloat32(s: string): Result<number, GoFloatError> {
  const special = parseSpecial(s);
  if (special !== undefined) {
    return special.length === s.length ? ok(special.value) : err(syntaxError(s));
  }
  const scanned = scanFloat(s);
  if (scanned === undefined || scanned.end !== s.length) return err(syntaxError(s));
  const rounded = scanned.hex
    ? roundBinary(scanned.mantissa, scanned.exponent)
    : roundDecimal(scanned.mantissa, scanned.exponent);
  if (rounded.overflow) return err(rangeError(s));
  return ok(scanned.negative ? -rounded.value : rounded.value);
}

function numberError(fn: string, kind: 'syntax' | 'range', input: string): GoNumberError {
  const reason = kind === 'syntax' ? 'invalid syntax' : 'value out of range';
  return { kind, input, message: `strconv.${fn}: parsing ${goQuote(input)}: ${reason}` };
}

const syntaxError = (input: string) => numberError('ParseFloat', 'syntax', input);
const rangeError = (input: string) => numberError('ParseFloat', 'range', input);

/**
 * Go's `strconv.ParseInt(s, 0, 32)` (what pflag's int32 flags use): optional sign, base
 * prefixes `0x`, `0o`, `0b` and a bare leading `0` for octal, underscores between digits.
 */
export function parseGoInt32(s: string): Result<number, GoNumberError> {
  const fail = (kind: 'syntax' | 'range') =>
    err<number, GoNumberError>(numberError('ParseInt', kind, s));
  let rest = s;
  let negative = false;
  if (rest[0] === '+') rest = rest.slice(1);
  else if (rest[0] === '-') {
    negative = true;
    rest = rest.slice(1);
  }
  const magnitude = parseUint32Magnitude(rest);
  if (magnitude === 'syntax') return fail('syntax');
  const cutoff = 2n ** 31n;
  if (magnitude === 'range') return fail('range');
  if (!negative && magnitude >= cutoff) return fail('range');
  if (negative && magnitude > cutoff) return fail('range');
  return ok(Number(negative ? -magnitude : magnitude));
}

/** `strconv.ParseUint(s, 0, 32)` without its error text. */
function parseUint32Magnitude(s0: string): bigint | 'syntax' | 'range' {
  if (s0 === '') return 'syntax';
  let s = s0;
  let base = 10n;
  if (s[0] === '0') {
    const prefix = s.length >= 3 ? asciiLower(s[1]) : undefined;
    const prefixed: Record<string, bigint> = { b: 2n, o: 8n, x: 16n };
    const prefixBase = prefix === undefined ? undefined : prefixed[prefix];
    base = prefixBase ?? 8n;
    s = s.slice(prefixBase === undefined ? 1 : 2);
  }
  const maxValue = 2n ** 32n - 1n;
  let underscores = false;
  let n = 0n;
  for (const c of s) {
    let digit: bigint;
    const lower = asciiLower(c) ?? '';
    if (c === '_') {
      underscores = true;
      continue;
    } else if (isDigit(c)) digit = BigInt(Number(c));
    else if (lower >= 'a' && lower <= 'z' && lower.length === 1) {
      digit = BigInt(lower.charCodeAt(0) - 87);
    } else return 'syntax';
    if (digit >= base) return 'syntax';
    n = n * base + digit;
    if (n > maxValue) return 'range';
  }
  if (underscores && !underscoreOK(s0)) return 'syntax';
  return n;
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(s: string): Result<boolean, GoNumberError> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return ok(true);
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return ok(false);
  return err(numberError('ParseBool', 'syntax', s));
}

/** Go's `special`: optional sign + `inf`/`infinity`, or `nan` without sign, any case. */
function parseSpecial(s: string): { value: number; length: number } | undefined {
  let rest = s;
  let sign = 1;
  let signLength = 0;
  if (rest[0] === '+' || rest[0] === '-') {
    sign = rest[0] === '-' ? -1 : 1;
    signLength = 1;
    rest = rest.slice(1);
  } else if (commonPrefixLengthIgnoreCase(rest, 'nan') === 3) {
    return { value: Number.NaN, length: 3 };
  }
  let n = commonPrefixLengthIgnoreCase(rest, 'infinity');
  // Anything from "inf" up to "infinity" is accepted, but only the full word or "inf" is consumed.
  if (n > 3 && n < 8) n = 3;
  if (n === 3 || n === 8) return { value: sign * Number.POSITIVE_INFINITY, length: signLength + n };
  return undefined;
}

function commonPrefixLengthIgnoreCase(s: string, prefix: string): number {
  let i = 0;
  while (i < prefix.length && i < s.length && asciiLower(s[i]) === prefix[i]) i++;
  return i;
}

/** ASCII-only lower-casing, like Go's byte-wise helpers. */
function asciiLower(c: string | undefined): string | undefined {
  return c !== undefined && c >= 'A' && c <= 'Z' ? String.fromCharCode(c.charCodeAt(0) + 32) : c;
}

interface ScannedFloat {
  negative: boolean;
  hex: boolean;
  /** All significant digits as an integer. */
  mantissa: bigint;
  /** Value = mantissa × 10^exponent (decimal) or × 2^exponent (hex). */
  exponent: number;
  /** Index after the last character that belongs to the number. */
  end: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHexLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));

/** Go's `readFloat`, keeping every digit instead of truncating (the result is the same exact value). */
function scanFloat(s: string): ScannedFloat | undefined {
  let i = 0;
  let negative = false;
  let underscores = false;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    negative = true;
    i++;
  }
  let hex = false;
  if (i + 2 < s.length && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    hex = true;
    i += 2;
  }
  let sawDot = false;
  let digits = '';
  let fractionDigits = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '_') {
      underscores = true;
      continue;
    }
    if (c === '.') {
      if (sawDot) break;
      sawDot = true;
      continue;
    }
    if (isDigit(c) || (hex && isHexLetter(c))) {
      digits += c;
      if (sawDot) fractionDigits++;
      continue;
    }
    break;
  }
  if (digits === '') return undefined;
  let exponent = 0;
  const exponentChar = hex ? 'p' : 'e';
  if (i < s.length && asciiLower(s[i]) === exponentChar) {
    i++;
    let sign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      sign = -1;
      i++;
    }
    if (!isDigit(s[i])) return undefined;
    let e = 0;
    for (; i < s.length && (isDigit(s[i]) || s[i] === '_'); i++) {
      if (s[i] === '_') {
        underscores = true;
        continue;
      }
      // Go stops accumulating here too; such exponents overflow or underflow anyway.
      if (e < 10000) e = e * 10 + Number(s[i]);
    }
    exponent = sign * e;
  } else if (hex) {
    return undefined; // a hexadecimal float needs its p exponent
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return undefined;
  const mantissa = BigInt(hex ? `0x${digits}` : digits);
  return {
    negative,
    hex,
    mantissa,
    exponent: hex ? exponent - 4 * fractionDigits : exponent - fractionDigits,
    end: i,
  };
}

/** Go's `underscoreOK`: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(text: string): boolean {
  let s = text;
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  const prefix = asciiLower(s[1]);
  if (s.length >= 2 && s[0] === '0' && (prefix === 'b' || prefix === 'o' || prefix === 'x')) {
    i = 2;
    saw = '0';
    hex = prefix === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if (isDigit(c) || (hex && isHexLetter(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

interface Rounded {
  value: number;
  overflow: boolean;
}

function roundDecimal(mantissa: bigint, exponent: number): Rounded {
  if (mantissa === 0n) return { value: 0, overflow: false };
  const digits = mantissa.toString().length;
  // 10^(digits+exponent-1) <= value < 10^(digits+exponent); float32 spans ~1.4e-45 .. 3.4e38.
  if (digits + exponent > 40) return { value: Number.POSITIVE_INFINITY, overflow: true };
  if (digits + exponent < -46) return { value: 0, overflow: false };
  return exponent >= 0
    ? roundRational(mantissa * 10n ** BigInt(exponent), 1n)
    : roundRational(mantissa, 10n ** BigInt(-exponent));
}

function roundBinary(mantissa: bigint, exponent: number): Rounded {
  if (mantissa === 0n) return { value: 0, overflow: false };
  const bits = bitLength(mantissa);
  if (bits + exponent > 129) return { value: Number.POSITIVE_INFINITY, overflow: true };
  if (bits + exponent < -150) return { value: 0, overflow: false };
  return exponent >= 0
    ? roundRational(mantissa << BigInt(exponent), 1n)
    : roundRational(mantissa, 1n << BigInt(-exponent));
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Round the positive rational num/den to the nearest float32, ties to even. */
function roundRational(num: bigint, den: bigint): Rounded {
  let e = bitLength(num) - bitLength(den);
  const atLeast = e >= 0 ? num >= den << BigInt(e) : num << BigInt(-e) >= den;
  if (!atLeast) e -= 1;
  // 24 significant bits; below 2^-126 the quantum stays 2^-149 (subnormals).
  const q = Math.max(e - 23, -149);
  const n = q >= 0 ? num : num << BigInt(-q);
  const d = q >= 0 ? den << BigInt(q) : den;
  let m = n / d;
  const twiceRemainder = 2n * (n % d);
  if (twiceRemainder > d || (twiceRemainder === d && m % 2n === 1n)) m += 1n;
  if (q > 104 || (q === 104 && m >= 1n << 24n)) {
    return { value: Number.POSITIVE_INFINITY, overflow: true };
  }
  return { value: Number(m) * 2 ** q, overflow: false };
}
