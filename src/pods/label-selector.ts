import { err, ok, type Result } from 'neverthrow';

// metav1.LabelSelectorAsSelector and the labels.Selector it builds (k8s.io/apimachinery), as
// in Kubernetes v1.37: a nil selector selects nothing, an empty one selects everything, and
// every requirement is validated as labels.NewRequirement does.

/** `metav1.LabelSelectorRequirement`. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

/** `metav1.LabelSelector` as JSON. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/** A parsed requirement: `In` (also what `matchLabels` entries become), `NotIn`, `Exists`, `DoesNotExist`. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** `labels.Selector`: what `labelSelectorAsSelector` returns. */
export interface LabelSelectorMatcher {
  /**
   * `nothing` for a nil selector (`labels.Nothing()`), `everything` for a selector with no
   * requirements (`labels.Everything()`), else `requirements`.
   */
  readonly kind: 'nothing' | 'everything' | 'requirements';
  readonly requirements: readonly LabelRequirement[];
  /** `Selector.Matches`: every requirement holds for these labels. */
  matches(labels: LabelsInput): boolean;
  /**
   * `Selector.Empty`: true only for the match-everything selector. A nil selector is
   * `labels.Nothing()`, which is not empty (it matches nothing).
   */
  empty(): boolean;
}

/** Labels as a pod carries them (`metadata.labels`), or a Map. Non-string values are ignored. */
export type LabelsInput =
  | Readonly<Record<string, unknown>>
  | ReadonlyMap<string, string>
  | null
  | undefined;

export interface LabelSelectorError {
  readonly code: 'invalid-label-selector';
  /** JSON path of the offending field inside the selector (`matchExpressions[0].operator`). */
  readonly path: string;
  /** The offending value. */
  readonly value: unknown;
  /** Upstream's error text where it has one. */
  readonly message: string;
}

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MAX = 63;
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MAX = 63;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** `validation.RegexError`. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  const eg = examples.map((e) => `'${e}', `).join('or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;

/** `validation.IsQualifiedName`: the problems with a label key, empty when it is valid. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > DNS1123_SUBDOMAIN_MAX)
        errs.push(`prefix part ${maxLenError(DNS1123_SUBDOMAIN_MAX)}`);
      if (!DNS1123_SUBDOMAIN.test(prefix))
        errs.push(
          `prefix part ${regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com')}`,
        );
    }
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > QUALIFIED_NAME_MAX)
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME.test(name))
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  return errs;
}

/** `validation.IsValidLabelValue`: the problems with a label value, empty when it is valid. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE.test(value))
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

const goQuote = (s: string) => JSON.stringify(s);
const goStrings = (vals: readonly string[]) => `[]string{${vals.map(goQuote).join(', ')}}`;

function selectorError(path: string, value: unknown, message: string): LabelSelectorError {
  return { code: 'invalid-label-selector', path, value, message };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `labels.NewRequirement`'s checks, with field.ErrorList's aggregate text. */
function newRequirement(
  path: string,
  key: string,
  operator: LabelRequirement['operator'],
  values: readonly string[],
): Result<LabelRequirement, LabelSelectorError> {
  const problems: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length > 0)
    problems.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
    problems.push(
      `values: Invalid value: ${goStrings(values)}: for 'in', 'notin' operators, values set can't be empty`,
    );
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0)
    problems.push(
      `values: Invalid value: ${goStrings(values)}: values set must be empty for exists and does not exist`,
    );
  values.forEach((v, i) => {
    const errs = labelValueErrors(v);
    if (errs.length > 0)
      problems.push(`values[${i}]: Invalid value: ${goQuote(v)}: ${errs.join('; ')}`);
  });
  if (problems.length === 0) return ok({ key, operator, values: [...values] });
  const message = problems.length === 1 ? (problems[0] ?? '') : `[${problems.join(', ')}]`;
  return err(selectorError(path, key, message));
}

