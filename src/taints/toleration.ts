import { type FeatureGateOptions, gateEnabled } from '../pods/feature-gates';
import { parseCanonicalInt64 } from './k8s-validation';
import { readTaint, readToleration, type TaintView, type TolerationView } from './read';
import type { TaintLike, TolerationLike } from './types';

// staging/src/k8s.io/api/core/v1/toleration.go (v1.37).

/** The feature gate behind the `Lt` and `Gt` toleration operators (alpha 1.35, off in 1.37). */
export const TAINT_TOLERATION_COMPARISON_OPERATORS = 'TaintTolerationComparisonOperators';

/**
 * `Toleration.ToleratesTaint`, in this order:
 * 1. a non-empty toleration effect must equal the taint's (empty matches every effect);
 * 2. a non-empty toleration key must equal the taint's (empty matches every key);
 * 3. the operator: `""`/`Equal` compares the values as strings, `Exists` matches any value,
 *    `Lt`/`Gt` (only while `TaintTolerationComparisonOperators` is on) compare the taint's value
 *    with the toleration's as 64-bit integers — `Lt` matches when taint < toleration, `Gt` when
 *    taint > toleration, equal values never match, and a value that is not a canonical decimal
 *    integer (`0`, `-5`, `950`; not `0950`, `+5`, `-0`, ` 5`, `5.0`) on either side never
 *    matches; any other operator never matches.
 *
 * Unreadable input (not an object, fields of the wrong type) never matches. Never throws.
 */
export function toleratesTaint(
  toleration: TolerationLike,
  taint: TaintLike,
  options?: FeatureGateOptions,
): boolean {
  const tol = readToleration(toleration);
  const t = readTaint(taint);
  if (tol === undefined || t === undefined) return false;
  return tolerates(tol, t, comparisonOperatorsEnabled(options));
}

/** Whether `TaintTolerationComparisonOperators` is on for these options. */
export function comparisonOperatorsEnabled(options?: FeatureGateOptions): boolean {
  return gateEnabled(TAINT_TOLERATION_COMPARISON_OPERATORS, options);
}

/** `ToleratesTaint` on views that have already been read. */
export function tolerates(tol: TolerationView, taint: TaintView, comparison: boolean): boolean {
  if (tol.effect.length > 0 && tol.effect !== taint.effect) return false;
  if (tol.key.length > 0 && tol.key !== taint.key) return false;
  switch (tol.operator) {
    case '':
    case 'Equal':
      return tol.value === taint.value;
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt':
      return comparison && compareNumericValues(tol.value, taint.value, tol.operator);
    default:
      return false;
  }
}

function compareNumericValues(tolerationValue: string, taintValue: string, op: 'Lt' | 'Gt') {
  const tol = parseCanonicalInt64(tolerationValue);
  if (tol === undefined) return false;
  const taint = parseCanonicalInt64(taintValue);
  if (taint === undefined) return false;
  return op === 'Lt' ? taint < tol : taint > tol;
}

/**
 * `Toleration.MatchToleration`: two tolerations are the same toleration when key, operator,
 * value and effect are equal (`tolerationSeconds` is not compared).
 */
export function matchToleration(a: TolerationLike, b: TolerationLike): boolean {
  const x = readToleration(a);
  const y = readToleration(b);
  if (x === undefined || y === undefined) return false;
  return (
    x.key === y.key && x.operator === y.operator && x.value === y.value && x.effect === y.effect
  );
}
