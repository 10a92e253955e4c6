// evictkit/disruption: PodDisruptionBudgets (the disruption controller's status), the Eviction
// API's decision, an eviction client, and kubectl drain/cordon as data (Kubernetes v1.37).

export type { ApiStatus, StatusCause, StatusDetails } from './api-status';
export {
  DISRUPTION_BUDGET_CAUSE,
  MULTIPLE_PDBS_MESSAGE,
  NAMESPACE_TERMINATING_CAUSE,
  PDB_VIOLATION_MESSAGE,
} from './api-status';
export type { ControllerScale, ScaleOf } from './controller-scale';
export {
  getExpectedScale,
  parseGroupVersion,
  podCountScaleOf,
  workloadScaleOf,
} from './controller-scale';
export type { CordonPlan } from './cordon';
export { cordonPatch } from './cordon';
export type {
  DaemonSetLookup,
  DrainFilter,
  DrainLookups,
  DrainOptions,
  DrainPodResult,
  DrainReason,
  DrainStatus,
  DrainSummary,
  FilterVerdict,
} from './drain-filters';
export {
  builtinDrainFilters,
  DAEMONSET_FATAL,
  DAEMONSET_WARNING,
  drainFilters,
  LOCAL_STORAGE_FATAL,
  LOCAL_STORAGE_WARNING,
  shouldSkipDeletedPod,
  summarizeDrain,
  UNMANAGED_FATAL,
  UNMANAGED_WARNING,
} from './drain-filters';
export type {
  DrainPlan,
  DrainPlanInput,
  PlannedAction,
  PlannedBudget,
  PlannedPod,
} from './drain-plan';
export { planDrain } from './drain-plan';
export type {
  EvictionClient,
  EvictionClientError,
  EvictionClientOptions,
  EvictionOutcome,
  EvictionTarget,
  EvictOptions,
  KubeConfigLike,
} from './eviction-client';
export {
  createEvictionClient,
  parseRetryAfter,
  parseStatus,
  pdbNameFromCauses,
} from './eviction-client';
export type {
  DeletePreconditions,
  DisruptionTargetCondition,
  EvictionDecision,
  EvictionDecisionOptions,
  EvictionDeleteOptions,
  EvictionPath,
} from './eviction-decision';
export {
  EVICTIONS_RETRY,
  evictionDecision,
  MAX_DISRUPTED_POD_SIZE,
  propagateDryRun,
} from './eviction-decision';
export type { IntOrPercentError, IntOrString } from './int-or-percent';
export { getScaledValueFromIntOrPercent, goAtoi } from './int-or-percent';
export type { LabelRequirement, LabelSelector, LabelSelectorError } from './label-selector';
export { labelSelectorAsSelector, selectorMatches, selectorString } from './label-selector';
export type { PdbCondition, PdbFacts, PdbStatus } from './pdb';
export {
  ALWAYS_ALLOW,
  conditionsAreUpToDate,
  DISRUPTION_ALLOWED_CONDITION,
  IF_HEALTHY_BUDGET,
  INSUFFICIENT_PODS_REASON,
  pdbStatusToApi,
  readPdbFacts,
  readPdbStatus,
  SUFFICIENT_PODS_REASON,
  SYNC_FAILED_REASON,
  setStatusCondition,
  updateDisruptionAllowedCondition,
} from './pdb';
export type { MatchedPdb } from './pdb-match';
export { pdbsForPod } from './pdb-match';
export type {
  DisruptionEvent,
  PdbStatusOptions,
  PdbSync,
  PdbSyncError,
} from './pdb-status';
export { DELETION_TIMEOUT_MS, pdbStatus, pdbStatusOfFacts } from './pdb-status';
export type { OwnerReferenceView, PodFacts } from './pod-facts';
export { readPodFacts } from './pod-facts';
export type { StaleDisruption } from './stale-disruption';
export { STALE_POD_DISRUPTION_TIMEOUT_MS, staleDisruptionCondition } from './stale-disruption';
