import type { OutputFormat } from './args';
import type { CliIo } from './io';

/** An error a command reports: a `code` discriminant and one line of text, plus any details. */
export interface CliFailure {
  code: string;
  message: string;
}

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

/**
 * Report a failure and give the exit code: one line `error: <message>` on standard error, or,
 * with JSON output, the document `{ "version": 1, "error": { code, message, … } }` on standard
 * output (so that a consumer of `--json` always gets JSON on the stream it reads).
 */
export function reportFailure<F extends CliFailure>(
  io: CliIo,
  output: OutputFormat,
  failure: F,
  exitCode: number = EXIT.input,
): number {
  if (output === 'json') io.stdout(`${JSON.stringify({ version: 1, error: failure }, null, 2)}\n`);
  else io.stderr(`error: ${oneLine(failure.message)}\n`);
  return exitCode;
}

/** Collapse a message to one line (a YAML code frame or a stack never reaches the terminal). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
