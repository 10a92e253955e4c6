import { err, ok, type Result } from 'neverthrow';
import { isSignal, SIGNALS } from './catalogue';
import { type ConfigError, type ConfigField, displayValue } from './config-error';
import { nanosToMs, parseGoDuration } from './go-duration';
import { unreadableMessage } from './guard';
import {
  notAString,
  parseMinimumReclaim,
  parseThresholdStatement,
  unsupportedSignal,
} from './threshold-value';
import type { Signal, Threshold, ThresholdValue } from './types';

/** A signal → value map as the KubeletConfiguration holds it; `null`/absent means "not set". */
export type EvictionMap = Readonly<Record<string, string>> | null | undefined;

/** The inputs of the kubelet's `ParseThresholdConfig`, named as in the KubeletConfiguration. */
export interface ThresholdConfigInput {
  evictionHard?: EvictionMap;
  evictionSoft?: EvictionMap;
  evictionSoftGracePeriod?: EvictionMap;
  evictionMinimumReclaim?: EvictionMap;
  /** `enforceNodeAllocatable`; when it contains `pods`, hard memory thresholds get allocatable copies. */
  allocatableConfig?: readonly string[] | null | undefined;
}

/** Options shared by the gated functions of this package; nothing here is gated today. */
export interface ParseOptions {
  featureGates?: Readonly<Record<string, boolean>>;
}

/** The `enforceNodeAllocatable` entry that turns on allocatable thresholds. */
export const NODE_ALLOCATABLE_ENFORCEMENT_KEY = 'pods';

/**
 * The kubelet's `ParseThresholdConfig`, exactly: hard entries, then soft entries, then grace
 * periods, then minimum reclaims are parsed (the first error wins); every soft threshold needs
 * a grace period; minimum reclaims attach to every threshold of their signal; and with `pods`
 * in `allocatableConfig` each hard `memory.available` threshold gets an
 * `allocatableMemory.available` copy.
 *
 * Order (deterministic, where upstream follows Go's random map order): within each map, keys
 * are visited in {@link SIGNALS} order, then any keys that are not signals in code-unit order.
 * The result is the hard thresholds, then the soft ones, then the allocatable copies, each
 * group in that key order. So the result (and which error is reported) never depends on the
 * insertion order of the maps.
 */
export function parseThresholdConfig(
  input: ThresholdConfigInput,
  _options: ParseOptions = {},
): Result<Threshold[], ConfigError> {
  try {
    return parseConfig(input);
  } catch (thrown) {
    // Only the caller's objects can throw here (a getter or proxy in the input or its maps).
    return err({
      code: 'invalid-argument',
      field: 'input',
      key: '',
      value: '',
      message: unreadableMessage('the threshold configuration', thrown),
    });
  }
}

function parseConfig(input: ThresholdConfigInput): Result<Threshold[], ConfigError> {
  // Typed callers always pass an object; untyped ones may not, and this never throws.
  const fields: ThresholdConfigInput = input !== null && typeof input === 'object' ? input : {};
  const hard = parseStatements(fields.evictionHard, 'evictionHard');
  if (hard.isErr()) return err(hard.error);
  const soft = parseStatements(fields.evictionSoft, 'evictionSoft');
  if (soft.isErr()) return err(soft.error);
  const gracePeriods = parseGracePeriods(fields.evictionSoftGracePeriod);
  if (gracePeriods.isErr()) return err(gracePeriods.error);
  const minReclaims = parseMinimumReclaims(fields.evictionMinimumReclaim);
  if (minReclaims.isErr()) return err(minReclaims.error);

  const softThresholds: Threshold[] = [];
  for (const { threshold, value } of soft.value) {
    const gracePeriodMs = gracePeriods.value.get(threshold.signal);
    if (gracePeriodMs === undefined) {
      return err({
        code: 'missing-grace-period',
        field: 'evictionSoft',
        key: threshold.signal,
        value,
        message: `grace period must be specified for the soft eviction threshold ${threshold.signal}`,
      });
    }
    softThresholds.push({ ...threshold, gracePeriodMs });
  }
  const results = [...hard.value.map((entry) => entry.threshold), ...softThresholds].map(
    (threshold) => {
      const minReclaim = minReclaims.value.get(threshold.signal);
      return minReclaim === undefined ? threshold : { ...threshold, minReclaim };
    },
  );
  // Only an array counts: `'pods'.includes('pods')` would match a bare string.
  const allocatable: readonly unknown[] = Array.isArray(fields.allocatableConfig)
    ? fields.allocatableConfig
    : [];
  return ok(
    allocatable.includes(NODE_ALLOCATABLE_ENFORCEMENT_KEY)
      ? addAllocatableThresholds(results)
      : results,
  );
}

/**
 * The kubelet's `addAllocatableThresholds`: appends an `allocatableMemory.available` copy
 * (same operator, value and minimum reclaim; grace period 0) of every hard `memory.available`
 * threshold. Soft memory thresholds are not copied.
 */
