import type { Quantity } from './quantity';

/** An eviction signal, exactly as the kubelet spells it (case-sensitive). */
export type Signal =
  | 'memory.available'
  | 'allocatableMemory.available'
  | 'nodefs.available'
  | 'nodefs.inodesFree'
  | 'imagefs.available'
  | 'imagefs.inodesFree'
  | 'containerfs.available'
  | 'containerfs.inodesFree'
  | 'pid.available';

/** The only operator the kubelet has; implied, never configured. */
export type ThresholdOperator = 'LessThan';

/** A threshold's value: an absolute quantity, or a fraction of capacity (`10%` is `0.1`). */
export type ThresholdValue = { quantity: Quantity } | { percentage: number };

export interface Threshold {
  signal: Signal;
  operator: ThresholdOperator;
  value: ThresholdValue;
  /** 0 for a hard threshold. */
  gracePeriodMs: number;
  minReclaim?: ThresholdValue;
}

/** What the node reported for one signal. `time` is epoch milliseconds. */
export interface Observation {
  available: Quantity;
  capacity?: Quantity;
  time?: number;
}

export type Observations = ReadonlyMap<Signal, Observation>;

export type NodeConditionType = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';
