// Kernel test helpers: cgroups created under this process's own cgroups, by trying (never
// access()), tracked and removed even when a test fails.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const CGROUP2_SUPER_MAGIC = 0x63677270;
let counter = 0;

/** A reason to skip, or a value. */
export type Probe<T> = { ok: true; value: T } | { ok: false; reason: string };

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** This process's v1 memory cgroup directory (hybrid/v1 hosts), or why there is none. */
export function selfMemcgDir(): Probe<string> {
  let text: string;
  try {
    text = readFileSync('/proc/self/cgroup', 'utf8');
  } catch (e) {
    return { ok: false, reason: `cannot read /proc/self/cgroup: ${code(e)}` };
  }
  const m = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(.*)$/m.exec(text);
  if (m === null)
    return { ok: false, reason: 'no cgroup v1 memory controller (pure cgroup v2 host?)' };
  const dir = join('/sys/fs/cgroup/memory', m[1] as string);
  if (!existsSync(join(dir, 'memory.usage_in_bytes'))) {
    return { ok: false, reason: `${dir} is not a mounted v1 memory cgroup` };
  }
  return { ok: true, value: dir };
}

/** This process's cgroup v2 directory (unified mount on hybrid hosts), or why there is none. */
export function selfV2Dir(): Probe<string> {
  let text: string;
  try {
    text = readFileSync('/proc/self/cgroup', 'utf8');
  } catch (e) {
    return { ok: false, reason: `cannot read /proc/self/cgroup: ${code(e)}` };
  }
  const m = /^0::(.*)$/m.exec(text);
  if (m === null) return { ok: false, reason: 'no cgroup v2 hierarchy for this process' };
  let mount = '/sys/fs/cgroup/unified';
  try {
    if (statfsSync('/sys/fs/cgroup').type === CGROUP2_SUPER_MAGIC) mount = '/sys/fs/cgroup';
  } catch {
    return { ok: false, reason: '/sys/fs/cgroup is not mounted' };
  }
  if (!existsSync(join(mount, 'cgroup.procs')))
    return { ok: false, reason: `${mount} is not cgroup2` };
  return { ok: true, value: join(mount, m[1] as string) };
}

/** Tracks every cgroup and child process a test creates; `cleanup()` removes them all. */
export class CgroupSandbox {
  readonly #dirs: string[] = [];
  readonly #pids = new Set<number>();

  /** mkdir a uniquely named child of `parent`; the errno says why not (EACCES, EROFS, ENOENT…). */
  make(parent: string, label = 'cg'): Probe<string> {
    counter += 1;
    const dir = join(
      parent,
      `evictkit-test-${label}-${process.pid}-${counter}-${Date.now() % 100000}`,
    );
    try {
      mkdirSync(dir);
    } catch (e) {
      return { ok: false, reason: `cannot create a cgroup under ${parent}: ${code(e)}` };
    }
    this.#dirs.push(dir);
    return { ok: true, value: dir };
  }

  /** Write `pid` to `<dir>/cgroup.procs`; EBUSY/EACCES/EINVAL come back as reasons. */
  move(pid: number, dir: string): Probe<void> {
    try {
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
      return { ok: true, value: undefined };
    } catch (e) {
      return { ok: false, reason: `cannot move pid ${pid} into ${dir}: ${code(e)}` };
    }
  }

  write(dir: string, file: string, value: string): Probe<void> {
    try {
      writeFileSync(join(dir, file), value);
      return { ok: true, value: undefined };
    } catch (e) {
      return { ok: false, reason: `cannot write ${value} to ${join(dir, file)}: ${code(e)}` };
    }
  }

  /** Remember a child process so that cleanup kills it. */
  track(pid: number | undefined): void {
    if (pid !== undefined) this.#pids.add(pid);
  }

  /** Forget a cgroup that a test removed itself. */
  forget(dir: string): void {
    const i = this.#dirs.indexOf(dir);
    if (i >= 0) this.#dirs.splice(i, 1);
  }

  /** Kill tracked children, move stray processes out, rmdir deepest first (retrying EBUSY). */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    for (const pid of this.#pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.#pids.clear();
    const dirs = [...this.#dirs].sort((a, b) => b.length - a.length);
    for (const dir of dirs) {
      for (let attempt = 0; ; attempt++) {
        if (!existsSync(dir)) break;
        try {
          for (const sub of readdirSync(dir, { withFileTypes: true })) {
            if (sub.isDirectory()) rmdirSync(join(dir, sub.name));
          }
          const procs = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
          for (const p of procs) {
            try {
              writeFileSync(join(dirname(dir), 'cgroup.procs'), p);
            } catch {
              // it may have exited meanwhile
            }
          }
          rmdirSync(dir);
          break;
        } catch (e) {
          if (attempt >= 50) {
            problems.push(`${dir}: ${code(e)}`);
            break;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
    this.#dirs.length = 0;
    return problems;
  }
}

/** Count this process's open fds. */
export const fdCount = (): number => readdirSync('/proc/self/fd').length;

export const readUsage = (memcg: string): bigint =>
  BigInt(readFileSync(join(memcg, 'memory.usage_in_bytes'), 'utf8').trim());

/** The environment for helper children: without LD_PRELOAD (the ASan run preloads libasan). */
export function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['LD_PRELOAD'];
  return env;
}

/** Compile a small C helper into `outDir`; the reason when there is no compiler. */
export function compileC(source: string, outDir: string, name: string): Probe<string> {
  const out = join(outDir, name);
  const r = spawnSync('cc', ['-O2', '-pthread', '-o', out, source], {
    encoding: 'utf8',
    env: plainEnv(),
  });
  if (r.error !== undefined) return { ok: false, reason: `no C compiler: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `cc failed: ${r.stderr.slice(0, 400)}` };
  return { ok: true, value: out };
}

/** Wait until `predicate` holds, polling every `stepMs`; false on timeout. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs: number,
  stepMs = 10,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return predicate();
}
