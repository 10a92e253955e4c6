import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { observe } from '../../src/signals/observe';
import { parseSummary } from '../../src/signals/summary';
import { DEMO_SCENARIO } from '../../src/simulation/demo';
import { runSimulation } from '../../src/simulation/engine';
import { scenarioPodObject, simulatedSummary, usageModel } from '../../src/simulation/node-model';
import { loadScenario } from '../../src/simulation/scenario';
import type { SimulationTimeline } from '../../src/simulation/timeline';

const run = async (text: string): Promise<SimulationTimeline> =>
  (await runSimulation(loadScenario(text)._unsafeUnwrap()))._unsafeUnwrap();

const at = (m: number, s: number) => (m * 60 + s) * 1000;

describe('the demo scenario through the eviction manager', async () => {
  const timeline = await run(DEMO_SCENARIO);
  const evictions = timeline.steps.flatMap((s) => s.evictions);

  it('evicts the leaking pod (soft), then the spiking pod (hard), then the disk filler (soft)', () => {
    expect(
      timeline.steps.flatMap((s) =>
        s.evictions.map((e) => [
          s.time,
          e.pod.name,
          e.signal,
          e.gracePeriodOverrideSeconds,
          e.gracePeriodRule,
        ]),
      ),
    ).toEqual([
      [at(1, 55), 'web-frontend-6c9d4', 'memory.available', 20, 'soft-pod-min'],
      [at(3, 0), 'cache-warmer-0', 'memory.available', 1, 'hard'],
      [at(5, 41), 'log-shipper-4fj7k', 'nodefs.available', 20, 'soft-pod-min'],
    ]);
  });

  it("carries the kubelet's messages", () => {
    expect(evictions[0]?.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 1Gi, available: 986Mi. Container web-frontend-6c9d4 was using 3200Mi, request is 512Mi, has larger consumption of memory. ',
    );
    expect(evictions[2]?.message).toMatch(
      /^The node was low on resource: ephemeral-storage\. Threshold quantity: \d+, available: 13012Mi\. Container log-shipper-4fj7k was using 47Gi, request is 1Gi, has larger consumption of ephemeral-storage\. $/,
    );
  });

  it('never evicts the critical or the static pod, though they rank high', () => {
    const protectedPods = timeline.pods
      .filter((p) => p.critical || p.static)
      .map((p) => p.ref.name);
    expect(protectedPods).toEqual(['kube-proxy-7xk2p', 'etcd-demo-node']);
    for (const e of evictions) expect(protectedPods).not.toContain(e.pod.name);
    expect(evictions.some((e) => e.ranking.some((r) => r.critical))).toBe(true);
  });

  it('rejects the BestEffort pod that arrives under MemoryPressure', () => {
    const pod = timeline.pods.find((p) => p.ref.name === 'nightly-export-29110');
    expect(pod?.outcome).toEqual({
      kind: 'rejected',
      at: at(2, 0),
      message: 'The node had condition: [MemoryPressure]. ',
    });
  });

  it('counts the grace period down, and wakes on the memory notifier', () => {
    const soft = timeline.thresholds.find(
      (t) => t.signal === 'memory.available' && t.kind === 'soft',
    );
    const grace = timeline.steps
      .filter((s) => s.time >= at(1, 25) && s.time <= at(1, 55))
      .map((s) => [s.trigger, s.thresholds.find((t) => t.key === soft?.key)?.graceRemainingMs]);
    expect(grace).toEqual([
      ['notifier', 30_000],
      ['interval', 20_000],
      ['interval', 10_000],
      ['interval', 0],
    ]);
    expect(timeline.steps.find((s) => s.time === at(3, 0))?.trigger).toBe('notifier');
    expect(timeline.steps.find((s) => s.time === at(1, 56))?.trigger).toBe('after-eviction');
  });

  it('holds MemoryPressure through the transition period, then clears it', () => {
    const reported = (t: number) =>
      timeline.steps
        .find((s) => s.time === t)
        ?.conditions.find((c) => c.condition === 'MemoryPressure');
    expect(reported(at(1, 56))).toMatchObject({ observedNow: false, reported: true });
    expect(reported(at(2, 46))).toMatchObject({ reported: true });
    expect(reported(at(2, 56))).toMatchObject({ reported: false });
  });

  it('gives every pod its oom_score_adj', () => {
    const adj = Object.fromEntries(
      timeline.pods.map((p) => [p.ref.name, p.containers[0]?.oomScoreAdj]),
    );
    expect(adj).toMatchObject({
      'kube-proxy-7xk2p': -997,
      'payments-api-5d8f9': -997,
      'report-builder-x8q2l': 1000,
      'web-frontend-6c9d4': 1000 - Math.trunc((1000 * 512 * 2 ** 20) / (8 * 2 ** 30)),
    });
  });

  it('is deterministic and plain JSON', async () => {
    expect(await run(DEMO_SCENARIO)).toEqual(timeline);
    expect(JSON.parse(JSON.stringify(timeline))).toEqual(timeline);
  });
});

