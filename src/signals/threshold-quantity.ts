import { Quantity } from './quantity';
import type { ThresholdValue } from './types';

const INT64_MIN = -(2n ** 63n);
const TWO_TO_63 = 2 ** 63;

/**
 * Upstream `GetThresholdQuantity(value, capacity)`: the absolute quantity a threshold value
 * stands for on a resource of the given capacity.
 *
 * - A quantity value is returned as is (Quantity is immutable, so no copy is needed).
 * - A percentage is computed the way the kubelet does it, bit for bit:
 *   `int64(float64(capacity.Value()) * float64(percentage))` as a BinarySI quantity. The
 *   percentage is a Go `float32`, so it is rounded to single precision first (`Math.fround`):
 *   `10%` is 0.100000001490116…, and 10% of 1000 bytes is 100 (100.0000015 truncated).
 *   Idempotent when the parser already stored the float32 value.
 * - Capacity is read with `Value()` (rounded up to an integer) and widened to a double, so
 *   capacities above 2^53 lose precision exactly as upstream.
 * - Without a capacity upstream would dereference nil; here the capacity counts as 0.
 */
export function getThresholdQuantity(
  value: ThresholdValue,
  capacity: Quantity | undefined,
): Quantity {
  if ('quantity' in value) return value.quantity;
  const capacityValue = capacity === undefined ? 0 : Number(capacity.value());
  const product = capacityValue * Math.fround(value.percentage);
  return Quantity.fromBigInt(float64ToInt64(product), 'BinarySI');
}

// Go's float64 → int64 conversion truncates toward zero. Out-of-range values and NaN are
// implementation-defined in Go; on amd64 (CVTTSD2SI) they yield the "integer indefinite"
// value, math.MinInt64. That is what a `NaN%` threshold (accepted by the parser) resolves to.
function float64ToInt64(x: number): bigint {
  if (Number.isNaN(x) || x >= TWO_TO_63 || x < -TWO_TO_63) return INT64_MIN;
  return BigInt(Math.trunc(x));
}
