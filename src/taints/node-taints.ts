import { arrayField, findCondition, get, readCondition, readTaints } from './read';
import type { NodeInput, Taint } from './types';
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
} from './well-known';

// pkg/controller/nodelifecycle/node_lifecycle_controller.go: the taints the node lifecycle
// controller manages (doNoScheduleTaintingPass, processTaintBaseEviction,
// doNoExecuteTaintingPass).

/** `NotReadyTaintTemplate`: added (rate limited) while Ready is False. */
export const NOT_READY_NO_EXECUTE_TAINT: Readonly<Taint> = Object.freeze({
  key: TAINT_NODE_NOT_READY,
  value: '',
  effect: 'NoExecute',
});
/** `UnreachableTaintTemplate`: added (rate limited) while Ready is Unknown. */
export const UNREACHABLE_NO_EXECUTE_TAINT: Readonly<Taint> = Object.freeze({
  key: TAINT_NODE_UNREACHABLE,
  value: '',
  effect: 'NoExecute',
});

/** `nodeConditionToTaintKeyStatusMap`: which condition status gives which NoSchedule taint. */
export const NODE_CONDITION_TO_TAINT_KEY: Readonly<
  Record<string, Readonly<Record<string, string>>>
> = Object.freeze({
  Ready: Object.freeze({ False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE }),
  MemoryPressure: Object.freeze({ True: TAINT_NODE_MEMORY_PRESSURE }),
  DiskPressure: Object.freeze({ True: TAINT_NODE_DISK_PRESSURE }),
  NetworkUnavailable: Object.freeze({ True: TAINT_NODE_NETWORK_UNAVAILABLE }),
  PIDPressure: Object.freeze({ True: TAINT_NODE_PID_PRESSURE }),
});

const CONDITION_TAINT_KEYS = new Set([
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_PID_PRESSURE,
]);

export interface NoScheduleTainting {
  /** The NoSchedule taints the node's conditions and `spec.unschedulable` call for. */
  readonly desired: Taint[];
  /** Controller-managed NoSchedule taints the node has now. */
  readonly existing: Taint[];
  /** Taints to add (their `timeAdded` is `now`). */
  readonly add: Taint[];
  /** Taints to remove (compared by key and effect). */
  readonly remove: Taint[];
}

/**
 * `doNoScheduleTaintingPass` (every node add/update, not rate limited): the NoSchedule taints for
 * the node's conditions — Ready False → `not-ready`, Ready Unknown → `unreachable`, Memory/Disk/
 * PID pressure and NetworkUnavailable True → their keys — plus `unschedulable` for a cordoned
 * node, diffed (by key and effect) against the node's NoSchedule taints whose key is one the
 * controller manages. Nothing else on the node is touched. Never throws.
 */
export function noScheduleTainting(node: NodeInput, options: { now: number }): NoScheduleTainting {
  const desired: Taint[] = [];
  for (const entry of arrayField(get(node, 'status'), 'conditions')) {
    const c = readCondition(entry);
    const key = c === undefined ? undefined : conditionTaintKey(c.type, c.status);
    if (key !== undefined) desired.push({ key, value: '', effect: 'NoSchedule' });
  }
  if (get(get(node, 'spec'), 'unschedulable') === true) {
    desired.push({ key: TAINT_NODE_UNSCHEDULABLE, value: '', effect: 'NoSchedule' });
  }
  const existing = nodeTaints(node).filter(
    (t) =>
      t.effect === 'NoSchedule' &&
      (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)),
  );
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const now = Number.isFinite(options?.now) ? options.now : 0;
  return {
    desired,
    existing,
    add: desired
      .filter((d) => !existing.some((e) => same(d, e)))
      .map((t) => ({ ...t, timeAdded: now })),
    remove: existing.filter((e) => !desired.some((d) => same(d, e))),
  };
}

/** What `processTaintBaseEviction` does with the node's NoExecute taints in one health pass. */
export type NoExecuteTaintAction =
  /** Nothing (a node without a Ready condition is not processed). */
  | { readonly action: 'none' }
  /** Replace the opposite taint at once, without rate limiting. */
  | { readonly action: 'swap'; readonly add: Taint; readonly remove: Taint }
  /**
   * Queue the node in its zone's rate-limited queue, to get `taint`. `requeue`: the node lacks
   * that taint, so any earlier queue entry is removed first and the node can be queued again
   * (otherwise a node processed before stays in the queue's set and `Add` is a no-op).
   */
  | { readonly action: 'enqueue'; readonly taint: Taint; readonly requeue: boolean }
  /** Ready again: remove both NoExecute taints and take the node out of the queue. */
  | { readonly action: 'untaint'; readonly remove: readonly Taint[] };

