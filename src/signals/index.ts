// evictkit/signals — quantities, signal names, threshold configuration, observations.

export type { ReclaimResource } from './catalogue';
export {
  ALLOCATABLE_SIGNALS,
  isAllocatableSignal,
  isSignal,
  NODE_CONDITION_TAINT_KEY,
  SIGNAL_NODE_CONDITION,
  SIGNAL_RESOURCE,
  SIGNALS,
  signalNodeCondition,
  signalOrder,
  signalResource,
  signalTaintKey,
} from './catalogue';
export type { ConfigError, ConfigErrorCode, ConfigField } from './config-error';
// Threshold configuration
export { formatConfigError } from './config-error';
export type { ContainerFsUpdate, DiskTopology } from './containerfs-thresholds';
export { updateContainerFsThresholds } from './containerfs-thresholds';
export type { EvictionHardDefaulting, EvictionHardSource, GoOs, KubeletOs } from './defaults';
export {
  applyEvictionHardDefaults,
  DEFAULT_ENFORCE_NODE_ALLOCATABLE,
  DEFAULT_EVICTION_HARD,
  DEFAULT_EVICTION_HARD_BY_OS,
  DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
  KNOWN_OS_NAMES,
  kubeletOsFamily,
} from './defaults';
export type { EvictionMapField, EvictionMapFlag } from './eviction-flag';
export { EVICTION_MAP_FLAGS, parseEvictionFlag, parseEvictionFlags } from './eviction-flag';
export type { GoDurationError } from './go-duration';
export { formatGoDuration, parseGoDuration } from './go-duration';
export type {
  EvictionSettings,
  KubeletConfigFormat,
  LoadedKubeletConfig,
  LoadOptions,
} from './kubelet-config';
export { applyKubeletFlags, kubeletDefaults, loadKubeletConfig } from './kubelet-config';
export type { KubeletConfigurationFields } from './kubelet-config-document';
export { kubeletConfigurationSchema } from './kubelet-config-document';
export type { KubeletFlagOverrides } from './kubelet-flags';
export { parseKubeletFlags, splitCommandLine } from './kubelet-flags';
export type { ObserveOptions, ObserveOs, SignalObservations } from './observe';
export {
  makeSignalObservations,
  observe,
  SYSTEM_CONTAINER_PODS,
  SYSTEM_CONTAINER_WINDOWS_GLOBAL_COMMIT_MEMORY,
} from './observe';
export type { PodStatsLookup, PodUidSource, ProcessStats, StatsFunc } from './pod-stats';
export {
  diskUsage,
  inodeUsage,
  memoryUsage,
  podMemoryUsage,
  podProcessUsage,
  podStatsLookup,
  processUsage,
} from './pod-stats';
export type { QuantityError, QuantityErrorCode, QuantityFormat } from './quantity';
// Quantities
export { isQuantity, parseQuantity, Quantity } from './quantity';
export type {
  ContainerStats,
  FsStats,
  MemoryStats,
  NodeStats,
  PodReference,
  PodStats,
  RlimitStats,
  RuntimeStats,
  Summary,
  SummaryError,
  SummaryIssue,
  VolumeStats,
} from './summary';
// The Summary API and observations
export { parseSummary, podStatsSchema, summarySchema, timestampSchema } from './summary';
export type { EvictionMap, ParseOptions, ThresholdConfigInput } from './threshold-config';
export {
  addAllocatableThresholds,
  NODE_ALLOCATABLE_ENFORCEMENT_KEY,
  parseGracePeriods,
  parseMinimumReclaims,
  parseThresholdConfig,
} from './threshold-config';
export { parseMinimumReclaim, parsePercentage, parseThresholdStatement } from './threshold-value';
// Signals and thresholds (the types of the public contract)
export type {
  NodeConditionType,
  Observation,
  Observations,
  Signal,
  Threshold,
  ThresholdOperator,
  ThresholdValue,
} from './types';
