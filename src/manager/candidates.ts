import { oomScoreAdj } from '../oom/score-adj';
import { text } from '../pods/api-object';
import type { FeatureGateOptions } from '../pods/feature-gates';
import { type PodLike, readPod } from '../pods/pod';
import { isCriticalPodBasedOnPriority, isMirrorPodView, isStaticPodView } from '../pods/pod-kinds';
import {
  explainRanking,
  keysOf,
  type PodRankKeys,
  type RankingExplanation,
} from '../ranking/explain';
import type { PodStatsOf } from '../ranking/pod-usage';
import { type RankDiskLayout, rankPlanForSignal } from '../ranking/rank';
import {
  type ComparatorName,
  computeSortKeys,
  decideByKeys,
  type PodSortKey,
  type RankPlan,
  sortKeys,
} from '../ranking/sort-keys';
import type { Signal } from '../signals/types';
import { isTerminatingPod, podContainers, podIdentity } from './pod-facts';
import type {
  CandidateExplanation,
  CandidateVerdict,
  CriticalReason,
  RankingSummary,
} from './types';

// The ranking step, kept cheap: the pods are ordered on the rank function's sort keys (one
// computation per pod, as `rankForSignal`), and everything only an explanation needs — the
// keys as quantities, which comparator decided, oom_score_adj, reasons — is computed when read.

interface Shared {
  plan: RankPlan;
  memoryCapacityBytes: number | undefined;
  options: FeatureGateOptions | undefined;
}

/** One ranked pod; the explanation-only fields are getters computed on first read. */
class Candidate<P> implements CandidateExplanation<P> {
  readonly pod: P;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly terminating: boolean;
  critical?: CriticalReason | false;
  verdict: CandidateVerdict = 'after-chosen';
  #keys: PodRankKeys | undefined;
  #oom: ReadonlyArray<{ container: string; value: number }> | undefined;

  constructor(
    readonly rank: number,
    private readonly key: PodSortKey<P>,
    private readonly previous: PodSortKey<P> | undefined,
    private readonly shared: Shared,
  ) {
    this.pod = key.pod;
    const id = podIdentity(key.pod);
    this.uid = id.uid;
    this.namespace = id.namespace;
    this.name = id.name;
    this.terminating = isTerminatingPod(key.pod);
  }

  get keys(): PodRankKeys {
    this.#keys ??= keysOf(this.key, this.shared.plan);
    return this.#keys;
  }

  get decidedBy(): ComparatorName | 'input-order' | undefined {
    if (this.previous === undefined) return undefined;
    return (
      decideByKeys(this.shared.plan.comparators, this.previous, this.key)?.comparator ??
      'input-order'
    );
  }

  get oomScoreAdj(): ReadonlyArray<{ container: string; value: number }> | undefined {
    const capacity = this.shared.memoryCapacityBytes;
    if (capacity === undefined) return undefined;
    this.#oom ??= podContainers(this.pod).map((container) => ({
      container: text(container, 'name'),
      // The manager's pods are any object type; oomScoreAdj reads whatever it is given.
      value: oomScoreAdj(this.pod as PodLike, container, capacity, this.shared.options),
    }));
    return this.#oom;
  }

  /** A plain object with every field computed (what `JSON.stringify` writes). */
  toJSON(): CandidateExplanation<P> {
    const out: CandidateExplanation<P> = {
      pod: this.pod,
      rank: this.rank,
      uid: this.uid,
      namespace: this.namespace,
      name: this.name,
      keys: this.keys,
      terminating: this.terminating,
      verdict: this.verdict,
    };
    if (this.critical !== undefined) out.critical = this.critical;
    const decidedBy = this.decidedBy;
    const oom = this.oomScoreAdj;
    return {
      ...out,
      ...(decidedBy === undefined ? {} : { decidedBy }),
      ...(oom === undefined ? {} : { oomScoreAdj: oom }),
    };
  }
}

/**
 * Rank `pods` for `signal` exactly as `rankForSignal` does, as explained candidates (every
 * verdict `after-chosen` until the caller walks them). `undefined` for a signal without a rank
 * function.
 */
export function rankCandidates<P extends object>(
  signal: Signal,
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  layout: RankDiskLayout,
  memoryCapacityBytes: number | undefined,
  options: FeatureGateOptions | undefined,
): RankingSummary<P> | undefined {
  const plan = rankPlanForSignal(signal, layout);
  if (plan === undefined) return undefined;
  const sorted = sortKeys(computeSortKeys(pods, statsOf, plan, options), plan);
  const shared: Shared = { plan, memoryCapacityBytes, options };
  const candidates = sorted.map((key, rank) => new Candidate(rank, key, sorted[rank - 1], shared));
  let explained: RankingExplanation<P> | undefined;
  return {
    signal,
    plan,
    candidates,
    whyBefore(a, b) {
      // The readable reasons come from `explainRanking`, run once, on the first question.
      explained ??= explainRanking(signal, pods, statsOf, layout, options).unwrapOr(undefined);
      const decision = explained?.whyBefore(a, b);
      return decision?.isOk() ? decision.value.reason : undefined;
    },
  };
}

/** Why the kubelet refuses to evict a pod (`IsCriticalPod`), or `false`. */
export function criticalReason(pod: unknown): CriticalReason | false {
  const view = readPod(pod);
  if (isStaticPodView(view)) return 'static';
  if (isMirrorPodView(view)) return 'mirror';
  if (view.priority !== undefined && isCriticalPodBasedOnPriority(view.priority)) return 'priority';
  return false;
}
