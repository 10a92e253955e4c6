// The addon itself (below the Notifier layer): argument checks, error details, counters back to
// zero, no fd leak when closing mid-registration, and the PSI storm after rmdir stopped at once.
// These are also the tests `npm run test:asan` runs against an AddressSanitizer build.
import { spawnSync } from 'node:child_process';
import { rmdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NativeMessage, NotifierAddon } from '../../../src/platform/linux/native/addon';
import {
  findPackageRoot,
  loadNotifierAddon,
  NATIVE_ADDON_ENV,
} from '../../../src/platform/linux/native/loader';
import { CgroupSandbox, fdCount, selfMemcgDir, selfV2Dir, waitFor } from '../../kernel/cgroups';
import { skipWith, sleep } from './support';

const loaded = loadNotifierAddon();
const addonOrSkip = (ctx: { skip: (note?: string) => never }): NotifierAddon =>
  loaded.isOk()
    ? loaded.value
    : skipWith(ctx, `${loaded.error.message} (run: npm run build:native)`);

/** Collects callbacks of one raw watch. */
function collector() {
  const messages: NativeMessage[] = [];
  let wake: (() => void) | undefined;
  const cb = (...m: NativeMessage) => {
    messages.push(m);
    wake?.();
  };
  const until = async (pred: (m: NativeMessage[]) => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (!pred(messages)) {
      if (Date.now() > end) throw new Error(`timeout; got ${messages.map((m) => m[0]).join(',')}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 20);
      });
    }
  };
  return { messages, cb, until, types: () => messages.map((m) => m[0]) };
}

const idle = (a: NotifierAddon) =>
  waitFor(() => {
    const s = a.stats();
    return (
      s.watches === 0 &&
      s.inflight === 0 &&
      s.cores === 0 &&
      s.psiHandles === 0 &&
      s.pendingCloses === 0 &&
      s.closing === 0
    );
  }, 2000);

describe('native addon', () => {
  const sandbox = new CgroupSandbox();
  afterAll(async () => {
    expect(await sandbox.cleanup()).toEqual([]);
  });

  it('throws TypeError/RangeError on bad arguments (the TS layer validates before)', (ctx) => {
    const a = addonOrSkip(ctx);
    const cb = () => {};
    const bad: [string, () => unknown][] = [
      ['relative dir', () => a.watchThreshold('sys/fs', 'memory.usage_in_bytes', 1n, cb)],
      ['NUL in dir', () => a.watchThreshold('/sys\0/fs', 'memory.usage_in_bytes', 1n, cb)],
      ['slash in attribute', () => a.watchThreshold('/sys', 'a/b', 1n, cb)],
      ['number threshold', () => a.watchThreshold('/sys', 'x', 1 as never, cb)],
      ['negative threshold', () => a.watchThreshold('/sys', 'x', -1n, cb)],
      ['> u64 threshold', () => a.watchThreshold('/sys', 'x', 1n << 64n, cb)],
      ['no callback', () => a.watchOom('/sys', undefined as never)],
      ['long trigger', () => a.watchPsi('/proc/pressure/memory', 'x'.repeat(200), cb)],
      ['no path', () => a.watchEventsFile(undefined as never, cb)],
    ];
    for (const [name, f] of bad) expect(f, name).toThrow(/must|too long/);
    expect(a.close(123456789)).toBe(false);
    expect(a.close(-1)).toBe(false);
    expect(a.close(Number.NaN)).toBe(false);
    expect(a.stats().watches).toBe(0);
  });

  it('reports errno, syscall and path when the kernel refuses', async (ctx) => {
    const a = addonOrSkip(ctx);
    const missing = collector();
    a.watchOom('/sys/fs/cgroup/memory/evictkit-missing', missing.cb);
    const psi = collector();
    a.watchPsi('/proc/pressure/memory', 'some 150000 1000000', psi.cb);
    await missing.until((m) => m.length > 0);
    await psi.until((m) => m.length > 0);
    expect(missing.messages[0]).toEqual([
      'error',
      {
        errno: 2,
        syscall: 'open',
        path: '/sys/fs/cgroup/memory/evictkit-missing',
        message: 'No such file or directory',
      },
    ]);
    const [type, detail] = psi.messages[0] as NativeMessage;
    if (type === 'ready') {
      console.warn('[info] this kernel accepts 1 s PSI windows (CAP_SYS_RESOURCE or kernel < 6.5)');
    } else {
      expect(type).toBe('error');
      expect(detail).toMatchObject({ errno: 22, syscall: 'write', path: '/proc/pressure/memory' });
    }
    expect(await idle(a)).toBe(true);
  });

  it('closes 500 registrations mid-flight without leaking an fd or a watch', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfMemcgDir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    // Registrations on one memcg serialise in the kernel (thresholds_lock held across
    // synchronize_rcu), so spread them over 10 cgroups.
    const cgs: string[] = [];
    for (let i = 0; i < 10; i++) {
      const cg = sandbox.make(parent.value, 'raw');
      if (!cg.ok) skipWith(ctx, cg.reason);
      cgs.push(cg.value);
    }
    const before = fdCount();
    // Per watch: what it was told. PSI watches on /proc/pressure/memory may also get `event`s
    // when another test file provokes memory pressure at the same time; only the
    // registration outcome is checked.
    const calls: string[][] = [];
    const ids: number[] = [];
    for (let i = 0; i < 500; i++) {
      const kind = i % 3;
      const cg = cgs[i % cgs.length] as string;
      const mine: string[] = [];
      calls.push(mine);
      const cb = (...m: NativeMessage) => mine.push(m[0]);
      if (kind === 0) ids.push(a.watchThreshold(cg, 'memory.usage_in_bytes', 1n << 40n, cb));
      else if (kind === 1) ids.push(a.watchOom(cg, cb));
      else ids.push(a.watchPsi('/proc/pressure/memory', 'some 500000 2000000', cb));
      if (i % 2 === 0) expect(a.close(ids[i] as number)).toBe(true); // still registering
    }
    await waitFor(() => a.stats().inflight === 0, 10_000);
    for (const id of ids) a.close(id);
    for (const id of ids) expect(a.close(id)).toBe(false);
    expect(await idle(a)).toBe(true);
    expect(fdCount()).toBe(before);
    // Watches closed while registering never call back; the others said ready or error once,
    // first, and were never closed by the kernel.
    for (let i = 0; i < 500; i++) {
      const mine = calls[i] as string[];
      if (i % 2 === 0) {
        expect(mine, `watch ${i}`).toEqual([]);
        continue;
      }
      const outcomes = mine.filter((c) => c === 'ready' || c === 'error');
      expect(outcomes, `watch ${i}: ${mine.join(',')}`).toHaveLength(1);
      expect(mine[0], `watch ${i}`).toBe(outcomes[0]);
      expect(mine.every((c) => c === 'ready' || c === 'error' || c === 'event')).toBe(true);
    }
  }, 30_000);

  it('stops the PSI fd at once after rmdir (no EPOLLERR storm): one closed, handle gone', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfV2Dir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const cg = sandbox.make(parent.value, 'storm');
    if (!cg.ok) skipWith(ctx, cg.reason);
    const before = fdCount();
    const c = collector();
    a.watchPsi(join(cg.value, 'memory.pressure'), 'some 500000 2000000', c.cb);
    await c.until((m) => m.length > 0);
    if (c.messages[0]?.[0] !== 'ready')
      skipWith(ctx, `PSI trigger refused: ${JSON.stringify(c.messages[0])}`);
    expect(a.stats().psiHandles).toBe(1);
    rmdirSync(cg.value);
    sandbox.forget(cg.value);
    await c.until((m) => m.some((x) => x[0] === 'closed'));
    await sleep(200);
    expect(c.types()).toEqual(['ready', 'closed']);
    expect(c.messages[1]?.[1]).toMatchObject({
      reason: 'cgroup-removed',
      errno: 19,
      syscall: 'read',
    });
    expect(await idle(a)).toBe(true);
    expect(fdCount()).toBe(before);
  });

  it('reports the removal wake-up of a memcg eventfd as closed, never as an event', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfMemcgDir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const cg = sandbox.make(parent.value, 'wake');
    if (!cg.ok) skipWith(ctx, cg.reason);
    const c = collector();
    let jsAt = 0n;
    // rmdir makes the eventfd fire once with counter 1, exactly like a crossing; the addon
    // re-reads usage_in_bytes (ENODEV) and reports closed instead.
    a.watchThreshold(cg.value, 'memory.usage_in_bytes', 1n << 40n, (...m) => {
      if (m[0] === 'closed') jsAt = process.hrtime.bigint();
      c.cb(...m);
    });
    await c.until((m) => m.length > 0);
    const t0 = process.hrtime.bigint();
    rmdirSync(cg.value);
    sandbox.forget(cg.value);
    await c.until((m) => m.some((x) => x[0] === 'closed'));
    console.log(
      `[native] rmdir -> closed in JS: ${(Number(jsAt - t0) / 1e6).toFixed(1)} ms (css offline is asynchronous)`,
    );
    expect(c.types()).toEqual(['ready', 'closed']);
    expect(await idle(a)).toBe(true);
  });

  it('survives worker threads that load it and exit with watches open or registering', (ctx) => {
    addonOrSkip(ctx);
    const root = findPackageRoot();
    if (root === undefined) skipWith(ctx, 'package root not found');
    const file =
      process.env[NATIVE_ADDON_ENV] ||
      (createRequire(import.meta.url)('node-gyp-build') as { path(dir: string): string }).path(
        root,
      );
    // Each worker registers three watches and is terminated before or after they are ready.
    // The addon must close its handles, join its registration threads (the library may be
    // unmapped right after) and not crash the process.
    const code = `
      const { Worker } = require('node:worker_threads');
      const body = (mode) => \`
        const { parentPort } = require('node:worker_threads');
        const a = require(\${JSON.stringify(${JSON.stringify(file)})});
        let n = 0;
        const cb = () => { if (++n === 3) parentPort.postMessage('ready'); };
        a.watchPsi('/proc/pressure/memory', 'some 500000 2000000', cb);
        a.watchEventsFile('/sys/fs/cgroup/unified/cgroup.procs', cb);
        a.watchOom('/sys/fs/cgroup/memory', cb);
        if (\${JSON.stringify(mode)} === 'inflight') parentPort.postMessage('ready');
      \`;
      (async () => {
        for (let i = 0; i < 6; i++) {
          const w = new Worker(body(i % 2 ? 'ready' : 'inflight'), { eval: true });
          await new Promise((r) => w.once('message', r));
          await w.terminate();
        }
        console.log('ok');
      })();
    `;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 20_000 });
    expect({
      status: r.status,
      signal: r.signal,
      out: r.stdout.trim(),
      err: r.stderr.slice(0, 400),
    }).toEqual({
      status: 0,
      signal: null,
      out: 'ok',
      err: '',
    });
  });
});
