import type { Container, Pod, Volume } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { localStorageEviction } from '../../src/ranking/local-storage';
import type { StatsFunc } from '../../src/signals/pod-stats';
import type { PodStats } from '../../src/signals/summary';

// Cases mirror pkg/kubelet/eviction/eviction_manager_test.go TestStorageLimitEvictions,
// TestManagerWithLocalStorageCapacityIsolationOpen and TestStaticCriticalPodsAreNotEvicted (v1.37).

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

const list = (memory?: string, storage?: string) => ({
  ...(memory ? { memory } : {}),
  ...(storage ? { 'ephemeral-storage': storage } : {}),
});
const container = (name: string, requests = {}, limits = {}): Container => ({
  name,
  resources: { requests, limits },
});
const makePod = (
  name: string,
  containers: Container[],
  volumes: Volume[] = [],
  extra: Partial<Pod> = {},
): Pod => ({
  metadata: { name, namespace: 'default', uid: name, ...extra.metadata },
  spec: { containers, volumes, ...extra.spec },
});

type Stats = Omit<PodStats, 'podRef'>;
const statsFor = (entries: Array<[Pod, Stats]>): StatsFunc => {
  const byUid = new Map<string, PodStats>();
  for (const [pod, stats] of entries) {
    const uid = pod.metadata?.uid ?? '';
    byUid.set(uid, { podRef: { name: uid, namespace: 'default', uid }, ...stats });
  }
  return (pod) => byUid.get(pod.metadata?.uid ?? '');
};

/** newPodDiskStats: every container reports rootfs and logs; every local volume its usage. */
const diskStats = (pod: Pod, rootfs: number, logs: number, perLocalVolume: number): Stats => ({
  containers: (pod.spec?.containers ?? []).map((c) => ({
    name: c.name,
    rootfs: { usedBytes: rootfs },
    logs: { usedBytes: logs },
  })),
  volume: (pod.spec?.volumes ?? [])
    .filter((v) => v.emptyDir && v.emptyDir.medium !== 'Memory')
    .map((v) => ({ name: v.name, usedBytes: perLocalVolume })),
});

/** newPodMemoryStats (v1.37): the working set doubles as volume, rootfs, logs and pod usage. */
const memoryStats = (pod: Pod, workingSet: number): Stats => ({
  memory: { workingSetBytes: workingSet },
  volume: [{ name: 'local-volume', usedBytes: workingSet }],
  containers: [
    {
      name: pod.metadata?.name ?? '',
      logs: { usedBytes: workingSet },
      rootfs: { usedBytes: workingSet },
    },
  ],
  'ephemeral-storage': { usedBytes: workingSet },
});

describe('TestStorageLimitEvictions', () => {
  const cases: Array<{
    name: string;
    pod: Pod;
    stats: (p: Pod) => Stats;
    message: string;
    kind: string;
  }> = [
    {
      name: 'eviction due to rootfs above limit',
      pod: makePod('rootfs-above-limits', [
        container('rootfs-above-limits', list(undefined, '1Gi'), list(undefined, '1Gi')),
      ]),
      stats: (p) => diskStats(p, 2 * Gi, 0, 0),
      message: 'Container rootfs-above-limits exceeded its local ephemeral storage limit "1Gi". ',
      kind: 'container-ephemeral-storage-limit',
    },
    {
      name: 'eviction due to logsfs above limit',
      pod: makePod('logsfs-above-limits', [
        container('logsfs-above-limits', list(undefined, '1Gi'), list(undefined, '1Gi')),
      ]),
      stats: (p) => diskStats(p, 0, 2 * Gi, 0),
      message: 'Container logsfs-above-limits exceeded its local ephemeral storage limit "1Gi". ',
      kind: 'container-ephemeral-storage-limit',
    },
    {
      name: 'eviction due to local volume above limit',
      pod: makePod(
        'localvolume-above-limits',
        [container('localvolume-above-limits')],
        [{ name: 'emptyDirVolume', emptyDir: { sizeLimit: '1Gi' } }],
      ),
      stats: (p) => diskStats(p, 0, 0, 2 * Gi),
      message: 'Usage of EmptyDir volume "emptyDirVolume" exceeds the limit "1Gi". ',
      kind: 'emptydir-limit',
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const evicted = localStorageEviction([tc.pod], statsFor([[tc.pod, tc.stats(tc.pod)]]));
      expect(evicted).toHaveLength(1);
      expect(evicted[0]?.pod).toBe(tc.pod);
      expect(evicted[0]?.message).toBe(tc.message);
      expect(evicted[0]?.reason.kind).toBe(tc.kind);
      expect(evicted[0]?.gracePeriodOverrideSeconds).toBe(1);
    });
  }
});

