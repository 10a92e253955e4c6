import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { NodeConditionType, Observations, Threshold } from '../../src/signals/types';
import { admitPod } from '../../src/thresholds/admission';
import { type EvaluationResult, evaluate } from '../../src/thresholds/evaluate';
import {
  type EvaluationState,
  initialEvaluationState,
  parseEvaluationState,
} from '../../src/thresholds/evaluation-state';
import { formatExplanation } from '../../src/thresholds/explain';
import { MINUTE, obs, observations, str, th } from './builders';

const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);
const FIVE_MINUTES = 5 * MINUTE;

/** Runs `evaluate` step by step, carrying the state (through JSON, as a restart would). */
class Node {
  state: EvaluationState = initialEvaluationState();
  constructor(
    readonly thresholds: Threshold[],
    readonly pressureTransitionPeriodMs = FIVE_MINUTES,
  ) {}
  step(now: number, obsNow: Observations): EvaluationResult {
    const result = evaluate(this.state, {
      thresholds: this.thresholds,
      observations: obsNow,
      now,
      pressureTransitionPeriodMs: this.pressureTransitionPeriodMs,
    });
    const restored = parseEvaluationState(JSON.stringify(result.state));
    if (restored.isErr()) throw new Error(restored.error.message);
    this.state = restored.value;
    return result;
  }
}

const memory = (available: string, time?: number) =>
  observations({ 'memory.available': obs(available, '8Gi', time) });
const nodefs = (available: string) => observations({ 'nodefs.available': obs(available, '100Gi') });
const signals = (list: readonly Threshold[]) =>
  list.map((t) => `${t.signal}<${str('quantity' in t.value ? t.value.quantity : undefined)}`);

describe('evaluate: a soft threshold that recovers inside its grace period never acts', () => {
  it('three short crossings, then one that lasts', () => {
    const soft = th('memory.available', '2Gi', { graceMs: 2 * MINUTE });
    const node = new Node([soft]);
    // 10 s steps. Crossings of 60 s, 110 s and 119.99… s (never 2 min of continuous pressure).
    const below = new Set<number>();
    for (const [from, to] of [
      [1, 7],
      [10, 21],
      [25, 36],
    ] as const) {
      for (let i = from; i <= to; i++) below.add(i);
    }
    for (let i = 0; i < 40; i++) {
      const r = node.step(T0 + i * 10_000, memory(below.has(i) ? '1.5Gi' : '3Gi', T0 + i * 10_000));
      expect(r.actionable, `step ${i}`).toEqual([]);
      expect(r.reclaim).toBeUndefined();
      expect(r.met.length, `step ${i}`).toBe(below.has(i) ? 1 : 0);
      // Pressure is reported from the first crossing on (and through the transition period).
      expect(r.nodeConditions, `step ${i}`).toEqual(i >= 1 ? ['MemoryPressure'] : []);
    }
    // Now 2 minutes of continuous pressure: actionable exactly when 120 s have elapsed.
    const start = T0 + 40 * 10_000;
    for (let s = 0; s <= 12; s++) {
      const now = start + s * 10_000;
      const r = node.step(now, memory('1.5Gi', now));
      const e = r.explanation.thresholds[0];
      expect(e?.firstObservedAt).toBe(start);
      expect(e?.graceRemainingMs).toBe(Math.max(0, 2 * MINUTE - s * 10_000));
      expect(r.actionable.length, `second ${s * 10}`).toBe(s >= 12 ? 1 : 0);
    }
  });

  it('first-observed time restarts after a recovery', () => {
    const soft = th('memory.available', '2Gi', { graceMs: MINUTE });
    const node = new Node([soft]);
    node.step(T0, memory('1Gi'));
    expect(node.step(T0 + 50_000, memory('1Gi')).explanation.thresholds[0]?.firstObservedAt).toBe(
      T0,
    );
    node.step(T0 + 55_000, memory('3Gi'));
    const r = node.step(T0 + 70_000, memory('1Gi'));
    expect(r.explanation.thresholds[0]?.firstObservedAt).toBe(T0 + 70_000);
    expect(r.actionable).toEqual([]);
  });
});

