import type { Pod as KubePod } from 'kubernetes-types/core/v1';
import { describe, expectTypeOf, it } from 'vitest';
import type { Pod, PodLike } from '../../src/pods/pod';
import { type QOSClass, qosClass } from '../../src/pods/qos';
import { byMemory, byPriority, orderedBy, type PodComparator } from '../../src/ranking/comparators';
import { rankForSignal } from '../../src/ranking/rank';
import { podStatsLookup } from '../../src/signals/pod-stats';
import type { PodStats, Summary } from '../../src/signals/summary';

describe('pod input types', () => {
  it('kubernetes-types Pods and evictkit Pods are PodLikes', () => {
    expectTypeOf<KubePod>().toExtend<PodLike>();
    expectTypeOf<Pod>().toExtend<PodLike>();
  });
  it('a client-node style pod with Date timestamps is a PodLike', () => {
    type ClientNodePod = {
      metadata?: { name?: string; creationTimestamp?: Date; deletionTimestamp?: Date };
      spec?: {
        containers: Array<{ name: string; resources?: { requests?: { [key: string]: string } } }>;
      };
      status?: {
        startTime?: Date;
        conditions?: Array<{ type: string; status: string; lastTransitionTime?: Date }>;
      };
    };
    expectTypeOf<ClientNodePod>().toExtend<PodLike>();
  });
  it('qosClass returns the three-class union', () => {
    expectTypeOf(qosClass).returns.toEqualTypeOf<QOSClass>();
  });
});

describe('ranking composes with the signals module', () => {
  it('rankForSignal takes podStatsLookup and returns the caller’s pod type', () => {
    const summary = {} as Summary;
    const pods = [] as Pod[];
    const ranked = rankForSignal('memory.available', pods, podStatsLookup(summary));
    expectTypeOf(ranked).toEqualTypeOf<Pod[]>();
    const kubePods = [] as KubePod[];
    expectTypeOf(rankForSignal('pid.available', kubePods, podStatsLookup(summary))).toEqualTypeOf<
      KubePod[]
    >();
  });
  it('comparators are typed by the pod type of their stats function', () => {
    const statsOf = (_pod: KubePod): PodStats | undefined => undefined;
    expectTypeOf(byMemory(statsOf)).toEqualTypeOf<PodComparator<KubePod>>();
    expectTypeOf(orderedBy(byMemory(statsOf), byPriority).sort).returns.toEqualTypeOf<KubePod[]>();
  });
});
