import type { KillPodOptions, SummarySource } from '../../src/manager/types';
import type { Pod } from '../../src/pods/pod';
import type { PodStats, Summary } from '../../src/signals/summary';
import { q } from '../support/quantity';

// The fakes of upstream's eviction_manager_test.go: summary makers, the pod killer that records
// what it was asked, the disk GC that can swap the summary, and a fake clock.

const bytes = (quantity: string) => Number(q(quantity).value());

/** `makeMemoryStats`: node and `pods` container with available = working set = the value. */
export function makeMemoryStats(nodeAvailable: string, podStats: readonly PodStats[]): Summary {
  const v = bytes(nodeAvailable);
  return {
    node: {
      nodeName: 'test',
      memory: { availableBytes: v, workingSetBytes: v },
      systemContainers: [{ name: 'pods', memory: { availableBytes: v, workingSetBytes: v } }],
    },
    pods: [...podStats],
  };
}

/** `makePIDStats(maxPID, running)`. */
export function makePIDStats(
  maxPid: string,
  running: string,
  podStats: readonly PodStats[],
): Summary {
  return {
    node: { nodeName: 'test', rlimit: { maxpid: bytes(maxPid), curproc: bytes(running) } },
    pods: [...podStats],
  };
}

export interface DiskStats {
  rootFsAvailableBytes: string;
  imageFsAvailableBytes: string;
  /** Defaults to the imagefs value, as upstream's maker does. */
  containerFsAvailableBytes?: string;
  podStats: readonly PodStats[];
}

/** `makeDiskStats`: each filesystem's capacity is twice its available bytes. */
export function makeDiskStats(d: DiskStats): Summary {
  const fs = (available: string) => ({
    availableBytes: bytes(available),
    capacityBytes: bytes(available) * 2,
  });
  return {
    node: {
      nodeName: 'test',
      fs: fs(d.rootFsAvailableBytes),
      runtime: {
        imageFs: fs(d.imageFsAvailableBytes),
        containerFs: fs(d.containerFsAvailableBytes ?? d.imageFsAvailableBytes),
      },
    },
    pods: [...d.podStats],
  };
}

/** `TestInodePressureFsInodes`' summary maker. */
export function makeInodeStats(
  f: {
    nodeFsInodesFree: string;
    nodeFsInodes: string;
    imageFsInodesFree: string;
    imageFsInodes: string;
    containerFsInodesFree: string;
    containerFsInodes: string;
  },
  podStats: readonly PodStats[],
): Summary {
  const fs = (free: string, total: string) => ({ inodesFree: bytes(free), inodes: bytes(total) });
  return {
    node: {
      nodeName: 'test',
      fs: fs(f.nodeFsInodesFree, f.nodeFsInodes),
      runtime: {
        imageFs: fs(f.imageFsInodesFree, f.imageFsInodes),
        containerFs: fs(f.containerFsInodesFree, f.containerFsInodes),
      },
    },
    pods: [...podStats],
  };
}

/** `mockPodKiller`: remembers the last pod and its options; `reset()` clears them. */
export function mockPodKiller<P = Pod>() {
  const killer = {
    pod: undefined as P | undefined,
    options: undefined as KillPodOptions | undefined,
    calls: [] as Array<{ pod: P; options: KillPodOptions }>,
    get gracePeriodOverride(): number | undefined {
      return killer.options?.gracePeriodOverrideSeconds;
    },
    killPod: async (pod: P, options: KillPodOptions) => {
      killer.pod = pod;
      killer.options = options;
      killer.calls.push({ pod, options });
    },
    reset() {
      killer.pod = undefined;
      killer.options = undefined;
    },
  };
  return killer;
}

/** `fakeSummaryProvider`: the summary `refreshSummary` reads. */
export function fakeSummaryProvider(result: Summary) {
  const provider = {
    result,
    get: (): SummarySource => provider.result,
  };
  return provider;
}

/** `mockDiskGC`: records calls; with `summaryAfterGC`, swaps the provider's summary. */
export function mockDiskGC(provider?: { result: Summary }) {
  const gc = {
    imageGCInvoked: false,
    containerGCInvoked: false,
    summaryAfterGC: undefined as Summary | undefined,
    deleteUnusedImages: async () => {
      gc.imageGCInvoked = true;
      if (gc.summaryAfterGC !== undefined && provider !== undefined)
        provider.result = gc.summaryAfterGC;
    },
    deleteAllUnusedContainers: async () => {
      gc.containerGCInvoked = true;
      if (gc.summaryAfterGC !== undefined && provider !== undefined)
        provider.result = gc.summaryAfterGC;
    },
    reset() {
      gc.imageGCInvoked = false;
      gc.containerGCInvoked = false;
    },
  };
  return gc;
}

/** `testingclock.NewFakeClock`: epoch ms that only moves on `step`. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  const clock = {
    now: start,
    step(ms: number) {
      clock.now += ms;
    },
  };
  return clock;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
