import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ALLOCATABLE_SIGNALS,
  isAllocatableSignal,
  isSignal,
  NODE_CONDITION_TAINT_KEY,
  SIGNAL_NODE_CONDITION,
  SIGNAL_RESOURCE,
  SIGNALS,
  signalNodeCondition,
  signalOrder,
  signalResource,
  signalTaintKey,
} from '../../src/signals/catalogue';
import type { Signal } from '../../src/signals/types';

// helpers.go init(): signalToNodeCondition and signalToResource; TestNodeConditions for the mapping.
const table: [Signal, string, string, string][] = [
  ['memory.available', 'memory', 'MemoryPressure', 'node.kubernetes.io/memory-pressure'],
  ['allocatableMemory.available', 'memory', 'MemoryPressure', 'node.kubernetes.io/memory-pressure'],
  ['nodefs.available', 'ephemeral-storage', 'DiskPressure', 'node.kubernetes.io/disk-pressure'],
  ['nodefs.inodesFree', 'inodes', 'DiskPressure', 'node.kubernetes.io/disk-pressure'],
  ['imagefs.available', 'ephemeral-storage', 'DiskPressure', 'node.kubernetes.io/disk-pressure'],
  ['imagefs.inodesFree', 'inodes', 'DiskPressure', 'node.kubernetes.io/disk-pressure'],
  [
    'containerfs.available',
    'ephemeral-storage',
    'DiskPressure',
    'node.kubernetes.io/disk-pressure',
  ],
  ['containerfs.inodesFree', 'inodes', 'DiskPressure', 'node.kubernetes.io/disk-pressure'],
  ['pid.available', 'pids', 'PIDPressure', 'node.kubernetes.io/pid-pressure'],
];

describe('signal catalogue', () => {
  it('lists the nine signals of v1.37, memory first', () => {
    expect(SIGNALS).toEqual(table.map(([signal]) => signal));
    expect(new Set(SIGNALS).size).toBe(9);
  });

  for (const [signal, resource, condition, taint] of table) {
    it(`${signal} → ${resource}, ${condition}, ${taint}`, () => {
      expect(SIGNAL_RESOURCE[signal]).toBe(resource);
      expect(signalResource(signal)).toBe(resource);
      expect(SIGNAL_NODE_CONDITION[signal]).toBe(condition);
      expect(signalNodeCondition(signal)).toBe(condition);
      expect(signalTaintKey(signal)).toBe(taint);
      expect(isSignal(signal)).toBe(true);
      expect(signalOrder(signal)).toBe(SIGNALS.indexOf(signal as (typeof SIGNALS)[number]));
    });
  }

  it('names taint keys per condition', () =>
    expect(NODE_CONDITION_TAINT_KEY).toEqual({
      MemoryPressure: 'node.kubernetes.io/memory-pressure',
      DiskPressure: 'node.kubernetes.io/disk-pressure',
      PIDPressure: 'node.kubernetes.io/pid-pressure',
    }));

  it('isSignal is exact and case-sensitive; not-upstream signals are rejected', () => {
    for (const s of [
      'Memory.available',
      'allocatablememory.available',
      'nodefs.inodesfree',
      'swap.available',
      'allocatableNodeFs.available',
      ' memory.available',
      '',
      undefined,
      42,
      {},
    ]) {
      expect(isSignal(s)).toBe(false);
    }
  });

  it('only allocatableMemory.available is allocatable-based', () => {
    expect(ALLOCATABLE_SIGNALS).toEqual(['allocatableMemory.available']);
    expect(SIGNALS.filter(isAllocatableSignal)).toEqual(['allocatableMemory.available']);
  });

  it('narrows types', () => {
    const s: unknown = 'pid.available';
    if (isSignal(s)) expectTypeOf(s).toEqualTypeOf<Signal>();
    expectTypeOf(SIGNALS[0]).toEqualTypeOf<'memory.available'>();
  });
});
