// 1,000 watches on 1,000 memcgs: registered in parallel, closed, and the fd count returns to
// where it started. Prints the registration time.
import { afterAll, describe, expect, it } from 'vitest';
import { CgroupSandbox, fdCount, selfMemcgDir } from '../../kernel/cgroups';
import { BACKENDS, skipWith, sleep, unwrap } from './support';

const COUNT = 1000;

describe.each(BACKENDS)('$name notifier: 1,000 watches', (backend) => {
  const sandbox = new CgroupSandbox();

  afterAll(async () => {
    expect(await sandbox.cleanup()).toEqual([]);
  });

  it(`registers ${COUNT} threshold watches in parallel and closes them without leaking an fd`, async (ctx) => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    const parent = selfMemcgDir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const t0 = performance.now();
    const dirs: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const d = sandbox.make(parent.value, 'many');
      if (!d.ok) skipWith(ctx, d.reason);
      dirs.push(d.value);
    }
    const tMkdir = performance.now() - t0;
    const notifier = backend.create();
    const before = fdCount();
    const t1 = performance.now();
    const watches = dirs.map((cgroup) =>
      unwrap(notifier.watch({ kind: 'threshold', cgroup, bytes: 1n << 40n })),
    );
    const results = await Promise.all(watches.map((w) => w.ready));
    const tRegister = performance.now() - t1;
    expect(results.filter((r) => r.isErr())).toEqual([]);
    const during = fdCount();
    const t2 = performance.now();
    notifier.close();
    const tClose = performance.now() - t2;
    await sleep(50); // uv_close callbacks run on the next loop turn
    const after = fdCount();
    console.log(
      `[${backend.name}] ${COUNT} watches: mkdir ${tMkdir.toFixed(0)} ms, register ${tRegister.toFixed(0)} ms ` +
        `(${((tRegister * 1000) / COUNT).toFixed(0)} µs/watch amortised), close ${tClose.toFixed(1)} ms; ` +
        `fds ${before} -> ${during} -> ${after}`,
    );
    expect(after).toBe(before);
    expect(during - before).toBeGreaterThanOrEqual(COUNT);
    for (const w of watches) expect(w.closed).toBe(true);
  }, 60_000);
});
