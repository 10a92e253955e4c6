import { goQuote } from '../signals/go-quote';

// The text of apimachinery's field errors (k8s.io/apimachinery/pkg/util/validation/field) and of
// the aggregate an ErrorList turns into, byte for byte: validation messages are matched on.

/** Go's `%#v` of a `[]string`: `[]string{"a", "b"}`, and `[]string(nil)` for a nil (empty) slice. */
export function goStringSlice(values: readonly string[]): string {
  return values.length === 0 ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;
}

/**
 * How `field.Error` prints its bad value: a string `%q`-quoted, a number or boolean as is;
 * anything else here as JSON (Go prints other types with `%#v`, which has no JSON equivalent).
 */
function fieldValueText(value: unknown): string {
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

/** `field.Invalid(path, value, detail).Error()`. */
export function invalidValue(path: string, value: unknown, detail: string): string {
  return `${path}: Invalid value: ${fieldValueText(value)}: ${detail}`;
}

/** `field.Invalid(path, values, detail).Error()` for a `[]string` value. */
export function invalidStringSlice(
  path: string,
  values: readonly string[],
  detail: string,
): string {
  return `${path}: Invalid value: ${goStringSlice(values)}: ${detail}`;
}

/** `field.NotSupported(path, value, supported).Error()`. */
export function notSupported(path: string, value: unknown, supported: readonly string[]): string {
  const list = supported.map(goQuote).join(', ');
  return `${path}: Unsupported value: ${fieldValueText(value)}: supported values: ${list}`;
}

/**
 * `ErrorList.ToAggregate().Error()`: one message alone; several, duplicates dropped, as
 * `[a, b]`.
 */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}
