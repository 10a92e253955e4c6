import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Pod, readPod } from '../../src/pods/pod';
import {
  localVolumeNames,
  podDiskUsage,
  podMemoryBytes,
  podProcessCount,
  readStatCount,
} from '../../src/ranking/pod-usage';
import { comparatorForSignal, rankForSignal } from '../../src/ranking/rank';
import type { PodStats } from '../../src/signals/summary';
import type { Signal } from '../../src/signals/types';
import { newContainer, newPod, newVolume } from './builders';

const ref = { name: 'p', namespace: 'ns', uid: 'u' };

describe('localVolumeNames (hostPath or IsLocalEphemeralVolume)', () => {
  it('keeps hostPath, gitRepo, configMap and default-medium emptyDir volumes, in spec order', () => {
    const pod = newPod(
      'p',
      0,
      [],
      [
        newVolume('mem', { emptyDir: { medium: 'Memory' } }),
        newVolume('disk', { emptyDir: {} }),
        newVolume('huge', { emptyDir: { medium: 'HugePages' } }),
        newVolume('host', { hostPath: { path: '/var/log' } }),
        newVolume('cm', { configMap: { name: 'c' } }),
        newVolume('git', { gitRepo: { repository: 'r' } }),
        newVolume('secret', { secret: { secretName: 's' } }),
        newVolume('downward', { downwardAPI: {} }),
        newVolume('pvc', { persistentVolumeClaim: { claimName: 'c' } }),
        newVolume('explicit-default', { emptyDir: { medium: '' } }),
      ],
    );
    expect(localVolumeNames(pod)).toEqual(['disk', 'host', 'cm', 'git', 'explicit-default']);
  });
});

describe('podDiskUsage', () => {
  const pod = newPod(
    'p',
    0,
    [newContainer('a'), newContainer('b')],
    [
      newVolume('v', { emptyDir: {} }),
      newVolume('w', { hostPath: { path: '/x' } }),
      newVolume('s', { secret: {} }),
    ],
  );
  const stats: PodStats = {
    podRef: ref,
    containers: [
      {
        name: 'a',
        rootfs: { usedBytes: 1, inodesUsed: 10 },
        logs: { usedBytes: 2, inodesUsed: 20 },
      },
      { name: 'b', rootfs: { usedBytes: 4 }, logs: { inodesUsed: 40 } },
      // Stats for a container the spec no longer has still count (upstream sums the stats).
      { name: 'gone', rootfs: { usedBytes: 8, inodesUsed: 80 } },
    ],
    volume: [
      { name: 'v', usedBytes: 100, inodesUsed: 1000 },
      { name: 'v', usedBytes: 999, inodesUsed: 999 }, // only the first entry of a name counts
      { name: 's', usedBytes: 5000, inodesUsed: 5000 }, // not a local volume
      { name: 'w', usedBytes: 200 },
    ],
  };
  const view = readPod(pod);
  it.each([
    { types: ['root'], bytes: 13n, inodes: 90n },
    { types: ['logs'], bytes: 2n, inodes: 60n },
    { types: ['localVolumeSource'], bytes: 300n, inodes: 1000n },
    { types: ['images'], bytes: 0n, inodes: 0n },
    { types: ['images', 'root', 'logs', 'localVolumeSource'], bytes: 315n, inodes: 1150n },
  ] as const)('$types', ({ types, bytes, inodes }) => {
    expect(podDiskUsage(stats, view, types)).toEqual({ 'ephemeral-storage': bytes, inodes });
  });
});

describe('usage readers', () => {
  it('read working set and process count, 0 when missing', () => {
    expect(podMemoryBytes({ podRef: ref, memory: { workingSetBytes: 42 } })).toBe(42n);
    expect(podMemoryBytes({ podRef: ref })).toBe(0n);
    expect(podProcessCount({ podRef: ref, process_stats: { process_count: 7 } })).toBe(7n);
    expect(podProcessCount({ podRef: ref, process_stats: {} })).toBe(0n);
  });
  it('readStatCount: a count that is not a non-negative integer reads as missing', () => {
    expect(readStatCount(5)).toBe(5n);
    expect(readStatCount(2 ** 60)).toBe(2n ** 60n);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined, {}]) {
      expect(readStatCount(bad)).toBe(0n);
    }
  });
});

describe('ranking never throws on malformed stats', () => {
  const SIGNALS: Signal[] = [
    'memory.available',
    'nodefs.available',
    'imagefs.inodesFree',
    'pid.available',
  ];
  it('property: arbitrary stats objects rank without throwing, on both paths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.anything(), fc.anything()), { maxLength: 6 }),
        fc.constantFrom(...SIGNALS),
        (entries, signal) => {
          // Distinct wrapper objects (as pods they are empty): ranking keys on identity.
          const pods = entries.map(([pod]) => ({ wrapped: pod }) as { wrapped: unknown } & Pod);
          const stats = new Map(pods.map((p, i) => [p, entries[i]![1] as PodStats | undefined]));
          const statsOf = (p: { wrapped: unknown } & Pod) => {
            const s = stats.get(p);
            return s === null || s === undefined
              ? undefined
              : ({ podRef: ref, ...(s as object) } as PodStats);
          };
          const keyed = rankForSignal(signal, pods, statsOf);
          const naive = comparatorForSignal(signal, statsOf)!.sort(pods);
          expect(keyed).toEqual(naive);
        },
      ),
      { numRuns: 300 },
    );
  });
});
