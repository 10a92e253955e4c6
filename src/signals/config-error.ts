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
 * Any value as text for an error report: strings as they are, everything else as JSON where
 * possible. Never throws, whatever the value (null-prototype objects, symbols, bigints, cycles).
 */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}

/** One line for people: `evictionHard["memory.available"]: <message>`. */
export function formatConfigError(error: ConfigError): string {
  if (error.field === 'document' || error.field === '') return error.message;
  if (error.key === '') return `${error.field}: ${error.message}`;
  if (error.field.startsWith('--')) return `${error.field}: ${error.message}`;
  return `${error.field}[${JSON.stringify(error.key)}]: ${error.message}`;
}
