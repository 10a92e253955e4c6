// Defensive accessors for API objects that may be plain JSON or client-node model instances.
// None of them throws: a hostile getter, a wrong type or a missing field reads as absent.

/** `obj[key]` when `obj` is an object and reading it does not throw; else `undefined`. */
export function field(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A string field, `""` when absent or not a string (Go's zero value). */
export function text(obj: unknown, key: string): string {
  const value = field(obj, key);
  return typeof value === 'string' ? value : '';
}

/** A finite number field that is a whole number; `undefined` otherwise. */
export function integer(obj: unknown, key: string): number | undefined {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** An array field, `[]` when absent or not an array. */
export function list(obj: unknown, key: string): readonly unknown[] {
  const value = field(obj, key);
  return Array.isArray(value) ? value : [];
}

/** A `map[string]string` field (labels, annotations, matchLabels): string values only. */
export function stringMap(obj: unknown, key: string): ReadonlyMap<string, string> {
  const value = field(obj, key);
  const out = new Map<string, string>();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  try {
    // client-node hands maps over as plain objects; a Map is accepted as well.
    const entries =
      value instanceof Map
        ? [...value.entries()]
        : Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries) if (typeof k === 'string' && typeof v === 'string') out.set(k, v);
  } catch {
    // Unreadable: treated as empty.
  }
  return out;
}

/**
 * A timestamp as epoch ms: an RFC 3339 string (what the API serves), a `Date` (client-node
 * models) or a number of epoch ms. Anything else, or an unparseable string, is `undefined`.
 */
export function timestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/**
 * Epoch ms as `metav1.Time` serializes it: RFC 3339 in UTC with whole seconds
 * (`2024-05-01T10:00:00Z`); the fraction is dropped, as Go's JSON encoding of `metav1.Time` does.
 */
export function formatTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
