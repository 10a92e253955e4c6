// evictkit/ranking — pods as the kubelet sees them (QoS, critical/static/mirror, requests), the
// eviction rank per signal, local-storage eviction, and the kubelet's eviction messages.

export type { FeatureGateOptions } from '../pods/feature-gates';
// Pods (implemented in src/pods so that thresholds' admission can use them too)
export { FEATURE_GATE_DEFAULTS, gateEnabled } from '../pods/feature-gates';
export type {
  ContainerStatusView,
  ContainerValidationError,
  ContainerView,
  Pod,
  PodConditionView,
  PodIssue,
  PodLike,
  PodResizeStatusView,
  PodValidationError,
  PodView,
  ResourceList,
  ResourceRequirementsView,
  VolumeView,
} from '../pods/pod';
export {
  checkContainer,
  checkPod,
  readPod,
  readPodResizeStatus,
  validatePod,
} from '../pods/pod';
export type { PodSourceError } from '../pods/pod-kinds';
export {
  ALL_SOURCE,
  APISERVER_SOURCE,
  CONFIG_FIRST_SEEN_ANNOTATION_KEY,
  CONFIG_HASH_ANNOTATION_KEY,
  CONFIG_MIRROR_ANNOTATION_KEY,
  CONFIG_SOURCE_ANNOTATION_KEY,
  FILE_SOURCE,
  getPodSource,
  getValidatedSources,
  HIGHEST_USER_DEFINABLE_PRIORITY,
  HTTP_SOURCE,
  isCriticalPod,
  isCriticalPodBasedOnPriority,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  podPriority,
  preemptable,
  SYSTEM_CLUSTER_CRITICAL,
  SYSTEM_CRITICAL_PRIORITY,
  SYSTEM_NODE_CRITICAL,
} from '../pods/pod-kinds';
export { podIsEvicted } from '../pods/pod-phase';
export type { PodResourcesOptions } from '../pods/pod-requests';
export {
  aggregateContainerLimits,
  aggregateContainerRequests,
  getResourceRequestQuantity,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  isRestartableInitContainer,
  podLimits,
  podRequests,
} from '../pods/pod-requests';
export type { QOSClass } from '../pods/qos';
export { computeQosClass, qosClass, qosClassChecked } from '../pods/qos';
export type { MultiSorter, PodComparator } from './comparators';
export {
  byDisk,
  byExceedDiskRequests,
  byExceedMemoryRequests,
  byMemory,
  byPriority,
  byProcessCount,
  byQOS,
  orderedBy,
} from './comparators';
export type {
  ExplainError,
  OrderDecision,
  PodRankEntry,
  PodRankKeys,
  RankingExplanation,
} from './explain';
export { explainRanking } from './explain';
export type {
  LocalStorageEviction,
  LocalStorageOptions,
  LocalStorageReason,
  LocalStorageSignal,
} from './local-storage';
// Local-storage eviction and the kubelet's eviction messages
export {
  containerEphemeralStorageMessage,
  emptyDirMessage,
  LOCAL_STORAGE_EVICTION_GRACE_PERIOD_SECONDS,
  localStorageEviction,
  podEphemeralStorageMessage,
} from './local-storage';
export type {
  EvictionMessage,
  EvictionPodCondition,
  EvictionPodStatus,
  EvictionStatusOptions,
} from './messages';
export {
  DISRUPTION_TARGET_CONDITION,
  disruptionTargetCondition,
  evictionMessage,
  evictionStatus,
  OFFENDING_CONTAINERS_KEY,
  OFFENDING_CONTAINERS_USAGE_KEY,
  OFFENDING_POD_KEY,
  OFFENDING_POD_USAGE_KEY,
  STARVED_RESOURCE_KEY,
  TERMINATION_BY_KUBELET_REASON,
} from './messages';
export type { DiskResource, FsStatsType, PodDiskUsage, PodStatsOf } from './pod-usage';
// Usage, comparators and ranking
export {
  localVolumeNames,
  podDiskUsage,
  podDiskUsageQuantity,
  podMemoryBytes,
  podProcessCount,
  podWorkingSet,
} from './pod-usage';
export type { RankDiskLayout, RankInputError } from './rank';
export {
  comparatorForSignal,
  rankForSignal,
  rankForSignalChecked,
  rankPlanForSignal,
  rankPods,
} from './rank';
export type { ComparatorName, PodSortKey, RankPlan } from './sort-keys';
export { computeSortKeys } from './sort-keys';