describe('evaluate: pressure transition period', () => {
  it('a condition stays reported for the whole period after its last observation', () => {
    const hard = th('memory.available', '1Gi');
    const node = new Node([hard]);
    const lastSeen = T0 + 60_000;
    for (let t = 0; t <= 10 * MINUTE; t += 10_000) {
      const now = T0 + t;
      const pressure = t >= 30_000 && t <= 60_000;
      const r = node.step(now, memory(pressure ? '500Mi' : '4Gi', now));
      const reported = t >= 30_000 && now - lastSeen < FIVE_MINUTES;
      expect(r.nodeConditions, `t=${t / 1000}s`).toEqual(reported ? ['MemoryPressure'] : []);
      expect(r.state.nodeConditions).toEqual(r.nodeConditions);
      if (reported && !pressure) {
        const c = r.explanation.conditions[0];
        expect(c?.observedNow).toBe(false);
        expect(c?.transitionRemainingMs).toBe(lastSeen + FIVE_MINUTES - now);
      }
    }
    // Entries are never dropped from the last-observed map.
    expect(node.state.nodeConditionsLastObservedAt).toEqual({ MemoryPressure: lastSeen });
  });

  it('QUIRK: a zero transition period never reports a condition', () => {
    const node = new Node([th('memory.available', '1Gi')], 0);
    const r = node.step(T0, memory('1Mi'));
    expect(r.nodeConditions).toEqual([]);
    expect(r.actionable).toHaveLength(1);
  });

  it('several conditions are reported in canonical order', () => {
    const node = new Node([
      th('pid.available', '100'),
      th('nodefs.available', '1Gi'),
      th('memory.available', '1Gi'),
    ]);
    const r = node.step(
      T0,
      observations({
        'pid.available': obs('10', '1000'),
        'nodefs.available': obs('1Mi', '10Gi'),
        'memory.available': obs('1Mi', '8Gi'),
      }),
    );
    expect(r.nodeConditions).toEqual<NodeConditionType[]>([
      'MemoryPressure',
      'DiskPressure',
      'PIDPressure',
    ]);
  });
});

// Port of TestMinReclaim (eviction_manager_test.go), plus the boundary.
describe('evaluate: min-reclaim hysteresis', () => {
  const hard = th('memory.available', '1Gi', { minReclaim: '500Mi' });

  it('TestMinReclaim: stays met until available ≥ threshold + min-reclaim', () => {
    const node = new Node([hard]);
    let r = node.step(T0, memory('2Gi'));
    expect(r.nodeConditions).toEqual([]);

    r = node.step(T0 + MINUTE, memory('500Mi'));
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
    expect(signals(r.actionable)).toEqual(['memory.available<1073741824']);
    expect(r.reclaim?.resource).toBe('memory');
    expect(str(r.reclaim?.target)).toBe(String(1524 * 1024 * 1024));
    expect(str(r.reclaim?.shortfall)).toBe(String(1024 * 1024 * 1024));

    // Above the threshold but short of min-reclaim: still met, still acted on.
    r = node.step(T0 + 2 * MINUTE, memory('1.2Gi'));
    expect(r.crossed).toEqual([]);
    expect(r.met).toEqual([hard]);
    expect(r.actionable).toEqual([hard]);
    expect(r.explanation.thresholds[0]?.heldByMinReclaim).toBe(true);
    expect(r.nodeConditions).toEqual(['MemoryPressure']);

    // Min-reclaim satisfied: no longer met, but still reported (transition period).
    r = node.step(T0 + 3 * MINUTE, memory('2Gi'));
    expect(r.met).toEqual([]);
    expect(r.actionable).toEqual([]);
    expect(r.nodeConditions).toEqual(['MemoryPressure']);

    r = node.step(T0 + 8 * MINUTE, memory('2Gi'));
    expect(r.nodeConditions).toEqual([]);
  });

  it('available exactly at threshold + min-reclaim resolves it', () => {
    const node = new Node([hard]);
    node.step(T0, memory('500Mi'));
    expect(node.step(T0 + 10_000, memory('1523Mi')).met).toEqual([hard]);
    expect(node.step(T0 + 20_000, memory('1524Mi')).met).toEqual([]);
  });

  it('hysteresis applies only once the grace period was met', () => {
    const soft = th('memory.available', '1Gi', { graceMs: MINUTE, minReclaim: '500Mi' });
    const node = new Node([soft]);
    node.step(T0, memory('500Mi'));
    // Not yet acted on: rising above the threshold resolves it at once.
    expect(node.step(T0 + 30_000, memory('1.2Gi')).met).toEqual([]);
    // Acted on: now held until 1524Mi.
    node.step(T0 + 40_000, memory('500Mi'));
    expect(node.step(T0 + 100_000, memory('500Mi')).actionable).toEqual([soft]);
    const r = node.step(T0 + 110_000, memory('1.2Gi'));
    expect(r.met).toEqual([soft]);
    expect(r.actionable).toEqual([soft]);
    // The first-observed time carries over while held.
    expect(r.explanation.thresholds[0]?.firstObservedAt).toBe(T0 + 40_000);
  });

  it('percentage min-reclaim resolves against capacity (float32 maths)', () => {
    const pct = th('memory.available', '20%', { minReclaim: '5%' });
    const node = new Node([pct]);
    const mem = (available: string) =>
      observations({ 'memory.available': obs(available, '1000Mi') });
    node.step(T0, mem('100Mi'));
    // 209715203 + 52428800 = 262144003: 250Mi (262144000) is still short, 262144003 is not.
    expect(node.step(T0 + 10_000, mem('250Mi')).met).toEqual([pct]);
    expect(node.step(T0 + 20_000, mem('262144003')).met).toEqual([]);
  });
});

