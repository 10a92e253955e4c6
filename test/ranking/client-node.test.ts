import { describe, expect, it } from 'vitest';
import { oomScoreAdj } from '../../src/oom/score-adj';
import { isCriticalPod, podPriority } from '../../src/pods/pod-kinds';
import { getResourceRequestQuantity, podLimits } from '../../src/pods/pod-requests';
import { qosClass } from '../../src/pods/qos';
import { explainRanking } from '../../src/ranking/explain';
import { localStorageEviction } from '../../src/ranking/local-storage';
import {
  disruptionTargetCondition,
  evictionMessage,
  evictionStatus,
} from '../../src/ranking/messages';
import { localVolumeNames } from '../../src/ranking/pod-usage';
import { comparatorForSignal, rankForSignal } from '../../src/ranking/rank';
import type { PodStats } from '../../src/signals/summary';

// Pods shaped like @kubernetes/client-node's model objects: class instances, camelCase fields,
// string quantities, and `Date`s wherever the API has a timestamp. Every function that reads a
// pod must treat them exactly like the JSON form.

class V1ObjectMeta {
  creationTimestamp = new Date('2026-11-01T10:00:00Z');
  deletionTimestamp: Date | undefined = undefined;
  generation = 3;
  constructor(
    public name: string,
    public uid: string,
  ) {}
}
class V1Container {
  constructor(
    public name: string,
    public resources: {
      requests?: Record<string, string>;
      limits?: Record<string, string>;
    },
  ) {}
}
class V1Pod {
  status = {
    phase: 'Running',
    startTime: new Date('2026-11-01T10:00:05Z'),
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastTransitionTime: new Date('2026-11-01T10:00:09Z'),
      },
    ],
  };
  constructor(
    public metadata: V1ObjectMeta,
    public spec: {
      containers: V1Container[];
      priority?: number;
      volumes?: Array<{ name: string; emptyDir?: { sizeLimit?: string } }>;
    },
  ) {}
}

const Mi = 2 ** 20;
const burstable = new V1Pod(new V1ObjectMeta('burstable', 'u1'), {
  priority: 0,
  containers: [
    new V1Container('app', {
      requests: { memory: '100Mi' },
      limits: { 'ephemeral-storage': '1Mi' },
    }),
  ],
  volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
});
const bestEffort = new V1Pod(new V1ObjectMeta('best-effort', 'u2'), {
  priority: 0,
  containers: [new V1Container('app', {})],
});
const stats = new Map<V1Pod, PodStats>([
  [
    burstable,
    {
      podRef: { name: 'burstable', namespace: '', uid: 'u1' },
      memory: { workingSetBytes: 300 * Mi },
      containers: [
        {
          name: 'app',
          memory: { workingSetBytes: 300 * Mi },
          rootfs: { usedBytes: 2 * Mi },
          logs: { usedBytes: 0 },
        },
      ],
    },
  ],
  [
    bestEffort,
    {
      podRef: { name: 'best-effort', namespace: '', uid: 'u2' },
      memory: { workingSetBytes: 50 * Mi },
    },
  ],
]);
const statsOf = (pod: V1Pod) => stats.get(pod);

describe('@kubernetes/client-node style pods', () => {
  it('pod model: QoS, kinds, requests, limits, volumes', () => {
    expect(qosClass(burstable)).toBe('Burstable');
    expect(qosClass(bestEffort)).toBe('BestEffort');
    expect(isCriticalPod(burstable)).toBe(false);
    expect(podPriority(burstable)).toBe(0);
    expect(getResourceRequestQuantity(burstable, 'memory').toString()).toBe('100Mi');
    expect(podLimits(burstable).get('ephemeral-storage')?.toString()).toBe('1Mi');
    expect(localVolumeNames(burstable)).toEqual(['scratch']);
  });

  it('ranking, its explanation and the comparators', () => {
    const pods = [bestEffort, burstable];
    const ranked = rankForSignal('memory.available', pods, statsOf);
    expect(ranked.map((p) => p.metadata.name)).toEqual(['burstable', 'best-effort']);
    expect(comparatorForSignal('memory.available', statsOf)?.sort(pods)).toEqual(ranked);
    const explained = explainRanking('memory.available', pods, statsOf)._unsafeUnwrap();
    expect(explained.whyBefore(burstable, bestEffort)._unsafeUnwrap().decidedBy).toBe('memory');
  });

  it('eviction message, DisruptionTarget condition and evicted status', () => {
    const { message, annotations } = evictionMessage('memory', burstable, statsOf, []);
    expect(message).toBe(
      'The node was low on resource: memory. Container app was using 300Mi, request is 100Mi, has larger consumption of memory. ',
    );
    expect(annotations.offending_containers).toBe('app');
    const condition = disruptionTargetCondition(burstable, message);
    expect(condition.observedGeneration).toBe(3);
    const status = evictionStatus(burstable, message, {
      condition,
      now: Date.parse('2026-11-25T12:00:00Z'),
    });
    expect(status.phase).toBe('Failed');
    expect(status.conditions?.map((c) => c.type)).toEqual(['Ready', 'DisruptionTarget']);
    expect(status.conditions?.[1]?.lastTransitionTime).toBe('2026-11-25T12:00:00Z');
  });

  it('local-storage eviction', () => {
    expect(localStorageEviction([bestEffort, burstable], statsOf).map((e) => e.message)).toEqual([
      'Container app exceeded its local ephemeral storage limit "1Mi". ',
    ]);
  });

  it('oom_score_adj', () => {
    const container = burstable.spec.containers[0]!;
    expect(oomScoreAdj(burstable, container, 1000 * Mi)).toBe(900);
    expect(oomScoreAdj(bestEffort, bestEffort.spec.containers[0]!, 1000 * Mi)).toBe(1000);
  });
});
