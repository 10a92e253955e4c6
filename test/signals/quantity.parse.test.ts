// Parsing: upstream TestQuantityParse, TestParseQuantityString, TestQuantityParseZero,
// TestParseQuantity (quantity_test.go), the SEMANTICS §1 examples, and the exact error kinds.
// Expected values are those of Kubernetes 1.37 (the newest released minor).
import { describe, expect, it } from 'vitest';
import {
  FORMAT_MESSAGE,
  NUMERIC_MESSAGE,
  parseQuantity,
  Quantity,
  type QuantityFormat,
  SUFFIX_MESSAGE,
} from '../../src/signals/quantity';
import { decimalAmount, int64Amount } from '../../src/signals/quantity/amount';
import { createQuantity } from '../../src/signals/quantity/quantity';
import { scanQuantity } from '../../src/signals/quantity/scan';
import { q } from '../support/quantity';

/** upstream `decQuantity(i, exponent, format)`: i × 10^exponent on the inf.Dec backend. */
const dec = (i: bigint | number, exponent: number, format: QuantityFormat = 'DecimalSI') =>
  Quantity[createQuantity](decimalAmount(BigInt(i), exponent), format);
/** An exact decimal literal ("-12.5") as a Quantity, independent of the parser under test. */
function exact(literal: string): Quantity {
  const [int = '', frac = ''] = literal.split('.');
  return dec(BigInt(int + frac), -frac.length);
}
const MAX_INT64 = 2n ** 63n - 1n;

