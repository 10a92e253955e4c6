import { err, ok, type Result } from 'neverthrow';
import type { Pod } from '../pods/pod';
import { admitPod } from '../thresholds/admission';
import { cloneState, initialManagerState } from './state';
import type {
  EvictionManager,
  EvictionManagerOptions,
  ManagerOptionsError,
  SyncResult,
} from './types';

// STUB (first commit): the shape of the API, so dependants can compile. The loop follows.

/** Create an eviction manager. Invalid options never throw: see `optionsError`. */
export function createEvictionManager<P extends object = Pod>(
  options: EvictionManagerOptions<P>,
): EvictionManager<P> {
  const state = initialManagerState();
  const manager: EvictionManager<P> = {
    optionsError: undefined,
    async synchronize(input) {
      const result: SyncResult<P> = {
        now: input.now,
        outcome: 'nothing-configured',
        nodeConditions: [],
        dryRun: options.dryRun === true,
        evictions: [],
        eviction: undefined,
        errors: [],
        refreshNotifiers: false,
        explanation: { steps: [] },
      };
      return result;
    },
    admit: (pod) => admitPod(pod as Pod, state.evaluation.nodeConditions),
    conditions: () => [...state.evaluation.nodeConditions],
    isUnderMemoryPressure: () => state.evaluation.nodeConditions.includes('MemoryPressure'),
    isUnderDiskPressure: () => state.evaluation.nodeConditions.includes('DiskPressure'),
    isUnderPIDPressure: () => state.evaluation.nodeConditions.includes('PIDPressure'),
    state: () => cloneState(state),
    run: async () => ({ cycles: 0 }),
  };
  return manager;
}

/** `createEvictionManager`, failing up front on invalid options (or state). */
export function tryCreateEvictionManager<P extends object = Pod>(
  options: EvictionManagerOptions<P>,
): Result<EvictionManager<P>, ManagerOptionsError> {
  const manager = createEvictionManager(options);
  return manager.optionsError === undefined ? ok(manager) : err(manager.optionsError);
}
