import type { Pod } from '../pods/pod';
import { SYSTEM_CRITICAL_PRIORITY } from '../pods/pod-kinds';
import type { Summary } from '../signals/summary';
import type { Scenario, ScenarioPod, ScenarioUsage } from './scenario';
import { resolvePodReference } from './scenario';

// The simulated node: Kubernetes pod objects built from the scenario's pods, usage at any time
// from the timeline, and the kubelet Summary those numbers make.

/** What one pod (or the system) uses at one time. Whole numbers. */
export interface Usage {
  memory: bigint;
  disk: bigint;
  inodes: bigint;
  processes: bigint;
}

const RESOURCES = ['memory', 'disk', 'inodes', 'processes'] as const;
type Resource = (typeof RESOURCES)[number];

/** `system-node-critical` and `system-cluster-critical` priorities, as the API server sets them. */
const CLASS_PRIORITY: Readonly<Record<string, number>> = {
  'system-node-critical': SYSTEM_CRITICAL_PRIORITY + 1000,
  'system-cluster-critical': SYSTEM_CRITICAL_PRIORITY,
};

/** A deterministic UID for the scenario's `index`th pod. */
export const simulatedUid = (index: number): string =>
  `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

/** The v1 Pod the scenario describes, bound to the simulated node. */
export function scenarioPodObject(pod: ScenarioPod, index: number, nodeName: string): Pod {
  const containers = (
    pod.containers ?? [
      {
        name: pod.name,
        ...(pod.requests ? { requests: pod.requests } : {}),
        ...(pod.limits ? { limits: pod.limits } : {}),
      },
    ]
  ).map((c) => {
    // The API server defaults a missing request to its limit.
    const requests = { ...(c.limits ?? {}), ...(c.requests ?? {}) };
    return {
      name: c.name,
      image: 'registry.k8s.io/pause:3.10',
      resources: {
        ...(Object.keys(requests).length > 0 ? { requests } : {}),
        ...(c.limits ? { limits: { ...c.limits } } : {}),
      },
    };
  });
  const priority =
    pod.priority ??
    (pod.priorityClassName === undefined ? undefined : CLASS_PRIORITY[pod.priorityClassName]);
  const annotations: Record<string, string> = pod.static
    ? { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.seen': 'simulated' }
    : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      uid: simulatedUid(index),
      annotations,
    },
    spec: {
      nodeName,
      containers,
      ...(priority === undefined ? {} : { priority }),
      ...(pod.priorityClassName === undefined ? {} : { priorityClassName: pod.priorityClassName }),
      // The API server defaults it to 30 seconds.
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
    },
    status: { phase: 'Running' },
  } as Pod;
}

const fromSpec = (u: ScenarioUsage | undefined): Usage => ({
  memory: u?.memory ?? 0n,
  disk: u?.disk ?? 0n,
  inodes: u?.inodes ?? 0n,
  processes: u?.processes ?? 0n,
});

/** One resource's value over time: a start value, then steps and linear ramps. */
function valueAt(
  start: bigint,
  changes: readonly { at: number; over: number; value: bigint }[],
  t: number,
): bigint {
  let value = start;
  for (const change of changes) {
    if (t < change.at) break;
    if (change.over > 0 && t < change.at + change.over) {
      const elapsed = BigInt(Math.round(t - change.at));
      return value + ((change.value - value) * elapsed) / BigInt(Math.round(change.over));
    }
    value = change.value;
  }
  return value;
}

/** Usage of the system and of every pod, at any time. */
export interface UsageModel {
  system(t: number): Usage;
  pod(index: number, t: number): Usage;
  /** The times at which some usage starts or stops changing. */
  readonly changeTimes: readonly number[];
}

/** Build the usage model of a scenario's timeline. */
export function usageModel(scenario: Scenario): UsageModel {
  type Track = Record<Resource, { at: number; over: number; value: bigint }[]>;
  const emptyTrack = (): Track => ({ memory: [], disk: [], inodes: [], processes: [] });
  const systemTrack = emptyTrack();
  const podTracks = scenario.pods.map(emptyTrack);
  const changes = [...scenario.timeline].sort((a, b) => a.at - b.at);
  const times = new Set<number>();
  const add = (track: Track, usage: ScenarioUsage, at: number, over: number) => {
    for (const resource of RESOURCES) {
      const value = usage[resource];
      if (value !== undefined) track[resource].push({ at, over, value });
    }
  };
  for (const change of changes) {
    const over = change.over ?? 0;
    times.add(change.at);
    if (over > 0) times.add(change.at + over);
    if (change.system) add(systemTrack, change.system, change.at, over);
    for (const [reference, usage] of Object.entries(change.pods ?? {})) {
      const index = resolvePodReference(scenario.pods, reference);
      const track = index === undefined ? undefined : podTracks[index];
      if (track) add(track, usage, change.at, over);
    }
  }
  const evaluate = (start: Usage, track: Track, t: number): Usage => ({
    memory: valueAt(start.memory, track.memory, t),
    disk: valueAt(start.disk, track.disk, t),
    inodes: valueAt(start.inodes, track.inodes, t),
    processes: valueAt(start.processes, track.processes, t),
  });
  const systemStart = fromSpec(scenario.node.system);
  const podStarts = scenario.pods.map((p) => fromSpec(p.usage));
  return {
    system: (t) => evaluate(systemStart, systemTrack, t),
    pod: (index, t) =>
      evaluate(podStarts[index] ?? fromSpec(undefined), podTracks[index] ?? emptyTrack(), t),
    changeTimes: [...times].sort((a, b) => a - b),
  };
}

// Filesystems report what statfs says, which is never negative; memory is not floored (below).
const max0 = (v: bigint): bigint => (v < 0n ? 0n : v);
const num = (v: bigint): number => Number(v);

/** A running pod and what it uses now. */
export interface RunningPod {
  pod: Pod;
  usage: Usage;
}

/** The node's memory working set: the system plus every running pod. */
export function nodeMemoryUsage(system: Usage, pods: readonly RunningPod[]): bigint {
  return pods.reduce((sum, p) => sum + p.usage.memory, system.memory);
}

/**
 * The Summary a kubelet would report for the simulated node at `time` (epoch ms): node memory
 * (working set = system + pods, available = capacity − working set), the `pods` system
 * container (available = allocatable − pods' working set), nodefs and imagefs (the same
 * filesystem unless the scenario has a dedicated imagefs), the PID rlimit, and every running
 * pod's stats (all of a pod's usage is reported on its first container).
 *
 * Memory `availableBytes` is not floored, as the kubelet computes it (limit − working set; see
 * docs/linux-summary.md): a working set above the capacity or allocatable gives a negative
 * figure, which `observe` reads as a negative `available` with the limit as `capacity`.
 * Filesystem figures are floored at 0, as statfs never reports less.
 */
export function simulatedSummary(
  scenario: Scenario,
  time: number,
  system: Usage,
  pods: readonly RunningPod[],
): Summary {
  const { capacity } = scenario.node;
  const podsMemory = pods.reduce((sum, p) => sum + p.usage.memory, 0n);
  const workingSet = podsMemory + system.memory;
  const allocatable = scenario.node.allocatable?.memory ?? capacity.memory;
  const podsDisk = pods.reduce((sum, p) => sum + p.usage.disk, 0n);
  const podsInodes = pods.reduce((sum, p) => sum + p.usage.inodes, 0n);
  const nodefsUsed = system.disk + podsDisk;
  const nodefsInodesUsed = system.inodes + podsInodes;
  const nodefs = {
    time,
    capacityBytes: num(capacity.disk),
    usedBytes: num(nodefsUsed),
    availableBytes: num(max0(capacity.disk - nodefsUsed)),
    inodes: num(capacity.inodes),
    inodesUsed: num(nodefsInodesUsed),
    inodesFree: num(max0(capacity.inodes - nodefsInodesUsed)),
  };
  const image = scenario.node.imagefs;
  const imageFs =
    image === undefined
      ? nodefs
      : {
          time,
          capacityBytes: num(image.capacity),
          usedBytes: num(image.used),
          availableBytes: num(max0(image.capacity - image.used)),
          ...(image.inodes === undefined
            ? {}
            : {
                inodes: num(image.inodes),
                inodesUsed: num(image.inodesUsed),
                inodesFree: num(max0(image.inodes - image.inodesUsed)),
              }),
        };
  const processes = pods.reduce((sum, p) => sum + p.usage.processes, system.processes);
  return {
    node: {
      nodeName: scenario.node.name,
      startTime: time,
      memory: {
        time,
        availableBytes: num(capacity.memory - workingSet),
        usageBytes: num(workingSet),
        workingSetBytes: num(workingSet),
      },
      systemContainers: [
        {
          name: 'pods',
          memory: {
            time,
            availableBytes: num(allocatable - podsMemory),
            usageBytes: num(podsMemory),
            workingSetBytes: num(podsMemory),
          },
        },
      ],
      fs: nodefs,
      runtime: { imageFs, containerFs: imageFs },
      rlimit: { time, maxpid: num(capacity.pids), curproc: num(processes) },
    },
    pods: pods.map(({ pod, usage }) => podStats(pod, usage, time)),
  };
}

function podStats(pod: Pod, usage: Usage, time: number): Summary['pods'][number] {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  return {
    podRef: {
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? '',
      uid: pod.metadata?.uid ?? '',
    },
    startTime: time,
    memory: {
      time,
      workingSetBytes: num(usage.memory),
      usageBytes: num(usage.memory),
      rssBytes: num(usage.memory),
    },
    containers: names.map((name, i) => ({
      name,
      memory: {
        time,
        workingSetBytes: i === 0 ? num(usage.memory) : 0,
        rssBytes: i === 0 ? num(usage.memory) : 0,
      },
      rootfs: {
        time,
        usedBytes: i === 0 ? num(usage.disk) : 0,
        inodesUsed: i === 0 ? num(usage.inodes) : 0,
      },
      logs: { time, usedBytes: 0, inodesUsed: 0 },
    })),
    volume: [],
    'ephemeral-storage': { time, usedBytes: num(usage.disk), inodesUsed: num(usage.inodes) },
    process_stats: { process_count: num(usage.processes) },
  };
}
