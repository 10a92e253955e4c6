import type { Command } from './commands/command';
import { UsageError } from './commands/command';
import { configCommand } from './commands/config';
import { drainPlanCommand } from './commands/drain-plan';
import { type CliIo, nodeIo } from './io';

/** Every subcommand, in help order. Add a command by adding it here. */
export const COMMANDS: readonly Command[] = [configCommand, drainPlanCommand];

export function usage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: evictkit <command> [options]

Kubernetes eviction primitives: the kubelet's node-pressure eviction rules (v1.37).

Commands:
${list}

Options:
  -h, --help  Show this help; "evictkit <command> --help" shows a command's help

Exit codes: 0 ok, 1 invalid or unreadable configuration, 2 usage error.
`;
}

/**
 * Run the CLI with `argv` (without the node and script paths) against `io`; resolves to the
 * exit code. Never throws: usage errors print the usage and give 2, anything unexpected gives 1.
 */
export async function run(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic?.usage ?? usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`evictkit: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError || isParseArgsError(cause)) {
      io.stderr(`evictkit ${command.name}: ${(cause as Error).message}\n\n${command.usage}`);
      return 2;
    }
    io.stderr(`evictkit ${command.name}: unexpected failure: ${String(cause)}\n`);
    return 1;
  }
}

/** Entry point for `bin/evictkit.mjs`: runs with `process.argv` and the real process. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return run(argv, nodeIo());
}

function isParseArgsError(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
