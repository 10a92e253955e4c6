import { type PodObjectView, readPodObject } from '../pods/pod-object';

/** The kubelet's eviction reason: a pod it evicted is `Failed` with `status.reason: Evicted`. */
export const EVICTED_REASON = 'Evicted';

/** `eviction.PodIsEvicted`: phase `Failed` and reason `Evicted`. */
export function isEvicted(view: Pick<PodObjectView, 'phase' | 'reason'>): boolean {
  return view.phase === 'Failed' && view.reason === EVICTED_REASON;
}

/** `isPodTerminated`: any phase but Pending, Running and Unknown (so an empty phase too). */
export function isTerminatedPhase(phase: string): boolean {
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** `byEvictionAndCreationTimestamp` on views already read. */
export function compareGcOrder(
  a: Pick<PodObjectView, 'phase' | 'reason' | 'creationTimestamp' | 'name'>,
  b: Pick<PodObjectView, 'phase' | 'reason' | 'creationTimestamp' | 'name'>,
): number {
  const aEvicted = isEvicted(a);
  const bEvicted = isEvicted(b);
  if (aEvicted !== bEvicted) return aEvicted ? -1 : 1;
  const at = a.creationTimestamp ?? Number.NEGATIVE_INFINITY;
  const bt = b.creationTimestamp ?? Number.NEGATIVE_INFINITY;
  if (at === bt) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return at < bt ? -1 : 1;
}

/**
 * `byEvictionAndCreationTimestamp`, a comparator for `Array.prototype.sort`: evicted pods
 * first, then the oldest `creationTimestamp` (absent counts as Go's zero time, before any
 * other), then name.
 */
export function byEvictionAndCreationTimestamp(a: unknown, b: unknown): number {
  return compareGcOrder(readPodObject(a), readPodObject(b));
}
