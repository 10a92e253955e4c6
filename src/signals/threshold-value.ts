import { err, ok, type Result } from 'neverthrow';
import { isSignal } from './catalogue';
import { type ConfigError, type ConfigField, displayValue } from './config-error';
import { type GoFloatError, parseGoFloat32 } from './go-strconv';
import { parseQuantity, type Quantity } from './quantity';
import type { Signal, Threshold, ThresholdValue } from './types';

/**
 * The kubelet's `parsePercentage`: strip every trailing `%`, parse the rest with Go's
 * `strconv.ParseFloat(…, 32)`, divide by 100 in float32. `25.5%` → `Math.fround(0.255)`.
 * The result is the float32 value held in a JS number.
 */
export function parsePercentage(input: string): Result<number, GoFloatError> {
  if (typeof input !== 'string') {
    const shown = displayValue(input);
    return err({ kind: 'syntax', input: shown, message: `not a string: ${shown}` });
  }
  return parseGoFloat32(input.replace(/%+$/, '')).map((value) =>
    Math.fround(Math.fround(value) / 100),
  );
}

export function unsupportedSignal(field: ConfigField, key: unknown, value: string): ConfigError {
  const name = displayValue(key);
  return {
    code: 'unsupported-signal',
    field,
    key: name,
    value,
    message: `unsupported eviction signal ${name}`,
  };
}

/** A map value that is not a string (only untyped callers can pass one). */
export function notAString(field: ConfigField, key: string, value: unknown): ConfigError {
  return {
    code: 'schema',
    field,
    key,
    value: displayValue(value),
    message: `must be a string, got ${value === null ? 'null' : typeof value}`,
  };
}

/**
 * One `evictionHard`/`evictionSoft` entry (`parseThresholdStatement`). `Ok(undefined)` means the
 * entry disables the signal: the value is exactly `0%` or `100%` (a textual match, so `0.0%`
 * is a 0% threshold, not a disabler). The returned threshold is hard (grace period 0).
 */
export function parseThresholdStatement(
  key: string,
  value: string,
  field: ConfigField = 'evictionHard',
): Result<Threshold | undefined, ConfigError> {
  if (!isSignal(key)) return err(unsupportedSignal(field, key, displayValue(value)));
  if (typeof value !== 'string') return err(notAString(field, key, value));
  const signal: Signal = key;
  if (value.endsWith('%')) {
    if (value === '0%' || value === '100%') return ok(undefined);
    const parsed = parsePercentage(value);
    if (parsed.isErr()) return err(percentageSyntax(field, key, value, parsed.error));
    const percentage = parsed.value;
    if (percentage < 0) {
      return err({
        code: 'percentage-out-of-range',
        bound: 'min',
        field,
        key,
        value,
        message: `eviction percentage threshold ${key} must be >= 0%: ${value}`,
      });
    }
    if (percentage > 1) {
      return err({
        code: 'percentage-out-of-range',
        bound: 'max',
        field,
        key,
        value,
        message: `eviction percentage threshold ${key} must be <= 100%: ${value}`,
      });
    }
    return ok(hardThreshold(signal, { percentage }));
  }
  const quantity = parseQuantityEntry(field, key, value);
  if (quantity.isErr()) return err(quantity.error);
  if (quantity.value.sign() <= 0) {
    return err({
      code: 'threshold-not-positive',
      field,
      key,
      value,
      message: `eviction threshold ${key} must be positive: ${quantity.value.toString()}`,
    });
  }
  return ok(hardThreshold(signal, { quantity: quantity.value }));
}

/**
 * One `evictionMinimumReclaim` entry (`parseMinimumReclaims`): a percentage must be > 0% and
 * has no upper bound (`150%` is accepted); a quantity must not be negative (`0` is accepted).
 */
export function parseMinimumReclaim(
  key: string,
  value: string,
  field: ConfigField = 'evictionMinimumReclaim',
): Result<ThresholdValue, ConfigError> {
  if (!isSignal(key)) return err(unsupportedSignal(field, key, displayValue(value)));
  if (typeof value !== 'string') return err(notAString(field, key, value));
  if (value.endsWith('%')) {
    const parsed = parsePercentage(value);
    if (parsed.isErr()) return err(percentageSyntax(field, key, value, parsed.error));
    // As in Go, NaN compares false both ways, so `NaN%` passes here (and in the threshold checks).
    if (parsed.value <= 0) {
      return err({
        code: 'min-reclaim-not-positive',
        field,
        key,
        value,
        message: `eviction percentage minimum reclaim ${key} must be positive: ${value}`,
      });
    }
    return ok({ percentage: parsed.value });
  }
  const quantity = parseQuantityEntry(field, key, value);
  if (quantity.isErr()) return err(quantity.error);
  if (quantity.value.sign() < 0) {
    return err({
      code: 'negative-min-reclaim',
      field,
      key,
      value,
      message: `negative eviction minimum reclaim specified for ${key}`,
    });
  }
  return ok({ quantity: quantity.value });
}

function hardThreshold(signal: Signal, value: ThresholdValue): Threshold {
  return { signal, operator: 'LessThan', value, gracePeriodMs: 0 };
}

function percentageSyntax(
  field: ConfigField,
  key: string,
  value: string,
  cause: GoFloatError,
): ConfigError {
  return { code: 'invalid-percentage', field, key, value, message: cause.message };
}

/** A map entry's value as a quantity; the error names the entry. */
function parseQuantityEntry(
  field: ConfigField,
  key: string,
  value: string,
): Result<Quantity, ConfigError> {
  return parseQuantity(value).mapErr((cause) => ({
    code: 'invalid-quantity' as const,
    field,
    key,
    value,
    cause,
    message: cause.message,
  }));
}
