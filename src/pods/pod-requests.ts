import { readOr } from '../signals/guard';
import { Quantity, type QuantityFormat } from '../signals/quantity';
import { type FeatureGateOptions, gateEnabled } from './feature-gates';
import {
  type ContainerStatusView,
  type ContainerView,
  type PodLike,
  type PodResizeStatusView,
  type PodView,
  type ResourceList,
  readPod,
  readPodResizeStatus,
} from './pod';
import {
  addResourceList,
  applyNonMissing,
  maxOfResourceLists,
  maxResourceList,
} from './resource-list';

// component-helpers `resource` (PodRequests / PodLimits and friends) and
// pkg/api/v1/resource `GetResourceRequestQuantity`, as in Kubernetes v1.37.

/** `PodResourcesOptions`. Every option defaults to off / empty. */
export interface PodResourcesOptions {
  /** Leave `spec.overhead` out. */
  excludeOverhead?: boolean;
  /** Ignore `spec.resources` even when it is set. */
  skipPodLevelResources?: boolean;
  /** Requests only: ignore container-level requests (limits ignore this option, as upstream). */
  skipContainerLevelResources?: boolean;
  /** For each container that does not name one of these resources at all, use this value. */
  nonMissingContainerRequests?: ResourceList;
  /**
   * Take in-place resize state from the pod status into account (`max(spec, allocated,
   * actuated)` per container). Callers must leave this off when `InPlacePodVerticalScaling`
   * is off.
   */
  useStatusResources?: boolean;
  /** With `useStatusResources`: also use pod-level status resources. Gate-controlled upstream. */
  inPlacePodLevelResourcesVerticalScalingEnabled?: boolean;
}

/** Resources that may be set at pod level: cpu, memory and every `hugepages-*`. */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

const namesSupported = (list: ResourceList | undefined): boolean =>
  list !== undefined && [...list.keys()].some(isSupportedPodLevelResource);

/** `spec.resources` sets pod-level requests or limits for a supported resource. */
export function isPodLevelResourcesSet(pod: PodLike): boolean {
  const resources = readPod(pod).resources;
  return namesSupported(resources?.requests) || namesSupported(resources?.limits);
}

/** `spec.resources.requests` names a supported resource. */
export function isPodLevelRequestsSet(pod: PodLike): boolean {
  return namesSupported(readPod(pod).resources?.requests);
}

/** `spec.resources.limits` names a supported resource. */
export function isPodLevelLimitsSet(pod: PodLike): boolean {
  return namesSupported(readPod(pod).resources?.limits);
}

/** The pod condition `PodResizePending` says `Infeasible`. */
export function isPodResizeInfeasible(pod: PodLike): boolean {
  return resizeInfeasible(readPodResizeStatus(pod));
}

function resizeInfeasible(status: PodResizeStatusView): boolean {
  const condition = status.conditions.find((c) => c.type === 'PodResizePending');
  return condition?.reason === 'Infeasible';
}

/** Restartable init container (a sidecar): `restartPolicy: Always`. */
export function isRestartableInitContainer(container: ContainerView): boolean {
  return container.restartPolicy === 'Always';
}

type PickList = (
  container: ContainerView,
  status: ContainerStatusView | undefined,
  infeasible: boolean,
) => ResourceList | undefined;

const specRequests: PickList = (c) => c.resources.requests;
const allocatedRequests: PickList = (c, s, infeasible) =>
  s?.allocatedResources ?? (infeasible ? undefined : c.resources.requests);
const actuatedRequests: PickList = (c, s, infeasible) =>
  s?.resources?.requests ??
  s?.allocatedResources ??
  (infeasible ? undefined : c.resources.requests);
const specLimits: PickList = (c) => c.resources.limits;
const actuatedLimits: PickList = (c, s, infeasible) =>
  s?.resources?.limits ?? (infeasible ? undefined : c.resources.limits);

function findStatus(status: PodResizeStatusView, name: string): ContainerStatusView | undefined {
  return (
    status.containerStatuses.find((s) => s.name === name) ??
    status.initContainerStatuses.find((s) => s.name === name)
  );
}

interface Context {
  view: PodView;
  resize: PodResizeStatusView | undefined;
  options: PodResourcesOptions;
  nonMissing: ResourceList | undefined;
}

/**
 * Sum of regular and sidecar containers, then the max with each init container's peak: a
 * non-restartable init container runs alongside every sidecar started before it.
 */
