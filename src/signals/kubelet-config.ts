import { err, ok, type Result } from 'neverthrow';
import { type ConfigError, displayValue } from './config-error';
import {
  applyEvictionHardDefaults,
  DEFAULT_ENFORCE_NODE_ALLOCATABLE,
  DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
  type EvictionHardSource,
  type GoOs,
  KNOWN_OS_NAMES,
  type KubeletOs,
  kubeletOsFamily,
} from './defaults';
import { nanosToMs, parseGoDuration } from './go-duration';
import { goQuote } from './go-quote';
import { unreadableMessage } from './guard';
import {
  isPlainObject,
  type KubeletConfigurationFields,
  notKubeletConfiguration,
  parseConfigText,
  schemaError,
  validate,
} from './kubelet-config-document';
import { type KubeletFlagOverrides, parseKubeletFlags } from './kubelet-flags';
import { parseThresholdConfig } from './threshold-config';
import type { Threshold } from './types';

/** Which kind of document the settings were read from. */
export type KubeletConfigFormat =
  /** A `kubelet.config.k8s.io/v1beta1` KubeletConfiguration file; defaults applied as the kubelet does. */
  | 'KubeletConfiguration'
  /** The kubelet's `/configz` answer (`{"kubeletconfig": …}`): already effective, no defaulting. */
  | 'configz'
  /** A kops nodeup config (`KubeletConfig:` with eviction fields in flag syntax). */
  | 'kops'
  /** No document: the kubelet's defaults. */
  | 'defaults';

/** The effective eviction settings of a kubelet, after defaulting and flags. */
export interface EvictionSettings {
  format: KubeletConfigFormat;
  evictionHard: Record<string, string>;
  /** `default`, `config`, `merged` (see {@link applyEvictionHardDefaults}), or `flags`. */
  evictionHardSource: EvictionHardSource | 'flags';
  evictionSoft: Record<string, string>;
  evictionSoftGracePeriod: Record<string, string>;
  evictionMinimumReclaim: Record<string, string>;
  mergeDefaultEvictionSettings: boolean;
  /** Milliseconds; an unset or zero value in a config file becomes 5 minutes. */
  evictionPressureTransitionPeriodMs: number;
  /** Seconds (int32); may be negative, which the kubelet passes on as is. */
  evictionMaxPodGracePeriodSeconds: number;
  enforceNodeAllocatable: string[];
  /** `--experimental-allocatable-ignore-eviction` (flag only): drops allocatable thresholds. */
  experimentalAllocatableIgnoreEviction: boolean;
  kernelMemcgNotification: boolean;
  localStorageCapacityIsolation: boolean;
  featureGates: Record<string, boolean>;
  /** Command-line words that were not eviction flags. */
  ignoredFlags: string[];
}

export interface LoadedKubeletConfig {
  /** What `ParseThresholdConfig` makes of the settings (see {@link parseThresholdConfig}). */
  thresholds: Threshold[];
  settings: EvictionSettings;
}

export interface LoadOptions {
  /**
   * Kubelet flags applied after the document, as the kubelet re-applies its command line over
   * its config file: a command line string, a list of words, or already parsed overrides.
   */
  flags?: string | readonly string[] | KubeletFlagOverrides;
  /**
   * Which OS's default `evictionHard` applies (default `linux`): a family (`linux`, `windows`,
   * `other`) or a Go `GOOS` value, mapped as the kubelet's build would map it. Any other value is
   * an `unknown-os` error.
   */
  os?: KubeletOs | GoOs;
}

/**
 * Read a kubelet's eviction settings from a document, apply the kubelet's defaulting and then
 * `options.flags`, and parse the thresholds. Accepted documents (JSON or YAML; YAML is read as
 * YAML 1.1 like the kubelet's decoder, later duplicate keys win):
 *
 * - a KubeletConfiguration (`apiVersion: kubelet.config.k8s.io/v1beta1`,
 *   `kind: KubeletConfiguration`). Defaults as in `loadConfigFile` + v1beta1 defaulting:
 *   `evictionHard` per {@link applyEvictionHardDefaults}, `evictionPressureTransitionPeriod`
 *   unset or zero → 5m, `enforceNodeAllocatable` unset → `[pods]`. Map fields must be maps: a
 *   string in flag syntax is rejected, as the kubelet's decoder rejects it.
 * - a `/configz` answer `{"kubeletconfig": {…}}`: the values are already effective; absent
 *   fields are the zero values the kubelet omitted (an absent `evictionHard` is an empty map).
 * - a kops nodeup config (`KubeletConfig:` holding `evictionHard: memory.available<100Mi,…`):
 *   kops hands these fields to the kubelet as flags, so they are read with the flag grammar and
 *   applied over the kubelet's defaults (kops' own defaulting is not modelled).
 *
 * Unknown fields are ignored (the kubelet falls back to lenient decoding and only warns).
 */