/**
 * `processTaintBaseEviction` for a node whose Ready condition status was `observedReadyStatus` at
 * the start of the pass (before this pass possibly flipped it to Unknown — so a node that just
 * went silent is queued on the next pass): `False` → swap `unreachable` for `not-ready` at once
 * if present, else queue for `not-ready`; `Unknown` → the mirror image; `True` → remove both.
 */
export function noExecuteTaintAction(
  node: NodeInput,
  observedReadyStatus: string,
): NoExecuteTaintAction {
  const taints = nodeTaints(node);
  const has = (t: Taint) => taints.some((x) => x.key === t.key && x.effect === t.effect);
  switch (observedReadyStatus) {
    case 'False':
      if (has(UNREACHABLE_NO_EXECUTE_TAINT)) {
        return {
          action: 'swap',
          add: { ...NOT_READY_NO_EXECUTE_TAINT },
          remove: { ...UNREACHABLE_NO_EXECUTE_TAINT },
        };
      }
      return {
        action: 'enqueue',
        taint: { ...NOT_READY_NO_EXECUTE_TAINT },
        requeue: !has(NOT_READY_NO_EXECUTE_TAINT),
      };
    case 'Unknown':
      if (has(NOT_READY_NO_EXECUTE_TAINT)) {
        return {
          action: 'swap',
          add: { ...UNREACHABLE_NO_EXECUTE_TAINT },
          remove: { ...NOT_READY_NO_EXECUTE_TAINT },
        };
      }
      return {
        action: 'enqueue',
        taint: { ...UNREACHABLE_NO_EXECUTE_TAINT },
        requeue: !has(UNREACHABLE_NO_EXECUTE_TAINT),
      };
    case 'True':
      return {
        action: 'untaint',
        remove: [{ ...UNREACHABLE_NO_EXECUTE_TAINT }, { ...NOT_READY_NO_EXECUTE_TAINT }],
      };
    default:
      return { action: 'none' };
  }
}

/** What the rate-limited tainting pass does with a queued node once the zone's limiter allows. */
export type NoExecuteTaintingStep =
  /** Add `add` (with `timeAdded` = now) and remove `remove`: the two taints are exclusive. */
  | { readonly action: 'taint'; readonly add: Taint; readonly remove: Taint }
  /** The node is gone or Ready again: the item is dropped. */
  | { readonly action: 'drop'; readonly reason: 'node-gone' | 'node-ready' }
  /** The node has no Ready condition: try again after 50 ms. */
  | { readonly action: 'retry'; readonly afterMs: number };

/**
 * `doNoExecuteTaintingPass` for one queued node (read again when its turn comes): Ready `False`
 * → not-ready (unreachable removed), `Unknown` → unreachable (not-ready removed), `True` or any
 * other status → dropped; a missing node is dropped; a node without Ready is retried in 50 ms.
 */
export function noExecuteTaintingStep(
  node: NodeInput | null | undefined,
  options: { now: number },
): NoExecuteTaintingStep {
  if (typeof node !== 'object' || node === null) return { action: 'drop', reason: 'node-gone' };
  const ready = findCondition(get(node, 'status'), 'Ready');
  if (ready === undefined) return { action: 'retry', afterMs: 50 };
  const now = Number.isFinite(options?.now) ? options.now : 0;
  if (ready.status === 'False') {
    return {
      action: 'taint',
      add: { ...NOT_READY_NO_EXECUTE_TAINT, timeAdded: now },
      remove: { ...UNREACHABLE_NO_EXECUTE_TAINT },
    };
  }
  if (ready.status === 'Unknown') {
    return {
      action: 'taint',
      add: { ...UNREACHABLE_NO_EXECUTE_TAINT, timeAdded: now },
      remove: { ...NOT_READY_NO_EXECUTE_TAINT },
    };
  }
  return { action: 'drop', reason: 'node-ready' };
}

function conditionTaintKey(type: string, status: string): string | undefined {
  if (!Object.hasOwn(NODE_CONDITION_TO_TAINT_KEY, type)) return undefined;
  const byStatus = NODE_CONDITION_TO_TAINT_KEY[type] as Readonly<Record<string, string>>;
  return Object.hasOwn(byStatus, status) ? byStatus[status] : undefined;
}

function nodeTaints(node: NodeInput): Taint[] {
  return readTaints(get(get(node, 'spec'), 'taints')).map((t) => {
    const out: Taint = { key: t.key, value: t.value, effect: t.effect };
    if (t.timeAdded !== undefined) out.timeAdded = t.timeAdded;
    return out;
  });
}
