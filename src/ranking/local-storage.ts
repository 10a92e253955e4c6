import { z } from 'zod';
import { type PodLike, readPod } from '../pods/pod';
import { isCriticalPod } from '../pods/pod-kinds';
import { podLimits } from '../pods/pod-requests';
import { goQuote } from '../signals/go-quote';
import { readOr } from '../signals/guard';
import { parseQuantity, Quantity } from '../signals/quantity';
import type { FsStats, PodStats } from '../signals/summary';
import { foundStats, type PodStatsOf, podList, statsFunction } from './pod-usage';

// The eviction manager's local-storage (ephemeral-storage limit) checks, Kubernetes v1.37:
// localStorageEviction, emptyDirLimitEviction, podEphemeralStorageLimitEviction and
// containerEphemeralStorageLimitEviction in pkg/kubelet/eviction/eviction_manager.go.

/** Grace period the kubelet gives a pod evicted for a local-storage limit, in seconds. */
export const LOCAL_STORAGE_EVICTION_GRACE_PERIOD_SECONDS = 1;

/** The metric label (`kubelet_evictions{eviction_signal=…}`) of each check. */
export type LocalStorageSignal =
  | 'emptydirfs.limit'
  | 'ephemeralpodfs.limit'
  | 'ephemeralcontainerfs.limit';

export type LocalStorageReason =
  | {
      kind: 'emptydir-limit';
      signal: 'emptydirfs.limit';
      volume: string;
      limit: Quantity;
      usage: Quantity;
    }
  | {
      kind: 'pod-ephemeral-storage-limit';
      signal: 'ephemeralpodfs.limit';
      limit: Quantity;
      usage: Quantity;
    }
  | {
      kind: 'container-ephemeral-storage-limit';
      signal: 'ephemeralcontainerfs.limit';
      container: string;
      limit: Quantity;
      usage: Quantity;
    };

/** One pod the kubelet would evict for exceeding a local-storage limit, and why. */
export interface LocalStorageEviction<P = unknown> {
  pod: P;
  reason: LocalStorageReason;
  /** `status.message` and event message, byte for byte. */
  message: string;
  /** Always 1 (v1.26 used 0). No annotations and no DisruptionTarget condition go with it. */
  gracePeriodOverrideSeconds: number;
}

export interface LocalStorageOptions {
  /**
   * The node has a dedicated image filesystem: container writable layers (rootfs) then live
   * there and do not count against a container's ephemeral-storage limit, only its logs do.
   */
  dedicatedImageFs?: boolean;
}

/** `emptyDirMessageFmt`: `Usage of EmptyDir volume %q exceeds the limit %q. ` */
export const emptyDirMessage = (volume: string, limit: Quantity): string =>
  `Usage of EmptyDir volume ${goQuote(volume)} exceeds the limit ${goQuote(limit.toString())}. `;
/** `podEphemeralStorageMessageFmt`: `Pod ephemeral local storage usage exceeds the total limit of containers %s. ` */
export const podEphemeralStorageMessage = (limit: Quantity): string =>
  `Pod ephemeral local storage usage exceeds the total limit of containers ${limit.toString()}. `;
/** `containerEphemeralStorageMessageFmt`: `Container %s exceeded its local ephemeral storage limit %q. ` */
export const containerEphemeralStorageMessage = (container: string, limit: Quantity): string =>
  `Container ${container} exceeded its local ephemeral storage limit ${goQuote(limit.toString())}. `;

