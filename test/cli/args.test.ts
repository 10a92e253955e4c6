import { describe, expect, it } from 'vitest';
import { commonOptionsHelp, parseCommandArgs, wantsJson } from '../../src/cli/args';
import { UsageError } from '../../src/cli/commands/command';

const options = {
  config: { type: 'string' },
  once: { type: 'boolean' },
  kubeconfig: { type: 'string', optionalValue: true },
} as const;

const usageError = (args: string[], positionals = { max: 0 }) => {
  try {
    parseCommandArgs(args, options, positionals);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no usage error');
};

describe('parseCommandArgs', () => {
  it('parses options, the output format and --help', () => {
    expect(parseCommandArgs(['--config', 'k.yaml', '--once'], options)).toEqual({
      values: { config: 'k.yaml', once: true },
      positionals: [],
      output: 'text',
      help: false,
    });
    for (const args of [
      ['--json'],
      ['-o', 'json'],
      ['-ojson'],
      ['--output=json'],
      ['--output', 'json'],
    ]) {
      expect(parseCommandArgs(args, options).output).toBe('json');
    }
    expect(parseCommandArgs(['-o', 'text'], options).output).toBe('text');
    expect(parseCommandArgs(['-h', 'extra'], options).help).toBe(true);
  });

  it('an optional value: alone, before another option, or given', () => {
    expect(parseCommandArgs(['--kubeconfig'], options).values.kubeconfig).toBe('');
    expect(parseCommandArgs(['--kubeconfig', '--once'], options).values).toEqual({
      kubeconfig: '',
      once: true,
    });
    expect(parseCommandArgs(['--kubeconfig', '/k'], options).values.kubeconfig).toBe('/k');
  });

  it('a value that starts with a dash is a value', () => {
    expect(parseCommandArgs(['--config', '-'], options).values.config).toBe('-');
    expect(parseCommandArgs(['--config', '--once'], options).values.config).toBe('--once');
  });

  it.each([
    [['--nope'], "unknown option '--nope'"],
    [['-x'], "unknown option '-x'"],
    [['--config'], "option '--config' needs a value"],
    [['--once=1'], "option '--once' does not take a value"],
    [['stray'], "unexpected argument 'stray'"],
    [['-o', 'yaml'], "unsupported output format 'yaml' (use json or text)"],
    [['--json', '-o', 'text'], '--json contradicts --output text'],
  ])('%j is a one-line usage error', (args, message) => {
    expect(usageError(args)).toBe(message);
  });

  it('counts positionals', () => {
    expect(usageError(['a', 'b'], { max: 1, name: 'file' } as never)).toBe(
      'expected at most 1 file, got 2',
    );
    expect(usageError([], { min: 1, max: 1, name: 'scenario file' } as never)).toBe(
      'missing scenario file',
    );
  });
});

describe('wantsJson', () => {
  it('reads --json and -o json without parsing the rest', () => {
    expect(wantsJson(['--bogus', '--json'])).toBe(true);
    expect(wantsJson(['-o', 'json', '--bogus'])).toBe(true);
    expect(wantsJson(['--output=json'])).toBe(true);
    expect(wantsJson(['-o', 'text'])).toBe(false);
    expect(wantsJson(['--', '--json'])).toBe(false);
  });
});

it('commonOptionsHelp lines up with the given column', () => {
  for (const line of commonOptionsHelp(25).split('\n')) expect(line[25]).not.toBe(' ');
});
