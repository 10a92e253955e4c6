import { isQuantity, parseQuantity, type Quantity } from '../signals/quantity';
import type { ResourceList } from './pod';
import { isObjectLike } from './pod-object';

// The node fields the scheduler's resource fit and the PodGC controller read. Nodes are plain
// API JSON or client-node objects; nothing here throws.

export interface NodeTaintView {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
}

export interface NodeObjectView {
  readonly name: string;
  /** `status.allocatable`, quantities parsed (unparseable entries left out). */
  readonly allocatable: ResourceList;
  /** `nodeutil.IsNodeReady`: a `Ready` condition with status `True` (no condition: not ready). */
  readonly ready: boolean;
  readonly taints: readonly NodeTaintView[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function quantityOf(v: unknown): Quantity | undefined {
  if (isQuantity(v)) return v;
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return undefined;
  const parsed = parseQuantity(v);
  return parsed.isOk() ? parsed.value : undefined;
}

function resourceList(v: unknown): ResourceList {
  const out = new Map<string, Quantity>();
  if (!isObjectLike(v)) return out;
  for (const name of Object.keys(v)) {
    const q = quantityOf(v[name]);
    if (q !== undefined) out.set(name, q);
  }
  return out;
}

const EMPTY: NodeObjectView = Object.freeze({
  name: '',
  allocatable: new Map(),
  ready: false,
  taints: [],
});

/** Read a node's name, allocatable, readiness and taints. Never throws. */
export function readNodeObject(node: unknown): NodeObjectView {
  if (!isObjectLike(node)) return EMPTY;
  try {
    const metadata = node.metadata;
    const spec = node.spec;
    const status = node.status;
    const conditions = isObjectLike(status) ? status.conditions : undefined;
    const ready = Array.isArray(conditions)
      ? conditions.find((c) => isObjectLike(c) && c.type === 'Ready')
      : undefined;
    const taints = isObjectLike(spec) && Array.isArray(spec.taints) ? spec.taints : [];
    return {
      name: isObjectLike(metadata) ? text(metadata.name) : '',
      allocatable: resourceList(isObjectLike(status) ? status.allocatable : undefined),
      ready: isObjectLike(ready) && ready.status === 'True',
      taints: taints.filter(isObjectLike).map((t) => ({
        key: text(t.key),
        value: text(t.value),
        effect: text(t.effect),
      })),
    };
  } catch {
    return EMPTY;
  }
}
