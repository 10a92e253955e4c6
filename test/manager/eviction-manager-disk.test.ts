import { describe, expect, it } from 'vitest';
import { defaultPriority, highPriority, lowPriority, newResourceList } from '../ranking/builders';
import { th } from '../thresholds/builders';
import { type DiskStats, MINUTE, makeDiskStats, makeInodeStats } from './helpers';
import {
  makePods,
  makePodWithDiskStats,
  makePodWithInodeStats,
  type PodToMake,
  scenario,
} from './scenario';

// Ports of the disk and inode tests of pkg/kubelet/eviction/eviction_manager_test.go.

type Fs = 'nodefs' | 'imagefs' | 'containerfs';

const diskPods: PodToMake[] = [
  {
    name: 'low-priority-high-usage',
    priority: lowPriority,
    requests: newResourceList('100m', '1Gi'),
    limits: newResourceList('100m', '1Gi'),
    rootFsUsed: '900Mi',
  },
  {
    name: 'below-requests',
    priority: defaultPriority,
    requests: newResourceList('100m', '100Mi'),
    limits: newResourceList('200m', '1Gi'),
    logsFsUsed: '50Mi',
  },
  {
    name: 'above-requests',
    priority: defaultPriority,
    requests: newResourceList('100m', '100Mi'),
    limits: newResourceList('200m', '1Gi'),
    rootFsUsed: '400Mi',
  },
  { name: 'high-priority-high-usage', priority: highPriority, perLocalVolumeUsed: '400Mi' },
  { name: 'low-priority-low-usage', priority: lowPriority, rootFsUsed: '100Mi' },
];

function withPressure(base: DiskStats, fs: Fs, value: string): DiskStats {
  if (fs === 'nodefs') return { ...base, rootFsAvailableBytes: value };
  if (fs === 'imagefs') return { ...base, imageFsAvailableBytes: value };
  return { ...base, containerFsAvailableBytes: value };
}

describe('TestDiskPressureNodeFs', () => {
  const cases: Array<{
    name: string;
    dedicatedImageFs: boolean;
    split: boolean;
    fs: Fs;
    signal: 'nodefs.available' | 'imagefs.available';
  }> = [
    {
      name: 'eviction due to disk pressure; no image fs',
      dedicatedImageFs: false,
      split: false,
      fs: 'nodefs',
      signal: 'nodefs.available',
    },
    {
      name: 'eviction due to image disk pressure; image fs',
      dedicatedImageFs: true,
      split: false,
      fs: 'imagefs',
      signal: 'imagefs.available',
    },
    {
      name: 'eviction due to container disk pressure; container fs',
      dedicatedImageFs: true,
      split: true,
      fs: 'containerfs',
      signal: 'nodefs.available',
    },
  ];
  for (const tc of cases) {
    it(tc.name, async () => {
      const { pods, stats } = makePods(diskPods, (p) => makePodWithDiskStats(p));
      const podToEvict = pods[0];
      const start: DiskStats = {
        rootFsAvailableBytes: '16Gi',
        imageFsAvailableBytes: '16Gi',
        containerFsAvailableBytes: '16Gi',
        podStats: stats,
      };
      const s = scenario({
        thresholds: [th(tc.signal, '1Gi'), th(tc.signal, '2Gi', { graceMs: 2 * MINUTE })],
        pods,
        summary: makeDiskStats(start),
        maxPodGracePeriodSeconds: 5,
        dedicatedImageFs: tc.dedicatedImageFs,
        splitImageFs: tc.split,
        featureGates: { KubeletSeparateDiskGC: tc.split },
      });
      const [podToAdmit] = makePodWithDiskStats({ name: 'pod-to-admit' });

      expect((await s.sync()).errors).toEqual([]);
      expect(s.manager.isUnderDiskPressure()).toBe(false);
      expect(s.manager.admit(podToAdmit).admit).toBe(true);

      // induce soft threshold
      s.clock.step(1 * MINUTE);
      s.provider.result = makeDiskStats(withPressure(start, tc.fs, '1.5Gi'));
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBeUndefined();

      // step forward in time pass the grace period
      s.clock.step(3 * MINUTE);
      s.provider.result = makeDiskStats(withPressure(start, tc.fs, '1.5Gi'));
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBe(podToEvict);
      expect(s.killer.gracePeriodOverride).toBe(5);
      s.killer.reset();

      // remove disk pressure
      s.clock.step(20 * MINUTE);
      s.provider.result = makeDiskStats(start);
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);

      // induce disk pressure!
      s.clock.step(1 * MINUTE);
      s.provider.result = makeDiskStats(withPressure(start, tc.fs, '750Mi'));
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBe(podToEvict);
      expect(s.killer.gracePeriodOverride).toBe(1);
      expect(s.manager.admit(podToAdmit).admit).toBe(false);

      // reduce disk pressure
      s.clock.step(1 * MINUTE);
      s.provider.result = makeDiskStats(start);
      s.killer.reset();
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBeUndefined();
      expect(s.manager.admit(podToAdmit).admit).toBe(false);

      // move the clock past transition period to ensure that we stop reporting pressure
      s.clock.step(5 * MINUTE);
      s.provider.result = makeDiskStats(start);
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);
      expect(s.killer.pod).toBeUndefined();
      expect(s.manager.admit(podToAdmit).admit).toBe(true);
    });
  }
});

