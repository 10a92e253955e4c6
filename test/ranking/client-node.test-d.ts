import type { Pod as KubePod } from 'kubernetes-types/core/v1';
import { describe, expectTypeOf, it } from 'vitest';
import { oomScoreAdj } from '../../src/oom/score-adj';
import type { PodLike } from '../../src/pods/pod';
import { explainRanking } from '../../src/ranking/explain';
import { localStorageEviction } from '../../src/ranking/local-storage';
import {
  disruptionTargetCondition,
  type EvictionMessage,
  evictionMessage,
  evictionStatus,
} from '../../src/ranking/messages';
import { rankForSignal } from '../../src/ranking/rank';
import { podStatsLookup } from '../../src/signals/pod-stats';
import type { PodStats, Summary } from '../../src/signals/summary';

// @kubernetes/client-node's model classes: same camelCase fields, `Date` timestamps. Its V1Pod
// is not assignable to kubernetes-types' Pod, so every pod-taking function must accept a stats
// function typed on the caller's own pod type.
declare class V1ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: Date;
  annotations?: { [key: string]: string };
}
declare class V1Container {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: { [key: string]: string }; limits?: { [key: string]: string } };
}
declare class V1PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: Date;
}
declare class V1Pod {
  metadata?: V1ObjectMeta;
  spec?: { containers: V1Container[]; priority?: number };
  status?: { startTime?: Date; conditions?: V1PodCondition[] };
}

describe('client-node pods and stats functions typed on them', () => {
  const pods: V1Pod[] = [];
  const pod = new (class {} as unknown as typeof V1Pod)();
  const statsOf = (_pod: V1Pod): PodStats | undefined => undefined;

  it('rank, explain, message and local storage accept them', () => {
    expectTypeOf(rankForSignal('memory.available', pods, statsOf)).toEqualTypeOf<V1Pod[]>();
    expectTypeOf(explainRanking('pid.available', pods, statsOf).isOk()).toBeBoolean();
    expectTypeOf(evictionMessage('memory', pod, statsOf, [])).toEqualTypeOf<EvictionMessage>();
    expectTypeOf(localStorageEviction(pods, statsOf)[0]?.pod).toEqualTypeOf<V1Pod | undefined>();
  });

  it('message and local storage take any pod-shaped type with any stats function', () => {
    const kubePods: KubePod[] = [];
    const lookup = podStatsLookup({} as Summary);
    // `ranked[0]` is `Pod | undefined` under noUncheckedIndexedAccess.
    expectTypeOf(
      evictionMessage('memory', kubePods[0], lookup, []),
    ).toEqualTypeOf<EvictionMessage>();
    expectTypeOf(
      evictionMessage('memory', pod as PodLike, statsOf, []),
    ).toEqualTypeOf<EvictionMessage>();
    expectTypeOf(localStorageEviction(kubePods as PodLike[], lookup)[0]?.pod).toEqualTypeOf<
      PodLike | undefined
    >();
  });

  it('values that are not pods are compile-time errors', () => {
    // @ts-expect-error a number is not a pod
    evictionMessage('memory', 42, statsOf, []);
    // @ts-expect-error a string is not a pod
    localStorageEviction(['pod'], statsOf);
    // @ts-expect-error an unknown value must be checked first (checkPod)
    evictionMessage('memory', pod as unknown, statsOf, []);
  });

  it('podStatsLookup serves client-node pods directly', () => {
    const lookup = podStatsLookup({} as Summary);
    expectTypeOf(rankForSignal('memory.available', pods, lookup)).toEqualTypeOf<V1Pod[]>();
    expectTypeOf(localStorageEviction(pods, lookup)[0]?.pod).toEqualTypeOf<V1Pod | undefined>();
    expectTypeOf(lookup(pod)).toEqualTypeOf<PodStats | undefined>();
  });

  it('status, condition and oom_score_adj accept them', () => {
    expectTypeOf(evictionStatus(pod, 'm', { now: 0 }).phase).toEqualTypeOf<string | undefined>();
    expectTypeOf(disruptionTargetCondition(pod, 'm').type).toBeString();
    expectTypeOf(oomScoreAdj(pod, new V1Container(), 4e9)).toBeNumber();
  });
});
