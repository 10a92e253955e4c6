// One node, one memory leak, two kubelet configurations: what do grace periods and minimum
// reclaim change?
//
// The same usage timeline (a scenario, docs/scenario.md) runs through the simulation engine
// twice, once per kubelet configuration, and the outcomes are printed side by side: who is
// evicted, when, with which grace period override, and how long the node reports
// MemoryPressure.
//
//   npx tsx examples/kubelet-config-study.ts [scenario.yaml] [kubelet-a.yaml] [kubelet-b.yaml]
//
// Without arguments: a web pod leaks on an 8 GiB node until about 800 MiB are left, and
//  A: evictionHard memory.available 1Gi — the kubelet acts at the first cycle below 1Gi, with a
//     1 s grace period override (a hard threshold), and evicts one pod;
//  B: evictionSoft memory.available 1Gi with a 60s grace period, evictionHard 300Mi (never
//     reached), evictionMinimumReclaim 2Gi, evictionMaxPodGracePeriod 20 — the pressure must
//     hold for 60 s first, the pod gets min(20, its terminationGracePeriodSeconds 30) = 20 s,
//     and since evicting the leaking pod does not bring 1Gi + 2Gi back, the threshold stays
//     met ("held by minimum reclaim") and the next pod goes too.
// Both use a 30s pressure transition period, so the condition lasts until 30 s after the last
// cycle that found a threshold met.

import { readFileSync } from 'node:fs';
import { type LoadedKubeletConfig, loadKubeletConfig } from 'evictkit/signals';
import { loadScenario, runSimulation, type SimulationTimeline } from 'evictkit/simulation';

export const STUDY_SCENARIO = `
name: a slow memory leak
description: A web pod leaks from 1Gi to 2300Mi over a minute, then stays there.
node:
  name: worker-1
  capacity: { memory: 8Gi }
  system: { memory: 1536Mi }
interval: 10s
duration: 4m
pods:
  - name: node-agent
    namespace: kube-system
    priorityClassName: system-node-critical
    usage: { memory: 100Mi }
  - name: db-0
    namespace: shop
    requests: { cpu: "1", memory: 2Gi }
    limits: { cpu: "1", memory: 2Gi }
    usage: { memory: 2Gi }
  - name: cache
    namespace: shop
    requests: { memory: 256Mi }
    usage: { memory: 1200Mi }
  - name: web
    namespace: shop
    requests: { memory: 512Mi }
    usage: { memory: 1Gi }
  - name: batch
    namespace: jobs
    usage: { memory: 600Mi }
timeline:
  - at: 20s
    over: 60s
    note: web starts leaking
    pods: { web: { memory: 2300Mi } }
`;

export const CONFIG_A = `
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
evictionHard: { memory.available: 1Gi }
evictionPressureTransitionPeriod: 30s
`;

export const CONFIG_B = `
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
evictionHard: { memory.available: 300Mi }
evictionSoft: { memory.available: 1Gi }
evictionSoftGracePeriod: { memory.available: 60s }
evictionMinimumReclaim: { memory.available: 2Gi }
evictionMaxPodGracePeriod: 20
evictionPressureTransitionPeriod: 30s
`;

export interface StudyEviction {
  at: number;
  pod: string;
  signal: string;
  /** `hard` or `soft`, from the threshold acted on. */
  kind: string;
  gracePeriodOverrideSeconds: number;
  /** Why that grace period: `hard`, `soft-pod-min`, `soft-max`, … */
  rule: string;
  /** The threshold was met only because of minimum reclaim when the pod was chosen. */
  heldByMinReclaim: boolean;
}

export interface StudyOutcome {
  label: string;
  /** When a memory threshold was first crossed. */
  firstCrossingAt?: number;
  evictions: StudyEviction[];
  /** Intervals in which the node reported MemoryPressure (as seen at the manager's cycles). */
  pressure: { from: number; to?: number }[];
  pressureMs: number;
}

