import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  formatGoDuration,
  msToNanos,
  nanosToMs,
  parseGoDuration,
} from '../../src/signals/go-duration';

// Go's time_test.go parseDurationTests, plus the edges of this implementation.
const valid: [string, bigint][] = [
  ['0', 0n],
  ['5s', 5_000_000_000n],
  ['30s', 30_000_000_000n],
  ['1478s', 1_478_000_000_000n],
  ['-5s', -5_000_000_000n],
  ['+5s', 5_000_000_000n],
  ['-0', 0n],
  ['+0', 0n],
  ['5.0s', 5_000_000_000n],
  ['5.6s', 5_600_000_000n],
  ['5.s', 5_000_000_000n],
  ['.5s', 500_000_000n],
  ['1.0s', 1_000_000_000n],
  ['1.00s', 1_000_000_000n],
  ['1.004s', 1_004_000_000n],
  ['1.0040s', 1_004_000_000n],
  ['100.00100s', 100_001_000_000n],
  ['10ns', 10n],
  ['11us', 11_000n],
  ['12µs', 12_000n],
  ['12μs', 12_000n],
  ['13ms', 13_000_000n],
  ['14s', 14_000_000_000n],
  ['15m', 900_000_000_000n],
  ['16h', 57_600_000_000_000n],
  ['3h30m', 12_600_000_000_000n],
  ['10.5s4m', 250_500_000_000n],
  ['-2m3.4s', -123_400_000_000n],
  ['1h2m3s4ms5us6ns', 3_723_004_005_006n],
  ['39h9m14.425s', 140_954_425_000_000n],
  ['52763797000ns', 52_763_797_000n],
  ['0.3333333333333333333h', 1_200_000_000_000n],
  ['9007199254740993ns', 9_007_199_254_740_993n],
  ['9223372036854775807ns', 9_223_372_036_854_775_807n],
  ['9223372036854775.807us', 9_223_372_036_854_775_807n],
  ['9223372036s854ms775us807ns', 9_223_372_036_854_775_807n],
  ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
  ['-9223372036854775.808us', -9_223_372_036_854_775_808n],
  ['-9223372036s854ms775us808ns', -9_223_372_036_854_775_808n],
  ['-2562047h47m16.854775808s', -9_223_372_036_854_775_808n],
  ['0.100000000000000000000h', 360_000_000_000n],
  ['0.830103483285477580700h', 2_988_372_539_827n],
  ['1m30s', 90_000_000_000n],
  ['1.5h', 5_400_000_000_000n],
  ['300ms', 300_000_000n],
  ['-1s', -1_000_000_000n],
];

const invalid: [string, string][] = [
  ['', 'time: invalid duration ""'],
  ['3', 'time: missing unit in duration "3"'],
  ['-', 'time: invalid duration "-"'],
  ['s', 'time: invalid duration "s"'],
  ['.', 'time: invalid duration "."'],
  ['-.', 'time: invalid duration "-."'],
  ['.s', 'time: invalid duration ".s"'],
  ['+.s', 'time: invalid duration "+.s"'],
  ['1d', 'time: unknown unit "d" in duration "1d"'],
  ['\x85\x85', 'time: invalid duration "\\xc2\\x85\\xc2\\x85"'],
  ['\xffff', 'time: invalid duration "\\xc3\\xbfff"'],
  ['hello \xffff world', 'time: invalid duration "hello \\xc3\\xbfff world"'],
  ['1µ', 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
  ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
  ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
  ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
  ['1 s', 'time: unknown unit " s" in duration "1 s"'],
  [' 1s', 'time: invalid duration " 1s"'],
  ['1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'],
];

describe('parseGoDuration (Go time.ParseDuration)', () => {
  for (const [input, nanos] of valid) {
    it(`${JSON.stringify(input)} = ${nanos}ns`, () =>
      expect(parseGoDuration(input)._unsafeUnwrap()).toBe(nanos));
  }
  for (const [input, message] of invalid) {
    it(`${JSON.stringify(input)} is rejected`, () =>
      expect(parseGoDuration(input)._unsafeUnwrapErr().message).toBe(message));
  }
});

describe('formatGoDuration (Go Duration.String)', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [3_300_000_000n, '3.3s'],
    [240_000_000_000n, '4m0s'],
    [301_000_000_000n, '5m1s'],
    [90_000_000_000n, '1m30s'],
    [300_000_000_000n, '5m0s'],
    [4_210_000_000_000n, '1h10m10s'],
    [7_200_000_000_000n, '2h0m0s'],
    [-1_000_000_000n, '-1s'],
    [-1n, '-1ns'],
    [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
    [-9_223_372_036_854_775_808n, '-2562047h47m16.854775808s'],
  ];
  for (const [nanos, text] of cases) it(text, () => expect(formatGoDuration(nanos)).toBe(text));
});

