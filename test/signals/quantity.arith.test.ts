// Comparison, arithmetic and integer accessors: upstream TestQuantityCmp,
// TestQuantityCmpInt64AndDec, TestQuantityAddZeroPreservesSuffix, TestQuantitySubZeroPreservesSuffix,
// TestAdd, TestSub, TestNeg, TestQuantityNeg, TestMul, TestQuantityRoundUp, TestScaledValue, plus
// the Value()/MilliValue() rounding of each backend (Kubernetes 1.37) and values beyond int64.
import { describe, expect, it } from 'vitest';
import { Quantity, type QuantityFormat } from '../../src/signals/quantity';
import { decimalAmount, int64Amount } from '../../src/signals/quantity/amount';
import { createQuantity } from '../../src/signals/quantity/quantity';
import { q } from '../support/quantity';

const dec = (i: bigint | number, exponent: number, format: QuantityFormat = 'DecimalSI') =>
  Quantity[createQuantity](decimalAmount(BigInt(i), exponent), format);
const int = (i: bigint | number, exponent: number, format: QuantityFormat = 'DecimalSI') =>
  Quantity[createQuantity](int64Amount(BigInt(i), exponent), format);
const MOST_POSITIVE = 2n ** 63n - 1n;
const MOST_NEGATIVE = -(2n ** 63n);
const E18 = 10n ** 18n;

describe('TestQuantityCmp', () => {
  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
  ])('%s vs %s', (x, y, expected) => {
    expect(q(x).cmp(q(y))).toBe(expected);
  });

  it.each([
    [dec(0, 0), dec(0, 0), 0],
    [Quantity.zero(), dec(0, 0), 0],
    [dec(0, 0), Quantity.zero(), 0],
    [Quantity.zero(), Quantity.zero(), 0],
    [Quantity.zero(), dec(10, 0), -1],
    [Quantity.zero(), dec(-10, 0), 1],
    [dec(10, 0), Quantity.zero(), 1],
    [dec(-10, 0), Quantity.zero(), -1],
  ])('with zeros: %s vs %s', (x, y, expected) => {
    expect(x.cmp(y)).toBe(expected);
  });
});

describe('TestQuantityCmpInt64AndDec (every backend combination)', () => {
  const table: [bigint, number, bigint, number, number][] = [
    [901n, -2, 901n, -2, 0],
    [90n, -1, 901n, -2, -1],
    [901n, -2, 900n, -2, 1],
    [0n, 0, 0n, 0, 0],
    [0n, 1, 0n, -1, 0],
    [0n, -1, 0n, 1, 0],
    [800n, -3, 1n, 0, -1],
    [800n, -3, 79n, -2, 1],
    [MOST_POSITIVE, 0, 1n, -1, 1],
    [MOST_POSITIVE, 1, 1n, 0, 1],
    [MOST_POSITIVE, 1, 1n, 1, 1],
    [MOST_POSITIVE, 1, 0n, 1, 1],
    [MOST_POSITIVE, -16, 1n, 3, -1],
    [MOST_NEGATIVE, 0, 0n, 0, -1],
    [MOST_NEGATIVE, -18, -1n, 0, -1],
    [MOST_NEGATIVE, -19, -1n, 0, 1],
    [E18, -17, 1n, 1, 0],
    [E18, -17, -10n, 0, 1],
    [-E18, -17, -10n, 0, 0],
    [E18, -17, 1n, 0, 1],
    [E18 + 1n, -17, 1n, 1, 1],
    [E18 - 1n, -17, 1n, 1, -1],
  ];
  const makers = { int, dec };
  for (const [ka, kb] of [
    ['int', 'int'],
    ['dec', 'int'],
    ['int', 'dec'],
    ['dec', 'dec'],
  ] as const) {
    it.each(table)(`${ka}(%s,%s) vs ${kb}(%s,%s) is %s`, (av, as, bv, bs, expected) => {
      const a = makers[ka](av, as);
      const b = makers[kb](bv, bs);
      expect(a.cmp(b)).toBe(expected);
      expect(b.cmp(a)).toBe(0 - expected);
    });
  }

  it('far-apart scales compare without building huge powers, and exactly', () => {
    expect(Quantity.fromScaled(1, 1_000_000).cmp(Quantity.fromScaled(9, 999_999))).toBe(1);
    expect(Quantity.fromScaled(1, -1_000_000).cmp(Quantity.fromScaled(1, 1_000_000))).toBe(-1);
    expect(Quantity.fromScaled(-1, 1_000_000).cmp(Quantity.fromScaled(-1, -1_000_000))).toBe(-1);
    expect(Quantity.fromScaled(10, 999_999).cmp(Quantity.fromScaled(1, 1_000_000))).toBe(0);
    expect(q('1e999999').cmp(q('1000000e999993'))).toBe(0);
    expect(q('1e999999').equals(q('1001e999996'))).toBe(false);
  });
});

