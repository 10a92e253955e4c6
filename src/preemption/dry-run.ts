import { err, ok, type Result } from 'neverthrow';
import { readNodeObject } from '../pods/node-object';
import { isObjectLike } from '../pods/pod-object';
import { inputError, type PreemptionInputError } from './errors';
import type { PreemptionCandidate } from './pick-node';
import { explainVictimSelection, type SelectVictimsOptions } from './select-victims';

// Evaluator.DryRunPreemption and DefaultPreemption.calculateNumCandidates, v1.37, run
// sequentially (upstream's parallelism 1, which its own tests use for determinism).

/** One node that failed a filter with `Unschedulable` (a "potential node"). */
export interface PotentialNode<P = unknown> {
  /** The node object: its name, and its allocatable for the default resource fit. */
  readonly node?: unknown;
  /** The node name, when `node` is not given. */
  readonly name?: string;
  /** The pods on the node. */
  readonly pods: readonly P[];
  /** A fit for this node (else the default resource fit against `node`). */
  readonly fits?: (remainingPods: readonly P[]) => boolean;
  /** Pods nominated to this node. */
  readonly nominatedPods?: readonly P[];
}

export interface DryRunOptions<P = unknown>
  extends Omit<SelectVictimsOptions<P>, 'fits' | 'node' | 'nominatedPods'> {
  /** Where the cyclic walk over the nodes starts (upstream: random). Default 0. */
  offset?: number;
  /** How many candidates to look for (default `calculateNumCandidates(nodes.length)`). */
  numCandidates?: number;
}

export interface NodeStatus {
  readonly node: string;
  readonly code: 'UnschedulableAndUnresolvable' | 'Unschedulable' | 'Error';
  readonly message: string;
}

export interface DryRun<P> {
  /** Candidates without PDB violations first, then those with; each list in walk order. */
  readonly candidates: PreemptionCandidate<P>[];
  /** Why each node that was checked and is no candidate failed. */
  readonly nodeStatuses: NodeStatus[];
  /** The nodes checked, in walk order (the walk stops early once enough candidates exist). */
  readonly checked: string[];
  /** Fit checks over all nodes (upstream's filter runs). */
  readonly fitChecks: number;
}

/** DefaultPreemptionArgs defaults. */
export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/**
 * `calculateNumCandidates`: `numNodes * percentage / 100` (integer division), at least
 * `absolute`, at most `numNodes`.
 */
export function calculateNumCandidates(
  numNodes: number,
  args: { minCandidateNodesPercentage?: number; minCandidateNodesAbsolute?: number } = {},
): number {
  const pct = args.minCandidateNodesPercentage ?? DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE;
  const abs = args.minCandidateNodesAbsolute ?? DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE;
  let n = Math.trunc((numNodes * pct) / 100);
  if (n < abs) n = abs;
  if (n > numNodes) n = numNodes;
  return n;
}

/**
 * `DryRunPreemption`: walk the potential nodes cyclically from `offset`, select victims on
 * each, and keep those with at least one victim as candidates, in two lists (without and with
 * PDB violations) of at most `numCandidates` each. The walk stops once there is a candidate
 * without violations and the two lists hold `numCandidates` together.
 */
export function dryRunPreemption<P>(
  preemptor: unknown,
  nodes: readonly PotentialNode<P>[],
  options: DryRunOptions<P> = {},
): Result<DryRun<P>, PreemptionInputError> {
  if (!isObjectLike(options)) options = {};
  if (!Array.isArray(nodes))
    return err(inputError('invalid-node', 'nodes', nodes, 'nodes: not a list'));
  for (const [i, n] of nodes.entries())
    if (!isObjectLike(n))
      return err(inputError('invalid-node', `nodes[${i}]`, n, `nodes[${i}]: not an object`));
  const count = nodes.length;
  const numCandidates = Math.max(
    0,
    Math.trunc(options.numCandidates ?? calculateNumCandidates(count)),
  );
  const offset = count === 0 ? 0 : ((Math.trunc(options.offset ?? 0) % count) + count) % count;
  const nonViolating: PreemptionCandidate<P>[] = [];
  const violating: PreemptionCandidate<P>[] = [];
  const nodeStatuses: NodeStatus[] = [];
  const checked: string[] = [];
  let fitChecks = 0;
  for (let i = 0; i < count; i++) {
    const entry = nodes[(offset + i) % count] as PotentialNode<P>;
    const name = typeof entry.name === 'string' ? entry.name : readNodeObject(entry.node).name;
    checked.push(name);
    const outcome = explainVictimSelection(preemptor, entry.pods, {
      ...options,
      ...(entry.fits === undefined ? {} : { fits: entry.fits }),
      ...(entry.node === undefined ? {} : { node: entry.node }),
      ...(entry.nominatedPods === undefined ? {} : { nominatedPods: entry.nominatedPods }),
    });
    if (outcome.isErr()) return err(outcome.error);
    const o = outcome.value;
    fitChecks += o.fitChecks;
    if (o.kind === 'selected' && o.victims.length > 0) {
      const list = o.numPDBViolations === 0 ? nonViolating : violating;
      // candidateList.add drops what does not fit in its fixed size.
      if (list.length < numCandidates)
        list.push({ name, victims: o.victims, numPDBViolations: o.numPDBViolations });
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
      continue;
    }
    if (o.kind === 'selected')
      nodeStatuses.push({
        node: name,
        code: 'Error',
        message: `expected at least one victim pod on node "${name}"`,
      });
    else nodeStatuses.push({ node: name, code: o.status, message: o.message });
  }
  return ok({ candidates: [...nonViolating, ...violating], nodeStatuses, checked, fitChecks });
}
