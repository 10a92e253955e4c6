import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { getScaledValueFromIntOrPercent, goAtoi } from '../../src/disruption/int-or-percent';

describe('getScaledValueFromIntOrPercent', () => {
  // intstr_test.go TestGetScaledValueFromIntOrPercent
  it.each([
    { input: 123, total: 0, roundUp: false, want: 123 },
    { input: '90%', total: 100, roundUp: true, want: 90 },
    { input: '90%', total: 95, roundUp: true, want: 86 },
    { input: '90%', total: 95, roundUp: false, want: 85 },
    // OTHER-PATHS 2.4 vectors
    { input: '28%', total: 11, roundUp: true, want: 4 },
    { input: '34%', total: 3, roundUp: true, want: 2 },
    { input: '20%', total: 10, roundUp: true, want: 2 },
    { input: '30%', total: 7, roundUp: true, want: 3 },
    { input: '30%', total: 3, roundUp: true, want: 1 },
    { input: '0%', total: 7, roundUp: true, want: 0 },
    { input: '100%', total: 7, roundUp: true, want: 7 },
    { input: '+50%', total: 3, roundUp: true, want: 2 },
    { input: '-50%', total: 3, roundUp: true, want: -1 },
  ])('TestGetScaledValueFromIntOrPercent $input of $total (roundUp $roundUp) = $want', (c) => {
    expect(getScaledValueFromIntOrPercent(c.input, c.total, c.roundUp)._unsafeUnwrap()).toBe(
      c.want,
    );
  });

  it.each([
    [
      '%',
      'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax',
    ],
    ['90#', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    [
      '#%',
      'invalid value for IntOrString: invalid value "#%": strconv.Atoi: parsing "#": invalid syntax',
    ],
    ['90', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    [
      '1_0%',
      'invalid value for IntOrString: invalid value "1_0%": strconv.Atoi: parsing "1_0": invalid syntax',
    ],
    [
      '99999999999999999999%',
      'invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    [undefined, 'nil value for IntOrString'],
    [1.5, 'invalid value for IntOrString: invalid type: neither int nor percentage'],
  ])('TestGetScaledValueFromIntOrPercent error: %s', (input, message) => {
    const r = getScaledValueFromIntOrPercent(input as never, 10, true);
    expect(r._unsafeUnwrapErr()).toEqual({ code: 'invalid-int-or-percent', value: input, message });
  });

  it('goAtoi follows strconv.Atoi', () => {
    expect(goAtoi('007')._unsafeUnwrap()).toBe(7);
    expect(goAtoi('-0')._unsafeUnwrap()).toBe(0);
    expect(goAtoi(' 1')._unsafeUnwrapErr()).toBe('strconv.Atoi: parsing " 1": invalid syntax');
    expect(goAtoi('+')._unsafeUnwrapErr()).toBe('strconv.Atoi: parsing "+": invalid syntax');
  });
});

describe('percentages round as documented, for all totals', () => {
  test.prop([fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100_000 })])(
    'ceil and floor of p × total / 100 in exact arithmetic',
    (p, total) => {
      const up = getScaledValueFromIntOrPercent(`${p}%`, total, true)._unsafeUnwrap();
      const down = getScaledValueFromIntOrPercent(`${p}%`, total, false)._unsafeUnwrap();
      const exact = p * total;
      // floor and ceil of exact / 100, done in integers
      expect(down).toBe(Math.floor(exact / 100));
      expect(up).toBe(exact % 100 === 0 ? exact / 100 : Math.floor(exact / 100) + 1);
      expect(up - down).toBe(exact % 100 === 0 ? 0 : 1);
      expect(up).toBeLessThanOrEqual(total);
    },
  );

  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat()])(
    'an int is returned unchanged whatever the total',
    (n, total) => {
      expect(getScaledValueFromIntOrPercent(n, total, true)._unsafeUnwrap()).toBe(n);
    },
  );
});
