import type { EvictionMap } from './threshold-config';

/** The operating-system families with their own default `evictionHard` in the kubelet. */
export type KubeletOs = 'linux' | 'windows' | 'other';

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
  /** Which OS default applies; `linux` by default. */
  os?: KubeletOs | undefined;
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
 * Returns a fresh object.
 */
export function applyEvictionHardDefaults(
  evictionHard: EvictionMap,
  options: EvictionHardDefaulting = {},
): { evictionHard: Record<string, string>; source: EvictionHardSource } {
  const defaults = DEFAULT_EVICTION_HARD_BY_OS[options.os ?? 'linux'];
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
