// TEMPORARY: feat/manager's first commit is a stub of createEvictionManager (types only). Until
// its implementation lands, this stand-in implements the same interface for the parts the
// simulation and the CLI use (synchronize with its SyncResult and explanation, admit,
// conditions, dry run), composed from the library's pure modules. It is swapped for the real
// manager in src/simulation/manager.ts and deleted.

import { initialManagerState } from '../manager/state';
import type {
  EvictionManager,
  EvictionManagerOptions,
  ManagerEviction,
  SyncResult,
} from '../manager/types';
import type { Pod } from '../pods/pod';
import { readPod } from '../pods/pod';
import { isCriticalPod } from '../pods/pod-kinds';
import { explainRanking } from '../ranking/explain';
import { disruptionTargetCondition, evictionMessage, evictionStatus } from '../ranking/messages';
import { makeSignalObservations } from '../signals/observe';
import type { NodeConditionType } from '../signals/types';
import { admitPod } from '../thresholds/admission';
import { evaluate } from '../thresholds/evaluate';
import { initialEvaluationState } from '../thresholds/evaluation-state';

export function createInterimManager<P extends object = Pod>(
  options: EvictionManagerOptions<P>,
): EvictionManager<P> {
  let state = initialEvaluationState();
  let conditions: NodeConditionType[] = [];
  const transition = options.pressureTransitionPeriodMs ?? 5 * 60_000;
  const maxGrace = options.maxPodGracePeriodSeconds ?? 0;
  const manager: EvictionManager<P> = {
    optionsError: undefined,
    conditions: () => [...conditions],
    admit: (pod) => admitPod(pod as Pod, conditions, options),
    isUnderMemoryPressure: () => conditions.includes('MemoryPressure'),
    isUnderDiskPressure: () => conditions.includes('DiskPressure'),
    isUnderPIDPressure: () => conditions.includes('PIDPressure'),
    state: () => ({ ...initialManagerState(), evaluation: state }),
    run: async () => ({ cycles: 0 }),
    async synchronize({ now, summary, pods }) {
      const { observations, statsFunc } = makeSignalObservations(summary);
      const active = pods.filter((p) => {
        const phase = (p as { status?: { phase?: string } }).status?.phase;
        return phase !== 'Succeeded' && phase !== 'Failed';
      });
      const r = evaluate(state, {
        thresholds: options.thresholds,
        observations,
        now,
        pressureTransitionPeriodMs: transition,
      });
      state = r.state;
      conditions = r.nodeConditions;
      const result: SyncResult<P> = {
        now,
        outcome: 'no-actionable-threshold',
        nodeConditions: [...conditions],
        dryRun: options.dryRun === true,
        evictions: [],
        eviction: undefined,
        errors: [],
        refreshNotifiers: false,
        explanation: { steps: [], evaluation: r.explanation },
      };
      if (r.reclaim === undefined) return result;
      result.explanation.reclaim = r.reclaim;
      if (active.length === 0) {
        result.outcome = 'no-active-pods';
        return result;
      }
      const ranking = explainRanking(r.reclaim.signal, active, statsFunc as never, {
        dedicatedImageFs: options.dedicatedImageFs ?? false,
        splitImageFs: options.splitImageFs ?? false,
      });
      if (ranking.isErr()) {
        result.outcome = 'no-ranking-function';
        return result;
      }
      let chosen = false;
      const candidates = ranking.value.entries.map((entry) => {
        const view = readPod(entry.pod);
        const critical = isCriticalPod(entry.pod);
        const verdict = chosen
          ? 'after-chosen'
          : critical
            ? 'critical'
            : options.dryRun
              ? 'would-evict'
              : 'evicted';
        if (!critical) chosen = true;
        return {
          pod: entry.pod,
          rank: entry.rank,
          uid: view.uid,
          namespace: view.namespace,
          name: view.name,
          keys: entry.keys,
          terminating: false,
          critical: critical ? ('priority' as const) : (false as const),
          verdict: verdict as 'evicted',
        };
      });
      result.explanation.ranking = {
        signal: r.reclaim.signal,
        plan: ranking.value.plan,
        candidates,
        whyBefore: () => undefined,
      };
      const victim = candidates.find((c) => c.verdict === 'evicted' || c.verdict === 'would-evict');
      if (victim === undefined) {
        result.outcome = 'no-evictable-pod';
        return result;
      }
      const threshold = r.reclaim.threshold;
      const hard = threshold.gracePeriodMs === 0;
      const tgps = (victim.pod as Pod).spec?.terminationGracePeriodSeconds;
      const grace = hard ? 1 : typeof tgps === 'number' ? Math.min(maxGrace, tgps) : maxGrace;
      const m = evictionMessage(
        r.reclaim.resource,
        victim.pod,
        statsFunc as never,
        r.actionable,
        observations,
      );
      const condition = disruptionTargetCondition(victim.pod, m.message);
      const status = evictionStatus(victim.pod, m.message, { now, condition });
      const eviction: ManagerEviction<P> = {
        pod: victim.pod,
        uid: victim.uid,
        namespace: victim.namespace,
        name: victim.name,
        kind: 'threshold',
        signal: threshold.signal,
        resource: r.reclaim.resource,
        threshold,
        gracePeriodOverrideSeconds: grace,
        gracePeriodRule: hard ? 'hard' : typeof tgps === 'number' ? 'soft-pod-min' : 'soft-max',
        message: m.message,
        annotations: m.annotations,
        condition,
        status,
        killed: options.dryRun !== true,
      };
      if (options.dryRun !== true) {
        await options.killPod(victim.pod, {
          gracePeriodOverrideSeconds: grace,
          status,
          message: m.message,
          annotations: m.annotations,
          condition,
          kind: 'threshold',
          signal: threshold.signal,
        });
      }
      result.outcome = options.dryRun ? 'would-evict' : 'evicted';
      result.evictions = [eviction];
      result.eviction = eviction;
      return result;
    },
  };
  return manager;
}
