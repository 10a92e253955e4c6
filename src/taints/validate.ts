import { err, ok, type Result } from 'neverthrow';
import type { FeatureGateOptions } from '../pods/feature-gates';
import {
  invalidValue,
  notSupported,
  type TaintError,
  type TolerationError,
  type TolerationIssue,
} from './errors';
import {
  isDecimalInteger,
  isQualifiedName,
  isValidLabelValue,
  parseCanonicalInt64,
} from './k8s-validation';
import { get, isRecord, readSeconds, toEpochMs } from './read';
import { comparisonOperatorsEnabled } from './toleration';
import {
  TAINT_EFFECTS,
  type Taint,
  type TaintLike,
  type Toleration,
  type TolerationLike,
} from './types';

// pkg/apis/core/validation/validation.go: ValidateTolerations and validateNodeTaints, the rules
// the API server applies — which make some combinations impossible on real objects.

export interface ValidationOptions extends FeatureGateOptions {
  /** JSON path of the list, for messages; `spec.tolerations` / `spec.taints` by default. */
  path?: string;
}

const STRING_FIELDS = ['key', 'operator', 'value', 'effect'] as const;

/**
 * `ValidateTolerations` for one toleration. Rules, in upstream's order:
 * - a non-empty `key` must be a qualified name;
 * - an empty `key` requires operator `Exists` ("match all keys and values");
 * - `tolerationSeconds` requires effect `NoExecute`;
 * - `Equal` (or empty) needs a valid label value, `Exists` an empty value; `Lt`/`Gt` are only
 *   accepted while `TaintTolerationComparisonOperators` is on, and then need a canonical 64-bit
 *   decimal value; any other operator is unsupported;
 * - a non-empty `effect` must be NoSchedule, PreferNoSchedule or NoExecute.
 * Returns the toleration in the API's JSON shape, or every issue found. Never throws.
 */
export function validateToleration(
  toleration: TolerationLike,
  options?: ValidationOptions,
): Result<Toleration, TolerationError> {
  const issues = tolerationIssues(toleration, options?.path ?? 'toleration', options);
  if (issues.length > 0) return err(tolerationError(issues));
  return ok(toApiToleration(toleration));
}

/** `ValidateTolerations` for a list (issues carry `<path>[i].<field>`). */
export function validateTolerations(
  tolerations: readonly TolerationLike[],
  options?: ValidationOptions,
): Result<Toleration[], TolerationError> {
  const base = options?.path ?? 'spec.tolerations';
  if (!Array.isArray(tolerations)) {
    return err(
      tolerationError([
        { code: 'wrong-type', path: base, value: tolerations, message: `${base}: must be a list` },
      ]),
    );
  }
  const issues: TolerationIssue[] = [];
  for (let i = 0; i < tolerations.length; i++) {
    issues.push(...tolerationIssues(tolerations[i], `${base}[${i}]`, options));
  }
  if (issues.length > 0) return err(tolerationError(issues));
  return ok(tolerations.map(toApiToleration));
}

function tolerationError(issues: TolerationIssue[]): TolerationError {
  return { code: 'invalid-toleration', issues, message: issues.map((i) => i.message).join('; ') };
}

function tolerationIssues(
  toleration: unknown,
  path: string,
  options: FeatureGateOptions | undefined,
): TolerationIssue[] {
  // JSON null decodes to Go's zero Toleration, which is then validated like any other.
  if (toleration === null) return tolerationIssues({}, path, options);
  if (!isRecord(toleration)) {
    return [{ code: 'wrong-type', path, value: toleration, message: `${path}: must be an object` }];
  }
  const issues: TolerationIssue[] = [];
  const fields: Record<(typeof STRING_FIELDS)[number], string> = {
    key: '',
    operator: '',
    value: '',
    effect: '',
  };
  for (const name of STRING_FIELDS) {
    const v = get(toleration, name);
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') fields[name] = v;
    else {
      const p = `${path}.${name}`;
      issues.push({ code: 'wrong-type', path: p, value: v, message: `${p}: must be a string` });
    }
  }
  const rawSeconds = get(toleration, 'tolerationSeconds');
  const seconds = readSeconds(rawSeconds);
  if (seconds === 'invalid') {
    const p = `${path}.tolerationSeconds`;
    issues.push({
      code: 'wrong-type',
      path: p,
      value: rawSeconds,
      message: `${p}: must be a 64-bit integer`,
    });
  }
  if (issues.length > 0) return issues;

  const { key, operator, value, effect } = fields;
  const at = (field: string) => `${path}.${field}`;
  if (key.length > 0) {
    for (const msg of isQualifiedName(key)) {
      issues.push({
        code: 'invalid-key',
        path: at('key'),
        value: key,
        message: invalidValue(at('key'), key, msg),
      });
    }
  }
  if (key.length === 0 && operator !== 'Exists') {
    issues.push({
      code: 'key-requires-exists',
      path: at('operator'),
      value: operator,
      message: invalidValue(
        at('operator'),
        operator,
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ),
    });
  }
  if (seconds !== undefined && effect !== 'NoExecute') {
    issues.push({
      code: 'seconds-require-noexecute',
      path: at('effect'),
      value: effect,
      message: invalidValue(
        at('effect'),
        effect,
        "effect must be 'NoExecute' when `tolerationSeconds` is set",
      ),
    });
  }
  const comparison = comparisonOperatorsEnabled(options);
  switch (operator) {
    case '':
    case 'Equal': {
      // Upstream reports a bad Equal value under `.operator`.
      const errs = isValidLabelValue(value);
      if (errs.length > 0) {
        issues.push({
          code: 'invalid-value',
          path: at('operator'),
          value,
          message: invalidValue(at('operator'), value, errs.join(';')),
        });
      }
      break;
    }
    case 'Exists':
      if (value.length > 0) {
        issues.push({
          code: 'exists-with-value',
          path: at('operator'),
          value,
          message: invalidValue(
            at('operator'),
            value,
            "value must be empty when `operator` is 'Exists'",
          ),
        });
      }
      break;
    case 'Lt':
    case 'Gt':
      if (comparison) {
        if (parseCanonicalInt64(value) === undefined) {
          const why = isDecimalInteger(value)[0] ?? 'must fit in a 64-bit integer';
          issues.push({
            code: 'invalid-numeric-value',
            path: at('value'),
            value,
            message: invalidValue(at('value'), value, why),
          });
        }
        break;
      }
      issues.push(unsupportedOperator(at('operator'), operator, comparison));
      break;
    default:
      issues.push(unsupportedOperator(at('operator'), operator, comparison));
  }
  if (effect.length > 0 && !(TAINT_EFFECTS as readonly string[]).includes(effect)) {
    issues.push({
      code: 'unsupported-effect',
      path: at('effect'),
      value: effect,
      message: notSupported(at('effect'), effect, TAINT_EFFECTS),
    });
  }
  return issues;
}

