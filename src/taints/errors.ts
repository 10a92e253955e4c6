/**
 * Why a taint string (the `kubectl taint` / `--register-with-taints` form) was rejected.
 * `message` is upstream's own text (`pkg/util/taints`).
 */
export type TaintSpecError =
  /** Too many `:` or `=`, a bad key or value, or a taint to add without an effect. */
  | { code: 'invalid-taint-spec'; spec: string; reasons: readonly string[]; message: string }
  /** An effect other than NoSchedule, PreferNoSchedule or NoExecute. */
  | { code: 'invalid-taint-effect'; spec: string; effect: string; message: string }
  /** Two taints to add with the same key and effect. */
  | { code: 'duplicated-taint'; spec: string; key: string; effect: string; message: string }
  /** Not a string at all. */
  | { code: 'not-a-string'; spec: unknown; message: string };

export type TolerationIssueCode =
  /** Not an object, or a field of the wrong type (the API would not decode it). */
  | 'wrong-type'
  /** `key` is not a qualified name. */
  | 'invalid-key'
  /** An empty key with an operator other than `Exists`. */
  | 'key-requires-exists'
  /** `tolerationSeconds` on a toleration whose effect is not `NoExecute`. */
  | 'seconds-require-noexecute'
  /** An `Equal` value that is not a valid label value. */
  | 'invalid-value'
  /** A value with operator `Exists`. */
  | 'exists-with-value'
  /** An operator that is not `Equal`/`Exists` (nor `Lt`/`Gt` while their gate is on). */
  | 'unsupported-operator'
  /** An `Lt`/`Gt` value that is not a canonical 64-bit decimal integer. */
  | 'invalid-numeric-value'
  /** An effect that is not empty, NoSchedule, PreferNoSchedule or NoExecute. */
  | 'unsupported-effect';

/** One problem with one toleration field, in `field.Error` form. */
export interface TolerationIssue {
  readonly code: TolerationIssueCode;
  /** JSON path of the field, e.g. `spec.tolerations[2].operator`. */
  readonly path: string;
  /** The offending value. */
  readonly value: unknown;
  /** `<path>: Invalid value: …` / `Unsupported value: …`, with upstream's detail text. */
  readonly message: string;
}

/** Why a toleration (or a list of them) fails `ValidateTolerations`. */
export interface TolerationError {
  readonly code: 'invalid-toleration';
  readonly issues: readonly TolerationIssue[];
  /** Every issue's message, joined with `; `. */
  readonly message: string;
}

/** Why a taint object fails the API's taint validation (`validateNodeTaints`). */
export interface TaintError {
  readonly code: 'invalid-taint';
  readonly issues: readonly { path: string; value: unknown; message: string }[];
  readonly message: string;
}

/** Go's `%q` for the strings in validation messages. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** `field.Invalid(path, value, detail)` as text. */
export function invalidValue(path: string, value: unknown, detail: string): string {
  return `${path}: Invalid value: ${renderValue(value)}: ${detail}`;
}

/** `field.NotSupported(path, value, supported)` as text. */
export function notSupported(path: string, value: unknown, supported: readonly string[]): string {
  const list = supported.map(goQuote).join(', ');
  return `${path}: Unsupported value: ${renderValue(value)}: supported values: ${list}`;
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
