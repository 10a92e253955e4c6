import type { Quantity } from '../signals/quantity';
import { getThresholdQuantity } from '../signals/threshold-quantity';
import type {
  NodeConditionType,
  Observations,
  Signal,
  Threshold,
  ThresholdValue,
} from '../signals/types';
import type { ThresholdsObservedAt } from './grace-period';
import type { NodeConditionsObservedAt } from './node-conditions';
import type { ReclaimResource } from './signal-conditions';
import { nodeConditionForSignal } from './signal-conditions';
import { thresholdKey } from './threshold-identity';

/** Why one threshold is (or is not) met, actionable and reported, at one step. */
export interface ThresholdExplanation {
  threshold: Threshold;
  key: string;
  signal: Signal;
  /** Zero grace period. */
  hard: boolean;
  /** Whether the Summary had an observation for the signal (if not, the threshold is skipped). */
  observed: boolean;
  available?: Quantity;
  capacity?: Quantity;
  /** The observation's own time, epoch ms (absent: the stats carried none). */
  observationTime?: number;
  /** The threshold resolved against the capacity (`getThresholdQuantity`). */
  thresholdQuantity?: Quantity;
  minReclaimQuantity?: Quantity;
  /** `available < threshold` right now. */
  crossed: boolean;
  /** Met only because it was acted on and `available < threshold + minReclaim` still. */
  heldByMinReclaim: boolean;
  met: boolean;
  /** When it was first seen met, continuously (defined while met). */
  firstObservedAt?: number;
  gracePeriodMs: number;
  /** Grace left before it can act, ms (defined while met; 0 once satisfied). */
  graceRemainingMs?: number;
  gracePeriodMet: boolean;
  /** Whether the signal's stats changed since the last step (defined once the grace is met). */
  statsUpdated?: boolean;
  actionable: boolean;
  /** The threshold the kubelet reclaims for this step. */
  selected: boolean;
  nodeCondition?: NodeConditionType;
  conditionReported: boolean;
  /** How much longer the condition stays reported without a new observation, ms. */
  transitionRemainingMs?: number;
}

/** Why one node condition is (or is not) reported. */
export interface ConditionExplanation {
  condition: NodeConditionType;
  /** A met threshold implies it at this step. */
  observedNow: boolean;
  lastObservedAt: number;
  reported: boolean;
  /** Time left in the pressure transition period, ms (0 when it has run out). */
  transitionRemainingMs: number;
}

/** What the kubelet reclaims, and how far it is from done. */
export interface ReclaimTarget {
  threshold: Threshold;
  signal: Signal;
  resource: ReclaimResource;
  /** The resolved threshold. */
  thresholdQuantity?: Quantity;
  /** Threshold + minimum reclaim: the availability at which the pressure counts as resolved. */
  target?: Quantity;
  available?: Quantity;
  /** `target − available`. */
  shortfall?: Quantity;
}

/** The structured account of one `evaluate` step. */
export interface EvaluationExplanation {
  now: number;
  pressureTransitionPeriodMs: number;
  thresholds: ThresholdExplanation[];
  conditions: ConditionExplanation[];
  reclaim?: ReclaimTarget;
}

/** Everything `explainThreshold` looks at: one step's intermediate results. */
export interface ExplainContext {
  now: number;
  observations: Observations;
  pressureTransitionPeriodMs: number;
  /** Keys (`thresholdKey`) of the thresholds crossed now (no min-reclaim). */
  crossed: ReadonlySet<string>;
  /** Keys of the thresholds met (crossed, or held by min-reclaim). */
  met: ReadonlySet<string>;
  firstObservedAt: ThresholdsObservedAt;
  /** Keys of the thresholds whose grace period is satisfied. */
  gracePeriodMet: ReadonlySet<string>;
  /** Keys of the actionable thresholds (grace met and fresh stats). */
  actionable: ReadonlySet<string>;
  selectedKey?: string;
  conditionsLastObservedAt: NodeConditionsObservedAt;
  reportedConditions: readonly NodeConditionType[];
}

/** Explain one threshold against one step's intermediate results. */
export function explainThreshold(threshold: Threshold, ctx: ExplainContext): ThresholdExplanation {
  const key = thresholdKey(threshold);
  const observation = ctx.observations.get(threshold.signal);
  const met = ctx.met.has(key);
  const crossed = ctx.crossed.has(key);
  const gracePeriodMet = ctx.gracePeriodMet.has(key);
  const out: ThresholdExplanation = {
    threshold,
    key,
    signal: threshold.signal,
    hard: threshold.gracePeriodMs === 0,
    observed: observation !== undefined,
    crossed,
    heldByMinReclaim: met && !crossed,
    met,
    gracePeriodMs: threshold.gracePeriodMs,
    gracePeriodMet,
    actionable: ctx.actionable.has(key),
    selected: ctx.selectedKey === key,
    conditionReported: false,
  };
  if (observation !== undefined) {
    out.available = observation.available;
    if (observation.capacity !== undefined) out.capacity = observation.capacity;
    if (observation.time !== undefined) out.observationTime = observation.time;
    out.thresholdQuantity = getThresholdQuantity(threshold.value, observation.capacity);
    if (threshold.minReclaim !== undefined) {
      out.minReclaimQuantity = getThresholdQuantity(threshold.minReclaim, observation.capacity);
    }
  }
  const first = met ? ctx.firstObservedAt.get(key) : undefined;
  if (first !== undefined) {
    out.firstObservedAt = first.at;
    out.graceRemainingMs = Math.max(0, threshold.gracePeriodMs - (ctx.now - first.at));
  }
  if (gracePeriodMet) out.statsUpdated = out.actionable;
  const condition = nodeConditionForSignal(threshold.signal);
  if (condition !== undefined) {
    out.nodeCondition = condition;
    out.conditionReported = ctx.reportedConditions.includes(condition);
    const last = ctx.conditionsLastObservedAt.get(condition);
    if (last !== undefined) {
      out.transitionRemainingMs = Math.max(0, last + ctx.pressureTransitionPeriodMs - ctx.now);
    }
  }
  return out;
}

