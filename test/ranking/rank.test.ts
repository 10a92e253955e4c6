import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import { comparatorForSignal, rankForSignal, rankPlanForSignal } from '../../src/ranking/rank';
import { SIGNALS } from '../../src/signals/catalogue';
import type { PodStats } from '../../src/signals/summary';
import type { Signal } from '../../src/signals/types';
import {
  defaultPriority,
  highPriority,
  lowPriority,
  names,
  newContainer,
  newPod,
  newPodMemoryStats,
  newPodProcessStats,
  newResourceList,
  newVolume,
  statsTable,
} from './builders';

describe('rankPlanForSignal (buildSignalToRankFunc)', () => {
  const all = ['images', 'root', 'logs', 'localVolumeSource'];
  const layouts = [
    {
      name: 'one filesystem',
      topology: {},
      nodefs: all,
      imagefs: all,
      containerfs: all,
    },
    {
      name: 'split without a dedicated imagefs ranks like one filesystem',
      topology: { splitImageFs: true },
      nodefs: all,
      imagefs: all,
      containerfs: all,
    },
    {
      name: 'dedicated imagefs',
      topology: { dedicatedImageFs: true },
      nodefs: ['logs', 'localVolumeSource'],
      imagefs: ['root', 'images'],
      containerfs: ['root', 'images'],
    },
    {
      name: 'dedicated imagefs, split containerfs',
      topology: { dedicatedImageFs: true, splitImageFs: true },
      nodefs: ['logs', 'localVolumeSource', 'root'],
      imagefs: ['images'],
      containerfs: ['logs', 'localVolumeSource', 'root'],
    },
  ];
  it.each(layouts)('$name', ({ topology, nodefs, imagefs, containerfs }) => {
    const fs = (signal: Signal) => rankPlanForSignal(signal, topology)?.fsStatsTypes;
    const resource = (signal: Signal) => rankPlanForSignal(signal, topology)?.resource;
    expect(fs('nodefs.available')).toEqual(nodefs);
    expect(fs('nodefs.inodesFree')).toEqual(nodefs);
    expect(fs('imagefs.available')).toEqual(imagefs);
    expect(fs('imagefs.inodesFree')).toEqual(imagefs);
    expect(fs('containerfs.available')).toEqual(containerfs);
    expect(fs('containerfs.inodesFree')).toEqual(containerfs);
    for (const s of ['nodefs.available', 'imagefs.available', 'containerfs.available'] as const) {
      expect(resource(s)).toBe('ephemeral-storage');
      expect(rankPlanForSignal(s, topology)?.comparators).toEqual([
        'exceedDiskRequests',
        'priority',
        'disk',
      ]);
    }
    for (const s of [
      'nodefs.inodesFree',
      'imagefs.inodesFree',
      'containerfs.inodesFree',
    ] as const) {
      expect(resource(s)).toBe('inodes');
    }
    for (const s of ['memory.available', 'allocatableMemory.available'] as const) {
      expect(rankPlanForSignal(s, topology)?.comparators).toEqual([
        'exceedMemoryRequests',
        'priority',
        'memory',
      ]);
    }
    expect(rankPlanForSignal('pid.available', topology)?.comparators).toEqual([
      'priority',
      'process',
    ]);
  });
  it('has no plan for an unknown signal, and rankForSignal then keeps input order', () => {
    expect(rankPlanForSignal('swap.available' as Signal)).toBeUndefined();
    const pods = [newPod('b', 1), newPod('a', 0)];
    expect(names(rankForSignal('swap.available' as Signal, pods, () => undefined))).toEqual([
      'b',
      'a',
    ]);
    expect(comparatorForSignal('swap.available' as Signal, () => undefined)).toBeUndefined();
  });
});

