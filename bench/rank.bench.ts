// rank-memory-100k: rank 100,000 pods under memory pressure with `rankForSignal`, against the
// same order computed the way upstream structures it — `orderedBy(byExceedMemoryRequests,
// byPriority, byMemory)` from comparators.ts, which look the stats up and recompute usage and
// requests on every comparison. Every round's two orders are checked identical.
import type { Pod } from '../src/pods/pod';
import { type RankingFields, rankingFieldsFast } from '../src/pods/request-fast-path';
import { comparatorForSignal, rankForSignal, rankPlanForSignal } from '../src/ranking/rank';
import { computeSortKeys } from '../src/ranking/sort-keys';
import { podStatsLookup } from '../src/signals/pod-stats';
import type { PodStats } from '../src/signals/summary';
import {
  type BenchContext,
  type Benchmark,
  breathe,
  collectGarbage,
  fail,
  keep,
  median,
  pick,
  rng,
  timed,
  timingRecord,
} from './harness';

const MiB = 2 ** 20;
const GOAL = '< 150 ms and ratio ≥ 5; keys well under 1 µs a pod (details.keyNsPerPod < 1000)';

/** A memory request spelled as pod specs spell them. */
function memoryQuantity(random: () => number): string {
  const r = random();
  if (r < 0.45) return `${16 * (1 + Math.floor(random() * 256))}Mi`;
  if (r < 0.6) return `${1 + Math.floor(random() * 16)}Gi`;
  if (r < 0.7) return pick(random, ['0.5Gi', '1.5Gi', '2.5Gi', '0.25Gi', '0.75Gi']);
  if (r < 0.8) return `${100 * (1 + Math.floor(random() * 40))}M`;
  if (r < 0.9) return `${MiB * (1 + Math.floor(random() * 2048))}`;
  return `${1 + Math.floor(random() * 900)}${pick(random, ['Mi', 'M'])}`;
}

const cpuQuantity = (random: () => number) =>
  pick(random, ['10m', '50m', '100m', '250m', '500m', '1', '2', '1500m']);

function container(random: () => number, name: string, withMemory: boolean) {
  const requests: Record<string, string> = { cpu: cpuQuantity(random) };
  if (withMemory) requests.memory = memoryQuantity(random);
  if (random() < 0.2) requests['ephemeral-storage'] = pick(random, ['100Mi', '1Gi', '2Gi']);
  const limits: Record<string, string> =
    random() < 0.4 && requests.memory ? { memory: requests.memory, cpu: requests.cpu! } : {};
  return { name, image: 'registry.example/app:1.0', resources: { requests, limits } };
}

/**
 * A node's worth of pods, shaped like real ones: 1–3 containers, sidecars (restartable init
 * containers) and plain init containers, pod-level resources on some, BestEffort pods, a few
 * priority classes, and a Summary with working sets around the requests (some pods missing).
 */
export function makePods(count: number, seed: number): { pods: Pod[]; stats: PodStats[] } {
  const random = rng(seed);
  const pods: Pod[] = [];
  const stats: PodStats[] = [];
  for (let i = 0; i < count; i++) {
    const uid = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const bestEffort = random() < 0.1;
    const containers = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, c) =>
      container(random, `c${c}`, !bestEffort && random() < 0.9),
    );
    const initContainers = [];
    if (random() < 0.25) {
      initContainers.push({ ...container(random, 'proxy', !bestEffort), restartPolicy: 'Always' });
    }
    if (random() < 0.2) initContainers.push(container(random, 'migrate', !bestEffort));
    const spec: NonNullable<Pod['spec']> = {
      containers,
      initContainers,
      priority: pick(random, [0, 0, 0, 1000, 100000, 1000000, 2000000000]),
      volumes: [{ name: 'data', emptyDir: {} }],
    };
    const podLevel = random();
    if (podLevel < 0.04) spec.resources = { requests: { memory: memoryQuantity(random) } };
    else if (podLevel < 0.06) spec.resources = { limits: { cpu: '2', memory: '4Gi' } };
    if (random() < 0.03) spec.overhead = { memory: '64Mi', cpu: '100m' };
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: pick(random, ['default', 'apps', 'batch']), uid },
      spec,
      status: { phase: 'Running' },
    });
    if (random() < 0.97) {
      stats.push({
        podRef: { name: `pod-${i}`, namespace: 'default', uid },
        memory: { workingSetBytes: Math.floor(random() * 1536 * MiB) },
      } as PodStats);
    }
  }
  // As they arrive from the API server and the kubelet: decoded from JSON text (which also
  // shares the short repeated strings, as V8's JSON.parse does).
  return {
    pods: JSON.parse(JSON.stringify(pods)) as Pod[],
    stats: JSON.parse(JSON.stringify(stats)) as PodStats[],
  };
}

