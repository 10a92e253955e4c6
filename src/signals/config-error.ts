import { readOr } from './guard';
import type { QuantityError } from './quantity';

/**
 * Where a configuration value came from: a KubeletConfiguration field
 * (`evictionHard`, `evictionSoftGracePeriod`, …), a kubelet flag (`--eviction-hard`, …),
 * or `document` for the file as a whole.
 */
export type ConfigField = string;

interface ErrorBase<C extends string> {
  code: C;
  /** The field or flag that holds the offending entry. */
  field: ConfigField;
  /** The offending key: the signal for threshold entries, a path for schema errors. */
  key: string;
  /** The offending value, as written. */
  value: string;
  /** Readable text; the kubelet's own error text wherever the kubelet has one. */
  message: string;
}

/**
 * Every way eviction configuration can be rejected. Discriminate on `code`; render with
 * {@link formatConfigError}.
 */
export type ConfigError =
  /** A key that is not an eviction signal (`unsupported eviction signal <key>`). */
  | ErrorBase<'unsupported-signal'>
  /** A `…%` value whose number Go's `strconv.ParseFloat(…, 32)` rejects. */
  | ErrorBase<'invalid-percentage'>
  /** A threshold percentage below 0% or above 100%. */
  | (ErrorBase<'percentage-out-of-range'> & { bound: 'min' | 'max' })
  /** A value that is not a Kubernetes quantity. */
  | (ErrorBase<'invalid-quantity'> & { cause: QuantityError })
  /** A threshold quantity that is zero or negative. */
  | ErrorBase<'threshold-not-positive'>
  /** A value Go's `time.ParseDuration` rejects. */
  | ErrorBase<'invalid-duration'>
  /** A negative soft eviction grace period. */
  | ErrorBase<'negative-grace-period'>
  /** A soft threshold whose signal has no grace period. */
  | ErrorBase<'missing-grace-period'>
  /** A minimum-reclaim percentage that is zero or negative. */
  | ErrorBase<'min-reclaim-not-positive'>
  /** A negative minimum-reclaim quantity. */
  | ErrorBase<'negative-min-reclaim'>
  /** A flag item without its separator (`malformed pair, expect string<string`). */
  | ErrorBase<'malformed-flag'>
  /** A flag value that does not parse (integer, boolean, duration). */
  | ErrorBase<'invalid-flag-value'>
  /** A flag that needs a value but has none. */
  | ErrorBase<'flag-needs-value'>
  /** A command-line word that is not a flag the kubelet knows for eviction. */
  | ErrorBase<'unknown-flag'>
  /**
   * An argument of the wrong type, or one that cannot be read at all (a getter or proxy that
   * throws); `field` names the argument.
   */
  | ErrorBase<'invalid-argument'>
  /** An `os` option that names no operating system the kubelet is built for. */
  | ErrorBase<'unknown-os'>
  /** Text that is neither JSON nor YAML; `line` and `column` (1-based) say where, when known. */
  | (ErrorBase<'syntax'> & { line?: number; column?: number })
  /** A file that cannot be read (missing, a directory, no permission); `value` is its path. */
  | ErrorBase<'unreadable'>
  /** A document that is not a KubeletConfiguration. */
  | ErrorBase<'not-kubelet-configuration'>
  /** A field whose value has the wrong type (what the kubelet's decoder rejects). */
  | ErrorBase<'schema'>;

export type ConfigErrorCode = ConfigError['code'];

/**
 * Any value as text for an error report: strings as they are, everything else as JSON-like
 * text. Never throws, and stays short and cheap whatever the value: nesting is shown three
 * levels deep, eight entries per level, nested strings cut at 200 characters and the whole at
 * 1000 (JSON.stringify would expand a shared subtree once per path, exponentially).
 */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const text = renderValue(value, 0);
    return text.length > DISPLAY_MAX_LENGTH ? `${text.slice(0, DISPLAY_MAX_LENGTH)}…` : text;
  } catch {
    // A proxy can throw even on the Symbol.toStringTag read this makes.
    return readOr(() => Object.prototype.toString.call(value), UNREADABLE_VALUE);
  }
}

/** What `displayValue` shows for a value every read of which throws. */
export const UNREADABLE_VALUE = '[unreadable value]';

const DISPLAY_MAX_DEPTH = 3;
const DISPLAY_MAX_ENTRIES = 8;
const DISPLAY_MAX_STRING = 200;
const DISPLAY_MAX_LENGTH = 1000;

// JSON.stringify's rendering, bounded. Reads may throw (getters, proxies); the caller catches.
function renderValue(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(
        value.length > DISPLAY_MAX_STRING ? `${value.slice(0, DISPLAY_MAX_STRING)}…` : value,
      );
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
    case 'symbol':
      return String(value);
    case 'function':
      return 'function';
  }
  if (value === null) return 'null';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString());
  }
  if (value instanceof String || value instanceof Number || value instanceof Boolean) {
    return renderValue(value.valueOf(), depth);
  }
  if (depth >= DISPLAY_MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  const parts: string[] = [];
  if (Array.isArray(value)) {
    const shown = Math.min(value.length, DISPLAY_MAX_ENTRIES);
    for (let i = 0; i < shown; i++) {
      const item: unknown = value[i];
      const omitted = item === undefined || typeof item === 'function' || typeof item === 'symbol';
      parts.push(omitted ? 'null' : renderValue(item, depth + 1));
    }
    if (value.length > shown) parts.push('…');
    return `[${parts.join(',')}]`;
  }
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (++count > DISPLAY_MAX_ENTRIES) {
      parts.push('…');
      break;
    }
    parts.push(`${renderValue(key, depth + 1)}:${renderValue(item, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

/** One line for people: `evictionHard["memory.available"]: <message>`. */
export function formatConfigError(error: ConfigError): string {
  if (error.field === 'document' || error.field === '') return error.message;
  if (error.key === '') return `${error.field}: ${error.message}`;
  if (error.field.startsWith('--')) return `${error.field}: ${error.message}`;
  return `${error.field}[${JSON.stringify(error.key)}]: ${error.message}`;
}