export function addAllocatableThresholds(thresholds: readonly Threshold[]): Threshold[] {
  const copies: Threshold[] = [];
  for (const threshold of thresholds) {
    if (threshold.signal === 'memory.available' && threshold.gracePeriodMs === 0) {
      const copy: Threshold = {
        signal: 'allocatableMemory.available',
        operator: threshold.operator,
        value: threshold.value,
        gracePeriodMs: 0,
      };
      if (threshold.minReclaim !== undefined) copy.minReclaim = threshold.minReclaim;
      copies.push(copy);
    }
  }
  return [...thresholds, ...copies];
}

/**
 * `parseGracePeriods`: signal → grace period in milliseconds (fractional below 1 ms). Values
 * use Go duration syntax; negatives are rejected; zero is accepted (the "soft" threshold then
 * acts as a hard one).
 */
export function parseGracePeriods(map: EvictionMap): Result<Map<Signal, number>, ConfigError> {
  return readableMap('evictionSoftGracePeriod', () => gracePeriodEntries(map));
}

function gracePeriodEntries(map: EvictionMap): Result<Map<Signal, number>, ConfigError> {
  const field = 'evictionSoftGracePeriod';
  const results = new Map<Signal, number>();
  for (const [key, value] of orderedEntries(map)) {
    if (!isSignal(key)) return err(unsupportedSignal(field, key, displayValue(value)));
    if (typeof value !== 'string') return err(notAString(field, key, value));
    const parsed = parseGoDuration(value);
    if (parsed.isErr()) {
      return err({ code: 'invalid-duration', field, key, value, message: parsed.error.message });
    }
    if (parsed.value < 0n) {
      return err({
        code: 'negative-grace-period',
        field,
        key,
        value,
        message: `invalid eviction grace period specified: ${value}, must be a positive value`,
      });
    }
    results.set(key, nanosToMs(parsed.value));
  }
  return ok(results);
}

/** `parseMinimumReclaims`: signal → minimum reclaim value. */
export function parseMinimumReclaims(
  map: EvictionMap,
): Result<Map<Signal, ThresholdValue>, ConfigError> {
  return readableMap('evictionMinimumReclaim', () => minimumReclaimEntries(map));
}

/** `parse()`, or an invalid-argument error naming `field` when reading the caller's map throws. */
function readableMap<T>(
  field: ConfigField,
  parse: () => Result<T, ConfigError>,
): Result<T, ConfigError> {
  try {
    return parse();
  } catch (thrown) {
    return err({
      code: 'invalid-argument',
      field,
      key: '',
      value: '',
      message: unreadableMessage(field, thrown),
    });
  }
}

function minimumReclaimEntries(map: EvictionMap): Result<Map<Signal, ThresholdValue>, ConfigError> {
  const field = 'evictionMinimumReclaim';
  const results = new Map<Signal, ThresholdValue>();
  for (const [key, value] of orderedEntries(map)) {
    if (typeof value !== 'string') return err(notAStringEntry(field, key, value));
    const parsed = parseMinimumReclaim(key, value, field);
    if (parsed.isErr()) return err(parsed.error);
    results.set(key as Signal, parsed.value);
  }
  return ok(results);
}

interface ParsedStatement {
  threshold: Threshold;
  value: string;
}

function parseStatements(
  map: EvictionMap,
  field: ConfigField,
): Result<ParsedStatement[], ConfigError> {
  const results: ParsedStatement[] = [];
  for (const [key, value] of orderedEntries(map)) {
    if (typeof value !== 'string') return err(notAStringEntry(field, key, value));
    const parsed = parseThresholdStatement(key, value, field);
    if (parsed.isErr()) return err(parsed.error);
    if (parsed.value !== undefined) results.push({ threshold: parsed.value, value });
  }
  return ok(results);
}

/**
 * The entries of a map in the canonical visiting order: signals in {@link SIGNALS} order, then
 * other keys in code-unit order. Tolerates anything (a non-object yields no entries).
 */
export function orderedEntries(map: unknown): [string, unknown][] {
  if (map === null || typeof map !== 'object') return [];
  const record = map as Record<string, unknown>;
  const keys = Object.keys(record);
  const known = SIGNALS.filter((signal) => Object.hasOwn(record, signal));
  const unknown = keys.filter((key) => !isSignal(key)).sort(compareCodeUnits);
  return [...known, ...unknown].map((key) => [key, record[key]]);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A non-string value (only reachable from untyped callers: the kubelet's decoder, and
 * `loadKubeletConfig`, reject it before any signal is looked at). An unknown key is
 * reported as such first, the same in every map.
 */
function notAStringEntry(field: ConfigField, key: string, value: unknown): ConfigError {
  return isSignal(key)
    ? notAString(field, key, value)
    : unsupportedSignal(field, key, displayValue(value));
}
