import { describe, expect, it } from 'vitest';
import { disruptionTarget, podGeneration, updatePodCondition } from '../../src/pods/pod-condition';
import { isTerminalPhase, podIsEvicted } from '../../src/pods/pod-phase';

// The shared DisruptionTarget builder and podutil.UpdatePodCondition (pkg/api/v1/pod/util.go),
// used by the kubelet's eviction status (ranking) and the taint eviction controller.

const NOW = '2026-05-01T10:00:00Z';
const EARLIER = '2026-04-30T09:00:00Z';

describe('disruptionTarget', () => {
  it('observedGeneration is the pod generation, omitted when 0, unset or not a safe integer', () => {
    expect(disruptionTarget({ metadata: { generation: 3 } }, 'R', 'M')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'R',
      message: 'M',
      observedGeneration: 3,
    });
    for (const generation of [0, undefined, 2 ** 60, '3', 1.5]) {
      expect(disruptionTarget({ metadata: { generation } }, 'R', 'M')).not.toHaveProperty(
        'observedGeneration',
      );
    }
    expect(podGeneration(null)).toBe(0);
  });
});

describe('updatePodCondition', () => {
  const next = { type: 'DisruptionTarget', status: 'True', reason: 'R', message: 'M' };

  it('appends a new condition with lastTransitionTime now', () => {
    const old = [{ type: 'Ready', status: 'True' }];
    const r = updatePodCondition(old, next, NOW);
    expect(r.changed).toBe(true);
    expect(r.conditions).toEqual([old[0], { ...next, lastTransitionTime: NOW }]);
    expect(old).toHaveLength(1);
  });

  it('keeps the old transition time when the status is the same; unchanged is not changed', () => {
    const old = [{ ...next, lastTransitionTime: EARLIER }];
    const r = updatePodCondition(old, next, NOW);
    expect(r.changed).toBe(false);
    expect(r.conditions).toEqual([{ ...next, lastTransitionTime: EARLIER }]);
  });

  it('a changed status takes now; a changed reason, probe time or generation is a change', () => {
    const flipped = updatePodCondition(
      [{ ...next, status: 'False', lastTransitionTime: EARLIER }],
      next,
      NOW,
    );
    expect(flipped).toEqual({ changed: true, conditions: [{ ...next, lastTransitionTime: NOW }] });
    expect(updatePodCondition([{ ...next, reason: 'Other' }], next, NOW).changed).toBe(true);
    expect(updatePodCondition([{ ...next, lastProbeTime: EARLIER }], next, NOW).changed).toBe(true);
    expect(
      updatePodCondition(
        [{ ...next, observedGeneration: 2 }],
        { ...next, observedGeneration: 3 },
        NOW,
      ).changed,
    ).toBe(true);
  });

  it('an old condition without a transition time keeps none; no now, no time', () => {
    expect(updatePodCondition([next], next, NOW).conditions).toEqual([next]);
    expect(updatePodCondition([], next, undefined).conditions).toEqual([next]);
  });
});

describe('podIsEvicted (eviction.PodIsEvicted)', () => {
  it.each([
    [{ phase: 'Failed', reason: 'Evicted' }, true],
    [{ phase: 'Failed', reason: 'Preempting' }, false],
    [{ phase: 'Running', reason: 'Evicted' }, false],
    [undefined, false],
    [null, false],
  ])('%j: %s', (status, want) => {
    expect(podIsEvicted(status)).toBe(want);
  });
});

describe('isTerminalPhase (podutil.IsPodPhaseTerminal)', () => {
  it.each([
    ['Succeeded', true],
    ['Failed', true],
    ['Running', false],
    ['Pending', false],
    ['Unknown', false],
    ['', false],
    [undefined, false],
  ])('%j: %s', (phase, want) => {
    expect(isTerminalPhase(phase)).toBe(want);
  });
});