describe('evaluate: stale statistics do not re-trigger', () => {
  const hard = th('memory.available', '1Gi');

  it('the same observation time is not acted on twice', () => {
    const node = new Node([hard]);
    let r = node.step(T0, memory('500Mi', T0));
    expect(r.actionable).toEqual([hard]);
    r = node.step(T0 + 10_000, memory('500Mi', T0));
    expect(r.gracePeriodMet).toEqual([hard]);
    expect(r.actionable).toEqual([]);
    expect(r.reclaim).toBeUndefined();
    expect(r.explanation.thresholds[0]?.statsUpdated).toBe(false);
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
    // An older time (clock went backwards) is stale too.
    r = node.step(T0 + 20_000, memory('500Mi', T0 - 1));
    expect(r.actionable).toEqual([]);
    // A newer one is acted on again.
    r = node.step(T0 + 30_000, memory('500Mi', T0 + 25_000));
    expect(r.actionable).toEqual([hard]);
  });

  // synchronize() remembers the grace-met thresholds (m.thresholdsMet) BEFORE dropping the
  // stale ones, so stale stats never release a threshold that min-reclaim still holds.
  it('stale stats keep a threshold remembered for min-reclaim', () => {
    const held = th('memory.available', '1Gi', { minReclaim: '500Mi' });
    const node = new Node([held]);
    expect(node.step(T0, memory('500Mi', T0)).actionable).toEqual([held]);
    for (const later of [10_000, 20_000, 30_000]) {
      const r = node.step(T0 + later, memory('1.2Gi', T0));
      expect(r.met, `+${later} ms`).toEqual([held]);
      expect(r.gracePeriodMet).toEqual([held]);
      expect(r.actionable).toEqual([]);
      expect(r.state.thresholdsMet).toHaveLength(1);
    }
    // Fresh stats, still short of threshold + min-reclaim: acted on again.
    expect(node.step(T0 + 40_000, memory('1.2Gi', T0 + 40_000)).actionable).toEqual([held]);
  });

  it('stats without a time always count as new', () => {
    const node = new Node([hard]);
    expect(node.step(T0, memory('500Mi')).actionable).toEqual([hard]);
    expect(node.step(T0 + 10_000, memory('500Mi')).actionable).toEqual([hard]);
  });

  it('a signal that disappears from the stats is not acted on', () => {
    const node = new Node([hard]);
    node.step(T0, memory('500Mi', T0));
    const r = node.step(T0 + 10_000, observations({}));
    expect(r.met).toEqual([]);
    expect(r.actionable).toEqual([]);
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
  });
});

// Port of TestDiskPressureNodeFs's threshold timeline ("eviction due to disk pressure; no image fs").
describe('TestDiskPressureNodeFs (threshold timeline)', () => {
  const hard = th('nodefs.available', '1Gi');
  const soft = th('nodefs.available', '2Gi', { graceMs: 2 * MINUTE });

  it('soft, recovery, hard, transition', () => {
    const node = new Node([hard, soft]);
    let now = T0;
    let r = node.step(now, nodefs('16Gi'));
    expect(r.nodeConditions).toEqual([]);

    now += MINUTE; // induce soft threshold
    r = node.step(now, nodefs('1.5Gi'));
    expect(r.nodeConditions).toEqual(['DiskPressure']);
    expect(r.actionable).toEqual([]);

    now += 3 * MINUTE; // past the grace period
    r = node.step(now, nodefs('1.5Gi'));
    expect(r.nodeConditions).toEqual(['DiskPressure']);
    expect(r.actionable).toEqual([soft]);
    expect(r.reclaim?.threshold).toBe(soft);
    expect(r.reclaim?.resource).toBe('ephemeral-storage');

    now += 20 * MINUTE; // remove pressure
    r = node.step(now, nodefs('16Gi'));
    expect(r.nodeConditions).toEqual([]);

    now += MINUTE; // induce hard pressure
    r = node.step(now, nodefs('750Mi'));
    expect(r.nodeConditions).toEqual(['DiskPressure']);
    expect(r.met).toEqual([hard, soft]);
    expect(r.actionable).toEqual([hard]);
    expect(r.reclaim?.threshold).toBe(hard);

    now += MINUTE; // reduce pressure: still reported (transition period)
    r = node.step(now, nodefs('16Gi'));
    expect(r.nodeConditions).toEqual(['DiskPressure']);
    expect(r.actionable).toEqual([]);

    now += 5 * MINUTE; // past the transition period
    r = node.step(now, nodefs('16Gi'));
    expect(r.nodeConditions).toEqual([]);
  });
});

