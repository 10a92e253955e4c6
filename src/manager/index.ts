// evictkit/manager — the kubelet's eviction loop (`synchronize`, `Admit`, `Start`) composed from
// the pure modules: thresholds, ranking, local storage, messages, and the platform's notifiers.

export { SPLIT_FILESYSTEM_MESSAGE } from './cycle';
export { type FormatSyncResultOptions, formatSyncResult } from './format';
export { IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, thresholdGracePeriod } from './grace-period';
export { createEvictionManager, tryCreateEvictionManager } from './manager';
export { observedMemoryCapacity } from './memory-capacity';
export {
  type NextEvictionError,
  type NextEvictionInput,
  type NextEvictionOptions,
  type NextEvictionPrediction,
  type NextEvictionTiming,
  predictNextEviction,
} from './next-eviction';
export {
  type NodePressure,
  nodePressure,
  type SignalReading,
  type SignalUnit,
  signalUnit,
} from './node-pressure';
export { parseManagerOptions, type ResolvedOptions } from './options';
export {
  previewRanking,
  type RankingPreview,
  type RankingPreviewError,
  type RankingPreviewInput,
} from './ranking-preview';
export {
  DEFAULT_MONITORING_INTERVAL_MS,
  POD_CLEANUP_POLL_MS,
  POD_CLEANUP_TIMEOUT_MS,
} from './run';
export { initialManagerState, managerStateSchema, parseManagerState } from './state';
export { shiftSummaryTimes, summaryTime } from './summary-time';
export {
  containerFsSource,
  type ManagerEvaluationExplanation,
  type ManagerThresholdExplanation,
  type ThresholdOrigin,
  thresholdOrigin,
} from './threshold-origin';
export { nodeReclaimFunctions, topologyFromSummary } from './topology';
export type {
  ActivePodsExplanation,
  BudgetExplanation,
  CandidateExplanation,
  CandidateVerdict,
  ContainerGC,
  CriticalReason,
  DiskTopologyState,
  EscalationExplanation,
  EvictionBudget,
  EvictionKind,
  EvictionManager,
  EvictionManagerOptions,
  GracePeriodRule,
  ImageGC,
  KillPod,
  KillPodOptions,
  LocalStorageExplanation,
  LocalStorageViolation,
  ManagerError,
  ManagerEvent,
  ManagerEviction,
  ManagerIssue,
  ManagerOptionsError,
  ManagerState,
  ManagerStateError,
  NodeLevelReclaimExplanation,
  NodeReclaimFunction,
  RankingSummary,
  RunOptions,
  RunSummary,
  SoftEvictionRecord,
  SummarySource,
  SyncCycle,
  SyncCycleTrigger,
  SyncExplanation,
  SynchronizeInput,
  SyncOutcome,
  SyncResult,
  SyncStep,
  SyncStepName,
  TopologyExplanation,
} from './types';