describe('TestQuantityParse (valid table, Kubernetes 1.37)', () => {
  const table: [string, Quantity][] = [
    ['0', dec(0, 0)],
    ['0n', dec(0, 0)],
    ['0u', dec(0, 0)],
    ['0m', dec(0, 0)],
    ['0Ki', dec(0, 0, 'BinarySI')],
    ['0k', dec(0, 0)],
    ['0Mi', dec(0, 0, 'BinarySI')],
    ['0M', dec(0, 0)],
    ['0Gi', dec(0, 0, 'BinarySI')],
    ['0G', dec(0, 0)],
    ['0Ti', dec(0, 0, 'BinarySI')],
    ['0T', dec(0, 0)],
    // Quantity less numbers are allowed
    ['1', dec(1, 0)],
    // Binary suffixes
    ['1Ki', dec(1024, 0, 'BinarySI')],
    ['8Ki', dec(8 * 1024, 0, 'BinarySI')],
    ['7Mi', dec(7 * 1024 ** 2, 0, 'BinarySI')],
    ['6Gi', dec(6 * 1024 ** 3, 0, 'BinarySI')],
    ['5Ti', dec(5 * 1024 ** 4, 0, 'BinarySI')],
    ['4Pi', dec(4n * 1024n ** 5n, 0, 'BinarySI')],
    ['3Ei', dec(3n * 1024n ** 6n, 0, 'BinarySI')],
    ['10Ti', dec(10 * 1024 ** 4, 0, 'BinarySI')],
    ['100Ti', dec(100 * 1024 ** 4, 0, 'BinarySI')],
    // Decimal suffixes
    ['5n', dec(5, -9)],
    ['4u', dec(4, -6)],
    ['3m', dec(3, -3)],
    ['9', dec(9, 0)],
    ['8k', dec(8, 3)],
    ['50k', dec(5, 4)],
    ['7M', dec(7, 6)],
    ['6G', dec(6, 9)],
    ['5T', dec(5, 12)],
    ['40T', dec(4, 13)],
    ['300T', dec(3, 14)],
    ['2P', dec(2, 15)],
    ['1E', dec(1, 18)],
    // Decimal exponents
    ['1E-3', dec(1, -3, 'DecimalExponent')],
    ['1e3', dec(1, 3, 'DecimalExponent')],
    ['1E6', dec(1, 6, 'DecimalExponent')],
    ['1e9', dec(1, 9, 'DecimalExponent')],
    ['1E12', dec(1, 12, 'DecimalExponent')],
    ['1e15', dec(1, 15, 'DecimalExponent')],
    ['1E18', dec(1, 18, 'DecimalExponent')],
    // Nonstandard but still parsable
    ['1e14', dec(1, 14, 'DecimalExponent')],
    ['1e13', dec(1, 13, 'DecimalExponent')],
    ['100.035k', dec(100035, 0)],
    // Things that look like floating point
    ['0.001', dec(1, -3)],
    ['0.0005k', dec(5, -1)],
    ['0.005', dec(5, -3)],
    ['0.05', dec(5, -2)],
    ['0.5', dec(5, -1)],
    ['0.00050k', dec(5, -1)],
    ['0.00500', dec(5, -3)],
    ['0.05000', dec(5, -2)],
    ['0.50000', dec(5, -1)],
    ['0.5e0', dec(5, -1, 'DecimalExponent')],
    ['0.5e-1', dec(5, -2, 'DecimalExponent')],
    ['0.5e-2', dec(5, -3, 'DecimalExponent')],
    ['10.035M', dec(10035, 3)],
    ['1.2e3', dec(12, 2, 'DecimalExponent')],
    ['1.3E+6', dec(13, 5, 'DecimalExponent')],
    ['1.40e9', dec(14, 8, 'DecimalExponent')],
    ['1.53E12', dec(153, 10, 'DecimalExponent')],
    ['1.6e15', dec(16, 14, 'DecimalExponent')],
    ['1.7E18', dec(17, 17, 'DecimalExponent')],
    ['9.01', dec(901, -2)],
    ['8.1k', dec(81, 2)],
    ['7.123456M', dec(7123456, 0)],
    ['6.987654321G', dec(6987654321, 0)],
    ['5.444T', dec(5444, 9)],
    ['40.1T', dec(401, 11)],
    ['300.2T', dec(3002, 11)],
    ['2.5P', dec(25, 14)],
    ['1.01E', dec(101, 16)],
    // Things that saturate/round
    ['3.001n', dec(4, -9)],
    ['1.1E-9', dec(2, -9, 'DecimalExponent')],
    ['0.0000000001', dec(1, -9)],
    ['0.0000000005', dec(1, -9)],
    ['0.00000000050', dec(1, -9)],
    ['0.5e-9', dec(1, -9, 'DecimalExponent')],
    ['0.9n', dec(1, -9)],
    ['0.00000012345', dec(124, -9)],
    ['0.00000012354', dec(124, -9)],
    ['9Ei', dec(MAX_INT64, 0, 'BinarySI')],
    ['9223372036854775807Ki', dec(MAX_INT64, 0, 'BinarySI')],
    ['12E', dec(12, 18)],
    // We'll accept fractional binary stuff, too.
    ['100.035Ki', dec(10243584, -2, 'BinarySI')],
    ['0.5Mi', dec(512 * 1024, 0, 'BinarySI')],
    ['0.05Gi', dec(536870912, -1, 'BinarySI')],
    ['0.025Ti', dec(274877906944, -1, 'BinarySI')],
    // Things written by trolls
    ['0.000000000001Ki', dec(2, -9)], // rounds up, changes format
    ['.001', dec(1, -3)],
    ['.0001k', dec(100, -3)],
    ['1.', dec(1, 0)],
    ['1.G', dec(1, 9)],
  ];

  it.each(table)('%s', (input, expected) => {
    const got = q(input);
    expect(got.cmp(expected)).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it.each(table)('-%s (negated, same format)', (input, expected) => {
    const got = q(`-${input}`);
    expect(got.cmp(expected.neg())).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it.each(table)('+%s (explicit plus)', (input, expected) => {
    const got = q(`+${input}`);
    expect(got.cmp(expected)).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it.each(table)('%s: rebuilt from its scanned parts gives the same value', (input) => {
    const got = q(input);
    const parts = scanQuantity(input)!;
    const rebuilt =
      (parts.positive ? '' : '-') +
      parts.num +
      (parts.denom.length > 0 ? `.${parts.denom}` : '') +
      parts.suffix;
    expect(q(rebuilt).cmp(got)).toBe(0);
  });

  it('empty string is an error', () => {
    expect(parseQuantity('').isErr()).toBe(true);
  });
});

describe('TestQuantityParse (invalid list) and the exact error kinds', () => {
  const table: [string, 'format' | 'suffix' | 'numeric'][] = [
    ['1.1.M', 'format'],
    ['1+1.0M', 'format'],
    ['0.1mi', 'suffix'],
    ['0.1am', 'format'],
    ['aoeu', 'format'],
    ['.5i', 'suffix'],
    ['1i', 'suffix'],
    ['-3.01i', 'suffix'],
    ['-3.01e-', 'suffix'],
    // trailing / leading whitespace is forbidden
    [' 1', 'format'],
    ['1 ', 'format'],
    // SEMANTICS §1.2 lists
    ['', 'format'],
    ['1e', 'suffix'],
    ['1K', 'suffix'],
    ['1mi', 'suffix'],
    ['1Ki3', 'suffix'],
    ['1Ki-', 'suffix'],
    ['1ee5', 'suffix'],
    ['1e99999999999999999999', 'suffix'], // exponent beyond int64: ParseInt fails
    ['1e+', 'suffix'],
    ['Non-Numeric', 'format'], // TestQuantityParseNonNumericPanic
    ['1\t', 'format'],
    ['1,5', 'format'],
    ['½', 'format'],
    ['1Ki\u0000', 'format'],
    ['--1', 'suffix'], // the second '-' starts the suffix
    ['1e5.5', 'format'],
    // The slow path hands a digit-less number to the big-decimal parser: ErrNumeric.
    ['Pi', 'numeric'],
    ['Ei', 'numeric'],
    ['-Ei', 'numeric'],
    ['.Pi', 'numeric'],
    ['e-10', 'numeric'],
    ['.e-10', 'numeric'],
    ['-.e-10', 'numeric'],
  ];
  const messages = { format: FORMAT_MESSAGE, suffix: SUFFIX_MESSAGE, numeric: NUMERIC_MESSAGE };

  it.each(table)('%j is a %s error with the upstream message', (input, code) => {
    const r = parseQuantity(input);
    expect(r.isErr()).toBe(true);
    if (r.isOk()) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toBe(messages[code]);
    expect(r.error.input).toBe(input);
  });

  it('upstream message texts', () => {
    expect(FORMAT_MESSAGE).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(SUFFIX_MESSAGE).toBe("unable to parse quantity's suffix");
    expect(NUMERIC_MESSAGE).toBe('unable to parse numeric part of quantity');
  });

  it('a suffix error names the suffix', () => {
    const r = parseQuantity('12Kii');
    expect(r.isErr() && r.error.code === 'suffix' && r.error.suffix).toBe('Kii');
  });

  it.each([
    [5, 'number'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'object'],
    [Object.create(null), 'object'],
    [Symbol('x'), 'symbol'],
    [10n, 'bigint'],
    [['1'], 'object'],
  ])('non-string %s gives a type error instead of throwing', (input, kind) => {
    const r = parseQuantity(input as unknown as string);
    expect(r.isErr() && r.error.code).toBe('type');
    expect(r.isErr() && r.error.input).toBe(`<${kind}>`);
  });
});

describe('scanner corner cases (TestParseQuantityString + SEMANTICS §1.2)', () => {
  it.each([
    ['0.025Ti', true, '0.025', '0', '025', 'Ti'],
    ['1.025Ti', true, '1.025', '1', '025', 'Ti'],
    ['-1.025Ti', false, '-1.025', '1', '025', 'Ti'],
    ['.', true, '.', '0', '', ''],
    ['-.', false, '-.', '0', '', ''],
    ['1E-3', true, '1', '1', '', 'E-3'],
  ])('%s', (input, positive, value, num, denom, suffix) => {
    expect(scanQuantity(input)).toEqual({ positive, value, num, denom, suffix });
  });

  it.each([
    ['-', '0'],
    ['+', '0'],
    ['-0', '0'],
    ['00', '0'],
    ['.', '0'],
    ['+.', '0'],
    ['Ki', '0'], // a bare suffix is a zero number
    ['k', '0'],
    ['m', '0'],
    ['Ti', '0'],
    ['e5', '0'],
    ['-.e5', '0'],
    ['0.0Ki', '0'],
    ['0e-2000000000', '0'],
    ['0e2000000000', '0'],
  ])('%j parses to zero', (input, printed) => {
    const got = q(input);
    expect(got.isZero()).toBe(true);
    expect(got.toString()).toBe(printed);
  });

  it('TestQuantityParseZero: "0" keeps its string', () => {
    expect(q('0').toString()).toBe('0');
    expect(q('0').format).toBe('DecimalSI');
  });
});

describe('exponent handling', () => {
  it.each([
    ['1e4294967297', 10n], // int32(4294967297) = 1
    ['1e4294967296', 1n], // int32(2^32) = 0
    ['1e-9223372036854775808', 1n], // int32(MinInt64) = 0
    ['1e-4294967295', 10n], // int32(-(2^32-1)) = 1
    ['2E+0003', 2000n],
    ['1e007', 10000000n],
  ])('%s truncates the exponent like Go int32() (Kubernetes 1.37)', (input, value) => {
    expect(q(input).value()).toBe(value);
    expect(q(input).format).toBe('DecimalExponent');
  });

  it('1E is exa (the DecimalSI table wins), 1E3/1e3/1e+3 are exponents', () => {
    expect(q('1E').format).toBe('DecimalSI');
    expect(q('1E').value()).toBe(10n ** 18n);
    for (const s of ['1E3', '1e3', '1e+3']) {
      expect(q(s).format).toBe('DecimalExponent');
      expect(q(s).value()).toBe(1000n);
    }
    expect(q('1E-3').milliValue()).toBe(1n);
  });

  it.each([
    '1e1000001',
    '1e2147483647',
    '1e2147483648', // int32 wraps to -2^31; the inf.Dec scale wraps back to 10^2147483648
    '1.5e-2147483648', // upstream: scale -2^31-1 wraps to +2147483647
    '1234567890123456789012e1000001',
  ])(
    '%s needs an exponent beyond ±1,000,000: range error (upstream accepts, then cannot compute)',
    (input) => {
      const r = parseQuantity(input);
      expect(r.isErr() && r.error.code).toBe('range');
    },
  );

  it('exponents at the limit still parse', () => {
    expect(q('1e1000000').toString()).toBe('10e999999');
    expect(q('1e999999').toString()).toBe('1e999999'); // kept input: exponent is a multiple of 3
    expect(q('1e999999').scale).toBe(999999);
    expect(q('1e-1000000000').toString()).toBe('1e-9'); // rounded up to nano, no big powers built
    expect(q('-5e-1000000000').toString()).toBe('-1e-9');
  });
});

describe('SEMANTICS §1.3 normalisation', () => {
  it.each([
    ['3.001n', '4n'],
    ['0.9n', '1n'],
    ['0.00000012345', '124n'],
    ['1.1E-9', '2e-9'],
    ['0.000000000001Ki', '2n'],
    ['-3.001n', '-4n'],
  ])('nano rounding away from zero: %s -> %s', (input, printed) => {
    expect(q(input).toString()).toBe(printed);
  });

  it('BinarySI is capped at 2^63-1, sign kept; decimal formats are not capped', () => {
    expect(q('9Ei').value()).toBe(MAX_INT64);
    expect(q('9Ei').format).toBe('BinarySI');
    expect(q('-9Ei').value()).toBe(-MAX_INT64);
    expect(q('8Ei').value()).toBe(MAX_INT64);
    expect(q('12E').value()).toBe(12n * 10n ** 18n);
    expect(q('10E').value()).toBe(10n ** 19n);
    expect(q('100000000000000000000000').value()).toBe(10n ** 23n);
  });

  it('BinarySI with 0 < |v| < 1 becomes DecimalSI; 1 and above stay BinarySI', () => {
    expect(q('0.000000000001Ki').format).toBe('DecimalSI');
    expect(q('.0005Ki').format).toBe('DecimalSI');
    expect(q('-.0005Ki').format).toBe('DecimalSI');
    expect(q('.001Ki').format).toBe('BinarySI');
    expect(q('0.0Ki').format).toBe('BinarySI');
  });

  it('fractional BinarySI is exact', () => {
    expect(q('0.5Mi').value()).toBe(524288n);
    expect(q('100.035Ki').cmp(exact('102435.84'))).toBe(0);
  });
});

describe('TestParseQuantity (18/19/20-digit and int64-boundary inputs, Kubernetes 1.37)', () => {
  // [input, AsInt64 (undefined = not available on 1.37), exact value, canonical (default: input)]
  const table: [string, bigint | undefined, string, string?][] = [
    ['-999999999999999999', -999999999999999999n, '-999999999999999999'],
    ['999999999999999999', 999999999999999999n, '999999999999999999'],
    ['-999999999999999999.0', undefined, '-999999999999999999', '-999999999999999999'],
    ['999999999999999999.0', undefined, '999999999999999999', '999999999999999999'],
    ['-999999999999999999.1', undefined, '-999999999999999999.1', '-999999999999999999100m'],
    ['999999999999999999.1', undefined, '999999999999999999.1', '999999999999999999100m'],
    ['-9999999999999999999', undefined, '-9999999999999999999'],
    ['9999999999999999999', undefined, '9999999999999999999'],
    ['-1E', -1000000000000000000n, '-1000000000000000000'],
    ['1E', 1000000000000000000n, '1000000000000000000'],
    ['-1000000000000000000', undefined, '-1000000000000000000', '-1E'],
    ['1000000000000000000', undefined, '1000000000000000000', '1E'],
    ['-9999999999999999999.0', undefined, '-9999999999999999999', '-9999999999999999999'],
    ['9999999999999999999.0', undefined, '9999999999999999999', '9999999999999999999'],
    ['-1.0E', -1000000000000000000n, '-1000000000000000000', '-1E'],
    ['1.0E', 1000000000000000000n, '1000000000000000000', '1E'],
    ['-1000000000000000000.0', undefined, '-1000000000000000000', '-1E'],
    ['1000000000000000000.0', undefined, '1000000000000000000', '1E'],
    ['-9999999999999999999000m', undefined, '-9999999999999999999', '-9999999999999999999'],
    ['9999999999999999999000m', undefined, '9999999999999999999', '9999999999999999999'],
    ['-9999999999999999999.1', undefined, '-9999999999999999999.1', '-9999999999999999999100m'],
    ['9999999999999999999.1', undefined, '9999999999999999999.1', '9999999999999999999100m'],
    ['-1.0000000000000000001E', undefined, '-1000000000000000000.1', '-1000000000000000000100m'],
    ['1.0000000000000000001E', undefined, '1000000000000000000.1', '1000000000000000000100m'],
    ['-1000000000000000000.1', undefined, '-1000000000000000000.1', '-1000000000000000000100m'],
    ['1000000000000000000.1', undefined, '1000000000000000000.1', '1000000000000000000100m'],
    ['-1.000000000000000001E', undefined, '-1000000000000000001', '-1000000000000000001'],
    ['1.000000000000000001E', undefined, '1000000000000000001', '1000000000000000001'],
    ['-1000000000000000001', undefined, '-1000000000000000001'],
    ['1000000000000000001', undefined, '1000000000000000001'],
    ['-10E', undefined, '-10000000000000000000'],
    ['10E', undefined, '10000000000000000000'],
    ['-10000000000000000000', undefined, '-10000000000000000000', '-10E'],
    ['10000000000000000000', undefined, '10000000000000000000', '10E'],
    ['-10.0E', undefined, '-10000000000000000000', '-10E'],
    ['10.0E', undefined, '10000000000000000000', '10E'],
    ['-10000000000000000000000m', undefined, '-10000000000000000000', '-10E'],
    ['10000000000000000000000m', undefined, '10000000000000000000', '10E'],
    ['-10.0000000000000000001E', undefined, '-10000000000000000000.1', '-10000000000000000000100m'],
    ['10.0000000000000000001E', undefined, '10000000000000000000.1', '10000000000000000000100m'],
    ['-10.000000000000000001E', undefined, '-10000000000000000001', '-10000000000000000001'],
    ['10.000000000000000001E', undefined, '10000000000000000001', '10000000000000000001'],
    ['-9223372036854775809', undefined, '-9223372036854775809'],
    ['9223372036854775806', undefined, '9223372036854775806'],
    ['-9223372036854775809.1', undefined, '-9223372036854775809.1', '-9223372036854775809100m'],
    ['9223372036854775806.1', undefined, '9223372036854775806.1', '9223372036854775806100m'],
    ['-9223372036854775808', undefined, '-9223372036854775808'],
    ['9223372036854775807', undefined, '9223372036854775807'],
    ['-9223372036854775808000m', undefined, '-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775807000m', undefined, '9223372036854775807', '9223372036854775807'],
    ['-9223372036854775807', undefined, '-9223372036854775807'],
    ['9223372036854775808', undefined, '9223372036854775808'],
    ['9223372036854775808.1', undefined, '9223372036854775808.1', '9223372036854775808100m'],
  ];

  it.each(table)('%s', (input, int64, value, canonical) => {
    const got = q(input);
    expect(got.asInt64()).toBe(int64);
    expect(got.cmp(exact(value))).toBe(0);
    expect(got.toString()).toBe(canonical ?? input);
  });
});

describe('constructors used as expected values are consistent with parsing', () => {
  it('int64 and decimal backends compare equal for the same value', () => {
    const i = Quantity[createQuantity](int64Amount(901n, -2), 'DecimalSI');
    expect(i.cmp(dec(901, -2))).toBe(0);
    expect(q('9.01').backend).toBe('int64');
    expect(q('9.010000000000000000001').backend).toBe('decimal');
  });
});
