// TEMPORARY: a stand-in for createEvictionManager (feat/manager) with the contract's shape, so
// the simulation can be built before the manager lands. Deleted at the merge.
import { type Pod, readPod } from '../pods/pod';
import { isCriticalPod } from '../pods/pod-kinds';
import { disruptionTargetCondition, evictionMessage, evictionStatus } from '../ranking/messages';
import { rankForSignal } from '../ranking/rank';
import { makeSignalObservations } from '../signals/observe';
import type { Summary } from '../signals/summary';
import type { NodeConditionType, Threshold } from '../signals/types';
import { admitPod } from '../thresholds/admission';
import { evaluate } from '../thresholds/evaluate';
import { initialEvaluationState } from '../thresholds/evaluation-state';

export interface InterimOptions {
  thresholds: Threshold[];
  pressureTransitionPeriodMs: number;
  maxPodGracePeriodSeconds: number;
  killPod(pod: Pod, o: { gracePeriodOverrideSeconds: number; status: unknown }): Promise<void>;
}

export function createInterimManager(options: InterimOptions) {
  let state = initialEvaluationState();
  let conditions: NodeConditionType[] = [];
  return {
    conditions: () => conditions,
    admit: (pod: Pod) => admitPod(pod, conditions),
    async synchronize({ now, summary, pods }: { now: number; summary: Summary; pods: Pod[] }) {
      const { observations, statsFunc } = makeSignalObservations(summary);
      const r = evaluate(state, {
        thresholds: options.thresholds,
        observations,
        now,
        pressureTransitionPeriodMs: options.pressureTransitionPeriodMs,
      });
      state = r.state;
      conditions = r.nodeConditions;
      if (r.reclaim === undefined || pods.length === 0) return { evicted: undefined };
      const ranked = rankForSignal(r.reclaim.signal, pods, statsFunc as never);
      for (const pod of ranked) {
        if (isCriticalPod(pod)) continue;
        const hard = r.reclaim.threshold.gracePeriodMs === 0;
        const tgp = readPod(pod) && pod.spec?.terminationGracePeriodSeconds;
        const grace = hard
          ? 1
          : typeof tgp === 'number'
            ? Math.min(options.maxPodGracePeriodSeconds, tgp)
            : options.maxPodGracePeriodSeconds;
        const m = evictionMessage(
          r.reclaim.resource,
          pod,
          statsFunc as never,
          r.actionable,
          observations,
        );
        const status = evictionStatus(pod, m.message, {
          now,
          condition: disruptionTargetCondition(pod, m.message),
        });
        await options.killPod(pod, { gracePeriodOverrideSeconds: grace, status });
        return { evicted: { pod, message: m.message, annotations: m.annotations } };
      }
      return { evicted: undefined };
    },
  };
}