// Port of TestMemoryPressure's threshold timeline (eviction_manager_test.go), admission included.
describe('TestMemoryPressure (threshold timeline and admission)', () => {
  const hard = th('memory.available', '1Gi');
  const soft = th('memory.available', '2Gi', { graceMs: 2 * MINUTE });
  const bestEffort: Pod = {
    metadata: { name: 'best-admit' },
    spec: { containers: [{ name: 'c' }] },
  };
  const burstable: Pod = {
    metadata: { name: 'burst-admit' },
    spec: {
      containers: [
        {
          name: 'c',
          resources: {
            requests: { cpu: '100m', memory: '100Mi' },
            limits: { cpu: '200m', memory: '200Mi' },
          },
        },
      ],
    },
  };
  const admits = (r: EvaluationResult) =>
    [bestEffort, burstable].map((pod) => admitPod(pod, r.nodeConditions).admit);

  it('soft after its grace, hard at once, transition period, admission throughout', () => {
    const node = new Node([hard, soft]);
    let now = T0;
    const at = (available: string) => node.step(now, memory(available, now));

    let r = at('2Gi');
    expect(r.nodeConditions).toEqual([]);
    expect(admits(r)).toEqual([true, true]);

    now += MINUTE; // induce soft threshold
    r = at('1500Mi');
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
    expect(r.reclaim).toBeUndefined();

    now += 3 * MINUTE; // step past the grace period
    r = at('1500Mi');
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
    expect(r.reclaim?.threshold).toBe(soft);

    now += 20 * MINUTE; // remove memory pressure
    r = at('3Gi');
    expect(r.nodeConditions).toEqual([]);

    now += MINUTE; // induce memory pressure
    r = at('500Mi');
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
    expect(r.reclaim?.threshold).toBe(hard);
    expect(admits(r)).toEqual([false, true]);

    now += MINUTE; // reduce memory pressure: still reported (transition period not met)
    r = at('2Gi');
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
    expect(r.reclaim).toBeUndefined();
    expect(admits(r)).toEqual([false, true]);

    now += 5 * MINUTE; // past the transition period
    r = at('2Gi');
    expect(r.nodeConditions).toEqual([]);
    expect(r.reclaim).toBeUndefined();
    expect(admits(r)).toEqual([true, true]);
  });
});

describe('evaluate: choosing what to reclaim', () => {
  it('memory before disk, then configuration order', () => {
    const disk = th('imagefs.available', '1Gi');
    const inodes = th('nodefs.inodesFree', '1000');
    const mem = th('memory.available', '1Gi');
    const node = new Node([disk, inodes, mem]);
    const r = node.step(
      T0,
      observations({
        'imagefs.available': obs('1Mi', '10Gi'),
        'nodefs.inodesFree': obs('10', '100000'),
        'memory.available': obs('1Mi', '8Gi'),
      }),
    );
    expect(r.actionable).toEqual([mem, disk, inodes]);
    expect(r.reclaim?.threshold).toBe(mem);
    expect(r.explanation.thresholds.map((e) => e.selected)).toEqual([false, false, true]);
  });

  // evictkit keys thresholds by content (upstream: by quantity pointer), see thresholdKey.
  it('two configured thresholds with identical content are tracked as one', () => {
    const hard = th('memory.available', '100Mi');
    const softZeroGrace = th('memory.available', '100Mi');
    const node = new Node([hard, softZeroGrace]);
    const r = node.step(T0, memory('50Mi'));
    expect(r.met).toHaveLength(2);
    expect(r.gracePeriodMet).toHaveLength(1);
    expect(r.actionable).toHaveLength(1);
    expect(r.reclaim?.signal).toBe('memory.available');
    expect(r.nodeConditions).toEqual(['MemoryPressure']);
  });

  it('no observation: the threshold is skipped and explained as such', () => {
    const node = new Node([th('pid.available', '100')]);
    const r = node.step(T0, observations({}));
    expect(r.explanation.thresholds[0]?.observed).toBe(false);
    expect(formatExplanation(r.explanation)).toMatch(
      /pid\.available<\S+ \(hard\): no observation: skipped/,
    );
  });
});

