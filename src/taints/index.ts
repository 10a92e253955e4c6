// evictkit/taints — taint/toleration matching, the taint eviction controller's timing, the
// DefaultTolerationSeconds admission plugin, and the node lifecycle controller's taints and
// zone rates (Kubernetes v1.37).

export type { DefaultTolerationSecondsOptions } from './default-toleration-seconds';
export {
  applyDefaultTolerationSeconds,
  DEFAULT_TOLERATION_SECONDS,
} from './default-toleration-seconds';
export type {
  TaintError,
  TaintSpecError,
  TolerationError,
  TolerationIssue,
  TolerationIssueCode,
} from './errors';
export {
  taintEvictionNodeUpdateMatters,
  taintEvictionPodUpdateMatters,
} from './event-filter';
export type {
  ScheduledEviction,
  TaintEvictionAction,
  TaintEvictionDecision,
  TaintEvictionDecisionOptions,
  TaintEvictionRule,
  TaintEvictionWhy,
} from './eviction-decision';
export { taintEvictionDecision } from './eviction-decision';
export type {
  PodConditionOut,
  TaintEvictionCondition,
  TaintEvictionEvent,
  TaintEvictionStatusUpdate,
} from './eviction-status';
export {
  DELETION_BY_TAINT_MANAGER_REASON,
  TAINT_EVICTION_CONTROLLER,
  TAINT_EVICTION_DELETE_RETRIES,
  TAINT_MANAGER_DELETION_MESSAGE,
  TAINT_MANAGER_EVICTION_EVENT_REASON,
  taintEvictionCancelEvent,
  taintEvictionCondition,
  taintEvictionDeletionEvent,
  taintEvictionStatus,
} from './eviction-status';
export {
  isDecimalInteger,
  isQualifiedName,
  isValidLabelValue,
} from './k8s-validation';
export type { MatchingTolerations } from './matching';
export {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
  getMatchingTolerations,
  getNoExecuteTaints,
  noExecuteTaintsFilter,
  tolerationsTolerateTaint,
  tolerationsTolerateTaintsWithFilter,
} from './matching';
export type {
  NodeConditionOut,
  NodeHealth,
  NodeHealthOptions,
  NodeHealthRecord,
} from './node-health';
export { nodeHealth } from './node-health';
export type { NodeLifecycleConfig } from './node-lifecycle-config';
export {
  EVICTION_RATE_LIMITER_BURST,
  NODE_EVICTION_PERIOD_MS,
  NODE_HEALTH_UPDATE_RETRY,
  NODE_LIFECYCLE_DEFAULTS,
  TAINTING_RETRY_MS,
} from './node-lifecycle-config';
export type {
  NoExecuteTaintAction,
  NoExecuteTaintingStep,
  NoScheduleTainting,
} from './node-taints';
export {
  NODE_CONDITION_TO_TAINT_KEY,
  NOT_READY_NO_EXECUTE_TAINT,
  noExecuteTaintAction,
  noExecuteTaintingStep,
  noScheduleTainting,
  UNREACHABLE_NO_EXECUTE_TAINT,
} from './node-taints';
export type { ParsedTaint, TaintChanges } from './taint-string';
export {
  formatTaint,
  matchTaint,
  normalizeTaint,
  parseTaint,
  parseTaints,
  taintExists,
} from './taint-string';
export type {
  RateLimiterState,
  TaintingAttempt,
  TaintingQueue,
  TaintingQueueEntry,
} from './tainting-queue';
export {
  createTaintingQueue,
  limiterQps,
  taintingQueueAdd,
  taintingQueueClear,
  taintingQueueRemove,
  taintingQueueSwapLimiter,
  taintingQueueTry,
  tokenBucketLimiter,
  tryAccept,
} from './tainting-queue';
export {
  comparisonOperatorsEnabled,
  matchToleration,
  TAINT_TOLERATION_COMPARISON_OPERATORS,
  toleratesTaint,
} from './toleration';
export { getMinTolerationTime, TOLERATE_FOREVER } from './toleration-time';
export type {
  NodeInput,
  PodInput,
  Taint,
  TaintEffect,
  TaintLike,
  Toleration,
  TolerationLike,
  TolerationOperator,
} from './types';
export {
  TAINT_EFFECT_NO_EXECUTE,
  TAINT_EFFECT_NO_SCHEDULE,
  TAINT_EFFECT_PREFER_NO_SCHEDULE,
  TAINT_EFFECTS,
  TOLERATION_OPERATORS,
} from './types';
export type { ValidationOptions } from './validate';
export { validateTaints, validateToleration, validateTolerations } from './validate';
export {
  LABEL_FAILURE_DOMAIN_BETA_REGION,
  LABEL_FAILURE_DOMAIN_BETA_ZONE,
  LABEL_NODE_EXCLUDE_DISRUPTION,
  LABEL_TOPOLOGY_REGION,
  LABEL_TOPOLOGY_ZONE,
  TAINT_EXTERNAL_CLOUD_PROVIDER,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_OUT_OF_SERVICE,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_SHUTDOWN,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  WELL_KNOWN_TAINT_KEYS,
} from './well-known';
export type {
  DisruptionPass,
  EvictionRateOptions,
  HandleDisruptionOptions,
  ReadyConditionLike,
  ZoneRecord,
  ZoneState,
  ZoneStateResult,
} from './zone';
export {
  computeZoneState,
  handleDisruption,
  isNodeExcludedFromDisruptionChecks,
  zoneEvictionRate,
  zoneKey,
} from './zone';
