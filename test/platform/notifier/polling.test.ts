// The polling backend's state machines on ordinary files (the kernel suite covers cgroupfs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPollingNotifier, systemPageSize } from '../../../src/platform/notifier/polling';
import { Recorder, sleep, unwrap } from './support';

const root = mkdtempSync(join(tmpdir(), 'evictkit-poll-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cgroup = (name: string, files: Record<string, string>) => {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
  return dir;
};

describe('polling notifier on plain files', () => {
  const n = createPollingNotifier({ roots: [root], pollIntervalMs: 10 });
  afterAll(() => n.close());

  it('threshold: fires on each crossing, up and down, not while staying on one side', async () => {
    const page = systemPageSize();
    const pages = (k: number) => `${BigInt(k) * page}\n`;
    const dir = cgroup('thr', { 'memory.usage_in_bytes': pages(2) });
    const w = unwrap(n.watch({ kind: 'threshold', cgroup: dir, bytes: 4n * page }));
    const rec = new Recorder(w);
    expect((await w.ready).isOk()).toBe(true);
    const file = join(dir, 'memory.usage_in_bytes');
    writeFileSync(file, pages(3));
    await sleep(40);
    expect(rec.count('crossed')).toBe(0);
    writeFileSync(file, pages(4)); // usage >= threshold is "above", as in the kernel
    await rec.next('crossed', 1000);
    writeFileSync(file, pages(5));
    await sleep(40);
    writeFileSync(file, pages(3));
    await rec.next('crossed', 1000);
    expect(rec.count('crossed')).toBe(2);
    w.close();
  });

  it('threshold: compares whole pages like the kernel (page_counter_memparse rounds the bytes down)', async () => {
    const page = systemPageSize();
    expect([4096n, 16384n, 65536n]).toContain(page);
    const dir = cgroup('thr-pages', { 'memory.usage_in_bytes': '0\n' });
    // 1 page + 1 byte registers as 1 page: one page of usage is already "above".
    const w = unwrap(n.watch({ kind: 'threshold', cgroup: dir, bytes: page + 1n }));
    const rec = new Recorder(w);
    expect((await w.ready).isOk()).toBe(true);
    writeFileSync(join(dir, 'memory.usage_in_bytes'), `${page}\n`);
    await rec.next('crossed', 1000);
    w.close();
  });

  it('oom: fires on a new kill or on entering OOM', async () => {
    const dir = cgroup('oom', {
      'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n',
    });
    const w = unwrap(n.watch({ kind: 'oom', cgroup: dir }));
    const rec = new Recorder(w);
    await w.ready;
    writeFileSync(join(dir, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n');
    await rec.next('oom', 1000);
    w.close();
  });

  it('events: fires on content change only', async () => {
    const dir = cgroup('ev', { 'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\n' });
    const w = unwrap(n.watch({ kind: 'events', path: join(dir, 'memory.events') }));
    const rec = new Recorder(w);
    await w.ready;
    await sleep(40);
    expect(rec.count('changed')).toBe(0);
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 3\nmax 0\noom 0\n');
    await rec.next('changed', 1000);
    w.close();
  });

  it('malformed content ends the watch with closed(error, malformed)', async () => {
    const dir = cgroup('bad', { 'memory.usage_in_bytes': 'not a number\n' });
    const w = unwrap(n.watch({ kind: 'threshold', cgroup: dir, bytes: 1n }));
    const rec = new Recorder(w);
    const r = await w.ready;
    expect(r._unsafeUnwrapErr().code).toBe('malformed');
    await sleep(0);
    expect(rec.events).toMatchObject([
      { type: 'closed', reason: 'error', error: { code: 'malformed' } },
    ]);
  });

  it('a missing file: ready is not-found', async () => {
    const w = unwrap(n.watch({ kind: 'oom', cgroup: join(root, 'nope') }));
    expect((await w.ready)._unsafeUnwrapErr()).toMatchObject({
      code: 'not-found',
      path: join(root, 'nope', 'memory.oom_control'),
    });
  });

  it('opens the real path: a link inside the roots works, one leading out is refused', async () => {
    const dir = cgroup('linked', { 'cgroup.events': 'populated 0\n' });
    symlinkSync(dir, join(root, 'link-in'));
    const outside = mkdtempSync(join(tmpdir(), 'evictkit-poll-outside-'));
    try {
      writeFileSync(join(outside, 'cgroup.events'), 'populated 0\n');
      symlinkSync(outside, join(root, 'link-out'));
      const w = unwrap(n.watch({ kind: 'events', path: join(root, 'link-in', 'cgroup.events') }));
      const rec = new Recorder(w);
      expect((await w.ready).isOk()).toBe(true);
      writeFileSync(join(dir, 'cgroup.events'), 'populated 1\n');
      await rec.next('changed', 1000);
      w.close();
      for (const path of [
        join(root, 'link-out', 'cgroup.events'),
        join(root, 'link-out', 'not-yet', 'cgroup.events'),
      ]) {
        expect(n.watch({ kind: 'events', path })._unsafeUnwrapErr()).toMatchObject({
          code: 'invalid-path',
          message: expect.stringMatching(/outside/),
        });
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a FIFO in place of a cgroup file fails the watch instead of blocking the event loop', async (ctx) => {
    const dir = cgroup('fifo', {});
    const made = spawnSync('mkfifo', [join(dir, 'memory.usage_in_bytes')]);
    if (made.status !== 0) ctx.skip('mkfifo is not available');
    const w = unwrap(n.watch({ kind: 'threshold', cgroup: dir, bytes: 1n }));
    expect((await w.ready)._unsafeUnwrapErr()).toMatchObject({ code: 'io', errno: 'ESPIPE' });
  });

  it('stops its timer when the last watch closes', async () => {
    const m = createPollingNotifier({ roots: [root], pollIntervalMs: 10 });
    const dir = cgroup('timer', { 'memory.usage_in_bytes': '1\n' });
    const w = unwrap(m.watch({ kind: 'threshold', cgroup: dir, bytes: 5n }));
    await w.ready;
    expect(m.size).toBe(1);
    w.close();
    expect(m.size).toBe(0);
  });
});
