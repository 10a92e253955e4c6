import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { SIGNALS } from '../signals/catalogue';
import { unreadableMessage } from '../signals/guard';
import { parseQuantity, type Quantity } from '../signals/quantity';
import type {
  NodeConditionType,
  Observations,
  Signal,
  Threshold,
  ThresholdValue,
} from '../signals/types';
import { describeZodError } from '../signals/validation-issues';

/** A threshold value as plain JSON: a quantity as its string (exact), or a fraction. */
export type SerializedThresholdValue = { quantity: string } | { percentage: number | 'NaN' };

/** A threshold as plain JSON (quantities as strings). */
export interface SerializedThreshold {
  signal: Signal;
  operator: 'LessThan';
  value: SerializedThresholdValue;
  gracePeriodMs: number;
  minReclaim?: SerializedThresholdValue;
}

/**
 * What the kubelet's eviction manager remembers between two synchronize cycles, as a plain
 * JSON value: no Maps, no Quantity objects, no Dates. Times are epoch milliseconds. Persist it
 * with `JSON.stringify`, restore it with `parseEvaluationState`.
 */
export interface EvaluationState {
  version: 1;
  /** The smoothed pressure conditions reported after the last step (admission reads these). */
  nodeConditions: NodeConditionType[];
  /** Condition → the last time a met threshold implied it. Entries are never dropped. */
  nodeConditionsLastObservedAt: Partial<Record<NodeConditionType, number>>;
  /** `thresholdKey(threshold)` → when that threshold was first seen met, continuously. */
  thresholdsFirstObservedAt: Record<string, number>;
  /** Thresholds that had satisfied their grace period (kept met until min-reclaim is met). */
  thresholdsMet: SerializedThreshold[];
  /** Per observed signal, the time of the previous step's observation (absent: zero time). */
  lastObservations: Partial<Record<Signal, { time?: number }>>;
}

/** The state before the first step: nothing observed, nothing met. */
export function initialEvaluationState(): EvaluationState {
  return {
    version: 1,
    nodeConditions: [],
    nodeConditionsLastObservedAt: {},
    thresholdsFirstObservedAt: {},
    thresholdsMet: [],
    lastObservations: {},
  };
}

export const signalSchema = z.enum(SIGNALS);
export const nodeConditionSchema = z.enum(['MemoryPressure', 'DiskPressure', 'PIDPressure']);
/** A time in epoch milliseconds: any finite number (JSON has no NaN or Infinity). */
export const epochMsSchema = z.number().finite();
const epochMs = epochMsSchema;

const quantityString = z.string().refine((s) => parseQuantity(s).isOk(), {
  message: 'not a Kubernetes quantity',
});
const serializedValueSchema = z.union([
  z.strictObject({ quantity: quantityString }),
  z.strictObject({ percentage: z.union([z.number().finite(), z.literal('NaN')]) }),
]);
export const serializedThresholdSchema = z.strictObject({
  signal: signalSchema,
  operator: z.literal('LessThan'),
  value: serializedValueSchema,
  gracePeriodMs: z.number().finite().nonnegative(),
  minReclaim: serializedValueSchema.optional(),
});

/** Validates a persisted `EvaluationState` (unknown keys are rejected: a typo is an error). */
export const evaluationStateSchema = z.strictObject({
  version: z.literal(1),
  nodeConditions: z.array(nodeConditionSchema),
  nodeConditionsLastObservedAt: z.partialRecord(nodeConditionSchema, epochMs),
  thresholdsFirstObservedAt: z.record(z.string(), epochMs),
  thresholdsMet: z.array(serializedThresholdSchema),
  lastObservations: z.partialRecord(signalSchema, z.strictObject({ time: epochMs.optional() })),
});

/** One problem found in a persisted state, with the JSON path to it. */
export interface EvaluationStateIssue {
  path: string;
  message: string;
}
export interface EvaluationStateError {
  code: 'invalid-evaluation-state';
  issues: EvaluationStateIssue[];
  message: string;
}

