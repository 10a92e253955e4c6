import { err, ok, type Result } from 'neverthrow';
import { goQuote } from '../signals/go-quote';
import { field, isObjectLike } from './api-object';
import { aggregateMessage, invalidStringSlice, invalidValue } from './field-error';
import { isLabelKey, isLabelValue } from './label-validation';

// metav1.LabelSelectorAsSelector and the labels.Selector it builds (k8s.io/apimachinery), as in
// Kubernetes v1.37: a nil selector selects nothing, one with no requirements selects everything,
// and every requirement is validated as labels.NewRequirement does, with its messages. Callers
// with their own rule for the empty selector (the scheduler's preemption: it selects nothing)
// apply it to `empty()` themselves, as upstream's callers do.

/** `metav1.LabelSelectorRequirement` as JSON. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

/** `metav1.LabelSelector` as JSON (what a PDB's `spec.selector` holds). */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/**
 * One requirement of a converted selector (`labels.Requirement`), with upstream's
 * `selection.Operator`: `=` for a `matchLabels` entry, `in`, `notin`, `exists` and `!`
 * (DoesNotExist) for the expressions.
 */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'in' | 'notin' | '=' | 'exists' | '!';
  readonly values: readonly string[];
}

/** `labels.Selector`: what `labelSelectorAsSelector` returns. */
export interface LabelSelectorMatcher {
  /**
   * `nothing` for a nil selector (`labels.Nothing()`), `everything` for one without
   * requirements (`labels.Everything()`), else `requirements`.
   */
  readonly kind: 'nothing' | 'everything' | 'requirements';
  /** Sorted by key, as `Selector.Add` keeps them. */
  readonly requirements: readonly LabelRequirement[];
  /** `Selector.Matches`: every requirement holds for these labels (never for `nothing`). */
  matches(labels: LabelsInput): boolean;
  /**
   * `Selector.Empty`: true only for the select-everything selector. A nil selector is
   * `labels.Nothing()`, which is not empty (it selects nothing).
   */
  empty(): boolean;
}

/** Labels as a pod carries them (`metadata.labels`), or a Map. Non-string values are ignored. */
export type LabelsInput =
  | Readonly<Record<string, unknown>>
  | ReadonlyMap<string, string>
  | null
  | undefined;

/** Why a selector does not convert. */
export interface LabelSelectorError {
  readonly code: 'invalid-label-selector';
  /** JSON path of the offending field inside the selector (`matchExpressions[0].operator`). */
  readonly path: string;
  /** The offending value. */
  readonly value: unknown;
  /** Upstream's error text where it has one. */
  readonly message: string;
}

const OPERATORS: Readonly<Record<string, LabelRequirement['operator']>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

function selectorError(path: string, value: unknown, message: string): LabelSelectorError {
  return { code: 'invalid-label-selector', path, value, message };
}

/** `labels.NewRequirement`: every problem with the key, the values and the operator. */
function newRequirement(
  path: string,
  key: string,
  operator: LabelRequirement['operator'],
  values: readonly string[],
): Result<LabelRequirement, LabelSelectorError> {
  const problems: string[] = [];
  const keyErrors = isLabelKey(key);
  if (keyErrors.length > 0) problems.push(invalidValue('key', key, keyErrors.join('; ')));
  if ((operator === 'in' || operator === 'notin') && values.length === 0) {
    problems.push(
      invalidStringSlice(
        'values',
        values,
        "for 'in', 'notin' operators, values set can't be empty",
      ),
    );
  } else if (operator === '=' && values.length !== 1) {
    problems.push(
      invalidStringSlice('values', values, 'exact-match compatibility requires one single value'),
    );
  } else if ((operator === 'exists' || operator === '!') && values.length !== 0) {
    problems.push(
      invalidStringSlice(
        'values',
        values,
        'values set must be empty for exists and does not exist',
      ),
    );
  }
  values.forEach((value, i) => {
    const valueErrors = isLabelValue(value);
    if (valueErrors.length > 0) {
      problems.push(invalidValue(`values[${i}][${key}]`, value, valueErrors.join('; ')));
    }
  });
  if (problems.length > 0) return err(selectorError(path, key, aggregateMessage(problems)));
  return ok({ key, operator, values: [...values] });
}

