// PSI triggers under real, provoked memory pressure: a page-cache thrash (random 4 KiB preads
// over a 160 MiB file) inside a 48 MiB v1 memcg, the thrashing process also in its own v2
// cgroup, where PSI is accounted even without a v2 memory controller (LINUX-PROBE §3b).
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Notifier } from '../../../src/platform/notifier/types';
import { CgroupSandbox, compileC, type Probe, selfMemcgDir, selfV2Dir } from '../../kernel/cgroups';
import { LineChild, THRASH_SOURCE } from '../../kernel/children';
import { BACKENDS, MiB, Recorder, skipWith, unwrap } from './support';

type Ctx = { skip: (note?: string) => never };
const need = <T>(ctx: Ctx, p: Probe<T>): T => (p.ok ? p.value : skipWith(ctx, p.reason));

let dir = '';
let file = '';
let thrash: Probe<string> = { ok: false, reason: 'not compiled yet' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evictkit-psi-'));
  thrash = compileC(THRASH_SOURCE, dir, 'thrash');
  file = join(dir, 'thrash.dat');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4 << 20, 0x5a);
  for (let i = 0; i < 40; i++) writeSync(fd, chunk); // 160 MiB
  fsyncSync(fd); // clean pages, so FADV_DONTNEED can drop them
  closeSync(fd);
}, 30_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe.each(BACKENDS)('$name notifier: PSI under provoked pressure', (backend) => {
  const sandbox = new CgroupSandbox();
  let notifier: Notifier | undefined;

  afterEach(async () => {
    notifier?.close();
    notifier = undefined;
    expect(await sandbox.cleanup()).toEqual([]);
  });

  it('fires pressure on the v2 cgroup and on /proc/pressure/memory within a few seconds', async (ctx) => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    const bin = need(ctx, thrash);
    const memcg = need(ctx, sandbox.make(need(ctx, selfMemcgDir()), 'psi'));
    need(ctx, sandbox.write(memcg, 'memory.limit_in_bytes', String(48n * MiB)));
    const v2 = need(ctx, sandbox.make(need(ctx, selfV2Dir()), 'psi'));

    notifier = backend.create();
    const trigger = { type: 'some', stallUs: 50_000, windowUs: 2_000_000 } as const;
    const cgroupWatch = unwrap(
      notifier.watch({ kind: 'psi', path: join(v2, 'memory.pressure'), ...trigger }),
    );
    const systemWatch = unwrap(
      notifier.watch({ kind: 'psi', path: '/proc/pressure/memory', ...trigger }),
    );
    const recs = [new Recorder(cgroupWatch), new Recorder(systemWatch)];
    for (const w of [cgroupWatch, systemWatch]) {
      const r = await w.ready;
      if (r.isErr()) skipWith(ctx, `the kernel refused the PSI trigger: ${r.error.message}`);
    }

    const child = new LineChild(bin, [file, '10', '2']);
    sandbox.track(child.pid);
    expect(await child.next()).toBe('ready');
    need(ctx, sandbox.move(child.pid, memcg));
    need(ctx, sandbox.move(child.pid, v2));
    const [cgRec, sysRec] = recs as [Recorder, Recorder];
    const firsts = [cgRec.next('pressure', 10_000), sysRec.next('pressure', 10_000)] as const;
    const t0 = Date.now();
    child.send('go');
    const [cg, sys] = await Promise.all(firsts);
    console.log(
      `[${backend.name}] PSI some 50 ms/2 s: first event ${cg.time - t0} ms (v2 cgroup), ` +
        `${sys.time - t0} ms (/proc/pressure/memory) after the thrash started`,
    );
    expect(cg.detail).toMatch(/^some avg10=/);
    await child.kill();
  }, 30_000);
});
