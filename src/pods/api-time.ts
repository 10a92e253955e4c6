import { parseRfc3339 } from '../signals/rfc3339';

// metav1.Time as the readers and writers here see it: epoch milliseconds inside, RFC 3339 on the
// wire, `Date`s in @kubernetes/client-node objects.

/** Go's zero `time.Time` in RFC 3339, what an unset `metav1.Time` formats as. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** The largest distance from the epoch a JavaScript `Date` can hold, in ms. */
const MAX_DATE_MS = 8.64e15;

/**
 * A timestamp as epoch ms: an RFC 3339 string (API JSON), a `Date` (client-node) or a number
 * (epoch ms already). `undefined` for anything else and for what does not parse. Strings are
 * read as `metav1.Time` unmarshals them, with Go's `time.Parse(time.RFC3339, …)` (see
 * `parseRfc3339`): `Dec 4 2026`, `2026-12-04` or a lower-case `t`/`z` read as no time at all,
 * as the API server would never store them. Never throws.
 */
export function readTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'string') return parseRfc3339(value);
  return undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Epoch ms as `metav1.Time` serializes it: `t.UTC().Format(time.RFC3339)`, so whole seconds
 * (the fraction is dropped, towards the past) and a year of at least four digits (`-0001`,
 * `10000`). `undefined` for a value no `Date` can hold (not finite, or beyond ±8.64e15 ms).
 */
export function formatApiTime(ms: number): string | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return undefined;
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const year = d.getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return (
    `${yearText}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}Z`
  );
}

/**
 * `metadata.deletionTimestamp != nil`: the pod is terminating when the field holds anything but
 * `null`. A value that does not parse as a time still counts (the API server only stores valid
 * times, so such a value says "set" more surely than it says "unset"); its time is unknown.
 */
export function isDeletionTimestampSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}