describe('evaluate: explanations', () => {
  it('explains a soft threshold inside its grace period', () => {
    const soft = th('memory.available', '2Gi', { graceMs: 2 * MINUTE, minReclaim: '100Mi' });
    const node = new Node([soft]);
    node.step(T0, memory('1Gi', T0));
    const r = node.step(T0 + 30_000, memory('1Gi', T0 + 30_000));
    const e = r.explanation.thresholds[0];
    expect(e).toMatchObject({
      signal: 'memory.available',
      hard: false,
      observed: true,
      crossed: true,
      met: true,
      heldByMinReclaim: false,
      firstObservedAt: T0,
      graceRemainingMs: 90_000,
      gracePeriodMet: false,
      actionable: false,
      nodeCondition: 'MemoryPressure',
      conditionReported: true,
      transitionRemainingMs: FIVE_MINUTES,
    });
    expect(str(e?.thresholdQuantity)).toBe(String(2 * 1024 ** 3));
    expect(str(e?.minReclaimQuantity)).toBe(String(100 * 1024 ** 2));
    const text = formatExplanation(r.explanation);
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('node conditions [MemoryPressure]; nothing to reclaim');
    expect(text).toContain('memory.available<');
    expect(text).toContain('(soft, grace 2m0s)');
    expect(text).toContain('grace 1m30s left');
    expect(text).toContain('MemoryPressure reported (5m0s of transition period left)');
    expect(formatExplanation(e!)).not.toContain('\n');
  });

  it('explains a stale, held and selected threshold', () => {
    const hard = th('memory.available', '1Gi', { minReclaim: '500Mi' });
    const node = new Node([hard]);
    node.step(T0, memory('500Mi', T0));
    let r = node.step(T0 + 10_000, memory('1.2Gi', T0));
    expect(formatExplanation(r.explanation.thresholds[0]!)).toContain('met (held by min-reclaim)');
    expect(formatExplanation(r.explanation.thresholds[0]!)).toContain(
      'stats unchanged since last step',
    );
    r = node.step(T0 + 20_000, memory('1.2Gi', T0 + 20_000));
    expect(formatExplanation(r.explanation)).toMatch(
      /reclaim memory for memory.available \(short by /,
    );
    expect(formatExplanation(r.explanation)).toContain('ACTIONABLE (selected for reclaim)');
  });
});

describe('evaluate: restart from persisted state', () => {
  it('a grace period started before the restart completes after it', () => {
    const soft = th('nodefs.available', '2Gi', { graceMs: 2 * MINUTE });
    const before = evaluate(initialEvaluationState(), {
      thresholds: [soft],
      observations: nodefs('1Gi'),
      now: T0,
      pressureTransitionPeriodMs: FIVE_MINUTES,
    });
    const persisted = JSON.stringify(before.state);
    const restored = parseEvaluationState(persisted)._unsafeUnwrap();
    // A fresh threshold object from a re-read config: found again by content.
    const reread = th('nodefs.available', '2147483648', { graceMs: 2 * MINUTE });
    const after = evaluate(restored, {
      thresholds: [reread],
      observations: nodefs('1Gi'),
      now: T0 + 2 * MINUTE,
      pressureTransitionPeriodMs: FIVE_MINUTES,
    });
    expect(after.actionable).toEqual([reread]);
    expect(after.explanation.thresholds[0]?.firstObservedAt).toBe(T0);
  });

  it('previously met thresholds missing from the configuration are still explained', () => {
    const hard = th('memory.available', '1Gi', { minReclaim: '500Mi' });
    const first = evaluate(initialEvaluationState(), {
      thresholds: [hard],
      observations: memory('500Mi'),
      now: T0,
      pressureTransitionPeriodMs: FIVE_MINUTES,
    });
    const r = evaluate(first.state, {
      thresholds: [],
      observations: memory('1.2Gi'),
      now: T0 + 10_000,
      pressureTransitionPeriodMs: FIVE_MINUTES,
    });
    expect(r.met).toHaveLength(1);
    expect(r.explanation.thresholds).toHaveLength(1);
    expect(r.explanation.thresholds[0]?.heldByMinReclaim).toBe(true);
  });
});
