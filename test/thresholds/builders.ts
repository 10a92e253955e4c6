import type { Quantity } from '../../src/signals/quantity';
import type {
  Observation,
  Observations,
  Signal,
  Threshold,
  ThresholdValue,
} from '../../src/signals/types';
import { q } from '../support/quantity';

/** A threshold value from a literal: `'10%'` → percentage 0.1, anything else a quantity. */
export function tv(literal: string): ThresholdValue {
  if (literal.endsWith('%')) return { percentage: Number(literal.slice(0, -1)) / 100 };
  return { quantity: q(literal) };
}

/** `th('memory.available', '1Gi', { graceMs: 60_000, minReclaim: '500Mi' })`. */
export function th(
  signal: Signal,
  value: string,
  opts: { graceMs?: number; minReclaim?: string } = {},
): Threshold {
  const t: Threshold = {
    signal,
    operator: 'LessThan',
    value: tv(value),
    gracePeriodMs: opts.graceMs ?? 0,
  };
  if (opts.minReclaim !== undefined) t.minReclaim = tv(opts.minReclaim);
  return t;
}

/** One observation: `obs('500Mi')`, `obs('100Mi', '1000Mi', 42)`. */
export function obs(available: string, capacity?: string, time?: number): Observation {
  const o: Observation = { available: q(available) };
  if (capacity !== undefined) o.capacity = q(capacity);
  if (time !== undefined) o.time = time;
  return o;
}

export function observations(entries: Partial<Record<Signal, Observation>>): Observations {
  return new Map(Object.entries(entries) as Array<[Signal, Observation]>);
}

export const str = (quantity: Quantity | undefined) => quantity?.value().toString();

export const MINUTE = 60_000;
