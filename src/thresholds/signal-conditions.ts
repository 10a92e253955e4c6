import { type ReclaimResource, SIGNAL_NODE_CONDITION, SIGNAL_RESOURCE } from '../signals/catalogue';
import type { NodeConditionType, Signal } from '../signals/types';

export type { ReclaimResource };

// Upstream looks signals up in Go maps and ignores signals it does not know; these lookups do
// the same for a signal string that is not (or no longer) a `Signal`, e.g. from old state.

/** The node condition a signal's threshold reports (`signalToNodeCondition`), if known. */
export function nodeConditionForSignal(signal: string): NodeConditionType | undefined {
  return Object.hasOwn(SIGNAL_NODE_CONDITION, signal)
    ? SIGNAL_NODE_CONDITION[signal as Signal]
    : undefined;
}

/** The resource reclaimed for a signal (`signalToResource`), if known. */
export function resourceForSignal(signal: string): ReclaimResource | undefined {
  return Object.hasOwn(SIGNAL_RESOURCE, signal) ? SIGNAL_RESOURCE[signal as Signal] : undefined;
}