describe('TestNodeReclaimFuncs', () => {
  const cases: Array<{
    name: string;
    dedicatedImageFs: boolean;
    split: boolean;
    fs: Fs;
    signal: 'nodefs.available' | 'imagefs.available';
    expectContainerGcCall: boolean;
    expectImageGcCall: boolean;
  }> = [
    {
      name: 'eviction due to disk pressure; no image fs',
      dedicatedImageFs: false,
      split: false,
      fs: 'nodefs',
      signal: 'nodefs.available',
      expectContainerGcCall: true,
      expectImageGcCall: true,
    },
    {
      name: 'eviction due to image disk pressure; image fs',
      dedicatedImageFs: true,
      split: false,
      fs: 'imagefs',
      signal: 'imagefs.available',
      expectContainerGcCall: true,
      expectImageGcCall: true,
    },
    {
      name: 'eviction due to container disk pressure; container fs',
      dedicatedImageFs: true,
      split: true,
      fs: 'nodefs',
      signal: 'nodefs.available',
      expectContainerGcCall: true,
      expectImageGcCall: false,
    },
    {
      name: 'eviction due to image disk pressure; container fs',
      dedicatedImageFs: true,
      split: true,
      fs: 'imagefs',
      signal: 'imagefs.available',
      expectContainerGcCall: false,
      expectImageGcCall: true,
    },
  ];
  for (const tc of cases) {
    it(tc.name, async () => {
      const { pods, stats } = makePods(diskPods, (p) => makePodWithDiskStats(p));
      const podToEvict = pods[0];
      const start: DiskStats = {
        rootFsAvailableBytes: '16Gi',
        imageFsAvailableBytes: '16Gi',
        containerFsAvailableBytes: '16Gi',
        podStats: stats,
      };
      // This is a constant that we use to test that disk pressure is over. Don't change!
      const constStats = makeDiskStats(start);
      const s = scenario({
        thresholds: [th(tc.signal, '1Gi', { minReclaim: '500Mi' })],
        pods,
        summary: makeDiskStats(start),
        maxPodGracePeriodSeconds: 5,
        dedicatedImageFs: tc.dedicatedImageFs,
        splitImageFs: tc.split,
        featureGates: { KubeletSeparateDiskGC: tc.split },
      });
      const expectGc = () => {
        expect(s.gc.imageGCInvoked).toBe(tc.expectImageGcCall);
        expect(s.gc.containerGCInvoked).toBe(tc.expectContainerGcCall);
      };

      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);

      // induce hard threshold; make GC successfully return disk usage to previous levels
      s.clock.step(1 * MINUTE);
      s.provider.result = makeDiskStats(withPressure(start, tc.fs, '750Mi'));
      s.gc.summaryAfterGC = constStats;
      let r = await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expectGc();
      expect(r.outcome).toBe('node-level-reclaim');
      expect(r.explanation.nodeLevelReclaim?.relieved).toBe(true);
      // verify no pod was killed because image gc was sufficient
      expect(s.killer.pod).toBeUndefined();
      s.gc.reset();

      // remove disk pressure
      s.clock.step(20 * MINUTE);
      s.provider.result = constStats;
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);

      // induce hard threshold; GC brings usage below the threshold, short of min-reclaim
      s.clock.step(1 * MINUTE);
      const hard = withPressure(start, tc.fs, '750Mi');
      s.provider.result = makeDiskStats(hard);
      s.gc.summaryAfterGC = makeDiskStats(withPressure(hard, tc.fs, '1.1G'));
      r = await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expectGc();
      expect(r.explanation.nodeLevelReclaim?.relieved).toBe(false);
      expect(r.explanation.nodeLevelReclaim?.stillMet.length).toBeGreaterThan(0);
      // a pod was killed because image gc was not enough to satisfy minReclaim
      expect(s.killer.pod).toBeDefined();
      s.gc.reset();
      s.killer.reset();

      // remove disk pressure
      s.clock.step(20 * MINUTE);
      s.provider.result = constStats;
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);

      // induce disk pressure! Don't reclaim any disk
      s.clock.step(1 * MINUTE);
      const pressure = withPressure(start, tc.fs, '750Mi');
      s.provider.result = makeDiskStats(pressure);
      s.gc.summaryAfterGC = makeDiskStats(pressure);
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expectGc();
      expect(s.killer.pod).toBe(podToEvict);
      expect(s.killer.gracePeriodOverride).toBe(1);

      // reduce disk pressure
      s.clock.step(1 * MINUTE);
      s.provider.result = constStats;
      s.gc.reset();
      s.killer.reset();
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.gc.imageGCInvoked || s.gc.containerGCInvoked).toBe(false);
      expect(s.killer.pod).toBeUndefined();

      // move the clock past transition period to ensure that we stop reporting pressure
      s.clock.step(5 * MINUTE);
      s.provider.result = constStats;
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);
      expect(s.gc.imageGCInvoked || s.gc.containerGCInvoked).toBe(false);
      expect(s.killer.pod).toBeUndefined();
    });
  }

  it('without a fresh Summary the reclaim counts as not having relieved anything', async () => {
    const { pods, stats } = makePods(diskPods, (p) => makePodWithDiskStats(p));
    const s = scenario({
      thresholds: [th('nodefs.available', '1Gi')],
      pods,
      summary: makeDiskStats({
        rootFsAvailableBytes: '500Mi',
        imageFsAvailableBytes: '16Gi',
        podStats: stats,
      }),
    });
    const r = await s.manager.synchronize({
      now: s.clock.now,
      summary: s.provider.result,
      pods,
    });
    expect(s.gc.containerGCInvoked && s.gc.imageGCInvoked).toBe(true);
    expect(r.explanation.nodeLevelReclaim).toMatchObject({ refreshed: false, relieved: false });
    expect(r.outcome).toBe('evicted');
  });

  it('GC errors are reported and the cycle goes on (upstream logs them)', async () => {
    const { pods, stats } = makePods(diskPods, (p) => makePodWithDiskStats(p));
    const s = scenario({
      thresholds: [th('nodefs.available', '1Gi')],
      pods,
      summary: makeDiskStats({
        rootFsAvailableBytes: '500Mi',
        imageFsAvailableBytes: '16Gi',
        podStats: stats,
      }),
      extra: {
        imageGC: {
          deleteUnusedImages: async () => {
            throw new Error('image service down');
          },
        },
      },
    });
    const r = await s.sync();
    expect(r.errors).toEqual([{ code: 'image-gc-failed', message: 'image service down' }]);
    expect(s.gc.containerGCInvoked).toBe(true);
    expect(r.outcome).toBe('evicted');
  });
});

