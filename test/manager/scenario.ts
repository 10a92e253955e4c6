import type { Volume } from 'kubernetes-types/core/v1';
import { createEvictionManager } from '../../src/manager/manager';
import type { EvictionManagerOptions } from '../../src/manager/types';
import type { Pod } from '../../src/pods/pod';
import type { PodStats, Summary } from '../../src/signals/summary';
import type { Threshold } from '../../src/signals/types';
import {
  newContainer,
  newPod,
  newPodDiskStats,
  newPodInodeStats,
  newPodMemoryStats,
  newPodProcessStats,
  type ResourceMap,
} from '../ranking/builders';
import { fakeClock, fakeSummaryProvider, MINUTE, mockDiskGC, mockPodKiller } from './helpers';

// A manager wired like upstream's `newManagerImpl`: fake clock, recording pod killer, disk GC
// that can swap the summary provider's result, local storage isolation off (the Go struct's
// zero value), 5 minute transition period.

export interface ScenarioOptions {
  thresholds: Threshold[];
  pods: Pod[];
  summary: Summary;
  maxPodGracePeriodSeconds?: number;
  dedicatedImageFs?: boolean;
  splitImageFs?: boolean;
  featureGates?: Record<string, boolean>;
  localStorageCapacityIsolation?: boolean;
  extra?: Partial<EvictionManagerOptions<Pod>>;
}

export function scenario(o: ScenarioOptions) {
  const clock = fakeClock();
  const killer = mockPodKiller();
  const provider = fakeSummaryProvider(o.summary);
  const gc = mockDiskGC(provider);
  const options: EvictionManagerOptions<Pod> = {
    thresholds: o.thresholds,
    pressureTransitionPeriodMs: 5 * MINUTE,
    killPod: killer.killPod,
    imageGC: gc,
    containerGC: gc,
    localStorageCapacityIsolation: o.localStorageCapacityIsolation ?? false,
    dedicatedImageFs: o.dedicatedImageFs ?? false,
    splitImageFs: o.splitImageFs ?? false,
    ...o.extra,
  };
  if (o.maxPodGracePeriodSeconds !== undefined)
    options.maxPodGracePeriodSeconds = o.maxPodGracePeriodSeconds;
  if (o.featureGates !== undefined) options.featureGates = o.featureGates;
  const manager = createEvictionManager(options);
  let pods = o.pods;
  return {
    clock,
    killer,
    provider,
    gc,
    manager,
    setPods(next: Pod[]) {
      pods = next;
    },
    /** `manager.synchronize(diskInfoProvider, activePodsFunc)`. */
    sync() {
      return manager.synchronize({
        now: clock.now,
        summary: provider.result,
        pods,
        refreshSummary: provider.get,
      });
    },
  };
}

export interface PodToMake {
  name: string;
  priority?: number;
  requests?: ResourceMap;
  limits?: ResourceMap;
  memoryWorkingSet?: string;
  pidUsage?: number;
  rootFsUsed?: string;
  logsFsUsed?: string;
  perLocalVolumeUsed?: string;
  rootFsInodesUsed?: string;
  logsFsInodesUsed?: string;
  perLocalVolumeInodesUsed?: string;
}

const orZero = (s: string | undefined) => (s === undefined || s === '' ? '0' : s);

/** `makePodWithMemoryStats`. */
export function makePodWithMemoryStats(p: PodToMake): [Pod, PodStats] {
  const pod = newPod(p.name, p.priority ?? 0, [newContainer(p.name, p.requests, p.limits)]);
  return [pod, newPodMemoryStats(pod, p.memoryWorkingSet ?? '0')];
}

/** `makePodWithPIDStats`. */
export function makePodWithPIDStats(p: PodToMake): [Pod, PodStats] {
  const pod = newPod(p.name, p.priority ?? 0, [newContainer(p.name)]);
  return [pod, newPodProcessStats(pod, p.pidUsage ?? 0)];
}

/** `makePodWithDiskStats`. */
export function makePodWithDiskStats(p: PodToMake, volumes?: Volume[]): [Pod, PodStats] {
  const pod = newPod(
    p.name,
    p.priority ?? 0,
    [newContainer(p.name, p.requests, p.limits)],
    volumes,
  );
  return [
    pod,
    newPodDiskStats(pod, orZero(p.rootFsUsed), orZero(p.logsFsUsed), orZero(p.perLocalVolumeUsed)),
  ];
}

/** `TestInodePressureFsInodes`' pod maker. */
export function makePodWithInodeStats(p: PodToMake): [Pod, PodStats] {
  const pod = newPod(p.name, p.priority ?? 0, [newContainer(p.name, p.requests, p.limits)]);
  return [
    pod,
    newPodInodeStats(
      pod,
      orZero(p.rootFsInodesUsed),
      orZero(p.logsFsInodesUsed),
      orZero(p.perLocalVolumeInodesUsed),
    ),
  ];
}

/** Make every pod of a table: the pods and their stats, in order. */
export function makePods(
  table: PodToMake[],
  maker: (p: PodToMake) => [Pod, PodStats],
): { pods: Pod[]; stats: PodStats[] } {
  const pods: Pod[] = [];
  const stats: PodStats[] = [];
  for (const p of table) {
    const [pod, s] = maker(p);
    pods.push(pod);
    stats.push(s);
  }
  return { pods, stats };
}
