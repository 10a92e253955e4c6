import { field, text } from './read';

/** What `kubectl cordon` / `uncordon` does to a node. */
export interface CordonPlan {
  readonly node: string;
  /** False when `spec.unschedulable` already has the desired value: nothing is sent. */
  readonly changed: boolean;
  /**
   * The strategic-merge patch kubectl sends (`CreateTwoWayMergePatch` of the node before and
   * after): `{"spec":{"unschedulable":true}}`, or `null` to clear it (the field is
   * `omitempty`, so false is written by removing it).
   */
  readonly patch?: { readonly spec: { readonly unschedulable: true | null } };
  readonly patchType: 'application/strategic-merge-patch+json';
  /** kubectl's line: `node/<n> cordoned`, `node/<n> already uncordoned`, … */
  readonly message: string;
}

/**
 * `kubectl cordon` (`unschedulable: true`) or `kubectl uncordon` (`false`) as data: the
 * strategic-merge patch kubectl sends and what it prints (`CordonHelper`). The node lifecycle
 * controller then adds or removes the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
export function cordonPatch(node: unknown, unschedulable: boolean): CordonPlan {
  const name = text(field(node, 'metadata'), 'name');
  const current = field(field(node, 'spec'), 'unschedulable') === true;
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  const patchType = 'application/strategic-merge-patch+json' as const;
  if (current === unschedulable) {
    return { node: name, changed: false, patchType, message: `node/${name} already ${verb}` };
  }
  return {
    node: name,
    changed: true,
    patch: { spec: { unschedulable: unschedulable ? true : null } },
    patchType,
    message: `node/${name} ${verb}`,
  };
}
