#!/usr/bin/env node
// The `evictkit` command: a shim over the built CLI (run `npm run build` first).
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (cause) {
  if (cause?.code !== 'ERR_MODULE_NOT_FOUND' || !String(cause.message).includes('dist'))
    throw cause;
  process.stderr.write('evictkit: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
