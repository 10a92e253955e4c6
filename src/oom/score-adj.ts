import { err, ok, type Result } from 'neverthrow';
import type { FeatureGateOptions } from '../pods/feature-gates';
import {
  type ContainerLike,
  type ContainerValidationError,
  type ContainerView,
  checkContainer,
  checkPod,
  type PodLike,
  type PodValidationError,
  type PodView,
  readPod,
} from '../pods/pod';
import { isNodeCriticalPod } from '../pods/pod-kinds';
import {
  aggregateContainerRequests,
  isPodLevelRequestsSet,
  isRestartableInitContainer,
} from '../pods/pod-requests';
import { qosClass } from '../pods/qos';
import { displayValue } from '../signals/config-error';
import { readOr } from '../signals/guard';
import { Quantity } from '../signals/quantity';
import { draMemoryAllocations, draMemoryClaims, draMemoryShare } from './dra-memory';

// pkg/kubelet/qos/policy.go (GetContainerOOMScoreAdjust) as released in Kubernetes v1.37.

/** oom_score_adj the kubelet gives itself. */
export const KUBELET_OOM_SCORE_ADJ = -999;
/** oom_score_adj the kubelet gives kube-proxy. */
export const KUBE_PROXY_OOM_SCORE_ADJ = -999;
/** Guaranteed and node-critical containers. */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
/** BestEffort containers. */
export const BEST_EFFORT_OOM_SCORE_ADJ = 1000;
/** The lowest Burstable value: `1000 + GUARANTEED_OOM_SCORE_ADJ`. */
export const BURSTABLE_MIN_OOM_SCORE_ADJ = 1000 + GUARANTEED_OOM_SCORE_ADJ;
/** The highest Burstable value: one below BestEffort. */
export const BURSTABLE_MAX_OOM_SCORE_ADJ = BEST_EFFORT_OOM_SCORE_ADJ - 1;

/** Gates this policy reads, with their v1.37 defaults. */
export const OOM_SCORE_ADJ_GATE_DEFAULTS: Readonly<Record<string, boolean>> = Object.freeze({
  PodLevelResources: true,
  DRANodeAllocatableResources: false,
});

export type OomScoreAdjError =
  | { code: 'invalid-memory-capacity'; value: string; message: string }
  | { code: 'sidecar-without-containers'; container: string; message: string }
  | { code: 'pod-without-containers'; message: string };

/** A container as a v1 object, or anything shaped like one (`@kubernetes/client-node`'s too). */
export type { ContainerLike } from '../pods/pod';

/** Why the policy chose its value; `burstable` carries the numbers of the formula. */
export type OomScoreAdjExplanation =
  | { rule: 'node-critical' | 'guaranteed' | 'best-effort'; value: number }
  | {
      rule: 'burstable';
      value: number;
      /** Container memory request in bytes, DRA share included. */
      memoryRequestBytes: bigint;
      /** Per-container share of pod-level memory request not claimed by containers. */
      podLevelShareBytes: bigint;
      /** Value before the sidecar cap and the clamp. */
      linear: bigint;
      /** Set for a sidecar: the value of the smallest regular container it is capped to. */
      sidecarCap?: bigint;
      clamped: 'none' | 'min' | 'max';
    };

const int64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/**
 * The kubelet's `oom_score_adj` for a container (`GetContainerOOMScoreAdjust`), v1.37:
 * - node-critical pods (critical + `system-node-critical`) and Guaranteed pods: **-997**;
 * - BestEffort pods: **1000**;
 * - Burstable: `1000 - (1000 × memoryRequest) / memoryCapacity` in int64 arithmetic
 *   (truncating division), where with `PodLevelResources` (on by default) and pod-level
 *   requests set, each container's request also gets an equal share of the pod-level memory
 *   request its containers do not claim; a sidecar (restartable init container) is capped at
 *   the value of the regular container with the smallest request; the result is clamped to
 *   [3, 999] (`< 3` → 3, `== 1000` → 999).
 * - With `DRANodeAllocatableResources` (alpha, off by default) the request includes the
 *   container's share of DRA node-allocatable memory claims.
 *
 * Pods the API server would reject (a negative request, a pod-level memory request below the
 * sum of its containers') follow the same arithmetic, as upstream does, and can give a Burstable
 * value above 1000 (which the kernel refuses); `oomScoreAdjChecked` rejects negative requests.
 *
 * Returns `NaN` for the inputs on which the kubelet itself would crash (a non-positive capacity
 * reaching the Burstable formula; a sidecar in a pod without regular containers; a pod-level
 * memory request in a pod without any container, which divides by zero); `tryOomScoreAdj`
 * says which. Never throws.
 */