describe('TestManagerWithLocalStorageCapacityIsolationOpen', () => {
  // makePodWithLocalStorageCapacityIsolationOpen: an emptyDir "local-volume" whose sizeLimit is
  // the memory request; usage per pod name as upstream.
  // (the JSON form of resource.NewQuantity(requests.Memory().Value(), BinarySI)).
  const podWith = (
    name: string,
    requests: Record<string, string>,
    limits: Record<string, string>,
  ) =>
    makePod(
      name,
      [container(name, requests, limits)],
      [{ name: 'local-volume', emptyDir: { sizeLimit: requests.memory ?? '0' } }],
    );
  const emptyDir = podWith('empty-dir', list('900Mi'), list('1Gi'));
  const containerLimit = podWith(
    'container-ephemeral-storage-limit',
    list(undefined, '900Mi'),
    list(undefined, '800Mi'),
  );
  const podLimit = podWith(
    'pod-ephemeral-storage-limit',
    list(undefined, '1Gi'),
    list(undefined, '800Mi'),
  );
  const pods = [emptyDir, containerLimit, podLimit];
  const stats = statsFor([
    [emptyDir, memoryStats(emptyDir, 2 * 900 * Mi)],
    [containerLimit, memoryStats(containerLimit, 800 * Mi)],
    [podLimit, memoryStats(podLimit, 2 * 800 * Mi)],
  ]);

  it('evicts all three pods in one pass, each for its own reason, in pod order', () => {
    const evicted = localStorageEviction(pods, stats);
    expect(evicted.map((e) => e.pod)).toEqual(pods);
    expect(evicted.map((e) => e.message)).toEqual([
      'Usage of EmptyDir volume "local-volume" exceeds the limit "900Mi". ',
      'Container container-ephemeral-storage-limit exceeded its local ephemeral storage limit "800Mi". ',
      'Pod ephemeral local storage usage exceeds the total limit of containers 800Mi. ',
    ]);
    expect(evicted.map((e) => e.reason.signal)).toEqual([
      'emptydirfs.limit',
      'ephemeralcontainerfs.limit',
      'ephemeralpodfs.limit',
    ]);
    expect(evicted[2]?.reason).toMatchObject({
      limit: expect.anything(),
      usage: expect.anything(),
    });
    expect(evicted[2]?.reason.usage.value()).toBe(BigInt(1600 * Mi));
  });

  it('with a dedicated image filesystem only logs count against a container limit', () => {
    // logs 800Mi = limit 800Mi: not above, so the container pod is no longer evicted.
    const evicted = localStorageEviction(pods, stats, { dedicatedImageFs: true });
    expect(evicted.map((e) => e.pod.metadata?.name)).toEqual([
      'empty-dir',
      'pod-ephemeral-storage-limit',
    ]);
  });
});

describe('TestStaticCriticalPodsAreNotEvicted (local storage)', () => {
  it('static, mirror and system-critical pods are never evicted', () => {
    const over = (name: string, extra: Partial<Pod>) =>
      makePod(name, [container(name, {}, list(undefined, '1Gi'))], [], extra);
    const staticPod = over('static', {
      metadata: { annotations: { 'kubernetes.io/config.source': 'file' } },
    });
    const mirror = over('mirror', {
      metadata: { annotations: { 'kubernetes.io/config.mirror': 'x' } },
    });
    const critical = over('critical', {
      spec: {
        containers: [container('critical', {}, list(undefined, '1Gi'))],
        priority: 2000000000,
      },
    });
    const plain = over('plain', {});
    const pods = [staticPod, mirror, critical, plain];
    const stats = statsFor(pods.map((p) => [p, diskStats(p, 2 * Gi, 0, 0)]));
    expect(localStorageEviction(pods, stats).map((e) => e.pod)).toEqual([plain]);
  });
});

