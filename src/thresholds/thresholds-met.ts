import { getThresholdQuantity } from '../signals/threshold-quantity';
import type { Observations, Threshold } from '../signals/types';

/**
 * Upstream `thresholdsMet`: the thresholds whose signal is observed below the threshold,
 * ignoring grace periods, in input order.
 *
 * A threshold is met when its resolved quantity is strictly greater than the available amount
 * (`available == threshold` is not met). With `enforceMinReclaim`, the resolved minimum reclaim
 * is added first, so a threshold stays met until `available ≥ threshold + minReclaim` — the
 * kubelet's hysteresis for thresholds it already acted on. Thresholds without an observation
 * are skipped; an operator other than `LessThan` never matches.
 */
export function thresholdsMet(
  thresholds: readonly Threshold[],
  observations: Observations,
  enforceMinReclaim: boolean,
): Threshold[] {
  return thresholds.filter((threshold) => {
    const observed = observations.get(threshold.signal);
    if (observed === undefined) return false;
    let quantity = getThresholdQuantity(threshold.value, observed.capacity);
    if (enforceMinReclaim && threshold.minReclaim !== undefined) {
      quantity = quantity.add(getThresholdQuantity(threshold.minReclaim, observed.capacity));
    }
    return threshold.operator === 'LessThan' && quantity.cmp(observed.available) > 0;
  });
}
