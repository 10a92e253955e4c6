import { err, ok, type Result } from 'neverthrow';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ConfigError, formatConfigError } from '../signals/config-error';
import {
  kubeletDefaults,
  type LoadedKubeletConfig,
  loadKubeletConfig,
} from '../signals/kubelet-config';
import {
  type ScenarioDocument,
  type ScenarioPod,
  type ScenarioUsage,
  scenarioSchema,
} from './scenario-schema';

/** Why a scenario was rejected. `path` is where in the document (`pods[2].usage.memory`). */
export interface ScenarioError {
  code: 'syntax' | 'invalid-scenario' | 'invalid-kubelet-config';
  /** `$` for the document itself. */
  path: string;
  /** 1-based position in the text, when known. */
  line?: number;
  column?: number;
  /** One line: `<path>: <problem> (line L, column C)`. */
  message: string;
  /** For `invalid-kubelet-config`: the kubelet configuration error. */
  cause?: ConfigError;
}

/** A validated scenario with its kubelet configuration resolved. */
export interface Scenario extends Omit<ScenarioDocument, 'kubelet' | 'duration'> {
  /** The kubelet configuration in effect: the inline `kubelet`, `--config`, or the defaults. */
  kubelet: LoadedKubeletConfig;
  /** Where it came from. */
  kubeletSource: 'inline' | 'given' | 'defaults';
  durationMs: number;
}

export interface LoadScenarioOptions {
  /** A kubelet configuration that replaces the scenario's own `kubelet` (`--config`). */
  kubelet?: LoadedKubeletConfig;
}

/** The path of a zod issue as written in the document: `pods[2].usage.memory`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(key)))
      out += out === '' ? String(key) : `.${String(key)}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '$' : out;
}

/**
 * Read a scenario (YAML or JSON), validate it against the scenario format (docs/scenario.md)
 * and resolve its kubelet configuration with the kubelet's own rules. The first problem is
 * reported with its path and, when it can be found, its line and column. Never throws.
 */
export function loadScenario(
  text: string,
  options: LoadScenarioOptions = {},
): Result<Scenario, ScenarioError> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const failure = (
    code: ScenarioError['code'],
    path: ReadonlyArray<PropertyKey>,
    problem: string,
    extra: Partial<ScenarioError> = {},
  ): ScenarioError => {
    const position = where(nodeAt(document.contents as Node | null, path));
    const shown = formatPath(path);
    const at =
      position.line === undefined ? '' : ` (line ${position.line}, column ${position.column})`;
    return {
      code,
      path: shown,
      ...position,
      message: `${shown === '$' ? 'scenario' : shown}: ${problem}${at}`,
      ...extra,
    };
  };

  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    return err({
      code: 'syntax',
      path: '$',
      line,
      column: col,
      message: `not YAML or JSON: line ${line}, column ${col}: ${syntax.message}`,
    });
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    return err(failure('syntax', [], cause instanceof Error ? cause.message : String(cause)));
  }
  if (raw === null || raw === undefined)
    return err(failure('invalid-scenario', [], 'the document is empty'));

  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    return err(failure('invalid-scenario', issue.path, issueText(issue, valueAt(raw, issue.path))));
  }
  const doc = parsed.data;
  const crossCheck = checkReferences(doc);
  if (crossCheck !== undefined) {
    return err(failure('invalid-scenario', crossCheck.path, crossCheck.message));
  }

  let kubelet: LoadedKubeletConfig;
  let kubeletSource: Scenario['kubeletSource'];
  if (options.kubelet !== undefined) {
    kubelet = options.kubelet;
    kubeletSource = 'given';
  } else if (doc.kubelet !== undefined) {
    const loaded = loadKubeletConfig(
      JSON.stringify({
        apiVersion: 'kubelet.config.k8s.io/v1beta1',
        kind: 'KubeletConfiguration',
        ...doc.kubelet,
      }),
    );
    if (loaded.isErr()) {
      const e = loaded.error;
      const path: PropertyKey[] = ['kubelet'];
      if (e.field !== 'document' && !e.field.startsWith('--') && e.field !== '') {
        path.push(e.field);
        if (e.key !== '' && !e.key.startsWith('$')) path.push(e.key);
      }
      return err(
        failure('invalid-kubelet-config', path, formatConfigError({ ...e, field: 'document' }), {
          cause: e,
        }),
      );
    }
    kubelet = loaded.value;
    kubeletSource = 'inline';
  } else {
    kubelet = kubeletDefaults()._unsafeUnwrap();
    kubeletSource = 'defaults';
  }

  const { kubelet: _inline, duration, ...rest } = doc;
  const lastChange = Math.max(
    0,
    ...doc.timeline.map((c) => c.at + (c.over ?? 0)),
    ...doc.pods.map((p) => p.arrives ?? 0),
  );
  return ok({
    ...rest,
    kubelet,
    kubeletSource,
    durationMs: duration ?? lastChange + 120_000,
  });
}

function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'required';
    const got =
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'a list'
          : typeof value === 'object'
            ? 'a mapping'
            : `${typeof value} ${JSON.stringify(value)}`;
    return `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${got}`;
  }
  return issue.message;
}

/** The raw value at a path of the parsed document (zod 4 issues do not carry it). */
function valueAt(document: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key as never];
  }
  return value;
}

/** Names must be unique and every reference must name a pod; the first problem, with its path. */
function checkReferences(
  doc: ScenarioDocument,
): { path: PropertyKey[]; message: string } | undefined {
  const names = new Map<string, number>();
  for (const [index, pod] of doc.pods.entries()) {
    const key = `${pod.namespace}/${pod.name}`;
    if (names.has(key)) {
      return { path: ['pods', index, 'name'], message: `duplicate pod ${key}` };
    }
    names.set(key, index);
    if (pod.containers !== undefined && (pod.requests !== undefined || pod.limits !== undefined)) {
      return {
        path: ['pods', index],
        message:
          'give either containers or requests/limits (the one-container shorthand), not both',
      };
    }
    const seen = new Set<string>();
    for (const [c, container] of (pod.containers ?? []).entries()) {
      if (seen.has(container.name)) {
        return {
          path: ['pods', index, 'containers', c, 'name'],
          message: `duplicate container ${container.name}`,
        };
      }
      seen.add(container.name);
    }
  }
  if (doc.interval <= 0) return { path: ['interval'], message: 'must be positive' };
  for (const [index, change] of doc.timeline.entries()) {
    for (const name of Object.keys(change.pods ?? {})) {
      if (resolvePodReference(doc.pods, name) === undefined) {
        return {
          path: ['timeline', index, 'pods', name],
          message: `no pod named ${JSON.stringify(name)} in pods`,
        };
      }
    }
  }
  return undefined;
}

/** `name` (first pod of that name) or `namespace/name` → the pod's index. */
export function resolvePodReference(
  pods: readonly ScenarioPod[],
  reference: string,
): number | undefined {
  const slash = reference.indexOf('/');
  const index =
    slash === -1
      ? pods.findIndex((p) => p.name === reference)
      : pods.findIndex(
          (p) => p.namespace === reference.slice(0, slash) && p.name === reference.slice(slash + 1),
        );
  return index === -1 ? undefined : index;
}

/** The YAML node at `path`, or the deepest ancestor that exists. */
function nodeAt(root: Node | null, path: ReadonlyArray<PropertyKey>): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) return node;
      // A missing value: point at the key.
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (item === undefined) return node;
      node = item;
    } else return node;
  }
  return node;
}

export type { ScenarioDocument, ScenarioPod, ScenarioUsage };
