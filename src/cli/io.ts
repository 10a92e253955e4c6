import { readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { err, ok, type Result } from 'neverthrow';
import { type InputError, type InputLimit, readRegularFile, readStream } from './input';

/** What a capacity figure is, and where it came from. */
export interface MachineCapacity {
  /** Physical memory (what the kubelet reads as machine memory capacity). */
  memoryBytes?: bigint;
  /** Size of the filesystem holding `/` (statfs blocks × block size). */
  diskBytes?: bigint;
  /** Inodes of that filesystem. */
  inodes?: bigint;
  /** The smaller of `kernel.pid_max` and `kernel.threads-max`, as the kubelet's `rlimit.maxpid`. */
  pids?: bigint;
}

/** Everything a command may do to the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Read a regular file, or standard input for `-`, as UTF-8, up to `limit.bytes`
   * (see `input.ts`). Resolves to an `unreadable` error otherwise; never rejects.
   */
  readInput(path: string, limit: InputLimit): Promise<Result<string, InputError>>;
  /** Write a whole file (`-` is standard output); the error says why it could not. */
  writeFile(path: string, text: string): Result<void, InputError>;
  /** This machine's capacities; absent when unknown. */
  probeMachine(): MachineCapacity;
  /** Whether standard output and standard error are terminals. */
  readonly isTTY: { stdout: boolean; stderr: boolean };
  /** Terminal width in columns, when standard output is a terminal. */
  readonly columns?: number;
  /** The environment (`NO_COLOR`, `KUBECONFIG`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Call `handler` on Ctrl-C (SIGINT) or SIGTERM; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
}

/** The real process: its streams, the file system, signals, `os.totalmem()`, `statfs('/')`. */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readInput: async (path, limit) =>
      path === '-' ? readStream(process.stdin, limit) : readRegularFile(path, limit),
    writeFile: (path, text) => {
      if (path === '-') {
        process.stdout.write(text);
        return ok(undefined);
      }
      try {
        writeFileSync(path, text);
        return ok(undefined);
      } catch (cause) {
        const code = (cause as { code?: unknown }).code;
        return err({
          code: 'unreadable',
          path,
          reason: 'io',
          message: `cannot write ${path}: ${typeof code === 'string' ? code : String(cause)}`,
        });
      }
    },
    probeMachine,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}),
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

/** Probe memory, the filesystem of `path`, and the PID limit; each figure is best effort. */
export function probeMachine(path = '/'): MachineCapacity {
  const capacity: MachineCapacity = { memoryBytes: BigInt(totalmem()) };
  try {
    const fs = statfsSync(path, { bigint: true });
    capacity.diskBytes = fs.blocks * fs.bsize;
    capacity.inodes = fs.files;
  } catch {
    // No statfs here (or no such path): disk percentages stay unresolved.
  }
  const pids = taskLimit();
  if (pids !== undefined) capacity.pids = pids;
  return capacity;
}

/**
 * The kubelet's `pidlimit.Stats` capacity: the smaller of `/proc/sys/kernel/pid_max` and
 * `/proc/sys/kernel/threads-max` (both limit the number of tasks); whichever can be read.
 */
export function taskLimit(
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): bigint | undefined {
  let limit: bigint | undefined;
  for (const path of ['/proc/sys/kernel/pid_max', '/proc/sys/kernel/threads-max']) {
    let text: string;
    try {
      text = read(path).trim();
    } catch {
      continue; // Not Linux: that limit is unknown.
    }
    if (!/^[0-9]+$/.test(text)) continue;
    const value = BigInt(text);
    if (limit === undefined || value < limit) limit = value;
  }
  return limit;
}
