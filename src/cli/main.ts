import { wantsJson } from './args';
import type { Command, CommandEntry } from './commands/command';
import { UsageError } from './commands/command';
import { EXIT, oneLine, reportFailure } from './failure';
import { type CliIo, nodeIo } from './io';

/**
 * Every subcommand, in help order. Each is loaded with a dynamic `import()` only when it runs,
 * so `evictkit config` never loads the simulator, the HTML renderer or the Kubernetes client.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'demo',
    summary: 'Watch the kubelet evict pods on a simulated node (no cluster needed)',
    load: async () => (await import('./commands/demo')).demoCommand,
  },
  {
    name: 'simulate',
    summary:
      'Run a scenario (node, kubelet configuration, pods, usage) through the eviction manager',
    load: async () => (await import('./commands/simulate')).simulateCommand,
  },
  {
    name: 'explain',
    summary:
      'Explain the next eviction decision for a real node (Summary + pods, or a live cluster)',
    load: async () => (await import('./commands/explain')).explainCommand,
  },
  {
    name: 'watch',
    summary: "Watch this host's signals, thresholds and ranking live (dry run: never evicts)",
    load: async () => (await import('./commands/watch')).watchCommand,
  },
  {
    name: 'config',
    summary: 'Show the effective eviction thresholds of a kubelet configuration',
    load: async () => (await import('./commands/config')).configCommand,
  },
  {
    name: 'drain-plan',
    summary: 'Show what kubectl drain would do on a node, and which PDBs block it now',
    load: async () => (await import('./commands/drain-plan')).drainPlanCommand,
  },
];

export function usage(commands: readonly CommandEntry[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: evictkit <command> [options]

Kubernetes eviction primitives: the kubelet's node-pressure eviction rules (v1.37).

Commands:
${list}

Options:
  -h, --help     Show this help; "evictkit <command> --help" shows a command's help
  -V, --version  Print the version

Every command takes --json (or -o json); a file argument of "-" reads standard input.
Exit codes: 0 ok, 1 bad input (unreadable or invalid), 2 usage error.
`;
}

/**
 * Run the CLI with `argv` (without the node and script paths) against `io`; resolves to the
 * exit code. Never throws: a usage error is one line (or a JSON document with `--json`) and
 * exit 2; anything unexpected is one line and exit 1.
 */
export async function run(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return EXIT.usage;
  }
  if (name === '-h' || name === '--help') {
    io.stdout(usage());
    return EXIT.ok;
  }
  if (name === '-V' || name === '--version' || name === 'version') {
    io.stdout(`evictkit ${await packageVersion()} (kubelet v1.37 rules)\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(usage());
      return EXIT.ok;
    }
    const entry = COMMANDS.find((c) => c.name === topic);
    if (entry === undefined) return usageError(io, argv, `unknown command '${topic}'`, undefined);
    io.stdout((await entry.load()).usage);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    const hint = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    return usageError(io, argv, hint, undefined);
  }
  let command: Command | undefined;
  try {
    command = await entry.load();
    return await command.run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError) return usageError(io, rest, cause.message, entry.name);
    const message = cause instanceof Error ? cause.message : String(cause);
    io.stderr(`error: evictkit ${entry.name}: unexpected failure: ${oneLine(message)}\n`);
    return EXIT.input;
  }
}

function usageError(
  io: CliIo,
  args: readonly string[],
  message: string,
  command: string | undefined,
): number {
  if (wantsJson(args)) {
    return reportFailure(io, 'json', { code: 'usage', message }, EXIT.usage);
  }
  const help = command === undefined ? 'evictkit --help' : `evictkit ${command} --help`;
  io.stderr(`error: ${oneLine(message)} (see '${help}')\n`);
  return EXIT.usage;
}

/** The package's version, read from its package.json only when asked. */
async function packageVersion(): Promise<string> {
  const manifest = await import('../../package.json', { with: { type: 'json' } });
  return (manifest.default as { version: string }).version;
}

/** Entry point for `bin/evictkit.mjs`: runs with `process.argv` and the real process. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return run(argv, nodeIo());
}