function aggregate(ctx: Context, pick: PickList): Map<string, Quantity> {
  const infeasible = ctx.resize !== undefined && resizeInfeasible(ctx.resize);
  const listOf = (c: ContainerView) => {
    const status = ctx.resize === undefined ? undefined : findStatus(ctx.resize, c.name);
    const list = pick(c, status, infeasible);
    return ctx.nonMissing && ctx.nonMissing.size > 0 ? applyNonMissing(list, ctx.nonMissing) : list;
  };
  const result = new Map<string, Quantity>();
  for (const c of ctx.view.containers) addResourceList(result, listOf(c));
  const sidecars = new Map<string, Quantity>();
  const initPeak = new Map<string, Quantity>();
  for (const c of ctx.view.initContainers) {
    const list = listOf(c);
    if (isRestartableInitContainer(c)) {
      addResourceList(result, list);
      addResourceList(sidecars, list);
      maxResourceList(initPeak, sidecars);
    } else {
      const whileRunning = new Map<string, Quantity>();
      addResourceList(whileRunning, list);
      addResourceList(whileRunning, sidecars);
      maxResourceList(initPeak, whileRunning);
    }
  }
  maxResourceList(result, initPeak);
  return result;
}

function aggregateRequests(ctx: Context): Map<string, Quantity> {
  if (!ctx.options.useStatusResources || ctx.resize === undefined) {
    return aggregate(ctx, specRequests);
  }
  const status = ctx.resize;
  const spec = aggregate(ctx, specRequests);
  let allocated: ResourceList;
  let actuated: ResourceList;
  if (
    ctx.options.inPlacePodLevelResourcesVerticalScalingEnabled &&
    status.allocatedResources !== undefined &&
    status.resources?.requests !== undefined
  ) {
    allocated = status.allocatedResources;
    actuated = status.resources.requests;
  } else {
    allocated = aggregate(ctx, allocatedRequests);
    actuated = aggregate(ctx, actuatedRequests);
  }
  return resizeInfeasible(status)
    ? maxOfResourceLists(actuated, allocated)
    : maxOfResourceLists(spec, actuated, allocated);
}

function aggregateLimits(ctx: Context): Map<string, Quantity> {
  if (!ctx.options.useStatusResources || ctx.resize === undefined) {
    return aggregate(ctx, specLimits);
  }
  const status = ctx.resize;
  const spec = aggregate(ctx, specLimits);
  const actuated =
    ctx.options.inPlacePodLevelResourcesVerticalScalingEnabled &&
    status.resources?.limits !== undefined
      ? status.resources.limits
      : aggregate(ctx, actuatedLimits);
  return resizeInfeasible(status) ? new Map(actuated) : maxOfResourceLists(spec, actuated);
}

function contextFor(pod: unknown, options: PodResourcesOptions, forLimits: boolean): Context {
  const read = readResourcesOptions(options);
  return contextOf(
    readPod(pod),
    read.useStatusResources ? readPodResizeStatus(pod) : undefined,
    read,
    forLimits,
  );
}

/**
 * The options as given, read once: options that are not an object, or cannot be read (a getter
 * or proxy that throws), count as none; a `nonMissingContainerRequests` that is not a Map as
 * unset.
 */
function readResourcesOptions(options: unknown): PodResourcesOptions {
  return readOr((): PodResourcesOptions => {
    if (typeof options !== 'object' || options === null) return {};
    const o = options as PodResourcesOptions;
    const read: PodResourcesOptions = {
      excludeOverhead: Boolean(o.excludeOverhead),
      skipPodLevelResources: Boolean(o.skipPodLevelResources),
      skipContainerLevelResources: Boolean(o.skipContainerLevelResources),
      useStatusResources: Boolean(o.useStatusResources),
      inPlacePodLevelResourcesVerticalScalingEnabled: Boolean(
        o.inPlacePodLevelResourcesVerticalScalingEnabled,
      ),
    };
    const nonMissing: unknown = o.nonMissingContainerRequests;
    if (nonMissing instanceof Map) read.nonMissingContainerRequests = nonMissing;
    return read;
  }, {});
}

function contextOf(
  view: PodView,
  resize: PodResizeStatusView | undefined,
  options: PodResourcesOptions,
  forLimits: boolean,
): Context {
  return {
    view,
    resize: options.useStatusResources ? resize : undefined,
    options,
    // AggregateContainerLimits clears NonMissingContainerRequests.
    nonMissing: forLimits ? undefined : options.nonMissingContainerRequests,
  };
}

/** Pod-level values, widened by the resize status when that is in use (`effectivePodLevelResources`). */
function effectivePodLevel(
  ctx: Context,
  spec: ResourceList | undefined,
  pick: (status: PodResizeStatusView) => ReadonlyArray<ResourceList | undefined>,
): ResourceList | undefined {
  const status = ctx.resize;
  if (
    !ctx.options.inPlacePodLevelResourcesVerticalScalingEnabled ||
    status?.resources === undefined
  ) {
    return spec;
  }
  return maxOfResourceLists(resizeInfeasible(status) ? undefined : spec, ...pick(status));
}

