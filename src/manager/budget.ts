import type { EvictionBudget, ManagerState } from './types';

// Beyond the kubelet: at most `maxEvictions` pod kills in any window of `windowMs`. The kill
// times live in the state (plain JSON), so a restored manager keeps counting.

/** Kills counted at `now`: those less than `windowMs` ago. */
function inWindow(times: readonly number[], now: number, windowMs: number): number[] {
  return times.filter((t) => now - t < windowMs);
}

/** Whether one more kill fits the budget at `now`, and how many the window already holds. */
export function budgetCheck(
  state: ManagerState,
  now: number,
  budget: EvictionBudget | undefined,
): { allowed: boolean; used: number } {
  if (budget === undefined) return { allowed: true, used: 0 };
  const used = inWindow(state.evictionTimes, now, budget.windowMs).length;
  return { allowed: used < budget.maxEvictions, used };
}

/** Record a kill at `now`, dropping times that left the window. */
export function recordEviction(
  state: ManagerState,
  now: number,
  budget: EvictionBudget,
): ManagerState {
  return { ...state, evictionTimes: [...inWindow(state.evictionTimes, now, budget.windowMs), now] };
}