export function oomScoreAdj(
  pod: PodLike,
  container: ContainerLike,
  memoryCapacityBytes: number | bigint,
  options?: FeatureGateOptions,
): number {
  const r = explainOomScoreAdj(pod, container, memoryCapacityBytes, options);
  return r.isOk() ? r.value.value : Number.NaN;
}

/**
 * `oomScoreAdj` for values of unknown type: the pod and the container must pass `checkPod` and
 * `checkContainer`, and the capacity must be a positive integer (a safe integer or a bigint)
 * whatever the QoS class; then the value, or why the kubelet could not compute one. Never throws.
 */
export function oomScoreAdjChecked(
  pod: unknown,
  container: unknown,
  memoryCapacityBytes: unknown,
  options?: FeatureGateOptions,
): Result<number, OomScoreAdjError | PodValidationError | ContainerValidationError> {
  const checkedPod = checkPod(pod);
  if (checkedPod.isErr()) return err(checkedPod.error);
  const checkedContainer = checkContainer(container);
  if (checkedContainer.isErr()) return err(checkedContainer.error);
  if (toCapacity(memoryCapacityBytes) === undefined) {
    return err(invalidCapacity(memoryCapacityBytes));
  }
  return tryOomScoreAdj(
    checkedPod.value,
    checkedContainer.value,
    memoryCapacityBytes as number | bigint,
    options,
  );
}

/** `oomScoreAdj` as a `Result`: the value, or why the kubelet could not compute one. */
export function tryOomScoreAdj(
  pod: PodLike,
  container: ContainerLike,
  memoryCapacityBytes: number | bigint,
  options?: FeatureGateOptions,
): Result<number, OomScoreAdjError> {
  return explainOomScoreAdj(pod, container, memoryCapacityBytes, options).map((e) => e.value);
}

/** `oomScoreAdj` with the rule that decided and, for Burstable pods, the arithmetic. */
export function explainOomScoreAdj(
  pod: PodLike,
  container: ContainerLike,
  memoryCapacityBytes: number | bigint,
  options?: FeatureGateOptions,
): Result<OomScoreAdjExplanation, OomScoreAdjError> {
  if (isNodeCriticalPod(pod)) return ok({ rule: 'node-critical', value: GUARANTEED_OOM_SCORE_ADJ });
  const qos = qosClass(pod, options);
  if (qos === 'Guaranteed') return ok({ rule: 'guaranteed', value: GUARANTEED_OOM_SCORE_ADJ });
  if (qos === 'BestEffort') return ok({ rule: 'best-effort', value: BEST_EFFORT_OOM_SCORE_ADJ });

  const capacity = toCapacity(memoryCapacityBytes);
  if (capacity === undefined) return err(invalidCapacity(memoryCapacityBytes));
  const view = readPod(pod);
  const target = readContainer(container);
  // Gate by gate: a caller's `featureGates` getter may throw, and must not throw from here.
  const gate = (name: string): boolean => {
    const set = readOr(() => options?.featureGates?.[name], undefined);
    return typeof set === 'boolean' ? set : OOM_SCORE_ADJ_GATE_DEFAULTS[name] === true;
  };
  const podLevel = gate('PodLevelResources') && isPodLevelRequestsSet(pod);
  const dra = gate('DRANodeAllocatableResources');
  const claims = dra ? draMemoryClaims(pod) : [];
  const effectiveRequest = (c: ContainerView) =>
    memoryRequest(c) + (dra ? draMemoryShare(claims, c.name) : 0n);

  const request = effectiveRequest(target);
  const share = podLevel ? remainingPodMemoryPerContainer(pod, view, dra, claims) : 0n;
  if (share === undefined) {
    return err({
      code: 'pod-without-containers',
      message: 'the pod-level memory request is shared among zero containers',
    });
  }
  const linear = int64(1000n - int64(1000n * int64(request + share)) / capacity);
  let adj = linear;

  let sidecarCap: bigint | undefined;
  if (isSidecar(view, target)) {
    const regular = view.containers;
    if (regular.length === 0) {
      return err({
        code: 'sidecar-without-containers',
        container: target.name,
        message: `sidecar ${target.name} is in a pod without regular containers`,
      });
    }
    // The smallest effective request among regular containers (DRA share included, as the
    // upstream test "burstable-pod-with-sidecar-and-dra-enabled" pins), plus the pod-level share.
    let min = effectiveRequest(regular[0]!);
    for (const c of regular.slice(1)) {
      const v = effectiveRequest(c);
      if (v < min) min = v;
    }
    sidecarCap = int64(1000n - int64(1000n * int64(min + share)) / capacity);
    if (adj > sidecarCap) adj = sidecarCap;
  }

  const base = {
    rule: 'burstable' as const,
    memoryRequestBytes: request,
    podLevelShareBytes: share,
    linear,
    ...(sidecarCap === undefined ? {} : { sidecarCap }),
  };
  if (adj < BigInt(BURSTABLE_MIN_OOM_SCORE_ADJ)) {
    return ok({ ...base, value: BURSTABLE_MIN_OOM_SCORE_ADJ, clamped: 'min' });
  }
  if (adj === BigInt(BEST_EFFORT_OOM_SCORE_ADJ)) {
    return ok({ ...base, value: BURSTABLE_MAX_OOM_SCORE_ADJ, clamped: 'max' });
  }
  return ok({ ...base, value: Number(adj), clamped: 'none' });
}