/**
 * The pods the kubelet evicts for local-storage limits in one pass (it runs only when
 * `localStorageCapacityIsolation` is on, before any pressure-based eviction; when this returns
 * anything, that cycle evicts nothing else). Pods are taken in the given order; a pod without
 * statistics is skipped; for each pod the three checks run in order and the first violation
 * decides:
 *
 * 1. **emptyDir**: the first `spec.volumes` entry that is an emptyDir with a positive
 *    `sizeLimit` whose usage (`volume` stats by name, last entry wins) is above it. Memory-backed
 *    emptyDirs count like any other, as upstream.
 * 2. **pod**: `PodLimits(pod)` has `ephemeral-storage` (container limits aggregated, pod-level
 *    limits, overhead on non-zero limits) and the pod's `ephemeral-storage.usedBytes` (0 when
 *    missing) is above it.
 * 3. **container**: for each container in the statistics, logs + rootfs (logs only with a
 *    dedicated image filesystem) above the non-zero `ephemeral-storage` limit of the regular
 *    container of that name (init containers are not checked).
 *
 * Critical pods (static, mirror, or priority ≥ 2000000000) are never evicted: upstream tries
 * each check, `evictPod` refuses, and nothing is recorded. Several pods may be evicted at once.
 * A stats function returning anything but an object (`undefined`, `null`) means "no stats";
 * malformed statistics entries are skipped and malformed counters read as 0. Never throws.
 */
export function localStorageEviction<P extends PodLike>(
  pods: readonly P[],
  statsOf: PodStatsOf<P>,
  options?: LocalStorageOptions,
): LocalStorageEviction<P>[];
/** Pods of any type with any stats function (typed on kubernetes-types, client-node or own pods). */
export function localStorageEviction<P extends PodLike>(
  pods: readonly P[],
  statsOf: PodStatsOf<never>,
  options?: LocalStorageOptions,
): LocalStorageEviction<P>[];
export function localStorageEviction<P extends PodLike>(
  pods: readonly P[],
  statsOf: PodStatsOf<never>,
  options?: LocalStorageOptions,
): LocalStorageEviction<P>[] {
  const evicted: LocalStorageEviction<P>[] = [];
  const lookup = statsFunction(statsOf);
  const dedicatedImageFs = readOr(() => options?.dedicatedImageFs === true, false);
  for (const pod of podList(pods)) {
    const stats = foundStats(lookup(pod as never));
    if (stats === undefined) continue;
    if (isCriticalPod(pod)) continue;
    const reason =
      emptyDirViolation(pod, stats) ??
      podEphemeralStorageViolation(pod, stats) ??
      containerEphemeralStorageViolation(pod, stats, dedicatedImageFs);
    if (reason === undefined) continue;
    evicted.push({
      pod,
      reason,
      message: localStorageMessage(reason),
      gracePeriodOverrideSeconds: LOCAL_STORAGE_EVICTION_GRACE_PERIOD_SECONDS,
    });
  }
  return evicted;
}

/** The kubelet's message for a local-storage violation. */
export function localStorageMessage(reason: LocalStorageReason): string {
  switch (reason.kind) {
    case 'emptydir-limit':
      return emptyDirMessage(reason.volume, reason.limit);
    case 'pod-ephemeral-storage-limit':
      return podEphemeralStorageMessage(reason.limit);
    case 'container-ephemeral-storage-limit':
      return containerEphemeralStorageMessage(reason.container, reason.limit);
  }
}

// `spec.volumes[].emptyDir.sizeLimit` is not part of the shared pod view, so it is read here,
// leniently: a malformed entry or quantity counts as absent.
const sizeLimit = z
  .unknown()
  .transform((v): Quantity | undefined => {
    if (v instanceof Quantity) return v;
    if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
    if (typeof v !== 'string') return undefined;
    const parsed = parseQuantity(v);
    return parsed.isOk() ? parsed.value : undefined;
  })
  .catch(undefined);
const volumesSchema = z.object({
  spec: z
    .object({
      volumes: z
        .array(
          z
            .object({
              name: z.string().catch(''),
              emptyDir: z.object({ sizeLimit }).nullish().catch(undefined),
            })
            .nullish()
            .catch(undefined),
        )
        .nullish()
        .catch(undefined),
    })
    .nullish()
    .catch(undefined),
});

