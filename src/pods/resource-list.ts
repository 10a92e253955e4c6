import type { Quantity } from '../signals/quantity';
import type { ResourceList } from './pod';

// The resource-list arithmetic of component-helpers' resource package. Lists are Maps keyed by
// resource name; `undefined` plays Go's nil list (reads as empty).

/** `addResourceList`: `list[name] += quantity` for every entry of `add`. */
export function addResourceList(list: Map<string, Quantity>, add: ResourceList | undefined): void {
  if (add === undefined) return;
  for (const [name, quantity] of add) {
    const current = list.get(name);
    list.set(name, current === undefined ? quantity : current.add(quantity));
  }
}

/** `maxResourceList`: `list[name] = max(list[name], quantity)` for every entry of `other`. */
export function maxResourceList(
  list: Map<string, Quantity>,
  other: ResourceList | undefined,
): void {
  if (other === undefined) return;
  for (const [name, quantity] of other) {
    const current = list.get(name);
    if (current === undefined || quantity.cmp(current) > 0) list.set(name, quantity);
  }
}

/** `max(a, b...)`: per resource, the largest quantity found in any of the lists. */
export function maxOfResourceLists(
  first: ResourceList | undefined,
  ...rest: ReadonlyArray<ResourceList | undefined>
): Map<string, Quantity> {
  const result = new Map(first ?? []);
  for (const other of rest) maxResourceList(result, other);
  return result;
}

/** A copy of `list` with `defaults` filled in for every resource `list` does not name at all. */
export function applyNonMissing(
  list: ResourceList | undefined,
  defaults: ResourceList,
): ResourceList {
  const result = new Map(list ?? []);
  for (const [name, quantity] of defaults) if (!result.has(name)) result.set(name, quantity);
  return result;
}