describe('eviction_manager_test rankings', () => {
  // TestMemoryPressure's pods: the kubelet evicts best-effort-low-priority-low-usage first.
  const podsToMake = [
    {
      name: 'guaranteed-low-priority-high-usage',
      priority: lowPriority,
      requests: newResourceList('100m', '1Gi'),
      limits: newResourceList('100m', '1Gi'),
      ws: '900Mi',
    },
    {
      name: 'burstable-below-requests',
      priority: defaultPriority,
      requests: newResourceList('100m', '100Mi'),
      limits: newResourceList('200m', '1Gi'),
      ws: '50Mi',
    },
    {
      name: 'burstable-above-requests',
      priority: defaultPriority,
      requests: newResourceList('100m', '100Mi'),
      limits: newResourceList('200m', '1Gi'),
      ws: '400Mi',
    },
    {
      name: 'best-effort-high-priority-high-usage',
      priority: highPriority,
      requests: {},
      limits: {},
      ws: '400Mi',
    },
    {
      name: 'best-effort-low-priority-low-usage',
      priority: lowPriority,
      requests: {},
      limits: {},
      ws: '100Mi',
    },
  ];
  const pods = podsToMake.map((p) =>
    newPod(p.name, p.priority, [newContainer(p.name, p.requests, p.limits)]),
  );
  const statsOf = statsTable(
    pods.map((pod, i) => [pod, newPodMemoryStats(pod, podsToMake[i]!.ws)]),
  );

  it.each(['memory.available', 'allocatableMemory.available'] as const)(
    'TestMemoryPressure order (%s)',
    (signal) => {
      const order = [
        'best-effort-low-priority-low-usage',
        'burstable-above-requests',
        'best-effort-high-priority-high-usage',
        'guaranteed-low-priority-high-usage',
        'burstable-below-requests',
      ];
      expect(names(rankForSignal(signal, pods, statsOf))).toEqual(order);
      expect(names(comparatorForSignal(signal, statsOf)!.sort(pods))).toEqual(order);
    },
  );

  it('TestPIDPressure: lowest priority, then most processes', () => {
    const spec = [
      ['high-priority-high-usage', highPriority, 900],
      ['default-priority-low-usage', defaultPriority, 100],
      ['default-priority-medium-usage', defaultPriority, 400],
      ['low-priority-high-usage', lowPriority, 600],
      ['low-priority-low-usage', lowPriority, 50],
    ] as const;
    const pidPods = spec.map(([name, priority]) => newPod(name, priority));
    const pidStats = statsTable(
      pidPods.map((pod, i) => [pod, newPodProcessStats(pod, spec[i]![2])]),
    );
    expect(names(rankForSignal('pid.available', pidPods, pidStats))).toEqual([
      'low-priority-high-usage',
      'low-priority-low-usage',
      'default-priority-medium-usage',
      'default-priority-low-usage',
      'high-priority-high-usage',
    ]);
  });

  it('pods without stats go first under memory pressure, by priority among themselves', () => {
    const noStatsHigh = newPod('no-stats-high', 5);
    const noStatsLow = newPod('no-stats-low', -5);
    const ranked = rankForSignal('memory.available', [...pods, noStatsHigh, noStatsLow], statsOf);
    expect(names(ranked).slice(0, 3)).toEqual([
      'no-stats-low',
      'no-stats-high',
      'best-effort-low-priority-low-usage',
    ]);
  });

  it('under PID pressure priority comes first; a pod without stats leads only its priority band', () => {
    const a = newPod('a', 0);
    const b = newPod('b', 1);
    const stats = statsTable([[a, newPodProcessStats(a, 5)]]);
    const noStats = newPod('none', 0);
    expect(names(rankForSignal('pid.available', [b, a, noStats], stats))).toEqual([
      'none',
      'a',
      'b',
    ]);
  });
});

describe('disk layouts change what a pod is charged for', () => {
  // Pod "writer" fills its writable layer, pod "logger" its logs; both request nothing.
  const writer = newPod('writer', 0, [newContainer('writer')]);
  const logger = newPod(
    'logger',
    0,
    [newContainer('logger')],
    [newVolume('scratch', { emptyDir: {} })],
  );
  const stats = new Map<Pod, PodStats>([
    [
      writer,
      {
        podRef: { name: 'writer', namespace: '', uid: 'writer' },
        containers: [
          {
            name: 'writer',
            rootfs: { usedBytes: 900, inodesUsed: 9 },
            logs: { usedBytes: 10, inodesUsed: 1 },
          },
        ],
      },
    ],
    [
      logger,
      {
        podRef: { name: 'logger', namespace: '', uid: 'logger' },
        containers: [
          {
            name: 'logger',
            rootfs: { usedBytes: 1, inodesUsed: 1 },
            logs: { usedBytes: 500, inodesUsed: 5 },
          },
        ],
        volume: [{ name: 'scratch', usedBytes: 300, inodesUsed: 3 }],
      },
    ],
  ]);
  const statsOf = (pod: Pod) => stats.get(pod);
  const rank = (signal: Signal, topology: object) =>
    names(rankForSignal(signal, [logger, writer], statsOf, topology));

  it('one filesystem: everything counts (writer 910 > logger 801)', () => {
    expect(rank('nodefs.available', {})).toEqual(['writer', 'logger']);
    expect(rank('imagefs.available', {})).toEqual(['writer', 'logger']);
  });
  it('dedicated imagefs: nodefs counts logs and volumes, imagefs the writable layer', () => {
    expect(rank('nodefs.available', { dedicatedImageFs: true })).toEqual(['logger', 'writer']);
    expect(rank('imagefs.available', { dedicatedImageFs: true })).toEqual(['writer', 'logger']);
    expect(rank('containerfs.available', { dedicatedImageFs: true })).toEqual(['writer', 'logger']);
  });
  it('split imagefs: imagefs has no per-pod usage, so priority and input order decide', () => {
    expect(rank('imagefs.available', { dedicatedImageFs: true, splitImageFs: true })).toEqual([
      'logger',
      'writer',
    ]);
    expect(rank('nodefs.inodesFree', { dedicatedImageFs: true, splitImageFs: true })).toEqual([
      'writer',
      'logger',
    ]);
  });
  it('inodes: same stats, counted in inodes', () => {
    expect(rank('nodefs.inodesFree', { dedicatedImageFs: true })).toEqual(['logger', 'writer']);
  });
});