/** Explain every condition the step tracks. */
export function explainConditions(
  ctx: ExplainContext,
  observedNow: readonly NodeConditionType[],
): ConditionExplanation[] {
  return [...ctx.conditionsLastObservedAt].map(([condition, lastObservedAt]) => ({
    condition,
    observedNow: observedNow.includes(condition),
    lastObservedAt,
    reported: ctx.reportedConditions.includes(condition),
    transitionRemainingMs: Math.max(0, lastObservedAt + ctx.pressureTransitionPeriodMs - ctx.now),
  }));
}

/**
 * Go's `time.Duration.String()` for a number of milliseconds: `0s`, `500µs`, `250ms`, `1.5s`,
 * `1m30s`, `5m0s`, `1h0m0s`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  // Durations are whole nanoseconds; below a millisecond Go switches to µs, then ns.
  const ns = Math.round(Math.abs(ms) * 1e6);
  if (ns === 0) return '0s';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1_000_000) return `${trimNumber(ns / 1000)}µs`;
  if (ns < 1_000_000_000) return `${trimNumber(ns / 1_000_000)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const s = `${trimNumber(seconds)}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
}

const trimNumber = (n: number) => String(Number(n.toFixed(9)));

const iso = (ms: number) => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
};

function formatValue(value: ThresholdValue): string {
  return 'quantity' in value
    ? value.quantity.toString()
    : // float32 carries ~7 significant digits: 10% prints as 10%, not 10.000000149%.
      `${Number((Math.fround(value.percentage) * 100).toPrecision(7))}%`;
}

/** One line for one threshold. */
function formatThresholdLine(e: ThresholdExplanation): string {
  const kind = e.hard ? 'hard' : `soft, grace ${formatDuration(e.gracePeriodMs)}`;
  const parts = [`${e.signal}<${formatValue(e.threshold.value)} (${kind})`];
  if (!e.observed || e.available === undefined || e.thresholdQuantity === undefined) {
    parts.push('no observation: skipped');
    return parts.join(': ');
  }
  let values = `available ${e.available.toString()} vs threshold ${e.thresholdQuantity.toString()}`;
  if (e.minReclaimQuantity !== undefined)
    values += ` + min-reclaim ${e.minReclaimQuantity.toString()}`;
  const status: string[] = [values];
  if (!e.met) status.push('not met');
  else status.push(e.heldByMinReclaim ? 'met (held by min-reclaim)' : 'met');
  if (e.met && e.firstObservedAt !== undefined) {
    status.push(`first observed ${iso(e.firstObservedAt)}`);
    if (!e.hard) {
      status.push(
        e.gracePeriodMet
          ? 'grace period satisfied'
          : `grace ${formatDuration(e.graceRemainingMs ?? 0)} left`,
      );
    }
  }
  if (e.gracePeriodMet && e.statsUpdated === false)
    status.push('stats unchanged since last step: not acted on');
  if (e.actionable) status.push(e.selected ? 'ACTIONABLE (selected for reclaim)' : 'ACTIONABLE');
  if (e.nodeCondition !== undefined) {
    status.push(
      e.conditionReported
        ? `${e.nodeCondition} reported (${formatDuration(e.transitionRemainingMs ?? 0)} of transition period left)`
        : `${e.nodeCondition} not reported`,
    );
  }
  return `${parts[0]}: ${status.join('; ')}`;
}

function formatSummaryLine(e: EvaluationExplanation): string {
  const reported = e.conditions.filter((c) => c.reported).map((c) => c.condition);
  const head = `at ${iso(e.now)}: node conditions [${reported.join(' ')}]`;
  if (e.reclaim === undefined) return `${head}; nothing to reclaim`;
  const r = e.reclaim;
  const need = r.shortfall !== undefined ? ` (short by ${r.shortfall.toString()})` : '';
  return `${head}; reclaim ${r.resource} for ${r.signal}${need}`;
}

/**
 * Render an explanation as text: one line for a single threshold, or a summary line followed by
 * one indented line per threshold for a whole step.
 */
export function formatExplanation(e: EvaluationExplanation | ThresholdExplanation): string {
  if ('key' in e) return formatThresholdLine(e);
  return [formatSummaryLine(e), ...e.thresholds.map((t) => `  ${formatThresholdLine(t)}`)].join(
    '\n',
  );
}
