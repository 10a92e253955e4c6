import { field, text } from '../pods/api-object';
import { labelSelectorAsSelector, selectorMatches } from '../pods/label-selector';
import { workloadScaleOf } from './controller-scale';
import {
  type DaemonSetLookup,
  type DrainOptions,
  type DrainPodResult,
  drainFilters,
  summarizeDrain,
} from './drain-filters';
import { type EvictionDecision, evictionDecision } from './eviction-decision';
import { type PdbStatus, pdbStatusToApi, readPdbFacts } from './pdb';
import { pdbStatusOfFacts } from './pdb-status';
import { type PodFacts, podKey, readPodFacts } from './pod-facts';

export interface DrainPlanInput {
  /** The node to drain. */
  readonly node: string;
  /** Pods of the cluster (at least those on the node and those the node's PDBs cover). */
  readonly pods: readonly unknown[];
  readonly pdbs: readonly unknown[];
  /**
   * Workload objects (ReplicationControllers, ReplicaSets, Deployments, StatefulSets,
   * DaemonSets, custom resources with `/scale`). When given, PDB statuses that have to be
   * computed use the controllers' real scales, and a DaemonSet missing from the list is
   * treated as gone (kubectl's orphaned DaemonSet pod). Without them, each controller's scale is
   * the number of its pods, and every DaemonSet is taken to exist.
   */
  readonly workloads?: readonly unknown[];
  readonly drain: DrainOptions;
  /**
   * Recompute every PDB status from the pods (as the disruption controller's next sync would)
   * instead of using the status the PDB objects carry. PDBs without a status are always computed.
   */
  readonly recompute?: boolean;
}

/** What happens to one pod of the node. */
export type PlannedAction =
  /** kubectl evicts it, and the Eviction API accepts it right now. */
  | 'evict'
  /** kubectl evicts it, and a PDB refuses it now (429): kubectl retries every 5 s. */
  | 'blocked'
  /** kubectl evicts it, and the Eviction API fails it for good (500 several PDBs, 403, …). */
  | 'fail'
  /** kubectl leaves it (DaemonSet with --ignore-daemonsets, mirror pod, long terminating). */
  | 'skip'
  /** kubectl refuses the whole node because of this pod (a filter error). */
  | 'refuse';

export interface PlannedPod {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** `Kind/name` of the controller, when there is one. */
  readonly controller?: string;
  readonly ready: boolean;
  readonly action: PlannedAction;
  /** kubectl's filter result for the pod. */
  readonly drain: Omit<DrainPodResult, 'pod'>;
  /** The Eviction API's answer, for pods kubectl would evict. */
  readonly eviction?: Omit<
    EvictionDecision,
    'status' | 'podCondition' | 'deleteOptions' | 'pdbUpdate' | 'pdbDryRun'
  > & {
    /** The Status cause's message (`The disruption budget … needs …`), when there is one. */
    readonly cause?: string;
  };
}

export interface PlannedBudget {
  readonly namespace: string;
  readonly name: string;
  /** `minAvailable 3`, `maxUnavailable 25%`, or `no minAvailable/maxUnavailable`. */
  readonly spec: string;
  readonly unhealthyPodEvictionPolicy: string;
  /** Whether the status below was read from the PDB or computed from the pods. */
  readonly statusSource: 'reported' | 'computed';
  /** The status before the drain (what the Eviction API checks). */
  readonly status: Omit<PdbStatus, 'conditions' | 'disruptedPods'> & {
    readonly disruptedPods: number;
  };
  /** `disruptionsAllowed` left after the evictions this plan accepts. */
  readonly allowedAfter: number;
  /** `metadata.generation`; the PDB is stale when `status.observedGeneration` is behind it. */
  readonly generation: number;
  /** The PDB has not been processed since its last change (`observedGeneration < generation`). */
  readonly stale: boolean;
  /** Why computing the status failed (the controller then allows no disruption). */
  readonly syncError?: string;
  /** The pods the budget covers, all nodes. */
  readonly covers: readonly {
    readonly key: string;
    readonly node: string;
    readonly ready: boolean;
  }[];
  /** Covered pods on the node that kubectl would evict, and how many of them are accepted now. */
  readonly onNode: number;
  readonly accepted: number;
  readonly blocked: number;
  /** The pods whose eviction used the budget, in order. */
  readonly acceptedPods: readonly string[];
}

