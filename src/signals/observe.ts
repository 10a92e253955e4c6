import { podStatsLookup, type StatsFunc, statCount } from './pod-stats';
import { Quantity } from './quantity';
import type { ContainerStats, FsStats, Summary } from './summary';
import type { Observation, Observations, Signal } from './types';

/** The system container whose cgroup holds every pod; its memory limit is node allocatable. */
export const SYSTEM_CONTAINER_PODS = 'pods';
/** The Windows system container that reports global commit memory (kubelet 1.31+). */
export const SYSTEM_CONTAINER_WINDOWS_GLOBAL_COMMIT_MEMORY = 'windows-global-commit-memory';

/** Which operating system's rules derive `memory.available`. */
export type ObserveOs = 'linux' | 'windows';

export interface ObserveOptions {
  /**
   * `'linux'` (default; every non-Windows kubelet): `memory.available` comes from `node.memory`.
   * `'windows'`: from the `windows-global-commit-memory` system container (available, and
   * capacity = available + usage), as a Windows kubelet does since 1.31.
   */
  os?: ObserveOs;
}

/** Mutable during construction only; published as the read-only `Observations`. */
type ObservationMap = Map<Signal, Observation>;

/** `makeSignalObservations`'s result: the observations and a per-pod stats lookup. */
export interface SignalObservations {
  observations: Observations;
  statsFunc: StatsFunc;
}

/**
 * Turn one Summary into eviction observations, exactly as the kubelet's
 * `makeSignalObservations` does. Missing statistics never fail: the signal simply has no
 * observation (and every threshold on it is skipped downstream). Byte signals are BinarySI,
 * inode and PID signals DecimalSI. `pid.available` is `maxpid − curproc` and can be negative.
 */
export function observe(summary: Summary, options?: ObserveOptions): Observations {
  const result: ObservationMap = new Map();
  const memory = memoryAvailable(summary, options?.os ?? 'linux');
  if (memory) result.set('memory.available', memory);

  const pods = findSystemContainer(summary.node.systemContainers, SYSTEM_CONTAINER_PODS);
  const allocatable = pods && memoryObservation(pods, 'workingSetBytes');
  if (allocatable) result.set('allocatableMemory.available', allocatable);

  addFsObservations(result, summary.node.fs, 'nodefs.available', 'nodefs.inodesFree');
  const runtime = summary.node.runtime;
  if (runtime) {
    addFsObservations(result, runtime.imageFs, 'imagefs.available', 'imagefs.inodesFree');
    addFsObservations(
      result,
      runtime.containerFs,
      'containerfs.available',
      'containerfs.inodesFree',
    );
  }

  const rlimit = summary.node.rlimit;
  const maxpid = statCount(rlimit?.maxpid);
  const curproc = statCount(rlimit?.curproc);
  if (maxpid !== undefined && curproc !== undefined) {
    result.set(
      'pid.available',
      withTime(
        {
          available: Quantity.fromBigInt(maxpid - curproc, 'DecimalSI'),
          capacity: Quantity.fromBigInt(maxpid, 'DecimalSI'),
        },
        rlimit?.time,
      ),
    );
  }
  return result;
}

/**
 * `makeSignalObservations(summary)`: the observations plus the `statsFunc` built from
 * `summary.pods` (keyed by `podRef.uid`, last duplicate wins).
 */
export function makeSignalObservations(
  summary: Summary,
  options?: ObserveOptions,
): SignalObservations {
  return { observations: observe(summary, options), statsFunc: podStatsLookup(summary) };
}

function memoryAvailable(summary: Summary, os: ObserveOs): Observation | undefined {
  if (os === 'windows') {
    const commit = findSystemContainer(
      summary.node.systemContainers,
      SYSTEM_CONTAINER_WINDOWS_GLOBAL_COMMIT_MEMORY,
    );
    return commit && memoryObservation(commit, 'usageBytes');
  }
  return memoryObservation(summary.node, 'workingSetBytes');
}

/**
 * available = `availableBytes`; capacity = `availableBytes + <used>` (working set on Linux,
 * commit usage on Windows). Both fields are required.
 */
function memoryObservation(
  holder: Pick<ContainerStats, 'memory'>,
  used: 'workingSetBytes' | 'usageBytes',
): Observation | undefined {
  const memory = holder.memory;
  const available = statCount(memory?.availableBytes);
  const usedBytes = statCount(memory?.[used]);
  if (available === undefined || usedBytes === undefined) return undefined;
  return withTime(
    {
      available: Quantity.fromBigInt(available, 'BinarySI'),
      capacity: Quantity.fromBigInt(available + usedBytes, 'BinarySI'),
    },
    memory?.time,
  );
}

function addFsObservations(
  result: ObservationMap,
  fs: FsStats | undefined,
  bytesSignal: Signal,
  inodesSignal: Signal,
): void {
  if (!fs) return;
  const time = fs.time;
  const pair = (
    available: number | undefined,
    capacity: number | undefined,
    signal: Signal,
    format: 'BinarySI' | 'DecimalSI',
  ) => {
    const a = statCount(available);
    const c = statCount(capacity);
    if (a === undefined || c === undefined) return;
    result.set(
      signal,
      withTime(
        { available: Quantity.fromBigInt(a, format), capacity: Quantity.fromBigInt(c, format) },
        time,
      ),
    );
  };
  pair(fs.availableBytes, fs.capacityBytes, bytesSignal, 'BinarySI');
  pair(fs.inodesFree, fs.inodes, inodesSignal, 'DecimalSI');
}

// Upstream's `getSysContainer`: the first system container with that name.
function findSystemContainer(
  containers: readonly ContainerStats[] | undefined,
  name: string,
): ContainerStats | undefined {
  return containers?.find((c) => c.name === name);
}

// A missing time is Go's zero time; keep the key absent rather than `undefined`.
function withTime(observation: Observation, time: number | undefined): Observation {
  return time === undefined ? observation : { ...observation, time };
}
