import { err, ok, type Result } from 'neverthrow';
import { LineCounter, parseDocument } from 'yaml';
import { field, isObjectLike, text as textField } from '../../pods/api-object';
import { readPod, validatePod } from '../../pods/pod';
import { podRef } from '../../pods/pod-object';
import { parseQuantity } from '../../signals/quantity';
import { keepBelowInt64, parseSummary, type Summary } from '../../signals/summary';
import type { CliFailure } from '../failure';

// explain's inputs: a kubelet Summary, the node's pods (a PodList from `kubectl get pods -o
// json` or the kubelet's /pods, a bare array, or one Pod) and optionally the Node. JSON or YAML;
// every error names the input and where in it.

/** A bad input document: `code` says which, `message` is one line. */
export interface InputDocumentError extends CliFailure {
  code: 'syntax' | 'invalid-summary' | 'invalid-pods' | 'invalid-node';
  input: string;
}

const fail = (
  code: InputDocumentError['code'],
  input: string,
  message: string,
): Result<never, InputDocumentError> => err({ code, input, message: `${input}: ${message}` });

/** Parse JSON, or YAML when it is not JSON; a syntax error names its line and column. */
export function parseStructured(text: string, input: string): Result<unknown, InputDocumentError> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return ok(JSON.parse(text));
    } catch {
      // Fall through to YAML (a superset of JSON), whose errors say where.
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = document.errors[0];
  if (first !== undefined) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    return fail('syntax', input, `not JSON or YAML: line ${line}, column ${col}: ${first.message}`);
  }
  try {
    return ok(document.toJS({ maxAliasCount: 100 }));
  } catch (cause) {
    return fail('syntax', input, cause instanceof Error ? cause.message : String(cause));
  }
}

/** A kubelet Summary (`/stats/summary`), validated. */
export function readSummary(text: string, input: string): Result<Summary, InputDocumentError> {
  // As parseSummary does with text: math.MaxInt64 must not round up to 2^63 (negative in int64).
  return parseStructured(keepBelowInt64(text), input).andThen((document) =>
    summaryFrom(document, input),
  );
}

/** Validate an already parsed Summary. */
export function summaryFrom(document: unknown, input: string): Result<Summary, InputDocumentError> {
  if (isObjectLike(document) && document['kind'] === 'PodList') {
    return fail(
      'invalid-summary',
      input,
      'this is a pod list, not a kubelet Summary (swap --summary and --pods?)',
    );
  }
  const summary = parseSummary(document);
  if (summary.isErr()) {
    const issue = summary.error.issues[0];
    return fail(
      'invalid-summary',
      input,
      `not a kubelet Summary: ${issue ? `${issue.path}: ${issue.message}` : summary.error.message}`,
    );
  }
  return ok(summary.value);
}

/** Pods from a PodList (kubectl or the kubelet's /pods), a List, a bare array or one Pod. */
export function readPods(text: string, input: string): Result<unknown[], InputDocumentError> {
  return parseStructured(text, input).andThen((document) => podsFrom(document, input));
}

/** Validate already parsed pods (plain JSON or `@kubernetes/client-node` objects). */
export function podsFrom(document: unknown, input: string): Result<unknown[], InputDocumentError> {
  let items: unknown;
  let prefix: string;
  if (Array.isArray(document)) {
    items = document;
    prefix = '';
  } else if (isObjectLike(document) && 'items' in document) {
    items = document['items'] ?? [];
    prefix = 'items';
  } else if (isObjectLike(document) && document['kind'] === 'Pod') {
    items = [document];
    prefix = '';
  } else if (isObjectLike(document) && 'node' in document && 'pods' in document) {
    return fail(
      'invalid-pods',
      input,
      'this is a kubelet Summary, not a pod list (swap --summary and --pods?)',
    );
  } else {
    return fail(
      'invalid-pods',
      input,
      'expected a PodList (kubectl get pods -o json, or the kubelet /pods)',
    );
  }
  if (!Array.isArray(items))
    return fail('invalid-pods', input, `${prefix}: expected a list of pods`);
  for (const [index, pod] of items.entries()) {
    const checked = validatePod(pod);
    if (checked.isErr()) {
      const issue = checked.error.issues[0];
      const name = podLabel(pod);
      const where = `${prefix}[${index}]${name ? ` (${name})` : ''}`;
      return fail(
        'invalid-pods',
        input,
        `${where}: ${issue ? `${issue.path}: ${issue.message}` : checked.error.message}`,
      );
    }
  }
  return ok(items);
}

