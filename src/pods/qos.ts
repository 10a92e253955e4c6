import type { Result } from 'neverthrow';
import { Quantity } from '../signals/quantity';
import { type FeatureGateOptions, gateEnabled } from './feature-gates';
import {
  checkPod,
  type PodLike,
  type PodValidationError,
  type PodView,
  type ResourceRequirementsView,
  readPod,
} from './pod';

/** A pod's quality-of-service class. */
export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_CLASSES: ReadonlySet<string> = new Set<QOSClass>([
  'Guaranteed',
  'Burstable',
  'BestEffort',
]);

/** Only these resources decide QoS; ephemeral-storage, hugepages and the rest never do. */
const QOS_RESOURCES = ['cpu', 'memory'] as const;

const ZERO = Quantity.zero();

/**
 * `GetPodQOS`: the class the kubelet recorded in `status.qosClass`, or else the one computed
 * from the spec (`computeQosClass`). A `status.qosClass` that is not one of the three classes
 * is ignored (upstream would return it verbatim; evictkit's return type cannot hold it).
 *
 * Trusts its input and never throws: a value that is not a pod (or a malformed field) reads
 * through `readPod`'s fallbacks, so a non-pod is an empty pod, `BestEffort`. `qosClassChecked`
 * reports such input instead.
 */
export function qosClass(pod: PodLike, options?: FeatureGateOptions): QOSClass {
  return qosClassOf(readPod(pod), options);
}

/**
 * `qosClass` for a value of unknown type: the class, or `checkPod`'s report when the value is
 * not a well-formed pod (where `qosClass` would read it as an empty, BestEffort pod).
 */
export function qosClassChecked(
  pod: unknown,
  options?: FeatureGateOptions,
): Result<QOSClass, PodValidationError> {
  return checkPod(pod).map((checked) => qosClass(checked, options));
}

/** `qosClass` for a pod already read with `readPod`. */
export function qosClassOf(view: PodView, options?: FeatureGateOptions): QOSClass {
  const recorded = view.qosClassStatus;
  if (QOS_CLASSES.has(recorded)) return recorded as QOSClass;
  return computeQosClassOf(view, options);
}

/**
 * `ComputePodQOS`, v1.37. With gate `PodLevelResources` on and `spec.resources` present (even
 * empty), the pod-level requirements alone decide. Otherwise each init container (sidecars
 * included) and each container gets a class from its own cpu and memory: any Burstable, or a
 * mix of Guaranteed and BestEffort, makes the pod Burstable; all alike give that class; no
 * containers give BestEffort. Ephemeral containers never count.
 *
 * Requests are not defaulted from limits here: the API server does that before a pod is stored,
 * so a hand-made pod with limits only is Burstable. Zero quantities count as unset.
 */
export function computeQosClass(pod: PodLike, options?: FeatureGateOptions): QOSClass {
  return computeQosClassOf(readPod(pod), options);
}

/** `computeQosClass` for a pod already read with `readPod`. */
export function computeQosClassOf(view: PodView, options?: FeatureGateOptions): QOSClass {
  if (gateEnabled('PodLevelResources', options) && view.resources !== undefined) {
    return requirementsQos(view.resources);
  }
  let podQos: QOSClass | undefined;
  for (const container of [...view.initContainers, ...view.containers]) {
    const qos = requirementsQos(container.resources);
    if (qos === 'Burstable') return qos;
    if (podQos === undefined) podQos = qos;
    else if (podQos !== qos) return 'Burstable';
  }
  return podQos ?? 'BestEffort';
}

/** `resourceQOS`: the class of one set of requirements. */
function requirementsQos(resources: ResourceRequirementsView): QOSClass {
  if ((resources.requests?.size ?? 0) === 0 && (resources.limits?.size ?? 0) === 0) {
    return 'BestEffort';
  }
  let qos: QOSClass | undefined;
  for (const name of QOS_RESOURCES) {
    // An unset quantity reads as zero, as a missing key of a Go map does.
    const request = resources.requests?.get(name) ?? ZERO;
    const limit = resources.limits?.get(name) ?? ZERO;
    // Unequal means at least one is non-zero: neither Guaranteed nor BestEffort.
    if (request.cmp(limit) !== 0) return 'Burstable';
    const bestEffort = request.isZero() && limit.isZero();
    if (qos === undefined) qos = bestEffort ? 'BestEffort' : 'Guaranteed';
    else if (bestEffort !== (qos === 'BestEffort')) return 'Burstable';
  }
  return qos ?? 'BestEffort';
}
