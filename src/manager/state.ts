import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { SIGNALS } from '../signals/catalogue';
import { describeZodError } from '../signals/validation-issues';
import { evaluationStateSchema, initialEvaluationState } from '../thresholds/evaluation-state';
import type { ManagerState, ManagerStateError } from './types';

/** The state of a manager that has never run a cycle. */
export function initialManagerState(): ManagerState {
  return { version: 1, evaluation: initialEvaluationState(), evictionTimes: [], softEvictions: {} };
}

const epochMs = z.number().finite();

/** Validates a persisted `ManagerState` (unknown keys are rejected: a typo is an error). */
export const managerStateSchema = z.strictObject({
  version: z.literal(1),
  evaluation: evaluationStateSchema,
  topology: z
    .strictObject({
      dedicatedImageFs: z.boolean(),
      splitImageFs: z.boolean(),
      rankingDisabled: z.boolean().optional(),
    })
    .optional(),
  notifierRefreshedAt: epochMs.optional(),
  evictionTimes: z.array(epochMs),
  softEvictions: z.record(
    z.string(),
    z.strictObject({
      at: epochMs,
      gracePeriodSeconds: z.number().int(),
      signal: z.enum(SIGNALS),
    }),
  ),
});

/**
 * Validate a persisted manager state: the object `manager.state()` returned, its JSON text, or
 * that text parsed. Never throws.
 */
export function parseManagerState(input: unknown): Result<ManagerState, ManagerStateError> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      const message = `manager state is not valid JSON: ${(e as Error).message}`;
      return err({ code: 'invalid-manager-state', issues: [{ path: '$', message }], message });
    }
  }
  const parsed = managerStateSchema.safeParse(value);
  if (parsed.success) return ok(stripUndefined(parsed.data) as ManagerState);
  const { issues, message } = describeZodError('invalid manager state', parsed.error);
  return err({ code: 'invalid-manager-state', issues, message });
}

// zod leaves optional keys present as `undefined` when the input had them so; the state type
// (exactOptionalPropertyTypes) wants them absent.
function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A deep copy through JSON: what a caller gets is never the manager's own object. */
export function cloneState(state: ManagerState): ManagerState {
  return JSON.parse(JSON.stringify(state)) as ManagerState;
}
