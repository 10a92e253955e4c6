// Canonical String(): upstream TestQuantityString, TestQuantityParseEmit, TestMilliNewSet,
// TestNewSet, TestNewScaledSet, TestQuantityCanocicalizeZero, the SEMANTICS §1.5 examples and the
// input-string retention quirk. Expectations are Kubernetes 1.37 (the newest released minor).
import { describe, expect, it } from 'vitest';
import { parseQuantity, Quantity, type QuantityFormat } from '../../src/signals/quantity';
import { decimalAmount, int64Amount } from '../../src/signals/quantity/amount';
import { createQuantity } from '../../src/signals/quantity/quantity';
import { q } from '../support/quantity';

const dec = (i: bigint | number, exponent: number, format: QuantityFormat = 'DecimalSI') =>
  Quantity[createQuantity](decimalAmount(BigInt(i), exponent), format);
const int = (i: bigint | number, exponent: number, format: QuantityFormat = 'DecimalSI') =>
  Quantity[createQuantity](int64Amount(BigInt(i), exponent), format);
const GI = 1024 ** 3;

describe('TestQuantityString (Kubernetes 1.37 table)', () => {
  // [value, canonical string, an alternate spelling that must print canonically ('' = none)]
  const table: [Quantity, string, string][] = [
    [dec(GI, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [dec(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
    [dec(1001 * GI, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [dec(1024 * GI, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [dec(5, 0, 'BinarySI'), '5', '5000m'],
    [dec(500, -3, 'BinarySI'), '500m', '0.5'],
    [dec(1, 9), '1G', '1000M'],
    [dec(1000, 6), '1G', '0.001T'],
    [dec(1000000, 3), '1G', ''],
    [dec(1000000000, 0), '1G', ''],
    [dec(1, -3), '1m', '1000u'],
    [dec(80, -3), '80m', ''],
    [dec(1080, -3), '1080m', '1.08'],
    [dec(108, -2), '1080m', '1080000000n'],
    [dec(10800, -4), '1080m', ''],
    [dec(300, 6), '300M', ''],
    [dec(1, 12), '1T', ''],
    [dec(1, 18), '1E', ''],
    [dec(1234567, 6), '1234567M', ''],
    [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
    [dec(3, 3), '3k', ''],
    [dec(1025, 0, 'BinarySI'), '1025', ''],
    [dec(0, 0), '0', ''],
    [dec(0, 0, 'BinarySI'), '0', ''],
    [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
    [dec(300, 6, 'DecimalExponent'), '300e6', ''],
    [dec(1, 12, 'DecimalExponent'), '1e12', ''],
    [dec(1, 3, 'DecimalExponent'), '1e3', ''],
    [dec(3, 3, 'DecimalExponent'), '3e3', ''],
    [dec(0, 0, 'DecimalExponent'), '0', '00'],
    [dec(1, -9), '1n', ''],
    [dec(80, -9), '80n', ''],
    [dec(1080, -9), '1080n', ''],
    [dec(108, -8), '1080n', ''],
    [dec(10800, -10), '1080n', ''],
    [dec(1, -6), '1u', ''],
    [dec(80, -6), '80u', ''],
    [dec(1080, -6), '1080u', ''],
  ];

  it.each(table)('%s prints %s', (value, canonical) => {
    expect(value.toString()).toBe(canonical);
  });

  it.each(table)('the same value on the int64 backend prints the same (%s)', (value, canonical) => {
    if (value.mantissa > 2n ** 63n - 1n) return;
    expect(int(value.mantissa, value.scale, value.format).toString()).toBe(canonical);
  });

  it.each(table)('parsing the canonical %s keeps that string', (_value, canonical) => {
    expect(q(canonical).toString()).toBe(canonical);
  });

  it.each(table.filter(([, , alt]) => alt !== ''))(
    'the alternate spelling of %s (%s / %s) prints canonically',
    (_value, canonical, alternate) => {
      expect(q(alternate).toString()).toBe(canonical);
    },
  );

  it.each(table.filter(([value]) => !value.isZero()))(
    'negated %s prints "-" + %s',
    (value, canonical) => {
      expect(value.neg().toString()).toBe(`-${canonical}`);
    },
  );
});

describe('suffix-less huge and tiny values (Kubernetes 1.37 drops the suffix; fixed only in 1.38)', () => {
  it.each([
    [dec(1, 21), '1', '1000E'],
    [dec(5, 21), '5', '5000E'],
    [dec(1, 24), '1', '1000000E'],
  ])('DecimalSI beyond E: %s prints %s', (value, printed, alternate) => {
    expect(value.toString()).toBe(printed);
    expect(q(alternate).toString()).toBe(printed);
  });

  it('DecimalExponent keeps any exponent', () => {
    expect(dec(1, 21, 'DecimalExponent').toString()).toBe('1e21');
    expect(q('1e21').toString()).toBe('1e21');
  });

  it.each([
    [dec(1, 70, 'BinarySI'), (5n ** 70n).toString()], // 1024^7 divides it, no suffix for 7
    [dec(2, 70, 'BinarySI'), (2n * 5n ** 70n).toString()],
    [dec(1, 72, 'BinarySI'), (4n * 5n ** 72n).toString()],
  ])('BinarySI beyond Ei: %s', (value, printed) => {
    expect(value.toString()).toBe(printed);
  });

  it('TestBinarySIPastEiArithmeticRoundTrip on 1.37: 1Ei × 1024 prints "1"', () => {
    expect(q('1Ei').mul(1024).toString()).toBe('1');
    expect(q('1Ei').mul(1024).value()).toBe(2n ** 70n);
  });

  it('below nano (only reachable from constructors): the suffix is dropped', () => {
    expect(dec(1, -12).toString()).toBe('1');
    expect(dec(1, -10).toString()).toBe('100');
    expect(Quantity.fromScaled(1, -12).toString()).toBe('1');
    expect(Quantity.fromScaled(1, -12).withFormat('DecimalExponent').toString()).toBe('1e-12');
  });

  it('arithmetic can reach them: 999E + 1E prints "1"', () => {
    expect(q('999E').add(q('1E')).toString()).toBe('1');
  });

  it('BinarySI math.MinInt64 on the int64 backend prints its digits, not -8Ei', () => {
    expect(Quantity.fromBigInt(-(2n ** 63n), 'BinarySI').toString()).toBe('-9223372036854775808');
    expect(q('-4Ei').add(q('-4Ei')).toString()).toBe('-8Ei'); // decimal backend
    expect(
      Quantity.fromBigInt(-(2n ** 62n), 'BinarySI')
        .add(Quantity.fromBigInt(-(2n ** 62n)))
        .toString(),
    ).toBe('-9223372036854775808');
  });
});

describe('TestQuantityParseEmit', () => {
  const table: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ];
  it.each(table)('%s -> %s', (input, printed) => {
    expect(q(input).toString()).toBe(printed);
  });
  it.each(table)('-%s -> -%s', (input, printed) => {
    expect(q(`-${input}`).toString()).toBe(`-${printed}`);
  });
});

describe('SEMANTICS §1.5 examples', () => {
  it.each([
    [Quantity.fromBigInt(GI, 'BinarySI'), '1Gi'],
    [Quantity.fromBigInt(300 * 1024 * 1024, 'BinarySI'), '300Mi'],
    [Quantity.fromBigInt(5, 'BinarySI'), '5'],
    [Quantity.fromMilli(500, 'BinarySI'), '500m'],
    [Quantity.fromBigInt(1025, 'BinarySI'), '1025'],
    [Quantity.fromBigInt(1001 * GI, 'BinarySI'), '1001Gi'],
    [Quantity.fromBigInt(1e9, 'DecimalSI'), '1G'],
    [Quantity.fromMilli(1080), '1080m'],
    [Quantity.fromMilli(1234567, 'BinarySI'), '1234567m'],
    [Quantity.fromBigInt(1e9, 'DecimalExponent'), '1e9'],
    [Quantity.fromScaled(1, -9), '1n'],
    [Quantity.fromMilli(1024, 'BinarySI'), '1024m'],
    [Quantity.fromBigInt(1000, 'BinarySI'), '1k'],
    [Quantity.fromBigInt(1000000, 'nonsense' as QuantityFormat), '1e6'],
    [q('1024Mi'), '1Gi'],
    [q('1000M'), '1G'],
    [q('.001Ki'), '1024m'],
    [q('.000001Ki'), '1024u'],
    [q('.000000001Ki'), '1024n'],
    [q('999999999999999999.1'), '999999999999999999100m'],
    [q('1000000000000000000'), '1E'],
    [q('10000000000000000000'), '10E'],
    [q('1.5e3'), '1500'],
    [q('1.5Gi'), '1536Mi'],
    [q('0.24Gi'), '257698037760m'],
    [q('-1Gi'), '-1Gi'],
    [q('-1.08'), '-1080m'],
    [q('-0'), '0'],
  ])('%s', (value, printed) => {
    expect(value.toString()).toBe(printed);
  });
});

describe('input-string retention (SEMANTICS §1.5.3, upstream fast path)', () => {
  it.each([
    ['+1Ki', '+1Ki'],
    ['+1', '+1'],
    ['01', '01'],
    ['1.500k', '1.500k'],
    ['1.500', '1.500'],
    ['1.G', '1.G'],
    ['+12Ki', '+12Ki'], // 12 is not a multiple of 8
    ['+1Ti', '+1Ti'], // Ti keeps at most 2 digits on the fast path
    ['+99999999999Ki', '+99999999999Ki'], // Ki: up to 11 digits
    ['+100', '+100'],
    ['+1e3', '+1e3'],
    ['-007m', '-007m'],
    ['100Mi', '100Mi'],
    ['2Gi', '2Gi'],
    ['1G', '1G'],
  ])('%s is kept verbatim', (input, printed) => {
    expect(q(input).toString()).toBe(printed);
    expect(q(input).toJSON()).toBe(printed);
  });

  it.each([
    ['1.0', '1'], // scale -1
    ['.5', '500m'], // digits start with 0
    ['0.1', '100m'],
    ['1.5', '1500m'],
    ['+8Ki', '8Ki'], // multiple of 8: recomputed
    ['+16Ki', '16Ki'],
    ['+100Ti', '100Ti'], // three digits of Ti: slow path
    ['+1Pi', '1Pi'], // Pi/Ei never take the fast path
    ['+100000000001Ki', '100000000001Ki'], // 12 digits: slow path
    ['+1000', '1k'], // ends in 000
    ['+1e2', '100'],
    ['1.50e3', '1500'],
    ['+1.5Ki', '1536'],
    ['+0.000000000001Ki', '2n'],
    ['+1234567890123456789', '1234567890123456789'], // 19 digits: slow path
  ])('%s is re-rendered as %s', (input, printed) => {
    expect(q(input).toString()).toBe(printed);
  });

  it('arithmetic drops the kept string', () => {
    expect(q('+1Ki').add(Quantity.zero()).toString()).toBe('1Ki');
    expect(q('+1Ki').sub(Quantity.zero()).toString()).toBe('1Ki');
    expect(q('+1Ki').neg().neg().toString()).toBe('1Ki');
    expect(q('01').mul(1).toString()).toBe('1');
  });

  it('RoundUp keeps it only when the int64 value is already at that scale', () => {
    expect(q('1.500').roundUp(-3).quantity.toString()).toBe('1.500');
    expect(q('1.500').roundUp(0).quantity.toString()).toBe('2');
    expect(q('1.500000000000000000001').roundUp(-30).quantity.toString()).toBe('1500000001n');
  });

  it('changing the format keeps it, as assigning upstream Format does', () => {
    expect(q('+1Ki').withFormat('DecimalSI').toString()).toBe('+1Ki');
    expect(q('1500').withFormat('BinarySI').toString()).toBe('1500');
    expect(q('1000').withFormat('BinarySI').toString()).toBe('1k');
    expect(q('2048').withFormat('BinarySI').toString()).toBe('2048'); // kept input
    expect(Quantity.fromBigInt(2048).withFormat('BinarySI').toString()).toBe('2Ki');
  });

  it('TestQuantityCanocicalizeZero: a computed zero prints "0"', () => {
    expect(q('1000m').sub(q('1')).toString()).toBe('0');
    expect(Quantity.zero('BinarySI').toString()).toBe('0');
    expect(q('-0.000').toString()).toBe('0');
  });
});

describe('constructors: TestNewSet, TestMilliNewSet, TestNewScaledSet', () => {
  it.each([
    [1, 'DecimalSI', '1'],
    [1000, 'DecimalSI', '1k'],
    [1234000, 'DecimalSI', '1234k'],
    [1024, 'BinarySI', '1Ki'],
    [1000000, 'invalidFormatDefaultsToExponent', '1e6'],
    [1024 * 1024, 'BinarySI', '1Mi'],
  ])('TestNewSet %d %s -> %s', (value, format, printed) => {
    const made = Quantity.fromBigInt(value, format as QuantityFormat);
    expect(made.toString()).toBe(printed);
    expect(q(made.toString()).value()).toBe(BigInt(value));
    expect(Quantity.fromBigInt(BigInt(value), format as QuantityFormat).toString()).toBe(printed);
  });

  it.each([
    [1, 'DecimalSI', '1m', true],
    [1000, 'DecimalSI', '1', true],
    [1234000, 'DecimalSI', '1234', true],
    [1024, 'BinarySI', '1024m', false],
    [1000000, 'invalidFormatDefaultsToExponent', '1e3', true],
    [1024 * 1024, 'BinarySI', '1048576m', false],
  ])('TestMilliNewSet %d %s -> %s', (value, format, printed, exact) => {
    const made = Quantity.fromMilli(value, format as QuantityFormat);
    expect(made.toString()).toBe(printed);
    if (exact) expect(q(made.toString()).milliValue()).toBe(BigInt(value));
  });

  it.each([
    [1, -9, '1n'],
    [1000, -9, '1u'],
    [1, -6, '1u'],
    [1000, -6, '1m'],
    [1, -3, '1m'],
    [1000, -3, '1'],
    [1, 0, '1'],
    [0, -9, '0'],
    [0, -6, '0'],
    [0, -3, '0'],
    [0, 0, '0'],
  ])('TestNewScaledSet %d × 10^%d -> %s', (value, scale, printed) => {
    const made = Quantity.fromScaled(value, scale);
    expect(made.toString()).toBe(printed);
    expect(made.format).toBe('DecimalSI');
    expect(q(made.toString()).scaledValue(scale)).toBe(BigInt(value));
  });

  it('non-integer and non-finite numbers never throw', () => {
    expect(Quantity.fromBigInt(0.1).toString()).toBe('100m');
    expect(Quantity.fromBigInt(1.5e-7).toString()).toBe('150n');
    expect(Quantity.fromBigInt(1e21).value()).toBe(10n ** 21n);
    expect(Quantity.fromBigInt(Number.NaN).isZero()).toBe(true);
    expect(Quantity.fromBigInt(Number.POSITIVE_INFINITY).isZero()).toBe(true);
    expect(Quantity.fromMilli(-0).toString()).toBe('0');
    expect(Quantity.fromScaled(1, 1.7).value()).toBe(10n);
    expect(Quantity.fromScaled(1, Number.NaN).value()).toBe(1n);
    expect(Quantity.fromScaled(1, 5e9).scale).toBe(1_000_000);
  });

  it('toJSON is the string form', () => {
    expect(JSON.stringify({ memory: q('1.5Gi') })).toBe('{"memory":"1536Mi"}');
    expect(parseQuantity(JSON.parse(JSON.stringify(q('+1Ki')))).isOk()).toBe(true);
  });
});
