import type { CliIo } from '../io';

/** One `evictkit <name>` subcommand. `run` returns the exit code. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  usage: string;
  run(args: readonly string[], io: CliIo): number | Promise<number>;
}

/** Bad command-line usage (exit code 2); the message is shown with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Rewrite `--name value` as `--name=value` for string options, so that values starting with a
 * dash (`--flags '--eviction-hard=…'`) are taken as values, not as options (`parseArgs` in
 * strict mode would refuse them as ambiguous). Words after `--` are left alone.
 */
export function normalizeStringOptions(
  args: readonly string[],
  options: Readonly<Record<string, { type: 'string' | 'boolean' }>>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    if (word === '--') {
      out.push(...args.slice(i));
      break;
    }
    const name = word.startsWith('--') ? word.slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined) {
      out.push(`${word}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}
