import { err, ok, type Result } from 'neverthrow';
import { getThresholdQuantity } from '../signals/threshold-quantity';
import type { NodeConditionType, Observations, Signal, Threshold } from '../signals/types';
import {
  checkValue,
  type EvaluateInputError,
  evaluateInputSchema,
  type ReadInput,
  readEvaluateInput,
  readEvaluationState,
} from './evaluate-input';
import {
  deserializeThreshold,
  type EvaluationState,
  type EvaluationStateError,
  parseEvaluationState,
  serializeLastObservations,
  serializeThreshold,
} from './evaluation-state';
import { getReclaimableThreshold, sortByEvictionPriority } from './eviction-priority';
import {
  type EvaluationExplanation,
  type ExplainContext,
  explainConditions,
  explainThreshold,
  type ReclaimTarget,
} from './explain';
import { thresholdsFirstObservedAt, thresholdsMetGracePeriod } from './grace-period';
import {
  nodeConditions,
  nodeConditionsLastObservedAt,
  nodeConditionsObservedSince,
} from './node-conditions';
import { thresholdsUpdatedStats } from './stale-stats';
import { mergeThresholds, thresholdKey } from './threshold-identity';
import { thresholdsMet } from './thresholds-met';

/** One synchronize step's inputs. Times are epoch ms, durations ms. */
export interface EvaluateInput {
  /** The configured thresholds (after any containerfs synthesis the caller applies). */
  thresholds: readonly Threshold[];
  observations: Observations;
  now: number;
  /** `evictionPressureTransitionPeriod` (kubelet default 5m). */
  pressureTransitionPeriodMs: number;
}

/** One synchronize step's decision. */
export interface EvaluationResult {
  /** The state to pass to the next step (plain JSON). */
  state: EvaluationState;
  /** Thresholds crossed now (`thresholdsMet(…, false)`), in configuration order. */
  crossed: Threshold[];
  /** Crossed now, plus previously acted-on thresholds still short of their min-reclaim. */
  met: Threshold[];
  /** Met thresholds whose grace period has elapsed (what the next step remembers). */
  gracePeriodMet: Threshold[];
  /** Grace period elapsed and fresh stats, sorted by eviction priority. */
  actionable: Threshold[];
  /** The smoothed pressure conditions to report (and admit against). */
  nodeConditions: NodeConditionType[];
  /** The threshold to act on and its resource; `undefined` when nothing is actionable. */
  reclaim: ReclaimTarget | undefined;
  explanation: EvaluationExplanation;
}

/**
 * One pure step of the kubelet eviction manager's synchronize loop (steps 6–14 and the
 * threshold choice of step 17 in SEMANTICS §5.3), from the observations on:
 *
 * 1. thresholds crossed now; 2. merged with previously acted-on thresholds that are still below
 * threshold + min-reclaim; 3. first-observed bookkeeping; 4. node conditions and when each was
 * last observed; 5. the conditions observed within the pressure transition period; 6. the
 * thresholds whose grace period has elapsed; 7. minus those whose stats did not change since the
 * last step; 8. sorted by eviction priority, the first one is the reclaim target.
 *
 * Deterministic: the same state and input always give the same result, and the state survives
 * a JSON round trip. It trusts neither argument and never throws; what is malformed is left
 * out, entry by entry, so the state it returns always passes `parseEvaluationState`:
 * - state: an entry `parseEvaluationState` would reject is ignored (a missing or malformed
 *   field reads as empty; anything that is not an object as the initial state);
 * - thresholds: one that is not a well-formed `Threshold` (signal, `LessThan`, a Quantity or a
 *   finite-or-NaN percentage, a finite non-negative grace period) is ignored; not a list: none;
 * - observations: an entry on an unknown signal or without a Quantity `available` is ignored; a
 *   `capacity` that is not a Quantity counts as absent; a time that is not a finite number
 *   counts as no time (Go's zero time); not a Map: none;
 * - `pressureTransitionPeriodMs` that is not a number counts as 0;
 * - a `now` that is not a finite number (or an input that is not an object) cannot place the
 *   step in time: nothing is decided (no threshold crossed, nothing actionable) and the
 *   previous state (as read) is returned with its reported conditions.
 *
 * `evaluateChecked` validates both arguments and reports problems instead.
 */
export function evaluate(state: EvaluationState, input: EvaluateInput): EvaluationResult {
  const previous = readEvaluationState(state);
  const read = readEvaluateInput(input);
  if (read.now === undefined) return undecided(previous, read);
  return step(previous, { ...read, now: read.now });
}

/**
 * `evaluate` on validated arguments: the state must pass `parseEvaluationState` (a value or
 * JSON text) and the input `evaluateInputSchema` (well-formed thresholds, a Map of observations
 * with finite times, a finite `now`, a finite non-negative transition period); otherwise the
 * problems come back with their paths. Never throws.
 */
export function evaluateChecked(
  state: unknown,
  input: unknown,
): Result<EvaluationResult, EvaluationStateError | EvaluateInputError> {
  const parsedState = parseEvaluationState(state);
  if (parsedState.isErr()) return err(parsedState.error);
  const checked = checkValue(evaluateInputSchema, input, 'invalid evaluate input');
  if (!checked.ok) {
    return err({
      code: 'invalid-evaluate-input',
      issues: checked.issues,
      message: checked.message,
    });
  }
  return ok(evaluate(parsedState.value, input as EvaluateInput));
}

