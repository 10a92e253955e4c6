import { err, ok, type Result } from 'neverthrow';
import type { FeatureGateOptions } from '../pods/feature-gates';
import { readPod } from '../pods/pod';
import { Quantity } from '../signals/quantity';
import type { Signal } from '../signals/types';
import type { PodStatsOf } from './pod-usage';
import { type RankDiskLayout, rankPlanForSignal } from './rank';
import {
  type ComparatorName,
  computeSortKeys,
  decideByKeys,
  type PodSortKey,
  type RankPlan,
  sortKeys,
} from './sort-keys';

/** What a ranking measured for one pod. */
export interface PodRankKeys {
  /** Whether the node reported stats for the pod (pods without stats rank first). */
  readonly hasStats: boolean;
  /** `spec.priority`, 0 when unset. */
  readonly priority: number;
  /** The pod's usage of the ranked resource, in `unit` (0 without stats). */
  readonly usage: Quantity;
  readonly unit: 'bytes' | 'inodes' | 'processes';
  /** Memory and disk rankings: the request usage is checked against, and whether it is exceeded. */
  readonly request?: Quantity;
  readonly exceedsRequest?: boolean;
  /** Memory and disk rankings: usage minus the memory (or ephemeral-storage) request. */
  readonly excess?: Quantity;
}

export interface PodRankEntry<P> {
  readonly pod: P;
  /** 0 for the first pod to evict. */
  readonly rank: number;
  /** Where the pod was in the input. */
  readonly inputIndex: number;
  readonly keys: PodRankKeys;
}

/** Why one pod ranks before another. */
export interface OrderDecision<P> {
  readonly first: P;
  readonly second: P;
  /** The comparator that told them apart, or `input-order` when every comparator tied. */
  readonly decidedBy: ComparatorName | 'input-order';
  readonly reason: string;
}

export type ExplainError =
  | { code: 'unknown-signal'; signal: string; message: string }
  | { code: 'pod-not-ranked'; message: string }
  | { code: 'same-pod'; message: string };

export interface RankingExplanation<P> {
  readonly signal: Signal;
  readonly plan: RankPlan;
  /** The pods in eviction order (what `rankForSignal` returns). */
  readonly ranked: readonly P[];
  /** One entry per pod, in eviction order. */
  readonly entries: readonly PodRankEntry<P>[];
  /**
   * Which comparator put `a` and `b` in the order they are in. Pods are matched by identity;
   * a pod given twice is matched to its first occurrence.
   */
  whyBefore(a: P, b: P): Result<OrderDecision<P>, ExplainError>;
}

const UNIT: Record<RankPlan['resource'], PodRankKeys['unit']> = {
  memory: 'bytes',
  'ephemeral-storage': 'bytes',
  inodes: 'inodes',
  pids: 'processes',
};

/** The explained sort keys of one pod (what `explainRanking` reports per entry). */
export function keysOf(key: PodSortKey<unknown>, plan: RankPlan): PodRankKeys {
  const unit = UNIT[plan.resource];
  const usage = Quantity.fromBigInt(key.usage, unit === 'bytes' ? 'BinarySI' : 'DecimalSI');
  const base = { hasStats: key.hasStats, priority: key.priority, usage, unit };
  if (plan.resource === 'pids') return base;
  return {
    ...base,
    request: key.request,
    exceedsRequest: key.exceedsRequest,
    excess: usage.sub(key.excessRequest),
  };
}

/** `pod "ns/name"`, or the input position for a pod without a name. */
function label(key: PodSortKey<unknown>): string {
  const { namespace, name } = readPod(key.pod);
  if (name === '') return `pod #${key.index}`;
  return `pod ${JSON.stringify(namespace === '' ? name : `${namespace}/${name}`)}`;
}

function reasonFor(
  name: ComparatorName,
  first: PodSortKey<unknown>,
  second: PodSortKey<unknown>,
  plan: RankPlan,
): string {
  if (name !== 'priority' && first.hasStats !== second.hasStats) {
    return `${label(first)} has no stats and ${label(second)} has: pods without stats go first`;
  }
  const unit = UNIT[plan.resource];
  const k1 = keysOf(first, plan);
  const k2 = keysOf(second, plan);
  switch (name) {
    case 'priority':
      return `${label(first)} has priority ${first.priority}, lower than ${second.priority}`;
    case 'exceedMemoryRequests':
    case 'exceedDiskRequests':
      return (
        `${label(first)} uses ${k1.usage.toString()} ${unit}, above its request ` +
        `${k1.request?.toString()}; ${label(second)} uses ${k2.usage.toString()}, not above ` +
        `${k2.request?.toString()}`
      );
    case 'memory':
    case 'disk':
      return (
        `${label(first)} uses ${k1.excess?.toString()} ${unit} beyond its request, more than ` +
        `${label(second)} (${k2.excess?.toString()})`
      );
    case 'process':
      return `${label(first)} runs ${k1.usage.toString()} processes, more than ${k2.usage.toString()}`;
  }
}

/**
 * `rankForSignal` with its working shown: every pod's sort keys, and for any two pods the
 * comparator that decided their order. Errors for a signal the kubelet has no rank function for.
 */
export function explainRanking<P>(
  signal: Signal,
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  topology: RankDiskLayout = {},
  options?: FeatureGateOptions,
): Result<RankingExplanation<P>, ExplainError> {
  const plan = rankPlanForSignal(signal, topology);
  if (plan === undefined) {
    return err({
      code: 'unknown-signal',
      signal: String(signal),
      message: `no rank function for signal ${JSON.stringify(signal)}`,
    });
  }
  const sorted = sortKeys(computeSortKeys(pods, statsOf, plan, options), plan);
  const byPod = new Map<P, PodSortKey<P>>();
  for (const key of [...sorted].sort((a, b) => a.index - b.index)) {
    if (!byPod.has(key.pod)) byPod.set(key.pod, key);
  }
  const rankOf = new Map(sorted.map((key, rank) => [key, rank]));
  return ok({
    signal,
    plan,
    ranked: sorted.map((k) => k.pod),
    entries: sorted.map((key, rank) => ({
      pod: key.pod,
      rank,
      inputIndex: key.index,
      keys: keysOf(key, plan),
    })),
    whyBefore(a, b) {
      const ka = byPod.get(a);
      const kb = byPod.get(b);
      if (ka === undefined || kb === undefined) {
        return err({ code: 'pod-not-ranked', message: 'pod is not part of this ranking' });
      }
      if (ka === kb)
        return err({ code: 'same-pod', message: 'a pod is not ordered against itself' });
      const [first, second] = (rankOf.get(ka) ?? 0) < (rankOf.get(kb) ?? 0) ? [ka, kb] : [kb, ka];
      const decision = decideByKeys(plan.comparators, first, second);
      if (decision === undefined) {
        return ok({
          first: first.pod,
          second: second.pod,
          decidedBy: 'input-order',
          reason: `every comparator ties; ${label(first)} came first in the input`,
        });
      }
      return ok({
        first: first.pod,
        second: second.pod,
        decidedBy: decision.comparator,
        reason: reasonFor(decision.comparator, first, second, plan),
      });
    },
  });
}
