import type { Signal, Threshold } from '../signals/types';
import type { EvaluationExplanation, ThresholdExplanation } from '../thresholds/explain';
import { compareThresholdValue } from '../thresholds/threshold-identity';
import type { DiskTopologyState } from './types';

// Where each threshold of a cycle comes from. Once the disk layout is known the kubelet adds
// `containerfs.*` thresholds of its own (`UpdateContainerFsThresholds`): copies of the nodefs
// or imagefs thresholds, and, where there is nothing to copy, an empty threshold that can never
// be met. Neither was configured; the explanation says so.

/** Where a threshold in a cycle's explanation comes from. */
export type ThresholdOrigin =
  /** As configured (or remembered from an earlier cycle's configuration). */
  | 'configured'
  /** A `containerfs.*` copy of a configured nodefs or imagefs threshold (`derivedFrom`). */
  | 'containerfs-copy'
  /**
   * A `containerfs.*` placeholder written for a `derivedFrom` threshold that is not configured
   * (upstream writes an empty threshold; here a zero one): never met.
   */
  | 'containerfs-placeholder';

/** A threshold's explanation in a manager cycle: `evaluate`'s, plus where it comes from. */
export interface ManagerThresholdExplanation extends ThresholdExplanation {
  origin: ThresholdOrigin;
  /** Copies and placeholders: the signal whose threshold the kubelet copies. */
  derivedFrom?: Signal;
}

/** `evaluate`'s explanation with each threshold's origin. */
export interface ManagerEvaluationExplanation extends EvaluationExplanation {
  thresholds: ManagerThresholdExplanation[];
}

/**
 * Which filesystem `containerfs.*` thresholds copy on a disk layout (as
 * `updateContainerFsThresholds` decides): nodefs on one filesystem and with a split image
 * filesystem, imagefs with a dedicated image filesystem only; none on the unsupported layout or
 * once the split-filesystem quirk has disabled ranking.
 */
export function containerFsSource(topology: DiskTopologyState): 'nodefs' | 'imagefs' | undefined {
  if (topology.rankingDisabled === true) return undefined;
  if (topology.dedicatedImageFs === topology.splitImageFs) return 'nodefs';
  return topology.dedicatedImageFs ? 'imagefs' : undefined;
}

/**
 * The origin of one threshold of a cycle. `source` is the filesystem the cycle's `containerfs.*`
 * thresholds copy, or `undefined` when the cycle evaluated the thresholds as configured.
 */
export function thresholdOrigin(
  threshold: Threshold,
  configured: readonly Threshold[],
  source: 'nodefs' | 'imagefs' | undefined,
): { origin: ThresholdOrigin; derivedFrom?: Signal } {
  if (source === undefined) return { origin: 'configured' };
  let derivedFrom: Signal;
  if (threshold.signal === 'containerfs.available') derivedFrom = `${source}.available`;
  else if (threshold.signal === 'containerfs.inodesFree') derivedFrom = `${source}.inodesFree`;
  else return { origin: 'configured' };
  const origin =
    isPlaceholder(threshold) && !configured.some((t) => isCopyOf(threshold, t, derivedFrom))
      ? 'containerfs-placeholder'
      : 'containerfs-copy';
  return { origin, derivedFrom };
}

/** Each threshold of `evaluation` with its origin (a new object; the input is not modified). */
export function withThresholdOrigins(
  evaluation: EvaluationExplanation,
  configured: readonly Threshold[],
  source: 'nodefs' | 'imagefs' | undefined,
): ManagerEvaluationExplanation {
  return {
    ...evaluation,
    thresholds: evaluation.thresholds.map((t) => ({
      ...t,
      ...thresholdOrigin(t.threshold, configured, source),
    })),
  };
}

/** The zero threshold `updateContainerFsThresholds` writes when there is nothing to copy. */
function isPlaceholder(t: Threshold): boolean {
  return (
    'percentage' in t.value &&
    t.value.percentage === 0 &&
    t.gracePeriodMs === 0 &&
    t.minReclaim === undefined
  );
}

/** `copy` could be the hard copy of `t` (a configured `<0%` source copies to a placeholder's twin). */
function isCopyOf(copy: Threshold, t: Threshold, from: Signal): boolean {
  return t.signal === from && t.gracePeriodMs === 0 && compareThresholdValue(t.value, copy.value);
}