/** The result of a step that cannot be placed in time: the previous state stands. */
function undecided(previous: EvaluationState, read: ReadInput): EvaluationResult {
  return {
    state: previous,
    crossed: [],
    met: [],
    gracePeriodMet: [],
    actionable: [],
    nodeConditions: [...previous.nodeConditions],
    reclaim: undefined,
    explanation: {
      now: Number.NaN,
      pressureTransitionPeriodMs: read.pressureTransitionPeriodMs,
      thresholds: [],
      conditions: [],
    },
  };
}

function step(state: EvaluationState, input: ReadInput & { now: number }): EvaluationResult {
  const { thresholds, observations, now, pressureTransitionPeriodMs } = input;

  const crossed = thresholdsMet(thresholds, observations, false);
  let met = crossed;
  const previouslyMet = restoreThresholds(state.thresholdsMet, thresholds);
  if (previouslyMet.length > 0) {
    met = mergeThresholds(crossed, thresholdsMet(previouslyMet, observations, true));
  }

  const firstObserved = thresholdsFirstObservedAt(met, restoreFirstObserved(state), now);
  const observedConditions = nodeConditions(met);
  const conditionsLastObserved = nodeConditionsLastObservedAt(
    observedConditions,
    restoreConditionsLastObserved(state),
    now,
  );
  const reported = nodeConditionsObservedSince(
    conditionsLastObserved,
    pressureTransitionPeriodMs,
    now,
  );
  const gracePeriodMet = thresholdsMetGracePeriod(firstObserved, now);
  const actionable = sortByEvictionPriority(
    thresholdsUpdatedStats(gracePeriodMet, observations, restoreLastObservations(state)),
  );
  const chosen = getReclaimableThreshold(actionable);
  const reclaim = chosen && reclaimTarget(chosen.threshold, chosen.resource, observations);

  const nextState: EvaluationState = {
    version: 1,
    nodeConditions: reported,
    nodeConditionsLastObservedAt: Object.fromEntries(conditionsLastObserved),
    thresholdsFirstObservedAt: Object.fromEntries(
      [...firstObserved].map(([key, entry]) => [key, entry.at]),
    ),
    thresholdsMet: gracePeriodMet.map(serializeThreshold),
    lastObservations: serializeLastObservations(observations),
  };

  const keys = (list: readonly Threshold[]) => new Set(list.map(thresholdKey));
  const ctx: ExplainContext = {
    now,
    observations,
    pressureTransitionPeriodMs,
    crossed: keys(crossed),
    met: keys(met),
    firstObservedAt: firstObserved,
    gracePeriodMet: keys(gracePeriodMet),
    actionable: keys(actionable),
    conditionsLastObservedAt: conditionsLastObserved,
    reportedConditions: reported,
  };
  if (chosen !== undefined) ctx.selectedKey = thresholdKey(chosen.threshold);
  const configuredKeys = keys(thresholds);
  const explained = [...thresholds, ...met.filter((t) => !configuredKeys.has(thresholdKey(t)))];
  const explanation: EvaluationExplanation = {
    now,
    pressureTransitionPeriodMs,
    thresholds: explained.map((t) => explainThreshold(t, ctx)),
    conditions: explainConditions(ctx, observedConditions),
  };
  if (reclaim !== undefined) explanation.reclaim = reclaim;

  return {
    state: nextState,
    crossed,
    met,
    gracePeriodMet,
    actionable,
    nodeConditions: reported,
    reclaim,
    explanation,
  };
}

// Previously met thresholds come back from JSON; where one matches a configured threshold, use
// the configured object so callers see their own thresholds (and quantity spellings) again.
function restoreThresholds(
  serialized: EvaluationState['thresholdsMet'],
  configured: readonly Threshold[],
): Threshold[] {
  const byKey = new Map(configured.map((t) => [thresholdKey(t), t]));
  const out: Threshold[] = [];
  for (const entry of serialized) {
    const threshold = deserializeThreshold(entry);
    if (threshold !== undefined) out.push(byKey.get(thresholdKey(threshold)) ?? threshold);
  }
  return out;
}

function restoreFirstObserved(state: EvaluationState): Map<string, { at: number }> {
  return new Map(Object.entries(state.thresholdsFirstObservedAt).map(([k, at]) => [k, { at }]));
}

function restoreConditionsLastObserved(state: EvaluationState): Map<NodeConditionType, number> {
  const out = new Map<NodeConditionType, number>();
  for (const [condition, at] of Object.entries(state.nodeConditionsLastObservedAt)) {
    if (at !== undefined) out.set(condition as NodeConditionType, at);
  }
  return out;
}

function restoreLastObservations(state: EvaluationState): Map<Signal, { time?: number }> {
  const out = new Map<Signal, { time?: number }>();
  for (const [signal, last] of Object.entries(state.lastObservations)) {
    if (last !== undefined) out.set(signal as Signal, last);
  }
  return out;
}

function reclaimTarget(
  threshold: Threshold,
  resource: ReclaimTarget['resource'],
  observations: Observations,
): ReclaimTarget {
  const target: ReclaimTarget = { threshold, signal: threshold.signal, resource };
  const observed = observations.get(threshold.signal);
  if (observed === undefined) return target;
  const thresholdQuantity = getThresholdQuantity(threshold.value, observed.capacity);
  const goal =
    threshold.minReclaim === undefined
      ? thresholdQuantity
      : thresholdQuantity.add(getThresholdQuantity(threshold.minReclaim, observed.capacity));
  target.thresholdQuantity = thresholdQuantity;
  target.target = goal;
  target.available = observed.available;
  target.shortfall = goal.sub(observed.available);
  return target;
}