export interface DrainPlan {
  readonly node: string;
  /** kubectl refuses the node (filter errors): nothing is evicted. */
  readonly refused: boolean;
  /** kubectl's error lines (`cannot delete …`). */
  readonly errors: readonly string[];
  /** kubectl's warning (`… : ns/a, ns/b; …`), `""` when none. */
  readonly warnings: string;
  readonly pods: readonly PlannedPod[];
  /** PDBs covering a pod of the node that kubectl would evict, and PDBs covering any pod on it. */
  readonly budgets: readonly PlannedBudget[];
  /** Whether the drain would complete now: not refused, nothing blocked or failing. */
  readonly clear: boolean;
}

function describeSpec(pdb: unknown): string {
  const spec = field(pdb, 'spec');
  const min = field(spec, 'minAvailable');
  const max = field(spec, 'maxUnavailable');
  if (max !== undefined && max !== null) return `maxUnavailable ${String(max)}`;
  if (min !== undefined && min !== null) return `minAvailable ${String(min)}`;
  return 'no minAvailable/maxUnavailable';
}

function daemonSetLookup(workloads: readonly unknown[]) {
  const present = new Set<string>();
  for (const w of workloads) {
    if (text(w, 'kind') !== 'DaemonSet') continue;
    const metadata = field(w, 'metadata');
    present.add(`${text(metadata, 'namespace')}/${text(metadata, 'name')}`);
  }
  return (namespace: string, name: string): DaemonSetLookup =>
    present.has(`${namespace}/${name}`) ? { found: true } : { found: false, notFound: true };
}

/** The PDB with its status replaced (API JSON), for the next eviction of the simulation. */
function withStatus(pdb: unknown, status: PdbStatus): unknown {
  return { ...(pdb as object), status: pdbStatusToApi(status) };
}

/**
 * What `kubectl drain <node>` would do, pod by pod, and what the Eviction API would answer to
 * each eviction right now: kubectl's filters (`drainFilters`), then one Eviction per pod it would
 * evict, in list order, each against the PDBs as the previous accepted evictions left them
 * (kubectl sends them all at once; the order among pods of one budget is a race). A pod the
 * budget refuses now is evicted later, when the budget's pods are healthy again elsewhere.
 */