function labelOf(labels: LabelsInput, key: string): string | undefined {
  if (labels === null || labels === undefined) return undefined;
  if (labels instanceof Map) return labels.get(key);
  const record = labels as Readonly<Record<string, unknown>>;
  if (!Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** `Requirement.Matches`. `NotIn` also holds when the label is absent. */
export function requirementMatches(r: LabelRequirement, labels: LabelsInput): boolean {
  const value = labelOf(labels, r.key);
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

function matcher(
  kind: LabelSelectorMatcher['kind'],
  requirements: readonly LabelRequirement[],
): LabelSelectorMatcher {
  return {
    kind,
    requirements,
    matches: (labels) => {
      if (kind === 'nothing') return false;
      try {
        return requirements.every((r) => requirementMatches(r, labels));
      } catch {
        return false;
      }
    },
    empty: () => kind === 'everything',
  };
}

const OPERATORS: Readonly<Record<string, LabelRequirement['operator']>> = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
};

function parseExpression(
  expr: unknown,
  path: string,
): Result<LabelRequirement, LabelSelectorError> {
  if (!isRecord(expr)) return err(selectorError(path, expr, `${path}: not an object`));
  const { key, operator, values } = expr;
  if (typeof key !== 'string')
    return err(selectorError(`${path}.key`, key, `${path}.key: not a string`));
  const op =
    typeof operator === 'string' && Object.hasOwn(OPERATORS, operator)
      ? OPERATORS[operator]
      : undefined;
  if (op === undefined)
    return err(
      selectorError(
        `${path}.operator`,
        operator,
        `${goQuote(String(operator ?? ''))} is not a valid label selector operator`,
      ),
    );
  let vals: string[] = [];
  if (values !== undefined && values !== null) {
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string'))
      return err(selectorError(`${path}.values`, values, `${path}.values: not a list of strings`));
    vals = values as string[];
  }
  return newRequirement(path, key, op, vals);
}

/**
 * `metav1.LabelSelectorAsSelector`: a nil or absent selector selects nothing; one with no
 * `matchLabels` and no `matchExpressions` selects everything; otherwise every `matchLabels`
 * entry (an `In` with one value) and every expression must hold. Keys must be qualified names,
 * values valid label values; `In`/`NotIn` need values, `Exists`/`DoesNotExist` must have none;
 * any other operator is an error (`"Foo" is not a valid label selector operator`). Never throws.
 */
export function labelSelectorAsSelector(
  selector: unknown,
): Result<LabelSelectorMatcher, LabelSelectorError> {
  try {
    if (selector === null || selector === undefined) return ok(matcher('nothing', []));
    if (!isRecord(selector))
      return err(selectorError('', selector, 'label selector: not an object'));
    const { matchLabels, matchExpressions } = selector;
    if (matchLabels !== undefined && matchLabels !== null && !isRecord(matchLabels))
      return err(selectorError('matchLabels', matchLabels, 'matchLabels: not an object'));
    if (
      matchExpressions !== undefined &&
      matchExpressions !== null &&
      !Array.isArray(matchExpressions)
    )
      return err(
        selectorError('matchExpressions', matchExpressions, 'matchExpressions: not a list'),
      );
    const labels = Object.entries(matchLabels ?? {});
    const expressions: unknown[] = matchExpressions ?? [];
    if (labels.length + expressions.length === 0) return ok(matcher('everything', []));
    const requirements: LabelRequirement[] = [];
    for (const [key, value] of labels) {
      if (typeof value !== 'string')
        return err(selectorError(`matchLabels.${key}`, value, `matchLabels.${key}: not a string`));
      const r = newRequirement(`matchLabels.${key}`, key, 'In', [value]);
      if (r.isErr()) return err(r.error);
      requirements.push(r.value);
    }
    for (const [i, expr] of expressions.entries()) {
      const r = parseExpression(expr, `matchExpressions[${i}]`);
      if (r.isErr()) return err(r.error);
      requirements.push(r.value);
    }
    return ok(matcher('requirements', requirements));
  } catch (e) {
    const message = `label selector could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return err(selectorError('', undefined, message));
  }
}