/** Reduce a simulation timeline to what the study compares. */
export function summarize(label: string, timeline: SimulationTimeline): StudyOutcome {
  const kindOf = new Map(timeline.thresholds.map((t) => [t.key, t.kind]));
  const evictions: StudyEviction[] = [];
  const pressure: { from: number; to?: number }[] = [];
  let firstCrossingAt: number | undefined;
  for (const step of timeline.steps) {
    if (firstCrossingAt === undefined && step.thresholds.some((t) => t.crossed)) {
      firstCrossingAt = step.time;
    }
    const reported = step.conditions.some((c) => c.condition === 'MemoryPressure' && c.reported);
    const open = pressure.at(-1);
    if (reported && (open === undefined || open.to !== undefined))
      pressure.push({ from: step.time });
    if (!reported && open !== undefined && open.to === undefined) open.to = step.time;
    for (const e of step.evictions) {
      const key = e.thresholdKey ?? '';
      evictions.push({
        at: step.time,
        pod: `${e.pod.namespace}/${e.pod.name}`,
        signal: e.signal,
        kind: kindOf.get(key) ?? e.kind,
        gracePeriodOverrideSeconds: e.gracePeriodOverrideSeconds,
        rule: e.gracePeriodRule,
        heldByMinReclaim: step.thresholds.some((t) => t.key === key && t.heldByMinReclaim),
      });
    }
  }
  const end = timeline.scenario.durationMs;
  const pressureMs = pressure.reduce((sum, p) => sum + ((p.to ?? end) - p.from), 0);
  return {
    label,
    ...(firstCrossingAt === undefined ? {} : { firstCrossingAt }),
    evictions,
    pressure,
    pressureMs,
  };
}

/** Run the scenario under each configuration. Errors come back as text. */
export async function study(
  scenarioText: string,
  configs: { label: string; text: string }[],
): Promise<StudyOutcome[] | string> {
  const outcomes: StudyOutcome[] = [];
  for (const { label, text } of configs) {
    const kubelet: LoadedKubeletConfig | string = loadKubeletConfig(text).match(
      (k) => k,
      (e) => `${label}: ${e.message}`,
    );
    if (typeof kubelet === 'string') return kubelet;
    const scenario = loadScenario(scenarioText, { kubelet });
    if (scenario.isErr()) return scenario.error.message;
    const timeline = await runSimulation(scenario.value);
    if (timeline.isErr()) return timeline.error.message;
    outcomes.push(summarize(label, timeline.value));
  }
  return outcomes;
}

const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

/** The outcomes side by side, one column per configuration. */
export function formatStudy(outcomes: readonly StudyOutcome[]): string {
  const most = Math.max(...outcomes.map((o) => o.evictions.length));
  const rows: string[][] = [['', ...outcomes.map((o) => o.label)]];
  rows.push([
    'threshold first crossed',
    ...outcomes.map((o) => (o.firstCrossingAt === undefined ? 'never' : clock(o.firstCrossingAt))),
  ]);
  for (let i = 0; i < most; i++) {
    rows.push([
      `eviction ${i + 1}`,
      ...outcomes.map((o) => {
        const e = o.evictions[i];
        if (e === undefined) return '-';
        const held = e.heldByMinReclaim ? ', held by min-reclaim' : '';
        return `${clock(e.at)} ${e.pod} (${e.kind}${held}; grace ${e.gracePeriodOverrideSeconds}s, ${e.rule})`;
      }),
    ]);
  }
  rows.push([
    'MemoryPressure reported',
    ...outcomes.map(
      (o) =>
        `${o.pressure.map((p) => `${clock(p.from)}–${p.to === undefined ? 'end' : clock(p.to)}`).join(', ') || 'never'} (${o.pressureMs / 1000}s)`,
    ),
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1]);
if (isMain) {
  const [scenarioPath, aPath, bPath] = process.argv.slice(2);
  const read = (p: string | undefined, fallback: string) =>
    p ? readFileSync(p, 'utf8') : fallback;
  const outcomes = await study(read(scenarioPath, STUDY_SCENARIO), [
    { label: aPath ? `A: ${aPath}` : 'A: hard 1Gi', text: read(aPath, CONFIG_A) },
    {
      label: bPath ? `B: ${bPath}` : 'B: soft 1Gi/60s, min-reclaim 2Gi',
      text: read(bPath, CONFIG_B),
    },
  ]);
  if (typeof outcomes === 'string') {
    console.error(`error: ${outcomes}`);
    process.exit(1);
  }
  console.log(formatStudy(outcomes));
}
