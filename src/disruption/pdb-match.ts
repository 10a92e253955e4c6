import { labelSelectorAsSelector, selectorMatches } from '../pods/label-selector';
import { type PdbFacts, readPdbFacts } from './pdb';
import type { PodFacts } from './pod-facts';

/** A PDB that covers a pod, with its raw object. */
export interface MatchedPdb {
  readonly pdb: unknown;
  readonly facts: PdbFacts;
}

/**
 * The Eviction API's `getPodDisruptionBudgets`: the PDBs of the pod's namespace whose
 * selector converts and matches the pod's labels. A nil selector matches nothing, `{}` matches
 * every pod (labelled or not), and a PDB with an invalid selector is skipped. Before v1.29 the
 * Eviction API skipped `{}` (`selector.Empty()`); PR #119732 removed that, so in v1.37 the
 * eviction path and the disruption controller agree. (The scheduler's preemption still differs:
 * there `{}` matches nothing.)
 */
export function pdbsForPod(pod: PodFacts, pdbs: readonly unknown[]): MatchedPdb[] {
  const matched: MatchedPdb[] = [];
  for (const pdb of pdbs) {
    const facts = readPdbFacts(pdb);
    if (facts.namespace !== pod.namespace) continue;
    const selector = labelSelectorAsSelector(facts.selector);
    if (selector.isErr() || !selectorMatches(selector.value, pod.labels)) continue;
    matched.push({ pdb, facts });
  }
  return matched;
}
