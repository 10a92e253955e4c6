import { err, ok, type Result } from 'neverthrow';
import { type ConfigError, displayValue } from './config-error';
import {
  EVICTION_MAP_FLAGS,
  type EvictionMapFlag,
  invalidArgument,
  needsValue,
  normalizeFlagName,
  parseEvictionFlag,
} from './eviction-flag';
import { nanosToMs, parseGoDuration } from './go-duration';
import { parseGoBool, parseGoInt32 } from './go-strconv';

/**
 * What eviction-related kubelet flags on a command line set. Absent fields were not given.
 * Maps and lists replace the configured value on their first occurrence and accumulate over
 * later occurrences, as the kubelet's flag types do.
 */
export interface KubeletFlagOverrides {
  evictionHard?: Record<string, string>;
  evictionSoft?: Record<string, string>;
  evictionSoftGracePeriod?: Record<string, string>;
  evictionMinimumReclaim?: Record<string, string>;
  /** `--eviction-pressure-transition-period` (milliseconds). */
  evictionPressureTransitionPeriodMs?: number;
  /** `--eviction-max-pod-grace-period` (seconds). */
  evictionMaxPodGracePeriodSeconds?: number;
  enforceNodeAllocatable?: string[];
  kernelMemcgNotification?: boolean;
  /** `--experimental-allocatable-ignore-eviction`: no allocatable thresholds when true. */
  experimentalAllocatableIgnoreEviction?: boolean;
  /** Words that are not eviction flags (other kubelet flags, their values), kept for reporting. */
  ignored: string[];
}

type ScalarFlag =
  | '--eviction-pressure-transition-period'
  | '--eviction-max-pod-grace-period'
  | '--enforce-node-allocatable'
  | '--kernel-memcg-notification'
  | '--experimental-allocatable-ignore-eviction';

const BOOL_FLAGS: ReadonlySet<string> = new Set([
  '--kernel-memcg-notification',
  '--experimental-allocatable-ignore-eviction',
]);
const SCALAR_FLAGS: ReadonlySet<string> = new Set<ScalarFlag>([
  '--eviction-pressure-transition-period',
  '--eviction-max-pod-grace-period',
  '--enforce-node-allocatable',
  '--kernel-memcg-notification',
  '--experimental-allocatable-ignore-eviction',
]);

/**
 * Parse the eviction flags of a kubelet command line, as pflag does: `--name=value`,
 * `--name value` (the next word is taken even if it starts with `-`), bare `--name` for
 * booleans, `_` accepted for `-` in names, `--` ends the flags. Flags that do not concern
 * eviction are skipped (listed in `ignored`, with the word after them when they have no `=`),
 * except misspelt `--eviction-*` flags, which are an error as in the kubelet.
 *
 * `args` is a list of words or one string, split like a POSIX shell (quotes, backslashes).
 */
