import { z } from 'zod';
import { field, listOf } from '../pods/api-object';
import { SIGNALS } from '../signals/catalogue';
import { readOr, unreadableMessage } from '../signals/guard';
import { isQuantity, type Quantity } from '../signals/quantity';
import type { Observation, Signal, Threshold } from '../signals/types';
import { describeZodError, type ValidationIssue } from '../signals/validation-issues';
import {
  type EvaluationState,
  epochMsSchema,
  initialEvaluationState,
  nodeConditionSchema,
  type SerializedThreshold,
  serializedThresholdSchema,
  signalSchema,
} from './evaluation-state';

// What `evaluate` may trust. Two ways in: `evaluateChecked` validates the state and the input
// and reports every problem with its path; plain `evaluate` reads both entry by entry and
// leaves out what is malformed (never throwing), so that it can only ever write a state that
// `parseEvaluationState` accepts.

/** One problem found in an `evaluate` input, with the path to it (`$.thresholds[2].value`). */
export interface EvaluateInputError {
  code: 'invalid-evaluate-input';
  issues: ValidationIssue[];
  message: string;
}

const quantitySchema = z.custom<Quantity>(isQuantity, { message: 'expected a Quantity' });

const thresholdValueSchema = z.union([
  z.object({ quantity: quantitySchema }),
  // A percentage may be NaN (`NaN%` parses upstream); JSON state spells it "NaN".
  z.object({ percentage: z.number().refine((p) => Number.isFinite(p) || Number.isNaN(p)) }),
]);

/** A configured threshold, as `parseThresholdConfig` builds it. */
export const thresholdSchema = z.object({
  signal: signalSchema,
  operator: z.literal('LessThan'),
  value: thresholdValueSchema,
  gracePeriodMs: z.number().finite().nonnegative(),
  minReclaim: thresholdValueSchema.optional(),
});

/** One observation, as `observe` builds it. */
export const observationSchema = z.object({
  available: quantitySchema,
  capacity: quantitySchema.optional(),
  time: epochMsSchema.optional(),
});

/** `EvaluateInput`, checked. */
export const evaluateInputSchema = z.object({
  thresholds: z.array(thresholdSchema),
  observations: z.map(signalSchema, observationSchema),
  now: epochMsSchema,
  pressureTransitionPeriodMs: z.number().finite().nonnegative(),
});

/** Run a zod check over a caller's value; a value that throws when read is an issue too. */
export function checkValue<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): { ok: true; value: T } | { ok: false; issues: ValidationIssue[]; message: string } {
  try {
    const parsed = schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data };
    return { ok: false, ...describeZodError(what, parsed.error) };
  } catch (thrown) {
    const message = unreadableMessage(what, thrown);
    return { ok: false, issues: [{ path: '$', message }], message };
  }
}

const fits = (schema: z.ZodType, value: unknown): boolean =>
  readOr(() => schema.safeParse(value).success, false);

/** The own entries of a record-like value; none when it is not one or cannot be read. */
function entriesOf(value: unknown): [string, unknown][] {
  return readOr(
    () =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value)
        : [],
    [],
  );
}

/**
 * A persisted state as `evaluate` reads it: each entry that `parseEvaluationState` would reject
 * is left out (a missing or malformed field is empty); nothing throws.
 */
export function readEvaluationState(state: unknown): EvaluationState {
  const out = initialEvaluationState();
  for (const condition of listOf(field(state, 'nodeConditions'))) {
    if (fits(nodeConditionSchema, condition) && !out.nodeConditions.includes(condition as never)) {
      out.nodeConditions.push(condition as EvaluationState['nodeConditions'][number]);
    }
  }
  for (const [condition, at] of entriesOf(field(state, 'nodeConditionsLastObservedAt'))) {
    if (fits(nodeConditionSchema, condition) && fits(epochMsSchema, at)) {
      out.nodeConditionsLastObservedAt[
        condition as keyof EvaluationState['nodeConditionsLastObservedAt']
      ] = at as number;
    }
  }
  for (const [key, at] of entriesOf(field(state, 'thresholdsFirstObservedAt'))) {
    if (fits(epochMsSchema, at)) out.thresholdsFirstObservedAt[key] = at as number;
  }
  for (const entry of listOf(field(state, 'thresholdsMet'))) {
    const parsed = readOr(() => serializedThresholdSchema.safeParse(entry), undefined);
    if (parsed?.success) out.thresholdsMet.push(parsed.data as SerializedThreshold);
  }
  for (const [signal, last] of entriesOf(field(state, 'lastObservations'))) {
    if (!fits(signalSchema, signal)) continue;
    const time = field(last, 'time');
    if (typeof last !== 'object' || last === null) continue;
    out.lastObservations[signal as Signal] = fits(epochMsSchema, time)
      ? { time: time as number }
      : {};
  }
  return out;
}

/** What `evaluate` works on once its input has been read. */
export interface ReadInput {
  thresholds: Threshold[];
  observations: Map<Signal, Observation>;
  /** `undefined` when the input has no usable time. */
  now: number | undefined;
  pressureTransitionPeriodMs: number;
}

/**
 * An `EvaluateInput` as `evaluate` reads it: malformed thresholds are left out (the caller's
 * objects are kept for the rest); observation entries without a Quantity `available` or on an
 * unknown signal are left out, a `capacity` that is not a Quantity counts as absent and a time
 * that is not a finite number as no time (Go's zero time); thresholds or observations of the
 * wrong type count as none; a transition period that is not a number counts as 0; a `now` that is
 * not a finite number is `undefined`.
 */
export function readEvaluateInput(input: unknown): ReadInput {
  const thresholds = listOf(field(input, 'thresholds')).filter((t): t is Threshold =>
    fits(thresholdSchema, t),
  );
  const observations = new Map<Signal, Observation>();
  const given = field(input, 'observations');
  const entries = readOr(() => (given instanceof Map ? [...given.entries()] : []), []);
  for (const [signal, value] of entries) {
    if (!(SIGNALS as readonly unknown[]).includes(signal)) continue;
    const available = field(value, 'available');
    if (!isQuantity(available)) continue;
    const observation: Observation = { available };
    const capacity = field(value, 'capacity');
    if (isQuantity(capacity)) observation.capacity = capacity;
    const time = field(value, 'time');
    if (typeof time === 'number' && Number.isFinite(time)) observation.time = time;
    observations.set(signal as Signal, observation);
  }
  const now = field(input, 'now');
  const period = field(input, 'pressureTransitionPeriodMs');
  return {
    thresholds,
    observations,
    now: typeof now === 'number' && Number.isFinite(now) ? now : undefined,
    pressureTransitionPeriodMs: typeof period === 'number' && !Number.isNaN(period) ? period : 0,
  };
}
