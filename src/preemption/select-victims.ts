import { err, ok, type Result } from 'neverthrow';
import { isObjectLike, type PodObjectView, podRef, readPodObject } from '../pods/pod-object';
import {
  CallbackFailure,
  callbackError,
  guarded,
  inputError,
  type PreemptionInputError,
} from './errors';
import { clockNow, moreImportantView, type PreemptionClock } from './importance';
import { type PdbPodAccount, preparePdbs, splitByPdbViolation } from './pdb-violation';
import {
  type InsufficientResource,
  type ResourceFitOptions,
  resourceFitReasons,
} from './resource-fit';

// DefaultPreemption.SelectVictimsOnNode (pkg/scheduler/framework/plugins/defaultpreemption),
// v1.37, with the filters replaced by one injected fit function.

export interface SelectVictimsOptions<P = unknown> extends ResourceFitOptions, PreemptionClock {
  /**
   * Whether the preemptor fits on the node when exactly these pods are on it (the scheduler's
   * Filter plugins). Defaults to `resourceFit(preemptor, node)`, which needs `node`.
   */
  fits?: (remainingPods: readonly P[]) => boolean;
  /** The node, for the default resource fit. */
  node?: unknown;
  /** Every PodDisruptionBudget in the cluster (the scheduler lists them all). */
  pdbs?: readonly unknown[];
  /**
   * Pods nominated to this node. Those with priority at or above the preemptor's (other than
   * the preemptor) are counted as if running for a first fit check, which must pass as well as
   * the check without them ("filters with nominated pods").
   */
  nominatedPods?: readonly P[];
  /** The plugin's `IsEligiblePod` hook; by default every lower-priority pod is eligible. */
  isEligiblePod?: (victim: P, preemptor: unknown) => boolean;
  /** The plugin's `MoreImportantPod` hook; by default `moreImportantPod` (priority, then start). */
  moreImportantPod?: (a: P, b: P) => boolean;
}

/** What happened to one potential victim during the reprieve. */
export interface VictimStep<P> {
  readonly pod: P;
  /** `namespace/name`. */
  readonly ref: string;
  readonly priority: number;
  /** Preempting it would violate a PDB (it was tried in the first group). */
  readonly pdbViolating: boolean;
  readonly outcome: 'victim' | 'reprieved';
  readonly why: string;
}

export interface NotPreemptable<P> {
  readonly pod: P;
  readonly ref: string;
  readonly why: string;
}

/** The victims on one node, as `SelectVictimsOnNode` returns them, with the reasons. */
export interface VictimSelection<P> {
  /**
   * Most important first when both PDB groups contributed (upstream re-sorts then); otherwise
   * in reprieve order, which is also most important first within each group.
   */
  readonly victims: P[];
  readonly numPDBViolations: number;
  /** Lower-priority pods that stay: the preemptor fits with them back on the node. */
  readonly reprieved: P[];
  /** Every potential victim, in the order the reprieve tried them. */
  readonly steps: VictimStep<P>[];
  /** Pods that may not be preempted at all (priority not lower, or `isEligiblePod` said no). */
  readonly notPreemptable: NotPreemptable<P>[];
  /** The PDB accounting of the potential victims, most important first. */
  readonly pdbAccounts: PdbPodAccount<P>[];
  /** How many times the fit was checked (upstream's filter runs). */
  readonly fitChecks: number;
  readonly why: string;
}

export type VictimSelectionOutcome<P> =
  | ({ readonly kind: 'selected' } & VictimSelection<P>)
  | {
      /** No pod on the node has a lower priority (or passes `isEligiblePod`). */
      readonly kind: 'no-victims';
      readonly status: 'UnschedulableAndUnresolvable';
      readonly message: string;
      readonly notPreemptable: NotPreemptable<P>[];
      readonly fitChecks: number;
      readonly why: string;
    }
  | {
      /** Even with every potential victim removed the preemptor does not fit. */
      readonly kind: 'does-not-fit';
      readonly status: 'Unschedulable';
      readonly message: string;
      /** The default fit's reasons (absent with a custom `fits`). */
      readonly insufficient?: readonly InsufficientResource[];
      readonly notPreemptable: NotPreemptable<P>[];
      readonly fitChecks: number;
      readonly why: string;
    };

/** Upstream's status message when a node has no potential victims. */
export const NO_VICTIMS_MESSAGE = 'No preemption victims found for incoming pod';

interface Entry<P> {
  readonly pod: P;
  readonly view: PodObjectView;
  readonly index: number;
}

function stableSortByImportance<P>(
  entries: Entry<P>[],
  more: (a: Entry<P>, b: Entry<P>) => boolean,
): Entry<P>[] {
  return entries
    .map((e, order) => ({ e, order }))
    .sort((x, y) => (more(x.e, y.e) ? -1 : more(y.e, x.e) ? 1 : x.order - y.order))
    .map((x) => x.e);
}