interface EmptyDirLimit {
  name: string;
  sizeLimit: Quantity | undefined;
}

function emptyDirs(pod: PodLike): EmptyDirLimit[] {
  let parsed: ReturnType<typeof volumesSchema.safeParse>;
  try {
    parsed = volumesSchema.safeParse(pod);
  } catch {
    return [];
  }
  if (!parsed.success) return [];
  const result: EmptyDirLimit[] = [];
  for (const v of parsed.data.spec?.volumes ?? []) {
    if (v?.emptyDir == null) continue;
    result.push({ name: v.name, sizeLimit: v.emptyDir.sizeLimit });
  }
  return result;
}

function emptyDirViolation(pod: PodLike, stats: PodStats): LocalStorageReason | undefined {
  // Upstream builds a name → usage map (later entries win). An entry without usedBytes would
  // crash the kubelet; here it counts as 0.
  const used = new Map<string, Quantity>();
  for (const volume of entries(stats.volume)) {
    if (typeof volume.name === 'string') used.set(volume.name, fsUsage(volume));
  }
  for (const volume of emptyDirs(pod)) {
    const limit = volume.sizeLimit;
    const usage = used.get(volume.name);
    if (usage !== undefined && limit !== undefined && limit.sign() === 1 && usage.cmp(limit) > 0) {
      return {
        kind: 'emptydir-limit',
        signal: 'emptydirfs.limit',
        volume: volume.name,
        limit,
        usage,
      };
    }
  }
  return undefined;
}

function podEphemeralStorageViolation(
  pod: PodLike,
  stats: PodStats,
): LocalStorageReason | undefined {
  const limit = podLimits(pod).get('ephemeral-storage');
  if (limit === undefined) return undefined;
  // The Summary's pod ephemeral-storage already sums container rootfs and logs, local volumes
  // and the etc-hosts file.
  const usage = fsUsage(stats['ephemeral-storage']);
  if (usage.cmp(limit) <= 0) return undefined;
  return { kind: 'pod-ephemeral-storage-limit', signal: 'ephemeralpodfs.limit', limit, usage };
}

function containerEphemeralStorageViolation(
  pod: PodLike,
  stats: PodStats,
  dedicatedImageFs: boolean,
): LocalStorageReason | undefined {
  const limits = new Map<string, Quantity>();
  for (const container of readPod(pod).containers) {
    const limit = container.resources.limits?.get('ephemeral-storage');
    if (limit !== undefined && limit.value() !== 0n) limits.set(container.name, limit);
  }
  for (const containerStats of entries(stats.containers)) {
    const name = containerStats.name;
    if (typeof name !== 'string') continue;
    let usage = fsUsage(containerStats.logs);
    if (!dedicatedImageFs) usage = usage.add(fsUsage(containerStats.rootfs));
    const limit = limits.get(name);
    if (limit !== undefined && limit.cmp(usage) < 0) {
      return {
        kind: 'container-ephemeral-storage-limit',
        signal: 'ephemeralcontainerfs.limit',
        container: name,
        limit,
        usage,
      };
    }
  }
  return undefined;
}

// Statistics may come from a hand-written stats function rather than `parseSummary`, so lists
// and counters are read defensively: non-object entries are skipped, and a counter that is not
// a non-negative integer reads as 0 (upstream's nil `usedBytes`).

function entries(list: unknown): Record<string, unknown>[] {
  if (!Array.isArray(list)) return [];
  return list.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
}

/** `diskUsage`: `usedBytes` (BinarySI), 0 when missing or malformed. */
function fsUsage(fs: unknown): Quantity {
  const used = typeof fs === 'object' && fs !== null ? (fs as FsStats).usedBytes : undefined;
  return typeof used === 'number' && Number.isSafeInteger(used) && used >= 0
    ? Quantity.fromBigInt(BigInt(used), 'BinarySI')
    : Quantity.zero('BinarySI');
}
