import { describe, expect, it } from 'vitest';
import { createEvictionManager, nodePressure, signalUnit } from '../../src/manager/index';
import type { Summary } from '../../src/signals/summary';
import type { Signal } from '../../src/signals/types';
import { th } from '../thresholds/builders';
import { makeDiskStats, makeMemoryStats } from './helpers';

// nodePressure / manager.pressure(): the conditions and per-signal readings of the latest cycle.

const Mi = 2 ** 20;

describe('signalUnit', () => {
  it.each<[Signal, string]>([
    ['memory.available', 'bytes'],
    ['allocatableMemory.available', 'bytes'],
    ['nodefs.available', 'bytes'],
    ['nodefs.inodesFree', 'inodes'],
    ['imagefs.inodesFree', 'inodes'],
    ['containerfs.available', 'bytes'],
    ['containerfs.inodesFree', 'inodes'],
    ['pid.available', 'processes'],
  ])('%s counts %s', (signal, unit) => {
    expect(signalUnit(signal)).toBe(unit);
  });
});

describe('manager.pressure()', () => {
  it('is undefined before the first cycle, then the latest cycle’s conditions and readings', async () => {
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi'), th('nodefs.available', '10%')],
      killPod: async () => {},
    });
    expect(manager.pressure()).toBeUndefined();
    const memory = makeMemoryStats('500Mi', []);
    const disk = makeDiskStats({
      rootFsAvailableBytes: '10Gi',
      imageFsAvailableBytes: '10Gi',
      podStats: [],
    });
    const summary: Summary = { node: { ...memory.node, ...disk.node }, pods: [] };
    const result = await manager.synchronize({ now: 1_000, summary, pods: [] });
    const p = manager.pressure();
    expect(p).toEqual(nodePressure(result));
    expect(p).toMatchObject({
      now: 1_000,
      conditions: ['MemoryPressure'],
      memoryPressure: true,
      diskPressure: false,
      pidPressure: false,
    });
    const readings = Object.fromEntries(
      (p?.signals ?? []).map((r) => [
        r.signal,
        [r.unit, r.condition, r.available.value(), r.capacity?.value()],
      ]),
    );
    expect(readings).toEqual({
      'memory.available': ['bytes', 'MemoryPressure', BigInt(500 * Mi), BigInt(1000 * Mi)],
      'allocatableMemory.available': [
        'bytes',
        'MemoryPressure',
        BigInt(500 * Mi),
        BigInt(1000 * Mi),
      ],
      'nodefs.available': ['bytes', 'DiskPressure', BigInt(10240 * Mi), BigInt(20480 * Mi)],
      'imagefs.available': ['bytes', 'DiskPressure', BigInt(10240 * Mi), BigInt(20480 * Mi)],
      'containerfs.available': ['bytes', 'DiskPressure', BigInt(10240 * Mi), BigInt(20480 * Mi)],
    });
    // In the canonical signal order.
    expect(p?.signals.map((r) => r.signal)).toEqual(Object.keys(readings));

    // The next cycle replaces it; a cycle given bad input does not.
    await manager.synchronize({ now: 2_000, summary: makeMemoryStats('5Gi', []), pods: [] });
    expect(manager.pressure()?.now).toBe(2_000);
    expect(manager.pressure()?.signals.map((r) => r.signal)).toEqual([
      'memory.available',
      'allocatableMemory.available',
    ]);
    await manager.synchronize({ now: 3_000 } as never);
    expect(manager.pressure()?.now).toBe(2_000);
  });

  it('a cycle that stops before observing reads no signals', async () => {
    const manager = createEvictionManager({
      thresholds: [],
      localStorageCapacityIsolation: false,
      killPod: async () => {},
    });
    await manager.synchronize({ now: 5, summary: makeMemoryStats('1Gi', []), pods: [] });
    expect(manager.pressure()).toEqual({
      now: 5,
      conditions: [],
      memoryPressure: false,
      diskPressure: false,
      pidPressure: false,
      signals: [],
    });
  });

  it('an invalid manager has no pressure', () => {
    const manager = createEvictionManager({ thresholds: 'x', killPod: async () => {} } as never);
    expect(manager.pressure()).toBeUndefined();
  });
});
