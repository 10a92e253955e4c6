import { oomScoreAdj } from '../oom/score-adj';
import type { FeatureGateOptions } from '../pods/feature-gates';
import { readPod } from '../pods/pod';
import { isCriticalPodBasedOnPriority, isMirrorPodView, isStaticPodView } from '../pods/pod-kinds';
import type { RankingExplanation } from '../ranking/explain';
import { isTerminatingPod, podContainers, podIdentity } from './pod-facts';
import type { CandidateExplanation, CriticalReason, RankingSummary } from './types';

/** Define `key` on `target` as a value computed on first read (then stored). */
function lazy<T extends object>(target: T, key: string, compute: () => unknown): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true });
      return value;
    },
  });
}

/**
 * The ranked pods as explained candidates, every verdict `after-chosen` until the caller walks
 * them. Per pod this costs the sort keys `explainRanking` computed anyway plus one small
 * object; `decidedBy` and `oomScoreAdj` are computed only when read.
 */
export function rankingSummary<P extends object>(
  ranking: RankingExplanation<P>,
  memoryCapacityBytes: number | undefined,
  options: FeatureGateOptions | undefined,
): RankingSummary<P> {
  const entries = ranking.entries;
  const candidates: CandidateExplanation<P>[] = entries.map((entry, rank) => {
    const { uid, name, namespace } = podIdentity(entry.pod);
    const candidate: CandidateExplanation<P> = {
      pod: entry.pod,
      rank,
      uid,
      namespace,
      name,
      keys: entry.keys,
      terminating: isTerminatingPod(entry.pod),
      verdict: 'after-chosen',
    };
    const previous = rank > 0 ? entries[rank - 1] : undefined;
    if (previous !== undefined) {
      lazy(candidate, 'decidedBy', () => {
        const decision = ranking.whyBefore(previous.pod, entry.pod);
        return decision.isOk() ? decision.value.decidedBy : undefined;
      });
    }
    if (memoryCapacityBytes !== undefined) {
      lazy(candidate, 'oomScoreAdj', () =>
        podContainers(entry.pod).map((container) => ({
          container: containerName(container),
          value: oomScoreAdj(entry.pod, container, memoryCapacityBytes, options),
        })),
      );
    }
    return candidate;
  });
  return {
    signal: ranking.signal,
    plan: ranking.plan,
    candidates,
    whyBefore(a, b) {
      const decision = ranking.whyBefore(a, b);
      return decision.isOk() ? decision.value.reason : undefined;
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

function containerName(container: object): string {
  const name = (container as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}
