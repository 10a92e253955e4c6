import type { Container, Volume } from 'kubernetes-types/core/v1';
import type { Pod } from '../../src/pods/pod';
import type { PodStats } from '../../src/signals/summary';
import { q } from '../support/quantity';

// Builders mirroring the helpers of upstream's eviction and qos tests (newPod, newContainer,
// newResourceList, newPodMemoryStats…), so table cases read like the Go ones.

export type ResourceMap = Record<string, string>;

export const lowPriority = -1;
export const defaultPriority = 0;
export const highPriority = 1;

/** `newResourceList(cpu, memory, disk)`: empty strings are left out. */
export function newResourceList(cpu = '', memory = '', disk = ''): ResourceMap {
  const list: ResourceMap = {};
  if (cpu) list.cpu = cpu;
  if (memory) list.memory = memory;
  if (disk) list['ephemeral-storage'] = disk;
  return list;
}

export function newContainer(
  name: string,
  requests: ResourceMap = {},
  limits: ResourceMap = {},
  extra: Partial<Container> = {},
): Container {
  return { name, resources: { requests, limits }, ...extra };
}

export function newVolume(name: string, source: Omit<Volume, 'name'>): Volume {
  return { name, ...source };
}

/** `newPod`: the name doubles as the UID. `priority: null` leaves `spec.priority` unset. */
export function newPod(
  name: string,
  priority: number | null,
  containers: Container[] = [],
  volumes?: Volume[],
  extra: { initContainers?: Container[]; spec?: Partial<NonNullable<Pod['spec']>> } = {},
): Pod {
  return {
    metadata: { name, uid: name },
    spec: {
      containers,
      ...(volumes ? { volumes } : {}),
      ...(priority === null ? {} : { priority }),
      ...(extra.initContainers ? { initContainers: extra.initContainers } : {}),
      ...extra.spec,
    } as NonNullable<Pod['spec']>,
  };
}

const ref = (pod: Pod) => ({
  name: pod.metadata?.name ?? '',
  namespace: pod.metadata?.namespace ?? '',
  uid: pod.metadata?.uid ?? '',
});

const bytes = (quantity: string) => Number(q(quantity).value());

/** Local volume names as upstream's `localVolumeNames` picks them (for the stats builders). */
function localVolumes(pod: Pod): string[] {
  return (pod.spec?.volumes ?? [])
    .filter(
      (v) =>
        v.hostPath || v.gitRepo || v.configMap || (v.emptyDir && (v.emptyDir.medium ?? '') === ''),
    )
    .map((v) => v.name);
}

/** `newPodMemoryStats`: pod working set (also written to its volume, logs and rootfs). */
export function newPodMemoryStats(pod: Pod, workingSet: string): PodStats {
  const ws = bytes(workingSet);
  return {
    podRef: ref(pod),
    memory: { workingSetBytes: ws },
    volume: [{ name: 'local-volume', usedBytes: ws }],
    containers: [
      { name: pod.metadata?.name ?? '', logs: { usedBytes: ws }, rootfs: { usedBytes: ws } },
    ],
    'ephemeral-storage': { usedBytes: ws },
  };
}

/** `newPodDiskStats`: per container rootfs and logs bytes, per local volume bytes. */
export function newPodDiskStats(
  pod: Pod,
  rootFsUsed: string,
  logsUsed: string,
  perLocalVolumeUsed: string,
): PodStats {
  return {
    podRef: ref(pod),
    containers: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      rootfs: { usedBytes: bytes(rootFsUsed) },
      logs: { usedBytes: bytes(logsUsed) },
    })),
    volume: localVolumes(pod).map((name) => ({ name, usedBytes: bytes(perLocalVolumeUsed) })),
  };
}

/** `newPodInodeStats`: per container rootfs and logs inodes, per local volume inodes. */
export function newPodInodeStats(
  pod: Pod,
  rootFsInodesUsed: string,
  logsInodesUsed: string,
  perLocalVolumeInodesUsed: string,
): PodStats {
  return {
    podRef: ref(pod),
    containers: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      rootfs: { inodesUsed: bytes(rootFsInodesUsed) },
      logs: { inodesUsed: bytes(logsInodesUsed) },
    })),
    volume: localVolumes(pod).map((name) => ({
      name,
      inodesUsed: bytes(perLocalVolumeInodesUsed),
    })),
  };
}

/** `newPodProcessStats`. */
export function newPodProcessStats(pod: Pod, count: number): PodStats {
  return { podRef: ref(pod), process_stats: { process_count: count } };
}

/** A stats function over a fixed table, keyed by pod object like upstream's map[*v1.Pod]. */
export function statsTable(entries: Array<[Pod, PodStats]>): (pod: Pod) => PodStats | undefined {
  const table = new Map(entries);
  return (pod) => table.get(pod);
}

/** Names of pods, for readable failures. */
export const names = (pods: readonly Pod[]): string[] => pods.map((p) => p.metadata?.name ?? '');
