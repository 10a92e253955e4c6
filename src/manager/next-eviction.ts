import { err, ok, type Result } from 'neverthrow';
import { isObjectLike } from '../pods/api-object';
import type { Pod } from '../pods/pod';
import type { LocalStorageSignal } from '../ranking/local-storage';
import type { Summary } from '../signals/summary';
import type { NodeConditionType, Signal } from '../signals/types';
import { sortByEvictionPriority } from '../thresholds/eviction-priority';
import { tryCreateEvictionManager } from './manager';
import { previewRanking, type RankingPreview } from './ranking-preview';
import { shiftSummaryTimes, summaryTime } from './summary-time';
import type {
  EvictionManagerOptions,
  ManagerError,
  ManagerEviction,
  ManagerOptionsError,
  RankingSummary,
  SyncOutcome,
  SyncResult,
} from './types';

// "Which pod would the kubelet evict next, and would it do so now?" — from one Summary. The
// answer comes from the eviction manager itself in a dry run: one cycle now and, while a met
// threshold still waits out its grace period, one more cycle at the moment the soonest one runs
// out, with the same Summary reported that much later (the pressure held). Without pressure, the
// ranking for a preview signal names the pod that would go first if it came.

/** The manager options that decide a prediction (how pods are killed or reclaimed does not). */
export type NextEvictionOptions<P extends object = Pod> = Omit<
  EvictionManagerOptions<P>,
  'killPod' | 'dryRun' | 'imageGC' | 'containerGC'
>;

/** What `predictNextEviction` looks at. */
export interface NextEvictionInput<P extends object = Pod> {
  /** The node's statistics (`parseSummary` validates API JSON). */
  summary: Summary;
  /** The pods bound to the node (terminal pods are left out, as upstream). */
  pods: readonly P[];
  /**
   * The time of the prediction, epoch ms. Default: the Summary's own latest time
   * (`summaryTime`), so grace periods count from when the statistics were taken.
   */
  now?: number;
  /** Ranked when no threshold is met: "who would go first under this pressure". Default memory. */
  previewSignal?: Signal;
}

/** When the next eviction would happen. */
export type NextEvictionTiming =
  /** The kubelet evicts `eviction.pod` in this cycle. */
  | 'now'
  /** A threshold is met; once its grace period has run, if the pressure holds, `eviction.pod` goes. */
  | 'after-grace-period'
  /** No threshold is met; `candidate` goes first if `signal` came under pressure. */
  | 'no-pressure'
  /** Nobody can go: no active pod, only critical pods, or no rank function. */
  | 'nothing-evictable';

interface PredictionBase<P> {
  /** The prediction's time (epoch ms). */
  now: number;
  /** The node conditions the kubelet reports after the cycle at `now`. */
  nodeConditions: NodeConditionType[];
  /** The dry-run cycle at `now`, with its full explanation. */
  cycle: SyncResult<P>;
}

/** `predictNextEviction`'s answer. */
export type NextEvictionPrediction<P = Pod> = PredictionBase<P> &
  (
    | {
        when: 'now';
        afterMs: 0;
        /** The threshold signal, or the local-storage metric label. */
        signal: Signal | LocalStorageSignal;
        eviction: ManagerEviction<P>;
      }
    | {
        when: 'after-grace-period';
        /** How long the pressure must hold first, ms. */
        afterMs: number;
        /** `now + afterMs`. */
        at: number;
        signal: Signal | LocalStorageSignal;
        eviction: ManagerEviction<P>;
        /** The dry-run cycle at `at` that evicts. */
        later: SyncResult<P>;
      }
    | {
        when: 'no-pressure';
        /** The preview signal. */
        signal: Signal;
        candidate: RankingPreview<P>['candidates'][number];
        ranking: RankingPreview<P>;
      }
    | {
        when: 'nothing-evictable';
        /** The signal under pressure, or the preview signal without pressure. */
        signal: Signal;
        /** A threshold is met (the kubelet would act if it could). */
        pressure: boolean;
        /** The last cycle's outcome (`no-evictable-pod`, `no-active-pods`, …). */
        outcome: SyncOutcome;
        /** The candidates that could not be evicted, when there were any. */
        ranking?: RankingSummary<P>;
      }
  );

export type NextEvictionError =
  | ManagerOptionsError
  | { code: 'invalid-input'; path: string; message: string }
  /** The manager reported a failed cycle (`errors` says why). */
  | { code: 'cycle-failed'; errors: ManagerError[]; message: string };

const DEFAULT_PREVIEW_SIGNAL: Signal = 'memory.available';

/**
 * Predict the kubelet's next node-pressure eviction from one Summary: the pod, the signal, the
 * grace period override and message, and whether it happens now or only once the grace periods
 * of the met thresholds have run (with the pressure holding). Without pressure, the pod that
 * would go first if `previewSignal` (memory by default) came under pressure.
 *
 * The eviction manager decides, in a dry run (nothing is killed): a fresh one, or one continuing
 * from `options.state` (`manager.state()`), so grace periods already running count. Node-level
 * reclaim (image and container GC) is assumed to free too little.
 *
 * Validated: invalid options are the manager's `invalid-manager-options` error, an input without
 * a Summary, a pods array or a time is `invalid-input`. Never rejects.
 */