describe('ms conversions', () => {
  it('nanosToMs keeps sub-millisecond parts', () => {
    expect(nanosToMs(90_000_000_000n)).toBe(90_000);
    expect(nanosToMs(1n)).toBe(1e-6);
    expect(nanosToMs(-1_500_000n)).toBe(-1.5);
  });
  it('msToNanos inverts whole milliseconds', () => expect(msToNanos(90_000)).toBe(90_000_000_000n));
  it('msToNanos inverts nanosToMs below a millisecond and in long durations', () => {
    for (const n of [
      249n,
      251n,
      489n,
      999_999n,
      90_000_000_003n,
      3_600_000_000_007n,
      -1_000_249n,
    ]) {
      expect(msToNanos(nanosToMs(n))).toBe(n);
    }
  });
  propTest.prop([fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n })], { numRuns: 1000 })(
    'msToNanos(nanosToMs(n)) === n for durations up to ~11 days',
    (n) => {
      expect(msToNanos(nanosToMs(n))).toBe(n);
    },
  );
});

// A reference parser for generated durations whose fractions Go computes exactly
// (the unit is a multiple of 10^digits), so exact integer arithmetic must agree with Go's floats.
const UNITS: [string, bigint][] = [
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['μs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
];
const piece = fc
  .tuple(fc.constantFrom(...UNITS), fc.bigInt({ min: 0n, max: 10_000n }), fc.nat({ max: 9 }))
  .chain(([[unit, nanos], whole, want]) => {
    let digits = 0;
    while (digits < want && nanos % 10n ** BigInt(digits + 1) === 0n) digits++;
    return fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** BigInt(digits) - 1n }), fc.boolean(), fc.boolean())
      .map(([fraction, showFraction, omitWhole]) => {
        const fractionText =
          digits > 0 && showFraction ? `.${fraction.toString().padStart(digits, '0')}` : '';
        const wholeText = omitWhole && fractionText !== '' ? '' : whole.toString();
        const value =
          (wholeText === '' ? 0n : whole) * nanos +
          (fractionText === '' ? 0n : (fraction * nanos) / 10n ** BigInt(digits));
        return { text: `${wholeText}${fractionText}${unit}`, value };
      });
  });

describe('properties', () => {
  propTest.prop([fc.constantFrom('', '-', '+'), fc.array(piece, { minLength: 1, maxLength: 5 })], {
    numRuns: 1000,
  })('agrees with an exact reference on generated valid durations', (sign, pieces) => {
    const text = sign + pieces.map((p) => p.text).join('');
    const total = pieces.reduce((sum, p) => sum + p.value, 0n);
    expect(parseGoDuration(text)._unsafeUnwrap()).toBe(sign === '-' ? -total : total);
  });

  propTest.prop([fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })], { numRuns: 1000 })(
    'String() output parses back to the same duration',
    (nanos) => {
      expect(parseGoDuration(formatGoDuration(nanos))._unsafeUnwrap()).toBe(nanos);
    },
  );

  propTest.prop(
    [fc.oneof(fc.string(), fc.stringMatching(/^[-+]?[0-9.]{0,25}(ns|us|µs|ms|s|m|h|x)?$/))],
    {
      numRuns: 1000,
    },
  )("never throws; errors carry Go's text", (input) => {
    const result = parseGoDuration(input);
    if (result.isErr()) expect(result.error.message).toMatch(/^time: /);
  });
});
