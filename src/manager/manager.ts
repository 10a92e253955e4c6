import { err, ok, type Result } from 'neverthrow';
import type { Pod } from '../pods/pod';
import { updateContainerFsThresholds } from '../signals/containerfs-thresholds';
import type { NodeConditionType } from '../signals/types';
import { admitPod } from '../thresholds/admission';
import { type CycleContext, type EffectiveThresholds, runCycle } from './cycle';
import { type NodePressure, nodePressure } from './node-pressure';
import { parseManagerOptions, type ResolvedOptions } from './options';
import { runLoop } from './run';
import { cloneState, initialManagerState } from './state';
import type {
  DiskTopologyState,
  EvictionManager,
  EvictionManagerOptions,
  ManagerOptionsError,
  ManagerState,
  SynchronizeInput,
  SyncResult,
} from './types';

/**
 * Create the kubelet's eviction manager (v1.37) over injected callbacks: `killPod`, and
 * optionally `imageGC` / `containerGC` for node-level reclaim.
 *
 * `synchronize` runs one cycle of the kubelet's loop; `run` is the loop itself on a `Platform`.
 * Cycles never overlap: a `synchronize` called while another is in flight waits for it, then
 * runs with its own input (calls are queued in call order).
 *
 * Invalid options never throw: the manager is still returned, `optionsError` says what is
 * wrong, and every cycle reports `invalid-options` without observing or killing anything. Use
 * `tryCreateEvictionManager` to fail up front instead.
 */
export function createEvictionManager<P extends object = Pod>(
  options: EvictionManagerOptions<P>,
): EvictionManager<P> {
  const parsed = parseManagerOptions(options);
  if (parsed.isErr()) return invalidManager<P>(parsed.error);
  const resolved = parsed.value;

  let current: ManagerState = resolved.state;
  let pressure: NodePressure | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  // The split-filesystem quirk leaves the thresholds as configured (no reclaim or ranking).
  const asConfigured: EffectiveThresholds = { thresholds: resolved.thresholds, mirrors: undefined };
  const effective = new Map<string, EffectiveThresholds>();
  const effectiveThresholds = (topology: DiskTopologyState): EffectiveThresholds => {
    if (topology.rankingDisabled === true) return asConfigured;
    const key = `${topology.dedicatedImageFs}/${topology.splitImageFs}`;
    let update = effective.get(key);
    if (update === undefined) {
      update = updateContainerFsThresholds(resolved.thresholds, {
        imageFs: topology.dedicatedImageFs,
        splitImageFs: topology.splitImageFs,
      });
      effective.set(key, update);
    }
    return update;
  };

  const cycle = async (input: SynchronizeInput<P>): Promise<SyncResult<P>> => {
    const problem = inputProblem(input);
    if (problem !== undefined) {
      return {
        ...emptyResult<P>(
          typeof input?.now === 'number' ? input.now : Number.NaN,
          [...current.evaluation.nodeConditions],
          resolved.dryRun,
        ),
        outcome: 'failed',
        errors: [{ code: 'invalid-input', message: problem }],
      };
    }
    const ctx: CycleContext<P> = {
      options: resolved,
      state: current,
      effectiveThresholds,
      publish: (state) => {
        current = state;
      },
    };
    try {
      const { result, state } = await runCycle(ctx, input);
      current = state;
      pressure = nodePressure(result);
      return result;
    } catch (e) {
      return unexpected(resolved, input.now, current, e);
    }
  };

  const conditions = (): NodeConditionType[] => [...current.evaluation.nodeConditions];

  const manager: EvictionManager<P> = {
    optionsError: undefined,
    synchronize(input) {
      const next = queue.then(() => cycle(input));
      queue = next.catch(() => undefined);
      return next;
    },
    admit: (pod) =>
      admitPod(pod as Pod, current.evaluation.nodeConditions, featureGateOptions(resolved)),
    conditions,
    isUnderMemoryPressure: () => conditions().includes('MemoryPressure'),
    isUnderDiskPressure: () => conditions().includes('DiskPressure'),
    isUnderPIDPressure: () => conditions().includes('PIDPressure'),
    pressure: () => pressure,
    state: () => cloneState(current),
    run: (runOptions) =>
      runLoop(runOptions, {
        synchronize: (input) => manager.synchronize(input),
        thresholds: resolved.thresholds,
      }),
  };
  return manager;
}

/**
 * `createEvictionManager` that fails up front: `Err` with the options' (or restored state's)
 * problems instead of a manager that reports them on every cycle.
 */
export function tryCreateEvictionManager<P extends object = Pod>(
  options: EvictionManagerOptions<P>,
): Result<EvictionManager<P>, ManagerOptionsError> {
  const manager = createEvictionManager(options);
  return manager.optionsError === undefined ? ok(manager) : err(manager.optionsError);
}

const featureGateOptions = (o: ResolvedOptions<never> | ResolvedOptions<object>) =>
  o.featureGates === undefined ? undefined : { featureGates: o.featureGates };

function emptyResult<P>(
  now: number,
  conditions: NodeConditionType[],
  dryRun: boolean,
): Omit<SyncResult<P>, 'outcome' | 'errors'> {
  return {
    now,
    nodeConditions: conditions,
    dryRun,
    evictions: [],
    eviction: undefined,
    refreshNotifiers: false,
    explanation: { steps: [] },
  };
}

/** What is wrong with a `synchronize` input, if anything (a cheap shape check, no parsing). */
function inputProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null)
    return 'synchronize needs { now, summary, pods }';
  const { now, summary, pods } = input as Partial<SynchronizeInput<object>>;
  if (typeof now !== 'number' || !Number.isFinite(now))
    return 'now must be a finite number (epoch ms)';
  if (
    typeof summary !== 'object' ||
    summary === null ||
    typeof summary.node !== 'object' ||
    summary.node === null
  )
    return 'summary must be a Summary (parseSummary validates API JSON)';
  if (!Array.isArray(pods)) return 'pods must be an array';
  return undefined;
}

function invalidManager<P extends object>(error: ManagerOptionsError): EvictionManager<P> {
  const state = initialManagerState();
  const result = (now: number): SyncResult<P> => ({
    ...emptyResult<P>(now, [], false),
    outcome: 'invalid-options',
    errors: [error],
    explanation: { steps: [{ step: 'options', outcome: 'invalid', detail: error.message }] },
  });
  return {
    optionsError: error,
    synchronize: async (input) => result(typeof input?.now === 'number' ? input.now : Number.NaN),
    admit: () => ({ admit: true }),
    conditions: () => [],
    isUnderMemoryPressure: () => false,
    isUnderDiskPressure: () => false,
    isUnderPIDPressure: () => false,
    pressure: () => undefined,
    state: () => cloneState(state),
    run: async (options) => {
      const now = Date.now();
      try {
        options?.onEvent?.({ type: 'cycle-error', time: now, error });
        options?.onEvent?.({ type: 'stopped', time: now, cycles: 0 });
      } catch {
        // a throwing listener is the caller's problem, not a reason to throw here
      }
      return { cycles: 0 };
    },
  };
}

function unexpected<P extends object>(
  o: ResolvedOptions<P>,
  now: number,
  state: ManagerState,
  e: unknown,
): SyncResult<P> {
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return {
    ...emptyResult<P>(now, [...state.evaluation.nodeConditions], o.dryRun),
    outcome: 'failed',
    errors: [{ code: 'unexpected-error', message }],
  };
}
