import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { Container as KubeContainer, Pod as KubePod } from 'kubernetes-types/core/v1';
import { describe, expectTypeOf, it } from 'vitest';
import { oomScoreAdj, tryOomScoreAdj } from '../../src/oom/score-adj';
import type { ContainerLike, PodLike } from '../../src/pods/pod';
import { checkPod } from '../../src/pods/pod';
import {
  isCriticalPod,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  podPriority,
  preemptable,
} from '../../src/pods/pod-kinds';
import { getResourceRequestQuantity, podLimits, podRequests } from '../../src/pods/pod-requests';
import { computeQosClass, qosClass, qosClassChecked } from '../../src/pods/qos';
import { byPriority, byQOS } from '../../src/ranking/comparators';
import { explainRanking } from '../../src/ranking/explain';
import { localStorageEviction } from '../../src/ranking/local-storage';
import { disruptionTargetCondition, evictionStatus } from '../../src/ranking/messages';
import { localVolumeNames } from '../../src/ranking/pod-usage';
import { rankForSignal } from '../../src/ranking/rank';
import type { PodStats } from '../../src/signals/summary';
import { admitPod } from '../../src/thresholds/admission';

// The pod functions take a typed pod shape that kubernetes-types pods and the real
// @kubernetes/client-node model classes both satisfy, and reject what is clearly not a pod.

declare const kubePod: KubePod;
declare const clientPod: V1Pod;
declare const kubeContainer: KubeContainer;
declare const clientContainer: V1Container;
const noStats = (_pod: V1Pod): PodStats | undefined => undefined;

describe('pod and container shapes', () => {
  it('kubernetes-types and client-node pods and containers are accepted', () => {
    expectTypeOf<KubePod>().toExtend<PodLike>();
    expectTypeOf<V1Pod>().toExtend<PodLike>();
    expectTypeOf<KubeContainer>().toExtend<ContainerLike>();
    expectTypeOf<V1Container>().toExtend<ContainerLike>();
  });

  it('numbers, strings, arrays and unknown values are not pods', () => {
    expectTypeOf<number>().not.toExtend<PodLike>();
    expectTypeOf<string>().not.toExtend<PodLike>();
    expectTypeOf<unknown>().not.toExtend<PodLike>();
    expectTypeOf<string>().not.toExtend<ContainerLike>();
  });
});

describe('every pod function takes both kinds of pods', () => {
  it('pod kinds, requests and QoS', () => {
    for (const pod of [kubePod, clientPod]) {
      expectTypeOf(isCriticalPod(pod)).toBeBoolean();
      expectTypeOf(isStaticPod(pod)).toBeBoolean();
      expectTypeOf(isMirrorPod(pod)).toBeBoolean();
      expectTypeOf(isNodeCriticalPod(pod)).toBeBoolean();
      expectTypeOf(preemptable(pod, kubePod)).toBeBoolean();
      expectTypeOf(podPriority(pod)).toBeNumber();
      expectTypeOf(qosClass(pod)).toEqualTypeOf<'Guaranteed' | 'Burstable' | 'BestEffort'>();
      expectTypeOf(computeQosClass(pod)).toEqualTypeOf<'Guaranteed' | 'Burstable' | 'BestEffort'>();
      podRequests(pod);
      podLimits(pod);
      getResourceRequestQuantity(pod, 'memory');
      localVolumeNames(pod);
      admitPod(pod, ['MemoryPressure']);
      evictionStatus(pod, 'm', { now: 0, condition: disruptionTargetCondition(pod, 'm') });
      byPriority(pod, pod);
      byQOS(pod, pod);
    }
  });

  it('oom_score_adj with either kind of pod and container', () => {
    expectTypeOf(oomScoreAdj(kubePod, kubeContainer, 4e9)).toBeNumber();
    expectTypeOf(oomScoreAdj(clientPod, clientContainer, 4e9)).toBeNumber();
    expectTypeOf(tryOomScoreAdj(clientPod, kubeContainer, 4n).isOk()).toBeBoolean();
  });

  it('ranking and local storage keep the caller’s pod type', () => {
    expectTypeOf(rankForSignal('memory.available', [clientPod], noStats)).toEqualTypeOf<V1Pod[]>();
    expectTypeOf(explainRanking('pid.available', [clientPod], noStats).isOk()).toBeBoolean();
    expectTypeOf(localStorageEviction([clientPod], noStats)[0]?.pod).toEqualTypeOf<
      V1Pod | undefined
    >();
  });

  it('the validated entry points take unknown values', () => {
    expectTypeOf(checkPod).parameter(0).toBeUnknown();
    expectTypeOf(qosClassChecked).parameter(0).toBeUnknown();
  });
});

describe('values that are not pods are compile-time errors', () => {
  it('numbers and strings', () => {
    // @ts-expect-error a number is not a pod
    qosClass(42);
    // @ts-expect-error a string is not a pod
    isCriticalPod('not a pod');
    // @ts-expect-error a string is not a pod
    podRequests('pod');
    // @ts-expect-error a number is not a pod
    oomScoreAdj(42, kubeContainer, 1e9);
    // @ts-expect-error a string is not a container
    oomScoreAdj(kubePod, 'app', 1e9);
    // @ts-expect-error a list of strings is not a list of pods
    rankForSignal('memory.available', ['a', 'b'], () => undefined);
    // @ts-expect-error unknown values go through checkPod first
    admitPod(kubePod as unknown, []);
  });
});
