import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WATCH_USAGE } from '../../src/cli/commands/watch';
import { run } from '../../src/cli/main';
import { createLinuxPlatform } from '../../src/platform/linux/platform';
import { cli, fakeIo } from './support';

// The real host, read-only: watch never evicts and never writes to a cgroup.
const host = createLinuxPlatform({ notifier: false });
const readable = host.isOk();
if (host.isOk()) host.value.close();
const why = readable ? '' : ` (skipped: ${host.isErr() ? host.error.message : ''})`;

describe('evictkit watch', () => {
  it('--help', async () => {
    expect((await cli(['watch', '--help'])).stdout).toBe(WATCH_USAGE);
  });

  it.each([
    [['--interval', '10'], `--interval: "10" is not a duration (such as 5s or 1m)`],
    [['--interval', '100ms'], '--interval must be at least 1s'],
  ])('%j is a usage error', async (args, message) => {
    expect((await cli(['watch', ...args])).stderr).toBe(
      `error: ${message} (see 'evictkit watch --help')\n`,
    );
  });

  it('a cgroup root that does not exist: one line, exit 1', async () => {
    const r = await cli(['watch', '--once', '--cgroup-root', '/nonexistent/cgroup']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot read this host: .+\n$/);
  });

  it.skipIf(!readable)(`--once --json: one refresh of this host${why}`, async () => {
    const r = await cli(['watch', '--once', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0] as string);
    expect(
      doc.thresholds.find((t: { signal: string }) => t.signal === 'memory.available'),
    ).toMatchObject({
      kind: 'hard',
      threshold: '100Mi',
      met: false,
    });
    expect(doc.wouldEvict).toBeNull();
    // The preview ranking runs without pressure (this host has no kubelet pods: none ranked).
    expect(doc.rankedFor).toBe('memory.available');
    expect(doc.candidates).toEqual([]);
  });

  it.skipIf(!readable)(`--once: a text frame${why}`, async () => {
    const r = await cli(['watch', '--once']);
    expect(r.stdout).toMatch(/^--- \d\d:\d\d:\d\d\nevictkit watch: /);
    expect(r.stdout).toMatch(/memory\.available\s+hard\s+100 MiB/);
  });

  it.skipIf(!readable)(`Ctrl-C stops it at once, leaving no timer behind${why}`, async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const io = fakeIo();
    const running = run(['watch', '--interval', '1s', '--json'], io);
    for (let i = 0; i < 100 && io.out === ''; i++) await new Promise((r) => setTimeout(r, 20));
    expect(io.out).not.toBe('');
    const start = Date.now();
    io.interrupt();
    expect(await running).toBe(0);
    expect(Date.now() - start).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 10));
    expect(timers()).toBeLessThanOrEqual(before);
  });

  const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it.skipIf(!readable || !built)(
      `through bin/evictkit.mjs: ${signal} after the first output exits 0 promptly${why}`,
      async () => {
        const bin = fileURLToPath(new URL('../../bin/evictkit.mjs', import.meta.url));
        const child = spawn(process.execPath, [bin, 'watch', '--interval', '2s'], {
          cwd: fileURLToPath(new URL('../../', import.meta.url)),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (d) => {
          err += d;
        });
        const exited = new Promise<[number | null, string | null]>((resolve) =>
          child.on('exit', (code, sig) => resolve([code, sig])),
        );
        await new Promise((resolve) => child.stdout.once('data', resolve));
        const sent = Date.now();
        child.kill(signal);
        const [code, sig] = await exited;
        expect(err).toBe('');
        expect(sig).toBeNull();
        expect(code).toBe(0);
        expect(Date.now() - sent).toBeLessThan(2000);
      },
    );
  }
});