function validate<P>(
  preemptor: unknown,
  nodePods: readonly P[],
  options: SelectVictimsOptions<P>,
): PreemptionInputError | undefined {
  if (!isObjectLike(preemptor))
    return inputError('invalid-pod', 'preemptor', preemptor, 'preemptor: not a pod object');
  if (!Array.isArray(nodePods))
    return inputError('invalid-pod', 'nodePods', nodePods, 'nodePods: not a list of pods');
  for (const [i, pod] of nodePods.entries())
    if (!isObjectLike(pod))
      return inputError('invalid-pod', `nodePods[${i}]`, pod, `nodePods[${i}]: not a pod object`);
  const nominated = options.nominatedPods ?? [];
  if (!Array.isArray(nominated))
    return inputError('invalid-pod', 'nominatedPods', nominated, 'nominatedPods: not a list');
  for (const [i, pod] of nominated.entries())
    if (!isObjectLike(pod))
      return inputError(
        'invalid-pod',
        `nominatedPods[${i}]`,
        pod,
        `nominatedPods[${i}]: not a pod object`,
      );
  if (options.fits === undefined) {
    if (options.node === undefined)
      return inputError(
        'no-fit-function',
        'options',
        options,
        'give either fits or node (for the default resource fit)',
      );
    if (!isObjectLike(options.node))
      return inputError(
        'invalid-node',
        'options.node',
        options.node,
        'options.node: not a node object',
      );
  }
  return undefined;
}

/**
 * `SelectVictimsOnNode`, explained. Every pod with a priority strictly below the preemptor's
 * (and accepted by `isEligiblePod`) is a potential victim. They are all removed; if the
 * preemptor then does not fit, the node is no candidate. Otherwise the potential victims are
 * sorted most important first, split into PDB-violating and non-violating (in that order), and
 * each is put back in turn: it stays (is reprieved) if the preemptor still fits, else it is a
 * victim (counting a PDB violation when it came from the first group).
 *
 * Differences from upstream, all deliberate: sorts are stable (upstream's `sort.Slice` leaves
 * equally important pods in an arbitrary order), and "now" is `options.now`.
 */
export function explainVictimSelection<P>(
  preemptor: unknown,
  nodePods: readonly P[],
  options: SelectVictimsOptions<P> = {},
): Result<VictimSelectionOutcome<P>, PreemptionInputError> {
  const opts: SelectVictimsOptions<P> = isObjectLike(options) ? options : {};
  const invalid = validate(preemptor, nodePods, opts);
  if (invalid !== undefined) return err(invalid);
  try {
    return ok(select(preemptor, nodePods, opts));
  } catch (e) {
    if (e instanceof CallbackFailure) return err(callbackError(e));
    throw e;
  }
}

/**
 * `SelectVictimsOnNode`: the pods to preempt on this node so that `preemptor` fits, and how many
 * of them violate a PodDisruptionBudget; `null` when the node is no candidate (no lower-priority
 * pods, or the preemptor does not fit even without them) or the input is not usable. The result
 * also says why each pod is a victim or was reprieved. See `explainVictimSelection`.
 */
export function selectVictimsOnNode<P>(
  preemptor: unknown,
  nodePods: readonly P[],
  options: SelectVictimsOptions<P> = {},
): VictimSelection<P> | null {
  const outcome = explainVictimSelection(preemptor, nodePods, options);
  if (outcome.isErr() || outcome.value.kind !== 'selected') return null;
  const { kind: _kind, ...selection } = outcome.value;
  return selection;
}

