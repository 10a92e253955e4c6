import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIG_A,
  CONFIG_B,
  formatStudy,
  STUDY_SCENARIO,
  type StudyOutcome,
  study,
} from '../../examples/kubelet-config-study';

// The same leak under a hard-only configuration (A) and a soft one with a grace period and a
// large minimum reclaim (B); a third run, B without minimum reclaim, isolates what min-reclaim does.
const B_WITHOUT_MIN_RECLAIM = CONFIG_B.replace(/^evictionMinimumReclaim:.*$/m, '');

describe('examples/kubelet-config-study', () => {
  let a: StudyOutcome;
  let b: StudyOutcome;
  let bPlain: StudyOutcome;
  beforeAll(async () => {
    const outcomes = await study(STUDY_SCENARIO, [
      { label: 'A', text: CONFIG_A },
      { label: 'B', text: CONFIG_B },
      { label: 'B-', text: B_WITHOUT_MIN_RECLAIM },
    ]);
    if (typeof outcomes === 'string') throw new Error(outcomes);
    [a, b, bPlain] = outcomes as [StudyOutcome, StudyOutcome, StudyOutcome];
  });

  it('A: a hard threshold acts at the first cycle below it, with a 1 s grace period', () => {
    expect(a.firstCrossingAt).toBeDefined();
    expect(a.evictions).toEqual([
      expect.objectContaining({
        at: a.firstCrossingAt,
        pod: 'shop/web',
        kind: 'hard',
        gracePeriodOverrideSeconds: 1,
        rule: 'hard',
        heldByMinReclaim: false,
      }),
    ]);
  });

  it('B: the soft threshold waits out its 60 s grace period, then min(20, 30) = 20 s', () => {
    // Same usage, same crossing; the eviction comes exactly one grace period later (cycles
    // are 10 s apart and the pressure held throughout).
    expect(b.firstCrossingAt).toBe(a.firstCrossingAt);
    const [first] = b.evictions;
    expect(first).toMatchObject({
      at: (b.firstCrossingAt ?? 0) + 60_000,
      pod: 'shop/web',
      kind: 'soft',
      gracePeriodOverrideSeconds: 20,
      rule: 'soft-pod-min',
      heldByMinReclaim: false,
    });
    expect(first!.at).toBeGreaterThan(a.evictions[0]!.at);
  });

  it('B: minimum reclaim keeps the threshold met after the first eviction, so a second pod goes', () => {
    // 2708Mi available after web is gone: above 1Gi, below 1Gi + 2Gi.
    const second = b.evictions[1];
    expect(second).toMatchObject({ pod: 'shop/cache', kind: 'soft', heldByMinReclaim: true });
    // The kubelet re-synchronizes as soon as the evicted pod is cleaned up (a second later here).
    expect(second!.at - b.evictions[0]!.at).toBeLessThanOrEqual(10_000);
    expect(b.evictions).toHaveLength(2);
    // Without minimum reclaim the same configuration stops after the leaking pod.
    expect(bPlain.evictions.map((e) => e.pod)).toEqual(['shop/web']);
  });

  it('the node reports pressure until one transition period (30 s) after the last met cycle', () => {
    for (const outcome of [a, b, bPlain]) {
      expect(outcome.pressure).toHaveLength(1);
      const [p] = outcome.pressure;
      expect(p!.from).toBe(outcome.firstCrossingAt);
      const lastEviction = outcome.evictions.at(-1)!.at;
      // Cleared at the first cycle 30 s or more after the threshold was last met.
      expect(p!.to! - lastEviction).toBeGreaterThanOrEqual(30_000);
      expect(p!.to! - lastEviction).toBeLessThan(45_000);
    }
    expect(b.pressureMs).toBeGreaterThan(a.pressureMs + 60_000);
  });

  it('prints the two configurations side by side', () => {
    const text = formatStudy([a, b]);
    expect(text.split('\n').map((l) => l.split(/\s{2,}/)[0])).toEqual([
      '',
      'threshold first crossed',
      'eviction 1',
      'eviction 2',
      'MemoryPressure reported',
    ]);
    expect(text).toMatch(
      /eviction 2\s+-\s+\d:\d\d shop\/cache \(soft, held by min-reclaim; grace 20s/,
    );
  });

  it('reports a bad configuration as text', async () => {
    const r = await study(STUDY_SCENARIO, [
      { label: 'X', text: 'evictionHard: {memory.available: "-1"}' },
    ]);
    expect(r).toMatch(/^X: /);
  });
});
