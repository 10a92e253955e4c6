import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupLayout } from '../../../src/platform/linux/layout';

// Helpers for kernel integration tests: a unique test root inside this process's own v1
// memory cgroup, processes moved into pod cgroups, and cleanup that always runs.

export type KernelProbe = { ok: true; parent: string } | { ok: false; reason: string };

/** Can this process create memory cgroups below its own? Found out by trying (mkdir + rmdir). */
export function probeMemcgDelegation(): KernelProbe {
  const layout = detectCgroupLayout();
  if (layout.isErr()) return { ok: false, reason: `no cgroup layout: ${layout.error.message}` };
  const { memoryRoot, memoryVersion, selfMemoryCgroup } = layout.value;
  if (memoryVersion !== 'v1') {
    return {
      ok: false,
      reason: 'the memory controller is cgroup v2 here; moving test processes needs a v1 memcg',
    };
  }
  if (selfMemoryCgroup === undefined)
    return { ok: false, reason: 'no memory line in /proc/self/cgroup' };
  const parent = join(memoryRoot, selfMemoryCgroup);
  const probe = join(parent, `evictkit-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(probe);
  } catch (e) {
    return {
      ok: false,
      reason: `the kernel refused mkdir in ${parent}: ${(e as NodeJS.ErrnoException).code}`,
    };
  }
  try {
    rmdirSync(probe);
  } catch (e) {
    return {
      ok: false,
      reason: `rmdir of the probe cgroup failed: ${(e as NodeJS.ErrnoException).code}`,
    };
  }
  return { ok: true, parent };
}

/** A uniquely named directory for one test's cgroups. */
export const uniqueTestRoot = (parent: string, label: string): string =>
  join(parent, `evictkit-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`);

/** Remove a cgroup subtree deepest-first (cgroup dirs are removed with rmdir, never unlink). */
export async function removeCgroupTree(dir: string): Promise<string[]> {
  const failures: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let children: string[] = [];
    try {
      children = readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(d, e.name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    }
    for (const c of children) await walk(c);
    for (let attempt = 0; ; attempt++) {
      try {
        rmdirSync(d);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return;
        // EBUSY: a killed task has not left the cgroup yet.
        if (code === 'EBUSY' && attempt < 50) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        failures.push(`${d}: ${code}`);
        return;
      }
    }
  };
  await walk(dir);
  return failures;
}

// Takes its process name (comm) from argv[2] when given, waits for "go" on stdin, then
// allocates and touches `mib` MiB, says "ready" and idles.
const CHILD_SOURCE = `
if (process.argv[2]) process.title = process.argv[2];
process.stdin.once('data', () => {
  globalThis.keep = Buffer.alloc(Number(process.argv[1]) * 1048576, 1);
  process.stdout.write('ready\\n');
});
setInterval(() => {}, 1 << 30);
`;

/** A child process that allocates memory only once it has been moved into its cgroup. */
export class AllocatingChild {
  readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  /** `title` becomes the process name (`/proc/<pid>/comm`), e.g. `pause` for a sandbox. */
  constructor(
    readonly mib: number,
    title = '',
  ) {
    this.child = spawn(process.execPath, ['-e', CHILD_SOURCE, String(mib), title], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', () => resolve());
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Move into `cgroupDir` (write the pid to cgroup.procs), then allocate and wait for it. */
  async moveAndAllocate(cgroupDir: string): Promise<void> {
    writeFileSync(join(cgroupDir, 'cgroup.procs'), String(this.pid));
    const ready = new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`child ${this.pid} did not allocate`)),
        10_000,
      );
      this.child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    this.child.stdin!.write('go\n');
    await ready;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** /proc/meminfo as bytes per key. */
export function readMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.trim().split('\n')) {
    const m = /^(\S+):\s+(\d+)( kB)?/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * (m[3] ? 1024 : 1);
  }
  return out;
}
