import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { unreadableMessage } from './guard';
import { parseRfc3339 } from './rfc3339';
import { describeZodError } from './validation-issues';

// The kubelet Summary API (`/stats/summary`, stats/v1alpha1). Only the fields evictkit reads are
// typed; every object is loose, so unknown fields (cpu, network, io, psi, …) pass through.
// Byte and inode counts are JSON numbers: exact up to 2^53 (8 PiB), approximate above.
// Go's `omitempty` pointers arrive as absent or `null`; both become `undefined`.

// zod cannot preprocess a Promise synchronously (it throws); one is never valid here anyway.
const settled =
  (replace: (v: unknown) => unknown) =>
  (v: unknown, ctx: z.RefinementCtx): unknown => {
    if (v instanceof Promise) {
      ctx.addIssue({ code: 'custom', message: 'Invalid input: received Promise' });
      return z.NEVER;
    }
    return replace(v);
  };

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    settled((v) => (v === null ? undefined : v)),
    schema.optional(),
  );

// Any whole number. Not zod's int(): it stops at 2^53, so one huge uint64 counter (a FUSE volume
// reporting 16 EiB) would reject the whole Summary, where the kubelet reads it.
const wholeNumber = z.number().refine(Number.isInteger, 'expected an integer');
const count = wholeNumber.refine((n) => n >= 0, 'expected a non-negative number');

/**
 * A timestamp as epoch milliseconds. Accepts RFC 3339 strings (the wire form, read as Go's
 * `time.Parse(time.RFC3339, …)` does: see `parseRfc3339`), `Date`s (`@kubernetes/client-node`
 * objects) and numbers. Sub-millisecond digits are dropped.
 */
