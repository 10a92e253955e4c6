import { readOr } from './guard';
import { podStatsLookup, type StatsFunc, statCount } from './pod-stats';
import { Quantity } from './quantity';
import type { ContainerStats, FsStats, NodeStats, Summary } from './summary';
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
 * inode and PID signals DecimalSI. `pid.available` is `maxpid − curproc` and can be negative;
 * so can `memory.available` when a cgroup's working set exceeds its limit (see
 * `availableBytes` in the Summary). Every figure goes through Go's `int64(...)` as upstream's
 * does: uint64 byte and inode counts from 2^63 up wrap to negative (2^64 − 1 is −1), and a
 * number from 2^64 up (only JSON rounding makes one) reads as 2^64 − 1.
 *
 * Total: it trusts nothing about its argument. A part of the Summary that is missing, of the
 * wrong type or cannot be read (a getter that throws) gives no observation for its signals; a
 * counter that is not a finite number counts as missing; a time that is not a finite number
 * counts as absent (Go's zero time). Validate payloads with `parseSummary` to be told instead.
 */
export function observe(summary: Summary, options?: ObserveOptions): Observations {
  const result: ObservationMap = new Map();
  const node = read(() => summary?.node);
  const add = (signal: Signal, observation: () => Observation | undefined) => {
    const value = read(observation);
    if (value !== undefined) result.set(signal, value);
  };

  add('memory.available', () => memoryAvailable(node, read(() => options?.os) ?? 'linux'));
  add('allocatableMemory.available', () => {
    const pods = findSystemContainer(node?.systemContainers, SYSTEM_CONTAINER_PODS);
    return memoryObservation(pods, 'workingSetBytes');
  });
  for (const [bytes, inodes, fs] of [
    ['nodefs.available', 'nodefs.inodesFree', () => node?.fs],
    ['imagefs.available', 'imagefs.inodesFree', () => node?.runtime?.imageFs],
    ['containerfs.available', 'containerfs.inodesFree', () => node?.runtime?.containerFs],
  ] as const) {
    add(bytes, () => fsObservation(read(fs), 'availableBytes', 'capacityBytes', 'BinarySI'));
    add(inodes, () => fsObservation(read(fs), 'inodesFree', 'inodes', 'DecimalSI'));
  }
  add('pid.available', () => {
    const rlimit = node?.rlimit;
    const maxpid = int64(statCount(rlimit?.maxpid));
    const curproc = int64(statCount(rlimit?.curproc));
    if (maxpid === undefined || curproc === undefined) return undefined;
    return withTime(
      {
        // int64 fields upstream, subtracted in int64 (Go wraps on overflow).
        available: Quantity.fromBigInt(BigInt.asIntN(64, maxpid - curproc), 'DecimalSI'),
        capacity: Quantity.fromBigInt(maxpid, 'DecimalSI'),
      },
      rlimit?.time,
    );
  });
  return result;
}

/** A read of the caller's object; what a getter or proxy throws reads as absent. */
const read = <T>(get: () => T): T | undefined => readOr(get, undefined);

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * A Summary figure as the uint64 the kubelet holds. A JSON number can reach 2^64 only by
 * rounding: `JSON.parse` turns 18446744073709551615 and the values just below it into 2^64, so
 * anything from 2^64 up reads as the uint64 maximum. Negative figures stay as they are (the
 * Linux platform writes a negative memory `availableBytes`; it stands for the wrapped uint64).
 */
const uint64 = (v: bigint | undefined): bigint | undefined =>
  v === undefined || v <= UINT64_MAX ? v : UINT64_MAX;

/** Go's `int64(x)` of a uint64 (or int64) Summary figure: from 2^63 up it wraps to negative. */
const int64 = (v: bigint | undefined): bigint | undefined => {
  const u = uint64(v);
  return u === undefined ? undefined : BigInt.asIntN(64, u);
};

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

function memoryAvailable(node: NodeStats | undefined, os: unknown): Observation | undefined {
  if (os === 'windows') {
    const commit = findSystemContainer(
      node?.systemContainers,
      SYSTEM_CONTAINER_WINDOWS_GLOBAL_COMMIT_MEMORY,
    );
    return memoryObservation(commit, 'usageBytes');
  }
  return memoryObservation(node, 'workingSetBytes');
}

/**
 * available = `availableBytes`; capacity = `availableBytes + <used>` (working set on Linux,
 * commit usage on Windows). Both fields are required. Upstream reads both through `int64(...)`
 * of uint64 values (the sum wraps in uint64 first): a working set above the limit arrives as
 * 2^64 − the excess and becomes a negative `available`, with the limit as capacity. A negative
 * `availableBytes` (as the Linux platform writes it) gives the same observation.
 */
function memoryObservation(
  holder: Pick<ContainerStats, 'memory'> | null | undefined,
  used: 'workingSetBytes' | 'usageBytes',
): Observation | undefined {
  const memory = holder?.memory;
  const available = uint64(statCount(memory?.availableBytes));
  const usedBytes = uint64(statCount(memory?.[used]));
  if (available === undefined || usedBytes === undefined) return undefined;
  return withTime(
    {
      available: Quantity.fromBigInt(BigInt.asIntN(64, available), 'BinarySI'),
      capacity: Quantity.fromBigInt(BigInt.asIntN(64, available + usedBytes), 'BinarySI'),
    },
    memory?.time,
  );
}

/**
 * One filesystem signal: available and capacity (bytes or inodes), both required. Upstream
 * reads each uint64 through `int64(...)`, so a figure from 2^63 up (a FUSE filesystem reporting
 * 2^64 − 1 for "unlimited") is negative: 2^64 − 1 observes as −1.
 */
function fsObservation(
  fs: FsStats | undefined,
  availableKey: 'availableBytes' | 'inodesFree',
  capacityKey: 'capacityBytes' | 'inodes',
  format: 'BinarySI' | 'DecimalSI',
): Observation | undefined {
  const available = int64(statCount(fs?.[availableKey]));
  const capacity = int64(statCount(fs?.[capacityKey]));
  if (available === undefined || capacity === undefined) return undefined;
  return withTime(
    {
      available: Quantity.fromBigInt(available, format),
      capacity: Quantity.fromBigInt(capacity, format),
    },
    fs?.time,
  );
}

// Upstream's `getSysContainer`: the first system container with that name.
function findSystemContainer(
  containers: readonly ContainerStats[] | undefined,
  name: string,
): ContainerStats | undefined {
  if (!Array.isArray(containers)) return undefined;
  return containers.find((c: ContainerStats | null | undefined) => c?.name === name);
}

// A missing time is Go's zero time; keep the key absent rather than `undefined`.
function withTime(observation: Observation, time: unknown): Observation {
  return typeof time === 'number' && Number.isFinite(time) ? { ...observation, time } : observation;
}
