import type { CliIo } from '../io';

/** One `evictkit <name>` subcommand. `run` returns the exit code. */
export interface Command {
  name: string;
  /** The full `--help` text. */
  usage: string;
  run(args: readonly string[], io: CliIo): number | Promise<number>;
}

/**
 * What the top level knows of a command before loading it: its name, one line of help, and how
 * to load it (a dynamic `import()`, so that one command never pays for another's modules).
 */
export interface CommandEntry {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  load(): Promise<Command>;
}

/**
 * Bad command-line usage (exit code 2). The message is one line, lower case, without the
 * command's name: the top level adds `error: ` and the pointer to `--help`.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
