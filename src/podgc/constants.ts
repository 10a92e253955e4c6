// pkg/controller/podgc (gc_controller.go, metrics) and its config defaults, Kubernetes v1.37.

/** `gcCheckPeriod`: how often the controller runs its sweeps. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** `quarantineTime`: how long a node must stay missing before its pods count as orphaned. */
export const QUARANTINE_MS = 40_000;
/** `--terminated-pod-gc-threshold` default; a value of 0 or less disables the terminated sweep. */
export const DEFAULT_TERMINATED_POD_GC_THRESHOLD = 12_500;

/** The taint that marks a node as out of service (`v1.TaintNodeOutOfService`). */
export const OUT_OF_SERVICE_TAINT_KEY = 'node.kubernetes.io/out-of-service';

/** The `DisruptionTarget` reason PodGC writes on pods of a deleted node. */
export const DELETION_BY_POD_GC_REASON = 'DeletionByPodGC';
/** The `DisruptionTarget` message PodGC writes on pods of a deleted node. */
export const NODE_NO_LONGER_EXISTS_MESSAGE = 'PodGC: node no longer exists';

/**
 * The four sweeps, named by their `reason` label in the `pod_gc_controller` metrics
 * (`force_delete_pods_total`).
 */
export type GcSweep = 'terminated' | 'out-of-service' | 'orphaned' | 'unscheduled';
