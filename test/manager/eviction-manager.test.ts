import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import { defaultPriority, highPriority, lowPriority, newResourceList } from '../ranking/builders';
import { th } from '../thresholds/builders';
import { MINUTE, makeDiskStats, makeMemoryStats, makePIDStats } from './helpers';
import {
  makePods,
  makePodWithDiskStats,
  makePodWithMemoryStats,
  makePodWithPIDStats,
  type PodToMake,
  scenario,
} from './scenario';

// Ports of pkg/kubelet/eviction/eviction_manager_test.go (v1.37 behaviour: hard and local-storage
// kills use a 1 s override), one `describe` per upstream test function, steps in upstream order.

const statusWithoutTimes = (status: unknown) => {
  const s = structuredClone(status) as { conditions?: Array<Record<string, unknown>> };
  for (const c of s.conditions ?? []) delete c.lastTransitionTime;
  return s;
};

const admits = (manager: { admit(pod: unknown): { admit: boolean } }, pods: Pod[]) =>
  pods.map((p) => manager.admit(p).admit);

describe('TestMemoryPressure_VerifyPodStatus', () => {
  it('the evicted pod gets phase Failed, reason Evicted, the message and a DisruptionTarget condition', async () => {
    const { pods, stats } = makePods(
      [
        {
          name: 'below-requests',
          requests: newResourceList('', '1Gi'),
          limits: newResourceList('', '1Gi'),
          memoryWorkingSet: '900Mi',
        },
        {
          name: 'above-requests',
          requests: newResourceList('', '100Mi'),
          limits: newResourceList('', '1Gi'),
          memoryWorkingSet: '700Mi',
        },
      ],
      makePodWithMemoryStats,
    );
    const s = scenario({
      thresholds: [th('memory.available', '2Gi')],
      pods,
      summary: makeMemoryStats('1500Mi', stats),
    });
    const r = await s.sync();
    expect(r.errors).toEqual([]);
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeDefined();
    const message =
      'The node was low on resource: memory. Threshold quantity: 2Gi, available: 1500Mi. ';
    expect(statusWithoutTimes(s.killer.options?.status)).toEqual({
      phase: 'Failed',
      reason: 'Evicted',
      message,
      conditions: [
        { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message },
      ],
    });
  });
});

describe('TestPIDPressure_VerifyPodStatus', () => {
  it('eviction due to pid pressure', async () => {
    const { pods, stats } = makePods(
      [
        { name: 'pod1', priority: lowPriority, pidUsage: 2 },
        { name: 'pod2', priority: defaultPriority, pidUsage: 2 },
      ],
      makePodWithPIDStats,
    );
    const s = scenario({
      thresholds: [th('pid.available', '1200')],
      pods,
      summary: makePIDStats('1500', '1000', stats),
    });
    const r = await s.sync();
    expect(r.errors).toEqual([]);
    expect(s.manager.isUnderPIDPressure()).toBe(true);
    const message =
      'The node was low on resource: pids. Threshold quantity: 1200, available: 500. ';
    expect(statusWithoutTimes(s.killer.options?.status)).toEqual({
      phase: 'Failed',
      reason: 'Evicted',
      message,
      conditions: [
        { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message },
      ],
    });
  });
});

