import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { plainEnv } from './cgroups';

export const ALLOC_CHILD = fileURLToPath(new URL('./alloc-child.cjs', import.meta.url));
export const THRASH_SOURCE = fileURLToPath(new URL('./thrash.c', import.meta.url));

/** A child process driven line by line over stdin/stdout. */
export class LineChild {
  readonly proc: ChildProcessWithoutNullStreams;
  #lines: string[] = [];
  #waiters: ((line: string) => void)[] = [];
  #buffer = '';

  constructor(command: string, args: string[]) {
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: plainEnv() });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (d: string) => {
      this.#buffer += d;
      for (let i = this.#buffer.indexOf('\n'); i >= 0; i = this.#buffer.indexOf('\n')) {
        const line = this.#buffer.slice(0, i);
        this.#buffer = this.#buffer.slice(i + 1);
        const w = this.#waiters.shift();
        if (w !== undefined) w(line);
        else this.#lines.push(line);
      }
    });
    this.proc.stderr.resume();
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** The next line, or a rejection after `timeoutMs`. */
  next(timeoutMs = 10_000): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        reject(new Error(`no line from pid ${this.pid} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (l: string) => {
        clearTimeout(t);
        resolve(l);
      };
      this.#waiters.push(done);
    });
  }

  send(line: string): void {
    this.proc.stdin.write(`${line}\n`);
  }

  /** Kill and wait for the exit. */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGKILL');
    await exited;
  }
}

export async function spawnAllocator(): Promise<LineChild> {
  const c = new LineChild(process.execPath, ['--expose-gc', ALLOC_CHILD]);
  const first = await c.next();
  if (first !== 'ready') throw new Error(`allocator said ${first}`);
  return c;
}
