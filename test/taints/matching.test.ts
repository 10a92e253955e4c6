import { describe, expect, it } from 'vitest';
import {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
  getMatchingTolerations,
  getMinTolerationTime,
  getNoExecuteTaints,
  noExecuteTaintsFilter,
  type TaintLike,
  TOLERATE_FOREVER,
  type TolerationLike,
  tolerationsTolerateTaint,
  tolerationsTolerateTaintsWithFilter,
} from '../../src/taints/index';

// pkg/controller/tainteviction/taint_eviction_test.go: TestGetMinTolerationTime (in ms here).
describe('TestGetMinTolerationTime', () => {
  const s = (tolerationSeconds: number | null): TolerationLike => ({ tolerationSeconds });
  it.each([
    ['no tolerations', [], 0],
    ['[nil]', [s(null)], -1],
    ['[1, 2]', [s(1), s(2)], 1000],
    ['[1, nil]', [s(1), s(null)], 1000],
    ['[nil, 1]', [s(null), s(1)], 1000],
    // Beyond upstream's table.
    ['[0] evicts now', [s(0)], 0],
    ['[-5, 100]: a negative value also means now', [s(100), s(-5)], 0],
    ['[nil, nil]', [s(null), {}], TOLERATE_FOREVER],
    ['[300, 600]', [s(600), s(300)], 300_000],
  ] as [string, TolerationLike[], number][])('%s', (_d, tolerations, expected) => {
    expect(getMinTolerationTime(tolerations)).toBe(expected);
  });

  it('wraps like Go time.Duration beyond 9223372036 s', () => {
    // 9223372036 s still fits in int64 nanoseconds.
    expect(getMinTolerationTime([s(9_223_372_036)])).toBe(9_223_372_036_000);
    // 1e10 s * 1e9 ns overflows to a negative duration: the controller tolerates forever.
    expect(getMinTolerationTime([s(10_000_000_000)])).toBe(TOLERATE_FOREVER);
    // 2^55 s * 1e9 ns is a multiple of 2^64: the duration is 0, so the pod goes now.
    expect(getMinTolerationTime([s(2 ** 55)])).toBe(0);
  });
});

const noExecute = (key: string, value = ''): TaintLike => ({ key, value, effect: 'NoExecute' });

// pkg/apis/core/v1/helper: GetMatchingTolerations.
describe('TestGetMatchingTolerations', () => {
  it('no taints → tolerated, nothing used', () => {
    expect(getMatchingTolerations([], [{ key: 'k', operator: 'Exists' }])).toEqual({
      allTolerated: true,
      used: [],
    });
  });

  it('taints but no tolerations → not tolerated', () => {
    expect(getMatchingTolerations([noExecute('k')], [])).toEqual({ allTolerated: false, used: [] });
  });

  it('uses the first matching toleration per taint, not the shortest', () => {
    const forever = { key: 'k', operator: 'Exists', effect: 'NoExecute' };
    const ten = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    const r = getMatchingTolerations([noExecute('k')], [forever, ten]);
    expect(r.used).toEqual([forever]);
    expect(r.used[0]).toBe(forever);
    expect(getMinTolerationTime(r.used)).toBe(TOLERATE_FOREVER);
    expect(
      getMinTolerationTime(getMatchingTolerations([noExecute('k')], [ten, forever]).used),
    ).toBe(10_000);
  });

  it('the same toleration is listed once per taint it tolerates', () => {
    const all = { operator: 'Exists' };
    expect(getMatchingTolerations([noExecute('a'), noExecute('b')], [all]).used).toEqual([
      all,
      all,
    ]);
  });

  it('one untolerated taint → nothing used', () => {
    const r = getMatchingTolerations(
      [noExecute('a'), noExecute('b')],
      [{ key: 'a', operator: 'Exists' }],
    );
    expect(r).toEqual({ allTolerated: false, used: [] });
  });
});

