import { describe, expect, it } from 'vitest';
import { initialManagerState } from '../../src/manager/state';
import type { Pod } from '../../src/pods/pod';
import {
  defaultPriority,
  highPriority,
  lowPriority,
  newContainer,
  newPod,
  newPodMemoryStats,
  newResourceList,
  newVolume,
} from '../ranking/builders';
import { th } from '../thresholds/builders';
import { MINUTE, makeDiskStats, makeMemoryStats, SECOND } from './helpers';
import {
  makePods,
  makePodWithDiskStats,
  makePodWithMemoryStats,
  type PodToMake,
  scenario,
} from './scenario';

// Ports of the remaining manager tests of pkg/kubelet/eviction/eviction_manager_test.go:
// min-reclaim, admission, critical pods, local storage, allocatable memory, memcg refresh.

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
  { name: 'best-effort-low-priority-low-usage', priority: lowPriority, memoryWorkingSet: '100Mi' },
];

describe('TestMinReclaim', () => {
  it('keeps evicting until available >= threshold + min-reclaim', async () => {
    const { pods, stats } = makePods(memoryPods, makePodWithMemoryStats);
    const podToEvict = pods[4];
    const s = scenario({
      thresholds: [th('memory.available', '1Gi', { minReclaim: '500Mi' })],
      pods,
      summary: makeMemoryStats('2Gi', stats),
      maxPodGracePeriodSeconds: 5,
    });
    expect((await s.sync()).errors).toEqual([]);
    expect(s.manager.isUnderMemoryPressure()).toBe(false);

    // induce memory pressure!
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('500Mi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(1);

    // reduce memory pressure, but not below the min-reclaim amount
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('1.2Gi', stats);
    s.killer.reset();
    const held = await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(1);
    expect(held.explanation.evaluation?.thresholds[0]).toMatchObject({
      crossed: false,
      heldByMinReclaim: true,
      actionable: true,
    });

    // reduce memory pressure and ensure the min-reclaim amount
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('2Gi', stats);
    s.killer.reset();
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();

    // move the clock past transition period to ensure that we stop reporting pressure
    s.clock.step(5 * MINUTE);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(false);
    expect(s.killer.pod).toBeUndefined();
  });
});

function makeContainersByQOS(qos: 'Guaranteed' | 'Burstable' | 'BestEffort') {
  const resources = newResourceList('100m', '1Gi');
  if (qos === 'Guaranteed') return [newContainer('guaranteed-container', resources, resources)];
  if (qos === 'Burstable') return [newContainer('burtable-container', resources)];
  return [newContainer('best-effort-container')];
}

describe('TestAdmitUnderNodeConditions', () => {
  const pods = [
    newPod('guaranteed-pod', 0, makeContainersByQOS('Guaranteed')),
    newPod('burstable-pod', 0, makeContainersByQOS('Burstable')),
    newPod('best-effort-pod', 0, makeContainersByQOS('BestEffort')),
  ];
  const cases: Array<[string, Array<'MemoryPressure' | 'DiskPressure'>, boolean[]]> = [
    ['no conditions', [], [true, true, true]],
    ['MemoryPressure', ['MemoryPressure'], [true, true, false]],
    ['MemoryPressure and DiskPressure', ['MemoryPressure', 'DiskPressure'], [false, false, false]],
  ];
  for (const [name, conditions, expected] of cases) {
    it(name, () => {
      const state = initialManagerState();
      state.evaluation.nodeConditions = conditions;
      const s = scenario({
        thresholds: [],
        pods: [],
        summary: makeMemoryStats('1Gi', []),
        extra: { state },
      });
      expect(s.manager.optionsError).toBeUndefined();
      expect(pods.map((p) => s.manager.admit(p).admit)).toEqual(expected);
      if (conditions.length > 0) {
        expect(s.manager.admit(pods[2])).toEqual({
          admit: false,
          reason: 'Evicted',
          message: `The node had condition: [${conditions.join(' ')}]. `,
        });
      }
    });
  }
});

describe('TestStaticCriticalPodsAreNotEvicted', () => {
  it('a static, system-critical pod is never killed', async () => {
    const { pods, stats } = makePods(
      [
        {
          name: 'critical',
          priority: 2_000_000_000,
          requests: newResourceList('100m', '1Gi'),
          limits: newResourceList('100m', '1Gi'),
          memoryWorkingSet: '800Mi',
        },
      ],
      makePodWithMemoryStats,
    );
    const critical = pods[0]!;
    critical.metadata = {
      ...critical.metadata,
      namespace: 'kube-system',
      annotations: { 'kubernetes.io/config.source': 'file' },
    };
    const s = scenario({
      thresholds: [
        th('memory.available', '1Gi'),
        th('memory.available', '2Gi', { graceMs: 2 * MINUTE }),
      ],
      pods,
      summary: makeMemoryStats('2Gi', stats),
      maxPodGracePeriodSeconds: 5,
    });

    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('1500Mi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();

    // step forward in time pass the grace period
    s.clock.step(3 * MINUTE);
    const r = await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();
    expect(r.outcome).toBe('no-evictable-pod');
    expect(r.explanation.ranking?.candidates[0]).toMatchObject({
      verdict: 'critical',
      critical: 'static',
    });

    // remove memory pressure
    s.clock.step(20 * MINUTE);
    s.provider.result = makeMemoryStats('3Gi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(false);

    // Without a priority the pod is still static, and IsCriticalPod says static pods are critical.
    critical.spec = { ...critical.spec!, priority: undefined as unknown as number };
    delete critical.spec.priority;
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('500Mi', stats);
    const hard = await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();
    expect(hard.explanation.ranking?.candidates[0]?.critical).toBe('static');
  });

  it('mirror pods and pods with system-critical priority are skipped too; the next pod goes', async () => {
    const { pods, stats } = makePods(memoryPods, makePodWithMemoryStats);
    // the pod upstream's ranking picks first becomes a mirror pod, the second critical by priority
    const first = pods[4]!;
    first.metadata = { ...first.metadata, annotations: { 'kubernetes.io/config.mirror': 'x' } };
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('500Mi', stats),
    });
    const r = await s.sync();
    const ranked = r.explanation.ranking?.candidates ?? [];
    expect(ranked[0]).toMatchObject({
      name: first.metadata?.name,
      verdict: 'critical',
      critical: 'mirror',
    });
    expect(ranked[1]).toMatchObject({ verdict: 'evicted', critical: false });
    expect(s.killer.pod).toBe(ranked[1]?.pod);
    expect(
      ranked.slice(2).every((c) => c.verdict === 'after-chosen' && c.critical === undefined),
    ).toBe(true);
  });
});

describe('TestStorageLimitEvictions', () => {
  const volumeSizeLimit = '1Gi';
  const cases: Array<[string, PodToMake, Parameters<typeof makePodWithDiskStats>[1]]> = [
    [
      'eviction due to rootfs above limit',
      {
        name: 'rootfs-above-limits',
        priority: defaultPriority,
        requests: newResourceList('', '', '1Gi'),
        limits: newResourceList('', '', '1Gi'),
        rootFsUsed: '2Gi',
      },
      undefined,
    ],
    [
      'eviction due to logsfs above limit',
      {
        name: 'logsfs-above-limits',
        priority: defaultPriority,
        requests: newResourceList('', '', '1Gi'),
        limits: newResourceList('', '', '1Gi'),
        logsFsUsed: '2Gi',
      },
      undefined,
    ],
    [
      'eviction due to local volume above limit',
      { name: 'localvolume-above-limits', priority: defaultPriority, perLocalVolumeUsed: '2Gi' },
      [newVolume('emptyDirVolume', { emptyDir: { sizeLimit: volumeSizeLimit } })],
    ],
  ];
  for (const [name, podToMake, volumes] of cases) {
    it(name, async () => {
      const [pod, stats] = makePodWithDiskStats(podToMake, volumes);
      const s = scenario({
        thresholds: [th('nodefs.available', '1Gi')],
        pods: [pod],
        summary: makeDiskStats({
          rootFsAvailableBytes: '200Mi',
          imageFsAvailableBytes: '200Mi',
          podStats: [stats],
        }),
        maxPodGracePeriodSeconds: 5,
        localStorageCapacityIsolation: true,
      });
      const r = await s.sync();
      expect(r.errors).toEqual([]);
      expect(r.outcome).toBe('local-storage-eviction');
      expect(s.killer.pod).toBe(pod);
      expect(s.killer.gracePeriodOverride).toBe(1);
      expect(s.killer.options?.condition).toBeUndefined();
      expect(s.killer.options?.annotations).toEqual({});
      expect(r.eviction).toMatchObject({ kind: 'local-storage', gracePeriodRule: 'local-storage' });
      // no DisruptionTarget condition on a local-storage eviction, as upstream
      expect(s.killer.options?.status.conditions).toBeUndefined();
    });
  }
});

describe('TestAllocatableMemoryPressure', () => {
  it('allocatable memory threshold lifecycle and admission', async () => {
    const { pods, stats } = makePods(memoryPods, makePodWithMemoryStats);
    const podToEvict = pods[4];
    const s = scenario({
      thresholds: [th('allocatableMemory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('4Gi', stats),
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
    const admits = () => toAdmit.map((p) => s.manager.admit(p).admit);

    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(false);
    expect(admits()).toEqual([true, true]);

    // induce memory pressure! (a pod that is not active has stats too)
    s.clock.step(1 * MINUTE);
    const [, extraStats] = makePodWithMemoryStats({
      name: 'guaranteed-high-2',
      requests: newResourceList('100m', '1Gi'),
      limits: newResourceList('100m', '1Gi'),
      memoryWorkingSet: '1Gi',
    });
    s.provider.result = makeMemoryStats('500Mi', [...stats, extraStats]);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBe(podToEvict);
    expect(s.killer.gracePeriodOverride).toBe(1);
    s.killer.reset();
    expect(admits()).toEqual([false, true]);

    // reduce memory pressure
    s.clock.step(1 * MINUTE);
    s.provider.result = makeMemoryStats('2Gi', stats);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(s.killer.pod).toBeUndefined();
    expect(admits()).toEqual([false, true]);

    // move the clock past transition period to ensure that we stop reporting pressure
    s.clock.step(5 * MINUTE);
    await s.sync();
    expect(s.manager.isUnderMemoryPressure()).toBe(false);
    expect(s.killer.pod).toBeUndefined();
    expect(admits()).toEqual([true, true]);
  });
});

describe('TestUpdateMemcgThreshold', () => {
  it('notifiers are refreshed on the first cycle, then at most every 10 s', async () => {
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods: [],
      summary: makeMemoryStats('2Gi', []),
      maxPodGracePeriodSeconds: 5,
    });
    // The UpdateThreshold method should have been called once, since this is the first run.
    expect((await s.sync()).refreshNotifiers).toBe(true);
    // not again, since not enough time has passed
    expect((await s.sync()).refreshNotifiers).toBe(false);
    s.clock.step(10 * SECOND);
    expect((await s.sync()).refreshNotifiers).toBe(false); // strictly more than 10 s
    // again since enough time has passed
    s.clock.step(10 * SECOND);
    expect((await s.sync()).refreshNotifiers).toBe(true);
    s.clock.step(20 * SECOND);
    expect((await s.sync()).refreshNotifiers).toBe(true);
    expect(s.manager.state().notifierRefreshedAt).toBe(s.clock.now);
  });
});

describe('TestManagerWithLocalStorageCapacityIsolationOpen', () => {
  it('emptyDir, container and pod ephemeral limits evict all three pods in one cycle', async () => {
    const make = (p: PodToMake): [Pod, ReturnType<typeof newPodMemoryStats>] => {
      const requests = p.requests ?? {};
      const limits = p.limits ?? {};
      const memoryRequest = requests.memory ?? '0';
      const pod = newPod(
        p.name,
        p.priority ?? 0,
        [newContainer(p.name, requests, limits)],
        [newVolume('local-volume', { emptyDir: { sizeLimit: memoryRequest } })],
      );
      const twice = (v: string) => `${Number(v.replace('Mi', '')) * 2}Mi`;
      const usage =
        p.name === 'empty-dir'
          ? twice(memoryRequest)
          : p.name === 'container-ephemeral-storage-limit'
            ? (limits['ephemeral-storage'] ?? '0')
            : twice(limits['ephemeral-storage'] ?? '0Mi');
      return [pod, newPodMemoryStats(pod, usage)];
    };
    const { pods, stats } = makePods(
      [
        {
          name: 'empty-dir',
          requests: newResourceList('', '900Mi'),
          limits: newResourceList('', '1Gi'),
        },
        {
          name: 'container-ephemeral-storage-limit',
          requests: newResourceList('', '', '900Mi'),
          limits: newResourceList('', '', '800Mi'),
        },
        {
          name: 'pod-ephemeral-storage-limit',
          requests: newResourceList('', '', '1Gi'),
          limits: newResourceList('', '', '800Mi'),
        },
      ],
      make,
    );
    const s = scenario({
      thresholds: [th('allocatableMemory.available', '1Gi')],
      pods,
      summary: makeDiskStats({
        rootFsAvailableBytes: '1Gi',
        imageFsAvailableBytes: '200Mi',
        podStats: stats,
      }),
      maxPodGracePeriodSeconds: 5,
      localStorageCapacityIsolation: true,
    });
    const r = await s.sync();
    expect(r.errors).toEqual([]);
    expect(r.evictions.map((e) => e.pod)).toEqual(pods);
    expect(r.evictions.map((e) => e.localStorage?.kind)).toEqual([
      'emptydir-limit',
      'container-ephemeral-storage-limit',
      'pod-ephemeral-storage-limit',
    ]);
    expect(s.killer.calls.map((c) => c.options.gracePeriodOverrideSeconds)).toEqual([1, 1, 1]);
  });
});

describe('grace period overrides (v1.37)', () => {
  const soft = th('memory.available', '2Gi', { graceMs: 0.5 * MINUTE });
  async function softKill(maxPodGracePeriodSeconds: number, podGrace?: number) {
    const [pod, stats] = makePodWithMemoryStats({ name: 'victim', memoryWorkingSet: '100Mi' });
    if (podGrace !== undefined)
      pod.spec = { ...pod.spec!, terminationGracePeriodSeconds: podGrace };
    const s = scenario({
      thresholds: [soft],
      pods: [pod],
      summary: makeMemoryStats('1Gi', [stats]),
      maxPodGracePeriodSeconds,
    });
    await s.sync();
    s.clock.step(1 * MINUTE);
    const r = await s.sync();
    return { grace: s.killer.gracePeriodOverride, rule: r.eviction?.gracePeriodRule };
  }
  it('soft: maxPodGracePeriodSeconds when the pod sets no grace period', async () => {
    expect(await softKill(30)).toEqual({ grace: 30, rule: 'soft-max' });
  });
  it("soft: the pod's own, shorter grace period wins the min", async () => {
    expect(await softKill(30, 10)).toEqual({ grace: 10, rule: 'soft-pod-min' });
  });
  it('soft: the maximum caps a longer pod grace period', async () => {
    expect(await softKill(5, 60)).toEqual({ grace: 5, rule: 'soft-pod-min' });
  });
  it('soft: a pod grace period of 0 gives 0', async () => {
    expect(await softKill(30, 0)).toEqual({ grace: 0, rule: 'soft-pod-min' });
  });
  it('QUIRK: a negative maxPodGracePeriodSeconds always wins the min', async () => {
    expect(await softKill(-1, 30)).toEqual({ grace: -1, rule: 'soft-pod-min' });
  });
  it('hard: 1 s whatever the pod asks', async () => {
    const [pod, stats] = makePodWithMemoryStats({ name: 'victim', memoryWorkingSet: '100Mi' });
    pod.spec = { ...pod.spec!, terminationGracePeriodSeconds: 600 };
    const s = scenario({
      thresholds: [th('memory.available', '2Gi')],
      pods: [pod],
      summary: makeMemoryStats('1Gi', [stats]),
      maxPodGracePeriodSeconds: 30,
    });
    const r = await s.sync();
    expect(s.killer.gracePeriodOverride).toBe(1);
    expect(r.eviction?.gracePeriodRule).toBe('hard');
  });
});
