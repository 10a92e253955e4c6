// Go's `time.Parse(time.RFC3339, s)`, which is how `metav1.Time` reads its JSON string (Go 1.2x
// `time/format.go`). What it accepts, and so what the API server and the kubelet accept:
// - `YYYY-MM-DDTHH:MM:SS`, with an upper-case `T`, a four-digit year 0000–9999, two-digit month,
//   day, minute and second, and an hour of one or two digits (the layout's `15` is not
//   zero-padded); month 1–12, the day within its month (proleptic Gregorian leap years), hour
//   0–23, minute and second 0–59 (no leap second);
// - then optionally a fraction: `.` or `,` and any number of digits (nanoseconds, the rest
//   ignored);
// - then an upper-case `Z`, or `+hh:mm` / `-hh:mm` with two digits each, where Go lets the hour
//   reach 24 and the minute 60 (`>` rather than `>=` in its range test);
// - nothing else: no lower-case `t` or `z`, no spaces, no date-only or time-only forms.

const LAYOUT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * An RFC 3339 timestamp as Go's `time.Parse(time.RFC3339, …)` reads it, in epoch milliseconds
 * (digits below the millisecond are dropped, towards the past). `undefined` for any string Go
 * rejects. Never throws.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = LAYOUT.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const offsetHours = Number(m[9]);
    const offsetMins = Number(m[10]);
    if (offsetHours > 24 || offsetMins > 60) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  return date.getTime() + millis - offsetMinutes * 60_000;
}