describe('TestInodePressureFsInodes', () => {
  const inodePods: PodToMake[] = [
    {
      name: 'low-priority-high-usage',
      priority: lowPriority,
      requests: newResourceList('100m', '1Gi'),
      limits: newResourceList('100m', '1Gi'),
      rootFsInodesUsed: '900Mi',
    },
    {
      name: 'below-requests',
      priority: defaultPriority,
      requests: newResourceList('100m', '100Mi'),
      limits: newResourceList('200m', '1Gi'),
      rootFsInodesUsed: '50Mi',
    },
    {
      name: 'above-requests',
      priority: defaultPriority,
      requests: newResourceList('100m', '100Mi'),
      limits: newResourceList('200m', '1Gi'),
      rootFsInodesUsed: '400Mi',
    },
    { name: 'high-priority-high-usage', priority: highPriority, rootFsInodesUsed: '400Mi' },
    { name: 'low-priority-low-usage', priority: lowPriority, rootFsInodesUsed: '100Mi' },
  ];
  const cases: Array<{
    name: string;
    dedicatedImageFs: boolean;
    split: boolean;
    fs: 'nodefs' | 'imagefs';
    signal: 'nodefs.inodesFree' | 'imagefs.inodesFree';
  }> = [
    {
      name: 'eviction due to disk pressure; no image fs',
      dedicatedImageFs: false,
      split: false,
      fs: 'nodefs',
      signal: 'nodefs.inodesFree',
    },
    {
      name: 'eviction due to image disk pressure; image fs',
      dedicatedImageFs: true,
      split: false,
      fs: 'imagefs',
      signal: 'imagefs.inodesFree',
    },
    {
      name: 'eviction due to container disk pressure; container fs',
      dedicatedImageFs: true,
      split: true,
      fs: 'nodefs',
      signal: 'nodefs.inodesFree',
    },
  ];
  const base = {
    nodeFsInodesFree: '3Mi',
    nodeFsInodes: '4Mi',
    imageFsInodesFree: '3Mi',
    imageFsInodes: '4Mi',
    containerFsInodesFree: '3Mi',
    containerFsInodes: '4Mi',
  };
  for (const tc of cases) {
    it(tc.name, async () => {
      const { pods, stats } = makePods(inodePods, makePodWithInodeStats);
      const podToEvict = pods[0];
      const free = (value: string) =>
        makeInodeStats(
          tc.fs === 'nodefs'
            ? { ...base, nodeFsInodesFree: value }
            : { ...base, imageFsInodesFree: value },
          stats,
        );
      const s = scenario({
        thresholds: [th(tc.signal, '1Mi'), th(tc.signal, '2Mi', { graceMs: 2 * MINUTE })],
        pods,
        summary: makeInodeStats(base, stats),
        maxPodGracePeriodSeconds: 5,
        dedicatedImageFs: tc.dedicatedImageFs,
        splitImageFs: tc.split,
        featureGates: { KubeletSeparateDiskGC: tc.split },
      });
      const [podToAdmit] = makePodWithInodeStats({ name: 'pod-to-admit' });

      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);
      expect(s.manager.admit(podToAdmit).admit).toBe(true);

      // induce soft threshold
      s.clock.step(1 * MINUTE);
      s.provider.result = free('1.5Mi');
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBeUndefined();

      // step forward in time pass the grace period
      s.clock.step(3 * MINUTE);
      s.provider.result = free('1.5Mi');
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBe(podToEvict);
      expect(s.killer.gracePeriodOverride).toBe(5);
      s.killer.reset();

      // remove inode pressure
      s.clock.step(20 * MINUTE);
      s.provider.result = makeInodeStats(base, stats);
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);

      // induce inode pressure!
      s.clock.step(1 * MINUTE);
      s.provider.result = free('0.5Mi');
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBe(podToEvict);
      expect(s.killer.gracePeriodOverride).toBe(1);
      expect(s.manager.admit(podToAdmit).admit).toBe(false);

      // reduce inode pressure
      s.clock.step(1 * MINUTE);
      s.provider.result = makeInodeStats(base, stats);
      s.killer.reset();
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBeUndefined();
      expect(s.manager.admit(podToAdmit).admit).toBe(false);

      // move the clock past transition period to ensure that we stop reporting pressure
      s.clock.step(5 * MINUTE);
      await s.sync();
      expect(s.manager.isUnderDiskPressure()).toBe(false);
      expect(s.killer.pod).toBeUndefined();
      expect(s.manager.admit(podToAdmit).admit).toBe(true);
    });
  }
});
