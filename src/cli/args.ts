import { parseArgs } from 'node:util';
import { UsageError } from './commands/command';

// One argument parser for every command, over node:util's parseArgs: kubectl-style output
// selection (--json, -o json, --output=json), --help, values that start with a dash, options
// whose value is optional, and parseArgs' errors rewritten as one short line each.

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** A string option that may be given without a value (`--kubeconfig` alone): value `''`. */
  optionalValue?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type OutputFormat = 'text' | 'json';

type Values<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

export interface ParsedArgs<O extends OptionSpecs> {
  values: Values<O>;
  positionals: string[];
  output: OutputFormat;
  help: boolean;
}

/** The options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

/**
 * The help lines of the common options, their descriptions starting at `column` (to line up
 * with a command's own options).
 */
export function commonOptionsHelp(column: number): string {
  const line = (left: string, text: string) => `  ${left}`.padEnd(column) + text;
  return [
    line('-o, --output <format>', 'text (default) or json'),
    line('    --json', 'Same as -o json'),
    line('-h, --help', 'Show this help'),
  ].join('\n');
}

/**
 * Parse a command's arguments. Throws `UsageError` (one line) for anything wrong: an unknown
 * option, a missing value, a value given to a switch, an unknown output format, too many or
 * too few arguments.
 */
export function parseCommandArgs<O extends OptionSpecs>(
  args: readonly string[],
  options: O,
  positionals: { min?: number; max: number; name?: string } = { max: 0 },
): ParsedArgs<O> {
  const specs: OptionSpecs = { ...COMMON_OPTIONS, ...options };
  const parseOptions: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    parseOptions[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: normalizeArgs(args, specs),
      options: parseOptions,
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (cause) {
    throw new UsageError(rewriteParseArgsError(cause));
  }
  const values = parsed.values as Values<O> & { json?: boolean; output?: string; help?: boolean };
  const help = values.help === true;
  const output = outputFormat(values.json === true, values.output);
  if (!help) {
    const count = parsed.positionals.length;
    const what = positionals.name ?? 'argument';
    if (count > positionals.max) {
      const extra = parsed.positionals[positionals.max] ?? '';
      throw new UsageError(
        positionals.max === 0
          ? `unexpected argument '${extra}'`
          : `expected at most ${positionals.max} ${what}${positionals.max === 1 ? '' : 's'}, got ${count}`,
      );
    }
    if (count < (positionals.min ?? 0)) throw new UsageError(`missing ${what}`);
  }
  return { values, positionals: parsed.positionals, output, help };
}

function outputFormat(json: boolean, output: string | undefined): OutputFormat {
  if (output === undefined) return json ? 'json' : 'text';
  if (output !== 'json' && output !== 'text') {
    throw new UsageError(`unsupported output format '${output}' (use json or text)`);
  }
  if (json && output !== 'json') throw new UsageError(`--json contradicts --output ${output}`);
  return output;
}

/**
 * Rewrite `--name value` and `-x value` as `--name=value` for string options, so that values
 * starting with a dash (`--flags '--eviction-hard=…'`) are taken as values, not as options.
 * An optional-value option followed by an option (or by nothing) gets the empty value. Words
 * after `--` are left alone.
 */
export function normalizeArgs(args: readonly string[], options: OptionSpecs): string[] {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) if (spec.short) byShort.set(spec.short, name);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    if (word === '--') {
      out.push(...args.slice(i));
      break;
    }
    let name: string | undefined;
    if (word.startsWith('--') && !word.includes('=')) name = word.slice(2);
    else if (/^-[A-Za-z]$/.test(word)) name = byShort.get(word.slice(1));
    const spec = name === undefined ? undefined : options[name];
    if (name === undefined || spec?.type !== 'string') {
      out.push(word);
      continue;
    }
    const next = args[i + 1];
    if (spec.optionalValue && (next === undefined || (next.startsWith('-') && next !== '-'))) {
      out.push(`--${name}=`);
    } else if (next !== undefined) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/**
 * Whether the words ask for JSON output, read without parsing (a usage error must honour
 * `--json` even when the rest of the line does not parse).
 */
export function wantsJson(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') return false;
    if (word === '--json' || word === '-ojson' || word === '--output=json' || word === '-o=json')
      return true;
    if ((word === '-o' || word === '--output') && args[i + 1] === 'json') return true;
  }
  return false;
}

/** parseArgs' messages, as one short line naming the option. */
function rewriteParseArgsError(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  const quoted = /'(-{1,2}[^' =]*)[^']*'/.exec(message)?.[1];
  const argument = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted ?? argument}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(message)) return `option '${quoted}' needs a value`;
      return `option '${quoted}' does not take a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${argument}'`;
    default:
      return `invalid arguments: ${message.split('\n')[0]}`;
  }
}