function select<P>(
  preemptor: unknown,
  nodePods: readonly P[],
  options: SelectVictimsOptions<P>,
): VictimSelectionOutcome<P> {
  const now = clockNow(options);
  const self = readPodObject(preemptor);
  const entries: Entry<P>[] = nodePods.map((pod, index) => ({
    pod,
    view: readPodObject(pod),
    index,
  }));
  const isEligible = options.isEligiblePod;
  const potential: Entry<P>[] = [];
  const notPreemptable: NotPreemptable<P>[] = [];
  for (const e of entries) {
    const ref = podRef(e.view);
    if (e.view.priority >= self.priority) {
      notPreemptable.push({
        pod: e.pod,
        ref,
        why: `${ref} has priority ${e.view.priority}, not lower than the preemptor's ${self.priority}`,
      });
    } else if (
      isEligible !== undefined &&
      !guarded('options.isEligiblePod', () => isEligible(e.pod, preemptor))
    ) {
      notPreemptable.push({ pod: e.pod, ref, why: `${ref} was excluded by isEligiblePod` });
    } else {
      potential.push(e);
    }
  }

  const defaultFit =
    options.fits === undefined ? resourceFitReasons(preemptor, options.node, options) : undefined;
  const fitsWith = (pods: P[]): boolean =>
    defaultFit !== undefined
      ? defaultFit(pods).length === 0
      : guarded('options.fits', () => options.fits?.(pods) === true);
  const nominated = (options.nominatedPods ?? [])
    .map((pod) => ({ pod, view: readPodObject(pod) }))
    .filter((n) => n.view.priority >= self.priority && n.view.uid !== self.uid)
    .map((n) => n.pod);
  const present = new Set<number>(entries.map((e) => e.index));
  let fitChecks = 0;
  const remaining = () => entries.filter((e) => present.has(e.index)).map((e) => e.pod);
  // RunFilterPluginsWithNominatedPods: with the higher-priority nominated pods first, then
  // without them (only when some were added and the first pass succeeded).
  const fitsNow = (): boolean => {
    fitChecks++;
    const pods = remaining();
    if (nominated.length > 0 && !fitsWith([...pods, ...nominated])) return false;
    return fitsWith(pods);
  };

  if (potential.length === 0) {
    return {
      kind: 'no-victims',
      status: 'UnschedulableAndUnresolvable',
      message: NO_VICTIMS_MESSAGE,
      notPreemptable,
      fitChecks,
      why: `no pod on the node has a priority below the preemptor's ${self.priority}`,
    };
  }
  for (const e of potential) present.delete(e.index);
  if (!fitsNow()) {
    const insufficient =
      defaultFit !== undefined ? defaultFit([...remaining(), ...nominated]) : undefined;
    const message =
      insufficient !== undefined && insufficient.length > 0
        ? insufficient.map((i) => i.reason).join(', ')
        : 'the preemptor does not fit even with every lower-priority pod removed';
    return {
      kind: 'does-not-fit',
      status: 'Unschedulable',
      message,
      ...(insufficient === undefined ? {} : { insufficient }),
      notPreemptable,
      fitChecks,
      why: `removing all ${potential.length} lower-priority pod(s) does not make room: ${message}`,
    };
  }

  const custom = options.moreImportantPod;
  const more = (a: Entry<P>, b: Entry<P>): boolean =>
    custom !== undefined
      ? guarded('options.moreImportantPod', () => custom(a.pod, b.pod) === true)
      : moreImportantView(a.view, b.view, now);
  const sorted = stableSortByImportance(potential, more);
  const { prepared } = preparePdbs(Array.isArray(options.pdbs) ? options.pdbs : []);
  const split = splitByPdbViolation(
    sorted.map((e) => ({ pod: e, view: e.view })),
    prepared,
  );

  const victims: Entry<P>[] = [];
  const reprieved: P[] = [];
  const steps: VictimStep<P>[] = [];
  let numPDBViolations = 0;
  const violatingEntries = split.violating;
  const nonViolatingEntries = split.nonViolating;
  const reprieve = (e: Entry<P>, pdbViolating: boolean) => {
    present.add(e.index);
    const ref = podRef(e.view);
    const prio = `priority ${e.view.priority}`;
    if (fitsNow()) {
      reprieved.push(e.pod);
      steps.push({
        pod: e.pod,
        ref,
        priority: e.view.priority,
        pdbViolating,
        outcome: 'reprieved',
        why: `${ref} (${prio}) is reprieved: the preemptor still fits with it back on the node`,
      });
      return;
    }
    present.delete(e.index);
    victims.push(e);
    if (pdbViolating) numPDBViolations++;
    steps.push({
      pod: e.pod,
      ref,
      priority: e.view.priority,
      pdbViolating,
      outcome: 'victim',
      why:
        `${ref} (${prio}) is a victim: the preemptor does not fit with it back on the node` +
        (pdbViolating ? '; preempting it violates a PodDisruptionBudget' : ''),
    });
  };
  for (const e of violatingEntries) reprieve(e, true);
  for (const e of nonViolatingEntries) reprieve(e, false);
  const ordered =
    violatingEntries.length > 0 && nonViolatingEntries.length > 0
      ? stableSortByImportance(victims, more)
      : victims;
  return {
    kind: 'selected',
    victims: ordered.map((e) => e.pod),
    numPDBViolations,
    reprieved,
    steps,
    notPreemptable,
    pdbAccounts: split.accounts.map((a) => ({ ...a, pod: a.pod.pod })),
    fitChecks,
    why:
      `${ordered.length} of ${potential.length} lower-priority pod(s) must go` +
      (numPDBViolations > 0
        ? `, ${numPDBViolations} of them violating a PodDisruptionBudget`
        : '') +
      `; ${reprieved.length} reprieved`,
  };
}
