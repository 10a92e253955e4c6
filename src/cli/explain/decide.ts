import { topologyFromSummary } from '../../manager/index';
import { predictOomKillOrder } from '../../oom/kernel-badness';
import { explainOomScoreAdj } from '../../oom/score-adj';
import { type Pod, readPod } from '../../pods/pod';
import { isCriticalPod, isStaticPod } from '../../pods/pod-kinds';
import { qosClass } from '../../pods/qos';
import { explainRanking } from '../../ranking/explain';
import type { LoadedKubeletConfig } from '../../signals/kubelet-config';
import { type ObserveOs, observe } from '../../signals/observe';
import { podStatsLookup } from '../../signals/pod-stats';
import type { Quantity } from '../../signals/quantity';
import type { PodStats, Summary } from '../../signals/summary';
import type { NodeConditionType, Signal, Threshold } from '../../signals/types';
import { createManager } from '../../simulation/manager';
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

/** The latest time the Summary's node statistics carry. */
export function summaryTime(summary: Summary): number | undefined {
  const node = summary.node;
  const times = [
    node.memory?.time,
    node.fs?.time,
    node.rlimit?.time,
    node.runtime?.imageFs?.time,
  ].filter((t): t is number => typeof t === 'number');
  return times.length === 0 ? undefined : Math.max(...times);
}

/** A copy of the Summary with every `time` moved by `deltaMs` (a later Summary, same numbers). */
export function shiftSummaryTimes(summary: Summary, deltaMs: number): Summary {
  const shift = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(shift);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === 'time' && typeof v === 'number' ? v + deltaMs : shift(v);
    }
    return out;
  };
  return shift(summary) as Summary;
}

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

  // The eviction manager, dry run: what it evicts now, or after the longest grace period of the
  // thresholds met now, if the same Summary were still true then.
  const victim = await managerVictim(input, observedAt, evaluation.met);

  // Rank for the signal the manager acts on; otherwise the met threshold of highest eviction
  // priority; otherwise memory, as an example of what pressure would do.
  const metSorted = sortByEvictionPriority(evaluation.met);
  const focus: Signal =
    (victim?.signal as Signal | undefined) ?? metSorted[0]?.signal ?? 'memory.available';
  const ranking = explainRanking(focus, pods, statsOf as never, topology);

  const memoryCapacity =
    input.node?.memoryCapacityBytes ?? observations.get('memory.available')?.capacity?.value();
  const candidates: CandidateReport[] = ranking.isErr()
    ? []
    : ranking.value.entries.map((entry) => ({
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
    victim === null && evaluation.met.length === 0
      ? (candidates.find((c) => !c.critical)?.pod ?? null)
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

async function managerVictim(
  input: ExplainInput,
  observedAt: number,
  met: readonly Threshold[],
): Promise<VictimReport | null> {
  const { kubelet } = input;
  const pods = input.pods.active as Pod[];
  // A dry run: the manager decides and explains, and never calls killPod.
  const cycle = async (later: number | undefined) => {
    const manager = createManager<Pod>({
      thresholds: kubelet.thresholds,
      pressureTransitionPeriodMs: kubelet.settings.evictionPressureTransitionPeriodMs,
      maxPodGracePeriodSeconds: kubelet.settings.evictionMaxPodGracePeriodSeconds,
      localStorageCapacityIsolation: kubelet.settings.localStorageCapacityIsolation,
      featureGates: kubelet.settings.featureGates,
      dryRun: true,
      killPod: async () => {},
    });
    const first = await manager.synchronize({ now: observedAt, summary: input.summary, pods });
    if (later === undefined) return first;
    // The same pressure, later: the Summary again with its times moved on.
    return manager.synchronize({
      now: observedAt + later,
      summary: shiftSummaryTimes(input.summary, later),
      pods,
    });
  };
  let result = await cycle(undefined);
  let afterMs = 0;
  const longest = Math.max(0, ...met.map((t) => t.gracePeriodMs));
  if (result.eviction === undefined && met.length > 0 && longest > 0) {
    afterMs = longest;
    result = await cycle(longest);
  }
  const eviction = result.eviction;
  if (eviction === undefined) return null;
  return {
    pod: { namespace: eviction.namespace, name: eviction.name, uid: eviction.uid },
    signal: eviction.signal,
    message: eviction.message,
    actionableNow: afterMs === 0,
    gracePeriodOverrideSeconds: eviction.gracePeriodOverrideSeconds,
    annotations: eviction.annotations,
    afterMs,
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
    const explained = explainOomScoreAdj(pod, container ?? {}, memoryCapacity);
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
