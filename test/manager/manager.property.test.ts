import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEvictionManager } from '../../src/manager/manager';
import type { EvictionManagerOptions, KillPodOptions, SyncResult } from '../../src/manager/types';
import type { Pod } from '../../src/pods/pod';
import { isCriticalPod } from '../../src/pods/pod-kinds';
import type { PodStats, Summary } from '../../src/signals/summary';
import type { Signal, Threshold } from '../../src/signals/types';
import { newContainer, newPod, newPodMemoryStats, newPodProcessStats } from '../ranking/builders';
import { th } from '../thresholds/builders';

// Invariants of the manager over random pods, thresholds and pressure timelines.

const NUM_RUNS = 120;
const T0 = Date.UTC(2026, 5, 1);
const Mi = 1024 * 1024;

interface PodSpec {
  priority: number | null;
  kind: 'plain' | 'static' | 'mirror';
  requestMi: number;
  usageMi: number;
  processes: number;
  ephemeralLimitMi: number | null;
  graceSeconds: number | null;
}

const podSpecArb: fc.Arbitrary<PodSpec> = fc.record({
  priority: fc.oneof(
    fc.constant(null),
    fc.integer({ min: -10, max: 10 }),
    fc.constantFrom(2_000_000_000, 2_000_001_000),
  ),
  kind: fc.constantFrom<PodSpec['kind']>('plain', 'plain', 'plain', 'static', 'mirror'),
  requestMi: fc.integer({ min: 0, max: 512 }),
  usageMi: fc.integer({ min: 0, max: 1024 }),
  processes: fc.integer({ min: 0, max: 500 }),
  ephemeralLimitMi: fc.option(fc.integer({ min: 1, max: 2048 }), { nil: null }),
  graceSeconds: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
});

function buildPods(specs: PodSpec[]): { pods: Pod[]; stats: PodStats[] } {
  const pods: Pod[] = [];
  const stats: PodStats[] = [];
  specs.forEach((p, i) => {
    const name = `pod-${i}`;
    const requests: Record<string, string> = p.requestMi > 0 ? { memory: `${p.requestMi}Mi` } : {};
    const limits: Record<string, string> =
      p.ephemeralLimitMi === null ? {} : { 'ephemeral-storage': `${p.ephemeralLimitMi}Mi` };
    const pod = newPod(name, p.priority, [newContainer(name, requests, limits)]);
    if (p.kind === 'static')
      pod.metadata = { ...pod.metadata, annotations: { 'kubernetes.io/config.source': 'file' } };
    if (p.kind === 'mirror')
      pod.metadata = { ...pod.metadata, annotations: { 'kubernetes.io/config.mirror': 'hash' } };
    if (p.graceSeconds !== null)
      pod.spec = { ...pod.spec!, terminationGracePeriodSeconds: p.graceSeconds };
    pods.push(pod);
    stats.push({
      ...newPodMemoryStats(pod, `${p.usageMi}Mi`),
      process_stats: newPodProcessStats(pod, p.processes).process_stats,
    });
  });
  return { pods, stats };
}

interface Step {
  advanceMs: number;
  availableMi: number;
  freePids: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  advanceMs: fc.constantFrom(1_000, 10_000, 10_000, 30_000, 60_000, 300_000),
  availableMi: fc.integer({ min: 0, max: 4096 }),
  freePids: fc.integer({ min: 0, max: 4000 }),
});

const thresholdArb: fc.Arbitrary<Threshold> = fc
  .record({
    signal: fc.constantFrom<Signal>(
      'memory.available',
      'allocatableMemory.available',
      'pid.available',
    ),
    value: fc.integer({ min: 1, max: 3000 }),
    graceMs: fc.constantFrom(0, 0, 10_000, 60_000),
    minReclaim: fc.option(fc.integer({ min: 0, max: 512 }), { nil: undefined }),
  })
  .map(({ signal, value, graceMs, minReclaim }) => {
    const unit = signal === 'pid.available' ? '' : 'Mi';
    const opts: { graceMs: number; minReclaim?: string } = { graceMs };
    if (minReclaim !== undefined) opts.minReclaim = `${minReclaim}${unit}`;
    return th(signal, `${value}${unit}`, opts);
  });

const scenarioArb = fc.record({
  pods: fc.array(podSpecArb, { minLength: 0, maxLength: 14 }),
  thresholds: fc.array(thresholdArb, { minLength: 1, maxLength: 4 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 14 }),
  localStorage: fc.boolean(),
  maxPodGracePeriodSeconds: fc.integer({ min: -5, max: 60 }),
  escalate: fc.boolean(),
  budget: fc.option(
    fc.record({
      maxEvictions: fc.integer({ min: 0, max: 3 }),
      windowMs: fc.constantFrom(10_000, 60_000, 120_000),
    }),
    { nil: undefined },
  ),
});

