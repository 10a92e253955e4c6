import {
  type NextEvictionPrediction,
  predictNextEviction,
  previewRanking,
  summaryTime,
  topologyFromSummary,
} from '../../manager/index';
import { predictOomKillOrder } from '../../oom/kernel-badness';
import { explainOomScoreAdj } from '../../oom/score-adj';
import { type PodLike, readPod } from '../../pods/pod';
import { isCriticalPod, isStaticPod } from '../../pods/pod-kinds';
import { qosClass } from '../../pods/qos';
import { isSignal } from '../../signals/catalogue';
import type { LoadedKubeletConfig } from '../../signals/kubelet-config';
import { type ObserveOs, observe } from '../../signals/observe';
import { podStatsLookup } from '../../signals/pod-stats';
import type { Quantity } from '../../signals/quantity';
import type { PodStats, Summary } from '../../signals/summary';
import type { NodeConditionType, Signal, Threshold } from '../../signals/types';
import { kubeletManagerOptions } from '../../simulation/manager';
import { evaluate } from '../../thresholds/evaluate';
import { initialEvaluationState } from '../../thresholds/evaluation-state';
import { sortByEvictionPriority } from '../../thresholds/eviction-priority';
import { NODE_CONDITION_ORDER } from '../../thresholds/node-conditions';
import { thresholdKey } from '../../thresholds/threshold-identity';
import type { ActivePods, NodeFacts } from './inputs';

// One eviction decision from real data: the Summary's observations against the thresholds, the
// conditions the kubelet would report, the pods ranked for the signal under pressure (or, without
// pressure, for memory), the pod the eviction manager evicts now or would evict once the grace
// periods have run, and every container's oom_score_adj with the kernel's OOM kill order.

export interface ExplainInput {
  summary: Summary;
  pods: ActivePods;
  node?: NodeFacts;
  kubelet: LoadedKubeletConfig;
  os: ObserveOs;
  /** When the Summary carries no time: now, epoch ms. */
  now: number;
}

export interface PodIdentity {
  namespace: string;
  name: string;
  uid: string;
}

export interface ThresholdReport {
  signal: Signal;
  kind: 'hard' | 'soft';
  /** As configured (`100Mi`, `10%`). */
  value: string;
  /** Resolved against the observed capacity; null without an observation. */
  threshold: string | null;
  thresholdBytes: string | null;
  /** The observed available amount; null when the Summary does not report the signal. */
  observed: string | null;
  observedValue: string | null;
  capacity: string | null;
  met: boolean;
  gracePeriodMs: number;
  /** Grace left (this Summary being the first to show the crossing). */
  graceRemainingMs: number | null;
  actionable: boolean;
  minReclaim: string | null;
}

export interface CandidateReport {
  rank: number;
  pod: PodIdentity;
  qosClass: string;
  priority: number;
  critical: boolean;
  static: boolean;
  hasStats: boolean;
  usage: string;
  unit: string;
  request: string | null;
  exceedsRequest: boolean | null;
  excess: string | null;
  oomScoreAdj: { container: string; value: number | null; rule: string }[];
}

export interface VictimReport {
  pod: PodIdentity;
  signal: string;
  message: string;
  /** Whether the kubelet evicts it in this cycle (false: once the grace periods have run). */
  actionableNow: boolean;
  gracePeriodOverrideSeconds: number;
  annotations: Record<string, string>;
  /** How long the pressure must hold first (0 when now). */
  afterMs: number;
}

export interface OomReport {
  memoryCapacityBytes: string;
  totalPages: string;
  order: {
    rank: number;
    pod: PodIdentity;
    container: string;
    oomScoreAdj: number;
    rssBytes: string;
    points: string;
  }[];
  exempt: { pod: PodIdentity; container: string; reason: string }[];
}

export interface ExplainReport {
  version: 1;
  node: {
    name: string;
    os: ObserveOs;
    observedAt: string;
    /** The disk layout, as the manager learns it from the Summary. */
    dedicatedImageFs: boolean;
    splitImageFs: boolean;
    memoryCapacityBytes: string | null;
  };
  nodeConditions: {
    type: NodeConditionType;
    /** What the kubelet would report from this Summary. */
    status: 'True' | 'False';
    /** What the Node object says now (with --node), else null. */
    reportedByNode: string | null;
  }[];
  thresholds: ThresholdReport[];
  /** The signal the ranking is for. */
  rankedFor: Signal;
  /** Why that signal: under pressure, or memory as the example without pressure. */
  rankingReason: 'pressure' | 'no-pressure';
  candidates: CandidateReport[];
  victim: VictimReport | null;
  /** Without pressure: the pod the kubelet would evict first if `rankedFor` crossed a threshold. */
  firstIfPressure: PodIdentity | null;
  oom: OomReport | null;
  pods: {
    active: number;
    otherNodes: number;
    terminated: number;
    withoutStats: number;
    statsWithoutPod: number;
  };
  notes: string[];
}

const identity = (pod: unknown): PodIdentity => {
  const view = readPod(pod);
  return { namespace: view.namespace, name: view.name, uid: view.uid };
};