describe('TestDiskPressureNodeFs_VerifyPodStatus', () => {
  const cases: Array<{
    name: string;
    dedicatedImageFs: boolean;
    split?: boolean;
    kubeletSeparateDiskGC?: boolean;
    nodeFs: string;
    imageFs: string;
    containerFs: string;
    threshold: ReturnType<typeof th>;
    pods: PodToMake[];
    message?: string;
    expectErr?: string;
  }> = [
    {
      name: 'eviction due to disk pressure; no image fs',
      dedicatedImageFs: false,
      nodeFs: '1.5Gi',
      imageFs: '10Gi',
      containerFs: '10Gi',
      threshold: th('nodefs.available', '2Gi'),
      message:
        'The node was low on resource: ephemeral-storage. Threshold quantity: 2Gi, available: 1536Mi. Container above-requests was using 700Mi, request is 100Mi, has larger consumption of ephemeral-storage. ',
      pods: [
        {
          name: 'below-requests',
          requests: newResourceList('', '', '1Gi'),
          limits: newResourceList('', '', '1Gi'),
          rootFsUsed: '900Mi',
        },
        {
          name: 'above-requests',
          requests: newResourceList('', '', '100Mi'),
          limits: newResourceList('', '', '1Gi'),
          rootFsUsed: '700Mi',
        },
      ],
    },
    {
      name: 'eviction due to image disk pressure; image fs',
      dedicatedImageFs: true,
      nodeFs: '1Gi',
      imageFs: '10Gi',
      containerFs: '10Gi',
      threshold: th('imagefs.available', '50Gi'),
      message:
        'The node was low on resource: ephemeral-storage. Threshold quantity: 50Gi, available: 10Gi. Container above-requests was using 80Gi, request is 50Gi, has larger consumption of ephemeral-storage. ',
      pods: [
        {
          name: 'below-requests',
          requests: newResourceList('', '', '1Gi'),
          limits: newResourceList('', '', '1Gi'),
          rootFsUsed: '900Mi',
        },
        {
          name: 'above-requests',
          requests: newResourceList('', '', '50Gi'),
          limits: newResourceList('', '', '50Gi'),
          rootFsUsed: '80Gi',
        },
      ],
    },
    {
      name: 'eviction due to container disk pressure; feature off; error; container fs',
      dedicatedImageFs: true,
      split: true,
      kubeletSeparateDiskGC: false,
      nodeFs: '1Gi',
      imageFs: '100Gi',
      containerFs: '10Gi',
      threshold: th('containerfs.available', '50Gi'),
      expectErr: 'KubeletSeparateDiskGC is turned off but we still have a split filesystem',
      pods: [
        {
          name: 'below-requests',
          requests: newResourceList('', '', '1Gi'),
          limits: newResourceList('', '', '1Gi'),
          rootFsUsed: '900Mi',
        },
        {
          name: 'above-requests',
          requests: newResourceList('', '', '50Gi'),
          limits: newResourceList('', '', '50Gi'),
          rootFsUsed: '80Gi',
        },
      ],
    },
    {
      name: 'eviction due to container disk pressure; container fs',
      dedicatedImageFs: true,
      split: true,
      kubeletSeparateDiskGC: true,
      nodeFs: '10Gi',
      imageFs: '100Gi',
      containerFs: '10Gi',
      threshold: th('nodefs.available', '50Gi'),
      message:
        'The node was low on resource: ephemeral-storage. Threshold quantity: 50Gi, available: 10Gi. Container above-requests was using 80Gi, request is 50Gi, has larger consumption of ephemeral-storage. ',
      pods: [
        {
          name: 'below-requests',
          requests: newResourceList('', '', '1Gi'),
          limits: newResourceList('', '', '1Gi'),
          rootFsUsed: '900Mi',
        },
        {
          name: 'above-requests',
          requests: newResourceList('', '', '50Gi'),
          limits: newResourceList('', '', '50Gi'),
          rootFsUsed: '80Gi',
        },
      ],
    },
  ];
  for (const tc of cases) {
    it(tc.name, async () => {
      const { pods, stats } = makePods(tc.pods, (p) => makePodWithDiskStats(p));
      const s = scenario({
        thresholds: [tc.threshold],
        pods,
        summary: makeDiskStats({
          rootFsAvailableBytes: tc.nodeFs,
          imageFsAvailableBytes: tc.imageFs,
          containerFsAvailableBytes: tc.containerFs,
          podStats: stats,
        }),
        dedicatedImageFs: tc.dedicatedImageFs,
        splitImageFs: tc.split ?? false,
        featureGates: { KubeletSeparateDiskGC: tc.kubeletSeparateDiskGC ?? false },
      });
      const r = await s.sync();
      if (tc.expectErr !== undefined) {
        expect(r.outcome).toBe('split-filesystem-error');
        expect(r.errors.map((e) => e.message)).toEqual([tc.expectErr]);
        expect(s.killer.pod).toBeUndefined();
        return;
      }
      expect(s.manager.isUnderDiskPressure()).toBe(true);
      expect(s.killer.pod).toBeDefined();
      expect(statusWithoutTimes(s.killer.options?.status)).toEqual({
        phase: 'Failed',
        reason: 'Evicted',
        message: tc.message,
        conditions: [
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'TerminationByKubelet',
            message: tc.message,
          },
        ],
      });
    });
  }
});

const memoryPods: PodToMake[] = [
  {
    name: 'guaranteed-low-priority-high-usage',
    priority: lowPriority,
    requests: newResourceList('100m', '1Gi'),
    limits: newResourceList('100m', '1Gi'),
    memoryWorkingSet: '900Mi',
  },
  {
    name: 'burstable-below-requests',
    priority: defaultPriority,
    requests: newResourceList('100m', '100Mi'),
    limits: newResourceList('200m', '1Gi'),
    memoryWorkingSet: '50Mi',
  },
  {
    name: 'burstable-above-requests',
    priority: defaultPriority,
    requests: newResourceList('100m', '100Mi'),
    limits: newResourceList('200m', '1Gi'),
    memoryWorkingSet: '400Mi',
  },
  {
    name: 'best-effort-high-priority-high-usage',
    priority: highPriority,
    memoryWorkingSet: '400Mi',
  },
  {
    name: 'best-effort-low-priority-low-usage',
    priority: lowPriority,
    memoryWorkingSet: '100Mi',
  },
];

