import type { EvictionMap } from './threshold-config';

/** The operating-system families with their own default `evictionHard` in the kubelet. */
export type KubeletOs = 'linux' | 'windows' | 'other';

/**
 * Go's `GOOS` values (`go tool dist list`, Go 1.24): the kubelet binary is built for one, and the
 * build picks its defaults file — `defaults_linux.go` (`linux`, and `android`, which Go's build
 * constraints treat as linux), `defaults_windows.go`, or `defaults_others.go` (everything else).
 */
export type GoOs =
  | 'aix'
  | 'android'
  | 'darwin'
  | 'dragonfly'
  | 'freebsd'
  | 'illumos'
  | 'ios'
  | 'js'
  | 'linux'
  | 'netbsd'
  | 'openbsd'
  | 'plan9'
  | 'solaris'
  | 'wasip1'
  | 'windows';

const OS_FAMILY: ReadonlyMap<string, KubeletOs> = new Map<KubeletOs | GoOs, KubeletOs>([
  ['linux', 'linux'],
  ['android', 'linux'],
  ['windows', 'windows'],
  ['other', 'other'],
  ...(
    [
      'aix',
      'darwin',
      'dragonfly',
      'freebsd',
      'illumos',
      'ios',
      'js',
      'netbsd',
      'openbsd',
      'plan9',
      'solaris',
      'wasip1',
    ] as const
  ).map((os): [GoOs, KubeletOs] => [os, 'other']),
]);

/** Every OS name `kubeletOsFamily` knows: the three families and the GOOS values. */
export const KNOWN_OS_NAMES: readonly string[] = Object.freeze([...OS_FAMILY.keys()]);

/**
 * The defaults family of an OS name: `linux`, `windows` or `other` (or a GOOS value, mapped as
 * the Go build would); `undefined` for anything else, a non-string included. Case-sensitive,
 * as GOOS is.
 */
export function kubeletOsFamily(os: unknown): KubeletOs | undefined {
  return typeof os === 'string' ? OS_FAMILY.get(os) : undefined;
}

/**
 * The kubelet's default `evictionHard` on Linux (`defaults_linux.go`, Kubernetes v1.37;
 * `imagefs.inodesFree` was added in v1.30).
 */
export const DEFAULT_EVICTION_HARD: Readonly<Record<string, string>> = Object.freeze({
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'nodefs.inodesFree': '5%',
  'imagefs.available': '15%',
  'imagefs.inodesFree': '5%',
});

/** The default `evictionHard` per OS (`defaults_linux.go`, `defaults_windows.go`, `defaults_others.go`). */
export const DEFAULT_EVICTION_HARD_BY_OS: Readonly<
  Record<KubeletOs, Readonly<Record<string, string>>>
> = Object.freeze({
  linux: DEFAULT_EVICTION_HARD,
  windows: Object.freeze({
    'memory.available': '500Mi',
    'nodefs.available': '10%',
    'imagefs.available': '15%',
  }),
  other: Object.freeze({
    'memory.available': '100Mi',
    'nodefs.available': '10%',
    'imagefs.available': '15%',
  }),
});

/** `evictionPressureTransitionPeriod` default (v1beta1 defaulting replaces an unset or zero value). */
export const DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS = 5 * 60 * 1000;

/** `enforceNodeAllocatable` default (applied only when the field is absent or null). */
export const DEFAULT_ENFORCE_NODE_ALLOCATABLE: readonly string[] = Object.freeze(['pods']);

/** Where the effective `evictionHard` came from. */
export type EvictionHardSource =
  /** The field was absent or null: the OS default map. */
  | 'default'
  /** The field was given and used as is: unlisted signals have no hard threshold. */
  | 'config'
  /** The field was given and `mergeDefaultEvictionSettings` filled in the missing defaults. */
  | 'merged';

export interface EvictionHardDefaulting {
  /** `mergeDefaultEvictionSettings` (v1.33+, default false). */
  mergeDefaultEvictionSettings?: boolean | undefined;
  /** Which OS default applies (a family or a GOOS value); `linux` by default and for unknown names. */
  os?: KubeletOs | GoOs | undefined;
}

/**
 * How the kubelet fills in `evictionHard` when it loads its config file (`loadConfigFile` in
 * `cmd/kubelet/app/server.go`):
 * - absent or null → the OS default map;
 * - given, and `mergeDefaultEvictionSettings` true → each default signal the map does not list
 *   is added with its default value (listed signals win, including `0%`/`100%` disablers);
 * - given otherwise → used as is, so a partial map drops the other defaults (an empty map
 *   means no hard thresholds at all).
 * Only `evictionHard` has defaults; soft, grace and min-reclaim maps never get any.
 * Returns a fresh object. An OS name `kubeletOsFamily` does not know gets the Linux defaults
 * (`loadKubeletConfig` rejects such a name instead).
 */
export function applyEvictionHardDefaults(
  evictionHard: EvictionMap,
  options: EvictionHardDefaulting = {},
): { evictionHard: Record<string, string>; source: EvictionHardSource } {
  const defaults = DEFAULT_EVICTION_HARD_BY_OS[kubeletOsFamily(options?.os) ?? 'linux'];
  if (evictionHard === null || evictionHard === undefined) {
    return { evictionHard: { ...defaults }, source: 'default' };
  }
  if (options.mergeDefaultEvictionSettings === true) {
    const merged: Record<string, string> = { ...evictionHard };
    for (const [signal, value] of Object.entries(defaults)) {
      if (!Object.hasOwn(merged, signal)) merged[signal] = value;
    }
    return { evictionHard: merged, source: 'merged' };
  }
  return { evictionHard: { ...evictionHard }, source: 'config' };
}
