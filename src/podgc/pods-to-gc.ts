import { err, ok, type Result } from 'neverthrow';
import { isObjectLike } from '../pods/api-object';
import { type NodeObjectView, readNodeObject } from '../pods/node-object';
import { type PodObjectView, podRef, readPodObject } from '../pods/pod-object';
import { podIsEvicted } from '../pods/pod-phase';
import {
  DEFAULT_TERMINATED_POD_GC_THRESHOLD,
  type GcSweep,
  OUT_OF_SERVICE_TAINT_KEY,
  QUARANTINE_MS,
} from './constants';
import { type GcStatusUpdate, orphanCondition, statusUpdateFor } from './mark-failed';
import { compareGcOrder, isTerminatedPhase } from './order';
import {
  EMPTY_QUARANTINE,
  type NodeLookup,
  type QuarantineCheck,
  type QuarantineState,
  stepQuarantine,
} from './quarantine';

// PodGCController.gc (pkg/controller/podgc/gc_controller.go), Kubernetes v1.37, as one pure
// step: the four sweeps in upstream's order, the status each deleted pod gets first, and the
// orphan quarantine carried as state.

export interface PodGcOptions {
  /** The run's time, epoch ms. */
  now: number;
  /** `--terminated-pod-gc-threshold` (default 12500); 0 or less skips the terminated sweep. */
  terminatedPodThreshold?: number;
  /** `quarantineTime` (default 40 s). */
  quarantineMs?: number;
  /** The quarantine the previous run returned (default: empty). */
  quarantine?: QuarantineState;
  /**
   * The live `GET node` PodGC makes when a quarantined node's time is up: `true` found,
   * `false` NotFound, `'error'` any other failure. Default: the node exists iff it is in
   * `nodes` (the API agrees with the informer).
   */
  nodeExists?: NodeLookup;
}

/** One force deletion PodGC makes, in the order it makes them. */
export interface GcDeletion<P> {
  readonly pod: P;
  /** `namespace/name`. */
  readonly ref: string;
  readonly sweep: GcSweep;
  /** The status patch sent before the delete; absent for a pod already Succeeded or Failed. */
  readonly statusUpdate?: GcStatusUpdate;
  /** PodGC always deletes with a zero grace period. */
  readonly deleteOptions: { readonly gracePeriodSeconds: 0 };
  readonly why: string;
}

export interface PodGcPlan<P> {
  /**
   * Every delete, sweep by sweep (terminated, out-of-service, orphaned, unscheduled). A pod two
   * sweeps select is deleted by both, as upstream does within one run (the second gets NotFound).
   */
  readonly deletions: GcDeletion<P>[];
  /** The quarantine to pass to the next run. */
  readonly quarantine: QuarantineState;
  readonly terminated: {
    readonly count: number;
    readonly threshold: number;
    /** `max(0, count - threshold)`, or 0 when the threshold disables the sweep. */
    readonly deleteCount: number;
  };
  /** Nodes newly queued in quarantine by this run. */
  readonly quarantined: readonly string[];
  /** Quarantined nodes whose time was up in this run. */
  readonly nodeChecks: readonly QuarantineCheck[];
}

