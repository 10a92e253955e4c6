import type { BenchRecord } from './harness';

function fmt(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return `${value} ${unit}`.trim();
}

/** The records as a plain-text table, details indented under each row. */
export function formatTable(records: readonly BenchRecord[]): string {
  const rows = records.map((r) => {
    const verdict =
      r.error !== undefined
        ? 'FAILED'
        : r.skipped !== undefined
          ? 'skipped'
          : r.met === undefined
            ? ''
            : r.met
              ? 'met'
              : 'MISSED';
    return [
      r.name,
      r.value === null ? '—' : fmt(r.value, r.unit),
      r.baselineValue === undefined ? '' : fmt(r.baselineValue, r.unit),
      r.ratio === undefined ? '' : `${r.ratio}×`,
      r.goal ?? '',
      verdict,
    ];
  });
  const header = ['benchmark', 'evictkit', 'baseline', 'ratio', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 1 || i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  records.forEach((r, i) => {
    out.push(line(rows[i]!));
    if (r.baseline !== undefined) out.push(`    baseline: ${r.baseline}`);
    if (r.skipped !== undefined) out.push(`    skipped: ${r.skipped}`);
    if (r.error !== undefined) out.push(`    error: ${r.error}`);
    if (r.details !== undefined) {
      const parts = Object.entries(r.details).map(([k, v]) => `${k}=${v}`);
      out.push(`    ${parts.join(', ')}`);
    }
  });
  return out.join('\n');
}