describe('TestQuantityAddZeroPreservesSuffix / TestQuantitySubZeroPreservesSuffix', () => {
  it.each(['100m', '1Gi'])('%s', (text) => {
    const zero = q('0');
    const value = q(text);
    expect(value.add(zero).toString()).toBe(text);
    expect(zero.add(value).toString()).toBe(text);
    expect(value.sub(zero).toString()).toBe(text);
    expect(zero.sub(value).toString()).toBe(value.neg().toString());
    expect(zero.sub(value).format).toBe(value.format);
  });
});

describe('TestAdd / TestSub', () => {
  it.each([
    [dec(10, 0), dec(1, 1), dec(20, 0)],
    [dec(10, 0), dec(1, 0, 'BinarySI'), dec(11, 0)],
    [dec(10, 0, 'BinarySI'), dec(1, 0), dec(11, 0, 'BinarySI')],
    [Quantity.zero(), dec(50, 0), dec(50, 0)],
    [dec(50, 0), Quantity.zero(), dec(50, 0)],
    [Quantity.zero(), Quantity.zero(), dec(0, 0)],
    [Quantity.zero('DecimalExponent'), q('1Gi'), q('1Gi')], // zero receiver adopts the format
    [q('1Gi'), Quantity.zero('DecimalExponent'), q('1Gi')],
  ])('TestAdd %s + %s', (a, b, expected) => {
    const got = a.add(b);
    expect(got.cmp(expected)).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it.each([
    [dec(10, 0), dec(1, 1), dec(0, 0)],
    [dec(10, 0), dec(1, 0, 'BinarySI'), dec(9, 0)],
    [dec(10, 0, 'BinarySI'), dec(1, 0), dec(9, 0, 'BinarySI')],
    [Quantity.zero(), dec(50, 0), dec(-50, 0)],
    [dec(50, 0), Quantity.zero(), dec(50, 0)],
    [Quantity.zero(), Quantity.zero(), dec(0, 0)],
  ])('TestSub %s - %s', (a, b, expected) => {
    const got = a.sub(b);
    expect(got.cmp(expected)).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it('a zero receiver adopts the format even when the other operand is zero too', () => {
    expect(Quantity.zero('BinarySI').add(Quantity.zero('DecimalExponent')).format).toBe(
      'DecimalExponent',
    );
    expect(dec(0, 5, 'BinarySI').sub(q('1m')).format).toBe('DecimalSI');
  });

  it('backends follow upstream: int64 while it fits, inf.Dec after an overflow', () => {
    expect(q('1').add(q('2')).backend).toBe('int64');
    const sum = Quantity.fromBigInt(MOST_POSITIVE).add(Quantity.fromBigInt(1));
    expect(sum.backend).toBe('decimal');
    expect(sum.value()).toBe(2n ** 63n);
    // the aligned intermediate (10 × 10^18) overflows even though the sum would fit
    const aligned = int(10, 18).add(int(-E18, 0));
    expect(aligned.backend).toBe('decimal');
    expect(aligned.value()).toBe(9n * E18);
    // adding a zero keeps the receiver's own (value, scale)
    const kept = int(5, 3).add(int(0, -3));
    expect([kept.mantissa, kept.scale, kept.backend]).toEqual([5n, 3, 'int64']);
    expect(int(0, 7).add(int(5, 3)).scale).toBe(3);
    // any decimal operand makes the result decimal, at the finer scale
    const mixed = int(15, -1).add(dec(1, 0));
    expect([mixed.mantissa, mixed.scale, mixed.backend]).toEqual([25n, -1, 'decimal']);
  });

  it('math.MinInt64 is negated exactly (upstream 1.37 wraps; documented divergence)', () => {
    const min = Quantity.fromBigInt(MOST_NEGATIVE);
    expect(min.neg().value()).toBe(2n ** 63n);
    expect(min.neg().backend).toBe('decimal');
    expect(Quantity.zero().sub(min).value()).toBe(2n ** 63n);
    expect(Quantity.fromBigInt(1).sub(min).value()).toBe(2n ** 63n + 1n);
    expect(int(1, 1).sub(min).toString()).toBe('9223372036854775818');
    expect(Quantity.fromBigInt(MOST_NEGATIVE + 1n).neg().backend).toBe('int64');
  });

  it('far-apart scales add exactly', () => {
    const sum = Quantity.fromScaled(1, 1000).add(Quantity.fromScaled(1, -1000));
    expect(sum.sub(Quantity.fromScaled(1, 1000)).cmp(Quantity.fromScaled(1, -1000))).toBe(0);
  });
});

describe('TestNeg / TestQuantityNeg', () => {
  it.each([
    [int(0, 0), int(0, 0)],
    [Quantity.zero(), Quantity.zero()],
    [int(10, 0, 'BinarySI'), int(-10, 0, 'BinarySI')],
    [int(-10, 0, 'BinarySI'), int(10, 0, 'BinarySI')],
    [dec(0, 0), int(0, 0)],
    [dec(10, 0, 'BinarySI'), int(-10, 0, 'BinarySI')],
    [dec(-10, 0, 'BinarySI'), int(10, 0, 'BinarySI')],
  ])('TestNeg %s', (a, expected) => {
    expect(a.neg().cmp(expected)).toBe(0);
    expect(a.neg().format).toBe(a.format);
  });

  it.each([int(901, -2), dec(901, -2)])('TestQuantityNeg %s -> -9010m', (a) => {
    expect(a.neg().toString()).toBe('-9010m');
    expect(a.toString()).toBe('9010m'); // the source is untouched
  });
});

describe('TestMul', () => {
  it.each([
    [dec(10, 0), 10n, dec(100, 0)],
    [dec(10, 0), 1n, dec(10, 0)],
    [dec(10, 0, 'BinarySI'), 1n, dec(10, 0, 'BinarySI')],
    [Quantity.zero(), 50n, dec(0, 0)],
    [dec(50, 0), 0n, dec(0, 0)],
    [Quantity.zero(), 0n, dec(0, 0)],
    [dec(10, 0), -10n, dec(-100, 0)],
    [dec(-10, 0), 1n, dec(-10, 0)],
    [dec(10, 0, 'BinarySI'), -1n, dec(-10, 0, 'BinarySI')],
    [dec(-50, 0), 0n, dec(0, 0)],
    [dec(-50, 0), -50n, dec(2500, 0)],
    [Quantity.zero(), -50n, dec(0, 0)],
    [dec(MOST_POSITIVE, 0), 0n, dec(0, 1)],
    [dec(MOST_POSITIVE, 0), 1n, dec(MOST_POSITIVE, 0)],
    [dec(MOST_POSITIVE, 0), -1n, dec(-MOST_POSITIVE, 0)],
    [dec(MOST_POSITIVE / 2n, 0), 2n, dec((MOST_POSITIVE / 2n) * 2n, 0)],
    [dec(MOST_POSITIVE / -2n, 0), -2n, dec((MOST_POSITIVE / 2n) * 2n, 0)],
    [dec(MOST_POSITIVE, 0), 2n, dec(MOST_POSITIVE * 2n, 0)],
    [dec(MOST_POSITIVE, 0), 10n, dec(MOST_POSITIVE, 1)],
    [dec(MOST_POSITIVE, 0), -10n, dec(-MOST_POSITIVE, 1)],
    [dec(MOST_NEGATIVE, 0), 0n, dec(0, 1)],
    [dec(MOST_NEGATIVE, 0), 1n, dec(MOST_NEGATIVE, 0)],
    [dec(MOST_NEGATIVE, 0), -1n, dec(MOST_POSITIVE + 1n, 0)],
    [dec(MOST_NEGATIVE / 2n, 0), 2n, dec(MOST_NEGATIVE, 0)],
    [dec(MOST_NEGATIVE / -2n, 0), -2n, dec(MOST_NEGATIVE, 0)],
    [dec(MOST_NEGATIVE, 0), 2n, dec(MOST_NEGATIVE * 2n, 0)],
    [dec(MOST_NEGATIVE, 0), 10n, dec(MOST_NEGATIVE, 1)],
    [dec(MOST_NEGATIVE, 0), -10n, dec(MOST_POSITIVE + 1n, 1)],
  ])('%s × %s', (a, factor, expected) => {
    const got = a.mul(factor);
    expect(got.cmp(expected)).toBe(0);
    expect(got.format).toBe(a.format);
  });

  it('int64 products stay int64 unless they overflow or leave a fraction', () => {
    expect(int(7, 3).mul(3).backend).toBe('int64');
    expect(int(MOST_POSITIVE, 0).mul(2).backend).toBe('decimal');
    expect(int(15, -1).mul(3).backend).toBe('decimal'); // 45 × 10^-1 is not a whole multiple
    expect(int(15, -2).mul(3).backend).toBe('decimal');
    expect(int(15, -1).mul(4).backend).toBe('int64');
    expect(q('1.5').mul(0.5).toString()).toBe('750m');
  });
});

describe('TestQuantityRoundUp', () => {
  const table: [string, number, Quantity, boolean][] = [
    ['9.01', -3, dec(901, -2), true],
    ['9.01', -2, dec(901, -2), true],
    ['9.01', -1, dec(91, -1), false],
    ['9.01', 0, dec(10, 0), false],
    ['9.01', 1, dec(10, 0), false],
    ['9.01', 2, dec(100, 0), false],
    ['-9.01', -3, dec(-901, -2), true],
    ['-9.01', -2, dec(-901, -2), true],
    ['-9.01', -1, dec(-91, -1), false],
    ['-9.01', 0, dec(-10, 0), false],
    ['-9.01', 1, dec(-10, 0), false],
    ['-9.01', 2, dec(-100, 0), false],
  ];
  it.each(table)('%s to scale %d', (input, scale, expected, exact) => {
    const { quantity, exact: gotExact } = q(input).roundUp(scale);
    expect(gotExact).toBe(exact);
    expect(quantity.cmp(expected)).toBe(0);
  });
  it.each(table)('%s to scale %d (decimal backend)', (input, scale, expected, exact) => {
    const parsed = q(input);
    const { quantity, exact: gotExact } = dec(parsed.mantissa, parsed.scale).roundUp(scale);
    expect(gotExact).toBe(exact);
    expect(quantity.cmp(expected)).toBe(0);
    expect(quantity.scale).toBe(scale); // inf.Dec always lands on the requested scale
  });
});

describe('TestScaledValue', () => {
  it.each([
    [-9, -9, 1n],
    [-9, -6, 1n],
    [-9, -3, 1n],
    [-9, 0, 1n],
    [-6, -9, 1000n],
    [-6, -6, 1n],
    [-6, -3, 1n],
    [-6, 0, 1n],
    [-3, -9, 1000000n],
    [-3, -6, 1000n],
    [-3, -3, 1n],
    [-3, 0, 1n],
    [0, -9, 1000000000n],
    [0, -6, 1000000n],
    [0, -3, 1000n],
    [0, 0, 1n],
    [2, -2, 10000n],
  ])('NewScaledQuantity(1, %d).ScaledValue(%d) = %s', (from, to, expected) => {
    expect(Quantity.fromScaled(1, from).scaledValue(to)).toBe(expected);
  });
});

describe('Value()/MilliValue() rounding (SEMANTICS §1.6, Kubernetes 1.37)', () => {
  it.each([
    ['1.5', 2n, 1500n],
    ['0.001', 1n, 1n],
    ['1m', 1n, 1n],
    ['1', 1n, 1000n],
    ['1n', 1n, 1n],
    ['0', 0n, 0n],
    ['100Mi', 104857600n, 104857600000n],
    ['1.5Gi', 1610612736n, 1610612736000n],
    ['0.24Gi', 257698038n, 257698037760n],
    ['9.5000000001Gi', 10200547329n, 10200547328108n],
    // int64 backend: negative fractions round away from zero
    ['-1.5', -2n, -1500n],
    ['-1500m', -2n, -1500n],
    ['-.484785E-1', -1n, -49n],
    ['-0.0005', -1n, -1n],
    ['-9.01', -10n, -9010n],
    ['-1', -1n, -1000n],
    // decimal backend, fast path: truncate toward zero, then +1
    ['-.484785E-7466', 1n, 1n],
    ['-0.0000000001', 1n, 1n],
    ['-1.00000000000000000001', 0n, -999n],
    // decimal backend, slow path (|unscaled| >= 2^63-1): ceiling
    ['-9.5000000001Gi', -10200547328n, -10200547328107n],
    ['-9223372036854775809.5', -9223372036854775809n, -9223372036854775809500n],
  ])('%s: value %s, milliValue %s', (input, value, milli) => {
    expect(q(input).value()).toBe(value);
    expect(q(input).milliValue()).toBe(milli);
  });

  it('the same value rounds differently by backend, as upstream', () => {
    expect(int(-15, -1).value()).toBe(-2n);
    expect(dec(-15, -1).value()).toBe(0n);
    expect(dec(-15n * 10n ** 18n, -19).value()).toBe(-1n); // |unscaled| >= 2^63-1: slow path
    expect(dec(-15, -1).scaledValue(-19)).toBe(-15n * 10n ** 18n);
    expect(dec(-1, -30).scaledValue(-9)).toBe(0n); // 21 digits dropped: slow path, ceiling
    expect(dec(-1, -20).scaledValue(-9)).toBe(1n); // 11 digits dropped: fast path
    // an int64 value that meets an inf.Dec one in Add ends up on the decimal backend
    expect(q('-2').add(q('0.50000000000000000000')).value()).toBe(0n);
    expect(q('-2').add(q('0.5')).value()).toBe(-2n);
  });

  it('positive values are the ceiling on every backend', () => {
    for (const make of [int, dec]) {
      expect(make(15, -1).value()).toBe(2n);
      expect(make(1, -9).milliValue()).toBe(1n);
      expect(make(1, -30).value()).toBe(1n);
    }
  });

  it('values at and beyond 2^63 come back exact (upstream returns wrapped values or 0)', () => {
    expect(q('9223372036854775807').value()).toBe(MOST_POSITIVE);
    expect(q('9223372036854775808').value()).toBe(2n ** 63n); // upstream: -9223372036854775808
    expect(q('12E').value()).toBe(12n * E18); // upstream: 0 (int64 overflow while scaling)
    expect(q('1e19').value()).toBe(10n ** 19n); // upstream: 0
    expect(q('-10E').value()).toBe(-(10n ** 19n));
    expect(q('9Ei').milliValue()).toBe(MOST_POSITIVE * 1000n); // upstream: wrapped
    expect(q('10E').scaledValue(-9)).toBe(10n ** 28n);
    expect(q('1e999999').value()).toBe(10n ** 999999n);
  });

  it('asInt64 answers only where upstream AsInt64 does', () => {
    expect(q('1E').asInt64()).toBe(E18);
    expect(q('1.5').asInt64()).toBeUndefined(); // negative scale
    expect(q('12E').asInt64()).toBeUndefined(); // overflows
    expect(q('100Mi').asInt64()).toBe(104857600n);
    expect(q('1.5Gi').asInt64()).toBeUndefined(); // decimal backend
  });

  it('scale arguments are clamped, never thrown on', () => {
    expect(q('5').scaledValue(Number.NaN)).toBe(5n);
    expect(q('5').scaledValue(3.9)).toBe(1n);
    expect(q('5').scaledValue(1e12)).toBe(1n);
    expect(q('5').roundUp(1e12).quantity.scale).toBe(1_000_000);
  });

  it('operands that are not Quantities count as zero instead of throwing', () => {
    const bogus = {} as unknown as Quantity;
    expect(q('5').add(bogus).value()).toBe(5n);
    expect(q('5').cmp(bogus)).toBe(1);
    expect(
      q('5')
        .sub(undefined as unknown as Quantity)
        .value(),
    ).toBe(5n);
  });
});