describe('TestMemoryPressure', () => {
  it('soft then hard memory pressure: grace, kill, admission, transition period', async () => {
    const { pods, stats } = makePods(memoryPods, makePodWithMemoryStats);
    const podToEvict = pods[4];
    const s = scenario({
      thresholds: [
        th('memory.available', '1Gi'),
        th('memory.available', '2Gi', { graceMs: 2 * MINUTE }),
      ],
      pods,
      summary: makeMemoryStats('2Gi', stats),
      maxPodGracePeriodSeconds: 5,
    });
    const [bestEffort] = makePodWithMemoryStats({ name: 'best-admit', memoryWorkingSet: '0Gi' });
    const [burstable] = makePodWithMemoryStats({
      name: 'burst-admit',
      requests: newResourceList('100m', '100Mi'),
      limits: newResourceList('200m', '200Mi'),
      memoryWorkingSet: '0Gi',
    });
    const toAdmit = [bestEffort, burstable];

    // synchronize
    expect((await s.sync()).errors).toEqual([]);
    expect(s.manager.isUnderMemoryPressure()).toBe(false);
    expect(admits(s.manager, toAdmit)).toEqual([true, true]);

    // induce soft threshold
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('1500Mi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();

    // step forward in time pass the grace period
    s.clock.step(3 * MINUTE);
    s.provider.result = makeMemoryStats('1500Mi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(5);
    s.killer.reset();

    // remove memory pressure
    s.clock.step(20 * MINUTE);
    s.provider.result = makeMemoryStats('3Gi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(false);

    // induce memory pressure!
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('500Mi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(1);
    // the best-effort pod should not admit, burstable should
    expect(admits(s.manager, toAdmit)).toEqual([false, true]);

    // reduce memory pressure
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('2Gi', stats);
    s.killer.reset();
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();
    expect(admits(s.manager, toAdmit)).toEqual([false, true]);

    // move the clock past transition period to ensure that we stop reporting pressure
    s.clock.step(5 * MINUTE);
    s.provider.result = makeMemoryStats('2Gi', stats);
    s.killer.reset();
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(false);
    expect(s.killer.pod).toBeUndefined();
    expect(admits(s.manager, toAdmit)).toEqual([true, true]);
  });
});

describe('TestPIDPressure', () => {
  it('eviction due to pid pressure', async () => {
    const { pods, stats } = makePods(
      [
        { name: 'high-priority-high-usage', priority: highPriority, pidUsage: 900 },
        { name: 'default-priority-low-usage', priority: defaultPriority, pidUsage: 100 },
        { name: 'default-priority-medium-usage', priority: defaultPriority, pidUsage: 400 },
        { name: 'low-priority-high-usage', priority: lowPriority, pidUsage: 600 },
        { name: 'low-priority-low-usage', priority: lowPriority, pidUsage: 50 },
      ],
      makePodWithPIDStats,
    );
    const podToEvict = pods[3];
    const s = scenario({
      thresholds: [
        th('pid.available', '1200'),
        th('pid.available', '1500', { graceMs: 2 * MINUTE }),
      ],
      pods,
      summary: makePIDStats('2000', '300', stats),
      maxPodGracePeriodSeconds: 5,
    });
    const [podToAdmit] = makePodWithPIDStats({ name: 'pod-to-admit', pidUsage: 50 });

    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(false);
    expect(s.manager.admit(podToAdmit).admit).toBe(true);

    // induce soft threshold for PID pressure
    s.clock.step(1 * MINUTE);
    s.provider.result = makePIDStats('2000', '700', stats);
    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();

    // step forward in time past the grace period; no change in PID stats
    s.clock.step(3 * MINUTE);
    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(5);
    s.killer.reset();

    // remove PID pressure
    s.clock.step(20 * MINUTE);
    s.provider.result = makePIDStats('2000', '300', stats);
    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(false);

    // re-induce PID pressure
    s.clock.step(1 * MINUTE);
    s.provider.result = makePIDStats('2000', '1200', stats);
    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(1);
    expect(s.manager.admit(podToAdmit).admit).toBe(false);

    // reduce PID pressure
    s.clock.step(1 * MINUTE);
    s.provider.result = makePIDStats('2000', '300', stats);
    s.killer.reset();
    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();
    expect(s.manager.admit(podToAdmit).admit).toBe(false);

    // move the clock past the transition period
    s.clock.step(5 * MINUTE);
    await s.sync();
    expect(s.manager.isUnderPIDPressure()).toBe(false);
    expect(s.killer.pod).toBeUndefined();
    expect(s.manager.admit(podToAdmit).admit).toBe(true);
  });
});
