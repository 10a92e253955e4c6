import fc from 'fast-check';
import { describe } from 'vitest';
import {
  checkContainer,
  checkPod,
  readPod,
  readPodResizeStatus,
  validatePod,
} from '../../src/pods/pod';
import {
  getPodSource,
  getValidatedSources,
  isCriticalPod,
  isCriticalPodBasedOnPriority,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  podPriority,
  preemptable,
} from '../../src/pods/pod-kinds';
import {
  aggregateContainerLimits,
  aggregateContainerRequests,
  getResourceRequestQuantity,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  podLimits,
  podRequests,
} from '../../src/pods/pod-requests';
import { computeQosClass, qosClass, qosClassChecked } from '../../src/pods/qos';
import { localVolumeNames } from '../../src/ranking/pod-usage';
import { isQuantity } from '../../src/signals/quantity';
import { admitPod } from '../../src/thresholds/admission';
import { everyValue, fuzz, fuzzEach, isBoolean, isResult, oneOf, target } from './harness';
import { container, edgeNumber, hostile, podLike, sometimes } from './hostile';

// The pod functions take any pod-shaped value and never throw: what is not a pod (or not a
// well-formed one) reads through `readPod`'s documented fallbacks. The one-pod functions share
// each generated pod (fuzzEach): every function still gets FUZZ_RUNS inputs.

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
/** podRequests/podLimits options: the documented switches, or anything at all. */
const resourcesOptions = sometimes(
  fc.record(
    {
      useStatusResources: sometimes(fc.boolean()),
      excludeOverhead: sometimes(fc.boolean()),
      skipPodLevelResources: sometimes(fc.boolean()),
      inPlacePodLevelResourcesVerticalScalingEnabled: sometimes(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
);
const qos = oneOf('Guaranteed', 'Burstable', 'BestEffort');
const quantities = everyValue(isQuantity, 'a Quantity');
const isNumber = (r: number) => (Number.isSafeInteger(r) ? undefined : `not an integer: ${r}`);

const onePod = fc.record({
  pod: podLike,
  gates,
  options: resourcesOptions,
  resource: fc.constantFrom('memory', 'cpu', 'ephemeral-storage', '__proto__'),
  conditions: sometimes(fc.subarray(['MemoryPressure', 'DiskPressure', 'PIDPressure'])),
});

describe('fuzz: pods', () => {
  fuzzEach('one pod', onePod, [
    target('qosClass', ({ pod, gates: o }) => qosClass(as(pod), as(o)), qos),
    target('computeQosClass', ({ pod }) => computeQosClass(as(pod)), qos),
    target('qosClassChecked', ({ pod, gates: o }) => qosClassChecked(pod, as(o)), isResult),
    target('podRequests', ({ pod, options }) => podRequests(as(pod), as(options)), quantities),
    target(
      'podLimits (resize status)',
      ({ pod }) => podLimits(as(pod), { useStatusResources: true }),
      quantities,
    ),
    target(
      'aggregateContainerRequests',
      ({ pod, options }) => aggregateContainerRequests(as(pod), as(options)),
      quantities,
    ),
    target(
      'aggregateContainerLimits',
      ({ pod, options }) => aggregateContainerLimits(as(pod), as(options)),
      quantities,
    ),
    target(
      'getResourceRequestQuantity',
      ({ pod, resource, gates: o }) => getResourceRequestQuantity(as(pod), resource, as(o)),
      (q) => (isQuantity(q) ? undefined : 'not a Quantity'),
    ),
    target('isCriticalPod', ({ pod }) => isCriticalPod(as(pod)), isBoolean),
    target('isNodeCriticalPod', ({ pod }) => isNodeCriticalPod(as(pod)), isBoolean),
    target('isStaticPod', ({ pod }) => isStaticPod(as(pod)), isBoolean),
    target('isMirrorPod', ({ pod }) => isMirrorPod(as(pod)), isBoolean),
    target('isPodLevelResourcesSet', ({ pod }) => isPodLevelResourcesSet(as(pod)), isBoolean),
    target('isPodLevelRequestsSet', ({ pod }) => isPodLevelRequestsSet(as(pod)), isBoolean),
    target('isPodLevelLimitsSet', ({ pod }) => isPodLevelLimitsSet(as(pod)), isBoolean),
    target('podPriority', ({ pod }) => podPriority(as(pod)), isNumber),
    target('getPodSource', ({ pod }) => getPodSource(as(pod)), isResult),
    target(
      'readPod',
      ({ pod }) => readPod(pod),
      (v) => (typeof v.uid === 'string' ? undefined : 'no uid'),
    ),
    target(
      'readPodResizeStatus',
      ({ pod }) => readPodResizeStatus(pod),
      (v) => (typeof v === 'object' && v !== null ? undefined : 'not a view'),
    ),
    target('validatePod', ({ pod }) => validatePod(pod), isResult),
    target('checkPod', ({ pod }) => checkPod(pod), isResult),
    target(
      'localVolumeNames',
      ({ pod }) => localVolumeNames(as(pod)),
      (names) => (names.every((n) => typeof n === 'string') ? undefined : 'not names'),
    ),
    target(
      'admitPod',
      ({ pod, conditions, gates: o }) => admitPod(as(pod), as(conditions), as(o)),
      (r) =>
        r.admit === true || (r.admit === false && typeof r.message === 'string')
          ? undefined
          : 'not an AdmitResult',
    ),
  ]);
  fuzz('preemptable', fc.tuple(podLike, podLike), ([a, b]) => preemptable(as(a), as(b)), isBoolean);
  fuzz('checkContainer', container, (c) => checkContainer(c), isResult);
  fuzzEach(
    'priorities and sources',
    fc.tuple(
      fc.oneof(fc.integer(), edgeNumber, hostile),
      sometimes(fc.array(sometimes(fc.constantFrom('*', 'file', 'http', 'api', '', 'ftp')))),
    ),
    [
      target(
        'isCriticalPodBasedOnPriority',
        ([priority]) => isCriticalPodBasedOnPriority(as(priority)),
        isBoolean,
      ),
      target('getValidatedSources', ([, sources]) => getValidatedSources(as(sources)), isResult),
    ],
  );
});