/** What explain uses of a Node. */
export interface NodeFacts {
  name: string;
  /** `status.capacity.memory`, bytes: the machine memory the kubelet's oom_score_adj uses. */
  memoryCapacityBytes?: bigint;
  /** `status.nodeInfo.operatingSystem` (or the kubernetes.io/os label). */
  os?: string;
  /** The pressure conditions the node reports now. */
  conditions: { type: string; status: string; reason?: string; lastTransitionTime?: string }[];
}

/** A Node, or the node named `name` in a NodeList (the only one when `name` is not given). */
export function readNode(
  text: string,
  input: string,
  name?: string,
): Result<NodeFacts, InputDocumentError> {
  return parseStructured(text, input).andThen((document) => nodeFrom(document, input, name));
}

/** Facts from an already parsed Node or NodeList. */
export function nodeFrom(
  document: unknown,
  input: string,
  name?: string,
): Result<NodeFacts, InputDocumentError> {
  let node: unknown = document;
  if (isObjectLike(document) && Array.isArray(document['items'])) {
    const items = document['items'] as unknown[];
    const named = items.filter((n) => name === undefined || nodeName(n) === name);
    if (named.length !== 1) {
      const names = items.map(nodeName).join(', ') || 'none';
      return fail(
        'invalid-node',
        input,
        name === undefined
          ? `a list of ${items.length} nodes (${names}); keep the one the Summary is from`
          : `no node ${JSON.stringify(name)} in the list (it has ${names})`,
      );
    }
    node = named[0];
  }
  if (
    !isObjectLike(node) ||
    !isObjectLike(node['metadata']) ||
    typeof nodeName(node) !== 'string'
  ) {
    return fail('invalid-node', input, 'expected a Node (kubectl get node <name> -o yaml)');
  }
  const status = isObjectLike(node['status']) ? node['status'] : {};
  const facts: NodeFacts = { name: nodeName(node) as string, conditions: [] };
  const capacity = isObjectLike(status['capacity']) ? status['capacity'] : {};
  const memory = capacity['memory'];
  if (memory !== undefined) {
    const parsed = parseQuantity(String(memory));
    if (parsed.isErr())
      return fail(
        'invalid-node',
        input,
        `status.capacity.memory: ${JSON.stringify(memory)} is not a quantity`,
      );
    facts.memoryCapacityBytes = parsed.value.value();
  }
  const info = isObjectLike(status['nodeInfo']) ? status['nodeInfo'] : {};
  const labels = isObjectLike((node['metadata'] as Record<string, unknown>)['labels'])
    ? ((node['metadata'] as Record<string, unknown>)['labels'] as Record<string, unknown>)
    : {};
  const os = info['operatingSystem'] ?? labels['kubernetes.io/os'];
  if (typeof os === 'string') facts.os = os;
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  for (const c of conditions) {
    if (!isObjectLike(c) || typeof c['type'] !== 'string') continue;
    const condition: NodeFacts['conditions'][number] = {
      type: c['type'],
      status: String(c['status'] ?? ''),
    };
    if (typeof c['reason'] === 'string') condition.reason = c['reason'];
    const when = c['lastTransitionTime'];
    if (typeof when === 'string') condition.lastTransitionTime = when;
    else if (when instanceof Date) condition.lastTransitionTime = when.toISOString();
    facts.conditions.push(condition);
  }
  return ok(facts);
}

/** Which pods the kubelet of `node` counts as active, and how many others were left out. */
export interface ActivePods {
  active: unknown[];
  /** Bound to another node. */
  otherNodes: number;
  /** `Succeeded` or `Failed`: the kubelet's active pods leave terminated pods out. */
  terminated: number;
}

/**
 * The kubelet's active pods of `node` from a pod list: bound to it (pods without a node name
 * are kept: the kubelet's /pods lists only its own) and not terminated.
 */
export function activePodsOn(pods: readonly unknown[], node: string): ActivePods {
  const result: ActivePods = { active: [], otherNodes: 0, terminated: 0 };
  for (const pod of pods) {
    const bound = textField(field(pod, 'spec'), 'nodeName');
    if (bound !== '' && bound !== node) {
      result.otherNodes++;
      continue;
    }
    const phase = textField(field(pod, 'status'), 'phase');
    if (phase === 'Succeeded' || phase === 'Failed') {
      result.terminated++;
      continue;
    }
    result.active.push(pod);
  }
  return result;
}

function podLabel(pod: unknown): string {
  const view = readPod(pod);
  return view.name === '' ? '' : podRef(view);
}

function nodeName(node: unknown): unknown {
  return isObjectLike(node) && isObjectLike(node['metadata'])
    ? node['metadata']['name']
    : undefined;
}
