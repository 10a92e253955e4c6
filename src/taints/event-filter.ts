import { get, readPodForTaints, readTaints, type TaintView, type TolerationView } from './read';
import type { NodeInput, PodInput } from './types';

// pkg/controller/tainteviction/taint_eviction.go: PodUpdated and NodeUpdated, which decide
// whether an informer event reaches the controller's queues at all.

/**
 * `PodUpdated`'s filter: an update (both objects present) is ignored when the tolerations are
 * semantically equal (a missing list equals an empty one) and `spec.nodeName` is unchanged — so
 * label, status and readiness changes never make the controller look at a pod again. Adds and
 * deletes (one side `undefined`) always pass.
 */
export function taintEvictionPodUpdateMatters(
  oldPod: PodInput | undefined,
  newPod: PodInput | undefined,
): boolean {
  if (oldPod === undefined || oldPod === null || newPod === undefined || newPod === null)
    return true;
  const a = readPodForTaints(oldPod);
  const b = readPodForTaints(newPod);
  return a.nodeName !== b.nodeName || !sameList(a.tolerations, b.tolerations, sameToleration);
}

/**
 * `NodeUpdated`'s filter: an update is ignored when the NoExecute taints (in order, `timeAdded`
 * included) are semantically equal. Adds and deletes always pass.
 */
export function taintEvictionNodeUpdateMatters(
  oldNode: NodeInput | undefined,
  newNode: NodeInput | undefined,
): boolean {
  if (oldNode === undefined || oldNode === null || newNode === undefined || newNode === null)
    return true;
  const noExecute = (node: NodeInput) =>
    readTaints(get(get(node, 'spec'), 'taints')).filter((t) => t.effect === 'NoExecute');
  return !sameList(noExecute(oldNode), noExecute(newNode), sameTaint);
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i] as T));
}

function sameToleration(a: TolerationView, b: TolerationView): boolean {
  return (
    a.key === b.key &&
    a.operator === b.operator &&
    a.value === b.value &&
    a.effect === b.effect &&
    a.seconds === b.seconds
  );
}

function sameTaint(a: TaintView, b: TaintView): boolean {
  return (
    a.key === b.key && a.value === b.value && a.effect === b.effect && a.timeAdded === b.timeAdded
  );
}
