// staging/src/k8s.io/api/core/v1/well_known_taints.go and well_known_labels.go (the two cloud
// keys: k8s.io/cloud-provider/api): the keys the control plane and the kubelet use.

/** Added (NoSchedule by condition, NoExecute for eviction) while the node's Ready is False. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** Added (NoSchedule and NoExecute) while the node's Ready is Unknown. */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** Added (NoSchedule) while `spec.unschedulable` is set (a cordoned node). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** Added (NoSchedule) while MemoryPressure is True. */
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
/** Added (NoSchedule) while DiskPressure is True. */
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
/** Added (NoSchedule) while NetworkUnavailable is True. */
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
/** Added (NoSchedule) while PIDPressure is True. */
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
/**
 * Set by an administrator (conventionally NoExecute) after a non-graceful node shutdown: pods
 * that do not tolerate it are evicted, and PodGC force-deletes terminating pods on the node.
 */
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';
/** Set by cloud providers (NoSchedule) until the cloud controller has initialised the node. */
export const TAINT_EXTERNAL_CLOUD_PROVIDER = 'node.cloudprovider.kubernetes.io/uninitialized';
/** Set by cloud providers (NoSchedule) while the node's instance is shut down. */
export const TAINT_NODE_SHUTDOWN = 'node.cloudprovider.kubernetes.io/shutdown';

/** Every taint key of `well_known_taints.go` (v1.37). */
export const WELL_KNOWN_TAINT_KEYS = Object.freeze([
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_OUT_OF_SERVICE,
] as const);

/** Nodes with this label (any value) are left out of the zone statistics. */
export const LABEL_NODE_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
/** Deprecated, but read before the topology labels when present. */
export const LABEL_FAILURE_DOMAIN_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_FAILURE_DOMAIN_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
