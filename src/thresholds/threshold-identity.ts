import type { Quantity } from '../signals/quantity';
import type { Threshold, ThresholdValue } from '../signals/types';

/**
 * Upstream `compareThresholdValue`: two quantities are equal when they compare equal (`Cmp`),
 * two percentages when they are the same number; a quantity never equals a percentage.
 */
export function compareThresholdValue(a: ThresholdValue, b: ThresholdValue): boolean {
  if ('quantity' in a) return 'quantity' in b && a.quantity.cmp(b.quantity) === 0;
  if ('quantity' in b) return false;
  return a.percentage === b.percentage;
}

/**
 * Upstream `hasThreshold`: whether `inputs` holds a threshold with the same grace period,
 * operator, signal and value as `item`. Minimum reclaim is not compared.
 */
export function hasThreshold(inputs: readonly Threshold[], item: Threshold): boolean {
  return inputs.some(
    (input) =>
      input.gracePeriodMs === item.gracePeriodMs &&
      input.operator === item.operator &&
      input.signal === item.signal &&
      compareThresholdValue(input.value, item.value),
  );
}

/**
 * Upstream `mergeThresholds`: `a`, followed by each element of `b` that `hasThreshold` does not
 * already find in the running result. Returns a new array; the inputs are not modified.
 */
export function mergeThresholds(a: readonly Threshold[], b: readonly Threshold[]): Threshold[] {
  const results = [...a];
  for (const threshold of b) {
    if (!hasThreshold(results, threshold)) results.push(threshold);
  }
  return results;
}

/**
 * A string that identifies a threshold by its content: signal, operator, value, grace period
 * and minimum reclaim. It keys the first-observed bookkeeping (upstream keys a Go map by the
 * threshold struct) and survives a JSON round trip, so persisted state finds its thresholds
 * again after a restart.
 *
 * Quantities enter by exact value (to 10^-9, Kubernetes' finest scale), not by their
 * spelling, so `1Gi` and `1073741824` are the same key. Upstream compares the quantity
 * *pointers* instead; the two differ only for two separately configured thresholds with
 * identical content (e.g. a hard and a `0s`-grace soft `memory.available<100Mi`). Upstream
 * tracks and returns both; here they share one first-observed entry, so `gracePeriodMet` and
 * `actionable` list that content once. Every decision (conditions, what to reclaim) is the same.
 */
export function thresholdKey(threshold: Threshold): string {
  const minReclaim = threshold.minReclaim === undefined ? '-' : valueKey(threshold.minReclaim);
  return `${threshold.signal}|${threshold.operator}|${valueKey(threshold.value)}|grace=${threshold.gracePeriodMs}|minReclaim=${minReclaim}`;
}

function valueKey(value: ThresholdValue): string {
  return 'quantity' in value
    ? `q=${exactDecimal(value.quantity)}`
    : `p=${String(value.percentage)}`;
}

// The quantity's value as a plain decimal, exact to 10^-9: 104857600, 0.5, -3.000000001.
function exactDecimal(quantity: Quantity): string {
  const nanos = quantity.scaledValue(-9);
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const whole = abs / NANOS_PER_UNIT;
  const fraction = (abs % NANOS_PER_UNIT).toString().padStart(9, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

const NANOS_PER_UNIT = 1_000_000_000n;
