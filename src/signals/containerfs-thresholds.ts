import type { Signal, Threshold } from './types';

/** The node's disk layout, as the eviction manager learns it from the container runtime. */
export interface DiskTopology {
  /** The runtime keeps images on a filesystem other than nodefs (`HasDedicatedImageFs`). */
  imageFs: boolean;
  /** Container writable layers live apart from images (`HasDedicatedContainerFs`, 1.29+). */
  splitImageFs: boolean;
}

export interface ContainerFsUpdate {
  /** The new threshold list (the input is not modified). */
  thresholds: Threshold[];
  /** Which filesystem's thresholds `containerfs.*` now mirror; `undefined` when left alone. */
  mirrors: 'nodefs' | 'imagefs' | undefined;
  /**
   * Upstream's error text when the input already had `containerfs.*` thresholds (they are
   * overwritten), e.g. `found containerfs.available for hard eviction. ignoring`. Upstream only
   * logs it; when several are found, the last one is reported.
   */
  warning?: string;
}

type Slot = 'hard' | 'soft';

/**
 * The kubelet's `UpdateContainerFsThresholds`, which the eviction manager runs once, on its
 * first successful synchronize:
 * - one filesystem (`!imageFs && !splitImageFs`) or split image filesystem
 *   (`imageFs && splitImageFs`): `containerfs.*` copy the last hard and last soft
 *   `nodefs.available` / `nodefs.inodesFree` thresholds;
 * - dedicated image filesystem only (`imageFs && !splitImageFs`): they copy `imagefs.*`;
 * - `!imageFs && splitImageFs` (unsupported): the list is returned unchanged.
 *
 * Four entries are written, in the order hard available, soft available, hard inodes, soft
 * inodes: each replaces the last user-given `containerfs` threshold of that kind in place, or
 * is appended. Copies keep operator, value and minimum reclaim; soft copies keep the grace
 * period, hard copies get 0.
 *
 * **QUIRK, mirrored:** the four entries are written even when the source threshold does not
 * exist. Upstream writes an empty threshold (no operator, no value), which is hard and can never
 * be met. Here such a placeholder is `{ operator: 'LessThan', value: { percentage: 0 },
 * gracePeriodMs: 0 }` with no minimum reclaim: a zero threshold, which is never met either,
 * since filesystem availability is never negative.
 */
export function updateContainerFsThresholds(
  thresholds: readonly Threshold[],
  topology: DiskTopology,
): ContainerFsUpdate {
  const { imageFs, splitImageFs } = topology;
  const last = new Map<string, Threshold>();
  const containerFsIndex = new Map<string, number>();
  let warning: string | undefined;
  thresholds.forEach((threshold, index) => {
    const slot: Slot = threshold.gracePeriodMs === 0 ? 'hard' : 'soft';
    const key = `${threshold.signal}/${slot}`;
    if (
      threshold.signal === 'containerfs.available' ||
      threshold.signal === 'containerfs.inodesFree'
    ) {
      warning = `found ${threshold.signal} for ${slot} eviction. ignoring`;
      containerFsIndex.set(key, index);
    } else {
      last.set(key, threshold);
    }
  });

  let source: 'nodefs' | 'imagefs' | undefined;
  if (imageFs === splitImageFs) source = 'nodefs';
  else if (imageFs) source = 'imagefs';
  if (source === undefined)
    return withWarning({ thresholds: [...thresholds], mirrors: undefined }, warning);

  const result = [...thresholds];
  const targets: [Signal, 'available' | 'inodesFree', Slot][] = [
    ['containerfs.available', 'available', 'hard'],
    ['containerfs.available', 'available', 'soft'],
    ['containerfs.inodesFree', 'inodesFree', 'hard'],
    ['containerfs.inodesFree', 'inodesFree', 'soft'],
  ];
  for (const [signal, measure, slot] of targets) {
    const from = last.get(`${source}.${measure}/${slot}`);
    const copy = copyAs(signal, from, slot);
    const index = containerFsIndex.get(`${signal}/${slot}`);
    if (index === undefined) result.push(copy);
    else result[index] = copy;
  }
  return withWarning({ thresholds: result, mirrors: source }, warning);
}

function copyAs(signal: Signal, from: Threshold | undefined, slot: Slot): Threshold {
  if (from === undefined) {
    return { signal, operator: 'LessThan', value: { percentage: 0 }, gracePeriodMs: 0 };
  }
  const copy: Threshold = {
    signal,
    operator: from.operator,
    value: from.value,
    gracePeriodMs: slot === 'soft' ? from.gracePeriodMs : 0,
  };
  if (from.minReclaim !== undefined) copy.minReclaim = from.minReclaim;
  return copy;
}

function withWarning(update: ContainerFsUpdate, warning: string | undefined): ContainerFsUpdate {
  return warning === undefined ? update : { ...update, warning };
}
