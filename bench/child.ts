// One benchmark in a process of its own (bench/run.ts starts one per benchmark): the heap, the
// JIT state and any collection still running from one benchmark cannot leak into the next's
// timed rounds. Prints the record as one JSON line on stdout; progress goes to stderr.
//   node --expose-gc --import tsx bench/child.ts <name> [--quick]
import { type BenchRecord, collectGarbage } from './harness';
import { SUITE } from './suite';

const [name, ...flags] = process.argv.slice(2);
const entry = SUITE.find((e) => e.name === name);
let record: BenchRecord;
if (entry === undefined) {
  record = { name: String(name), value: null, unit: '', error: 'unknown benchmark' };
} else {
  try {
    const bench = await entry.load();
    collectGarbage();
    record = await bench.run({
      quick: flags.includes('--quick'),
      log: (message) => process.stderr.write(`${message}\n`),
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${entry.name} failed: ${message}\n`);
    record = { name: entry.name, value: null, unit: '', error: message };
  }
}
process.stdout.write(`${JSON.stringify(record)}\n`);
// Kernel benchmarks leave nothing running; exit without waiting for stray handles all the same.
process.exit(0);