export function loadKubeletConfig(
  text: string,
  options: LoadOptions = {},
): Result<LoadedKubeletConfig, ConfigError> {
  try {
    return readLoadOptions(options).andThen(({ os, flags }) => loadDocument(text, os, flags));
  } catch (thrown) {
    // Only a caller's object can throw here (a getter or proxy among the options or flags).
    return err(invalidArgument('options', unreadableMessage('the options', thrown)));
  }
}

function loadDocument(
  text: string,
  os: KubeletOs,
  flags: LoadOptions['flags'],
): Result<LoadedKubeletConfig, ConfigError> {
  // The kubelet refuses an empty file before decoding it ("kubelet config file … was empty").
  if (text === '') return err(notKubeletConfiguration('the file is empty'));
  const parsed = parseConfigText(text);
  if (parsed.isErr()) return err(parsed.error);
  const document = parsed.value;
  if (!isPlainObject(document)) {
    return err(notKubeletConfiguration('the document is not a mapping'));
  }
  let settings: Result<EvictionSettings, ConfigError>;
  if (isPlainObject(document.kubeletconfig)) {
    settings = validate(document.kubeletconfig).andThen(fromConfigz);
  } else if (isPlainObject(document.KubeletConfig)) {
    settings = fromKops(document.KubeletConfig, os);
  } else {
    if (document.kind !== 'KubeletConfiguration') {
      return err(
        notKubeletConfiguration(
          `kind is ${document.kind === undefined ? 'missing' : goQuote(String(document.kind))}, expected "KubeletConfiguration"`,
        ),
      );
    }
    if (document.apiVersion !== 'kubelet.config.k8s.io/v1beta1') {
      return err(
        notKubeletConfiguration(
          `apiVersion is ${document.apiVersion === undefined ? 'missing' : goQuote(String(document.apiVersion))}, expected "kubelet.config.k8s.io/v1beta1"`,
        ),
      );
    }
    settings = validate(document).andThen((fields) =>
      fromConfigFile(fields, os, 'KubeletConfiguration'),
    );
  }
  return settings.andThen((s) => finish(s, flags));
}

/** The options, checked: an OS the kubelet is not built for is an error, not Linux. */
function readLoadOptions(
  options: LoadOptions | null | undefined,
): Result<{ os: KubeletOs; flags: LoadOptions['flags'] }, ConfigError> {
  if (options === null || options === undefined) return ok({ os: 'linux', flags: undefined });
  if (typeof options !== 'object') {
    return err(
      invalidArgument('options', `the options must be an object, got ${displayValue(options)}`),
    );
  }
  const given = options.os;
  const os = given === undefined ? 'linux' : kubeletOsFamily(given);
  if (os === undefined) {
    return err({
      code: 'unknown-os',
      field: 'os',
      key: '',
      value: displayValue(given),
      message: `unknown OS ${displayValue(given)}: expected linux, windows, other or a Go GOOS value (${KNOWN_OS_NAMES.filter((n) => n !== 'linux' && n !== 'windows' && n !== 'other').join(', ')})`,
    });
  }
  return ok({ os, flags: options.flags });
}

function invalidArgument(field: string, message: string): ConfigError {
  return { code: 'invalid-argument', field, key: '', value: '', message };
}

/**
 * The kubelet's defaults, then `options.flags`: what a kubelet gets from a config file that sets
 * no eviction field. (A kubelet started without any config file was not verified; in the v1.37
 * source nothing but `loadConfigFile` fills in the default `evictionHard`.)
 */
export function kubeletDefaults(
  options: LoadOptions = {},
): Result<LoadedKubeletConfig, ConfigError> {
  try {
    return readLoadOptions(options).andThen(({ os, flags }) =>
      fromConfigFile({}, os, 'defaults').andThen((s) => finish(s, flags)),
    );
  } catch (thrown) {
    return err(invalidArgument('options', unreadableMessage('the options', thrown)));
  }
}