export interface PodGcInputError {
  readonly code: 'invalid-pod' | 'invalid-node' | 'invalid-option';
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

interface Entry<P> {
  readonly pod: P;
  readonly view: PodObjectView;
}

const FORCE = { gracePeriodSeconds: 0 } as const;

function sorted<P>(entries: Entry<P>[]): Entry<P>[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((x, y) => compareGcOrder(x.e.view, y.e.view) || x.i - y.i)
    .map((x) => x.e);
}

function validate(pods: unknown, nodes: unknown, options: unknown): PodGcInputError | undefined {
  const bad = (code: PodGcInputError['code'], path: string, value: unknown, what: string) => ({
    code,
    path,
    value,
    message: `${path}: ${what}`,
  });
  if (!Array.isArray(pods)) return bad('invalid-pod', 'pods', pods, 'not a list of pods');
  for (const [i, p] of pods.entries())
    if (!isObjectLike(p)) return bad('invalid-pod', `pods[${i}]`, p, 'not a pod object');
  if (!Array.isArray(nodes)) return bad('invalid-node', 'nodes', nodes, 'not a list of nodes');
  for (const [i, n] of nodes.entries())
    if (!isObjectLike(n)) return bad('invalid-node', `nodes[${i}]`, n, 'not a node object');
  if (!isObjectLike(options)) return bad('invalid-option', 'options', options, 'not an object');
  const { now, terminatedPodThreshold, quarantineMs, quarantine, nodeExists } = options;
  if (typeof now !== 'number' || !Number.isFinite(now))
    return bad('invalid-option', 'options.now', now, 'not a finite epoch-ms time');
  if (
    terminatedPodThreshold !== undefined &&
    (typeof terminatedPodThreshold !== 'number' || Number.isNaN(terminatedPodThreshold))
  )
    return bad(
      'invalid-option',
      'options.terminatedPodThreshold',
      terminatedPodThreshold,
      'not a number',
    );
  if (
    quarantineMs !== undefined &&
    (typeof quarantineMs !== 'number' || Number.isNaN(quarantineMs))
  )
    return bad('invalid-option', 'options.quarantineMs', quarantineMs, 'not a number');
  if (quarantine !== undefined) {
    const due = isObjectLike(quarantine) ? quarantine.due : undefined;
    if (
      !isObjectLike(due) ||
      !Object.values(due).every((v) => typeof v === 'number' && !Number.isNaN(v))
    )
      return bad(
        'invalid-option',
        'options.quarantine',
        quarantine,
        'not a quarantine state ({ due: { node: epoch ms } })',
      );
  }
  if (nodeExists !== undefined && typeof nodeExists !== 'function')
    return bad('invalid-option', 'options.nodeExists', nodeExists, 'not a function');
  return undefined;
}

/**
 * Which pods one run of the PodGC controller force-deletes, in order, why, and the status it
 * patches first. The sweeps, in upstream's order:
 *
 * 1. terminated: when the threshold is positive and more pods than that are terminated (phase
 *    neither Pending, Running nor Unknown), the excess goes, evicted pods first, then oldest
 *    `creationTimestamp`, then name;
 * 2. out-of-service: terminating pods (`deletionTimestamp` set) on a listed node that is not
 *    Ready and has the `node.kubernetes.io/out-of-service` taint (any value or effect), in the
 *    same order;
 * 3. orphaned: pods bound to a node that has been missing through the quarantine and that a
 *    live GET does not find; they get `DisruptionTarget=True` (`DeletionByPodGC`,
 *    `PodGC: node no longer exists`) unless already terminal;
 * 4. unscheduled: terminating pods with no `spec.nodeName`.
 *
 * Every pod not already Succeeded or Failed is patched to phase Failed before its delete, which
 * always has a zero grace period. Within a sweep, pods that compare equal keep their input order
 * (upstream's sort is unstable and its pod list unordered).
 */
export function podsToGc<P>(
  pods: readonly P[],
  nodes: readonly unknown[],
  options: PodGcOptions,
): Result<PodGcPlan<P>, PodGcInputError> {
  const invalid = validate(pods, nodes, options);
  if (invalid !== undefined) return err(invalid);
  const now = options.now;
  const threshold = options.terminatedPodThreshold ?? DEFAULT_TERMINATED_POD_GC_THRESHOLD;
  const entries: Entry<P>[] = pods.map((pod) => ({ pod, view: readPodObject(pod) }));
  const nodeViews = new Map<string, NodeObjectView>();
  for (const n of nodes) {
    const view = readNodeObject(n);
    nodeViews.set(view.name, view);
  }
  const deletions: GcDeletion<P>[] = [];
  const remove = (e: Entry<P>, sweep: GcSweep, why: string, update = statusUpdateFor(e.view)) =>
    deletions.push({
      pod: e.pod,
      ref: podRef(e.view),
      sweep,
      ...(update === undefined ? {} : { statusUpdate: update }),
      deleteOptions: FORCE,
      why,
    });

  // 1. terminated
  const terminated = entries.filter((e) => isTerminatedPhase(e.view.phase));
  const deleteCount = threshold > 0 ? Math.max(0, terminated.length - threshold) : 0;
  if (deleteCount > 0) {
    for (const e of sorted(terminated).slice(0, deleteCount)) {
      const phase = e.view.phase === '' ? 'no phase' : `phase ${e.view.phase}`;
      remove(
        e,
        'terminated',
        `${podRef(e.view)} is terminated (${phase}${podIsEvicted(e.view) ? ', evicted' : ''}) and ` +
          `${terminated.length} terminated pods exceed the threshold of ${threshold}; the ${deleteCount} ` +
          'evicted-first, oldest-first of them go',
      );
    }
  }

  // 2. terminating pods on out-of-service nodes
  const outOfService = entries.filter((e) => {
    if (!e.view.terminating) return false;
    const node = nodeViews.get(e.view.nodeName);
    return (
      node !== undefined &&
      !node.ready &&
      node.taints.some((t) => t.key === OUT_OF_SERVICE_TAINT_KEY)
    );
  });
  for (const e of sorted(outOfService))
    remove(
      e,
      'out-of-service',
      `${podRef(e.view)} is terminating on node ${e.view.nodeName}, which is not Ready and has the ` +
        `${OUT_OF_SERVICE_TAINT_KEY} taint`,
    );

  // 3. orphaned
  const existing = new Set(nodeViews.keys());
  const missing = entries
    .map((e) => e.view.nodeName)
    .filter((name) => name !== '' && !existing.has(name));
  const lookup: NodeLookup = options.nodeExists ?? ((name) => existing.has(name));
  const step = stepQuarantine(
    options.quarantine ?? EMPTY_QUARANTINE,
    missing,
    existing,
    now,
    options.quarantineMs ?? QUARANTINE_MS,
    lookup,
  );
  for (const e of entries) {
    if (!step.deleted.has(e.view.nodeName)) continue;
    remove(
      e,
      'orphaned',
      `${podRef(e.view)} is bound to node ${e.view.nodeName}, which stayed missing through the ` +
        'quarantine and a live GET does not find',
      statusUpdateFor(e.view, orphanCondition(e.view, now)),
    );
  }

  // 4. unscheduled terminating pods
  for (const e of entries) {
    if (!e.view.terminating || e.view.nodeName !== '') continue;
    remove(e, 'unscheduled', `${podRef(e.view)} is terminating and was never scheduled to a node`);
  }

  return ok({
    deletions,
    quarantine: step.state,
    terminated: { count: terminated.length, threshold, deleteCount },
    quarantined: step.queued,
    nodeChecks: step.checked,
  });
}
