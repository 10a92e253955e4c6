import { field, isObjectLike } from '../pods/api-object';
import type { Summary } from '../signals/summary';

// A Summary's own clock. A prediction made from one Summary counts time from when the stats were
// taken, and "the same pressure, later" is that Summary with every time moved on (so the
// kubelet's stale-stats guard sees fresh statistics).

/**
 * The latest time (epoch ms) among the Summary's node statistics (memory, nodefs, rlimit,
 * imagefs), or `undefined` when none carries one. Total: anything that is not a Summary has no
 * time.
 */
export function summaryTime(summary: Summary): number | undefined {
  const node = readNode(summary);
  if (node === undefined) return undefined;
  const times = [
    timeOf(field(node, 'memory')),
    timeOf(field(node, 'fs')),
    timeOf(field(node, 'rlimit')),
    timeOf(field(field(node, 'runtime'), 'imageFs')),
  ].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.max(...times);
}

/**
 * A copy of the Summary with every numeric `time` field moved by `deltaMs`: the same numbers,
 * reported `deltaMs` later. The input is not modified. Trusting: a parsed Summary (plain JSON, no
 * cycles).
 */
export function shiftSummaryTimes(summary: Summary, deltaMs: number): Summary {
  const shift = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(shift);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === 'time' && typeof v === 'number' ? v + deltaMs : shift(v);
    }
    return out;
  };
  return shift(summary) as Summary;
}

function readNode(summary: unknown): Record<string, unknown> | undefined {
  const node = field(summary, 'node');
  return isObjectLike(node) ? node : undefined;
}

function timeOf(stats: unknown): number | undefined {
  const t = field(stats, 'time');
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}
