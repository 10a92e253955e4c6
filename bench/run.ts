// npm run bench [-- [--json] [--quick] [name…]]
//   (no option)   every benchmark, full size, a readable table
//   --json        only a JSON array on stdout, one object per benchmark (progress goes to stderr)
//   --quick       each benchmark once at a small size (CI smoke test; no goal verdicts)
//   name…         only these benchmarks (see --list)
// Exit status: 0 when every benchmark ran or was skipped for a stated reason, 1 when one failed
// (a result that differs from its baseline's, an exception), 2 on a usage error.
import { cpus, loadavg } from 'node:os';
import { type BenchContext, type BenchRecord, collectGarbage } from './harness';
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
const context: BenchContext = {
  quick,
  log: (message) => process.stderr.write(`${message}\n`),
};

const startLoad = loadavg();
const records: BenchRecord[] = [];
for (const entry of selected) {
  context.log(`… ${entry.name}`);
  try {
    collectGarbage();
    const bench = await entry.load();
    records.push(await bench.run(context));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    context.log(`${entry.name} failed: ${message}`);
    records.push({ name: entry.name, value: null, unit: '', error: message });
  }
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
