// Reading caller-supplied values can throw: a getter, a proxy trap, a `toString` that throws.
// The public functions that promise never to throw catch that at their edge and answer with an
// error value (parsers) or a documented fallback (total functions), quoting what was thrown.

/** What a hostile value threw, as text; never throws itself. */
function thrownMessage(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
    return String(thrown);
  } catch {
    return 'an exception that cannot be shown';
  }
}

/** `<what> could not be read: <thrown>`, the one wording every such error uses. */
export const unreadableMessage = (what: string, thrown: unknown): string =>
  `${what} could not be read: ${thrownMessage(thrown)}`;

/** `get()`, or `fallback` when reading the caller's value throws. */
export function readOr<T, F>(get: () => T, fallback: F): T | F {
  try {
    return get();
  } catch {
    return fallback;
  }
}