export const rankMemory100k: Benchmark = {
  name: 'rank-memory-100k',
  kind: 'pure',
  summary:
    'rankForSignal(memory.available) over 100,000 pods vs the comparator chain that recomputes per comparison',
  async run(context: BenchContext) {
    const count = context.quick ? 2_000 : 100_000;
    const { pods, stats } = makePods(count, 100_000);
    const statsOf = podStatsLookup(stats);
    const chain = comparatorForSignal('memory.available', statsOf)!;
    const plan = rankPlanForSignal('memory.available')!;
    context.log(
      `rank-memory-100k: ${count} pods; the comparator chain takes tens of seconds a round`,
    );
    const rounds = context.quick ? 1 : 11;
    const baselineRounds = context.quick ? 1 : 3;
    // Correctness first: the baseline's first round must give rankForSignal's order.
    const ranked = rankForSignal('memory.available', pods, statsOf);
    const baseline: number[] = [];
    const baselineRound = () => {
      const t = timed(() => chain.sort(pods));
      baseline.push(t.ms);
      if (t.result.length !== ranked.length) fail('rank-memory-100k: lengths differ');
      for (let i = 0; i < ranked.length; i++) {
        if (ranked[i] !== t.result[i]) fail(`rank-memory-100k: orders differ at position ${i}`);
      }
    };
    baselineRound();
    // Then evictkit's rounds, on a collected heap (the comparator chain leaves gigabytes of
    // garbage whose collection would otherwise land in them), then the rest of the baseline's.
    collectGarbage();
    for (let i = 0; i < (context.quick ? 1 : 5); i++) {
      keep(rankForSignal('memory.available', pods, statsOf));
      await breathe();
    }
    const subject: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = timed(() => rankForSignal('memory.available', pods, statsOf));
      subject.push(t.ms);
      if (t.result.some((pod, i) => pod !== ranked[i])) fail('rank-memory-100k: unstable order');
      await breathe();
    }
    // Where the time goes, per pod, still before the comparator chain's garbage: the key
    // rankForSignal computes (its stats lookup, then priority and memory request from the raw
    // pod and the working set), without the sort; then the key objects explainRanking builds
    // (computeSortKeys), whose garbage comes last.
    const fields: RankingFields = { priority: 0, requestMilli: 0 };
    const keyPass = () => {
      const found: Array<PodStats | undefined> = new Array(pods.length);
      for (let i = 0; i < pods.length; i++) found[i] = statsOf(pods[i]!);
      let sum = 0;
      for (let i = 0; i < pods.length; i++) {
        if (!rankingFieldsFast(pods[i], 'memory', true, fields)) fail('a pod left the fast path');
        sum += fields.priority + fields.requestMilli + (found[i]?.memory?.workingSetBytes ?? 0);
      }
      return sum;
    };
    const keyRounds: number[] = [];
    const keyObjectRounds: number[] = [];
    const keyRoundCount = context.quick ? 1 : 7;
    keep(keyPass());
    for (let r = 0; r < keyRoundCount; r++) keyRounds.push(timed(keyPass).ms);
    for (let r = 0; r < keyRoundCount; r++) {
      keyObjectRounds.push(timed(() => computeSortKeys(pods, statsOf, plan)).ms);
    }
    for (let r = 1; r < baselineRounds; r++) {
      baselineRound();
      await breathe();
    }
    const result = {
      subjectMs: median(subject),
      baselineMs: median(baseline),
      subjectRounds: subject,
      baselineRounds: baseline,
    };
    const keyNsPerPod = (median(keyRounds) * 1e6) / count;
    return timingRecord({
      name: 'rank-memory-100k',
      context,
      valueMs: result.subjectMs,
      baseline: 'comparator chain orderedBy(byExceedMemoryRequests, byPriority, byMemory)',
      baselineMs: result.baselineMs,
      goal: GOAL,
      meets: (ms, ratio) => ms < 150 && ratio >= 5 && keyNsPerPod < 1000,
      details: {
        pods: count,
        rounds: result.subjectRounds.length,
        baselineRounds: result.baselineRounds.length,
        nsPerPod: (result.subjectMs * 1e6) / count,
        minMs: Math.min(...subject),
        maxMs: Math.max(...subject),
        keyNsPerPod,
        keyObjectNsPerPod: (median(keyObjectRounds) * 1e6) / count,
      },
    });
  },
};