describe('rankForSignal', () => {
  it('does not modify its input and accepts any pod-shaped object', () => {
    const pods = [newPod('x', 1), newPod('y', 0)];
    const ranked = rankForSignal('pid.available', pods, () => undefined);
    expect(names(pods)).toEqual(['x', 'y']);
    expect(names(ranked)).toEqual(['y', 'x']);
    const odd = [{ spec: { priority: 3 } }, null, 'garbage', { spec: { priority: -3 } }] as never[];
    expect(rankForSignal('memory.available', odd, () => undefined)).toEqual([
      odd[3],
      odd[1],
      odd[2],
      odd[0],
    ]);
  });
  it('honours the PodLevelResources gate for requests', () => {
    const plr = newPod('plr', 0, [newContainer('c', newResourceList('', '1Gi'))], undefined, {
      spec: { resources: { requests: { memory: '10Mi' } } },
    });
    const plain = newPod('plain', 0, [newContainer('c', newResourceList('', '500Mi'))]);
    const statsOf = statsTable([
      [plr, newPodMemoryStats(plr, '100Mi')],
      [plain, newPodMemoryStats(plain, '200Mi')],
    ]);
    // Gate on: plr uses 100Mi of a 10Mi pod-level request (exceeds); plain is below its request.
    expect(names(rankForSignal('memory.available', [plain, plr], statsOf))).toEqual([
      'plr',
      'plain',
    ]);
    // Gate off: plr's containers request 1Gi… but pod-level requests still replace memory
    // (component-helpers applies them ungated), so the order stays.
    const off = { featureGates: { PodLevelResources: false } };
    expect(names(rankForSignal('memory.available', [plain, plr], statsOf, {}, off))).toEqual([
      'plr',
      'plain',
    ]);
  });
});

describe('every signal ranks the same through keys and through comparators', () => {
  const pods = [
    newPod(
      'a',
      0,
      [newContainer('a', newResourceList('', '100Mi', '1Gi'))],
      [newVolume('v', { emptyDir: {} })],
    ),
    newPod('b', 1, [newContainer('b')]),
    newPod('c', -1, [newContainer('c', newResourceList('', '1Gi'))]),
    newPod('d', 0),
  ];
  const statsOf = (pod: Pod): PodStats | undefined =>
    pod.metadata?.name === 'd'
      ? undefined
      : {
          podRef: { name: pod.metadata?.name ?? '', namespace: '', uid: '' },
          memory: { workingSetBytes: 200 * 2 ** 20 },
          containers: [
            {
              name: 'x',
              rootfs: { usedBytes: 5, inodesUsed: 5 },
              logs: { usedBytes: 7, inodesUsed: 1 },
            },
          ],
          volume: [{ name: 'v', usedBytes: 2 ** 31, inodesUsed: 10 }],
          process_stats: { process_count: pod.metadata?.name === 'b' ? 10 : 1 },
        };
  const topologies = [
    {},
    { dedicatedImageFs: true },
    { dedicatedImageFs: true, splitImageFs: true },
  ];
  for (const topology of topologies) {
    it.each(SIGNALS)(`%s ${JSON.stringify(topology)}`, (signal) => {
      const keyed = rankForSignal(signal, pods, statsOf, topology);
      const naive = comparatorForSignal(signal, statsOf, topology)!.sort(pods);
      expect(names(keyed)).toEqual(names(naive));
    });
  }
});
