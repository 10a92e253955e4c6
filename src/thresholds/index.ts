// evictkit/thresholds — the kubelet's threshold helpers, one pure step of its eviction loop,
// node conditions and admission under pressure.

export { getThresholdQuantity } from '../signals/threshold-quantity';
export type { AdmitResult } from './admission';
export { admitPod, EVICTION_REASON, nodeConditionMessage } from './admission';
export type { ConditionTaint } from './condition-taints';
export { TAINT_NODE_MEMORY_PRESSURE, taintsForNodeConditions } from './condition-taints';
export type { EvaluateInput, EvaluationResult } from './evaluate';
export { evaluate, evaluateChecked } from './evaluate';
export type { EvaluateInputError } from './evaluate-input';
export { evaluateInputSchema, observationSchema, thresholdSchema } from './evaluate-input';
export type {
  EvaluationState,
  EvaluationStateError,
  EvaluationStateIssue,
  SerializedThreshold,
  SerializedThresholdValue,
} from './evaluation-state';
export {
  deserializeThreshold,
  evaluationStateSchema,
  initialEvaluationState,
  parseEvaluationState,
  serializeLastObservations,
  serializeThreshold,
} from './evaluation-state';
export type { ReclaimableThreshold } from './eviction-priority';
export { getReclaimableThreshold, sortByEvictionPriority } from './eviction-priority';
export type {
  ConditionExplanation,
  EvaluationExplanation,
  ExplainContext,
  ReclaimTarget,
  ThresholdExplanation,
} from './explain';
export {
  explainConditions,
  explainThreshold,
  formatDuration,
  formatExplanation,
} from './explain';
export type { ThresholdObservedAt, ThresholdsObservedAt } from './grace-period';
export {
  isHardEvictionThreshold,
  thresholdsFirstObservedAt,
  thresholdsMetGracePeriod,
} from './grace-period';
export type { NodeConditionsObservedAt } from './node-conditions';
export {
  hasNodeCondition,
  NODE_CONDITION_ORDER,
  nodeConditions,
  nodeConditionsLastObservedAt,
  nodeConditionsObservedSince,
} from './node-conditions';
export type { LastObservations } from './stale-stats';
export { thresholdsUpdatedStats } from './stale-stats';
export {
  compareThresholdValue,
  hasThreshold,
  mergeThresholds,
  thresholdKey,
} from './threshold-identity';
export { thresholdsMet } from './thresholds-met';