// pkg/apis/core/v1/helper/helpers_test.go: TestTolerationsTolerateTaintsWithFilter.
describe('TestTolerationsTolerateTaintsWithFilter', () => {
  const cases: {
    description: string;
    tolerations: TolerationLike[];
    taints: TaintLike[];
    filter?: (t: TaintLike) => boolean;
    expected: boolean;
  }[] = [
    {
      description: 'empty tolerations tolerate empty taints',
      tolerations: [],
      taints: [],
      expected: true,
    },
    {
      description: 'non-empty tolerations tolerate empty taints',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [],
      expected: true,
    },
    {
      description: 'tolerations match all taints, expect true',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'foo', effect: 'NoSchedule' }],
      expected: true,
    },
    {
      description: "tolerations don't match taints, but no taints apply to the filter, expect true",
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'bar', effect: 'NoSchedule' }],
      filter: (t) => t.effect === 'NoExecute',
      expected: true,
    },
    {
      description:
        "no filterFunc indicated, means all taints apply to the filter, tolerations don't match taints, expect false",
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'bar', effect: 'NoSchedule' }],
      expected: false,
    },
    {
      description: 'tolerations match taints, expect true',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoExecute' }],
      taints: [
        { key: 'foo', effect: 'NoExecute' },
        { key: 'bar', effect: 'NoSchedule' },
      ],
      filter: (t) => t.effect === 'NoExecute',
      expected: true,
    },
  ];
  it.each(cases)('$description', (c) => {
    expect(tolerationsTolerateTaintsWithFilter(c.tolerations, c.taints, c.filter)).toBe(c.expected);
  });
});

// component-helpers/scheduling/corev1/helpers_test.go: TestFindMatchingUntoleratedTaint.
describe('TestFindMatchingUntoleratedTaint', () => {
  it('returns the first untolerated filtered taint, or undefined', () => {
    const taints = [
      { key: 'a', effect: 'PreferNoSchedule' },
      { key: 'b', effect: 'NoSchedule' },
      { key: 'c', effect: 'NoExecute' },
    ];
    expect(findMatchingUntoleratedTaint(taints, [])).toBe(taints[0]);
    expect(findMatchingUntoleratedTaint(taints, [], doNotScheduleTaintsFilter)).toBe(taints[1]);
    expect(
      findMatchingUntoleratedTaint(
        taints,
        [{ key: 'b', operator: 'Exists' }],
        doNotScheduleTaintsFilter,
      ),
    ).toBe(taints[2]);
    expect(
      findMatchingUntoleratedTaint(
        taints,
        [{ key: 'c', operator: 'Exists' }],
        noExecuteTaintsFilter,
      ),
    ).toBeUndefined();
    expect(findMatchingUntoleratedTaint([], [])).toBeUndefined();
  });

  it('respects the comparison-operator gate', () => {
    const taints = [{ key: 'sla', value: '999', effect: 'NoSchedule' }];
    const tolerations = [{ key: 'sla', operator: 'Gt', value: '950', effect: 'NoSchedule' }];
    expect(findMatchingUntoleratedTaint(taints, tolerations)).toBe(taints[0]);
    expect(
      findMatchingUntoleratedTaint(taints, tolerations, undefined, {
        featureGates: { TaintTolerationComparisonOperators: true },
      }),
    ).toBeUndefined();
  });

  it('TolerationsTolerateTaint: any toleration will do', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoExecute' };
    expect(
      tolerationsTolerateTaint(
        [
          { key: 'x', operator: 'Exists' },
          { key: 'k', value: 'v' },
        ],
        taint,
      ),
    ).toBe(true);
    expect(tolerationsTolerateTaint([{ key: 'k', value: 'w' }], taint)).toBe(false);
  });
});

// pkg/controller/tainteviction/taint_eviction_test.go: TestFilterNoExecuteTaints.
describe('TestFilterNoExecuteTaints', () => {
  it('keeps only NoExecute taints', () => {
    const taints = [
      { key: 'one', value: 'one', effect: 'NoExecute' },
      { key: 'two', value: 'two', effect: 'NoSchedule' },
    ];
    expect(getNoExecuteTaints(taints)).toEqual([taints[0]]);
  });
});