function unsupportedOperator(path: string, operator: string, comparison: boolean): TolerationIssue {
  const supported = comparison ? ['Equal', 'Exists', 'Gt', 'Lt'] : ['Equal', 'Exists'];
  return {
    code: 'unsupported-operator',
    path,
    value: operator,
    message: notSupported(path, operator, supported),
  };
}

/** A (valid) toleration in the API's JSON shape: empty strings and `null`s left out. */
function toApiToleration(toleration: unknown): Toleration {
  const out: Toleration = {};
  for (const name of STRING_FIELDS) {
    const v = get(toleration, name);
    if (typeof v === 'string' && v.length > 0) out[name] = v;
  }
  const seconds = readSeconds(get(toleration, 'tolerationSeconds'));
  if (typeof seconds === 'number') out.tolerationSeconds = seconds;
  return out;
}

/**
 * `validateNodeTaints`: each key a qualified name, each value a label value, each effect one of
 * the three (required), and no two taints with the same key and effect. Returns the taints in
 * this module's shape, or every issue found. Never throws.
 */
export function validateTaints(
  taints: readonly TaintLike[],
  options?: { path?: string },
): Result<Taint[], TaintError> {
  const base = options?.path ?? 'spec.taints';
  const issues: { path: string; value: unknown; message: string }[] = [];
  if (!Array.isArray(taints)) {
    issues.push({ path: base, value: taints, message: `${base}: must be a list` });
    return err({ code: 'invalid-taint', issues, message: issues[0]?.message ?? '' });
  }
  const out: Taint[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < taints.length; i++) {
    const path = `${base}[${i}]`;
    const taint = taints[i];
    const key = get(taint, 'key') ?? '';
    const value = get(taint, 'value') ?? '';
    const effect = get(taint, 'effect') ?? '';
    if (
      !isRecord(taint) ||
      typeof key !== 'string' ||
      typeof value !== 'string' ||
      typeof effect !== 'string'
    ) {
      issues.push({
        path,
        value: taint,
        message: `${path}: must be an object with string key, value and effect`,
      });
      continue;
    }
    for (const msg of isQualifiedName(key)) {
      issues.push({
        path: `${path}.key`,
        value: key,
        message: invalidValue(`${path}.key`, key, msg),
      });
    }
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) {
      issues.push({
        path: `${path}.value`,
        value,
        message: invalidValue(`${path}.value`, value, valueErrs.join(';')),
      });
    }
    if (effect.length === 0) {
      issues.push({
        path: `${path}.effect`,
        value: effect,
        message: `${path}.effect: Required value`,
      });
    } else if (!(TAINT_EFFECTS as readonly string[]).includes(effect)) {
      issues.push({
        path: `${path}.effect`,
        value: effect,
        message: notSupported(`${path}.effect`, effect, TAINT_EFFECTS),
      });
    }
    const id = `${effect}\u0000${key}`;
    if (seen.has(id)) {
      issues.push({
        path,
        value: taint,
        message: `${path}: Duplicate value: ${JSON.stringify({ key, value, effect })}: taints must be unique by key and effect pair`,
      });
      continue;
    }
    seen.add(id);
    const entry: Taint = { key, value, effect };
    const timeAdded = toEpochMs(get(taint, 'timeAdded'));
    if (timeAdded !== undefined) entry.timeAdded = timeAdded;
    out.push(entry);
  }
  if (issues.length > 0) {
    return err({ code: 'invalid-taint', issues, message: issues.map((i) => i.message).join('; ') });
  }
  return ok(out);
}
