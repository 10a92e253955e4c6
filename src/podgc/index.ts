// evictkit/podgc — the PodGC controller's decisions, pure: which terminated, orphaned and
// terminating pods it force-deletes in one run, in order, why, and the status it writes first.

export type { GcSweep } from './constants';
export {
  DEFAULT_TERMINATED_POD_GC_THRESHOLD,
  DELETION_BY_POD_GC_REASON,
  GC_CHECK_PERIOD_MS,
  NODE_NO_LONGER_EXISTS_MESSAGE,
  OUT_OF_SERVICE_TAINT_KEY,
  QUARANTINE_MS,
} from './constants';
export type { GcPodCondition, GcStatusUpdate } from './mark-failed';
export { byEvictionAndCreationTimestamp, EVICTED_REASON, isTerminatedPhase } from './order';
export type { GcDeletion, PodGcInputError, PodGcOptions, PodGcPlan } from './pods-to-gc';
export { podsToGc } from './pods-to-gc';
export type { NodeLookup, QuarantineCheck, QuarantineState } from './quarantine';
export { EMPTY_QUARANTINE } from './quarantine';
