import type { Observations } from '../signals/types';

/**
 * The node's memory in bytes as the observations see it: the `memory.available` capacity
 * (available + working set). `undefined` when it is missing, not positive or not a finite number.
 * It is what the manager uses for `oomScoreAdj` when `memoryCapacityBytes` is not given.
 */
export function observedMemoryCapacity(observations: Observations): number | undefined {
  const capacity = observations.get('memory.available')?.capacity;
  if (capacity === undefined) return undefined;
  const bytes = Number(capacity.value());
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}