function applyPodLevel(result: Map<string, Quantity>, podLevel: ResourceList | undefined): void {
  for (const [name, quantity] of podLevel ?? []) {
    if (isSupportedPodLevelResource(name)) result.set(name, quantity);
  }
}

/**
 * `PodRequests`: the pod's effective requests. Containers aggregate as sidecar-aware sums and
 * maxima; supported pod-level requests replace the aggregate for their resources; overhead is
 * added unless excluded. Nothing is gated here: as upstream, callers decide through the options.
 */
export function podRequests(pod: PodLike, options: PodResourcesOptions = {}): ResourceList {
  return requestsOf(contextFor(pod, options, false));
}

function requestsOf(ctx: Context): Map<string, Quantity> {
  const options = ctx.options;
  const result = options.skipContainerLevelResources ? new Map() : aggregateRequests(ctx);
  const podLevel = ctx.view.resources?.requests;
  if (!options.skipPodLevelResources && namesSupported(podLevel)) {
    applyPodLevel(
      result,
      effectivePodLevel(ctx, podLevel, (s) => [s.resources?.requests, s.allocatedResources]),
    );
  }
  if (!options.excludeOverhead) addResourceList(result, ctx.view.overhead);
  return result;
}

/**
 * `PodLimits`: the pod's effective limits, aggregated like requests; supported pod-level limits
 * replace the aggregate when any pod-level resource is set; overhead is added only to limits
 * that are present and non-zero.
 */
export function podLimits(pod: PodLike, options: PodResourcesOptions = {}): ResourceList {
  return limitsOf(contextFor(pod, options, true));
}

function limitsOf(ctx: Context): Map<string, Quantity> {
  const options = ctx.options;
  const result = aggregateLimits(ctx);
  const podLevel = ctx.view.resources;
  if (
    !options.skipPodLevelResources &&
    (namesSupported(podLevel?.requests) || namesSupported(podLevel?.limits))
  ) {
    applyPodLevel(
      result,
      effectivePodLevel(ctx, podLevel?.limits, (s) => [s.resources?.limits]),
    );
  }
  if (!options.excludeOverhead) {
    for (const [name, overhead] of ctx.view.overhead ?? []) {
      const limit = result.get(name);
      if (limit !== undefined && !limit.isZero()) result.set(name, limit.add(overhead));
    }
  }
  return result;
}

/** `AggregateContainerRequests`: container-level requests only (no pod level, no overhead). */
export function aggregateContainerRequests(
  pod: PodLike,
  options: PodResourcesOptions = {},
): ResourceList {
  return aggregateRequests(contextFor(pod, options, false));
}

/** `AggregateContainerLimits`: container-level limits only (no pod level, no overhead). */
export function aggregateContainerLimits(
  pod: PodLike,
  options: PodResourcesOptions = {},
): ResourceList {
  return aggregateLimits(contextFor(pod, options, true));
}

/** The format of a zero request, as `GetResourceRequestQuantity` starts it. */
function zeroFormat(resource: string): QuantityFormat {
  return resource === 'memory' || resource === 'storage' || resource === 'ephemeral-storage'
    ? 'BinarySI'
    : 'DecimalSI';
}

/**
 * `GetResourceRequestQuantity` (pkg/api/v1/resource), what eviction ranking calls a pod's
 * request: `PodRequests` without overhead, from the pod-level values alone when the pod sets
 * any (gate `PodLevelResources`), plus `spec.overhead[resource]` when the total is non-zero.
 * Spec values only: in-place resize status does not enter.
 *
 * QUIRK (upstream): a pod with pod-level limits but no pod-level requests skips its container
 * requests too, so its request is 0; so is its request for any resource that cannot be set at
 * pod level (ephemeral-storage, extended resources) whenever pod-level resources are set.
 */
export function getResourceRequestQuantity(
  pod: PodLike,
  resource: string,
  options?: FeatureGateOptions,
): Quantity {
  return requestQuantityOf(readPod(pod), resource, options);
}

/** `getResourceRequestQuantity` for a pod already read with `readPod`. */
export function requestQuantityOf(
  view: PodView,
  resource: string,
  options?: FeatureGateOptions,
): Quantity {
  const hasPodLevel =
    gateEnabled('PodLevelResources', options) &&
    (namesSupported(view.resources?.requests) || namesSupported(view.resources?.limits));
  let request = Quantity.zero(zeroFormat(resource));
  const requested = requestsOf(
    contextOf(
      view,
      undefined,
      { skipContainerLevelResources: hasPodLevel, excludeOverhead: true },
      false,
    ),
  ).get(resource);
  if (requested !== undefined) request = request.add(requested);
  const overhead = view.overhead?.get(resource);
  if (overhead !== undefined && !request.isZero()) request = request.add(overhead);
  return request;
}
