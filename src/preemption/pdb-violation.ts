import { labelSelectorAsSelector } from '../pods/label-selector';
import { isObjectLike, type PodObjectView, podRef, readPodObject } from '../pods/pod-object';

// filterPodsWithPDBViolation (defaultpreemption), v1.37: the scheduler's PDB accounting.

/** What preemption reads from a PodDisruptionBudget (policy/v1). */
export interface PdbView {
  readonly name: string;
  readonly namespace: string;
  readonly selector: unknown;
  readonly disruptionsAllowed: number;
  readonly disruptedPods: ReadonlySet<string>;
}

/** How one PDB counted one pod. */
export interface PdbCharge {
  /** Index of the PDB in the `pdbs` argument. */
  readonly pdb: number;
  readonly pdbName: string;
  /** `skipped`: the pod is already in the PDB's `status.disruptedPods`. */
  readonly outcome: 'charged' | 'skipped';
  /** The PDB's remaining allowance after this pod (unchanged when skipped). */
  readonly allowanceAfter: number;
}

export interface PdbPodAccount<P> {
  readonly pod: P;
  readonly violating: boolean;
  readonly charges: readonly PdbCharge[];
  readonly why: string;
}

export interface PdbViolationSplit<P> {
  /** Pods whose preemption would take some matching PDB below its allowance, in input order. */
  readonly violating: P[];
  readonly nonViolating: P[];
  /** One entry per input pod, in input order. */
  readonly accounts: PdbPodAccount<P>[];
  /** PDBs that match nothing because they are not objects or their selector is invalid. */
  readonly ignoredPdbs: readonly { readonly pdb: number; readonly why: string }[];
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Read a PDB; `undefined` when it is not an object. */
export function readPdb(pdb: unknown): PdbView | undefined {
  if (!isObjectLike(pdb)) return undefined;
  try {
    const metadata = isObjectLike(pdb.metadata) ? pdb.metadata : {};
    const spec = isObjectLike(pdb.spec) ? pdb.spec : {};
    const status = isObjectLike(pdb.status) ? pdb.status : {};
    const allowed = status.disruptionsAllowed;
    const disrupted = isObjectLike(status.disruptedPods) ? Object.keys(status.disruptedPods) : [];
    return {
      name: typeof metadata.name === 'string' ? metadata.name : '',
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
      selector: spec.selector,
      disruptionsAllowed:
        typeof allowed === 'number' &&
        Number.isInteger(allowed) &&
        allowed >= INT32_MIN &&
        allowed <= INT32_MAX
          ? allowed
          : 0,
      disruptedPods: new Set(disrupted),
    };
  } catch {
    return undefined;
  }
}

interface PreparedPdb {
  readonly index: number;
  readonly view: PdbView;
  readonly matches: (labels: Readonly<Record<string, string>>) => boolean;
}

/** Parse the PDBs once; those that cannot match anything are reported and dropped. */
export function preparePdbs(pdbs: readonly unknown[]): {
  prepared: PreparedPdb[];
  ignored: { pdb: number; why: string }[];
} {
  const prepared: PreparedPdb[] = [];
  const ignored: { pdb: number; why: string }[] = [];
  pdbs.forEach((pdb, index) => {
    const view = readPdb(pdb);
    if (view === undefined) {
      ignored.push({ pdb: index, why: 'not a PodDisruptionBudget object' });
      return;
    }
    const selector = labelSelectorAsSelector(view.selector);
    if (selector.isErr()) {
      // Upstream: "This object has an invalid selector, it does not match the pod".
      ignored.push({ pdb: index, why: `invalid selector: ${selector.error.message}` });
      return;
    }
    const s = selector.value;
    // The scheduler's quirk: a nil or empty selector matches nothing (the disruption controller
    // and the Eviction API treat an empty selector as match-all).
    if (s.empty()) {
      ignored.push({
        pdb: index,
        why: 'empty selector: the scheduler treats it as selecting no pods',
      });
      return;
    }
    prepared.push({ index, view, matches: (labels) => s.matches(labels) });
  });
  return { prepared, ignored };
}

/**
 * The accounting on views already read, over PDBs already prepared. Each pod, in the order
 * given, is charged to every PDB of its namespace whose selector matches it, unless the pod is
 * already in that PDB's `disruptedPods`; a charge takes one from the PDB's allowance (starting at
 * `status.disruptionsAllowed`), and a pod whose charge takes any allowance below zero is
 * violating. A pod without labels matches no PDB.
 */
export function splitByPdbViolation<P>(
  pods: readonly { pod: P; view: PodObjectView }[],
  prepared: readonly PreparedPdb[],
): { violating: P[]; nonViolating: P[]; accounts: PdbPodAccount<P>[] } {
  const allowed = prepared.map((p) => p.view.disruptionsAllowed);
  const violating: P[] = [];
  const nonViolating: P[] = [];
  const accounts: PdbPodAccount<P>[] = [];
  for (const { pod, view } of pods) {
    const charges: PdbCharge[] = [];
    let isViolating = false;
    if (view.labelCount > 0) {
      prepared.forEach((p, i) => {
        if (p.view.namespace !== view.namespace || !p.matches(view.labels)) return;
        if (p.view.disruptedPods.has(view.name)) {
          charges.push({
            pdb: p.index,
            pdbName: p.view.name,
            outcome: 'skipped',
            allowanceAfter: allowed[i] ?? 0,
          });
          return;
        }
        const after = (allowed[i] ?? 0) - 1;
        allowed[i] = after;
        if (after < 0) isViolating = true;
        charges.push({
          pdb: p.index,
          pdbName: p.view.name,
          outcome: 'charged',
          allowanceAfter: after,
        });
      });
    }
    (isViolating ? violating : nonViolating).push(pod);
    accounts.push({
      pod,
      violating: isViolating,
      charges,
      why: explainAccount(view, charges, isViolating),
    });
  }
  return { violating, nonViolating, accounts };
}

function explainAccount(
  view: PodObjectView,
  charges: readonly PdbCharge[],
  violating: boolean,
): string {
  const ref = podRef(view);
  if (charges.length === 0)
    return view.labelCount === 0
      ? `${ref} has no labels, so no PDB covers it`
      : `no PDB in namespace "${view.namespace}" selects ${ref}`;
  const parts = charges.map((c) =>
    c.outcome === 'skipped'
      ? `PDB "${c.pdbName}" already lists it in disruptedPods (not charged)`
      : `PDB "${c.pdbName}" has ${c.allowanceAfter} disruption(s) left after it`,
  );
  return `${ref}: ${parts.join('; ')}${violating ? ', so preempting it violates a PDB' : ''}`;
}

/**
 * `filterPodsWithPDBViolation`: split pods, keeping their order, into those whose preemption
 * would violate a PodDisruptionBudget and the rest, with the scheduler's decrement semantics
 * (see `splitByPdbViolation`). PDBs that are not objects, have an invalid selector, or have a
 * nil or empty selector match nothing (the scheduler's rule, unlike the disruption controller).
 * Non-array arguments read as empty. Never throws.
 */
export function filterPodsWithPDBViolation<P>(
  pods: readonly P[],
  pdbs: readonly unknown[] = [],
): PdbViolationSplit<P> {
  const podList = Array.isArray(pods) ? pods : [];
  const pdbList = Array.isArray(pdbs) ? pdbs : [];
  const { prepared, ignored } = preparePdbs(pdbList);
  const split = splitByPdbViolation(
    podList.map((pod) => ({ pod, view: readPodObject(pod) })),
    prepared,
  );
  return { ...split, ignoredPdbs: ignored };
}
