// The same notifier suite against every backend, on the real kernel: cgroups are created under
// this process's own cgroups and removed after each test, even when it fails.
import { spawn } from 'node:child_process';
import { rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Notifier } from '../../../src/platform/notifier/types';
import {
  CgroupSandbox,
  type Probe,
  plainEnv,
  readUsage,
  selfMemcgDir,
  selfV2Dir,
} from '../../kernel/cgroups';
import { spawnAllocator } from '../../kernel/children';
import { BACKENDS, describeResult, MiB, Recorder, skipWith, sleep, unwrap } from './support';

type Ctx = { skip: (note?: string) => never };

function need<T>(ctx: Ctx, p: Probe<T>): T {
  if (!p.ok) skipWith(ctx, p.reason);
  return p.value;
}

describe.each(BACKENDS)('$name notifier on the real kernel', (backend) => {
  const sandbox = new CgroupSandbox();
  let notifier: Notifier | undefined;
  const memcg = selfMemcgDir();
  const v2 = selfV2Dir();

  const make = (ctx: Ctx): Notifier => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    notifier = backend.create();
    return notifier;
  };

  beforeAll(() => {
    if (!memcg.ok) console.warn(`[info] v1 memory tests will skip: ${memcg.reason}`);
    if (!v2.ok) console.warn(`[info] cgroup v2 tests will skip: ${v2.reason}`);
  });

  afterEach(async () => {
    notifier?.close();
    notifier = undefined;
    expect(await sandbox.cleanup()).toEqual([]);
  });

  it('fires crossed when a child allocates across the threshold, and again when it frees', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, memcg), 'thr'));
    const child = await spawnAllocator();
    sandbox.track(child.pid);
    need(ctx, sandbox.move(child.pid, cg));
    const bytes = readUsage(cg) + 64n * MiB;
    const w = unwrap(n.watch({ kind: 'threshold', cgroup: cg, bytes }));
    const rec = new Recorder(w);
    expect(describeResult(await w.ready)).toBe('ok');

    const up = rec.next('crossed', 5000);
    let receivedAt = 0n;
    w.on((e) => {
      if (e.type === 'crossed' && receivedAt === 0n) receivedAt = process.hrtime.bigint();
    });
    child.send(`alloc-until 128 ${join(cg, 'memory.usage_in_bytes')} ${bytes}`);
    const reply = await child.next();
    await up;
    expect(reply, `usage ${readUsage(cg)}, threshold ${bytes}`).toMatch(/^crossed \d+$/);
    const crossedAt = BigInt(reply.split(' ')[1] as string);
    console.log(
      `[${backend.name}] threshold crossing (seen by the child) -> JS listener: ` +
        `${(Number(receivedAt - crossedAt) / 1e6).toFixed(2)} ms`,
    );
    expect(readUsage(cg), 'usage after the up crossing').toBeGreaterThanOrEqual(bytes);

    // Usage may wobble around the threshold while the child allocates (each wobble is a real
    // crossing); let those arrive before waiting for the way down.
    await sleep(100);
    const down = rec.next('crossed', 5000);
    child.send('free');
    await child.next();
    await child.kill(); // whatever the GC kept is uncharged at exit
    await down;
    expect(readUsage(cg), 'usage after the child exited').toBeLessThan(bytes);
    w.close();
    w.close();
    expect(rec.count('closed')).toBe(1);
    expect(rec.events.at(-1)).toMatchObject({ type: 'closed', reason: 'closed-by-caller' });
  });

  it('reports rmdir of a watched v1 memcg as exactly one closed per watch, not a crossing', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, memcg), 'rm1'));
    const thr = unwrap(
      n.watch({ kind: 'threshold', cgroup: cg, bytes: readUsage(cg) + 1024n * MiB }),
    );
    const oom = unwrap(n.watch({ kind: 'oom', cgroup: cg }));
    const recs = [new Recorder(thr), new Recorder(oom)];
    expect(describeResult(await thr.ready)).toBe('ok');
    expect(describeResult(await oom.ready)).toBe('ok');
    const closed = recs.map((r) => r.next('closed', 3000));
    rmdirSync(cg);
    sandbox.forget(cg);
    await Promise.all(closed);
    await sleep(150);
    for (const r of recs) {
      expect(r.types()).toEqual(['closed']);
      expect(r.events[0]).toMatchObject({ type: 'closed', reason: 'cgroup-removed' });
    }
    expect(n.size).toBe(0);
  });

  it('reports rmdir of a watched v2 cgroup as exactly one closed for PSI and events watches', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, v2), 'rm2'));
    const psi = unwrap(
      n.watch({
        kind: 'psi',
        path: join(cg, 'memory.pressure'),
        type: 'some',
        stallUs: 500_000,
        windowUs: 2_000_000,
      }),
    );
    const ev = unwrap(n.watch({ kind: 'events', path: join(cg, 'cgroup.events') }));
    const recs = [new Recorder(psi), new Recorder(ev)];
    const psiReady = await psi.ready;
    if (psiReady.isErr())
      skipWith(ctx, `the kernel refused a PSI trigger: ${psiReady.error.message}`);
    expect(describeResult(await ev.ready)).toBe('ok');
    const closed = recs.map((r) => r.next('closed', 3000));
    rmdirSync(cg);
    sandbox.forget(cg);
    await Promise.all(closed);
    await sleep(150);
    for (const r of recs) {
      expect(r.types()).toEqual(['closed']);
      expect(r.events[0]).toMatchObject({ type: 'closed', reason: 'cgroup-removed' });
    }
  });

  it('fires changed when a v2 events file changes (populated 0 -> 1 -> 0)', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, v2), 'ev'));
    const w = unwrap(n.watch({ kind: 'events', path: join(cg, 'cgroup.events') }));
    const rec = new Recorder(w);
    expect(describeResult(await w.ready)).toBe('ok');
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore', env: plainEnv() });
    sandbox.track(sleeper.pid);
    const populated = rec.next('changed', 3000);
    need(ctx, sandbox.move(sleeper.pid ?? -1, cg));
    await populated;
    const emptied = rec.next('changed', 3000);
    const exited = new Promise((r) => sleeper.once('exit', r));
    sleeper.kill('SIGKILL');
    await exited;
    await emptied;
    w.close();
  });

  it('fires oom when the OOM killer runs in the memcg', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, memcg), 'oom'));
    need(ctx, sandbox.write(cg, 'memory.limit_in_bytes', String(96n * MiB)));
    const child = await spawnAllocator();
    sandbox.track(child.pid);
    need(ctx, sandbox.move(child.pid, cg));
    const w = unwrap(n.watch({ kind: 'oom', cgroup: cg }));
    const rec = new Recorder(w);
    expect(describeResult(await w.ready)).toBe('ok');
    const oom = rec.next('oom', 8000);
    const died = new Promise((r) => child.proc.once('exit', (_code, signal) => r(signal)));
    child.send('alloc 256');
    await oom;
    expect(await died).toBe('SIGKILL');
    w.close();
  });

  it('reports a missing cgroup through ready (not-found) and one closed(error)', async (ctx) => {
    const n = make(ctx);
    const base = need(ctx, memcg);
    const w = unwrap(
      n.watch({ kind: 'threshold', cgroup: join(base, 'evictkit-no-such-cgroup'), bytes: 1n }),
    );
    const rec = new Recorder(w);
    const r = await w.ready;
    expect(r.isErr() && r.error.code).toBe('not-found');
    await sleep(0);
    expect(rec.types()).toEqual(['closed']);
    expect(rec.events[0]).toMatchObject({ reason: 'error', error: { code: 'not-found' } });
    expect(w.closed).toBe(true);
    expect(n.size).toBe(0);
  });

  it('rejects bad specs synchronously with typed errors and never throws', (ctx) => {
    const n = make(ctx);
    const bad: [unknown, string][] = [
      [{ kind: 'threshold', cgroup: '/etc', bytes: 1n }, 'invalid-path'],
      [
        { kind: 'threshold', cgroup: '/sys/fs/cgroup/memory/../../../etc', bytes: 1n },
        'invalid-path',
      ],
      [{ kind: 'threshold', cgroup: '/sys/fs/cgroup/memory\0x', bytes: 1n }, 'invalid-path'],
      [{ kind: 'threshold', cgroup: 'sys/fs/cgroup/memory', bytes: 1n }, 'invalid-path'],
      [{ kind: 'threshold', cgroup: '/sys/fs/cgroup/memory', bytes: -1n }, 'invalid-argument'],
      [{ kind: 'threshold', cgroup: '/sys/fs/cgroup/memory', bytes: 1 }, 'invalid-argument'],
      [
        { kind: 'threshold', cgroup: '/sys/fs/cgroup/memory', bytes: 1n, attribute: '../x' },
        'invalid-argument',
      ],
      [
        {
          kind: 'psi',
          path: '/proc/pressure/memory',
          type: 'some',
          stallUs: 1,
          windowUs: 20_000_000,
        },
        'invalid-argument',
      ],
      [
        {
          kind: 'psi',
          path: '/proc/pressure/memory',
          type: 'some',
          stallUs: 3_000_000,
          windowUs: 2_000_000,
        },
        'invalid-argument',
      ],
      [
        {
          kind: 'psi',
          path: '/proc/pressure/memory',
          type: 'most',
          stallUs: 1,
          windowUs: 2_000_000,
        },
        'invalid-argument',
      ],
      [
        {
          kind: 'psi',
          path: '/proc/pressure/bogus',
          type: 'some',
          stallUs: 1,
          windowUs: 2_000_000,
        },
        'invalid-path',
      ],
      [{ kind: 'events', path: '/sys/fs/cgroup/unified/cgroup.procs' }, 'invalid-path'],
      [{ kind: 'nope' }, 'invalid-argument'],
      [null, 'invalid-argument'],
    ];
    for (const [spec, code] of bad) {
      const r = n.watch(spec as never);
      expect(
        r.isErr() && r.error.code,
        JSON.stringify(spec, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toBe(code);
    }
    expect(n.size).toBe(0);
  });

  it('close() before the kernel accepted: ready is closed, one closed event, nothing leaks', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, memcg), 'inflight'));
    const watches = Array.from({ length: 20 }, () =>
      unwrap(n.watch({ kind: 'threshold', cgroup: cg, bytes: 1n << 40n })),
    );
    const recs = watches.map((w) => new Recorder(w));
    for (const w of watches) w.close();
    for (const w of watches) {
      const r = await w.ready;
      expect(r.isErr() && r.error.code).toBe('closed');
    }
    await sleep(100); // let in-flight registrations complete and be released
    for (const r of recs) expect(r.types()).toEqual(['closed']);
    expect(n.size).toBe(0);
  });

  it('notifier.close() closes every watch and refuses new ones', async (ctx) => {
    const n = make(ctx);
    const cg = need(ctx, sandbox.make(need(ctx, memcg), 'all'));
    const a = unwrap(n.watch({ kind: 'threshold', cgroup: cg, bytes: 1n << 40n }));
    const b = unwrap(n.watch({ kind: 'oom', cgroup: cg }));
    await Promise.all([a.ready, b.ready]);
    expect(n.size).toBe(2);
    n.close();
    expect(a.closed && b.closed).toBe(true);
    expect(n.size).toBe(0);
    const r = n.watch({ kind: 'oom', cgroup: cg });
    expect(r.isErr() && r.error.code).toBe('closed');
  });
});
