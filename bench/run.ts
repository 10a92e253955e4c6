// npm run bench [-- [--json] [--quick] [name…]]
//   (no option)   every benchmark, full size, a readable table
//   --json        only a JSON array on stdout, one object per benchmark (progress goes to stderr)
//   --quick       each benchmark once at a small size (CI smoke test; no goal verdicts)
//   name…         only these benchmarks (see --list)
// Each benchmark runs in a node process of its own (bench/child.ts).
// Exit status: 0 when every benchmark ran or was skipped for a stated reason, 1 when one failed
// (a result that differs from its baseline's, an exception), 2 on a usage error.

import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchRecord } from './harness';
import { SUITE } from './suite';
import { formatTable } from './table';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const options = args.filter((a) => a.startsWith('-'));
const names = args.filter((a) => !a.startsWith('-'));
const known = new Set(['--json', '--quick', '--list', '--help', '-h']);

function usage(): string {
  return [
    'usage: npm run bench -- [--json] [--quick] [name…]',
    '',
    'benchmarks:',
    ...SUITE.map((e) => `  ${e.name.padEnd(20)} (${e.kind})`),
  ].join('\n');
}

const unknownOption = options.find((o) => !known.has(o));
const unknownName = names.find((n) => !SUITE.some((e) => e.name === n));
if (unknownOption !== undefined || unknownName !== undefined) {
  console.error(
    `unknown ${unknownOption !== undefined ? `option ${unknownOption}` : `benchmark ${unknownName}`}`,
  );
  console.error(usage());
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
  console.log(usage());
  process.exit(0);
}

const selected = names.length === 0 ? SUITE : SUITE.filter((e) => names.includes(e.name));
const log = (message: string) => process.stderr.write(`${message}\n`);
const child = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Run one benchmark in a fresh node (same flags and loader as this one) and read its record. */
function runInChild(name: string): BenchRecord {
  const out = spawnSync(
    process.execPath,
    [...process.execArgv, child, name, ...(quick ? ['--quick'] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = out.stdout?.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as BenchRecord;
  } catch {
    const why = out.signal ?? `exit ${out.status}`;
    return {
      name,
      value: null,
      unit: '',
      error: `the benchmark process ended (${why}) without a result`,
    };
  }
}

const startLoad = loadavg();
const records: BenchRecord[] = [];
for (const entry of selected) {
  log(`… ${entry.name}`);
  records.push(runInChild(entry.name));
}

if (json) {
  process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
} else {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, ` +
      `load average ${load(startLoad)} at start, ${load(loadavg())} at end` +
      (quick ? ' — quick mode: small sizes, one round, no verdicts' : ''),
  );
  console.log(formatTable(records));
}
process.exitCode = records.some((r) => r.error !== undefined) ? 1 : 0;
