// An open watch never keeps a process alive: a child creates watches, waits until the kernel
// accepted them, and must then exit by itself.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CgroupSandbox, selfMemcgDir, selfV2Dir } from '../../kernel/cgroups';
import { BACKENDS, skipWith } from './support';

const INDEX = fileURLToPath(new URL('../../../src/platform/notifier/index.ts', import.meta.url));

function run(code: string, args: string[], timeoutMs: number) {
  return new Promise<{ code: number | null; signal: string | null; out: string; ms: number }>(
    (resolve) => {
      const t0 = Date.now();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', code, '--', ...args],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, out, ms: Date.now() - t0 });
      });
    },
  );
}

const CHILD = `
import { createNotifier } from ${JSON.stringify(INDEX)};
const [backend, memcg, v2] = process.argv.slice(1);
const n = createNotifier({ backend, pollIntervalMs: 50 });
if (n.isErr()) { console.log('ERR', n.error.message); process.exit(3); }
const specs = [{ kind: 'psi', path: '/proc/pressure/memory', type: 'some', stallUs: 500000, windowUs: 2000000 }];
if (memcg) specs.push({ kind: 'threshold', cgroup: memcg, bytes: 1n << 50n }, { kind: 'oom', cgroup: memcg });
if (v2) specs.push({ kind: 'events', path: v2 + '/cgroup.events' });
const watches = specs.map((s) => n.value.watch(s)._unsafeUnwrap());
for (const w of watches) w.on(() => {});
const results = await Promise.all(watches.map((w) => w.ready));
console.log('READY', results.map((r) => r.isOk() ? 'ok' : r.error.code).join(','));
// No close(): the process must still exit by itself.
`;

describe.each(BACKENDS)('$name notifier and process exit', (backend) => {
  const sandbox = new CgroupSandbox();
  afterAll(async () => {
    expect(await sandbox.cleanup()).toEqual([]);
  });

  it('does not keep a child node process alive with open watches', async (ctx) => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    const memcg = selfMemcgDir();
    const v2parent = selfV2Dir();
    const v2 = v2parent.ok ? sandbox.make(v2parent.value, 'exit') : v2parent;
    const r = await run(
      CHILD,
      [backend.name, memcg.ok ? memcg.value : '', v2.ok ? v2.value : ''],
      15_000,
    );
    console.log(`[${backend.name}] child exited by itself in ${r.ms} ms: ${r.out.trim()}`);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^READY ok(,ok)*$/m);
  });
});
