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
   * `in-informer`: it is back in the node list. `error`: the GET failed. In every case the
   * node is queued again while pods still point at it and the node list lacks it.
   */
  readonly outcome: 'deleted' | 'exists' | 'in-informer' | 'error';
}

/** The answer of a live `GET node`: found, NotFound, or any other error. */
export type NodeLookup = (name: string) => boolean | 'error';

export interface QuarantineStep {
  readonly state: QuarantineState;
  /** Nodes this run put in quarantine (a new waiting entry). */
  readonly queued: readonly string[];
  /** Nodes whose quarantine ended in this run, in queue order. */
  readonly checked: readonly QuarantineCheck[];
  /** The nodes found deleted. */
  readonly deleted: ReadonlySet<string>;
}

/**
 * One run of the orphan discovery, modelling upstream's delaying queue. First, every queued
 * node whose time has come is ready (its timer fired before this run). Then each missing node
 * (a pod is bound to it, the node list lacks it) is queued for `quarantineMs`; a node already
 * waiting keeps its earlier time, while a node that just became ready gets a fresh waiting entry
 * (so a node that stays missing is checked again every quarantine). With `quarantineMs <= 0` a
 * node is ready at once, as `AddAfter` with a non-positive delay adds it straight to the queue.
 * Last, every ready node still missing from the node list is looked up live.
 */
export function stepQuarantine(
  previous: QuarantineState,
  missing: readonly string[],
  existing: ReadonlySet<string>,
  now: number,
  quarantineMs: number,
  lookup: NodeLookup,
): QuarantineStep {
  const waiting = new Map<string, number>();
  const ready = new Set<string>();
  for (const [name, at] of Object.entries(previous.due)) {
    if (at <= now) ready.add(name);
    else waiting.set(name, at);
  }
  const queued: string[] = [];
  for (const name of missing) {
    if (quarantineMs <= 0) {
      ready.add(name);
      continue;
    }
    const readyAt = now + quarantineMs;
    const current = waiting.get(name);
    if (current === undefined) {
      waiting.set(name, readyAt);
      if (!queued.includes(name)) queued.push(name);
    } else if (readyAt < current) {
      waiting.set(name, readyAt);
    }
  }
  const checked: QuarantineCheck[] = [];
  const deleted = new Set<string>();
  for (const name of ready) {
    if (existing.has(name)) {
      checked.push({ node: name, outcome: 'in-informer' });
      continue;
    }
    let found: boolean | 'error';
    try {
      found = lookup(name);
    } catch {
      found = 'error'; // a failing lookup is a failed GET
    }
    if (found === false) {
      deleted.add(name);
      checked.push({ node: name, outcome: 'deleted' });
    } else {
      checked.push({ node: name, outcome: found === true ? 'exists' : 'error' });
    }
  }
  return { state: { due: Object.fromEntries(waiting) }, queued, checked, deleted };
}
