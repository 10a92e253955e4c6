import fc from 'fast-check';
import { describe } from 'vitest';
import { checkContainer, checkPod, readPod, validatePod } from '../../src/pods/pod';
import {
  getPodSource,
  isCriticalPod,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  podPriority,
  preemptable,
} from '../../src/pods/pod-kinds';
import {
  getResourceRequestQuantity,
  isPodLevelResourcesSet,
  podLimits,
  podRequests,
} from '../../src/pods/pod-requests';
import { computeQosClass, qosClass, qosClassChecked } from '../../src/pods/qos';
import { localVolumeNames } from '../../src/ranking/pod-usage';
import { isQuantity } from '../../src/signals/quantity';
import { admitPod } from '../../src/thresholds/admission';
import { all, everyValue, fuzz, isBoolean, isResult, oneOf } from './harness';
import { container, podLike, sometimes } from './hostile';

// The pod functions take any pod-shaped value and never throw: what is not a pod (or not a
// well-formed one) reads through `readPod`'s documented fallbacks.

const as = <T>(value: unknown): T => value as T;
const gates = sometimes(
  fc.record(
    {
      featureGates: sometimes(
        fc.dictionary(fc.constantFrom('PodLevelResources', '__proto__'), sometimes(fc.boolean())),
      ),
    },
    { requiredKeys: [] },
  ),
);
const qos = oneOf('Guaranteed', 'Burstable', 'BestEffort');
const quantities = everyValue(isQuantity, 'a Quantity');
const isNumber = (r: number) => (Number.isSafeInteger(r) ? undefined : `not an integer: ${r}`);

describe('fuzz: pods', () => {
  fuzz('qosClass', fc.tuple(podLike, gates), ([pod, o]) => qosClass(as(pod), as(o)), qos);
  fuzz('computeQosClass', podLike, (pod) => computeQosClass(as(pod)), qos);
  fuzz('podRequests', podLike, (pod) => podRequests(as(pod)), quantities);
  fuzz(
    'podLimits (resize status)',
    podLike,
    (pod) => podLimits(as(pod), { useStatusResources: true }),
    quantities,
  );
  fuzz(
    'getResourceRequestQuantity',
    fc.tuple(podLike, fc.constantFrom('memory', 'cpu', 'ephemeral-storage', '__proto__')),
    ([pod, resource]) => getResourceRequestQuantity(as(pod), resource),
    (q) => (isQuantity(q) ? undefined : 'not a Quantity'),
  );
  fuzz('isCriticalPod', podLike, (pod) => isCriticalPod(as(pod)), isBoolean);
  fuzz('isNodeCriticalPod', podLike, (pod) => isNodeCriticalPod(as(pod)), isBoolean);
  fuzz('isStaticPod', podLike, (pod) => isStaticPod(as(pod)), isBoolean);
  fuzz('isMirrorPod', podLike, (pod) => isMirrorPod(as(pod)), isBoolean);
  fuzz('isPodLevelResourcesSet', podLike, (pod) => isPodLevelResourcesSet(as(pod)), isBoolean);
  fuzz('preemptable', fc.tuple(podLike, podLike), ([a, b]) => preemptable(as(a), as(b)), isBoolean);
  fuzz('podPriority', podLike, (pod) => podPriority(as(pod)), isNumber);
  fuzz('getPodSource', podLike, (pod) => getPodSource(as(pod)), isResult);
  fuzz(
    'readPod',
    podLike,
    (pod) => readPod(pod),
    (v) => (typeof v.uid === 'string' ? undefined : 'no uid'),
  );
  fuzz('validatePod', podLike, (pod) => validatePod(pod), isResult);
  fuzz('checkPod', podLike, (pod) => checkPod(pod), isResult);
  fuzz('checkContainer', container, (c) => checkContainer(c), isResult);
  fuzz(
    'qosClassChecked',
    fc.tuple(podLike, gates),
    ([pod, o]) => qosClassChecked(pod, as(o)),
    isResult,
  );
  fuzz(
    'localVolumeNames',
    podLike,
    (pod) => localVolumeNames(as(pod)),
    (names) => (names.every((n) => typeof n === 'string') ? undefined : 'not names'),
  );
  fuzz(
    'admitPod',
    fc.tuple(
      podLike,
      sometimes(fc.subarray(['MemoryPressure', 'DiskPressure', 'PIDPressure'])),
      gates,
    ),
    ([pod, conditions, o]) => admitPod(as(pod), as(conditions), as(o)),
    all((r) =>
      r.admit === true || (r.admit === false && typeof r.message === 'string')
        ? undefined
        : 'not an AdmitResult',
    ),
  );
});
