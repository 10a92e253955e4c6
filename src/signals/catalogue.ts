import type { NodeConditionType, Signal } from './types';

/**
 * Every eviction signal the kubelet accepts (Kubernetes v1.37), in a fixed canonical order:
 * memory first, then the filesystems, then PIDs. Parsers and formatters use this order
 * wherever upstream iterates a Go map (whose order is random).
 */
export const SIGNALS = [
  'memory.available',
  'allocatableMemory.available',
  'nodefs.available',
  'nodefs.inodesFree',
  'imagefs.available',
  'imagefs.inodesFree',
  'containerfs.available',
  'containerfs.inodesFree',
  'pid.available',
] as const satisfies readonly Signal[];

/**
 * The resource reclaimed when a signal's threshold is met (upstream `signalToResource`).
 * `inodes` and `pids` are eviction-internal names, not Kubernetes API resources.
 */
export type ReclaimResource = 'memory' | 'ephemeral-storage' | 'inodes' | 'pids';

export const SIGNAL_RESOURCE: Readonly<Record<Signal, ReclaimResource>> = {
  'memory.available': 'memory',
  'allocatableMemory.available': 'memory',
  'nodefs.available': 'ephemeral-storage',
  'nodefs.inodesFree': 'inodes',
  'imagefs.available': 'ephemeral-storage',
  'imagefs.inodesFree': 'inodes',
  'containerfs.available': 'ephemeral-storage',
  'containerfs.inodesFree': 'inodes',
  'pid.available': 'pids',
};

/** The node condition reported while a signal's threshold is met (upstream `signalToNodeCondition`). */
export const SIGNAL_NODE_CONDITION: Readonly<Record<Signal, NodeConditionType>> = {
  'memory.available': 'MemoryPressure',
  'allocatableMemory.available': 'MemoryPressure',
  'nodefs.available': 'DiskPressure',
  'nodefs.inodesFree': 'DiskPressure',
  'imagefs.available': 'DiskPressure',
  'imagefs.inodesFree': 'DiskPressure',
  'containerfs.available': 'DiskPressure',
  'containerfs.inodesFree': 'DiskPressure',
  'pid.available': 'PIDPressure',
};

/** Taint key the node lifecycle controller sets (effect `NoSchedule`) for each pressure condition. */
export const NODE_CONDITION_TAINT_KEY: Readonly<Record<NodeConditionType, string>> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
};

/**
 * Signals measured against node allocatable (the pods cgroup) rather than node capacity.
 * The kubelet derives their thresholds from hard `memory.available` thresholds when
 * `enforceNodeAllocatable` contains `pods`.
 */
export const ALLOCATABLE_SIGNALS = [
  'allocatableMemory.available',
] as const satisfies readonly Signal[];

const SIGNAL_SET: ReadonlySet<string> = new Set(SIGNALS);

/** Whether `s` is a signal name, exactly as the kubelet spells it (case-sensitive). */
export function isSignal(s: unknown): s is Signal {
  return typeof s === 'string' && SIGNAL_SET.has(s);
}

/** Whether a signal is measured against node allocatable. */
export function isAllocatableSignal(signal: Signal): boolean {
  return (ALLOCATABLE_SIGNALS as readonly Signal[]).includes(signal);
}

/** The reclaim resource for a signal. */
export function signalResource(signal: Signal): ReclaimResource {
  return SIGNAL_RESOURCE[signal];
}

/** The node condition for a signal. */
export function signalNodeCondition(signal: Signal): NodeConditionType {
  return SIGNAL_NODE_CONDITION[signal];
}

/** The `NoSchedule` taint key that follows from a signal's node condition. */
export function signalTaintKey(signal: Signal): string {
  return NODE_CONDITION_TAINT_KEY[SIGNAL_NODE_CONDITION[signal]];
}

/** Position of a signal in {@link SIGNALS}; used as the canonical sort key. */
export function signalOrder(signal: Signal): number {
  return (SIGNALS as readonly Signal[]).indexOf(signal);
}
