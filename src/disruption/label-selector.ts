import { err, ok, type Result } from 'neverthrow';
import { goQuote } from '../signals/go-quote';
import {
  aggregateMessage,
  invalidField,
  invalidListField,
  isLabelKey,
  isLabelValue,
} from './label-validation';
import { list, stringMap, text } from './read';

/** One requirement of a converted selector (`labels.Requirement`). */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'in' | 'notin' | '=' | 'exists' | '!';
  readonly values: readonly string[];
}

/**
 * A converted label selector (`labels.Selector`): `nothing` matches no labels (a nil
 * `LabelSelector`), an empty requirement list matches every label set (`{}`).
 */
export type LabelSelector =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'requirements'; readonly requirements: readonly LabelRequirement[] };

export interface LabelSelectorError {
  readonly code: 'invalid-selector';
  /** Upstream's error text (`metav1.LabelSelectorAsSelector`). */
  readonly message: string;
}

const OPERATORS: Readonly<Record<string, LabelRequirement['operator']>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** `labels.NewRequirement`: every problem with the key, the values and the operator. */
function newRequirement(
  key: string,
  operator: LabelRequirement['operator'],
  values: readonly string[],
): Result<LabelRequirement, string> {
  const errors: string[] = [];
  const keyErrors = isLabelKey(key);
  if (keyErrors.length > 0) errors.push(invalidField('key', key, keyErrors.join('; ')));
  if ((operator === 'in' || operator === 'notin') && values.length === 0) {
    errors.push(
      invalidListField('values', values, "for 'in', 'notin' operators, values set can't be empty"),
    );
  } else if (operator === '=' && values.length !== 1) {
    errors.push(
      invalidListField('values', values, 'exact-match compatibility requires one single value'),
    );
  } else if ((operator === 'exists' || operator === '!') && values.length !== 0) {
    errors.push(
      invalidListField('values', values, 'values set must be empty for exists and does not exist'),
    );
  }
  values.forEach((value, i) => {
    const valueErrors = isLabelValue(value);
    if (valueErrors.length > 0) {
      errors.push(invalidField(`values[${i}][${key}]`, value, valueErrors.join('; ')));
    }
  });
  if (errors.length > 0) return err(aggregateMessage(errors));
  return ok({ key, operator, values: [...values] });
}

/**
 * Upstream `metav1.LabelSelectorAsSelector`: `null`/`undefined` (a nil selector) matches
 * nothing; `{}` (no matchLabels, no matchExpressions) matches everything; otherwise every
 * requirement must hold. Invalid keys, values or operators are an error with upstream's text.
 * matchLabels are converted in key order (upstream walks a Go map, in random order, so which
 * of several bad labels it names first varies).
 */
export function labelSelectorAsSelector(
  selector: unknown,
): Result<LabelSelector, LabelSelectorError> {
  if (selector === undefined || selector === null) return ok({ kind: 'nothing' });
  const fail = (message: string) =>
    err<LabelSelector, LabelSelectorError>({ code: 'invalid-selector', message });
  const matchLabels = stringMap(selector, 'matchLabels');
  const expressions = list(selector, 'matchExpressions');
  const requirements: LabelRequirement[] = [];
  for (const key of [...matchLabels.keys()].sort()) {
    const r = newRequirement(key, '=', [matchLabels.get(key) ?? '']);
    if (r.isErr()) return fail(r.error);
    requirements.push(r.value);
  }
  for (const expression of expressions) {
    const operatorText = text(expression, 'operator');
    const operator = Object.hasOwn(OPERATORS, operatorText) ? OPERATORS[operatorText] : undefined;
    if (operator === undefined) {
      return fail(`${goQuote(operatorText)} is not a valid label selector operator`);
    }
    const values = list(expression, 'values').filter((v): v is string => typeof v === 'string');
    const r = newRequirement(text(expression, 'key'), operator, values);
    if (r.isErr()) return fail(r.error);
    requirements.push(r.value);
  }
  // labels.Selector.Add sorts requirements by key.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ok({ kind: 'requirements', requirements });
}

/** `labels.Requirement.Matches`. */
function requirementMatches(r: LabelRequirement, labels: ReadonlyMap<string, string>): boolean {
  const value = labels.get(r.key);
  switch (r.operator) {
    case 'in':
    case '=':
      return value !== undefined && r.values.includes(value);
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
  }
}

/** `labels.Selector.Matches`. */
export function selectorMatches(
  selector: LabelSelector,
  labels: ReadonlyMap<string, string>,
): boolean {
  if (selector.kind === 'nothing') return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

function requirementString(r: LabelRequirement): string {
  switch (r.operator) {
    case '=':
      return `${r.key}=${r.values[0] ?? ''}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${[...r.values].sort().join(',')})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
  }
}

/** `labels.Selector.String()`: `a=b,c in (d,e),!f`; a nil selector prints as `""`. */
export function selectorString(selector: LabelSelector): string {
  if (selector.kind === 'nothing') return '';
  return selector.requirements.map(requirementString).join(',');
}
