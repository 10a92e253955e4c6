import { err, ok, type Result } from 'neverthrow';
import { type FeatureGateOptions, gateEnabled } from '../pods/feature-gates';
import { qualifiedNameErrors } from '../pods/label-selector';
import { readNodeObject } from '../pods/node-object';
import type { ResourceList } from '../pods/pod';
import { isObjectLike } from '../pods/pod-object';
import { podRequests } from '../pods/pod-requests';
import { inputError, type PreemptionInputError } from './errors';

// The NodeResourcesFit filter (pkg/scheduler/framework/plugins/noderesources/fit.go,
// fitsRequest), v1.37: the default "does the preemptor fit" check preemption can use.
//
// It models resources only: cpu, memory, ephemeral-storage, the pod count, and scalar resources
// (extended resources, hugepages-*, kubernetes.io/-prefixed and attachable-volumes-*). It does
// not model anything else a scheduler filter checks: node affinity and selectors, taints,
// inter-pod (anti-)affinity, topology spread, host ports, volumes and their limits, DRA claims,
// node name, or ignored extended resources configured on the plugin (pass them in options).

/** One resource the node cannot give, as the filter reports it. */
export interface InsufficientResource {
  readonly resourceName: string;
  /** `Too many pods` or `Insufficient <resource>`: the filter's reason text. */
  readonly reason: string;
  readonly requested: bigint;
  readonly used: bigint;
  readonly capacity: bigint;
}

export interface ResourceFitOptions extends FeatureGateOptions {
  /** NodeResourcesFitArgs.ignoredResources: extended resources not checked. */
  ignoredResources?: readonly string[];
  /** NodeResourcesFitArgs.ignoredResourceGroups: extended-resource prefixes not checked. */
  ignoredResourceGroups?: readonly string[];
}

export interface ResourceFitResult {
  readonly fits: boolean;
  readonly insufficient: readonly InsufficientResource[];
}

/** The scheduler's `framework.Resource`: cpu in millicores, the rest in whole units. */
interface Amounts {
  milliCPU: bigint;
  memory: bigint;
  ephemeralStorage: bigint;
  scalar: Map<string, bigint>;
}

const RESOURCE_DEFAULT_NAMESPACE_PREFIX = 'kubernetes.io/';

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes(RESOURCE_DEFAULT_NAMESPACE_PREFIX);
}

/** `v1helper.IsExtendedResourceName`. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return qualifiedNameErrors(`requests.${name}`).length === 0;
}

/** `schedutil.IsScalarResourceName`: extended, hugepages, prefixed native or attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    name.startsWith('hugepages-') ||
    name.includes(RESOURCE_DEFAULT_NAMESPACE_PREFIX) ||
    name.startsWith('attachable-volumes-')
  );
}

function amountsOf(list: ResourceList): Amounts {
  const a: Amounts = { milliCPU: 0n, memory: 0n, ephemeralStorage: 0n, scalar: new Map() };
  for (const [name, q] of list) {
    if (name === 'cpu') a.milliCPU += q.milliValue();
    else if (name === 'memory') a.memory += q.value();
    else if (name === 'ephemeral-storage') a.ephemeralStorage += q.value();
    else if (isScalarResourceName(name)) a.scalar.set(name, (a.scalar.get(name) ?? 0n) + q.value());
  }
  return a;
}

function addInto(total: Amounts, add: Amounts): void {
  total.milliCPU += add.milliCPU;
  total.memory += add.memory;
  total.ephemeralStorage += add.ephemeralStorage;
  for (const [name, v] of add.scalar) total.scalar.set(name, (total.scalar.get(name) ?? 0n) + v);
}

/** The preemptor's request, as the Fit PreFilter computes it (spec only: it is not running). */
function preemptorRequest(pod: unknown, options: ResourceFitOptions): Amounts {
  return amountsOf(
    podRequests(pod, { skipPodLevelResources: !gateEnabled('PodLevelResources', options) }),
  );
}

/** A running pod's request as the scheduler's NodeInfo counts it (status aware). */
function runningRequest(pod: unknown, options: ResourceFitOptions): Amounts {
  return amountsOf(
    podRequests(pod, {
      useStatusResources: gateEnabled('InPlacePodVerticalScaling', options),
      skipPodLevelResources: !gateEnabled('PodLevelResources', options),
      inPlacePodLevelResourcesVerticalScalingEnabled: gateEnabled(
        'InPlacePodLevelResourcesVerticalScaling',
        options,
      ),
    }),
  );
}

interface PreparedFit {
  request: Amounts;
  allocatable: Amounts;
  allowedPods: bigint;
  requestOf: (pod: unknown) => Amounts;
  ignored: ReadonlySet<string>;
  ignoredGroups: ReadonlySet<string>;
}

