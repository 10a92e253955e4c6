import type { Pod as KubePod } from 'kubernetes-types/core/v1';
import { describe, expectTypeOf, it } from 'vitest';
import type { Pod, PodLike } from '../../src/ranking/pod';
import { type QOSClass, qosClass } from '../../src/ranking/qos';

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
