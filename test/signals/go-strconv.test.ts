import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { goQuote, goTimeQuote } from '../../src/signals/go-quote';
import { parseGoBool, parseGoFloat32, parseGoInt32 } from '../../src/signals/go-strconv';

// Go's strconv atof_test.go cases that apply to bitSize 32, plus the edges percentages meet.
const floats: [string, number | 'syntax' | 'range'][] = [
  ['', 'syntax'],
  ['1', 1],
  ['+1', 1],
  ['1x', 'syntax'],
  ['1.1.', 'syntax'],
  ['1e23', Math.fround(1e23)],
  ['1E23', Math.fround(1e23)],
  ['100000000000000000000000', Math.fround(1e23)],
  ['1e-100', 0],
  ['123456700', 123456704],
  ['99999999999999974834176', Math.fround(Number('99999999999999974834176'))],
  ['-1', -1],
  ['-0.1', Math.fround(-0.1)],
  ['-0', -0],
  ['1e-20', Math.fround(1e-20)],
  ['625e-3', 0.625],
  ['0', 0],
  ['0e0', 0],
  ['-0e0', -0],
  ['+0e0', 0],
  ['0e-0', 0],
  ['0e+0', 0],
  ['0e+01234567890123456789', 0],
  ['0.00e-01234567890123456789', 0],
  ['-0e+01234567890123456789', -0],
  ['1e', 'syntax'],
  ['1e-', 'syntax'],
  ['.e-1', 'syntax'],
  ['1\x00.2', 'syntax'],
  ['0x1p0', 1],
  ['0x1p1', 2],
  ['0x1p-1', 0.5],
  ['0x1ep-1', 15],
  ['-0x1ep-1', -15],
  ['-0x1_ep-1', -15],
  ['0x1p-200', 0],
  ['0x1p200', 'range'],
  ['0x1fFe+p+1', 'syntax'],
  ['0x1', 'syntax'],
  ['0x.8p1', 1],
  ['0x1.8p0', 1.5],
  ['inf', Number.POSITIVE_INFINITY],
  ['-Inf', Number.NEGATIVE_INFINITY],
  ['+INF', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['+INFINITY', Number.POSITIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['infinit', 'syntax'],
  ['infx', 'syntax'],
  ['+nan', 'syntax'],
  ['-NaN', 'syntax'],
  ['1_23.50_0_0e+1_2', Math.fround(1.235e14)],
  ['_1', 'syntax'],
  ['1__2', 'syntax'],
  ['1_', 'syntax'],
  ['1_.5', 'syntax'],
  ['1._5', 'syntax'],
  ['0x_1p0', 1],
  ['0x1_p0', 'syntax'],
  ['0x_1_p0', 'syntax'],
  ['1e1_0', Math.fround(1e10)],
  // float32 boundaries
  ['3.4028235e38', 3.4028234663852886e38],
  ['-3.4028235e38', -3.4028234663852886e38],
  ['3.4028236e38', 'range'],
  ['-3.4028236e38', 'range'],
  ['1e39', 'range'],
  ['1.17549435e-38', 1.1754943508222875e-38],
  ['1.401298464324817e-45', 1.401298464324817e-45],
  ['1e-45', 1.401298464324817e-45],
  ['7e-46', 0],
  ['7.1e-46', 1.401298464324817e-45],
  ['2.1e-45', 1.401298464324817e-45],
  ['2.2e-45', 2.802596928649634e-45],
  // round half to even at 2^24
  ['16777217', 16777216],
  ['16777219', 16777220],
  ['16777217.000000001', 16777218],
  ['0.1', Math.fround(0.1)],
  ['10.5', 10.5],
  ['25.5', 25.5],
];

describe('parseGoFloat32 (Go strconv.ParseFloat(s, 32))', () => {
  for (const [input, expected] of floats) {
    it(JSON.stringify(input), () => {
      const result = parseGoFloat32(input);
      if (expected === 'syntax' || expected === 'range') {
        expect(result._unsafeUnwrapErr().kind).toBe(expected);
        const reason = expected === 'syntax' ? 'invalid syntax' : 'value out of range';
        expect(result._unsafeUnwrapErr().message).toBe(
          `strconv.ParseFloat: parsing ${goQuote(input)}: ${reason}`,
        );
      } else expect(Object.is(result._unsafeUnwrap(), expected)).toBe(true);
    });
  }

  it('nan in any case', () => {
    for (const s of ['nan', 'NaN', 'NAN', 'nAn'])
      expect(Number.isNaN(parseGoFloat32(s)._unsafeUnwrap())).toBe(true);
  });

  it('the message quotes the input the Go way', () => {
    expect(parseGoFloat32('a"b\n')._unsafeUnwrapErr().message).toBe(
      'strconv.ParseFloat: parsing "a\\"b\\n": invalid syntax',
    );
  });

  propTest.prop([fc.double({ noNaN: true })], { numRuns: 1000 })(
    'agrees with Math.fround on the shortest decimal of any double',
    (x) => {
      // A double's shortest decimal is exactly that double, so rounding it once to float32 is the
      // correct result: Math.fround(x) is an exact reference here.
      const result = parseGoFloat32(String(x));
      const expected = Math.fround(Number(String(x))); // String(-0) is '0'
      if (Number.isFinite(x) && !Number.isFinite(expected))
        expect(result._unsafeUnwrapErr().kind).toBe('range');
      else expect(Object.is(result._unsafeUnwrap(), expected)).toBe(true);
    },
  );

  propTest.prop([fc.float({ noNaN: true, noDefaultInfinity: true })], { numRuns: 1000 })(
    'every float32 reads back from its shortest decimal',
    (f) => {
      for (let p = 1; p <= 9; p++) {
        const text = f.toPrecision(p);
        if (Math.fround(Number(text)) === f) {
          expect(Object.is(parseGoFloat32(text)._unsafeUnwrap(), f) || f === 0).toBe(true);
          break;
        }
      }
    },
  );

  propTest.prop([fc.string()], { numRuns: 1000 })('never throws', (s) => {
    const result = parseGoFloat32(s);
    expect(result.isOk() || result.error.message.startsWith('strconv.ParseFloat: ')).toBe(true);
  });
});

describe('parseGoInt32 (Go strconv.ParseInt(s, 0, 32))', () => {
  const cases: [string, number | 'syntax' | 'range'][] = [
    ['0', 0],
    ['30', 30],
    ['-30', -30],
    ['+30', 30],
    ['010', 8],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['08', 'syntax'],
    ['0x', 'syntax'],
    ['0o', 'syntax'],
    ['', 'syntax'],
    ['-', 'syntax'],
    ['1.5', 'syntax'],
    [' 1', 'syntax'],
    ['2147483647', 2147483647],
    ['2147483648', 'range'],
    ['-2147483648', -2147483648],
    ['-2147483649', 'range'],
    ['99999999999', 'range'],
    ['1__0', 'syntax'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      const result = parseGoInt32(input);
      if (typeof expected === 'number') expect(result._unsafeUnwrap()).toBe(expected);
      else {
        expect(result._unsafeUnwrapErr().kind).toBe(expected);
        expect(result._unsafeUnwrapErr().message).toMatch(/^strconv\.ParseInt: parsing "/);
      }
    });
  }
});

describe('parseGoBool (Go strconv.ParseBool)', () => {
  it("accepts Go's spellings", () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(parseGoBool(t)._unsafeUnwrap()).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(parseGoBool(f)._unsafeUnwrap()).toBe(false);
  });
  it('rejects the rest', () =>
    expect(parseGoBool('yes')._unsafeUnwrapErr().message).toBe(
      'strconv.ParseBool: parsing "yes": invalid syntax',
    ));
});

describe('Go quoting', () => {
  it('strconv.Quote', () => {
    expect(goQuote('plain')).toBe('"plain"');
    expect(goQuote('tab\there')).toBe('"tab\\there"');
    expect(goQuote('\x00\x7f')).toBe('"\\x00\\x7f"');
    expect(goQuote('µs ü 日本')).toBe('"µs ü 日本"');
    expect(goQuote('\u00a0')).toBe('"\\u00a0"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });
  it("the time package's quote", () => {
    expect(goTimeQuote('1µs')).toBe('"1\\xc2\\xb5s"');
    expect(goTimeQuote('a"b\\')).toBe('"a\\"b\\\\"');
    expect(goTimeQuote('\t')).toBe('"\\x09"');
  });
});
