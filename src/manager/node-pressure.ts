import { SIGNAL_NODE_CONDITION, SIGNAL_RESOURCE, SIGNALS } from '../signals/catalogue';
import type { Quantity } from '../signals/quantity';
import type { NodeConditionType, Observations, Signal } from '../signals/types';
import { NODE_CONDITION_ORDER } from '../thresholds/node-conditions';
import type { SyncResult } from './types';

// The node's pressure as the latest cycle saw it: the conditions the kubelet reports and what
// each signal observed against its capacity. Agents export these as metrics; the cycle already
// has them, so nobody needs to observe the Summary a second time.

/** What a signal's amounts count. */
export type SignalUnit = 'bytes' | 'inodes' | 'processes';

/** One signal's observation in a cycle. */
export interface SignalReading {
  signal: Signal;
  unit: SignalUnit;
  available: Quantity;
  /** Absent when the Summary did not report it (upstream then resolves percentages to 0). */
  capacity?: Quantity;
  /** The statistics' own time, epoch ms. */
  time?: number;
  /** The node condition this signal's thresholds report. */
  condition: NodeConditionType;
}

/** The node's pressure after one cycle. */
export interface NodePressure {
  /** The cycle's time, epoch ms. */
  now: number;
  /** The reported (smoothed) conditions, in the kubelet's order. */
  conditions: NodeConditionType[];
  memoryPressure: boolean;
  diskPressure: boolean;
  pidPressure: boolean;
  /** Every signal the Summary let the cycle observe, in the canonical signal order. */
  signals: SignalReading[];
}

/** The unit of a signal's amounts. */
export function signalUnit(signal: Signal): SignalUnit {
  const resource = SIGNAL_RESOURCE[signal];
  return resource === 'inodes' ? 'inodes' : resource === 'pids' ? 'processes' : 'bytes';
}

/** A cycle's observations as readings, in the canonical signal order. */
export function signalReadings(observations: Observations): SignalReading[] {
  const readings: SignalReading[] = [];
  for (const signal of SIGNALS) {
    const o = observations.get(signal);
    if (o === undefined) continue;
    const reading: SignalReading = {
      signal,
      unit: signalUnit(signal),
      available: o.available,
      condition: SIGNAL_NODE_CONDITION[signal],
    };
    if (o.capacity !== undefined) reading.capacity = o.capacity;
    if (o.time !== undefined) reading.time = o.time;
    readings.push(reading);
  }
  return readings;
}

/**
 * The node's pressure from a cycle's result: its reported conditions and the signals it
 * observed (`explanation.observations`; none for a cycle that stopped before observing, such as
 * `nothing-configured` or `invalid-options`). `manager.pressure()` gives it for the latest cycle.
 */
export function nodePressure(result: SyncResult<unknown>): NodePressure {
  const reported = new Set(result.nodeConditions);
  const conditions = NODE_CONDITION_ORDER.filter((c) => reported.has(c));
  return {
    now: result.now,
    conditions,
    memoryPressure: reported.has('MemoryPressure'),
    diskPressure: reported.has('DiskPressure'),
    pidPressure: reported.has('PIDPressure'),
    signals: [...(result.explanation.observations ?? [])],
  };
}