export function planDrain(input: DrainPlanInput): DrainPlan {
  const { now } = input.drain;
  const all = input.pods.map((pod) => ({ pod, facts: readPodFacts(pod) }));
  const onNode = all.filter((p) => p.facts.nodeName === input.node);
  const lookups =
    input.workloads === undefined ? {} : { daemonSet: daemonSetLookup(input.workloads) };
  const filtered = drainFilters(
    onNode.map((p) => p.pod),
    input.drain,
    lookups,
  );
  const summary = summarizeDrain(filtered);
  const refused = summary.errors.length > 0;

  // The budgets' statuses before the drain: reported, or computed like the controller.
  const scaleOf = input.workloads === undefined ? undefined : workloadScaleOf(input.workloads);
  const syncErrors = new Map<number, string>();
  const computed = new Set<number>();
  const allFacts = all.map((p) => p.facts);
  let pdbs: unknown[] = input.pdbs.map((pdb, index) => {
    const facts = readPdbFacts(pdb);
    if (facts.hasStatus && input.recompute !== true) return pdb;
    computed.add(index);
    const sync = pdbStatusOfFacts(facts, allFacts, {
      now,
      ...(scaleOf !== undefined ? { scaleOf } : {}),
    });
    if (sync.isErr()) {
      syncErrors.set(index, sync.error.message);
      return withStatus(pdb, sync.error.failSafe);
    }
    return withStatus(pdb, sync.value.status);
  });
  const before = pdbs;

  const pods: PlannedPod[] = filtered.map((result, i) => {
    const facts = (onNode[i] as { facts: PodFacts }).facts;
    const { pod: _pod, ...drain } = result;
    const ref = facts.controllerRef;
    const base = {
      key: podKey(facts),
      namespace: facts.namespace,
      name: facts.name,
      ...(ref !== undefined ? { controller: `${ref.kind}/${ref.name}` } : {}),
      ready: facts.ready,
      drain,
    };
    if (result.status === 'Error') return { ...base, action: 'refuse' };
    if (!result.delete) return { ...base, action: 'skip' };
    const decision = evictionDecision(result.pod, pdbs, { now });
    if (decision.pdbUpdate !== undefined) {
      const update = decision.pdbUpdate;
      pdbs = pdbs.map((pdb) => {
        const f = readPdbFacts(pdb);
        return f.name === update.name && f.namespace === update.namespace
          ? withStatus(pdb, update.status)
          : pdb;
      });
    }
    const {
      status: _s,
      podCondition: _c,
      deleteOptions: _d,
      pdbUpdate: _u,
      pdbDryRun: _r,
      ...eviction
    } = decision;
    const cause = decision.status.details?.causes?.[0]?.message;
    const action: PlannedAction =
      decision.code === 201 ? 'evict' : decision.code === 429 ? 'blocked' : 'fail';
    return {
      ...base,
      action,
      eviction: { ...eviction, ...(cause !== undefined ? { cause } : {}) },
    };
  });

  // Budgets that cover a pod of the node.
  const budgets: PlannedBudget[] = [];
  before.forEach((pdb, index) => {
    const facts = readPdbFacts(pdb);
    // The Eviction API's matching (namespace, selector converted once).
    const selector = labelSelectorAsSelector(facts.selector);
    const covers = (p: PodFacts) =>
      selector.isOk() &&
      p.namespace === facts.namespace &&
      selectorMatches(selector.value, p.labels);
    const coveredHere = pods.filter((_, i) => covers((onNode[i] as { facts: PodFacts }).facts));
    if (coveredHere.length === 0) return;
    const covered = all.filter((p) => covers(p.facts));
    const decided = (p: PlannedPod) =>
      p.eviction?.pdb?.name === facts.name && p.eviction.pdb.namespace === facts.namespace;
    const s = facts.status;
    const syncError = syncErrors.get(index);
    budgets.push({
      namespace: facts.namespace,
      name: facts.name,
      spec: describeSpec(pdb),
      unhealthyPodEvictionPolicy: facts.unhealthyPodEvictionPolicy || 'IfHealthyBudget',
      statusSource: computed.has(index) ? 'computed' : 'reported',
      status: {
        observedGeneration: s.observedGeneration,
        disruptionsAllowed: s.disruptionsAllowed,
        currentHealthy: s.currentHealthy,
        desiredHealthy: s.desiredHealthy,
        expectedPods: s.expectedPods,
        disruptedPods: Object.keys(s.disruptedPods).length,
      },
      allowedAfter: readPdbFacts(pdbs[index]).status.disruptionsAllowed,
      generation: facts.generation,
      stale: s.observedGeneration < facts.generation,
      ...(syncError !== undefined ? { syncError } : {}),
      covers: covered.map((p) => ({
        key: podKey(p.facts),
        node: p.facts.nodeName,
        ready: p.facts.ready,
      })),
      onNode: coveredHere.filter((p) => p.drain.delete).length,
      accepted: coveredHere.filter((p) => decided(p) && p.action === 'evict').length,
      acceptedPods: coveredHere
        .filter((p) => decided(p) && p.eviction?.path === 'budget-decremented')
        .map((p) => p.key),
      blocked: coveredHere.filter((p) => decided(p) && p.action === 'blocked').length,
    });
  });

  const clear = !refused && pods.every((p) => p.action === 'evict' || p.action === 'skip');
  return {
    node: input.node,
    refused,
    errors: summary.errors,
    warnings: summary.warnings,
    pods,
    budgets,
    clear,
  };
}
