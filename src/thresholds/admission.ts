import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { FeatureGateOptions } from '../pods/feature-gates';
import { isCriticalPod } from '../pods/pod-kinds';
import { qosClass } from '../pods/qos';
import type { NodeConditionType } from '../signals/types';
import { TAINT_NODE_MEMORY_PRESSURE } from './condition-taints';
import { hasNodeCondition } from './node-conditions';

/** Upstream `eviction.Reason`: the reason on a rejected (or evicted) pod. */
export const EVICTION_REASON = 'Evicted';

/** The kubelet's admission verdict under node pressure. */
export type AdmitResult = { admit: true } | { admit: false; reason: 'Evicted'; message: string };

/** Upstream `nodeConditionMessageFmt` ("The node had condition: %v. ") applied to a list. */
export function nodeConditionMessage(conditions: readonly string[]): string {
  return `The node had condition: [${conditions.join(' ')}]. `;
}

/**
 * The eviction manager's `Admit`, as a pure rule over the node's smoothed pressure conditions:
 *
 * 1. no condition → admit;
 * 2. a critical pod (static, mirror, or priority ≥ 2000000000) → admit;
 * 3. MemoryPressure as the only condition → admit unless the pod is BestEffort; a BestEffort
 *    pod is admitted only if it tolerates `node.kubernetes.io/memory-pressure:NoSchedule`;
 * 4. otherwise (DiskPressure or PIDPressure, alone or with memory) → reject with reason
 *    `Evicted` and the message `The node had condition: [<conditions>]. ` (Go's `%v` of the
 *    list, in the order given).
 *
 * `featureGates` reaches the QoS computation (`PodLevelResources`). The toleration check has a
 * gate too upstream (`TaintTolerationComparisonOperators`, alpha and off in 1.37), but it cannot
 * change the outcome here: `Lt`/`Gt` compare integers and this taint's value is empty.
 */
export function admitPod(
  pod: Pod,
  conditions: readonly NodeConditionType[],
  options?: FeatureGateOptions,
): AdmitResult {
  if (conditions.length === 0) return { admit: true };
  if (isCriticalPod(pod)) return { admit: true };

  const onlyMemoryPressure =
    conditions.length === 1 && hasNodeCondition(conditions, 'MemoryPressure');
  if (onlyMemoryPressure) {
    if (qosClass(pod, options) !== 'BestEffort') return { admit: true };
    if ((pod.spec?.tolerations ?? []).some(toleratesMemoryPressureTaint)) return { admit: true };
  }
  return { admit: false, reason: EVICTION_REASON, message: nodeConditionMessage(conditions) };
}

/**
 * `Toleration.ToleratesTaint` for the taint `{key: node.kubernetes.io/memory-pressure, value: "",
 * effect: NoSchedule}`. Absent (or null) fields are Go's empty strings, and a null entry is Go's
 * zero Toleration (JSON `null` decodes to it), which tolerates this taint: empty key and effect
 * match any, and the implied `Equal` compares two empty values. Local to admission: only this
 * one taint is ever checked here.
 */
function toleratesMemoryPressureTaint(entry: Toleration | null): boolean {
  const toleration = entry ?? {};
  const effect = toleration.effect ?? '';
  if (effect !== '' && effect !== 'NoSchedule') return false;
  const key = toleration.key ?? '';
  if (key !== '' && key !== TAINT_NODE_MEMORY_PRESSURE) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === '';
    case 'Exists':
      return true;
    default:
      // Lt / Gt (gated) parse both values as integers; the empty taint value never parses.
      return false;
  }
}
