// kube-controller-manager's node lifecycle controller settings (v1.37 defaults) and the
// controller's internal constants (pkg/controller/nodelifecycle, scheduler/rate_limited_queue.go).

/** The flags of the node lifecycle controller, in ms and nodes/second. */
export interface NodeLifecycleConfig {
  /** `--node-monitor-period`: how often node health is checked. */
  nodeMonitorPeriodMs: number;
  /** `--node-monitor-grace-period`: silence after which a node that has posted Ready goes Unknown. */
  nodeMonitorGracePeriodMs: number;
  /** `--node-startup-grace-period`: the same, for a node that never posted a Ready condition. */
  nodeStartupGracePeriodMs: number;
  /** `--node-eviction-rate`: NoExecute tainting rate per zone while the zone is healthy. */
  nodeEvictionRate: number;
  /** `--secondary-node-eviction-rate`: the rate in a partially disrupted large zone. */
  secondaryNodeEvictionRate: number;
  /** `--unhealthy-zone-threshold`: fraction of not-Ready nodes (at least 3) that disrupts a zone. */
  unhealthyZoneThreshold: number;
  /** `--large-cluster-size-threshold`: a zone with more nodes than this is "large". */
  largeClusterSizeThreshold: number;
}

/**
 * v1.37 defaults. `--node-monitor-grace-period` is 50 s since v1.32 (40 s before, PR #126287).
 */
export const NODE_LIFECYCLE_DEFAULTS: Readonly<NodeLifecycleConfig> = Object.freeze({
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  nodeStartupGracePeriodMs: 60_000,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
});

/** `NodeEvictionPeriod`: how often the rate-limited NoExecute tainting pass runs. */
export const NODE_EVICTION_PERIOD_MS = 100;
/** `EvictionRateLimiterBurst`: the token buckets of the zone queues hold one token. */
export const EVICTION_RATE_LIMITER_BURST = 1;
/** `NodeHealthUpdateRetry`: attempts to write a node status, `retrySleepTime` (20 ms) apart. */
export const NODE_HEALTH_UPDATE_RETRY = 5;
/** How long the tainting pass waits before retrying a node it could not read. */
export const TAINTING_RETRY_MS = 50;
