import type { PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { formatApiTime } from '../pods/api-time';
import { type FeatureGateOptions, gateEnabled } from '../pods/feature-gates';
import { type PodLike, readPod } from '../pods/pod';
import {
  DISRUPTION_TARGET,
  disruptionTarget,
  podGeneration,
  TERMINATION_BY_KUBELET_REASON,
  updatePodCondition,
} from '../pods/pod-condition';
import { isPodLevelResourcesSet } from '../pods/pod-requests';
import { type ReclaimResource, signalResource } from '../signals/catalogue';
import { displayValue } from '../signals/config-error';
import { readOr } from '../signals/guard';
import { Quantity } from '../signals/quantity';
import { getThresholdQuantity } from '../signals/threshold-quantity';
import type { Observations, Threshold } from '../signals/types';
import { EVICTION_REASON } from '../thresholds/admission';
import { readEvaluateInput } from '../thresholds/evaluate-input';
import { foundStats, type PodStatsOf, statsFunction } from './pod-usage';

// The texts the kubelet's eviction manager writes (pkg/kubelet/eviction/helpers.go,
// eviction_manager.go evictPod), Kubernetes v1.37. Every string is reproduced byte for byte,
// trailing spaces included, because users and tools match on them.

/** Annotation on the eviction event: names of containers using more than they requested. */
export const OFFENDING_CONTAINERS_KEY = 'offending_containers';
/** Annotation on the eviction event: those containers' usage, in the same order. */
export const OFFENDING_CONTAINERS_USAGE_KEY = 'offending_containers_usage';
/** Annotation on the eviction event: the pod that used more than its pod-level request. */
export const OFFENDING_POD_KEY = 'offending_pod';
/** Annotation on the eviction event: that pod's usage. */
export const OFFENDING_POD_USAGE_KEY = 'offending_pod_usage';
/** Annotation on the eviction event: the resource the node was short of. */
export const STARVED_RESOURCE_KEY = 'starved_resource';

/** The `DisruptionTarget` pod condition type. */
export const DISRUPTION_TARGET_CONDITION = DISRUPTION_TARGET;
/** The condition reason the kubelet uses for node-pressure eviction. */
export { TERMINATION_BY_KUBELET_REASON };

/** `nodeLowMessageFmt`: `The node was low on resource: %v. ` */
export const nodeLowMessage = (resource: string): string =>
  `The node was low on resource: ${resource}. `;
/** `thresholdMetMessageFmt`: `Threshold quantity: %v, available: %v. ` */
export const thresholdMetMessage = (threshold: Quantity, available: Quantity): string =>
  `Threshold quantity: ${threshold.toString()}, available: ${available.toString()}. `;
/** `containerMessageFmt`: `Container %s was using %s, request is %s, has larger consumption of %v. ` */
export const containerMessage = (
  container: string,
  usage: Quantity,
  request: Quantity,
  resource: string,
): string =>
  `Container ${container} was using ${usage.toString()}, request is ${request.toString()}, has larger consumption of ${resource}. `;
/** `podMessageFmt`: `Pod %s was using %s, request is %s, has larger consumption of %v. ` */
export const podMessage = (
  pod: string,
  usage: Quantity,
  request: Quantity,
  resource: string,
): string =>
  `Pod ${pod} was using ${usage.toString()}, request is ${request.toString()}, has larger consumption of ${resource}. `;

/** What the kubelet writes on the pod and its `Evicted` event. */
export interface EvictionMessage {
  /** `status.message`, the event message and the `DisruptionTarget` condition message. */
  message: string;
  /**
   * Event annotations. Empty when the node has no statistics for the pod; otherwise always has
   * `offending_containers`, `offending_containers_usage` (possibly empty strings) and
   * `starved_resource`, plus `offending_pod` / `offending_pod_usage` for pod-level memory.
   */
  annotations: Record<string, string>;
}

/**
 * Upstream `evictionMessage(resourceToReclaim, pod, stats, thresholds, observations)`:
 *
 * 1. `The node was low on resource: <resource>. `
 * 2. For the first threshold (in the given order, which the kubelet has sorted by eviction
 *    priority) whose signal reclaims `resource` and has an observation:
 *    `Threshold quantity: <q>, available: <a>. `
 * 3. No statistics for the pod: stop, with no annotations at all.
 * 4. Memory, gate `PodLevelResources` on (the v1.37 default), pod-level resources set, a
 *    pod-level memory request and pod memory statistics: `Pod <name> was using <ws>, request is
 *    <req>, has larger consumption of memory. ` and the `offending_pod*` annotations. Upstream
 *    appends this even when usage is not above the request.
 * 5. For each container in the statistics (statistics order) whose name matches a container or
 *    init container of the spec (ephemeral containers never match): usage is rootfs + logs
 *    bytes (ephemeral-storage, only when both are reported) or the working set (memory); other
 *    resources have no usage. Usage strictly above the spec request (absent = 0) adds
 *    `Container <name> was using <u>, request is <r>, has larger consumption of <resource>. `.
 *
 * Requests come from the pod spec as given: pass the pod with the resources the kubelet has
 * allocated (after an in-place resize, the allocated values) to match the kubelet exactly.
 * A stats function returning anything but an object (`undefined`, `null`) means "no stats";
 * malformed statistics entries count as absent. Never throws.
 */
export function evictionMessage<P extends PodLike>(
  resourceToReclaim: ReclaimResource,
  pod: P,
  statsOf: PodStatsOf<P>,
  thresholds: readonly Threshold[],
  observations?: Observations,
  options?: FeatureGateOptions,
): EvictionMessage;
/** Any pod with any stats function (typed on kubernetes-types, client-node or own pods). */
export function evictionMessage(
  resourceToReclaim: ReclaimResource,
  pod: PodLike | undefined,
  statsOf: PodStatsOf<never>,
  thresholds: readonly Threshold[],
  observations?: Observations,
  options?: FeatureGateOptions,
): EvictionMessage;
export function evictionMessage(
  resourceToReclaim: ReclaimResource,
  pod: PodLike | undefined,
  statsOf: PodStatsOf<never>,
  thresholds: readonly Threshold[],
  observations: Observations = new Map(),
  options?: FeatureGateOptions,
): EvictionMessage {
  const annotations: Record<string, string> = {};
  const resource = resourceName(resourceToReclaim);
  let message = nodeLowMessage(resource);
  const met = thresholdMetInfo(resourceToReclaim, thresholds, observations);
  if (met) message += thresholdMetMessage(met.quantity, met.available);

  const stats = foundStats(statsFunction(statsOf)(pod as never));
  if (stats === undefined) return { message, annotations };
  const view = readPod(pod);

  if (
    resourceToReclaim === 'memory' &&
    gateEnabled('PodLevelResources', options) &&
    isPodLevelResourcesSet(pod ?? {})
  ) {
    const podRequest = view.resources?.requests?.get(resourceToReclaim);
    const podMemory = objectOrUndefined(stats.memory);
    // Upstream needs `podStats.Memory != nil`; a missing working set then reads as 0.
    if (podRequest !== undefined && podMemory !== undefined) {
      const usage = Quantity.fromBigInt(statValue(podMemory, 'workingSetBytes') ?? 0n, 'BinarySI');
      message += podMessage(view.name, usage, podRequest, resourceToReclaim);
      annotations[OFFENDING_POD_KEY] = view.name;
      annotations[OFFENDING_POD_USAGE_KEY] = usage.toString();
    }
  }

  const offenders: string[] = [];
  const usages: string[] = [];
  const containers = [...view.containers, ...view.initContainers];
  for (const containerStats of Array.isArray(stats.containers) ? stats.containers : []) {
    const name = objectOrUndefined(containerStats)?.name;
    const container = containers.find((c) => c.name === name);
    if (container === undefined) continue;
    const request = container.resources.requests?.get(resourceToReclaim) ?? Quantity.zero();
    const usage = containerUsage(resourceToReclaim, containerStats);
    if (usage !== undefined && usage.cmp(request) > 0) {
      message += containerMessage(container.name, usage, request, resourceToReclaim);
      offenders.push(container.name);
      usages.push(usage.toString());
    }
  }
  annotations[OFFENDING_CONTAINERS_KEY] = offenders.join(',');
  annotations[OFFENDING_CONTAINERS_USAGE_KEY] = usages.join(',');
  annotations[STARVED_RESOURCE_KEY] = resource;
  return { message, annotations };
}

/** A counter of the statistics: a non-negative integer, else absent (Go's nil pointer). */
function statValue(object: unknown, key: string): bigint | undefined {
  const value = objectOrUndefined(object)?.[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? BigInt(value)
    : undefined;
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function containerUsage(resource: ReclaimResource, stats: unknown): Quantity | undefined {
  const container = objectOrUndefined(stats);
  if (resource === 'ephemeral-storage') {
    const rootfs = statValue(container?.rootfs, 'usedBytes');
    const logs = statValue(container?.logs, 'usedBytes');
    if (rootfs === undefined || logs === undefined) return undefined;
    return Quantity.fromBigInt(rootfs + logs, 'BinarySI');
  }
  if (resource === 'memory') {
    const ws = statValue(container?.memory, 'workingSetBytes');
    return ws === undefined ? undefined : Quantity.fromBigInt(ws, 'BinarySI');
  }
  return undefined;
}

/** The resource as message text (a caller passing something else gets it displayed). */
const resourceName = (resource: unknown): string =>
  typeof resource === 'string' ? resource : displayValue(resource);

/**
 * `getThresholdMetInfo`: the threshold quantity and the available amount of the first threshold
 * whose signal reclaims `resource` and has an observation. Malformed thresholds and observation
 * entries (as `evaluate` reads them) are skipped.
 */
export function thresholdMetInfo(
  resource: ReclaimResource,
  thresholds: readonly Threshold[],
  observations: Observations,
): { threshold: Threshold; quantity: Quantity; available: Quantity } | undefined {
  const valid = readEvaluateInput({ thresholds, observations, now: 0 });
  for (const threshold of valid.thresholds) {
    if (signalResource(threshold.signal) !== resource) continue;
    const observed = valid.observations.get(threshold.signal);
    if (observed === undefined) continue;
    return {
      threshold,
      quantity: getThresholdQuantity(threshold.value, observed.capacity),
      available: observed.available,
    };
  }
  return undefined;
}

/** A pod condition as the kubelet writes it: v1 `PodCondition` plus `observedGeneration` (1.33+). */
export type EvictionPodCondition = PodCondition & { observedGeneration?: number };

/** A pod status carrying conditions of that shape. */
export type EvictionPodStatus = Omit<PodStatus, 'conditions'> & {
  conditions?: EvictionPodCondition[];
};

/**
 * The `DisruptionTarget` condition the kubelet attaches to a node-pressure eviction: status
 * `True`, reason `TerminationByKubelet`, the eviction message, and `observedGeneration` = the
 * pod's `metadata.generation` (omitted when 0 or unset, as Go's `omitempty` does). Local-storage
 * evictions carry no condition.
 */
export function disruptionTargetCondition(pod: PodLike, message: string): EvictionPodCondition {
  return disruptionTarget(pod, TERMINATION_BY_KUBELET_REASON, message);
}

/** What `evictionStatus` needs besides the pod and the message. */
export interface EvictionStatusOptions {
  /** The condition to upsert (node-pressure evictions); leave out for local-storage evictions. */
  condition?: EvictionPodCondition;
  /** Current time, epoch ms; becomes `lastTransitionTime` of a new or changed condition. */
  now: number;
}

/**
 * The pod status the kubelet's status function writes when it evicts a pod (`evictPod`): the
 * pod's current status with `phase: Failed`, `reason: Evicted`, `message`, and the condition
 * (if any) upserted as `podutil.UpdatePodCondition` does: appended when new; when one of the
 * same type exists it is replaced, keeping the old `lastTransitionTime` if the status did not
 * change. `observedGeneration` is the pod's generation (`PodObservedGenerationTracking` is GA
 * and locked on since 1.35). The kubelet later merges container states into this status; that
 * part is not modelled. The input pod is not modified. Never throws.
 */
export function evictionStatus(
  pod: PodLike,
  message: string,
  options: EvictionStatusOptions,
): EvictionPodStatus {
  const current = podStatusOf(pod);
  const status: EvictionPodStatus = {
    ...current,
    phase: 'Failed',
    reason: EVICTION_REASON,
    message,
  };
  // Options that cannot be read mean no condition; a condition that cannot be copied is none.
  const condition = readOr(() => {
    const given = options?.condition;
    return typeof given === 'object' && given !== null ? { ...given } : undefined;
  }, undefined);
  if (condition === undefined) return status;

  // The kubelet sets observedGeneration itself, whatever the condition given carries.
  const updated: EvictionPodCondition = { ...condition };
  const generation = podGeneration(pod);
  if (generation !== 0) updated.observedGeneration = generation;
  else delete updated.observedGeneration;
  status.conditions = updatePodCondition(
    current.conditions ?? [],
    updated,
    formatApiTime(readOr(() => options.now, undefined) ?? Number.NaN),
  ).conditions as EvictionPodCondition[];
  return status;
}

// Both readers swallow what a hostile object (a throwing getter or proxy) throws, as readPod does.
function podStatusOf(pod: unknown): EvictionPodStatus {
  try {
    const status = objectOrUndefined(objectOrUndefined(pod)?.status);
    if (status === undefined) return {};
    const copy = { ...(status as EvictionPodStatus) };
    if (Array.isArray(copy.conditions)) copy.conditions = [...copy.conditions];
    else delete copy.conditions;
    return copy;
  } catch {
    return {};
  }
}
