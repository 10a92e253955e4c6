// withPodViewCache: inside a pass each pod object is read through the schema once; outside, and
// after the pass (also one that throws), every readPod reads afresh.
import { describe, expect, it } from 'vitest';
import type { PodLike } from '../../src/pods/pod';
import { readPod } from '../../src/pods/pod';
import { isCriticalPod } from '../../src/pods/pod-kinds';
import { podLimits } from '../../src/pods/pod-requests';
import { withPodViewCache } from '../../src/pods/pod-view-cache';

/** A pod that counts how often its spec is read. */
function countingPod() {
  const spec = {
    priority: 5,
    containers: [{ name: 'a', resources: { limits: { memory: '1Gi' } } }],
  };
  const pod = { metadata: { name: 'p', uid: 'u' }, reads: 0 } as { reads: number; spec?: unknown };
  Object.defineProperty(pod, 'spec', {
    enumerable: true,
    get() {
      pod.reads++;
      return spec;
    },
  });
  return pod as typeof pod & PodLike;
}

describe('withPodViewCache', () => {
  it('reads each pod once within a pass, with the same answers', () => {
    const pod = countingPod();
    const outside = [isCriticalPod(pod), podLimits(pod).get('memory')?.toString()];
    const before = pod.reads;
    const inside = withPodViewCache(() => {
      const answers = [isCriticalPod(pod), podLimits(pod).get('memory')?.toString()];
      expect(readPod(pod)).toBe(readPod(pod));
      return answers;
    });
    expect(inside).toEqual(outside);
    expect(pod.reads - before).toBe(1);
  });

  it('forgets the views after the pass, also when it throws; nested passes share the memo', () => {
    const pod = countingPod();
    withPodViewCache(() => {
      readPod(pod);
      withPodViewCache(() => readPod(pod));
    });
    expect(pod.reads).toBe(1);
    readPod(pod);
    readPod(pod);
    expect(pod.reads).toBe(3);
    expect(() =>
      withPodViewCache(() => {
        readPod(pod);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    readPod(pod);
    expect(pod.reads).toBe(5);
  });

  it('reads non-objects as before', () => {
    expect(withPodViewCache(() => readPod(null).containers)).toEqual([]);
  });
});
