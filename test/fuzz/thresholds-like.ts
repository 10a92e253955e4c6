import fc from 'fast-check';
import { SIGNALS } from '../../src/signals/catalogue';
import { Quantity } from '../../src/signals/quantity';
import { edgeNumber, hostile, sometimes } from './hostile';

// Thresholds and observations for the fuzz suite: mostly well-formed (so evaluation reaches
// every step), with hostile values at every level.

const quantity = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Quantity.fromBigInt(n, 'BinarySI')),
  fc.integer({ min: 0, max: 4_000_000 }).map((n) => Quantity.fromBigInt(n, 'DecimalSI')),
);

const value = sometimes(
  fc.oneof(
    quantity.map((q) => ({ quantity: q })),
    fc.oneof(fc.double({ min: -2, max: 2 }), edgeNumber).map((p) => ({ percentage: p })),
  ),
);

const signal = sometimes(fc.constantFrom(...SIGNALS), 10);

export const thresholdLike = sometimes(
  fc.record(
    {
      signal,
      operator: sometimes(fc.constant('LessThan'), 10),
      value,
      gracePeriodMs: sometimes(fc.oneof(fc.constantFrom(0, 30_000), fc.integer(), edgeNumber)),
      minReclaim: sometimes(value),
    },
    { requiredKeys: ['signal', 'operator', 'value', 'gracePeriodMs'] },
  ),
  8,
);

export const thresholdsLike = sometimes(fc.array(thresholdLike, { maxLength: 5 }), 8);

const time = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 4_000_000 }) },
  { weight: 1, arbitrary: edgeNumber },
  { weight: 1, arbitrary: hostile },
);

const observation = sometimes(
  fc.record(
    { available: sometimes(quantity, 10), capacity: sometimes(quantity), time },
    { requiredKeys: ['available'] },
  ),
  8,
);

export const observationsLike = sometimes(
  fc
    .array(fc.tuple(signal, observation), { maxLength: 5 })
    .map((entries) => new Map(entries as [unknown, unknown][])),
  8,
);

export { time as timeLike };