/** A JSON string in a Go `string` slot: `null` and absent are `""` (Go's zero value). */
function goString(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

function parseExpression(
  expr: unknown,
  path: string,
): Result<LabelRequirement, LabelSelectorError> {
  if (!isObjectLike(expr)) return err(selectorError(path, expr, `${path}: not an object`));
  const rawKey = field(expr, 'key');
  const key = goString(rawKey);
  if (key === undefined) {
    return err(selectorError(`${path}.key`, rawKey, `${path}.key: not a string`));
  }
  const operatorValue = field(expr, 'operator');
  const operatorText = goString(operatorValue) ?? String(operatorValue);
  const operator = Object.hasOwn(OPERATORS, operatorText) ? OPERATORS[operatorText] : undefined;
  if (operator === undefined) {
    return err(
      selectorError(
        `${path}.operator`,
        operatorValue,
        `${goQuote(operatorText)} is not a valid pod selector operator`,
      ),
    );
  }
  const rawValues = field(expr, 'values');
  const values: string[] = [];
  if (rawValues !== undefined && rawValues !== null) {
    const notStrings = () =>
      err(selectorError(`${path}.values`, rawValues, `${path}.values: not a list of strings`));
    if (!Array.isArray(rawValues)) return notStrings();
    for (const item of Array.from(rawValues)) {
      const value = goString(item);
      if (value === undefined) return notStrings();
      values.push(value);
    }
  }
  return newRequirement(path, key, operator, values);
}

const byKey = (a: LabelRequirement, b: LabelRequirement) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

function readLabel(labels: LabelsInput, key: string): string | undefined {
  if (labels === null || labels === undefined) return undefined;
  if (labels instanceof Map) return labels.get(key);
  const record = labels as Readonly<Record<string, unknown>>;
  if (!Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** `Requirement.Matches`. `notin` also holds when the label is absent. */
export function requirementMatches(r: LabelRequirement, labels: LabelsInput): boolean {
  const value = readLabel(labels, r.key);
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

/** `labels.Selector.Matches`. Never throws: labels that cannot be read match nothing. */
export function selectorMatches(
  selector: Pick<LabelSelectorMatcher, 'kind' | 'requirements'>,
  labels: LabelsInput,
): boolean {
  if (selector.kind === 'nothing') return false;
  try {
    return selector.requirements.every((r) => requirementMatches(r, labels));
  } catch {
    return false;
  }
}

function matcher(
  kind: LabelSelectorMatcher['kind'],
  requirements: readonly LabelRequirement[],
): LabelSelectorMatcher {
  const selector: LabelSelectorMatcher = {
    kind,
    requirements,
    matches: (labels) => selectorMatches(selector, labels),
    empty: () => kind === 'everything',
  };
  return selector;
}

/**
 * `metav1.LabelSelectorAsSelector`: a nil or absent selector selects nothing; one with no
 * `matchLabels` and no `matchExpressions` selects everything; otherwise every `matchLabels`
 * entry (an `=` requirement) and every expression must hold. Keys must be qualified names and
 * values valid label values; `In`/`NotIn` need values, `Exists`/`DoesNotExist` must have none;
 * any other operator is an error (`"Foo" is not a valid pod selector operator`). A field of the
 * wrong JSON type is an error naming its path; `null` reads as Go's zero value. `matchLabels` are
 * converted in key order (upstream walks a Go map, in random order, so which of several bad
 * labels it names first varies). Never throws.
 */
export function labelSelectorAsSelector(
  selector: unknown,
): Result<LabelSelectorMatcher, LabelSelectorError> {
  try {
    if (selector === null || selector === undefined) return ok(matcher('nothing', []));
    if (!isObjectLike(selector)) {
      return err(selectorError('', selector, 'label selector: not an object'));
    }
    const matchLabels = field(selector, 'matchLabels');
    const matchExpressions = field(selector, 'matchExpressions');
    if (matchLabels !== undefined && matchLabels !== null && !isObjectLike(matchLabels)) {
      return err(selectorError('matchLabels', matchLabels, 'matchLabels: not an object'));
    }
    if (
      matchExpressions !== undefined &&
      matchExpressions !== null &&
      !Array.isArray(matchExpressions)
    ) {
      return err(
        selectorError('matchExpressions', matchExpressions, 'matchExpressions: not a list'),
      );
    }
    const labelKeys =
      matchLabels === undefined || matchLabels === null ? [] : Object.keys(matchLabels);
    const expressions: unknown[] = Array.from(
      (matchExpressions as unknown[] | null | undefined) ?? [],
    );
    if (labelKeys.length + expressions.length === 0) return ok(matcher('everything', []));

    const requirements: LabelRequirement[] = [];
    for (const key of labelKeys.sort()) {
      const raw = field(matchLabels, key);
      const value = goString(raw);
      if (value === undefined) {
        return err(selectorError(`matchLabels.${key}`, raw, `matchLabels.${key}: not a string`));
      }
      const r = newRequirement(`matchLabels.${key}`, key, '=', [value]);
      if (r.isErr()) return err(r.error);
      requirements.push(r.value);
    }
    for (const [i, expression] of expressions.entries()) {
      const r = parseExpression(expression, `matchExpressions[${i}]`);
      if (r.isErr()) return err(r.error);
      requirements.push(r.value);
    }
    // labels.Selector.Add keeps requirements sorted by key.
    requirements.sort(byKey);
    return ok(matcher('requirements', requirements));
  } catch (e) {
    const message = `label selector could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return err(selectorError('', undefined, message));
  }
}

function requirementString(r: LabelRequirement): string {
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  switch (r.operator) {
    case '=':
      return `${r.key}=${values}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${values})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
  }
}

/** `labels.Selector.String()`: `a=b,c in (d,e),!f`; the nil and the empty selector print as `""`. */
export function selectorString(
  selector: Pick<LabelSelectorMatcher, 'kind' | 'requirements'>,
): string {
  if (selector.kind === 'nothing') return '';
  return selector.requirements.map(requirementString).join(',');
}