export function parseKubeletFlags(
  args: string | readonly string[],
): Result<KubeletFlagOverrides, ConfigError> {
  const words = typeof args === 'string' ? splitCommandLine(args) : wordList(args);
  if (words.isErr()) return err(words.error);
  const overrides: KubeletFlagOverrides = { ignored: [] };
  const list = words.value;
  for (let i = 0; i < list.length; i++) {
    const word = list[i] ?? '';
    if (word === '--') {
      overrides.ignored.push(...list.slice(i));
      break;
    }
    if (!word.startsWith('--')) {
      overrides.ignored.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = normalizeFlagName(eq < 0 ? word : word.slice(0, eq));
    const known = Object.hasOwn(EVICTION_MAP_FLAGS, name) || SCALAR_FLAGS.has(name);
    if (!known) {
      if (name.startsWith('--eviction-')) {
        return err({
          code: 'unknown-flag',
          field: name,
          key: name,
          value: word,
          message: `unknown flag: ${name}`,
        });
      }
      overrides.ignored.push(word);
      const next = list[i + 1];
      if (eq < 0 && next !== undefined && !next.startsWith('-')) {
        overrides.ignored.push(next);
        i++;
      }
      continue;
    }
    let value: string;
    if (eq >= 0) value = word.slice(eq + 1);
    else if (BOOL_FLAGS.has(name)) value = 'true';
    else if (i + 1 < list.length) {
      value = list[i + 1] ?? '';
      i++;
    } else return err(needsValue(name));
    const applied = applyFlag(overrides, name, value);
    if (applied.isErr()) return err(applied.error);
  }
  return ok(overrides);
}

function applyFlag(
  overrides: KubeletFlagOverrides,
  name: string,
  value: string,
): Result<void, ConfigError> {
  const invalid = (reason: string): Result<void, ConfigError> =>
    err({
      code: 'invalid-flag-value',
      field: name,
      key: name,
      value,
      message: invalidArgument(value, name, reason),
    });
  if (Object.hasOwn(EVICTION_MAP_FLAGS, name)) {
    const flag = name as EvictionMapFlag;
    const parsed = parseEvictionFlag(value, flag);
    if (parsed.isErr()) return err(parsed.error);
    const field = EVICTION_MAP_FLAGS[flag].field;
    overrides[field] = { ...(overrides[field] ?? {}), ...parsed.value };
    return ok(undefined);
  }
  switch (name as ScalarFlag) {
    case '--eviction-pressure-transition-period': {
      const parsed = parseGoDuration(value);
      if (parsed.isErr()) return invalid(parsed.error.message);
      overrides.evictionPressureTransitionPeriodMs = nanosToMs(parsed.value);
      return ok(undefined);
    }
    case '--eviction-max-pod-grace-period': {
      const parsed = parseGoInt32(value);
      if (parsed.isErr()) return invalid(parsed.error.message);
      overrides.evictionMaxPodGracePeriodSeconds = parsed.value;
      return ok(undefined);
    }
    case '--enforce-node-allocatable': {
      const parsed = readCsvRecord(value);
      if (parsed.isErr()) return invalid(parsed.error);
      overrides.enforceNodeAllocatable = [
        ...(overrides.enforceNodeAllocatable ?? []),
        ...parsed.value,
      ];
      return ok(undefined);
    }
    case '--kernel-memcg-notification':
    case '--experimental-allocatable-ignore-eviction': {
      const parsed = parseGoBool(value);
      if (parsed.isErr()) return invalid(parsed.error.message);
      if (name === '--kernel-memcg-notification') overrides.kernelMemcgNotification = parsed.value;
      else overrides.experimentalAllocatableIgnoreEviction = parsed.value;
      return ok(undefined);
    }
  }
  return ok(undefined);
}

/**
 * pflag's `readAsCSV` for string-slice flags: one CSV record (Go's `encoding/csv`), `""` → `[]`.
 * Supports quoted fields; a bare `"` inside an unquoted field is an error, as in Go.
 */
function readCsvRecord(value: string): Result<string[], string> {
  if (value === '') return ok([]);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) {
          return err(
            `parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`,
          );
        }
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i];
        i++;
      }
      if (i < value.length && value[i] !== ',') {
        return err(
          `parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`,
        );
      }
    } else {
      while (i < value.length && value[i] !== ',') {
        if (value[i] === '"')
          return err(`parse error on line 1, column ${i + 1}: bare " in non-quoted-field`);
        field += value[i];
        i++;
      }
    }
    fields.push(field);
    if (i >= value.length) return ok(fields);
    i++; // the comma
  }
}

/** A list of words, checked: untyped callers may pass anything. */
function wordList(args: unknown): Result<string[], ConfigError> {
  if (!Array.isArray(args)) return err(notACommandLine(args));
  const words = [...(args as unknown[])];
  const bad = words.findIndex((word) => typeof word !== 'string');
  if (bad >= 0) return err(notACommandLine(words[bad], `word ${bad} is not a string`));
  return ok(words as string[]);
}

function notACommandLine(value: unknown, reason = 'not a string or a list of words'): ConfigError {
  return {
    code: 'syntax',
    field: '--flags',
    key: '',
    value: displayValue(value),
    message: `invalid command line: ${reason}`,
  };
}

/**
 * Split a command line into words like a POSIX shell, without expansions: blanks separate
 * words; `'…'` is literal; `"…"` keeps blanks and honours `\"`, `\\`, `\$` and `` \` ``; a
 * backslash outside quotes escapes the next character; a backslash-newline is removed.
 */
export function splitCommandLine(line: string): Result<string[], ConfigError> {
  if (typeof line !== 'string') return err(notACommandLine(line));
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return err(unterminated(line, "'"));
      word += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const next = line[j + 1];
        if (line[j] === '\\' && next !== undefined && '"\\$`\n'.includes(next)) {
          if (next !== '\n') word += next;
          j++;
        } else word += line[j];
      }
      if (j >= line.length) return err(unterminated(line, '"'));
      i = j;
    } else if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) continue;
      if (next === '\n') {
        if (word === '') inWord = false;
      } else word += next;
      i++;
    } else word += c;
  }
  if (inWord) words.push(word);
  return ok(words);
}

function unterminated(line: string, quote: string): ConfigError {
  return {
    code: 'syntax',
    field: '--flags',
    key: '',
    value: line,
    message: `unterminated ${quote} in command line: ${line}`,
  };
}
