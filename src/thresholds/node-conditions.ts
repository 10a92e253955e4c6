import type { NodeConditionType, Threshold } from '../signals/types';
import { nodeConditionForSignal } from './signal-conditions';

/** Upstream `nodeConditionsObservedAt`: condition → when a met threshold last implied it. */
export type NodeConditionsObservedAt = ReadonlyMap<NodeConditionType, number>;

/** The order in which evictkit reports conditions (upstream's order is a Go map's: random). */
export const NODE_CONDITION_ORDER: readonly NodeConditionType[] = [
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
];

/**
 * Upstream `nodeConditions`: the conditions implied by the thresholds, de-duplicated, in
 * first-seen order. Signals without a condition are ignored.
 */
export function nodeConditions(thresholds: readonly Threshold[]): NodeConditionType[] {
  const results: NodeConditionType[] = [];
  for (const threshold of thresholds) {
    const condition = nodeConditionForSignal(threshold.signal);
    if (condition !== undefined && !hasNodeCondition(results, condition)) results.push(condition);
  }
  return results;
}

/**
 * Upstream `nodeConditionsLastObservedAt`: every condition in `conditions` observed `now`;
 * every other condition of `previous` keeps its old time (entries are never dropped).
 */
export function nodeConditionsLastObservedAt(
  conditions: readonly NodeConditionType[],
  previous: NodeConditionsObservedAt,
  now: number,
): Map<NodeConditionType, number> {
  const results = new Map<NodeConditionType, number>();
  for (const condition of conditions) results.set(condition, now);
  for (const [condition, at] of previous) {
    if (!results.has(condition)) results.set(condition, at);
  }
  return results;
}

/**
 * Upstream `nodeConditionsObservedSince`: the conditions last observed less than `periodMs`
 * ago (strict: with a zero period nothing is ever reported). Returned in `NODE_CONDITION_ORDER`
 * (upstream: map order, i.e. random); any other condition follows in map order.
 */
export function nodeConditionsObservedSince(
  observedAt: NodeConditionsObservedAt,
  periodMs: number,
  now: number,
): NodeConditionType[] {
  const results: NodeConditionType[] = [];
  for (const [condition, at] of observedAt) {
    if (now - at < periodMs) results.push(condition);
  }
  return results.sort((a, b) => conditionRank(a) - conditionRank(b));
}

function conditionRank(condition: NodeConditionType): number {
  const i = NODE_CONDITION_ORDER.indexOf(condition);
  return i < 0 ? NODE_CONDITION_ORDER.length : i;
}

/** Upstream `hasNodeCondition`: membership (any condition type, e.g. `Ready`, is accepted). */
export function hasNodeCondition(inputs: readonly string[], item: string): boolean {
  return inputs.includes(item);
}
