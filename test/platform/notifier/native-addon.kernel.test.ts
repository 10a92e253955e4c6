// The addon itself (below the Notifier layer): argument checks, error details, counters back to
// zero, no fd leak when closing mid-registration, and the PSI storm after rmdir stopped at once.
// These are also the tests `npm run test:asan` runs against an AddressSanitizer build.
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NativeMessage, NotifierAddon } from '../../../src/platform/linux/native/addon';
import {
  findPackageRoot,
  loadNotifierAddon,
  NATIVE_ADDON_ENV,
} from '../../../src/platform/linux/native/loader';
import { createNativeNotifier } from '../../../src/platform/notifier/native';
import {
  CgroupSandbox,
  fdCount,
  plainEnv,
  selfMemcgDir,
  selfV2Dir,
  waitFor,
} from '../../kernel/cgroups';
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

  it('cgroups removed while their watches register: each ends once (error, or ready then closed), no fd leaks', async (ctx) => {
    const a = addonOrSkip(ctx);
    const memParent = selfMemcgDir();
    const v2Parent = selfV2Dir();
    if (!memParent.ok) skipWith(ctx, memParent.reason);
    if (!v2Parent.ok) skipWith(ctx, v2Parent.reason);
    const before = fdCount();
    for (let round = 0; round < 3; round++) {
      const dirs: string[] = [];
      const logs: string[][] = [];
      const watch = (start: (cb: (...m: NativeMessage) => void) => number) => {
        const log: string[] = [];
        logs.push(log);
        start((...m) => log.push(m[0] === 'closed' ? `closed:${m[1].reason}` : m[0]));
      };
      for (let i = 0; i < 10; i++) {
        const mem = sandbox.make(memParent.value, 'rmreg');
        const v2 = sandbox.make(v2Parent.value, 'rmreg');
        if (!mem.ok) skipWith(ctx, mem.reason);
        if (!v2.ok) skipWith(ctx, v2.reason);
        dirs.push(mem.value, v2.value);
        watch((cb) => a.watchThreshold(mem.value, 'memory.usage_in_bytes', 1n << 40n, cb));
        watch((cb) => a.watchOom(mem.value, cb));
        watch((cb) => a.watchEventsFile(join(v2.value, 'cgroup.events'), cb));
        watch((cb) => a.watchPsi(join(v2.value, 'memory.pressure'), 'some 500000 2000000', cb));
      }
      // Removed at once (round 0) or a little later (rounds 1, 2): before, during and after the
      // kernel registrations, which take ~12 ms each.
      await sleep(round * 6);
      for (const d of dirs) {
        rmdirSync(d);
        sandbox.forget(d);
      }
      expect(
        await waitFor(() => logs.every((l) => l.length > 0 && l.at(-1) !== 'ready'), 3000),
      ).toBe(true);
      await sleep(100);
      for (const log of logs) {
        expect(['error', 'ready,closed:cgroup-removed']).toContain(log.join(','));
      }
      expect(await idle(a)).toBe(true);
    }
    expect(fdCount()).toBe(before);
  }, 20_000);

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

  it('never writes a registration into a file that is not on cgroupfs or procfs', async (ctx) => {
    const a = addonOrSkip(ctx);
    // A look-alike tree on an ordinary filesystem: the registration line would land in the
    // file (and a FIFO would block the open) if the addon did not check the filesystem first.
    const dir = mkdtempSync(join(tmpdir(), 'evictkit-fake-memcg-'));
    try {
      writeFileSync(join(dir, 'cgroup.event_control'), '');
      writeFileSync(join(dir, 'memory.usage_in_bytes'), '4096\n');
      writeFileSync(join(dir, 'memory.oom_control'), 'under_oom 0\n');
      writeFileSync(
        join(dir, 'memory.pressure'),
        'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
      );
      const before = fdCount();
      const thr = collector();
      const oom = collector();
      const psi = collector();
      a.watchThreshold(dir, 'memory.usage_in_bytes', 1n, thr.cb);
      a.watchOom(dir, oom.cb);
      a.watchPsi(join(dir, 'memory.pressure'), 'some 500000 2000000', psi.cb);
      for (const c of [thr, oom, psi]) await c.until((m) => m.length > 0);
      for (const [c, path] of [
        [thr, dir],
        [oom, dir],
        [psi, join(dir, 'memory.pressure')],
      ] as const) {
        expect(c.messages).toEqual([
          ['error', { errno: 22, syscall: 'fstatfs', path, message: 'Invalid argument' }],
        ]);
      }
      expect(readFileSync(join(dir, 'cgroup.event_control'), 'utf8')).toBe('');
      expect(readFileSync(join(dir, 'memory.pressure'), 'utf8')).toMatch(/total=0\n$/);
      expect(await idle(a)).toBe(true);
      expect(fdCount()).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('through the notifier: a look-alike tree is invalid-path, a link inside the roots is opened at its real path', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfMemcgDir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const dir = mkdtempSync(join(tmpdir(), 'evictkit-fake-roots-'));
    const cg = sandbox.make(parent.value, 'linked');
    if (!cg.ok) skipWith(ctx, cg.reason);
    try {
      writeFileSync(join(dir, 'cgroup.event_control'), '');
      writeFileSync(join(dir, 'memory.oom_control'), 'under_oom 0\n');
      symlinkSync(cg.value, join(dir, 'memcg'));
      const n = createNativeNotifier(a, { roots: [dir, parent.value] });
      const fake = n.watch({ kind: 'oom', cgroup: dir })._unsafeUnwrap();
      expect((await fake.ready)._unsafeUnwrapErr()).toMatchObject({
        code: 'invalid-path',
        path: realpathSync(dir),
        message: expect.stringMatching(/not on a cgroup v1 hierarchy/),
      });
      expect(readFileSync(join(dir, 'cgroup.event_control'), 'utf8')).toBe('');
      const linked = n
        .watch({ kind: 'threshold', cgroup: join(dir, 'memcg'), bytes: 1n << 40n })
        ._unsafeUnwrap();
      expect((await linked.ready).isOk()).toBe(true);
      n.close();
      expect(await idle(a)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never follows a symlink in the path it is given (the TS layer passes real paths)', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfMemcgDir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const dir = mkdtempSync(join(tmpdir(), 'evictkit-links-'));
    try {
      symlinkSync(parent.value, join(dir, 'memcg'));
      symlinkSync('/proc/pressure', join(dir, 'pressure'));
      const thr = collector();
      const psi = collector();
      a.watchThreshold(join(dir, 'memcg'), 'memory.usage_in_bytes', 1n << 40n, thr.cb);
      a.watchPsi(join(dir, 'pressure', 'memory'), 'some 500000 2000000', psi.cb);
      await thr.until((m) => m.length > 0);
      await psi.until((m) => m.length > 0);
      expect(thr.messages[0]).toMatchObject(['error', { errno: 40, syscall: 'open' }]); // ELOOP
      expect(psi.messages[0]).toMatchObject(['error', { errno: 40, syscall: 'open' }]);
      expect(await idle(a)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a sibling rmdir does not swallow a change of an events file that is pending', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfV2Dir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const [cgA, cgB, cgC] = ['sibA', 'sibB', 'sibC'].map((label) => {
      const cg = sandbox.make(parent.value, label);
      if (!cg.ok) skipWith(ctx, cg.reason);
      return cg.value;
    }) as [string, string, string];
    const sleepers = [0, 1].map(() => {
      const p = spawn('sleep', ['30'], { stdio: 'ignore', env: plainEnv() });
      sandbox.track(p.pid);
      return p.pid ?? -1;
    }) as [number, number];
    const watchA = collector();
    let moved = false;
    // C's first change moves a process into A from inside the callback, i.e. after the
    // readiness of this loop turn was collected and before the addon re-validates the
    // suspects of the sibling's IN_DELETE (A and C share the parent directory).
    const watchC = collector();
    const cbC = (...m: NativeMessage) => {
      watchC.cb(...m);
      if (m[0] === 'event' && !moved) {
        moved = true;
        writeFileSync(join(cgA, 'cgroup.procs'), String(sleepers[0]));
      }
    };
    const ids = [
      a.watchEventsFile(join(cgA, 'cgroup.events'), watchA.cb),
      a.watchEventsFile(join(cgC, 'cgroup.events'), cbC),
    ];
    await watchA.until((m) => m.length > 0);
    await watchC.until((m) => m.length > 0);
    expect([watchA.types(), watchC.types()]).toEqual([['ready'], ['ready']]);
    rmdirSync(cgB);
    sandbox.forget(cgB);
    writeFileSync(join(cgC, 'cgroup.procs'), String(sleepers[1]));
    await watchC.until((m) => m.some((x) => x[0] === 'event'));
    expect(moved).toBe(true);
    await watchA.until((m) => m.some((x) => x[0] === 'event'), 2000);
    expect(watchA.messages[1]?.[1]).toMatchObject({
      content: expect.stringMatching(/^populated 1$/m),
    });
    for (const id of ids) expect(a.close(id)).toBe(true);
    expect(await idle(a)).toBe(true);
  });

  it('re-validates every events watch when the inotify queue overflows', async (ctx) => {
    const a = addonOrSkip(ctx);
    const parent = selfV2Dir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    let limit = 16384;
    try {
      limit = Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8'));
    } catch {
      // keep the default
    }
    if (!(limit <= 20_000)) skipWith(ctx, `max_queued_events is ${limit}: too many cgroups`);
    // Two watched cgroups under two parents (one inotify watch each). The flood of IN_DELETE
    // events comes from siblings in the first parent, before the loop reads any of them; the
    // second cgroup is removed last, so its own event is dropped with the overflow.
    const parents = ['ovf1', 'ovf2'].map((label) => {
      const cg = sandbox.make(parent.value, label);
      if (!cg.ok) skipWith(ctx, cg.reason);
      return cg.value;
    }) as [string, string];
    const [flooded, quiet] = parents.map((p) => join(p, 'watched')) as [string, string];
    mkdirSync(flooded);
    mkdirSync(quiet);
    const cFlooded = collector();
    const cQuiet = collector();
    const idFlooded = a.watchEventsFile(join(flooded, 'cgroup.events'), cFlooded.cb);
    a.watchEventsFile(join(quiet, 'cgroup.events'), cQuiet.cb);
    await cFlooded.until((m) => m.length > 0);
    await cQuiet.until((m) => m.length > 0);
    expect([cFlooded.types(), cQuiet.types()]).toEqual([['ready'], ['ready']]);
    const siblings = Array.from({ length: limit + 16 }, (_, i) => join(parents[0], `s${i}`));
    for (const d of siblings) mkdirSync(d);
    for (const d of siblings) rmdirSync(d);
    rmdirSync(quiet);
    await cQuiet.until((m) => m.some((x) => x[0] === 'closed'), 5000);
    expect(cQuiet.types()).toEqual(['ready', 'closed']);
    expect(cQuiet.messages[1]?.[1]).toMatchObject({ reason: 'cgroup-removed', errno: 19 });
    expect(cFlooded.types()).toEqual(['ready']); // still there: re-validated, not reported
    expect(a.close(idFlooded)).toBe(true);
    rmdirSync(flooded);
    expect(await idle(a)).toBe(true);
  }, 30_000);

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
