import type { V1Pod } from '@kubernetes/client-node';
import * as root from 'evictkit';
import {
  createEvictionManager,
  type EvictionManager,
  formatSyncResult,
  type KillPodOptions,
  type ManagerEviction,
  type ManagerOptionsError,
  type ManagerState,
  type ManagerStateError,
  type NextEvictionError,
  type NextEvictionPrediction,
  type NodePressure,
  nodePressure,
  parseManagerState,
  predictNextEviction,
  previewRanking,
  type RankingPreview,
  type RankingPreviewError,
  type SyncCycle,
  type SyncResult,
  type ThresholdOrigin,
  tryCreateEvictionManager,
} from 'evictkit/manager';
import type { Pod as KubePod } from 'kubernetes-types/core/v1';
import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import type { Platform } from '../../src/platform/types';
import type { Summary } from '../../src/signals/summary';
import type { NodeConditionType, Threshold } from '../../src/signals/types';
import type { AdmitResult } from '../../src/thresholds/admission';

declare const thresholds: Threshold[];
declare const summary: Summary;
declare const platform: Platform;

describe('evictkit/manager composes', () => {
  it('@kubernetes/client-node V1Pods are the pod type end to end', () => {
    const manager = createEvictionManager({
      thresholds,
      pressureTransitionPeriodMs: 300_000,
      maxPodGracePeriodSeconds: 30,
      killPod: async (pod: V1Pod, o) => {
        expectTypeOf(o).toEqualTypeOf<KillPodOptions>();
        expectTypeOf(pod.metadata?.name).toEqualTypeOf<string | undefined>();
      },
      imageGC: { deleteUnusedImages: async () => {} },
      containerGC: { deleteAllUnusedContainers: async () => {} },
    });
    expectTypeOf(manager).toEqualTypeOf<EvictionManager<V1Pod>>();
    const pods: V1Pod[] = [];
    const result = manager.synchronize({ now: Date.now(), summary, pods });
    expectTypeOf(result).toEqualTypeOf<Promise<SyncResult<V1Pod>>>();
    expectTypeOf<Awaited<typeof result>['eviction']>().toEqualTypeOf<
      ManagerEviction<V1Pod> | undefined
    >();
    expectTypeOf(manager.admit(pods[0])).toEqualTypeOf<AdmitResult>();
    expectTypeOf(manager.conditions()).toEqualTypeOf<NodeConditionType[]>();
    expectTypeOf(manager.state()).toEqualTypeOf<ManagerState>();
    void manager.run({ platform, pods: async () => pods, onSync: (r) => formatSyncResult(r) });
  });

  it('plain API JSON pods (kubernetes-types) are the default', () => {
    const manager = createEvictionManager({ thresholds, killPod: async (_pod: KubePod) => {} });
    void manager.synchronize({ now: 0, summary, pods: [] as KubePod[] });
    expectTypeOf(createEvictionManager({ thresholds, killPod: async () => {} })).toMatchTypeOf<
      EvictionManager<object>
    >();
  });

  it('the pod given to synchronize must be the killer’s pod type', () => {
    const manager = createEvictionManager({ thresholds, killPod: async (_pod: V1Pod) => {} });
    // @ts-expect-error: numbers are not pods
    void manager.synchronize({ now: 0, summary, pods: [1, 2] });
  });

  it('fallible construction and state restore are Results', () => {
    expectTypeOf(tryCreateEvictionManager({ thresholds, killPod: async () => {} })).toMatchTypeOf<
      Result<EvictionManager<object>, ManagerOptionsError>
    >();
    expectTypeOf(parseManagerState('{}')).toEqualTypeOf<Result<ManagerState, ManagerStateError>>();
  });

  it('predictions, previews and pressure readers keep the pod type', async () => {
    const pods: V1Pod[] = [];
    const prediction = await predictNextEviction({ thresholds }, { summary, pods });
    expectTypeOf(prediction).toEqualTypeOf<
      Result<NextEvictionPrediction<V1Pod>, NextEvictionError>
    >();
    if (prediction.isOk()) {
      const p = prediction.value;
      if (p.when === 'after-grace-period') {
        expectTypeOf(p.eviction.pod).toEqualTypeOf<V1Pod>();
        expectTypeOf(p.afterMs).toEqualTypeOf<number>();
      }
      if (p.when === 'no-pressure') expectTypeOf(p.candidate.pod).toEqualTypeOf<V1Pod>();
    }
    // @ts-expect-error: a prediction never kills, so it takes no killPod
    void predictNextEviction({ thresholds, killPod: async () => {} }, { summary, pods });
    const preview = previewRanking({ signal: 'memory.available', summary, pods });
    expectTypeOf(preview).toEqualTypeOf<Result<RankingPreview<V1Pod>, RankingPreviewError>>();
    // @ts-expect-error: not a signal
    void previewRanking({ signal: 'memory', summary, pods });

    const manager = createEvictionManager({ thresholds, killPod: async (_pod: V1Pod) => {} });
    expectTypeOf(manager.pressure()).toEqualTypeOf<NodePressure | undefined>();
    void manager.run({
      platform,
      pods,
      onSync: (result, cycle) => {
        expectTypeOf(cycle).toEqualTypeOf<SyncCycle<V1Pod>>();
        expectTypeOf(cycle.summary).toEqualTypeOf<Summary>();
        expectTypeOf(cycle.durationMs).toEqualTypeOf<number>();
        expectTypeOf(nodePressure(result)).toEqualTypeOf<NodePressure>();
        const t = result.explanation.evaluation?.thresholds[0];
        expectTypeOf(t?.origin).toEqualTypeOf<ThresholdOrigin | undefined>();
      },
    });
    // A one-argument onSync still fits (the cycle is an addition).
    void manager.run({ platform, pods, onSync: (_result) => {} });
  });

  it('the root barrel re-exports the manager', () => {
    expectTypeOf(root.predictNextEviction).toEqualTypeOf(predictNextEviction);
    expectTypeOf(root.previewRanking).toEqualTypeOf(previewRanking);
    expectTypeOf(root.nodePressure).toEqualTypeOf(nodePressure);
    expectTypeOf(root.createEvictionManager).toEqualTypeOf(createEvictionManager);
    expectTypeOf(root.formatSyncResult).toEqualTypeOf(formatSyncResult);
  });
});
