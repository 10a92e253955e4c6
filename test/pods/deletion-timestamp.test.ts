import { describe, expect, it } from 'vitest';
import { evictionDecision } from '../../src/disruption/eviction-decision';
import { readPodFacts } from '../../src/disruption/pod-facts';
import { isTerminatingPod } from '../../src/manager/pod-facts';
import { isDeletionTimestampSet } from '../../src/pods/api-time';
import { readPodObject } from '../../src/pods/pod-object';
import { readPodForTaints } from '../../src/taints/read';

// `pod.DeletionTimestamp != nil`, read the same way by every module. Before, a set value that
// did not parse as a time meant "terminating" to the manager and taints but not to the
// disruption, preemption and PodGC readers; and the manager ignored a set empty string.
const pdb = {
  metadata: { name: 'foo', namespace: 'default', generation: 1 },
  spec: { selector: { matchLabels: { a: 'true' } } },
  status: { observedGeneration: 1, disruptionsAllowed: 0 },
};

describe('deletionTimestamp != nil', () => {
  it.each([
    ['absent', undefined, false],
    ['null', null, false],
    ['RFC 3339', '2026-12-04T07:00:00Z', true],
    ['a client-node Date', new Date(0), true],
    ['an invalid Date', new Date(Number.NaN), true],
    ['not a time', 'yesterday', true],
    ['an empty string', '', true],
    ['epoch ms', 0, true],
  ])('%s → %s in every reader', (_, deletionTimestamp, terminating) => {
    const pod = {
      metadata: { name: 'p', namespace: 'default', labels: { a: 'true' }, deletionTimestamp },
      status: { phase: 'Running' },
    };
    expect(isDeletionTimestampSet(deletionTimestamp)).toBe(terminating);
    expect(isTerminatingPod(pod)).toBe(terminating);
    expect(readPodObject(pod).terminating).toBe(terminating);
    expect(readPodFacts(pod).terminating).toBe(terminating);
    expect(readPodForTaints(pod).terminating).toBe(terminating);
    // The Eviction API deletes a terminating pod without a PDB check.
    const decision = evictionDecision(pod, [pdb], { now: Date.parse('2026-12-04T08:00:00Z') });
    expect(decision.path === 'terminating-pod').toBe(terminating);
  });
});
