import { describe, expect, it } from 'vitest';
import {
  formatTaint,
  matchTaint,
  matchToleration,
  parseTaint,
  parseTaints,
  type TaintLike,
  type TolerationLike,
  toleratesTaint,
  validateTaints,
  validateToleration,
  validateTolerations,
} from '../../src/taints/index';

const ON = { featureGates: { TaintTolerationComparisonOperators: true } };

// staging/src/k8s.io/api/core/v1/toleration_test.go
describe('TestTolerationToleratesTaint', () => {
  const cases: {
    description: string;
    toleration: TolerationLike;
    taint: TaintLike;
    expectTolerated: boolean;
    enableTaintTolerationComparisonOperatorsFG?: boolean;
  }[] = [
    {
      description:
        'toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated',
      toleration: { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      taint: { key: 'foo', effect: 'NoSchedule' },
      expectTolerated: true,
    },
    {
      description:
        'toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated',
      toleration: { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      expectTolerated: true,
    },
    {
      description:
        'toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated',
      toleration: { key: '', operator: 'Exists', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      expectTolerated: true,
    },
    {
      description:
        'toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated',
      toleration: { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      expectTolerated: true,
    },
    {
      description:
        'toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated',
      toleration: { key: 'foo', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'value2', effect: 'NoSchedule' },
      expectTolerated: false,
    },
    {
      description:
        'toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated',
      toleration: { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'bar', effect: 'NoExecute' },
      expectTolerated: false,
    },
    {
      description:
        'toleration with Gt operator - taint value less than toleration value, expect not tolerated',
      toleration: {
        key: 'node.kubernetes.io/sla',
        operator: 'Gt',
        value: '950',
        effect: 'NoSchedule',
      },
      taint: { key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' },
      expectTolerated: false,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Gt operator - taint value greater than toleration value, expect tolerated',
      toleration: {
        key: 'node.kubernetes.io/sla',
        operator: 'Gt',
        value: '750',
        effect: 'NoSchedule',
      },
      taint: { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
      expectTolerated: true,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Lt operator - taint value greater than toleration value, expect not tolerated',
      toleration: {
        key: 'node.kubernetes.io/sla',
        operator: 'Lt',
        value: '800',
        effect: 'NoSchedule',
      },
      taint: { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
      expectTolerated: false,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Lt operator - taint value less than toleration value, expect tolerated',
      toleration: {
        key: 'node.kubernetes.io/sla',
        operator: 'Lt',
        value: '950',
        effect: 'NoSchedule',
      },
      taint: { key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' },
      expectTolerated: true,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Gt operator and taint with equal numeric value, expect not tolerated',
      toleration: {
        key: 'node.kubernetes.io/sla',
        operator: 'Gt',
        value: '950',
        effect: 'NoSchedule',
      },
      taint: { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
      expectTolerated: false,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Gt operator and taint with non-numeric value, expect not tolerated',
      toleration: {
        key: 'node.kubernetes.io/sla',
        operator: 'Gt',
        value: '950',
        effect: 'NoSchedule',
      },
      taint: { key: 'node.kubernetes.io/sla', value: 'high', effect: 'NoSchedule' },
      expectTolerated: false,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Gt operator and negative numeric values - taint value less than threshold, expect not tolerated',
      toleration: { key: 'test-key', operator: 'Gt', value: '-100', effect: 'NoSchedule' },
      taint: { key: 'test-key', value: '-200', effect: 'NoSchedule' },
      expectTolerated: false,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
    {
      description:
        'toleration with Gt operator and large int64 values - taint value less than threshold, expect not tolerated',
      toleration: {
        key: 'test-key',
        operator: 'Gt',
        value: '9223372036854775806',
        effect: 'NoSchedule',
      },
      taint: { key: 'test-key', value: '100', effect: 'NoSchedule' },
      expectTolerated: false,
      enableTaintTolerationComparisonOperatorsFG: true,
    },
  ];
  it.each(cases)('$description', (c) => {
    const gates = {
      featureGates: {
        TaintTolerationComparisonOperators: c.enableTaintTolerationComparisonOperatorsFG === true,
      },
    };
    expect(toleratesTaint(c.toleration, c.taint, gates)).toBe(c.expectTolerated);
  });

  it('Lt/Gt never match with the v1.37 default (gate off), even when the numbers would', () => {
    const tol = { key: 'sla', operator: 'Gt', value: '750', effect: 'NoSchedule' };
    const taint = { key: 'sla', value: '950', effect: 'NoSchedule' };
    expect(toleratesTaint(tol, taint)).toBe(false);
    expect(toleratesTaint(tol, taint, ON)).toBe(true);
  });

  it('an empty toleration effect matches every effect; an unknown operator matches nothing', () => {
    for (const effect of ['NoSchedule', 'PreferNoSchedule', 'NoExecute']) {
      expect(toleratesTaint({ key: 'k', operator: 'Exists' }, { key: 'k', effect })).toBe(true);
    }
    expect(
      toleratesTaint(
        { key: 'k', operator: 'In', value: 'v' },
        { key: 'k', value: 'v', effect: 'NoSchedule' },
      ),
    ).toBe(false);
    expect(
      toleratesTaint({ key: 'k', operator: 'exists' }, { key: 'k', effect: 'NoSchedule' }),
    ).toBe(false);
  });

  it('an absent operator means Equal (and absent values are empty strings)', () => {
    expect(toleratesTaint({ key: 'k' }, { key: 'k', effect: 'NoExecute' })).toBe(true);
    expect(
      toleratesTaint({ key: 'k', value: null }, { key: 'k', value: null, effect: 'NoExecute' }),
    ).toBe(true);
    expect(toleratesTaint({ key: 'k' }, { key: 'k', value: 'v', effect: 'NoExecute' })).toBe(false);
  });
});

// staging/src/k8s.io/api/core/v1/toleration_test.go: TestCompareNumericValues, through the gate.
describe('TestCompareNumericValues', () => {
  const cases: [string, string, string, 'Lt' | 'Gt' | 'Equal' | 'Exists', boolean][] = [
    [
      'Gt operator - taint value greater than toleration value, expect true',
      '100',
      '200',
      'Gt',
      true,
    ],
    [
      'Gt operator - taint value less than toleration value, expect false',
      '200',
      '100',
      'Gt',
      false,
    ],
    [
      'Gt operator - taint value equal to toleration value, expect false',
      '100',
      '100',
      'Gt',
      false,
    ],
    ['Gt operator - negative numbers, taint greater, expect true', '-100', '-50', 'Gt', true],
    ['Gt operator - negative numbers, taint less, expect false', '-50', '-100', 'Gt', false],
    ['Gt operator - zero and positive, expect true', '0', '1', 'Gt', true],
    [
      'Gt operator - large int64 values, taint greater, expect true',
      '9223372036854775806',
      '9223372036854775807',
      'Gt',
      true,
    ],
    ['Lt operator - taint value less than toleration value, expect true', '200', '100', 'Lt', true],
    [
      'Lt operator - taint value greater than toleration value, expect false',
      '100',
      '200',
      'Lt',
      false,
    ],
    [
      'Lt operator - taint value equal to toleration value, expect false',
      '100',
      '100',
      'Lt',
      false,
    ],
    ['Lt operator - negative numbers, taint less, expect true', '-50', '-100', 'Lt', true],
    ['Lt operator - negative numbers, taint greater, expect false', '-100', '-50', 'Lt', false],
    ['Lt operator - zero and negative, expect true', '0', '-1', 'Lt', true],
    [
      'Gt operator - invalid toleration value (non-numeric), expect false',
      'abc',
      '100',
      'Gt',
      false,
    ],
    ['Gt operator - invalid toleration value (empty string), expect false', '', '100', 'Gt', false],
    [
      'Gt operator - invalid toleration value (leading zero), expect false',
      '0100',
      '200',
      'Gt',
      false,
    ],
    [
      'Gt operator - invalid toleration value (plus sign), expect false',
      '+100',
      '200',
      'Gt',
      false,
    ],
    [
      'Gt operator - invalid toleration value (floating point), expect false',
      '100.5',
      '200',
      'Gt',
      false,
    ],
    [
      'Gt operator - invalid toleration value (just minus sign), expect false',
      '-',
      '100',
      'Gt',
      false,
    ],
    ['Gt operator - invalid taint value (non-numeric), expect false', '100', 'xyz', 'Gt', false],
    ['Gt operator - invalid taint value (empty string), expect false', '100', '', 'Gt', false],
    ['Gt operator - invalid taint value (leading zero), expect false', '100', '0200', 'Gt', false],
    ['Lt operator - invalid taint value (plus sign), expect false', '100', '+200', 'Lt', false],
    ['Lt operator - invalid taint value (spaces), expect false', '100', ' 200 ', 'Lt', false],
    ['Gt operator - both zero, expect false', '0', '0', 'Gt', false],
    ['Lt operator - both zero, expect false', '0', '0', 'Lt', false],
    ['Gt operator - max int64 as taint, expect true', '0', '9223372036854775807', 'Gt', true],
    ['Lt operator - min int64 as taint, expect true', '0', '-9223372036854775808', 'Lt', true],
    // Beyond upstream's table: out of int64 range and "-0" never parse.
    [
      'Gt operator - taint value beyond int64, expect false',
      '0',
      '9223372036854775808',
      'Gt',
      false,
    ],
    ['Lt operator - negative zero toleration value, expect false', '-0', '-5', 'Lt', false],
  ];
  it.each(cases)('%s', (_d, tolerationVal, taintVal, operator, expected) => {
    const tol = { key: 'k', operator, value: tolerationVal, effect: 'NoSchedule' };
    expect(toleratesTaint(tol, { key: 'k', value: taintVal, effect: 'NoSchedule' }, ON)).toBe(
      expected,
    );
  });
});

describe('MatchToleration', () => {
  it('compares key, operator, value and effect, not tolerationSeconds', () => {
    const a = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 };
    expect(matchToleration(a, { ...a, tolerationSeconds: 100 })).toBe(true);
    expect(matchToleration(a, { ...a, effect: 'NoSchedule' })).toBe(false);
    expect(matchToleration(a, { ...a, operator: 'Equal' })).toBe(false);
  });
});

// staging/src/k8s.io/api/core/v1/taint_test.go
describe('TestTaintToString', () => {
  it.each([
    [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }, 'foo=bar:NoSchedule'],
    [{ key: 'foo', effect: 'NoSchedule' }, 'foo:NoSchedule'],
    [{ key: 'foo' }, 'foo'],
    [{ key: 'foo', value: 'bar' }, 'foo=bar:'],
  ])('%j → %s', (taint, expected) => {
    expect(formatTaint(taint)).toBe(expected);
  });
});

describe('TestMatchTaint', () => {
  it.each([
    [
      'same key and effect, different values',
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'x', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key, different effects',
      { key: 'foo', effect: 'NoSchedule' },
      { key: 'foo', effect: 'NoExecute' },
      false,
    ],
    [
      'different keys, same effect',
      { key: 'foo', effect: 'NoSchedule' },
      { key: 'bar', effect: 'NoSchedule' },
      false,
    ],
  ])('%s', (_d, a, b, expected) => {
    expect(matchTaint(a, b)).toBe(expected);
  });
});

// pkg/util/taints/taints_test.go: TestParseTaints (what `kubectl taint` accepts).
describe('TestParseTaints', () => {
  it('add new taints', () => {
    expect(
      parseTaints([
        'foo=abc:NoSchedule',
        'bar=abc:NoSchedule',
        'baz:NoSchedule',
        'qux:NoSchedule',
        'foobar=:NoSchedule',
      ])._unsafeUnwrap(),
    ).toEqual({
      add: [
        { key: 'foo', value: 'abc', effect: 'NoSchedule' },
        { key: 'bar', value: 'abc', effect: 'NoSchedule' },
        { key: 'baz', value: '', effect: 'NoSchedule' },
        { key: 'qux', value: '', effect: 'NoSchedule' },
        { key: 'foobar', value: '', effect: 'NoSchedule' },
      ],
      remove: [],
    });
  });

  it('delete taints', () => {
    expect(
      parseTaints([
        'foo:NoSchedule-',
        'bar:NoSchedule-',
        'qux=:NoSchedule-',
        'dedicated-',
      ])._unsafeUnwrap(),
    ).toEqual({
      add: [],
      remove: [
        { key: 'foo', effect: 'NoSchedule' },
        { key: 'bar', effect: 'NoSchedule' },
        { key: 'qux', effect: 'NoSchedule' },
        { key: 'dedicated', effect: '' },
      ],
    });
  });

  it('add taints and delete taints', () => {
    expect(
      parseTaints([
        'foo=abc:NoSchedule',
        'bar=abc:NoSchedule',
        'foo:NoSchedule-',
        'bar:NoSchedule-',
      ])._unsafeUnwrap(),
    ).toEqual({
      add: [
        { key: 'foo', value: 'abc', effect: 'NoSchedule' },
        { key: 'bar', value: 'abc', effect: 'NoSchedule' },
      ],
      remove: [
        { key: 'foo', effect: 'NoSchedule' },
        { key: 'bar', effect: 'NoSchedule' },
      ],
    });
  });

  it('invalid spec format', () => {
    const e = parseTaints(['']);
    expect(e._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-taint-spec', spec: '' });
    expect(e._unsafeUnwrapErr().message).toBe(
      "invalid taint spec: , name part must be non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  });

  it('invalid spec format: key only, when adding', () => {
    expect(parseTaints(['foo'])._unsafeUnwrapErr()).toEqual({
      code: 'invalid-taint-spec',
      spec: 'foo',
      reasons: ['an effect is required to add a taint'],
      message: 'invalid taint spec: foo',
    });
  });

  it('invalid spec effect for adding taint', () => {
    expect(parseTaints(['foo=abc:invalid_effect'])._unsafeUnwrapErr()).toEqual({
      code: 'invalid-taint-effect',
      spec: 'foo=abc:invalid_effect',
      effect: 'invalid_effect',
      message: 'invalid taint effect: invalid_effect, unsupported taint effect',
    });
  });

  it('invalid spec effect for deleting taint', () => {
    expect(parseTaints(['foo:invalid_effect-'])._unsafeUnwrapErr().code).toBe(
      'invalid-taint-effect',
    );
  });

  it('add taints that has the same key and effect', () => {
    expect(parseTaints(['foo=abc:NoSchedule', 'foo=def:NoSchedule'])._unsafeUnwrapErr()).toEqual({
      code: 'duplicated-taint',
      spec: 'foo=def:NoSchedule',
      key: 'foo',
      effect: 'NoSchedule',
      message: 'duplicated taints with the same key and effect: {foo def NoSchedule <nil>}',
    });
  });

  it('taints with the same key and different effects are fine', () => {
    expect(
      parseTaints(['foo=abc:NoSchedule', 'foo=abc:NoExecute'])._unsafeUnwrap().add,
    ).toHaveLength(2);
  });

  it('too many = or : is invalid; a bad value names the label-value rule', () => {
    expect(parseTaint('a=b=c:NoSchedule')._unsafeUnwrapErr().message).toBe(
      'invalid taint spec: a=b=c:NoSchedule',
    );
    expect(parseTaint('a:b:NoSchedule')._unsafeUnwrapErr().message).toBe(
      'invalid taint spec: a:b:NoSchedule',
    );
    expect(parseTaint('a=-bad:NoSchedule')._unsafeUnwrapErr().message).toMatch(
      /^invalid taint spec: a=-bad:NoSchedule, a valid label must be an empty string or consist of/,
    );
    expect(parseTaint('example.com/dedicated=gpu:NoExecute')._unsafeUnwrap()).toEqual({
      key: 'example.com/dedicated',
      value: 'gpu',
      effect: 'NoExecute',
    });
    expect(parseTaint('Example.com/x:NoExecute')._unsafeUnwrapErr().message).toMatch(
      /prefix part a lowercase RFC 1123 subdomain/,
    );
  });

  it('formatTaint and parseTaint round-trip', () => {
    for (const spec of ['k=v:NoSchedule', 'k:NoExecute', 'example.com/k=v_1:PreferNoSchedule']) {
      expect(formatTaint(parseTaint(spec)._unsafeUnwrap())).toBe(spec);
    }
  });
});

// pkg/apis/core/validation: ValidateTolerations.
describe('ValidateTolerations', () => {
  it('invalid toleration operator', () => {
    const r = validateTolerations([
      { key: 'foo', operator: 'In', value: 'bar', effect: 'NoSchedule' },
    ]);
    expect(r._unsafeUnwrapErr().issues).toEqual([
      {
        code: 'unsupported-operator',
        path: 'spec.tolerations[0].operator',
        value: 'In',
        message:
          'spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
      },
    ]);
  });

  it("value must be empty when `operator` is 'Exists'", () => {
    const r = validateToleration({
      key: 'foo',
      operator: 'Exists',
      value: 'bar',
      effect: 'NoSchedule',
    });
    expect(r._unsafeUnwrapErr().issues[0]?.code).toBe('exists-with-value');
  });

  it("operator must be 'Exists' when `key` is empty", () => {
    const r = validateToleration({ operator: 'Equal', value: 'bar', effect: 'NoSchedule' });
    expect(r._unsafeUnwrapErr().message).toBe(
      'toleration.operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    );
  });

  it("effect must be 'NoExecute' when `TolerationSeconds` is set", () => {
    const r = validateToleration({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoSchedule',
      tolerationSeconds: 20,
    });
    expect(r._unsafeUnwrapErr().issues.map((i) => i.code)).toEqual(['seconds-require-noexecute']);
  });

  it('invalid toleration key', () => {
    const r = validateToleration({
      key: 'nospecialchars^=@',
      operator: 'Equal',
      value: 'bar',
      effect: 'NoSchedule',
    });
    expect(r._unsafeUnwrapErr().issues[0]?.code).toBe('invalid-key');
  });

  it('unsupported effect; a toleration effect may be empty', () => {
    expect(
      validateToleration({
        key: 'k',
        operator: 'Exists',
        effect: 'NoScheduleNoAdmit',
      })._unsafeUnwrapErr().issues[0]?.code,
    ).toBe('unsupported-effect');
    expect(validateToleration({ key: 'k', operator: 'Exists' })._unsafeUnwrap()).toEqual({
      key: 'k',
      operator: 'Exists',
    });
  });

  it('Lt/Gt are unsupported while the gate is off, and need canonical int64 values while it is on', () => {
    const tol = { key: 'sla', operator: 'Gt', value: '950', effect: 'NoSchedule' };
    expect(validateToleration(tol)._unsafeUnwrapErr().issues[0]?.code).toBe('unsupported-operator');
    expect(validateToleration(tol, ON)._unsafeUnwrap()).toEqual(tol);
    for (const value of ['0950', '+5', '-0', ' 5', '5.0', '', '9223372036854775808']) {
      expect(validateToleration({ ...tol, value }, ON)._unsafeUnwrapErr().issues[0]?.code).toBe(
        'invalid-numeric-value',
      );
    }
    expect(validateToleration({ ...tol, operator: 'In' }, ON)._unsafeUnwrapErr().message).toBe(
      'toleration.operator: Unsupported value: "In": supported values: "Equal", "Exists", "Gt", "Lt"',
    );
  });

  it('fields of the wrong type are reported, not thrown', () => {
    const r = validateTolerations([{ key: 42 as never, tolerationSeconds: 1.5 }, 'x' as never]);
    expect(r._unsafeUnwrapErr().issues.map((i) => [i.code, i.path])).toEqual([
      ['wrong-type', 'spec.tolerations[0].key'],
      ['wrong-type', 'spec.tolerations[0].tolerationSeconds'],
      ['wrong-type', 'spec.tolerations[1]'],
    ]);
  });
});

describe('validateNodeTaints', () => {
  it('accepts valid taints and rejects bad keys, values, effects and duplicates', () => {
    expect(validateTaints([{ key: 'k', value: 'v', effect: 'NoExecute' }])._unsafeUnwrap()).toEqual(
      [{ key: 'k', value: 'v', effect: 'NoExecute' }],
    );
    const bad = validateTaints([
      { key: 'k', effect: '' },
      { key: 'k', effect: 'Sometimes' },
      { key: 'k', value: 'v', effect: 'NoExecute' },
      { key: 'k', value: 'w', effect: 'NoExecute' },
    ])._unsafeUnwrapErr();
    expect(bad.issues.map((i) => i.path)).toEqual([
      'spec.taints[0].effect',
      'spec.taints[1].effect',
      'spec.taints[3]',
    ]);
    expect(bad.issues[0]?.message).toBe('spec.taints[0].effect: Required value');
    expect(bad.issues[2]?.message).toMatch(/taints must be unique by key and effect pair$/);
  });
});
