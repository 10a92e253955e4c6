import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/signals/quantity';
import { formatDuration } from '../../src/thresholds/explain';
import { thresholdKey } from '../../src/thresholds/threshold-identity';
import { th } from './builders';

describe('formatDuration (Go time.Duration.String for milliseconds)', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [0.0000001, '0s'],
    [-0.0000001, '0s'],
    [0.000001, '1ns'],
    [0.9999999, '1ms'],
    [0.000999, '999ns'],
    [0.0015, '1.5µs'],
    [0.5, '500µs'],
    [1, '1ms'],
    [1.5, '1.5ms'],
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [300_000, '5m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_500, '1h2m3.5s'],
    [-90_000, '-1m30s'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms} ms → ${want}`, () => {
      expect(formatDuration(ms)).toBe(want);
    });
  }
});

describe('thresholdKey spells quantities as exact decimals', () => {
  it('integers, fractions and negatives', () => {
    expect(thresholdKey(th('memory.available', '100Mi'))).toBe(
      'memory.available|LessThan|q=104857600|grace=0|minReclaim=-',
    );
    expect(
      thresholdKey(th('memory.available', '500m', { graceMs: 30_000, minReclaim: '5%' })),
    ).toBe('memory.available|LessThan|q=0.5|grace=30000|minReclaim=p=0.05');
    const negative = {
      ...th('pid.available', '1'),
      value: { quantity: Quantity.fromMilli(-3001) },
    };
    expect(thresholdKey(negative)).toBe('pid.available|LessThan|q=-3.001|grace=0|minReclaim=-');
  });
});
