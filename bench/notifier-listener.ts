// evictkit's side of the notifier-latency benchmark, in a process of its own, the same shape as
// the C baseline (bench/c/threshold-listener.c): register one memcg v1 threshold, print "ready",
// then one line per event, exit when stdin closes. Nothing else runs in this process, so it is
// scheduled like the C listener: the harness (reading the child's reports, timers, bookkeeping)
// lives in another process and its CPU time does not count against this one's on wake-up.
//   node --import tsx bench/notifier-listener.ts <mode> <cgroup dir> <threshold bytes> <memory root>
// modes:
//   notifier  the public path: createNotifier({ backend: 'native' }).watch({ kind: 'threshold' }),
//             prints "e <process.hrtime ns>" in the callback of each `crossed` event
//   addon     the raw addon's watchThreshold, prints "e <callback ns> <loop wake-up ns>"
import { loadNotifierAddon } from '../src/platform/linux/native/loader';
import { createNotifier } from '../src/platform/notifier/registry';

const [mode, dir, thresholdText, memoryRoot] = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);
const die = (message: string): never => {
  process.stderr.write(`notifier-listener: ${message}\n`);
  process.exit(1);
};
if (dir === undefined || thresholdText === undefined || memoryRoot === undefined) {
  die('usage: notifier-listener <notifier|addon> <cgroup dir> <threshold bytes> <memory root>');
}
const threshold = BigInt(thresholdText!);

let close: () => void = () => {};
if (mode === 'notifier') {
  const notifier = createNotifier({ backend: 'native', roots: [memoryRoot!] });
  if (notifier.isErr()) die(notifier.error.message);
  const watch = notifier
    ._unsafeUnwrap()
    .watch({ kind: 'threshold', cgroup: dir!, bytes: threshold });
  if (watch.isErr()) die(watch.error.message);
  const handle = watch._unsafeUnwrap();
  handle.on((event) => {
    if (event.type === 'crossed') out(`e ${process.hrtime.bigint()}`);
  });
  const registered = await handle.ready;
  if (registered.isErr()) die(registered.error.message);
  close = () => {
    handle.close();
    notifier._unsafeUnwrap().close();
  };
} else if (mode === 'addon') {
  const loaded = loadNotifierAddon();
  if (loaded.isErr()) die(loaded.error.message);
  const addon = loaded._unsafeUnwrap();
  const state = await new Promise<string>((resolve) => {
    const id = addon.watchThreshold(dir!, 'memory.usage_in_bytes', threshold, (...m) => {
      if (m[0] === 'event') out(`e ${process.hrtime.bigint()} ${m[1].wakeNs}`);
      else resolve(m[0] === 'error' ? `error ${m[1].syscall}: ${m[1].message}` : m[0]);
    });
    close = () => addon.close(id);
  });
  if (state !== 'ready') die(`raw addon watch: ${state}`);
} else {
  die(`unknown mode ${mode}`);
}
out('ready');
process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  close();
  process.exit(0);
});
