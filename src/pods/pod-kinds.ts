import { err, ok, type Result } from 'neverthrow';
import { displayValue } from '../signals/config-error';
import { readOr } from '../signals/guard';
import { type PodLike, type PodView, readPod } from './pod';

// pkg/kubelet/types/pod_update.go: where a pod came from, and which pods are critical.

/** Annotation naming the source a pod came from: `file`, `http` or `api`. */
export const CONFIG_SOURCE_ANNOTATION_KEY = 'kubernetes.io/config.source';
/** Annotation present on a mirror pod (the API object standing for a static pod). */
export const CONFIG_MIRROR_ANNOTATION_KEY = 'kubernetes.io/config.mirror';
export const CONFIG_FIRST_SEEN_ANNOTATION_KEY = 'kubernetes.io/config.seen';
export const CONFIG_HASH_ANNOTATION_KEY = 'kubernetes.io/config.hash';

export const FILE_SOURCE = 'file';
export const HTTP_SOURCE = 'http';
export const APISERVER_SOURCE = 'api';
/** Stands for every source in `getValidatedSources`. */
export const ALL_SOURCE = '*';

/** The largest priority a user-defined PriorityClass may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** Priorities at or above this are system-critical. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';

export type PodSourceError =
  | { code: 'no-pod-source'; uid: string; message: string }
  | { code: 'unknown-pod-source'; source: string; message: string }
  /** `getValidatedSources` given something that is not a readable array. */
  | { code: 'invalid-argument'; message: string };

/** `GetPodSource`: the `kubernetes.io/config.source` annotation, or an error when absent. */
export function getPodSource(pod: PodLike): Result<string, PodSourceError> {
  return podSourceOf(readPod(pod));
}

/** `getPodSource` for a pod already read with `readPod`. */
export function podSourceOf(view: PodView): Result<string, PodSourceError> {
  const source = view.annotations.get(CONFIG_SOURCE_ANNOTATION_KEY);
  if (source !== undefined) return ok(source);
  return err({
    code: 'no-pod-source',
    uid: view.uid,
    message: `cannot get source of pod ${JSON.stringify(view.uid)}`,
  });
}

/**
 * `GetValidatedSources`: `"*"` anywhere means all three sources (file, http, api); `""` is
 * skipped; anything else unknown is an error. Total: a list that is not an array (or cannot be
 * read) is an `invalid-argument` error, an entry that is not a string an unknown source.
 */
export function getValidatedSources(sources: readonly string[]): Result<string[], PodSourceError> {
  const list = readOr(
    () => (Array.isArray(sources) ? [...(sources as unknown[])] : undefined),
    undefined,
  );
  if (list === undefined) {
    return err({
      code: 'invalid-argument',
      message: `pod sources must be an array of strings, got ${displayValue(sources)}`,
    });
  }
  const validated: string[] = [];
  for (const entry of list) {
    const source = typeof entry === 'string' ? entry : displayValue(entry);
    if (typeof entry !== 'string') {
      return err({
        code: 'unknown-pod-source',
        source,
        message: `unknown pod source ${JSON.stringify(source)}`,
      });
    }
    switch (source) {
      case ALL_SOURCE:
        return ok([FILE_SOURCE, HTTP_SOURCE, APISERVER_SOURCE]);
      case FILE_SOURCE:
      case HTTP_SOURCE:
      case APISERVER_SOURCE:
        validated.push(source);
        break;
      case '':
        break;
      default:
        return err({
          code: 'unknown-pod-source',
          source,
          message: `unknown pod source ${JSON.stringify(source)}`,
        });
    }
  }
  return ok(validated);
}

/** A mirror pod: it carries the `kubernetes.io/config.mirror` annotation (any value). */
export function isMirrorPod(pod: PodLike): boolean {
  return isMirrorPodView(readPod(pod));
}

/** A static pod: it has a source annotation, and that source is not the API server. */
export function isStaticPod(pod: PodLike): boolean {
  return isStaticPodView(readPod(pod));
}

/**
 * `priority >= 2000000000` (`SystemCriticalPriority`). A priority that is not a number is not
 * critical (comparing an object without a primitive value would throw).
 */
export function isCriticalPodBasedOnPriority(priority: number): boolean {
  return typeof priority === 'number' && priority >= SYSTEM_CRITICAL_PRIORITY;
}

/**
 * A critical pod: static, mirror, or with `spec.priority` at or above system-critical. The
 * namespace plays no part. The eviction manager never evicts one.
 */
export function isCriticalPod(pod: PodLike): boolean {
  return isCriticalPodView(readPod(pod));
}

/** A critical pod whose `priorityClassName` is `system-node-critical`. */
export function isNodeCriticalPod(pod: PodLike): boolean {
  const view = readPod(pod);
  return isCriticalPodView(view) && view.priorityClassName === SYSTEM_NODE_CRITICAL;
}

/**
 * `Preemptable`: a critical preemptor may preempt any non-critical pod; otherwise, when both
 * pods have `spec.priority`, the higher priority may preempt; otherwise no.
 */
export function preemptable(preemptor: PodLike, preemptee: PodLike): boolean {
  const a = readPod(preemptor);
  const b = readPod(preemptee);
  if (isCriticalPodView(a) && !isCriticalPodView(b)) return true;
  if (a.priority !== undefined && b.priority !== undefined) return a.priority > b.priority;
  return false;
}

/** `PodPriority` (component-helpers): `spec.priority`, or 0 when unset. */
export function podPriority(pod: PodLike): number {
  return readPod(pod).priority ?? 0;
}

export function isMirrorPodView(view: PodView): boolean {
  return view.annotations.has(CONFIG_MIRROR_ANNOTATION_KEY);
}

export function isStaticPodView(view: PodView): boolean {
  const source = podSourceOf(view);
  return source.isOk() && source.value !== APISERVER_SOURCE;
}

export function isCriticalPodView(view: PodView): boolean {
  if (isStaticPodView(view) || isMirrorPodView(view)) return true;
  return view.priority !== undefined && isCriticalPodBasedOnPriority(view.priority);
}
