import { NODE_CONDITION_TAINT_KEY } from '../signals/catalogue';
import type { NodeConditionType } from '../signals/types';

/** The taint that goes with a pressure condition (condition status True, effect NoSchedule). */
export interface ConditionTaint {
  key: string;
  effect: 'NoSchedule';
}

/** `node.kubernetes.io/memory-pressure`: the only taint the kubelet's admission checks. */
export const TAINT_NODE_MEMORY_PRESSURE = NODE_CONDITION_TAINT_KEY.MemoryPressure;

/**
 * The NoSchedule taints a node carries for its pressure conditions (taint-by-condition: the
 * node lifecycle controller's `nodeConditionToTaintKeyStatusMap`), in the conditions' order.
 */
export function taintsForNodeConditions(
  conditions: readonly NodeConditionType[],
): ConditionTaint[] {
  return conditions.map((c) => ({ key: NODE_CONDITION_TAINT_KEY[c], effect: 'NoSchedule' }));
}
