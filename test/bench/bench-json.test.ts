// The benchmark runner's machine-readable mode: `--quick --json` on the pure benchmarks prints
// one JSON array, one well-formed object per benchmark, in the order asked, and nothing else.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PURE_BENCHMARKS, SUITE } from '../../bench/suite';

const root = fileURLToPath(new URL('../../', import.meta.url));

function bench(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const record = z
  .object({
    name: z.string(),
    value: z.number().positive().nullable(),
    unit: z.string().min(1),
    baseline: z.string().min(1).optional(),
    baselineValue: z.number().positive().optional(),
    ratio: z.number().positive().optional(),
    goal: z.string().min(1).optional(),
    met: z.boolean().optional(),
    skipped: z.string().optional(),
    error: z.string().optional(),
    details: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .strict();

describe('npm run bench -- --quick --json', () => {
  it('prints only a JSON array with one record per pure benchmark', { timeout: 150_000 }, () => {
    const run = bench(['--quick', '--json', ...PURE_BENCHMARKS]);
    expect(run.status, run.stderr).toBe(0);
    const records = z.array(record).parse(JSON.parse(run.stdout));
    expect(records.map((r) => r.name)).toEqual(PURE_BENCHMARKS);
    for (const r of records) {
      expect(r.error, r.name).toBeUndefined();
      expect(r.value, r.name).not.toBeNull();
      // Quick mode gives no verdicts.
      expect(r.met, r.name).toBeUndefined();
      if (r.ratio !== undefined) expect(r.baselineValue, r.name).toBeDefined();
    }
  });

  it('knows every benchmark of the brief, and refuses names it does not know', () => {
    expect(SUITE.map((e) => e.name)).toEqual([
      'rank-memory-100k',
      'parse-quantity-1m',
      'parse-summary-1000',
      'synchronize-110',
      'synchronize-1000',
      'linux-summary-110',
      'linux-summary-1000',
      'notifier-latency',
      'watch-idle',
      'cli-startup',
    ]);
    const run = bench(['--json', 'no-such-benchmark']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown benchmark no-such-benchmark');
  });
});
