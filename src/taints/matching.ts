import { listOf } from '../pods/api-object';
import type { FeatureGateOptions } from '../pods/feature-gates';
import { readTaint, readToleration, type TaintView, type TolerationView } from './read';
import { comparisonOperatorsEnabled, tolerates } from './toleration';
import type { TaintLike, TolerationLike } from './types';

// pkg/apis/core/v1/helper/helpers.go and component-helpers/scheduling/corev1/helpers.go.

/** What `getMatchingTolerations` found. */
export interface MatchingTolerations<T> {
  /** Whether every taint is tolerated by some toleration. */
  readonly allTolerated: boolean;
  /**
   * For each taint in order, the first toleration (in pod order) that tolerates it; the same
   * toleration appears once per taint it was used for. Empty when `allTolerated` is false.
   */
  readonly used: T[];
}

interface Read<T, V> {
  readonly item: T;
  readonly view: V;
}

/** The readable entries of a list, with their views (holes and unreadable entries left out). */
function readAll<T, V>(list: unknown, reader: (v: unknown) => V | undefined): Read<T, V>[] {
  const out: Read<T, V>[] = [];
  for (const item of listOf(list)) {
    const view = reader(item);
    if (view !== undefined) out.push({ item: item as T, view });
  }
  return out;
}

/**
 * `GetMatchingTolerations`: whether `tolerations` tolerate all of `taints`, and which
 * tolerations were used. No taints → `{ allTolerated: true, used: [] }`; taints but no
 * tolerations → `false`. For each taint only the **first** matching toleration counts — a later,
 * shorter `tolerationSeconds` for the same taint is never looked at. The taint eviction
 * controller calls this with the node's NoExecute taints only. Entries that cannot be read (not
 * objects, fields of the wrong type) are left out. Never throws.
 */
export function getMatchingTolerations<T extends TolerationLike>(
  taints: readonly TaintLike[],
  tolerations: readonly T[],
  options?: FeatureGateOptions,
): MatchingTolerations<T> {
  const ts = readAll<TaintLike, TaintView>(taints, readTaint);
  const tols = readAll<T, TolerationView>(tolerations, readToleration);
  return matchViews(ts, tols, comparisonOperatorsEnabled(options));
}

export function matchViews<T>(
  taints: readonly { view: TaintView }[],
  tolerations: readonly Read<T, TolerationView>[],
  comparison: boolean,
): MatchingTolerations<T> {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  if (tolerations.length === 0) return { allTolerated: false, used: [] };
  const used: T[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => tolerates(t.view, taint.view, comparison));
    if (match === undefined) return { allTolerated: false, used: [] };
    used.push(match.item);
  }
  return { allTolerated: true, used };
}

/** `TolerationsTolerateTaint`: whether any of `tolerations` tolerates `taint`. */
export function tolerationsTolerateTaint(
  tolerations: readonly TolerationLike[],
  taint: TaintLike,
  options?: FeatureGateOptions,
): boolean {
  const t = readTaint(taint);
  if (t === undefined) return false;
  const comparison = comparisonOperatorsEnabled(options);
  return readAll<TolerationLike, TolerationView>(tolerations, readToleration).some((tol) =>
    tolerates(tol.view, t, comparison),
  );
}

/**
 * `FindMatchingUntoleratedTaint`: the first taint (in node order) that passes
 * `inclusionFilter` (all taints when it is left out) and that no toleration tolerates, or
 * `undefined` when every such taint is tolerated. The scheduler's TaintToleration filter uses it
 * with `doNotScheduleTaintsFilter`, the kubelet's admission with `noExecuteTaintsFilter`.
 */
export function findMatchingUntoleratedTaint<T extends TaintLike>(
  taints: readonly T[],
  tolerations: readonly TolerationLike[],
  inclusionFilter?: (taint: T) => boolean,
  options?: FeatureGateOptions,
): T | undefined {
  const comparison = comparisonOperatorsEnabled(options);
  const tols = readAll<TolerationLike, TolerationView>(tolerations, readToleration);
  for (const taint of readAll<T, TaintView>(taints, readTaint)) {
    if (inclusionFilter !== undefined && !inclusionFilter(taint.item)) continue;
    if (!tols.some((tol) => tolerates(tol.view, taint.view, comparison))) return taint.item;
  }
  return undefined;
}

/**
 * `TolerationsTolerateTaintsWithFilter` (deprecated upstream in favour of
 * `findMatchingUntoleratedTaint`): whether every filtered taint is tolerated.
 */
export function tolerationsTolerateTaintsWithFilter<T extends TaintLike>(
  tolerations: readonly TolerationLike[],
  taints: readonly T[],
  applyFilter?: (taint: T) => boolean,
  options?: FeatureGateOptions,
): boolean {
  return findMatchingUntoleratedTaint(taints, tolerations, applyFilter, options) === undefined;
}

/** The scheduler's filter: taints with effect NoSchedule or NoExecute. */
export function doNotScheduleTaintsFilter(taint: TaintLike): boolean {
  const t = readTaint(taint);
  return t !== undefined && (t.effect === 'NoSchedule' || t.effect === 'NoExecute');
}

/** Taints with effect NoExecute: the ones the taint eviction controller and the kubelet act on. */
export function noExecuteTaintsFilter(taint: TaintLike): boolean {
  return readTaint(taint)?.effect === 'NoExecute';
}

/** `getNoExecuteTaints`: the NoExecute taints of a list, in order. */
export function getNoExecuteTaints<T extends TaintLike>(taints: readonly T[]): T[] {
  return readAll<T, TaintView>(taints, readTaint)
    .filter((t) => t.view.effect === 'NoExecute')
    .map((t) => t.item);
}