describe('local-storage edge cases', () => {
  it('a pod without statistics is skipped', () => {
    const p = makePod('p', [container('p', {}, list(undefined, '1'))]);
    expect(localStorageEviction([p], () => undefined)).toEqual([]);
  });

  it('checks run in order: emptyDir first, even when the pod and a container are also over', () => {
    const p = makePod(
      'p',
      [container('p', {}, list(undefined, '1Gi'))],
      [{ name: 'v', emptyDir: { sizeLimit: '1Mi' } }],
    );
    const stats: Stats = {
      ...diskStats(p, 5 * Gi, 0, 2 * Mi),
      'ephemeral-storage': { usedBytes: 6 * Gi },
    };
    expect(localStorageEviction([p], statsFor([[p, stats]]))[0]?.reason.kind).toBe(
      'emptydir-limit',
    );
    const noVolume: Stats = { ...stats, volume: [] };
    expect(localStorageEviction([p], statsFor([[p, noVolume]]))[0]?.reason.kind).toBe(
      'pod-ephemeral-storage-limit',
    );
  });

  it('emptyDir: the first exceeding volume in spec order; usage equal to the limit is fine', () => {
    const p = makePod(
      'p',
      [container('p')],
      [
        { name: 'a', emptyDir: { sizeLimit: '10Mi' } },
        { name: 'b', emptyDir: { sizeLimit: '1Mi' } },
        { name: 'c', emptyDir: { sizeLimit: '1Mi' } },
      ],
    );
    const stats: Stats = {
      volume: [
        { name: 'a', usedBytes: 10 * Mi },
        { name: 'c', usedBytes: 3 * Mi },
        { name: 'b', usedBytes: 2 * Mi },
      ],
    };
    expect(localStorageEviction([p], statsFor([[p, stats]]))[0]?.message).toBe(
      'Usage of EmptyDir volume "b" exceeds the limit "1Mi". ',
    );
  });

  it('emptyDir: memory-backed volumes count; no or zero sizeLimit is not checked; later stats entries win', () => {
    const mem = makePod(
      'mem',
      [container('mem')],
      [{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }],
    );
    const s = statsFor([[mem, { volume: [{ name: 'shm', usedBytes: 65 * Mi }] }]]);
    expect(localStorageEviction([mem], s)[0]?.message).toBe(
      'Usage of EmptyDir volume "shm" exceeds the limit "64Mi". ',
    );

    const unlimited = makePod(
      'u',
      [container('u')],
      [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: { sizeLimit: '0' } },
        { name: 'c', hostPath: { path: '/tmp' } },
      ],
    );
    const big = { usedBytes: 100 * Gi };
    const su = statsFor([
      [
        unlimited,
        {
          volume: [
            { name: 'a', ...big },
            { name: 'b', ...big },
            { name: 'c', ...big },
          ],
        },
      ],
    ]);
    expect(localStorageEviction([unlimited], su)).toEqual([]);

    const dup = makePod('d', [container('d')], [{ name: 'v', emptyDir: { sizeLimit: '1Mi' } }]);
    const sd = statsFor([[dup, { volume: [{ name: 'v', usedBytes: 5 * Mi }, { name: 'v' }] }]]);
    expect(localStorageEviction([dup], sd)).toEqual([]);
  });

  it('pod limit: aggregated container limits plus pod overhead; a pod without any limit is not checked', () => {
    const p = makePod(
      'p',
      [container('a', {}, list(undefined, '1Gi')), container('b', {}, list(undefined, '1Gi'))],
      [],
      {
        spec: {
          containers: [
            container('a', {}, list(undefined, '1Gi')),
            container('b', {}, list(undefined, '1Gi')),
          ],
          overhead: { 'ephemeral-storage': '1Gi' },
        },
      },
    );
    const at = (used: number) => statsFor([[p, { 'ephemeral-storage': { usedBytes: used } }]]);
    expect(localStorageEviction([p], at(3 * Gi))).toEqual([]);
    expect(localStorageEviction([p], at(3 * Gi + 1))[0]?.message).toBe(
      'Pod ephemeral local storage usage exceeds the total limit of containers 3Gi. ',
    );
    const none = makePod('none', [container('none')]);
    expect(
      localStorageEviction([none], statsFor([[none, { 'ephemeral-storage': { usedBytes: Gi } }]])),
    ).toEqual([]);
  });

  it('container limit: regular containers only, zero limits ignored, stats order decides', () => {
    const p = makePod(
      'p',
      [container('zero', {}, list(undefined, '0')), container('b', {}, list(undefined, '1Mi'))],
      [],
      {
        spec: {
          containers: [
            container('zero', {}, list(undefined, '0')),
            container('b', {}, list(undefined, '1Mi')),
          ],
          initContainers: [container('init', {}, list(undefined, '1Mi'))],
        },
      },
    );
    const stats: Stats = {
      containers: [
        { name: 'init', rootfs: { usedBytes: Gi }, logs: { usedBytes: 0 } },
        { name: 'zero', rootfs: { usedBytes: Gi } },
        { name: 'b', logs: { usedBytes: 2 * Mi } },
      ],
    };
    // Pod limit: zero limit plus 1Mi (and the init 1Mi via max) is 1Mi, but no pod usage reported.
    const evicted = localStorageEviction([p], statsFor([[p, stats]]));
    expect(evicted[0]?.message).toBe(
      'Container b exceeded its local ephemeral storage limit "1Mi". ',
    );
  });

  it('odd volume names are quoted the way Go %q does', () => {
    const p = makePod('p', [container('p')], [{ name: 'we"ird\n', emptyDir: { sizeLimit: '1' } }]);
    const s = statsFor([[p, { volume: [{ name: 'we"ird\n', usedBytes: 2 }] }]]);
    expect(localStorageEviction([p], s)[0]?.message).toBe(
      'Usage of EmptyDir volume "we\\"ird\\n" exceeds the limit "1". ',
    );
  });

  it('never throws on malformed pods', () => {
    const junk = [
      null,
      42,
      { spec: { volumes: 'x' } },
      { spec: { volumes: [null, { emptyDir: { sizeLimit: 'bogus' } }] } },
    ];
    expect(
      localStorageEviction(junk as never[], () => ({
        podRef: { name: '', namespace: '', uid: '' },
      })),
    ).toEqual([]);
  });

  it('a stats function returning null means no stats: the pod is skipped', () => {
    const pod = makePod('p', [container('p', {}, { 'ephemeral-storage': '1' })]);
    expect(localStorageEviction([pod], () => null as unknown as PodStats)).toEqual([]);
  });

  it('never throws on malformed statistics: bad entries are skipped, bad counters read as 0', () => {
    const pod = makePod(
      'p',
      [container('p', {}, { 'ephemeral-storage': '100' })],
      [{ name: 'v', emptyDir: { sizeLimit: '1' } }],
    );
    const junk = {
      podRef: { name: 'p', namespace: '', uid: 'p' },
      volume: [null, 3, { name: 7, usedBytes: 10 }, { name: 'v', usedBytes: 'x' }],
      'ephemeral-storage': 'x',
      containers: [null, { name: 5 }, { name: 'p', logs: { usedBytes: 1.5 }, rootfs: null }],
    } as unknown as PodStats;
    expect(localStorageEviction([pod], () => junk)).toEqual([]);
    const notLists = { ...junk, volume: 7, containers: 'x' } as unknown as PodStats;
    expect(localStorageEviction([pod], () => notLists, { dedicatedImageFs: true })).toEqual([]);
    // A well-formed container entry after junk still counts.
    const over = {
      ...junk,
      containers: [null, { name: 'p', logs: { usedBytes: 60 }, rootfs: { usedBytes: 50 } }],
    } as unknown as PodStats;
    expect(localStorageEviction([pod], () => over).map((e) => e.message)).toEqual([
      'Container p exceeded its local ephemeral storage limit "100". ',
    ]);
  });
});