export async function predictNextEviction<P extends object = Pod>(
  options: NextEvictionOptions<P>,
  input: NextEvictionInput<P>,
): Promise<Result<NextEvictionPrediction<P>, NextEvictionError>> {
  try {
    return await predict(options, input);
  } catch (e) {
    return err({
      code: 'invalid-input',
      path: '',
      message: `the input could not be read: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

async function predict<P extends object>(
  options: NextEvictionOptions<P>,
  input: NextEvictionInput<P>,
): Promise<Result<NextEvictionPrediction<P>, NextEvictionError>> {
  if (!isObjectLike(input)) return invalid('', 'predictNextEviction needs { summary, pods, now? }');
  const { summary, pods } = input;
  if (!isObjectLike(summary) || !isObjectLike(summary.node))
    return invalid('summary', 'summary must be a Summary (parseSummary validates API JSON)');
  if (!Array.isArray(pods)) return invalid('pods', 'pods must be an array');
  const now = input.now ?? summaryTime(summary);
  if (typeof now !== 'number' || !Number.isFinite(now))
    return invalid('now', 'now must be a finite number (epoch ms); the Summary carries no time');
  const previewSignal = input.previewSignal ?? DEFAULT_PREVIEW_SIGNAL;

  const created = tryCreateEvictionManager<P>({
    ...withoutCallbacks(options),
    dryRun: true,
    killPod: async () => {},
  });
  if (created.isErr()) return err(created.error);
  const manager = created.value;

  const cycle = await manager.synchronize({ now, summary, pods });
  if (cycle.outcome === 'failed') return failed(cycle);
  const base: PredictionBase<P> = { now, nodeConditions: cycle.nodeConditions, cycle };
  if (cycle.eviction !== undefined) {
    return ok({
      ...base,
      when: 'now',
      afterMs: 0,
      signal: cycle.eviction.signal,
      eviction: cycle.eviction,
    });
  }

  // The pressure holds: step to each moment a met threshold's grace period runs out, soonest
  // first, until a cycle evicts or nothing is left waiting.
  let last = cycle;
  let elapsed = 0;
  for (let wait = pendingGrace(last); wait !== undefined; wait = pendingGrace(last)) {
    elapsed += wait;
    last = await manager.synchronize({
      now: now + elapsed,
      summary: shiftSummaryTimes(summary, elapsed),
      pods,
    });
    if (last.outcome === 'failed') return failed(last);
    if (last.eviction !== undefined) {
      return ok({
        ...base,
        when: 'after-grace-period',
        afterMs: elapsed,
        at: now + elapsed,
        signal: last.eviction.signal,
        eviction: last.eviction,
        later: last,
      });
    }
  }

  const underPressure = pressureSignal(last) ?? pressureSignal(cycle);
  if (underPressure !== undefined) {
    const nothing: NextEvictionPrediction<P> = {
      ...base,
      when: 'nothing-evictable',
      signal: underPressure,
      pressure: true,
      outcome: last.outcome,
    };
    if (last.explanation.ranking !== undefined) nothing.ranking = last.explanation.ranking;
    return ok(nothing);
  }

  const topology = manager.state().topology;
  const preview = previewRanking<P>({
    signal: previewSignal,
    summary,
    pods,
    ...(topology === undefined
      ? {}
      : { dedicatedImageFs: topology.dedicatedImageFs, splitImageFs: topology.splitImageFs }),
    ...(options.memoryCapacityBytes === undefined
      ? {}
      : { memoryCapacityBytes: options.memoryCapacityBytes }),
    ...(options.featureGates === undefined ? {} : { featureGates: options.featureGates }),
  });
  if (preview.isErr() && preview.error.code !== 'no-ranking-function')
    return invalid('previewSignal', preview.error.message);
  if (preview.isOk() && preview.value.first !== undefined) {
    return ok({
      ...base,
      when: 'no-pressure',
      signal: previewSignal,
      candidate: preview.value.first,
      ranking: preview.value,
    });
  }
  const nothing: NextEvictionPrediction<P> = {
    ...base,
    when: 'nothing-evictable',
    signal: previewSignal,
    pressure: false,
    outcome: cycle.outcome,
  };
  if (preview.isOk()) nothing.ranking = preview.value;
  return ok(nothing);
}

/** The soonest grace period still running among the met thresholds, ms (`undefined`: none). */
function pendingGrace(result: SyncResult<unknown>): number | undefined {
  let soonest: number | undefined;
  for (const t of result.explanation.evaluation?.thresholds ?? []) {
    if (!t.met || t.actionable) continue;
    const left = t.graceRemainingMs;
    if (left === undefined || !(left > 0)) continue;
    if (soonest === undefined || left < soonest) soonest = left;
  }
  return soonest;
}

/** The signal the kubelet acts (or would act) on: its reclaim target, else the first met threshold. */
function pressureSignal(result: SyncResult<unknown>): Signal | undefined {
  const reclaim = result.explanation.reclaim?.signal;
  if (reclaim !== undefined) return reclaim;
  const met = (result.explanation.evaluation?.thresholds ?? [])
    .filter((t) => t.met)
    .map((t) => t.threshold);
  return sortByEvictionPriority(met)[0]?.signal;
}

function withoutCallbacks<P extends object>(
  options: NextEvictionOptions<P>,
): NextEvictionOptions<P> {
  if (!isObjectLike(options)) return options;
  const {
    killPod: _k,
    dryRun: _d,
    imageGC: _i,
    containerGC: _c,
    ...rest
  } = options as EvictionManagerOptions<P>;
  return rest;
}

function invalid<T>(path: string, message: string): Result<T, NextEvictionError> {
  return err({ code: 'invalid-input', path, message });
}

function failed<T>(result: SyncResult<unknown>): Result<T, NextEvictionError> {
  return err({
    code: 'cycle-failed',
    errors: result.errors,
    message: result.errors.map((e) => e.message).join('; ') || 'the cycle failed',
  });
}