export const timestampSchema = z.union([
  z.number().finite(),
  z.date().transform((d, ctx) => {
    const t = d.getTime();
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: 'custom', message: 'invalid Date' });
      return z.NEVER;
    }
    return t;
  }),
  z.string().transform((s, ctx) => {
    const t = parseRfc3339(s);
    if (t === undefined) {
      ctx.addIssue({ code: 'custom', message: `not an RFC 3339 timestamp: ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return t;
  }),
]);

export const memoryStatsSchema = z.looseObject({
  time: optional(timestampSchema),
  // limit − working set, unfloored upstream: negative once the working set exceeds the limit
  // (the kubelet's uint64 JSON carries it as 2^64 − the excess; `observe` reads both).
  availableBytes: optional(wholeNumber),
  usageBytes: optional(count),
  workingSetBytes: optional(count),
  rssBytes: optional(count),
  pageFaults: optional(count),
  majorPageFaults: optional(count),
});

export const fsStatsSchema = z.looseObject({
  time: optional(timestampSchema),
  availableBytes: optional(count),
  capacityBytes: optional(count),
  usedBytes: optional(count),
  inodesFree: optional(count),
  inodes: optional(count),
  inodesUsed: optional(count),
});

export const containerStatsSchema = z.looseObject({
  name: z.string(),
  startTime: optional(timestampSchema),
  memory: optional(memoryStatsSchema),
  rootfs: optional(fsStatsSchema),
  logs: optional(fsStatsSchema),
});

export const podReferenceSchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  uid: z.string(),
});

export const volumeStatsSchema = fsStatsSchema.extend({
  name: z.string(),
  pvcRef: optional(z.looseObject({ name: z.string(), namespace: z.string() })),
});

export const podStatsSchema = z.looseObject({
  podRef: podReferenceSchema,
  startTime: optional(timestampSchema),
  containers: optional(z.array(containerStatsSchema)),
  memory: optional(memoryStatsSchema),
  volume: optional(z.array(volumeStatsSchema)),
  'ephemeral-storage': optional(fsStatsSchema),
  process_stats: optional(z.looseObject({ process_count: optional(count) })),
});

export const rlimitStatsSchema = z.looseObject({
  time: optional(timestampSchema),
  maxpid: optional(wholeNumber),
  curproc: optional(wholeNumber),
});

export const runtimeStatsSchema = z.looseObject({
  imageFs: optional(fsStatsSchema),
  containerFs: optional(fsStatsSchema),
});

export const nodeStatsSchema = z.looseObject({
  nodeName: z.string(),
  systemContainers: optional(z.array(containerStatsSchema)),
  startTime: optional(timestampSchema),
  memory: optional(memoryStatsSchema),
  fs: optional(fsStatsSchema),
  runtime: optional(runtimeStatsSchema),
  rlimit: optional(rlimitStatsSchema),
});

export const summarySchema = z.looseObject({
  node: nodeStatsSchema,
  pods: z.preprocess(
    settled((v) => (v === null || v === undefined ? [] : v)),
    z.array(podStatsSchema),
  ),
});

export type MemoryStats = z.output<typeof memoryStatsSchema>;
export type FsStats = z.output<typeof fsStatsSchema>;
export type ContainerStats = z.output<typeof containerStatsSchema>;
export type VolumeStats = z.output<typeof volumeStatsSchema>;
export type PodReference = z.output<typeof podReferenceSchema>;
export type PodStats = z.output<typeof podStatsSchema>;
export type RlimitStats = z.output<typeof rlimitStatsSchema>;
export type RuntimeStats = z.output<typeof runtimeStatsSchema>;
export type NodeStats = z.output<typeof nodeStatsSchema>;
/** A validated Summary: timestamps are epoch milliseconds, `null`s are gone. */
export type Summary = z.output<typeof summarySchema>;

/** One problem found in a Summary payload, with the JSON path to it. */
export interface SummaryIssue {
  path: string;
  message: string;
}
export interface SummaryError {
  code: 'invalid-summary';
  issues: SummaryIssue[];
  message: string;
}

// The largest double below 2^63. JSON.parse rounds the integers from 2^63 − 512 to 2^63 − 1
// (math.MaxInt64 among them) up to 2^63, which the kubelet's int64() would read as −2^63: a
// huge figure turned into a negative one. Written as this number instead, they stay positive.
const BELOW_2_63 = '9223372036854774784';
const INT64_MAX = 2n ** 63n - 1n;
// A JSON string (skipped) or an integer literal of 19 digits or more that is not a fraction or
// exponent part.
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{19,}(?![\d.eE])/g;

function keepBelowInt64(text: string): string {
  if (!/\d{19}/.test(text)) return text;
  return text.replace(LONG_INTEGER, (token) => {
    if (token.startsWith('"') || token.startsWith('-')) return token;
    return BigInt(token) <= INT64_MAX && Number(token) >= 2 ** 63 ? BELOW_2_63 : token;
  });
}

/**
 * Validate a Summary API payload: a parsed JSON value, or the JSON text itself.
 * Never throws.
 *
 * Counters are JSON numbers, exact up to 2^53. From the text, one thing more is kept exact in
 * kind: an integer just under 2^63 (math.MaxInt64, which JSON.parse would round up to 2^63 and
 * so across the int64 boundary `observe` converts at) is read as 2^63 − 1024, still positive.
 */
export function parseSummary(input: unknown): Result<Summary, SummaryError> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(keepBelowInt64(input));
    } catch (e) {
      const message = `summary is not valid JSON: ${(e as Error).message}`;
      return err({ code: 'invalid-summary', issues: [{ path: '$', message }], message });
    }
  }
  let parsed: ReturnType<typeof summarySchema.safeParse>;
  try {
    parsed = summarySchema.safeParse(value);
  } catch (thrown) {
    const message = unreadableMessage('summary', thrown);
    return err({ code: 'invalid-summary', issues: [{ path: '$', message }], message });
  }
  if (parsed.success) return ok(parsed.data);
  const { issues, message } = describeZodError('invalid Summary', parsed.error);
  return err({ code: 'invalid-summary', issues, message });
}