/** Apply flags over settings, then parse the thresholds. */
function finish(
  settings: EvictionSettings,
  flags: LoadOptions['flags'],
): Result<LoadedKubeletConfig, ConfigError> {
  let overrides: KubeletFlagOverrides | undefined;
  if (typeof flags === 'string' || Array.isArray(flags)) {
    const parsed = parseKubeletFlags(flags as string | readonly string[]);
    if (parsed.isErr()) return err(parsed.error);
    overrides = parsed.value;
  } else if (isPlainObject(flags)) {
    const given = flags as unknown as KubeletFlagOverrides;
    overrides = Array.isArray(given.ignored) ? given : { ...given, ignored: [] };
  } else if (flags !== undefined) {
    // Neither a command line, a word list nor overrides (untyped callers only): parseKubeletFlags
    // reports it.
    const parsed = parseKubeletFlags(flags as unknown as string);
    if (parsed.isErr()) return err(parsed.error);
  }
  const effective = overrides === undefined ? settings : applyKubeletFlags(settings, overrides);
  return parseThresholdConfig({
    evictionHard: effective.evictionHard,
    evictionSoft: effective.evictionSoft,
    evictionSoftGracePeriod: effective.evictionSoftGracePeriod,
    evictionMinimumReclaim: effective.evictionMinimumReclaim,
    allocatableConfig: effective.experimentalAllocatableIgnoreEviction
      ? []
      : effective.enforceNodeAllocatable,
  }).map((thresholds) => ({ thresholds, settings: effective }));
}

/**
 * Flags over settings, as the kubelet re-parses its command line over the loaded config: a
 * map flag replaces the whole map (no default merging happens afterwards), scalars replace.
 */
export function applyKubeletFlags(
  settings: EvictionSettings,
  flags: KubeletFlagOverrides,
): EvictionSettings {
  const next: EvictionSettings = {
    ...settings,
    ignoredFlags: [...settings.ignoredFlags, ...flags.ignored],
  };
  if (flags.evictionHard !== undefined) {
    next.evictionHard = { ...flags.evictionHard };
    next.evictionHardSource = 'flags';
  }
  if (flags.evictionSoft !== undefined) next.evictionSoft = { ...flags.evictionSoft };
  if (flags.evictionSoftGracePeriod !== undefined) {
    next.evictionSoftGracePeriod = { ...flags.evictionSoftGracePeriod };
  }
  if (flags.evictionMinimumReclaim !== undefined) {
    next.evictionMinimumReclaim = { ...flags.evictionMinimumReclaim };
  }
  if (flags.evictionPressureTransitionPeriodMs !== undefined) {
    next.evictionPressureTransitionPeriodMs = flags.evictionPressureTransitionPeriodMs;
  }
  if (flags.evictionMaxPodGracePeriodSeconds !== undefined) {
    next.evictionMaxPodGracePeriodSeconds = flags.evictionMaxPodGracePeriodSeconds;
  }
  if (flags.enforceNodeAllocatable !== undefined) {
    next.enforceNodeAllocatable = [...flags.enforceNodeAllocatable];
  }
  if (flags.kernelMemcgNotification !== undefined) {
    next.kernelMemcgNotification = flags.kernelMemcgNotification;
  }
  if (flags.experimentalAllocatableIgnoreEviction !== undefined) {
    next.experimentalAllocatableIgnoreEviction = flags.experimentalAllocatableIgnoreEviction;
  }
  return next;
}

