import { err, ok, type Result } from 'neverthrow';
import { type ConfigError, displayValue } from './config-error';
import { goQuote } from './go-quote';
import { unreadableMessage } from './guard';

/** The kubelet flags that hold a signal → value map. */
export type EvictionMapFlag =
  | '--eviction-hard'
  | '--eviction-soft'
  | '--eviction-soft-grace-period'
  | '--eviction-minimum-reclaim';

/** The KubeletConfiguration field each map flag sets. */
export type EvictionMapField =
  | 'evictionHard'
  | 'evictionSoft'
  | 'evictionSoftGracePeriod'
  | 'evictionMinimumReclaim';

/**
 * Each map flag's field and separator: `--eviction-hard`/`--eviction-soft` are
 * `LangleSeparatedMapStringString` (`signal<value`), the other two `MapStringString`
 * (`signal=value`).
 */
export const EVICTION_MAP_FLAGS: Readonly<
  Record<EvictionMapFlag, { field: EvictionMapField; separator: '<' | '=' }>
> = {
  '--eviction-hard': { field: 'evictionHard', separator: '<' },
  '--eviction-soft': { field: 'evictionSoft', separator: '<' },
  '--eviction-soft-grace-period': { field: 'evictionSoftGracePeriod', separator: '=' },
  '--eviction-minimum-reclaim': { field: 'evictionMinimumReclaim', separator: '=' },
};

/**
 * Parse an eviction map flag's value the way component-base does: split on `,`, skip empty
 * items (but not blank ones: `a<1, ,b<2` fails), split each item at its first separator, trim
 * spaces around key and value; a later item for the same signal replaces an earlier one. Only
 * `<` is an operator: `memory.available<=1Gi` gives the value `=1Gi`. An empty string gives an
 * empty map, which is not "unset": as `--eviction-hard=` it clears every hard threshold.
 *
 * `flag` picks the separator (default `--eviction-hard`). Without `flag`, a whole argument
 * such as `--eviction-soft-grace-period=memory.available=1m30s` is accepted too.
 *
 * Signals and values are checked later, by {@link parseThresholdConfig}.
 */
export function parseEvictionFlag(
  input: string,
  flag?: EvictionMapFlag,
): Result<Record<string, string>, ConfigError> {
  if (flag !== undefined && !isEvictionMapFlag(flag)) return err(unknownMapFlag(flag, input));
  if (typeof input !== 'string') {
    const name = flag ?? '--eviction-hard';
    return err({
      code: 'invalid-flag-value',
      field: name,
      key: name,
      value: displayValue(input),
      message: `${name}: the value must be a string, got ${input === null ? 'null' : typeof input}`,
    });
  }
  if (flag === undefined && input.startsWith('--')) {
    const eq = input.indexOf('=');
    const name = normalizeFlagName(eq < 0 ? input : input.slice(0, eq));
    if (!isEvictionMapFlag(name)) return err(unknownMapFlag(name, input));
    if (eq < 0) return err(needsValue(name));
    return parseEvictionFlag(input.slice(eq + 1), name);
  }
  const name = flag ?? '--eviction-hard';
  const { separator } = EVICTION_MAP_FLAGS[name];
  const map: Record<string, string> = {};
  for (const item of input.split(',')) {
    if (item.length === 0) continue;
    const at = item.indexOf(separator);
    if (at < 0) {
      return err({
        code: 'malformed-flag',
        field: name,
        key: name,
        value: input,
        message: invalidArgument(input, name, `malformed pair, expect string${separator}string`),
      });
    }
    // Defined, not assigned: `map['__proto__'] = v` would set the prototype and drop the
    // entry, where the kubelet keeps it (and then rejects it as an unknown signal).
    Object.defineProperty(map, goTrimSpace(item.slice(0, at)), {
      value: goTrimSpace(item.slice(at + 1)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return ok(map);
}

function unknownMapFlag(name: unknown, input: unknown): ConfigError {
  const shown = displayValue(name);
  return {
    code: 'unknown-flag',
    field: shown,
    key: shown,
    value: displayValue(input),
    message: `not an eviction map flag: ${shown} (expected one of ${Object.keys(EVICTION_MAP_FLAGS).join(', ')})`,
  };
}

/**
 * Several map flags at once, keyed by flag name, into the fields of {@link parseThresholdConfig}:
 * `parseEvictionFlags({ '--eviction-hard': 'memory.available<1Gi', '--eviction-soft-grace-period':
 * 'memory.available=1m30s' })` → `{ evictionHard: {…}, evictionSoftGracePeriod: {…} }`. Flags not
 * given stay absent. Entries are parsed in the order of {@link EVICTION_MAP_FLAGS}.
 */
export function parseEvictionFlags(
  flags: Readonly<Partial<Record<EvictionMapFlag, string>>>,
): Result<Partial<Record<EvictionMapField, Record<string, string>>>, ConfigError> {
  const out: Partial<Record<EvictionMapField, Record<string, string>>> = {};
  if (flags === null || typeof flags !== 'object') return ok(out);
  for (const [flag, { field }] of Object.entries(EVICTION_MAP_FLAGS) as [
    EvictionMapFlag,
    { field: EvictionMapField },
  ][]) {
    let value: string | undefined;
    try {
      value = flags[flag];
    } catch (thrown) {
      return err({
        code: 'invalid-argument',
        field: flag,
        key: flag,
        value: '',
        message: unreadableMessage(flag, thrown),
      });
    }
    if (value === undefined) continue;
    const parsed = parseEvictionFlag(value, flag);
    if (parsed.isErr()) return err(parsed.error);
    out[field] = parsed.value;
  }
  return ok(out);
}

/** pflag's wrapping of a flag's `Set` error. */
export function invalidArgument(value: string, flag: string, reason: string): string {
  return `invalid argument ${goQuote(value)} for ${goQuote(flag)} flag: ${reason}`;
}

export function needsValue(flag: string): ConfigError {
  return {
    code: 'flag-needs-value',
    field: flag,
    key: flag,
    value: '',
    message: `flag needs an argument: ${flag}`,
  };
}

function isEvictionMapFlag(name: unknown): name is EvictionMapFlag {
  return typeof name === 'string' && Object.hasOwn(EVICTION_MAP_FLAGS, name);
}

/** The kubelet's `WordSepNormalizeFunc`: `_` in a flag name means `-`. */
export function normalizeFlagName(name: string): string {
  return name.replaceAll('_', '-');
}

/** Go's `strings.TrimSpace`: strips Unicode white space (Go's `unicode.IsSpace`) at both ends. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_START, '').replace(GO_SPACE_END, '');
}

// unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and category Z.
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\p{Z}]';
const GO_SPACE_START = new RegExp(`^${GO_SPACE}+`, 'u');
const GO_SPACE_END = new RegExp(`${GO_SPACE}+$`, 'u');