function thresholdValueText(t: Threshold['value']): string {
  return 'quantity' in t
    ? t.quantity.toString()
    : `${Number((t.percentage * 100).toPrecision(6))}%`;
}

/** Make the decision. Never throws on valid input. */
export async function explainDecision(input: ExplainInput): Promise<ExplainReport> {
  const { summary, kubelet } = input;
  const { thresholds, settings } = kubelet;
  const observedAt = summaryTime(summary) ?? input.now;
  const observations = observe(summary, { os: input.os });
  const statsOf = podStatsLookup(summary);
  const pods = input.pods.active;
  // The disk layout the manager learns from the Summary (sizes of nodefs, imagefs, containerfs).
  const topology = topologyFromSummary(summary);
  const dedicatedImageFs = topology.dedicatedImageFs;
  const notes: string[] = [];

  const evaluation = evaluate(initialEvaluationState(), {
    thresholds,
    observations,
    now: observedAt,
    pressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
  });
  const byKey = new Map(evaluation.explanation.thresholds.map((t) => [t.key, t]));

  const thresholdReports: ThresholdReport[] = thresholds.map((t) => {
    const e = byKey.get(thresholdKey(t));
    const quantity = (q: Quantity | undefined) => (q === undefined ? null : q.toString());
    return {
      signal: t.signal,
      kind: t.gracePeriodMs === 0 ? 'hard' : 'soft',
      value: thresholdValueText(t.value),
      threshold: quantity(e?.thresholdQuantity),
      thresholdBytes:
        e?.thresholdQuantity === undefined ? null : e.thresholdQuantity.value().toString(),
      observed: quantity(e?.available),
      observedValue: e?.available === undefined ? null : e.available.value().toString(),
      capacity: quantity(e?.capacity),
      met: e?.met ?? false,
      gracePeriodMs: t.gracePeriodMs,
      graceRemainingMs: e?.graceRemainingMs ?? null,
      actionable: e?.actionable ?? false,
      minReclaim: t.minReclaim === undefined ? null : thresholdValueText(t.minReclaim),
    };
  });

  // The eviction manager, dry run: what it evicts now, or once the grace periods of the met
  // thresholds have run, if the same Summary were still true then; without pressure, who would
  // go first under memory pressure.
  const prediction = await predictNextEviction(kubeletManagerOptions(kubelet), {
    summary,
    pods: pods as PodLike[],
    now: observedAt,
  });
  if (prediction.isErr()) notes.push(prediction.error.message);
  const predicted = prediction.isOk() ? prediction.value : undefined;
  const victim = predicted === undefined ? null : victimReport(predicted);

  // Rank for the signal the manager acts on; otherwise the met threshold of highest eviction
  // priority; otherwise memory, as an example of what pressure would do.
  const metSorted = sortByEvictionPriority(evaluation.met);
  const focus: Signal =
    (predicted !== undefined && isSignal(predicted.signal) ? predicted.signal : undefined) ??
    metSorted[0]?.signal ??
    'memory.available';
  const ranking = previewRanking({
    signal: focus,
    summary,
    pods: pods as PodLike[],
    ...(settings.featureGates === undefined ? {} : { featureGates: settings.featureGates }),
  });

  const memoryCapacity =
    input.node?.memoryCapacityBytes ?? observations.get('memory.available')?.capacity?.value();
  const candidates: CandidateReport[] = ranking.isErr()
    ? []
    : ranking.value.candidates.map((entry) => ({
        rank: entry.rank + 1,
        pod: identity(entry.pod),
        qosClass: qosClass(entry.pod),
        priority: entry.keys.priority,
        critical: isCriticalPod(entry.pod),
        static: isStaticPod(entry.pod),
        hasStats: entry.keys.hasStats,
        usage: entry.keys.usage.toString(),
        unit: entry.keys.unit,
        request: entry.keys.request?.toString() ?? null,
        exceedsRequest: entry.keys.exceedsRequest ?? null,
        excess: entry.keys.excess?.toString() ?? null,
        oomScoreAdj: containerAdjustments(entry.pod, memoryCapacity),
      }));
  if (ranking.isErr()) notes.push(ranking.error.message);

  const firstIfPressure =
    predicted?.when === 'no-pressure' && evaluation.met.length === 0
      ? identity(predicted.candidate.pod)
      : null;

  const withoutStats = pods.filter((p) => statsOf(p as never) === undefined).length;
  const uids = new Set(pods.map((p) => readPod(p).uid));
  const statsWithoutPod = summary.pods.filter((s) => !uids.has(s.podRef.uid)).length;
  if (pods.length === 0 && summary.pods.length > 0) {
    notes.push(
      `the Summary reports ${summary.pods.length} pods but no pod objects were given: the kubelet ranks the pods it runs, with their specs (pass them with --pods)`,
    );
  } else if (statsWithoutPod > 0) {
    notes.push(
      `${statsWithoutPod} pods in the Summary are not in the pod list; they are not ranked`,
    );
  }
  if (withoutStats > 0) {
    notes.push(
      `${withoutStats} active pods have no stats in the Summary: the kubelet ranks pods without stats first`,
    );
  }
  if (evaluation.met.some((t) => t.gracePeriodMs > 0)) {
    notes.push(
      'a single Summary cannot tell how long a soft threshold has been met: its grace period is counted from this Summary',
    );
  }
  if (victim && !victim.actionableNow) {
    notes.push(
      'before evicting for a disk signal, the kubelet first deletes unused images and containers; this assumes they free too little',
    );
  }

  const reportedByNode = new Map(input.node?.conditions.map((c) => [c.type, c.status]));
  const nodeConditions = NODE_CONDITION_ORDER.map((type) => ({
    type,
    status: (evaluation.nodeConditions.includes(type) ? 'True' : 'False') as 'True' | 'False',
    reportedByNode: input.node ? (reportedByNode.get(type) ?? null) : null,
  }));

  return {
    version: 1,
    node: {
      name: summary.node.nodeName,
      os: input.os,
      observedAt: new Date(observedAt).toISOString(),
      dedicatedImageFs,
      splitImageFs: topology.splitImageFs,
      memoryCapacityBytes: memoryCapacity === undefined ? null : memoryCapacity.toString(),
    },
    nodeConditions,
    thresholds: thresholdReports,
    rankedFor: focus,
    rankingReason: evaluation.met.length > 0 || victim !== null ? 'pressure' : 'no-pressure',
    candidates,
    victim,
    firstIfPressure,
    oom: oomReport(pods, statsOf, memoryCapacity, summary),
    pods: {
      active: pods.length,
      otherNodes: input.pods.otherNodes,
      terminated: input.pods.terminated,
      withoutStats,
      statsWithoutPod,
    },
    notes,
  };
}

