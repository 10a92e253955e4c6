import { NOTIFIER_REFRESH_INTERVAL_MS } from '../platform/memory-threshold';
import { withPodViewCache } from '../pods/pod-view-cache';
import { localStorageEviction } from '../ranking/local-storage';
import { disruptionTargetCondition, evictionMessage, evictionStatus } from '../ranking/messages';
import type { ReclaimResource } from '../signals/catalogue';
import type { ContainerFsUpdate } from '../signals/containerfs-thresholds';
import { makeSignalObservations, observe } from '../signals/observe';
import type { PodStatsLookup } from '../signals/pod-stats';
import type { Summary } from '../signals/summary';
import type { Threshold } from '../signals/types';
import { evaluate } from '../thresholds/evaluate';
import type { ReclaimTarget } from '../thresholds/explain';
import { resourceForSignal } from '../thresholds/signal-conditions';
import { thresholdKey } from '../thresholds/threshold-identity';
import { thresholdsMet } from '../thresholds/thresholds-met';
import { budgetCheck, recordEviction } from './budget';
import { criticalReason, rankCandidates } from './candidates';
import { IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, thresholdGracePeriod } from './grace-period';
import { mayExceedLocalStorage } from './local-storage-filter';
import { observedMemoryCapacity } from './memory-capacity';
import { signalReadings } from './node-pressure';
import type { ResolvedOptions } from './options';
import { isTerminalPod, isTerminatingPod, podIdentity } from './pod-facts';
import { withThresholdOrigins } from './threshold-origin';
import { nodeReclaimFunctions, resolveDiskLayout, splitFilesystemWithoutGate } from './topology';
import type {
  CandidateExplanation,
  DiskTopologyState,
  EvictionKind,
  GracePeriodRule,
  KillPodOptions,
  LocalStorageViolation,
  ManagerError,
  ManagerEviction,
  ManagerState,
  NodeReclaimFunction,
  SummarySource,
  SyncExplanation,
  SynchronizeInput,
  SyncOutcome,
  SyncResult,
  SyncStep,
  SyncStepName,
} from './types';

/** Upstream's error when the filesystem is split and `KubeletSeparateDiskGC` is off. */
export const SPLIT_FILESYSTEM_MESSAGE =
  'KubeletSeparateDiskGC is turned off but we still have a split filesystem';

/**
 * The thresholds in force on a disk layout (the configured ones with the kubelet's containerfs
 * copies), which filesystem those copies mirror, and upstream's warning about overwritten ones.
 */
export type EffectiveThresholds = Omit<ContainerFsUpdate, 'thresholds'> & {
  thresholds: readonly Threshold[];
};

/** What one cycle needs from the manager around it. */
export interface CycleContext<P extends object> {
  options: ResolvedOptions<P>;
  state: ManagerState;
  /** `updateContainerFsThresholds` once the topology is known (computed once per layout). */
  effectiveThresholds(topology: DiskTopologyState): EffectiveThresholds;
  /** Publishes the state after evaluation, before any kill (admission sees it at once). */
  publish(state: ManagerState): void;
}

export interface CycleOutput<P> {
  result: SyncResult<P>;
  state: ManagerState;
}

/**
 * One cycle of the kubelet's `synchronize` (SEMANTICS §5.3), step for step, over the manager's
 * state. Never throws for anything the callbacks do: their failures become `errors`.
 */
