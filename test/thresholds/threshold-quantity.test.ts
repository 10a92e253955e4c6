import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/signals/quantity';
import { getThresholdQuantity } from '../../src/signals/threshold-quantity';
import { q } from '../support/quantity';

// kubernetes/kubernetes has no test of its own for GetThresholdQuantity; the case names follow a
// third-party TestGetThresholdQuantity (volcano), whose "10 percent of 4Gi" expects 4Gi/10 =
// 429496729, which upstream's float32 maths does not give. Percentages are Go float32s; the
// expected values below were worked out by hand as trunc(float64(capacity) × float64(float32(p))).
describe('TestGetThresholdQuantity', () => {
  const Gi = 1024 ** 3;
  const cases: Array<{
    name: string;
    value: Parameters<typeof getThresholdQuantity>[0];
    capacity?: Quantity;
    want: bigint;
  }> = [
    {
      name: 'absolute value',
      value: { quantity: q('100Mi') },
      capacity: q('4Gi'),
      want: 104857600n,
    },
    {
      // float32(0.1) = 13421773 × 2^-27, so 2^32 × it = 429496736 exactly
      // (an exact 10% would be 429496729.6).
      name: '10 percent of 4Gi (float32 percentage)',
      value: { percentage: 0.1 },
      capacity: Quantity.fromBigInt(4 * Gi, 'BinarySI'),
      want: 429496736n,
    },
    {
      name: '50 percent of 8Gi',
      value: { percentage: 0.5 },
      capacity: q('8Gi'),
      want: 4294967296n,
    },
    // SEMANTICS §4.1: 10% of 1000 = 100.0000015 → 100.
    { name: '10 percent of 1000', value: { percentage: 0.1 }, capacity: q('1000'), want: 100n },
    // TestPercentageThresholdsMet: 20% of 1000Mi = 1048576000 × 0.200000002980232 = 209715203.125.
    {
      name: '20 percent of 1000Mi',
      value: { percentage: 0.2 },
      capacity: q('1000Mi'),
      want: 209715203n,
    },
    // 5% of 1000Mi = 1048576000 × 0.0500000007450581 = 52428800.78 → 52428800.
    {
      name: '5 percent of 1000Mi',
      value: { percentage: 0.05 },
      capacity: q('1000Mi'),
      want: 52428800n,
    },
    // 10.5% parses (float32) as 0.105 → 0.104999996721745; × 1000 = 104.99999672 → 104.
    {
      name: '10.5 percent of 1000 truncates',
      value: { percentage: 0.105 },
      capacity: q('1000'),
      want: 104n,
    },
    // Capacity is read with Value(), which rounds up: 1.5 → 2; 50% of 2 = 1.
    {
      name: 'fractional capacity rounds up first',
      value: { percentage: 0.5 },
      capacity: q('1.5'),
      want: 1n,
    },
    // 2^53 + 1 becomes 2^53 as a double before multiplying.
    {
      name: 'capacity above 2^53 loses precision',
      value: { percentage: 0.5 },
      capacity: Quantity.fromBigInt(2n ** 53n + 1n),
      want: 2n ** 52n,
    },
    { name: 'zero percentage', value: { percentage: 0 }, capacity: q('1Gi'), want: 0n },
    // `NaN%` parses upstream; int64(NaN) is math.MinInt64 on amd64, so it is never met.
    {
      name: 'NaN percentage → MinInt64',
      value: { percentage: Number.NaN },
      capacity: q('1Gi'),
      want: -(2n ** 63n),
    },
    // No capacity: upstream would dereference nil; here it counts as 0.
    { name: 'percentage without capacity', value: { percentage: 0.5 }, want: 0n },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = getThresholdQuantity(c.value, c.capacity);
      expect(got.value()).toBe(c.want);
      if ('percentage' in c.value) expect(got.format).toBe('BinarySI');
    });
  }

  it('returns the configured quantity itself (format kept)', () => {
    const quantity = q('150Mi');
    expect(getThresholdQuantity({ quantity }, q('1Gi'))).toBe(quantity);
  });
});