function prepare(preemptor: unknown, node: unknown, given: ResourceFitOptions): PreparedFit {
  const options = isObjectLike(given) ? given : {};
  const view = readNodeObject(node);
  const cache = new WeakMap<object, Amounts>();
  return {
    request: preemptorRequest(preemptor, options),
    allocatable: amountsOf(view.allocatable),
    allowedPods: view.allocatable.get('pods')?.value() ?? 0n,
    requestOf: (pod) => {
      if (!isObjectLike(pod)) return runningRequest(pod, options);
      let a = cache.get(pod);
      if (a === undefined) {
        a = runningRequest(pod, options);
        cache.set(pod, a);
      }
      return a;
    },
    ignored: new Set(Array.isArray(options.ignoredResources) ? options.ignoredResources : []),
    ignoredGroups: new Set(
      Array.isArray(options.ignoredResourceGroups) ? options.ignoredResourceGroups : [],
    ),
  };
}

/** `fitsRequest` against the pods given as the node's current pods. */
function check(fit: PreparedFit, pods: readonly unknown[]): InsufficientResource[] {
  const insufficient: InsufficientResource[] = [];
  const used = BigInt(pods.length);
  if (used + 1n > fit.allowedPods) {
    insufficient.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1n,
      used,
      capacity: fit.allowedPods,
    });
  }
  const r = fit.request;
  if (r.milliCPU === 0n && r.memory === 0n && r.ephemeralStorage === 0n && r.scalar.size === 0)
    return insufficient;
  const requested: Amounts = { milliCPU: 0n, memory: 0n, ephemeralStorage: 0n, scalar: new Map() };
  for (const pod of pods) addInto(requested, fit.requestOf(pod));
  const a = fit.allocatable;
  const basic: [string, bigint, bigint, bigint][] = [
    ['cpu', r.milliCPU, requested.milliCPU, a.milliCPU],
    ['memory', r.memory, requested.memory, a.memory],
    ['ephemeral-storage', r.ephemeralStorage, requested.ephemeralStorage, a.ephemeralStorage],
  ];
  for (const [name, want, inUse, capacity] of basic) {
    if (want > 0n && want > capacity - inUse)
      insufficient.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: want,
        used: inUse,
        capacity,
      });
  }
  for (const [name, want] of r.scalar) {
    if (want === 0n) continue;
    if (isExtendedResourceName(name)) {
      const group = name.split('/')[0] ?? '';
      if (fit.ignored.has(name) || fit.ignoredGroups.has(group)) continue;
    }
    const capacity = a.scalar.get(name) ?? 0n;
    const inUse = requested.scalar.get(name) ?? 0n;
    if (want > capacity - inUse)
      insufficient.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: want,
        used: inUse,
        capacity,
      });
  }
  return insufficient;
}

/**
 * Whether `preemptor` fits on `node` next to `pods` by resources, with the reasons when it does
 * not (`Too many pods`, `Insufficient cpu`, …). A resource the preemptor does not request is not
 * checked, so an overcommitted node still takes a pod that asks for none of that resource.
 */
export function explainResourceFit(
  preemptor: unknown,
  node: unknown,
  pods: readonly unknown[],
  options: ResourceFitOptions = {},
): Result<ResourceFitResult, PreemptionInputError> {
  if (!isObjectLike(preemptor))
    return err(inputError('invalid-pod', 'preemptor', preemptor, 'preemptor: not a pod object'));
  if (!isObjectLike(node))
    return err(inputError('invalid-node', 'node', node, 'node: not a node object'));
  const insufficient = check(prepare(preemptor, node, options), Array.isArray(pods) ? pods : []);
  return ok({ fits: insufficient.length === 0, insufficient });
}

/**
 * The default `fits` for `selectVictimsOnNode`: a function of the node's remaining pods that
 * says whether `preemptor` fits on `node` by resources (see `explainResourceFit`). Requests are
 * computed once per pod object.
 */
export function resourceFit(
  preemptor: unknown,
  node: unknown,
  options: ResourceFitOptions = {},
): (remainingPods: readonly unknown[]) => boolean {
  const fit = prepare(preemptor, node, options);
  return (pods) => check(fit, Array.isArray(pods) ? pods : []).length === 0;
}

/** Like `resourceFit`, but returning the insufficient resources (empty when it fits). */
export function resourceFitReasons(
  preemptor: unknown,
  node: unknown,
  options: ResourceFitOptions = {},
): (remainingPods: readonly unknown[]) => readonly InsufficientResource[] {
  const fit = prepare(preemptor, node, options);
  return (pods) => check(fit, Array.isArray(pods) ? pods : []);
}