/**
 * Validate a persisted evaluation state: a parsed JSON value or the JSON text. Never throws.
 */
export function parseEvaluationState(
  input: unknown,
): Result<EvaluationState, EvaluationStateError> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      const message = `evaluation state is not valid JSON: ${(e as Error).message}`;
      return err({ code: 'invalid-evaluation-state', issues: [{ path: '$', message }], message });
    }
  }
  let parsed: ReturnType<typeof evaluationStateSchema.safeParse>;
  try {
    parsed = evaluationStateSchema.safeParse(value);
  } catch (thrown) {
    const message = unreadableMessage('evaluation state', thrown);
    return err({ code: 'invalid-evaluation-state', issues: [{ path: '$', message }], message });
  }
  if (parsed.success) return ok(parsed.data as EvaluationState);
  const { issues, message } = describeZodError('invalid evaluation state', parsed.error);
  return err({ code: 'invalid-evaluation-state', issues, message });
}

function serializeValue(value: ThresholdValue): SerializedThresholdValue {
  if ('quantity' in value) return { quantity: losslessQuantityString(value.quantity) };
  // JSON has neither NaN (a `NaN%` threshold parses upstream) nor -0 (`-0%` does too).
  if (Number.isNaN(value.percentage)) return { percentage: 'NaN' };
  return { percentage: value.percentage === 0 ? 0 : value.percentage };
}

// The quantity's own spelling when it parses back to the same value. Upstream's `String()`
// drops the suffix of values ≥ 10^21 (`1000E` prints as `1`), so those are written as an exact
// `<mantissa>e<scale>` instead, keeping the restored threshold (and its key) unchanged.
function losslessQuantityString(quantity: Quantity): string {
  const spelled = quantity.toString();
  const back = parseQuantity(spelled);
  if (back.isOk() && back.value.cmp(quantity) === 0) return spelled;
  return `${quantity.mantissa}e${quantity.scale}`;
}

/** A threshold as plain JSON. */
export function serializeThreshold(threshold: Threshold): SerializedThreshold {
  const out: SerializedThreshold = {
    signal: threshold.signal,
    operator: threshold.operator,
    value: serializeValue(threshold.value),
    gracePeriodMs: threshold.gracePeriodMs,
  };
  if (threshold.minReclaim !== undefined) out.minReclaim = serializeValue(threshold.minReclaim);
  return out;
}

function deserializeValue(value: SerializedThresholdValue): ThresholdValue | undefined {
  if ('quantity' in value) {
    const parsed = parseQuantity(value.quantity);
    return parsed.isOk() ? { quantity: parsed.value } : undefined;
  }
  return { percentage: value.percentage === 'NaN' ? Number.NaN : value.percentage };
}

/**
 * A threshold back from plain JSON; `undefined` when a quantity string does not parse (only
 * possible for a state that skipped `parseEvaluationState`).
 */
export function deserializeThreshold(serialized: SerializedThreshold): Threshold | undefined {
  const value = deserializeValue(serialized.value);
  if (value === undefined) return undefined;
  const threshold: Threshold = {
    signal: serialized.signal,
    operator: serialized.operator,
    value,
    gracePeriodMs: serialized.gracePeriodMs,
  };
  if (serialized.minReclaim !== undefined) {
    const minReclaim = deserializeValue(serialized.minReclaim);
    if (minReclaim === undefined) return undefined;
    threshold.minReclaim = minReclaim;
  }
  return threshold;
}

/**
 * The part of this step's observations the next step needs (presence and time per signal). A
 * time that is not a finite number is left out (Go's zero time), so the result is valid JSON.
 */
export function serializeLastObservations(
  observations: Observations,
): EvaluationState['lastObservations'] {
  const out: EvaluationState['lastObservations'] = {};
  for (const [signal, observation] of observations) {
    const time = observation.time;
    out[signal] = typeof time === 'number' && Number.isFinite(time) ? { time } : {};
  }
  return out;
}
