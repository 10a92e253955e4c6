// gcOrphaned's node quarantine (a delaying work queue upstream), as explicit state: a node
// missing from the node informer is queued for `quarantineTime`; once that has passed, and if it
// is still missing from the informer, a live GET decides whether it is really gone.

/**
 * The quarantine between two PodGC runs: node name → when it is due (epoch ms). Plain JSON;
 * start with `EMPTY_QUARANTINE` and pass each run's returned state to the next.
 */
export interface QuarantineState {
  readonly due: Readonly<Record<string, number>>;
}

export const EMPTY_QUARANTINE: QuarantineState = Object.freeze({ due: Object.freeze({}) });

/** What became of a quarantined node whose time was up. */
export interface QuarantineCheck {
  readonly node: string;
  /**
   * `deleted`: the live GET said NotFound (its pods are orphans). `exists`: the GET found it.
   * `in-informer`: it is back in the node list. `error`: the GET failed; the node is queued
   * again on the next run if pods still point at it.
   */
  readonly outcome: 'deleted' | 'exists' | 'in-informer' | 'error';
}

/** The answer of a live `GET node`: found, NotFound, or any other error. */
export type NodeLookup = (name: string) => boolean | 'error';

export interface QuarantineStep {
  readonly state: QuarantineState;
  /** Nodes queued by this run. */
  readonly queued: readonly string[];
  /** Nodes whose quarantine ended in this run, in queue order. */
  readonly checked: readonly QuarantineCheck[];
  /** The nodes found deleted. */
  readonly deleted: ReadonlySet<string>;
}

/**
 * One run of the orphan discovery. `missing` are the node names pods are bound to that the
 * node list does not have; `existing` is the node list. A node already queued keeps its earlier
 * due time (the delaying queue never postpones an item). With `quarantineMs <= 0` a node is due
 * at once, as upstream's `AddAfter` with a non-positive delay adds it straight to the queue.
 */
export function stepQuarantine(
  previous: QuarantineState,
  missing: readonly string[],
  existing: ReadonlySet<string>,
  now: number,
  quarantineMs: number,
  lookup: NodeLookup,
): QuarantineStep {
  const due = new Map<string, number>(Object.entries(previous.due));
  const queued: string[] = [];
  const readyAt = quarantineMs > 0 ? now + quarantineMs : now;
  for (const name of missing) {
    const current = due.get(name);
    if (current === undefined) {
      due.set(name, readyAt);
      queued.push(name);
    } else if (readyAt < current) {
      due.set(name, readyAt);
    }
  }
  const checked: QuarantineCheck[] = [];
  const deleted = new Set<string>();
  for (const [name, at] of [...due]) {
    if (at > now) continue;
    due.delete(name);
    if (existing.has(name)) {
      checked.push({ node: name, outcome: 'in-informer' });
      continue;
    }
    let found: boolean | 'error';
    try {
      found = lookup(name);
    } catch {
      found = 'error'; // a failing lookup is a failed GET: try again next run
    }
    if (found === false) {
      deleted.add(name);
      checked.push({ node: name, outcome: 'deleted' });
    } else {
      checked.push({ node: name, outcome: found === true ? 'exists' : 'error' });
    }
  }
  return { state: { due: Object.fromEntries(due) }, queued, checked, deleted };
}
