import type {
  ContainerStats,
  FsStats,
  MemoryStats,
  PodStats,
  RlimitStats,
  Summary,
} from '../../signals/summary';
import { availableBytes, type CgroupMemory } from './cgroup-stats';

/** The name the kubelet gives the system container that holds every pod. */
export const PODS_SYSTEM_CONTAINER = 'pods';

/** What the platform knows about a pod beyond its cgroup (the cgroup names only the UID). */
export interface PodIdentity {
  name: string;
  namespace: string;
  /** Epoch ms; the kubelet reports the pod status start time. */
  startTime?: number;
  /**
   * The runtime IDs of the pod's containers, as `status.containerStatuses[].containerID` (and
   * the init and ephemeral lists) spell them (`containerd://<id>`) or bare. When given, the
   * pod's process count covers exactly the child cgroups named after these containers, which
   * is how the kubelet counts (the sandbox is no container). Without it the sandbox is
   * recognised by its process name (see `sandboxProcessNames`).
   */
  containerIds?: readonly string[];
}

/** One pod's cgroup reading, ready to become `PodStats`. */
export interface PodSample {
  uid: string;
  memory: CgroupMemory;
  /** `Infinity` when unlimited. */
  limitBytes: number;
  processCount: number;
}

/** Everything one `summary()` gathered; `assembleSummary` shapes it like the kubelet does. */
export interface SummaryParts {
  time: number;
  nodeName: string;
  bootTime?: number | undefined;
  /** The root memory cgroup's reading and the machine's memory capacity (MemTotal). */
  node: { memory: CgroupMemory; capacityBytes: number };
  nodefs: FsStats;
  imagefs?: FsStats | undefined;
  containerfs?: FsStats | undefined;
  rlimit: RlimitStats;
  /** The kubepods cgroup, when it exists. */
  pods?: { memory: CgroupMemory; limitBytes: number } | undefined;
  podSamples: readonly PodSample[];
  /** Name and namespace for a UID; without one the pod is named by its UID in namespace "". */
  identify?: ((uid: string) => PodIdentity | undefined) | undefined;
}

/**
 * `cadvisorInfoToCPUandMemoryStats`' memory half: usage, working set, RSS and page faults at
 * `time`, plus `availableBytes` = limit − working set when the limit is finite.
 */
export function memoryStats(time: number, memory: CgroupMemory, limitBytes: number): MemoryStats {
  const result: MemoryStats = {
    time,
    usageBytes: memory.usageBytes,
    workingSetBytes: memory.workingSetBytes,
    rssBytes: memory.rssBytes,
    pageFaults: memory.pageFaults,
    majorPageFaults: memory.majorPageFaults,
  };
  const available = availableBytes(limitBytes, memory.workingSetBytes);
  if (available !== undefined) result.availableBytes = available;
  return result;
}

function podStats(time: number, sample: PodSample, identity: PodIdentity | undefined): PodStats {
  const stats: PodStats = {
    podRef: {
      name: identity?.name ?? sample.uid,
      namespace: identity?.namespace ?? '',
      uid: sample.uid,
    },
    memory: memoryStats(time, sample.memory, sample.limitBytes),
    process_stats: { process_count: sample.processCount },
  };
  if (identity?.startTime !== undefined) stats.startTime = identity.startTime;
  return stats;
}

/**
 * Build a Summary with the kubelet's shape: node memory from the root cgroup with the machine
 * capacity as its limit, the `pods` system container from the kubepods cgroup with its limit,
 * nodefs as `node.fs`, imagefs/containerfs under `node.runtime`, `node.rlimit`, and one
 * `PodStats` per pod cgroup with memory and `process_stats`.
 */
export function assembleSummary(parts: SummaryParts): Summary {
  const { time } = parts;
  const systemContainers: ContainerStats[] = [];
  if (parts.pods) {
    systemContainers.push({
      name: PODS_SYSTEM_CONTAINER,
      memory: memoryStats(time, parts.pods.memory, parts.pods.limitBytes),
    });
  }
  const node: Summary['node'] = {
    nodeName: parts.nodeName,
    systemContainers,
    memory: memoryStats(time, parts.node.memory, parts.node.capacityBytes),
    fs: parts.nodefs,
    rlimit: parts.rlimit,
  };
  if (parts.bootTime !== undefined) node.startTime = parts.bootTime;
  if (parts.imagefs || parts.containerfs) {
    node.runtime = {};
    if (parts.imagefs) node.runtime.imageFs = parts.imagefs;
    if (parts.containerfs) node.runtime.containerFs = parts.containerfs;
  }
  const pods = parts.podSamples.map((sample) =>
    podStats(time, sample, parts.identify?.(sample.uid)),
  );
  return { node, pods };
}