function fromConfigFile(
  fields: KubeletConfigurationFields,
  os: KubeletOs,
  format: KubeletConfigFormat,
): Result<EvictionSettings, ConfigError> {
  const merge = fields.mergeDefaultEvictionSettings ?? false;
  const hard = applyEvictionHardDefaults(fields.evictionHard, {
    mergeDefaultEvictionSettings: merge,
    os,
  });
  const period = parseTransitionPeriod(fields.evictionPressureTransitionPeriod);
  if (period.isErr()) return err(period.error);
  return ok({
    format,
    evictionHard: hard.evictionHard,
    evictionHardSource: hard.source,
    evictionSoft: { ...(fields.evictionSoft ?? {}) },
    evictionSoftGracePeriod: { ...(fields.evictionSoftGracePeriod ?? {}) },
    evictionMinimumReclaim: { ...(fields.evictionMinimumReclaim ?? {}) },
    mergeDefaultEvictionSettings: merge,
    // v1beta1 defaulting: a zero duration is "unset".
    evictionPressureTransitionPeriodMs:
      period.value === 0 ? DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS : period.value,
    evictionMaxPodGracePeriodSeconds: fields.evictionMaxPodGracePeriod ?? 0,
    enforceNodeAllocatable: [
      ...(fields.enforceNodeAllocatable ?? DEFAULT_ENFORCE_NODE_ALLOCATABLE),
    ],
    experimentalAllocatableIgnoreEviction: false,
    kernelMemcgNotification: fields.kernelMemcgNotification ?? false,
    localStorageCapacityIsolation: fields.localStorageCapacityIsolation ?? true,
    featureGates: { ...(fields.featureGates ?? {}) },
    ignoredFlags: [],
  });
}

function fromConfigz(fields: KubeletConfigurationFields): Result<EvictionSettings, ConfigError> {
  // /configz serialises the effective config with `omitempty`: absent means empty or zero.
  return parseTransitionPeriod(fields.evictionPressureTransitionPeriod).map((periodMs) => ({
    format: 'configz' as const,
    evictionHard: { ...(fields.evictionHard ?? {}) },
    evictionHardSource: 'config' as const,
    evictionSoft: { ...(fields.evictionSoft ?? {}) },
    evictionSoftGracePeriod: { ...(fields.evictionSoftGracePeriod ?? {}) },
    evictionMinimumReclaim: { ...(fields.evictionMinimumReclaim ?? {}) },
    mergeDefaultEvictionSettings: fields.mergeDefaultEvictionSettings ?? false,
    evictionPressureTransitionPeriodMs: periodMs,
    evictionMaxPodGracePeriodSeconds: fields.evictionMaxPodGracePeriod ?? 0,
    enforceNodeAllocatable: [...(fields.enforceNodeAllocatable ?? [])],
    experimentalAllocatableIgnoreEviction: false,
    kernelMemcgNotification: fields.kernelMemcgNotification ?? false,
    // A pointer field that defaults to true, so /configz always prints it; true when absent.
    localStorageCapacityIsolation: fields.localStorageCapacityIsolation ?? true,
    featureGates: { ...(fields.featureGates ?? {}) },
    ignoredFlags: [],
  }));
}

/** kops KubeletConfigSpec field → the kubelet flag kops renders it as. */
const KOPS_FLAG_FIELDS: ReadonlyArray<[field: string, flag: string]> = [
  ['evictionHard', '--eviction-hard'],
  ['evictionSoft', '--eviction-soft'],
  ['evictionSoftGracePeriod', '--eviction-soft-grace-period'],
  ['evictionMinimumReclaim', '--eviction-minimum-reclaim'],
  ['evictionPressureTransitionPeriod', '--eviction-pressure-transition-period'],
  ['evictionMaxPodGracePeriod', '--eviction-max-pod-grace-period'],
  ['enforceNodeAllocatable', '--enforce-node-allocatable'],
];

function fromKops(
  spec: Record<string, unknown>,
  os: KubeletOs,
): Result<EvictionSettings, ConfigError> {
  const words: string[] = [];
  for (const [field, flag] of KOPS_FLAG_FIELDS) {
    const value = spec[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return err(schemaError(`KubeletConfig.${field}`, field, value, 'string'));
    }
    words.push(`${flag}=${value}`);
  }
  const flags = parseKubeletFlags(words);
  if (flags.isErr()) return err(flags.error);
  return fromConfigFile({}, os, 'kops').map((defaults) => ({
    ...applyKubeletFlags(defaults, flags.value),
    format: 'kops' as const,
  }));
}

function parseTransitionPeriod(value: string | null | undefined): Result<number, ConfigError> {
  if (value === undefined) return ok(0);
  // metav1.Duration decodes JSON null as the empty string, which time.ParseDuration rejects.
  const parsed = parseGoDuration(value ?? '');
  if (parsed.isErr()) {
    return err({
      code: 'invalid-duration',
      field: 'evictionPressureTransitionPeriod',
      key: '',
      value: value ?? 'null',
      message: parsed.error.message,
    });
  }
  return ok(nanosToMs(parsed.value));
}