function toCapacity(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v > 0n ? v : undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? BigInt(v) : undefined;
}

function invalidCapacity(value: unknown): OomScoreAdjError {
  return {
    code: 'invalid-memory-capacity',
    value: displayValue(value),
    message: `memory capacity must be a positive integer number of bytes, got ${displayValue(value)}`,
  };
}

function readContainer(container: ContainerLike): ContainerView {
  const c = readPod({ spec: { containers: [container] } }).containers[0];
  return (
    c ?? {
      name: '',
      restartPolicy: undefined,
      resources: { requests: undefined, limits: undefined },
    }
  );
}

/** `container.Resources.Requests.Memory().Value()`: bytes rounded up, 0 when unset. */
function memoryRequest(c: ContainerView): bigint {
  return c.resources.requests?.get('memory')?.value() ?? 0n;
}

/** `isSidecarContainer`: restartPolicy Always and the name is one of the init containers. */
function isSidecar(view: PodView, c: ContainerView): boolean {
  return isRestartableInitContainer(c) && view.initContainers.some((i) => i.name === c.name);
}

/**
 * `remainingPodMemReqPerContainer`: (pod-level memory request − aggregated container memory
 * requests) / (containers + init containers), int64 with truncating division; 0 when the pod
 * sets no pod-level memory request; `undefined` when there is no container to share it (Go
 * divides by zero). The aggregate follows the sidecar rules of `PodRequests` and, with the DRA
 * gate, includes the pod's DRA memory.
 */
function remainingPodMemoryPerContainer(
  pod: PodLike,
  view: PodView,
  dra: boolean,
  claims: ReturnType<typeof draMemoryClaims>,
): bigint | undefined {
  const podMemory = view.resources?.requests?.get('memory');
  if (podMemory === undefined || podMemory.isZero()) return 0n;
  const count = BigInt(view.containers.length + view.initContainers.length);
  if (count === 0n) return undefined;
  let aggregated =
    aggregateContainerRequests(dra ? withDraRequests(view, claims) : pod)
      .get('memory')
      ?.value() ?? 0n;
  if (dra) {
    const names = [...view.initContainers, ...view.containers].map((c) => c.name);
    aggregated += draMemoryAllocations(claims, names).podFixed;
  }
  return int64(podMemory.value() - aggregated) / count;
}

/** The pod with each container's per-container DRA memory overhead added to its request. */
function withDraRequests(view: PodView, claims: ReturnType<typeof draMemoryClaims>): PodLike {
  const names = [...view.initContainers, ...view.containers].map((c) => c.name);
  const { perContainer } = draMemoryAllocations(claims, names);
  const rewrite = (c: ContainerView) => {
    const extra = perContainer.get(c.name) ?? 0n;
    const requests = new Map(c.resources.requests ?? []);
    if (extra > 0n) {
      const current = requests.get('memory');
      const add = Quantity.fromBigInt(extra, 'BinarySI');
      requests.set('memory', current === undefined ? add : current.add(add));
    }
    return {
      name: c.name,
      ...(c.restartPolicy === undefined ? {} : { restartPolicy: c.restartPolicy }),
      resources: { requests: Object.fromEntries(requests) },
    };
  };
  // Exact Quantity objects as request values (readPod takes them), not their strings.
  const pod: unknown = {
    spec: {
      containers: view.containers.map(rewrite),
      initContainers: view.initContainers.map(rewrite),
    },
  };
  return pod as PodLike;
}