/** The manager's next eviction, when there is one, as the report shows it. */
function victimReport(p: NextEvictionPrediction<PodLike>): VictimReport | null {
  if (p.when !== 'now' && p.when !== 'after-grace-period') return null;
  const e = p.eviction;
  return {
    pod: { namespace: e.namespace, name: e.name, uid: e.uid },
    signal: e.signal,
    message: e.message,
    actionableNow: p.when === 'now',
    gracePeriodOverrideSeconds: e.gracePeriodOverrideSeconds,
    annotations: e.annotations,
    afterMs: p.afterMs,
  };
}

function containerAdjustments(
  pod: unknown,
  memoryCapacity: bigint | undefined,
): CandidateReport['oomScoreAdj'] {
  const view = readPod(pod);
  return view.containers.map((c) => {
    if (memoryCapacity === undefined)
      return { container: c.name, value: null, rule: 'unknown memory capacity' };
    const container = (pod as { spec?: { containers?: unknown[] } }).spec?.containers?.find(
      (x) => (x as { name?: unknown }).name === c.name,
    );
    const explained = explainOomScoreAdj(pod as PodLike, container ?? {}, memoryCapacity);
    return explained.isOk()
      ? { container: c.name, value: explained.value.value, rule: explained.value.rule }
      : { container: c.name, value: null, rule: explained.error.message };
  });
}

function oomReport(
  pods: readonly unknown[],
  statsOf: (pod: never) => PodStats | undefined,
  memoryCapacity: bigint | undefined,
  summary: Summary,
): OomReport | null {
  if (memoryCapacity === undefined || memoryCapacity <= 0n) return null;
  const candidates: {
    id: string;
    rssBytes: bigint;
    oomScoreAdj: number;
    pod: PodIdentity;
    container: string;
  }[] = [];
  for (const pod of pods) {
    const stats = statsOf(pod as never);
    for (const a of containerAdjustments(pod, memoryCapacity)) {
      if (a.value === null) continue;
      const containerStats = stats?.containers?.find((c) => c.name === a.container);
      const rss = containerStats?.memory?.rssBytes ?? containerStats?.memory?.workingSetBytes;
      if (rss === undefined) continue;
      const ref = identity(pod);
      candidates.push({
        id: `${ref.namespace}/${ref.name}/${a.container}`,
        rssBytes: BigInt(rss),
        oomScoreAdj: a.value,
        pod: ref,
        container: a.container,
      });
    }
  }
  const swap = (summary.node as { swap?: { swapAvailableBytes?: number; swapUsageBytes?: number } })
    .swap;
  const swapBytes = BigInt((swap?.swapAvailableBytes ?? 0) + (swap?.swapUsageBytes ?? 0));
  const totalPages = (memoryCapacity + swapBytes) / 4096n;
  const prediction = predictOomKillOrder(candidates, totalPages);
  if (prediction.isErr()) return null;
  return {
    memoryCapacityBytes: memoryCapacity.toString(),
    totalPages: totalPages.toString(),
    order: prediction.value.order.map((t, i) => ({
      rank: i + 1,
      pod: t.candidate.pod,
      container: t.candidate.container,
      oomScoreAdj: t.candidate.oomScoreAdj,
      rssBytes: t.candidate.rssBytes.toString(),
      points: t.points.toString(),
    })),
    exempt: prediction.value.exempt.map((e) => ({
      pod: e.candidate.pod,
      container: e.candidate.container,
      reason: e.exemption,
    })),
  };
}