function summaryAt(step: Step, stats: PodStats[], time: number): Summary {
  const available = step.availableMi * Mi;
  const ws = 4096 * Mi;
  return {
    node: {
      nodeName: 'prop',
      memory: { time, availableBytes: available, workingSetBytes: ws },
      systemContainers: [
        { name: 'pods', memory: { time, availableBytes: available, workingSetBytes: ws } },
      ],
      rlimit: { time, maxpid: 4000, curproc: 4000 - step.freePids },
    },
    pods: stats,
  };
}

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Recorded {
  results: SyncResult<Pod>[];
  kills: Array<{ pod: Pod; options: KillPodOptions; now: number }>;
}

async function play(
  sc: Scenario,
  extra: Partial<EvictionManagerOptions<Pod>> = {},
  restartAt?: number,
): Promise<Recorded> {
  const { pods, stats } = buildPods(sc.pods);
  const kills: Recorded['kills'] = [];
  const results: SyncResult<Pod>[] = [];
  let now = T0;
  const options = (state?: unknown): EvictionManagerOptions<Pod> => {
    const o: EvictionManagerOptions<Pod> = {
      thresholds: sc.thresholds,
      maxPodGracePeriodSeconds: sc.maxPodGracePeriodSeconds,
      localStorageCapacityIsolation: sc.localStorage,
      escalateTerminating: sc.escalate,
      killPod: async (pod, opts) => {
        kills.push({ pod, options: opts, now });
      },
      ...extra,
    };
    if (sc.budget !== undefined) o.budget = sc.budget;
    if (state !== undefined) o.state = state;
    return o;
  };
  let manager = createEvictionManager(options());
  for (const [i, step] of sc.steps.entries()) {
    if (i === restartAt) {
      // Persist through JSON text and continue in a fresh manager.
      manager = createEvictionManager(options(JSON.stringify(manager.state())));
      expect(manager.optionsError).toBeUndefined();
    }
    now += step.advanceMs;
    results.push(await manager.synchronize({ now, summary: summaryAt(step, stats, now), pods }));
  }
  return { results, kills };
}

/** What decides: per cycle, the outcome, the conditions and who was killed how. */
const decisions = (r: Recorded) =>
  r.results.map((x) => ({
    outcome: x.outcome,
    conditions: x.nodeConditions,
    evictions: x.evictions.map((e) => [e.name, e.kind, e.gracePeriodOverrideSeconds, e.message]),
  }));

describe('manager invariants (fast-check)', () => {
  it('at most one threshold kill per cycle, and never a critical pod', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const { results, kills } = await play(sc);
        for (const r of results) {
          const threshold = r.evictions.filter((e) => e.kind !== 'local-storage');
          expect(threshold.length).toBeLessThanOrEqual(1);
          if (threshold.length === 1) expect(r.evictions).toHaveLength(1);
        }
        for (const k of kills) expect(isCriticalPod(k.pod)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('dryRun never calls killPod and decides exactly as a real run (the timeline ignores kills)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const dry = await play(sc, { dryRun: true });
        expect(dry.kills).toEqual([]);
        for (const r of dry.results) for (const e of r.evictions) expect(e.killed).toBe(false);
        const real = await play(sc);
        const asReal = decisions(dry).map((x) => ({
          ...x,
          outcome: x.outcome === 'would-evict' ? 'evicted' : x.outcome,
        }));
        const realDecisions = decisions(real).map((x) => ({
          ...x,
          outcome: x.outcome === 'escalated' ? 'evicted' : x.outcome,
        }));
        expect(asReal).toEqual(realDecisions);
      }),
      { numRuns: NUM_RUNS / 2 },
    );
  });

  it('the budget is never exceeded in any window', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb.filter((sc) => sc.budget !== undefined),
        async (sc) => {
          const { kills } = await play(sc);
          const { maxEvictions, windowMs } = sc.budget!;
          for (const k of kills) {
            const inWindow = kills.filter((o) => o.now <= k.now && k.now - o.now < windowMs);
            expect(inWindow.length).toBeLessThanOrEqual(maxEvictions);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('state survives a JSON round trip mid-scenario with identical later decisions', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb.chain((sc) =>
          fc.record({ sc: fc.constant(sc), at: fc.integer({ min: 0, max: sc.steps.length - 1 }) }),
        ),
        async ({ sc, at }) => {
          const straight = await play(sc);
          const restarted = await play(sc, {}, at);
          expect(decisions(restarted)).toEqual(decisions(straight));
          expect(restarted.kills.map((k) => [k.pod.metadata?.name, k.options])).toEqual(
            straight.kills.map((k) => [k.pod.metadata?.name, k.options]),
          );
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