export async function runCycle<P extends object>(
  ctx: CycleContext<P>,
  input: SynchronizeInput<P>,
): Promise<CycleOutput<P>> {
  const o = ctx.options;
  const { now, summary } = input;
  const featureGates = o.featureGates === undefined ? undefined : { featureGates: o.featureGates };
  const steps: SyncStep[] = [];
  const explanation: SyncExplanation<P> = { steps };
  const errors: ManagerError[] = [];
  const evictions: ManagerEviction<P>[] = [];
  let state = ctx.state;
  let refreshNotifiers = false;

  const step = (name: SyncStepName, outcome: string, detail: string) => {
    steps.push({ step: name, outcome, detail });
  };
  const usedBefore = budgetCheck(state, now, o.budget).used;
  let budgetBlocked = false;
  const finish = (outcome: SyncOutcome): CycleOutput<P> => {
    if (o.budget !== undefined) {
      explanation.budget = {
        maxEvictions: o.budget.maxEvictions,
        windowMs: o.budget.windowMs,
        usedBefore,
        remaining: Math.max(0, o.budget.maxEvictions - budgetCheck(state, now, o.budget).used),
        blocked: budgetBlocked,
      };
    }
    return { state, result: finishResult(outcome) };
  };
  const finishResult = (outcome: SyncOutcome): SyncResult<P> => ({
    now,
    outcome,
    nodeConditions: [...state.evaluation.nodeConditions],
    dryRun: o.dryRun,
    evictions,
    eviction: evictions[0],
    errors,
    refreshNotifiers,
    explanation,
  });

  // 1. Nothing to do without thresholds and without local-storage isolation.
  if (o.thresholds.length === 0 && !o.localStorageCapacityIsolation) {
    step('configured', 'nothing', 'no thresholds and local storage isolation off: nothing to do');
    return finish('nothing-configured');
  }
  step(
    'configured',
    'ok',
    `${o.thresholds.length} threshold(s), local storage isolation ${o.localStorageCapacityIsolation ? 'on' : 'off'}`,
  );

  // 2. The disk layout, once. In the cycle that learns it, the evaluation still uses the
  // thresholds as configured (upstream reassigns its config but not the local copy).
  let evaluationThresholds: readonly Threshold[];
  let effective: EffectiveThresholds;
  let topology = state.topology;
  if (topology === undefined) {
    const { dedicatedImageFs, splitImageFs } = resolveDiskLayout(summary, o);
    const source =
      o.dedicatedImageFs !== undefined && o.splitImageFs !== undefined ? 'options' : 'summary';
    evaluationThresholds = o.thresholds;
    if (splitFilesystemWithoutGate(splitImageFs, featureGates)) {
      topology = { dedicatedImageFs, splitImageFs, rankingDisabled: true };
      state = { ...state, topology };
      explanation.topology = {
        dedicatedImageFs,
        splitImageFs,
        source,
        learnedNow: true,
        rankingDisabled: true,
      };
      errors.push({ code: 'split-filesystem-without-gate', message: SPLIT_FILESYSTEM_MESSAGE });
      step('topology', 'split-without-gate', SPLIT_FILESYSTEM_MESSAGE);
      return finish('split-filesystem-error');
    }
    topology = { dedicatedImageFs, splitImageFs };
    state = { ...state, topology };
    effective = ctx.effectiveThresholds(topology);
    explanation.topology = {
      dedicatedImageFs,
      splitImageFs,
      source,
      learnedNow: true,
      rankingDisabled: false,
    };
    if (effective.mirrors !== undefined)
      explanation.topology.containerFsMirrors = effective.mirrors;
    if (effective.warning !== undefined) explanation.topology.warning = effective.warning;
    step(
      'topology',
      'learned',
      `${describeTopology(topology)} (${source === 'options' ? 'from the options' : 'learned from the Summary'}); containerfs thresholds take part from the next cycle`,
    );
  } else {
    effective = ctx.effectiveThresholds(topology);
    evaluationThresholds = effective.thresholds;
    const rankingDisabled = topology.rankingDisabled === true;
    explanation.topology = {
      dedicatedImageFs: topology.dedicatedImageFs,
      splitImageFs: topology.splitImageFs,
      source: 'state',
      learnedNow: false,
      rankingDisabled,
    };
    if (effective.mirrors !== undefined)
      explanation.topology.containerFsMirrors = effective.mirrors;
    step('topology', 'known', describeTopology(topology));
  }
  const configured = effective.thresholds;

  // 3. Active pods: the kubelet's podFunc leaves terminal pods out.
  const active: P[] = [];
  let terminating = 0;
  for (const pod of input.pods) {
    if (isTerminalPod(pod)) continue;
    active.push(pod);
    if (isTerminatingPod(pod)) terminating++;
  }
  explanation.activePods = {
    given: input.pods.length,
    active: active.length,
    terminal: input.pods.length - active.length,
    terminating,
  };
  step(
    'active-pods',
    'ok',
    `${active.length} active pod(s) of ${input.pods.length}` +
      (terminating > 0 ? `, ${terminating} terminating (still candidates, as upstream)` : ''),
  );

  // 5. The memory notifiers' refresh gate (the kubelet keeps `thresholdsLastUpdated`).
  if (
    state.notifierRefreshedAt === undefined ||
    now - state.notifierRefreshedAt > NOTIFIER_REFRESH_INTERVAL_MS
  ) {
    refreshNotifiers = true;
    state = { ...state, notifierRefreshedAt: now };
    step('notifiers', 'refresh', 'memory threshold notifiers are due for a refresh');
  }

  // 6–14. Observations and the threshold state machine.
  const { observations, statsFunc } = makeSignalObservations(summary);
  const statsOf = statsFunc as PodStatsLookup;
  explanation.observations = signalReadings(observations);
  const evaluation = evaluate(state.evaluation, {
    thresholds: evaluationThresholds,
    observations,
    now,
    pressureTransitionPeriodMs: o.pressureTransitionPeriodMs,
  });
  state = { ...state, evaluation: evaluation.state };
  if (Object.keys(state.softEvictions).length > 0) state = pruneSoftEvictions(state, active);
  ctx.publish(state);
  // Say which thresholds the kubelet added itself (containerfs copies and placeholders).
  explanation.evaluation = withThresholdOrigins(
    evaluation.explanation,
    o.thresholds,
    evaluationThresholds === o.thresholds ? undefined : effective.mirrors,
  );
  step(
    'evaluate',
    evaluation.actionable.length > 0 ? 'actionable' : evaluation.met.length > 0 ? 'met' : 'none',
    `${evaluation.met.length} threshold(s) met, ${evaluation.actionable.length} actionable; conditions [${evaluation.nodeConditions.join(' ')}]`,
  );

  const memoryCapacityBytes = o.memoryCapacityBytes ?? observedMemoryCapacity(observations);
  if (memoryCapacityBytes !== undefined) explanation.memoryCapacityBytes = memoryCapacityBytes;

  const kill = async (
    pod: P,
    kind: EvictionKind,
    details: Omit<KillPodOptions, 'kind'>,
    rule: GracePeriodRule,
    extra: Pick<ManagerEviction<P>, 'resource' | 'threshold' | 'localStorage'>,
  ): Promise<ManagerEviction<P>> => {
    const id = podIdentity(pod);
    const eviction: ManagerEviction<P> = {
      pod,
      ...id,
      kind,
      signal: details.signal,
      ...extra,
      gracePeriodOverrideSeconds: details.gracePeriodOverrideSeconds,
      gracePeriodRule: rule,
      message: details.message,
      annotations: details.annotations,
      status: details.status,
      killed: false,
    };
    if (details.condition !== undefined) eviction.condition = details.condition;
    evictions.push(eviction);
    // A dry run keeps the same books as a real one (as if the kill had happened).
    if (o.budget !== undefined) state = recordEviction(state, now, o.budget);
    if (o.dryRun) return eviction;
    eviction.killed = true;
    try {
      await o.killPod(pod, { ...details, kind });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      eviction.killError = message;
      errors.push({ code: 'kill-failed', ...id, message });
    }
    return eviction;
  };

  // 15. Local storage limits first; any eviction ends the cycle.
  if (o.localStorageCapacityIsolation) {
    // Only pods some check could pick (local-storage-filter.ts), each read once for all three
    // checks (pod-view-cache.ts).
    const suspects = active.filter((pod) => mayExceedLocalStorage(pod, statsOf(pod as never)));
    const found = withPodViewCache(() =>
      localStorageEviction(suspects, statsOf as never, {
        dedicatedImageFs: topology.dedicatedImageFs,
      }),
    );
    const violations: LocalStorageViolation<P>[] = [];
    explanation.localStorage = { enabled: true, violations };
    let evicted = 0;
    for (const v of found) {
      const violation: LocalStorageViolation<P> = {
        pod: v.pod,
        ...podIdentity(v.pod),
        reason: v.reason,
        message: v.message,
        verdict: 'over-budget',
      };
      violations.push(violation);
      const budget = budgetCheck(state, now, o.budget);
      if (!budget.allowed) {
        budgetBlocked = true;
        continue;
      }
      await kill(
        v.pod,
        'local-storage',
        {
          gracePeriodOverrideSeconds: v.gracePeriodOverrideSeconds,
          status: evictionStatus(v.pod, v.message, { now }),
          message: v.message,
          annotations: {},
          signal: v.reason.signal,
        },
        'local-storage',
        { localStorage: v.reason },
      );
      violation.verdict = o.dryRun ? 'would-evict' : 'evicted';
      evicted++;
    }
    step(
      'local-storage',
      evicted > 0
        ? o.dryRun
          ? 'would-evict'
          : 'evicted'
        : found.length > 0
          ? 'over-budget'
          : 'none',
      found.length === 0
        ? 'no pod over its local storage limits'
        : `${found.length} pod(s) over their local storage limits, ${evicted} ${o.dryRun ? 'would be ' : ''}evicted`,
    );
    if (evicted > 0) return finish('local-storage-eviction');
  } else {
    explanation.localStorage = { enabled: false, violations: [] };
  }

  // 16–17. The threshold to reclaim for.
  const target = evaluation.reclaim;
  if (target === undefined) {
    step('reclaim-target', 'none', 'no resources are starved');
    return finish('no-actionable-threshold');
  }
  explanation.reclaim = target;
  step('reclaim-target', target.resource, describeTarget(target));

  // 19. Node-level reclaim, then a fresh look at every configured threshold.
  const functions = nodeReclaimFunctions(target.signal, topology);
  if (functions.length > 0) {
    const relief = await reclaimNodeLevel(o, functions, input, configured, errors);
    explanation.nodeLevelReclaim = { signal: target.signal, functions, ...relief };
    step(
      'node-level-reclaim',
      relief.relieved ? 'relieved' : 'not-relieved',
      relief.relieved
        ? `${relief.called.join(', ') || 'nothing'} ran; no threshold is met any more (with minimum reclaim)`
        : relief.refreshed
          ? `${relief.called.join(', ') || 'nothing'} ran; still met: ${relief.stillMet.join(', ')}`
          : `${relief.called.join(', ') || 'nothing'} ran; no fresh Summary to check, so the pressure counts as unresolved`,
    );
    if (relief.relieved) return finish('node-level-reclaim');
  }

  // 20–21.
  if (topology.rankingDisabled === true) {
    step('rank', 'no-ranking-function', `no ranking function for signal ${target.signal}`);
    return finish('no-ranking-function');
  }
  if (active.length === 0) {
    step(
      'rank',
      'no-active-pods',
      'eviction thresholds have been met, but no pods are active to evict',
    );
    return finish('no-active-pods');
  }

  // 22. Rank the active pods for the signal.
  const ranking = rankCandidates(
    target.signal,
    active,
    statsOf as never,
    topology,
    memoryCapacityBytes,
    featureGates,
  );
  if (ranking === undefined) {
    step('rank', 'no-ranking-function', `no ranking function for signal ${target.signal}`);
    return finish('no-ranking-function');
  }
  explanation.ranking = ranking;
  step('rank', 'ranked', `${active.length} pod(s) ranked for ${target.signal}`);

  const threshold = target.threshold;
  const resource = target.resource;
  const thresholdDetails = (
    pod: P,
    gracePeriodOverrideSeconds: number,
    acted: Threshold = threshold,
    starved: ReclaimResource = resource,
  ) => {
    const { message, annotations } = evictionMessage(
      starved,
      pod,
      statsOf as never,
      evaluation.actionable,
      observations,
      featureGates,
    );
    const condition = disruptionTargetCondition(pod, message);
    return {
      gracePeriodOverrideSeconds,
      status: evictionStatus(pod, message, { now, condition }),
      message,
      annotations,
      condition,
      signal: acted.signal,
    };
  };

  // Beyond the kubelet: finish a soft-evicted pod with the hard override.
  const hardThreshold = o.escalateTerminating
    ? evaluation.actionable.find((t) => t.gracePeriodMs === 0)
    : undefined;
  if (hardThreshold !== undefined) {
    const escalated = ranking.candidates.find((c) => {
      const record = state.softEvictions[c.uid];
      return c.uid !== '' && record !== undefined && record.gracePeriodSeconds > 1;
    });
    if (escalated !== undefined) {
      const record = state.softEvictions[escalated.uid]!;
      explanation.escalation = {
        pod: escalated.pod,
        uid: escalated.uid,
        namespace: escalated.namespace,
        name: escalated.name,
        softEvictedAt: record.at,
        previousGracePeriodSeconds: record.gracePeriodSeconds,
      };
      const budget = budgetCheck(state, now, o.budget);
      if (!budget.allowed) {
        escalated.verdict = 'over-budget';
        budgetBlocked = true;
        step(
          'escalation',
          'over-budget',
          `${label(escalated)} would be killed again, but the eviction budget is spent`,
        );
        return finish('over-budget');
      }
      escalated.verdict = o.dryRun ? 'would-evict' : 'escalated';
      const hardResource = resourceForSignal(hardThreshold.signal) ?? resource;
      await kill(
        escalated.pod,
        'escalation',
        thresholdDetails(
          escalated.pod,
          IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS,
          hardThreshold,
          hardResource,
        ),
        'escalation',
        { resource: hardResource, threshold: hardThreshold },
      );
      state = withoutSoftEviction(state, escalated.uid);
      step(
        'escalation',
        o.dryRun ? 'would-escalate' : 'escalated',
        `${label(escalated)}, soft-evicted with a ${record.gracePeriodSeconds}s grace period, is still active and ${hardThreshold.signal} has a hard threshold met: killed again with 1s`,
      );
      return finish(o.dryRun ? 'would-evict' : 'escalated');
    }
  }

  // 24. At most one pod per cycle; critical pods are refused.
  for (const candidate of ranking.candidates) {
    const critical = criticalReason(candidate.pod);
    candidate.critical = critical;
    if (critical !== false) {
      candidate.verdict = 'critical';
      continue;
    }
    const budget = budgetCheck(state, now, o.budget);
    if (!budget.allowed) {
      candidate.verdict = 'over-budget';
      budgetBlocked = true;
      step(
        'budget',
        'spent',
        `${label(candidate)} would be evicted, but the eviction budget is spent`,
      );
      return finish('over-budget');
    }
    const grace = thresholdGracePeriod(threshold, candidate.pod, o.maxPodGracePeriodSeconds);
    candidate.verdict = o.dryRun ? 'would-evict' : 'evicted';
    await kill(
      candidate.pod,
      'threshold',
      thresholdDetails(candidate.pod, grace.seconds),
      grace.rule,
      {
        resource,
        threshold,
      },
    );
    if (o.escalateTerminating && grace.rule !== 'hard' && candidate.uid !== '') {
      state = {
        ...state,
        softEvictions: {
          ...state.softEvictions,
          [candidate.uid]: { at: now, gracePeriodSeconds: grace.seconds, signal: threshold.signal },
        },
      };
    }
    step(
      'evict',
      o.dryRun ? 'would-evict' : 'evicted',
      `${label(candidate)} ${o.dryRun ? 'would be' : 'is'} evicted with a ${grace.seconds}s grace period (${grace.rule})`,
    );
    return finish(o.dryRun ? 'would-evict' : 'evicted');
  }
  step(
    'evict',
    'no-evictable-pod',
    'unable to evict any pods from the node: every candidate is critical',
  );
  return finish('no-evictable-pod');
}