describe('the simulated node', () => {
  const scenario = loadScenario(`name: n
node:
  capacity: { memory: 4Gi, disk: 10Gi, pids: 1000 }
  allocatable: { memory: 3Gi }
  system: { memory: 1Gi, disk: 2Gi, processes: 100 }
pods:
  - name: a
    usage: { memory: 512Mi, disk: 1Gi, processes: 10 }
timeline:
  - at: 10s
    over: 10s
    pods: { a: { memory: 1536Mi } }
`)._unsafeUnwrap();

  it('ramps usage linearly', () => {
    const model = usageModel(scenario);
    const mib = (t: number) => Number(model.pod(0, t).memory / 2n ** 20n);
    expect([0, 10_000, 15_000, 20_000, 60_000].map(mib)).toEqual([512, 512, 1024, 1536, 1536]);
    expect(model.changeTimes).toEqual([10_000, 20_000]);
  });

  it("reports a Summary the kubelet's observations read back", () => {
    const model = usageModel(scenario);
    const pod = scenarioPodObject(scenario.pods[0]!, 0, 'node-1');
    const summary = simulatedSummary(scenario, 1_000, model.system(0), [
      { pod, usage: model.pod(0, 0) },
    ]);
    const observations = observe(parseSummary(summary)._unsafeUnwrap());
    const value = (s: string) => observations.get(s as never)?.available.value();
    expect(value('memory.available')).toBe(4n * 2n ** 30n - 1536n * 2n ** 20n);
    expect(value('allocatableMemory.available')).toBe(3n * 2n ** 30n - 512n * 2n ** 20n);
    expect(value('nodefs.available')).toBe(7n * 2n ** 30n);
    expect(value('pid.available')).toBe(890n);
    expect(pod.spec?.terminationGracePeriodSeconds).toBe(30);
  });

  // The kubelet's Summary reports memory available = limit − working set without a floor (cAdvisor
  // subtracts in uint64; the eviction manager reads it back through int64), so an overcommitted
  // node or kubepods cgroup shows a negative `available` and keeps its limit as `capacity`.
  const Mi = 2n ** 20n;
  const Gi = 2n ** 30n;
  it.each([
    // name, system memory, pod memory, memory.available, its capacity, allocatable available, its capacity
    [
      'under both limits',
      1n * Gi,
      512n * Mi,
      4n * Gi - 1536n * Mi,
      4n * Gi,
      3n * Gi - 512n * Mi,
      3n * Gi,
    ],
    ['exactly at the node limit', 1n * Gi, 3n * Gi, 0n, 4n * Gi, 0n, 3n * Gi],
    [
      'pods over allocatable only',
      0n,
      3n * Gi + 256n * Mi,
      768n * Mi,
      4n * Gi,
      -256n * Mi,
      3n * Gi,
    ],
    [
      'working set over capacity',
      1n * Gi,
      3n * Gi + 512n * Mi,
      -512n * Mi,
      4n * Gi,
      -512n * Mi,
      3n * Gi,
    ],
  ] as const)(
    'memory available is not floored: %s',
    (_, system, podMemory, mem, memCap, alloc, allocCap) => {
      const pod = scenarioPodObject(scenario.pods[0]!, 0, 'node-1');
      const usage = { memory: podMemory, disk: 0n, inodes: 0n, processes: 0n };
      const summary = simulatedSummary(scenario, 1_000, { ...usage, memory: system }, [
        { pod, usage },
      ]);
      const parsed = parseSummary(summary);
      expect(parsed.isOk()).toBe(true);
      const observations = observe(parsed._unsafeUnwrap());
      const of = (s: string) => {
        const o = observations.get(s as never);
        return [o?.available.value(), o?.capacity?.value()];
      };
      expect(of('memory.available')).toEqual([mem, memCap]);
      expect(of('allocatableMemory.available')).toEqual([alloc, allocCap]);
    },
  );
});

describe('invariants over random scenarios', () => {
  const podArb = fc.record({
    memory: fc.integer({ min: 0, max: 3000 }),
    request: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }),
    critical: fc.boolean(),
    grow: fc.integer({ min: 0, max: 4000 }),
  });
  fcTest.prop([fc.array(podArb, { minLength: 1, maxLength: 6 }), fc.boolean()], { numRuns: 25 })(
    'critical pods are never evicted, one eviction per step, evicted pods stay gone',
    async (pods, notifier) => {
      const yaml = `name: random
node: { capacity: { memory: 8Gi }, system: { memory: 1Gi } }
kubelet:
  evictionHard: { memory.available: 1Gi }
  evictionSoft: { memory.available: 2Gi }
  evictionSoftGracePeriod: { memory.available: 20s }
  kernelMemcgNotification: ${notifier}
duration: 3m
pods:
${pods
  .map(
    (p, i) => `  - name: p${i}
${p.critical ? '    priorityClassName: system-node-critical\n' : ''}${p.request ? `    requests: { memory: ${p.request}Mi }\n` : ''}    usage: { memory: ${p.memory}Mi }`,
  )
  .join('\n')}
timeline:
  - at: 15s
    over: 60s
    pods: { ${pods.map((p, i) => `p${i}: { memory: ${p.memory + p.grow}Mi }`).join(', ')} }
`;
      const timeline = await run(yaml);
      const evicted = new Set<string>();
      for (const step of timeline.steps) {
        expect(step.evictions.length).toBeLessThanOrEqual(1);
        const e = step.evictions[0];
        if (e === undefined) continue;
        const pod = timeline.pods.find((p) => p.ref.uid === e.pod.uid);
        expect(pod?.critical).toBe(false);
        expect(evicted.has(e.pod.uid)).toBe(false);
        evicted.add(e.pod.uid);
        expect(step.thresholds.some((t) => t.actionable)).toBe(true);
      }
      expect(timeline.steps.map((s) => s.time)).toEqual(
        [...timeline.steps.map((s) => s.time)].sort((a, b) => a - b),
      );
    },
  );
});
