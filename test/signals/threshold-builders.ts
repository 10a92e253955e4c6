import type { Signal, Threshold, ThresholdValue } from '../../src/signals/types';
import { q } from '../support/quantity';

/** Builders that read like upstream's test literals. */
export const qty = (s: string): ThresholdValue => ({ quantity: q(s) });
export const pct = (fraction: number): ThresholdValue => ({ percentage: Math.fround(fraction) });

export function threshold(
  signal: Signal,
  value: ThresholdValue,
  options: { gracePeriodMs?: number; minReclaim?: ThresholdValue } = {},
): Threshold {
  const t: Threshold = {
    signal,
    operator: 'LessThan',
    value,
    gracePeriodMs: options.gracePeriodMs ?? 0,
  };
  if (options.minReclaim !== undefined) t.minReclaim = options.minReclaim;
  return t;
}

/** Upstream `compareThresholdValue`: quantities by value, percentages by float equality. */
export function sameValue(a: ThresholdValue | undefined, b: ThresholdValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if ('quantity' in a && 'quantity' in b) return a.quantity.cmp(b.quantity) === 0;
  if ('percentage' in a && 'percentage' in b) return Object.is(a.percentage, b.percentage);
  return false;
}

export function sameThreshold(a: Threshold, b: Threshold): boolean {
  return (
    a.signal === b.signal &&
    a.operator === b.operator &&
    a.gracePeriodMs === b.gracePeriodMs &&
    sameValue(a.value, b.value) &&
    sameValue(a.minReclaim, b.minReclaim)
  );
}

/** Upstream `thresholdsEqual`: same length, every element of each found in the other. */
export function sameThresholdSet(a: readonly Threshold[], b: readonly Threshold[]): boolean {
  return (
    a.length === b.length &&
    a.every((x) => b.some((y) => sameThreshold(x, y))) &&
    b.every((x) => a.some((y) => sameThreshold(x, y)))
  );
}

/** Same elements in the same order. */
export function sameThresholdList(a: readonly Threshold[], b: readonly Threshold[]): boolean {
  return a.length === b.length && a.every((x, i) => sameThreshold(x, b[i] as Threshold));
}

/** A readable form for assertion messages. */
export function describeThresholds(list: readonly Threshold[]): string[] {
  const v = (value: ThresholdValue | undefined) =>
    value === undefined
      ? '-'
      : 'quantity' in value
        ? `q:${value.quantity.toString()}`
        : `p:${value.percentage}`;
  return list.map(
    (t) =>
      `${t.signal} ${t.operator} ${v(t.value)} grace=${t.gracePeriodMs} min=${v(t.minReclaim)}`,
  );
}
