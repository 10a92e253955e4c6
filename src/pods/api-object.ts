// Total readers for untyped Kubernetes API objects: plain JSON, @kubernetes/client-node model
// instances, or anything at all. None of them throws: a hostile getter, a wrong type or a missing
// field reads as absent, and absent reads as Go's zero value where the reader returns one.

/** An object that is not an array: a JSON object or a class instance (client-node). */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return !Array.isArray(value);
  } catch {
    // A revoked proxy (`Array.isArray` throws on one): nothing can be read from it.
    return false;
  }
}

/** `obj[key]` when `obj` is an object and reading it does not throw; `undefined` otherwise. */
export function field(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * A string field, strictly: `''` when missing or `null` (Go's zero value), the string itself,
 * and `undefined` for any other type (a value the API could not have decoded).
 */
export function stringField(obj: unknown, key: string): string | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/** A string field, leniently: `''` for anything that is not a string. */
export function text(obj: unknown, key: string): string {
  return stringField(obj, key) ?? '';
}

/** A whole-number field (`Number.isInteger`); `undefined` otherwise. */
export function integer(obj: unknown, key: string): number | undefined {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/**
 * The elements of an array value, copied (a hole reads as `undefined`); `[]` for anything that
 * is not an array or cannot be copied.
 */
export function listOf(value: unknown): unknown[] {
  try {
    // Inside the try: `Array.isArray` itself throws on a revoked proxy.
    return Array.isArray(value) ? Array.from(value) : [];
  } catch {
    return [];
  }
}

/** An array field, as `listOf` reads it. */
export function list(obj: unknown, key: string): unknown[] {
  return listOf(field(obj, key));
}

/**
 * A `map[string]string` value (labels, annotations, matchLabels): an object's own string-valued
 * entries, or a `Map`'s. Other values, and entries whose getter throws, are left out.
 */
export function readStringMap(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isObjectLike(value)) return out;
  try {
    if (value instanceof Map) {
      for (const [k, v] of value) if (typeof k === 'string' && typeof v === 'string') out.set(k, v);
      return out;
    }
    for (const k of Object.keys(value)) {
      const v = field(value, k);
      if (typeof v === 'string') out.set(k, v);
    }
  } catch {
    // Keys that cannot be listed: what was read so far stands.
  }
  return out;
}

/** A `map[string]string` field, as `readStringMap` reads it. */
export function stringMap(obj: unknown, key: string): Map<string, string> {
  return readStringMap(field(obj, key));
}
