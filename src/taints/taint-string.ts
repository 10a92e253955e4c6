import { err, ok, type Result } from 'neverthrow';
import type { TaintSpecError } from './errors';
import { isQualifiedName, isValidLabelValue } from './k8s-validation';
import { readTaint } from './read';
import { TAINT_EFFECTS, type Taint, type TaintLike } from './types';

// pkg/util/taints/taints.go (what `kubectl taint` and `--register-with-taints` parse) and
// staging/src/k8s.io/api/core/v1/taint.go (ToString, MatchTaint).

/** A parsed taint spec: `effect` is `''` for the `<key>` form (only valid for removal). */
export interface ParsedTaint {
  key: string;
  value: string;
  effect: string;
}

/**
 * `parseTaint`: one taint in the form `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`.
 * The key must be a qualified name, the value a label value, the effect NoSchedule,
 * PreferNoSchedule or NoExecute. Errors carry upstream's text (`invalid taint spec: …`,
 * `invalid taint effect: …, unsupported taint effect`). Never throws.
 */
export function parseTaint(spec: string): Result<ParsedTaint, TaintSpecError> {
  if (typeof spec !== 'string') {
    return err({ code: 'not-a-string', spec, message: 'invalid taint spec: not a string' });
  }
  const invalid = (reasons: string[] = []) =>
    err<ParsedTaint, TaintSpecError>({
      code: 'invalid-taint-spec',
      spec,
      reasons,
      message:
        reasons.length === 0
          ? `invalid taint spec: ${spec}`
          : `invalid taint spec: ${spec}, ${reasons.join('; ')}`,
    });
  const parts = spec.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) {
    key = parts[0] ?? '';
  } else if (parts.length === 2) {
    effect = parts[1] ?? '';
    if (!(TAINT_EFFECTS as readonly string[]).includes(effect)) {
      return err({
        code: 'invalid-taint-effect',
        spec,
        effect,
        message: `invalid taint effect: ${effect}, unsupported taint effect`,
      });
    }
    const kv = (parts[0] ?? '').split('=');
    if (kv.length > 2) return invalid();
    key = kv[0] ?? '';
    if (kv.length === 2) {
      value = kv[1] ?? '';
      const reasons = isValidLabelValue(value);
      if (reasons.length > 0) return invalid(reasons);
    }
  } else {
    return invalid();
  }
  const reasons = isQualifiedName(key);
  if (reasons.length > 0) return invalid(reasons);
  return ok({ key, value, effect });
}

/** What `parseTaints` returns: taints to add and taints to remove (key, and effect if given). */
export interface TaintChanges {
  add: ParsedTaint[];
  remove: { key: string; effect: string }[];
}

/**
 * `ParseTaints`, the argument list of `kubectl taint node <name> …`: a spec ending in `-`
 * removes (`key-`, `key:Effect-`, and `key=value:Effect-`, whose value is ignored); any other
 * spec adds and must have an effect. Two added taints with the same key and effect are an error
 * (`duplicated taints with the same key and effect: …`). Stops at the first bad spec.
 */
export function parseTaints(specs: readonly string[]): Result<TaintChanges, TaintSpecError> {
  const add: ParsedTaint[] = [];
  const remove: { key: string; effect: string }[] = [];
  if (!Array.isArray(specs)) {
    return err({ code: 'not-a-string', spec: specs, message: 'invalid taint spec: not a list' });
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (typeof spec !== 'string') {
      return err({ code: 'not-a-string', spec, message: 'invalid taint spec: not a string' });
    }
    if (spec.endsWith('-')) {
      const parsed = parseTaint(spec.slice(0, -1));
      if (parsed.isErr()) return err(parsed.error);
      remove.push({ key: parsed.value.key, effect: parsed.value.effect });
      continue;
    }
    const parsed = parseTaint(spec);
    if (parsed.isErr()) return err(parsed.error);
    const taint = parsed.value;
    if (taint.effect.length === 0) {
      return err({
        code: 'invalid-taint-spec',
        spec,
        reasons: ['an effect is required to add a taint'],
        message: `invalid taint spec: ${spec}`,
      });
    }
    const id = `${taint.effect}\u0000${taint.key}`;
    if (seen.has(id)) {
      return err({
        code: 'duplicated-taint',
        spec,
        key: taint.key,
        effect: taint.effect,
        message: `duplicated taints with the same key and effect: {${taint.key} ${taint.value} ${taint.effect} <nil>}`,
      });
    }
    seen.add(id);
    add.push(taint);
  }
  return ok({ add, remove });
}

/**
 * `Taint.ToString`: `<key>=<value>:<effect>`, `<key>:<effect>` when the value is empty,
 * `<key>=<value>:` when the effect is empty, or `<key>` when both are. Unreadable input gives
 * `''`.
 */
export function formatTaint(taint: TaintLike | ParsedTaint): string {
  const t = readTaint(taint);
  if (t === undefined) return '';
  if (t.effect.length === 0) return t.value.length === 0 ? t.key : `${t.key}=${t.value}:`;
  return t.value.length === 0 ? `${t.key}:${t.effect}` : `${t.key}=${t.value}:${t.effect}`;
}

/** `Taint.MatchTaint`: the same taint when key and effect are equal (the value is not compared). */
export function matchTaint(a: TaintLike, b: TaintLike): boolean {
  const x = readTaint(a);
  const y = readTaint(b);
  return x !== undefined && y !== undefined && x.key === y.key && x.effect === y.effect;
}

/** `TaintExists`: whether `taints` holds a taint with the key and effect of `taint`. */
export function taintExists(taints: readonly TaintLike[], taint: TaintLike): boolean {
  return Array.isArray(taints) && taints.some((t) => matchTaint(t, taint));
}

/** A taint in the shape this module returns (value `''` when absent, `timeAdded` as epoch ms). */
export function normalizeTaint(taint: TaintLike): Taint | undefined {
  const t = readTaint(taint);
  if (t === undefined) return undefined;
  const out: Taint = { key: t.key, value: t.value, effect: t.effect };
  if (t.timeAdded !== undefined) out.timeAdded = t.timeAdded;
  return out;
}