const label = (c: Pick<CandidateExplanation, 'namespace' | 'name' | 'uid'>): string =>
  `pod ${c.namespace === '' ? c.name || c.uid : `${c.namespace}/${c.name}`}`;

function describeTopology(t: DiskTopologyState): string {
  const layout = !t.dedicatedImageFs
    ? t.splitImageFs
      ? 'containerfs apart from images on nodefs (unsupported layout: ranks like one filesystem)'
      : 'one filesystem'
    : t.splitImageFs
      ? 'dedicated imagefs, split containerfs'
      : 'dedicated imagefs';
  return t.rankingDisabled === true ? `${layout}; no ranking or reclaim functions` : layout;
}

function describeTarget(t: ReclaimTarget): string {
  const values =
    t.available !== undefined && t.thresholdQuantity !== undefined
      ? `: available ${t.available.toString()} < ${t.thresholdQuantity.toString()}`
      : '';
  const short = t.shortfall !== undefined ? `, short by ${t.shortfall.toString()}` : '';
  return `reclaim ${t.resource} for ${t.signal}${values}${short}`;
}

async function reclaimNodeLevel<P extends object>(
  o: ResolvedOptions<P>,
  functions: NodeReclaimFunction[],
  input: SynchronizeInput<P>,
  configured: readonly Threshold[],
  errors: ManagerError[],
): Promise<{
  called: NodeReclaimFunction[];
  refreshed: boolean;
  stillMet: string[];
  relieved: boolean;
}> {
  const called: NodeReclaimFunction[] = [];
  for (const name of functions) {
    try {
      if (name === 'imageGC' && o.imageGC !== undefined) {
        called.push(name);
        await o.imageGC.deleteUnusedImages();
      } else if (name === 'containerGC' && o.containerGC !== undefined) {
        called.push(name);
        await o.containerGC.deleteAllUnusedContainers();
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({
        code: name === 'imageGC' ? 'image-gc-failed' : 'container-gc-failed',
        message,
      });
    }
  }
  const fresh = await freshSummary(input, errors);
  if (fresh === undefined) return { called, refreshed: false, stillMet: [], relieved: false };
  const stillMet = thresholdsMet(configured, observe(fresh), true).map(thresholdKey);
  return { called, refreshed: true, stillMet, relieved: stillMet.length === 0 };
}

async function freshSummary<P extends object>(
  input: SynchronizeInput<P>,
  errors: ManagerError[],
): Promise<Summary | undefined> {
  if (input.refreshSummary === undefined) return undefined;
  let source: SummarySource;
  try {
    source = await input.refreshSummary();
  } catch (e) {
    errors.push({
      code: 'refresh-summary-failed',
      message: e instanceof Error ? e.message : String(e),
    });
    return undefined;
  }
  if (isResult(source)) {
    if (source.isOk()) return source.value;
    errors.push({ code: 'refresh-summary-failed', message: describeError(source.error) });
    return undefined;
  }
  return source;
}

function isResult(source: SummarySource): source is Extract<SummarySource, { isOk(): boolean }> {
  return typeof (source as { isOk?: unknown }).isOk === 'function';
}

function describeError(e: unknown): string {
  if (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { message?: unknown }).message === 'string'
  )
    return (e as { message: string }).message;
  return String(e);
}

function pruneSoftEvictions<P extends object>(
  state: ManagerState,
  active: readonly P[],
): ManagerState {
  const uids = new Set(active.map((p) => podIdentity(p).uid));
  const kept = Object.fromEntries(
    Object.entries(state.softEvictions).filter(([uid]) => uids.has(uid)),
  );
  return { ...state, softEvictions: kept };
}

function withoutSoftEviction(state: ManagerState, uid: string): ManagerState {
  const { [uid]: _, ...rest } = state.softEvictions;
  return { ...state, softEvictions: rest };
}
