// Runs every bench/*.bench.ts (or those whose file name contains the first argument):
//   npx tsx bench/run.ts            all suites
//   npx tsx bench/run.ts quantity   only bench/quantity.bench.ts
//   BENCH_QUICK=1 npx tsx bench/run.ts   short rounds
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatResults, runSuite, type Suite } from './harness';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

if (files.length === 0) {
  console.error(`no bench/*.bench.ts file matches "${filter}"`);
  process.exitCode = 1;
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const file of files) {
  const mod = (await import(pathToFileURL(`${dir}${file}`).href)) as { default?: Suite | Suite[] };
  const suites =
    mod.default === undefined ? [] : Array.isArray(mod.default) ? mod.default : [mod.default];
  for (const s of suites) console.log(formatResults(await runSuite(s)));
}
