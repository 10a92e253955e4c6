import { isTerminalPhase, type PodFacts, podKey, readPodFacts } from './pod-facts';

/** kubectl's `PodDeleteStatus` reasons. */
export type DrainStatus = 'Okay' | 'Skip' | 'Warning' | 'Error';

/** kubectl drain's messages (`k8s.io/kubectl/pkg/drain/filters.go`, v1.37). */
export const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_FATAL =
  'Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
export const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

/** The flags of `kubectl drain` that the filters read. */
export interface DrainOptions {
  /** `--force`: delete pods without a controller, and pods of a DaemonSet that is gone. */
  readonly force?: boolean;
  /** `--ignore-daemonsets`. */
  readonly ignoreAllDaemonSets?: boolean;
  /** `--delete-emptydir-data` (formerly `--delete-local-data`). */
  readonly deleteEmptyDirData?: boolean;
  /** `--skip-wait-for-delete-timeout` in seconds (0, the default, disables it). */
  readonly skipWaitForDeleteTimeoutSeconds?: number;
  /** The client's clock (epoch ms), for the skip-deleted filter. */
  readonly now: number;
  /** `AdditionalFilters`: run after the built-in ones, with the same short-circuit. */
  readonly additionalFilters?: readonly DrainFilter[];
}

/** What kubectl's GET of a pod's DaemonSet returns. */
export type DaemonSetLookup =
  | { readonly found: true }
  | { readonly found: false; readonly notFound: true; readonly message?: string }
  | { readonly found: false; readonly notFound: false; readonly message: string };

/** The API reads the filters make, injected. */
export interface DrainLookups {
  /**
   * GET the DaemonSet `namespace/name`. Without it every DaemonSet is taken to exist. A
   * NotFound's message defaults to the API's `daemonsets.apps "<name>" not found`.
   */
  readonly daemonSet?: (namespace: string, name: string) => DaemonSetLookup;
}

/** One filter's verdict (`PodDeleteStatus`). */
export interface FilterVerdict {
  readonly delete: boolean;
  readonly status: DrainStatus;
  readonly message?: string;
}

/** A filter: built-in (named after kubectl's) or additional. */
export interface DrainFilter {
  readonly name: string;
  readonly filter: (pod: unknown, facts: PodFacts) => FilterVerdict;
}

/** One filter's verdict for a pod, and whether kubectl reaches it. */
export interface DrainReason extends FilterVerdict {
  readonly filter: string;
  /** False when an earlier filter already excluded the pod (kubectl stops there). */
  readonly ran: boolean;
}

/** A pod with kubectl's decision (`PodDelete`) and every filter's verdict. */
export interface DrainPodResult {
  readonly pod: unknown;
  readonly key: string;
  /** Whether kubectl evicts (or deletes) the pod. */
  readonly delete: boolean;
  /** The status of the last filter that ran (what kubectl keeps; earlier warnings are lost). */
  readonly status: DrainStatus;
  readonly message?: string;
  /** Every filter's verdict in kubectl's order, including the ones kubectl never reached. */
  readonly reasons: readonly DrainReason[];
}

const okay: FilterVerdict = { delete: true, status: 'Okay' };
const skip: FilterVerdict = { delete: false, status: 'Skip' };
const warning = (del: boolean, message: string): FilterVerdict => ({
  delete: del,
  status: 'Warning',
  message,
});
const error = (message: string): FilterVerdict => ({ delete: false, status: 'Error', message });

/** `shouldSkipPod`: terminating for more than the timeout (in whole seconds). */
export function shouldSkipDeletedPod(
  facts: PodFacts,
  timeoutSeconds: number,
  now: number,
): boolean {
  return (
    timeoutSeconds > 0 &&
    facts.deletionTimestamp !== undefined &&
    Math.trunc((now - facts.deletionTimestamp) / 1000) > timeoutSeconds
  );
}

