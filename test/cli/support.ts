import { err, ok } from 'neverthrow';
import { readRegularFile } from '../../src/cli/input';
import type { CliIo, MachineCapacity } from '../../src/cli/io';
import { run } from '../../src/cli/main';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export const machine: MachineCapacity = {
  memoryBytes: 8n * 1024n ** 3n,
  diskBytes: 50n * 1024n ** 3n,
  inodes: 3_276_800n,
  pids: 4_194_304n,
};

export interface FakeIoOptions {
  /** Files by path (`-` is standard input); other paths are read from disk. */
  files?: Record<string, string>;
  tty?: boolean;
  env?: Record<string, string>;
}

export interface FakeIo extends CliIo {
  out: string;
  err: string;
  /** Files written, by path. */
  written: Map<string, string>;
  /** Fire the Ctrl-C handlers. */
  interrupt(): void;
}

/** A `CliIo` that records its output; files come from `files`, then from disk. */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  const handlers = new Set<() => void>();
  const io: FakeIo = {
    out: '',
    err: '',
    written: new Map(),
    writeFile(path, text) {
      if (path === '-') io.out += text;
      else io.written.set(path, text);
      return ok(undefined);
    },
    stdout(text) {
      io.out += text;
    },
    stderr(text) {
      io.err += text;
    },
    async readInput(path, limit) {
      const files = options.files ?? {};
      if (Object.hasOwn(files, path)) {
        const text = files[path] as string;
        if (Buffer.byteLength(text) > limit.bytes) {
          return err({
            code: 'unreadable',
            path,
            reason: 'too-large',
            message: `cannot read ${path}: too large`,
          });
        }
        return ok(text);
      }
      return readRegularFile(path, limit);
    },
    probeMachine: () => machine,
    isTTY: { stdout: options.tty === true, stderr: options.tty === true },
    env: options.env ?? {},
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    interrupt() {
      for (const handler of [...handlers]) handler();
    },
  };
  return io;
}

/** Run the CLI in-process. */
export async function cli(argv: string[], options: FakeIoOptions = {}): Promise<Captured> {
  const io = fakeIo(options);
  const code = await run(argv, io);
  return { code, stdout: io.out, stderr: io.err };
}