/** kubectl's built-in filters, in its order: skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated. */
export function builtinDrainFilters(
  options: DrainOptions,
  lookups: DrainLookups = {},
): DrainFilter[] {
  return [
    {
      name: 'skipDeleted',
      filter: (_pod, p) =>
        shouldSkipDeletedPod(p, options.skipWaitForDeleteTimeoutSeconds ?? 0, options.now)
          ? skip
          : okay,
    },
    {
      name: 'daemonSet',
      filter: (_pod, p) => {
        // Only the kind is compared; a finished pod can always go.
        const ref = p.controllerRef;
        if (ref === undefined || ref.kind !== 'DaemonSet') return okay;
        if (isTerminalPhase(p.phase)) return okay;
        const found = lookups.daemonSet?.(p.namespace, ref.name) ?? { found: true };
        if (!found.found) {
          const message = found.message ?? `daemonsets.apps "${ref.name}" not found`;
          if (found.notFound && options.force === true) return warning(true, message);
          return error(message);
        }
        if (options.ignoreAllDaemonSets !== true) return error(DAEMONSET_FATAL);
        return warning(false, DAEMONSET_WARNING);
      },
    },
    { name: 'mirrorPod', filter: (_pod, p) => (p.mirror ? skip : okay) },
    {
      name: 'localStorage',
      filter: (_pod, p) => {
        if (!p.hasEmptyDir || isTerminalPhase(p.phase)) return okay;
        if (options.deleteEmptyDirData !== true) return error(LOCAL_STORAGE_FATAL);
        return warning(true, LOCAL_STORAGE_WARNING);
      },
    },
    {
      name: 'unreplicated',
      filter: (_pod, p) => {
        if (isTerminalPhase(p.phase) || p.controllerRef !== undefined) return okay;
        if (options.force === true) return warning(true, UNMANAGED_WARNING);
        return error(UNMANAGED_FATAL);
      },
    },
  ];
}

/**
 * kubectl drain's pod filtering (`filterPods`, v1.37) as data: for each pod, kubectl's decision
 * (the status of the last filter that ran; the first filter that says "do not delete" stops
 * the chain) and every filter's verdict. Like `kubectl drain --dry-run=client`, without the
 * API calls: the DaemonSet GET is `lookups.daemonSet`.
 */
export function drainFilters(
  pods: readonly unknown[],
  options: DrainOptions,
  lookups: DrainLookups = {},
): DrainPodResult[] {
  const filters = [...builtinDrainFilters(options, lookups), ...(options.additionalFilters ?? [])];
  return pods.map((pod) => {
    const facts = readPodFacts(pod);
    const reasons: DrainReason[] = [];
    let final: FilterVerdict = okay;
    let stopped = false;
    for (const { name, filter } of filters) {
      const verdict = filter(pod, facts);
      reasons.push({ filter: name, ran: !stopped, ...verdict });
      if (stopped) continue;
      final = verdict;
      if (!verdict.delete) stopped = true;
    }
    return {
      pod,
      key: podKey(facts),
      delete: final.delete,
      status: final.status,
      ...(final.message !== undefined ? { message: final.message } : {}),
      reasons,
    };
  });
}

/** What kubectl prints before evicting: its errors (drain refused) and warnings. */
export interface DrainSummary {
  /** `cannot delete <message>: ns/a, ns/b`, one per message; any error refuses the node. */
  readonly errors: readonly string[];
  /** `<message>: ns/a, ns/b` joined with `; ` (printed as `Warning: …`); `""` when none. */
  readonly warnings: string;
  /** The pods kubectl would evict (only when there is no error). */
  readonly toEvict: readonly DrainPodResult[];
}

function groupByMessage(results: readonly DrainPodResult[], status: DrainStatus, fallback: string) {
  const groups = new Map<string, string[]>();
  for (const r of results) {
    if (r.status !== status) continue;
    const message = r.message === undefined || r.message === '' ? fallback : r.message;
    const pods = groups.get(message) ?? [];
    pods.push(r.key);
    groups.set(message, pods);
  }
  return groups;
}

/**
 * kubectl's `PodDeleteList.errors()` and `Warnings()`. Messages are listed in the order of
 * their first pod (kubectl walks a Go map, in random order).
 */
export function summarizeDrain(results: readonly DrainPodResult[]): DrainSummary {
  const errors = [...groupByMessage(results, 'Error', 'unexpected error')].map(
    ([message, pods]) => `cannot delete ${message}: ${pods.join(', ')}`,
  );
  const warnings = [...groupByMessage(results, 'Warning', '')]
    .map(([message, pods]) => `${message}: ${pods.join(', ')}`)
    .join('; ');
  return { errors, warnings, toEvict: errors.length > 0 ? [] : results.filter((r) => r.delete) };
}
