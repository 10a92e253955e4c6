import { err, ok, type Result } from 'neverthrow';
import { labelSelectorAsSelector, selectorMatches, selectorString } from '../pods/label-selector';
import { getExpectedScale, podCountScaleOf, type ScaleOf } from './controller-scale';
import { getScaledValueFromIntOrPercent, toInt32 } from './int-or-percent';
import {
  conditionsAreUpToDate,
  DISRUPTION_ALLOWED_CONDITION,
  type PdbFacts,
  type PdbStatus,
  readPdbFacts,
  SYNC_FAILED_REASON,
  setStatusCondition,
  updateDisruptionAllowedCondition,
} from './pdb';
import { type PodFacts, readPodFacts } from './pod-facts';

/**
 * `DeletionTimeout`: how long an eviction approved by the API server keeps its pod out of
 * `currentHealthy` (through `status.disruptedPods`) while the controller waits to see it deleted.
 */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** An event the disruption controller records while syncing (reason and message as upstream). */
export interface DisruptionEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** What it is recorded on: the PDB, or a pod (by name). */
  readonly on: { readonly kind: 'PodDisruptionBudget' | 'Pod'; readonly name: string };
}

/** What one sync of the disruption controller computes for a PDB. */
export interface PdbSync {
  /** The status after the sync. */
  readonly status: PdbStatus;
  /** Whether the controller writes it (upstream skips the write when nothing changed). */
  readonly write: boolean;
  /** Names of the selected pods (same namespace, matching the selector), in input order. */
  readonly selectedPods: readonly string[];
  /** Selected pods without a controller (counted when healthy, not in the expected count). */
  readonly unmanagedPods: readonly string[];
  /** When a `disruptedPods` entry expires and the PDB is synced again (epoch ms). */
  readonly recheckAt: number | undefined;
  readonly events: readonly DisruptionEvent[];
}

/** A failed sync: the controller then writes `failSafe` (no disruptions allowed). */
export interface PdbSyncError {
  readonly code: 'invalid-selector' | 'expected-count-failed';
  /** Upstream's error text; also the `SyncFailed` condition message. */
  readonly message: string;
  /** The status the controller writes instead: disruptionsAllowed 0, `SyncFailed`. */
  readonly failSafe: PdbStatus;
  readonly events: readonly DisruptionEvent[];
}

export interface PdbStatusOptions {
  /** The controller's clock (epoch ms). */
  readonly now: number;
  /**
   * Resolves a controller reference to its scale (see `workloadScaleOf`). Needed for
   * `maxUnavailable` and percentage `minAvailable`; without it each controller's scale is taken
   * to be the number of its pods among `pods` (`podCountScaleOf`), an approximation.
   */
  readonly scaleOf?: ScaleOf;
}

function eventOnPdb(
  pdb: PdbFacts,
  type: DisruptionEvent['type'],
  reason: string,
  message: string,
): DisruptionEvent {
  return { type, reason, message, on: { kind: 'PodDisruptionBudget', name: pdb.name } };
}

/** `getExpectedPodCount`: expected pods and desired healthy pods from the spec. */
function expectedPodCount(
  pdb: PdbFacts,
  pods: readonly PodFacts[],
  scaleOf: ScaleOf,
): Result<{ expectedCount: number; desiredHealthy: number; unmanagedPods: string[] }, string> {
  if (pdb.maxUnavailable !== undefined) {
    return getExpectedScale(pods, scaleOf).andThen(({ expectedCount, unmanagedPods }) =>
      getScaledValueFromIntOrPercent(pdb.maxUnavailable, expectedCount, true)
        .mapErr((e) => e.message)
        .map((maxUnavailable) => ({
          expectedCount,
          desiredHealthy: Math.max(0, toInt32(expectedCount - toInt32(maxUnavailable))),
          unmanagedPods,
        })),
    );
  }
  if (pdb.minAvailable !== undefined) {
    if (typeof pdb.minAvailable === 'number') {
      return ok({
        expectedCount: pods.length,
        desiredHealthy: toInt32(pdb.minAvailable),
        unmanagedPods: [],
      });
    }
    return getExpectedScale(pods, scaleOf).andThen(({ expectedCount, unmanagedPods }) =>
      getScaledValueFromIntOrPercent(pdb.minAvailable, expectedCount, true)
        .mapErr((e) => e.message)
        .map((minAvailable) => ({
          expectedCount,
          desiredHealthy: toInt32(minAvailable),
          unmanagedPods,
        })),
    );
  }
  // Neither field: nothing is expected, and no disruption is ever allowed.
  return ok({ expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] });
}

/**
 * `buildDisruptedPodMap`: keep an entry only for a selected pod that is not terminating and
 * whose approval is at most `DeletionTimeout` old; expired entries raise `NotDeleted`.
 */
function buildDisruptedPodMap(
  pdb: PdbFacts,
  pods: readonly PodFacts[],
  now: number,
  events: DisruptionEvent[],
): { disruptedPods: Record<string, number>; recheckAt: number | undefined } {
  const disruptedPods: Record<string, number> = {};
  let recheckAt: number | undefined;
  for (const pod of pods) {
    if (pod.terminating) continue;
    if (!Object.hasOwn(pdb.status.disruptedPods, pod.name)) continue;
    const at = pdb.status.disruptedPods[pod.name] as number;
    const expectedDeletion = at + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      events.push({
        type: 'Warning',
        reason: 'NotDeleted',
        // Upstream formats the PDB as namespace/namespace (sic).
        message: `Pod was expected by PDB ${pdb.namespace}/${pdb.namespace} to be deleted but it wasn't`,
        on: { kind: 'Pod', name: pod.name },
      });
    } else {
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
      disruptedPods[pod.name] = at;
    }
  }
  return { disruptedPods, recheckAt };
}

/**
 * `countHealthyPods`: ready pods that are not terminating and not awaiting deletion after an
 * approved eviction (an entry counts while `entry + DeletionTimeout` is after now).
 */
function countHealthyPods(
  pods: readonly PodFacts[],
  disruptedPods: Readonly<Record<string, number>>,
  now: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.terminating) continue;
    const at = Object.hasOwn(disruptedPods, pod.name) ? disruptedPods[pod.name] : undefined;
    if (at !== undefined && at + DELETION_TIMEOUT_MS > now) continue;
    if (pod.ready) healthy++;
  }
  return healthy;
}

/** `apiequality.Semantic.DeepEqual` on two disruptedPods maps (nil and empty are equal). */
function sameDisruptedPods(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
  );
}

/** `failSafe`: disruptionsAllowed 0 and `DisruptionAllowed=False/SyncFailed`; the rest kept. */
function failSafeStatus(pdb: PdbFacts, message: string, now: number): PdbStatus {
  const { conditions } = setStatusCondition(
    pdb.status.conditions,
    {
      type: DISRUPTION_ALLOWED_CONDITION,
      status: 'False',
      reason: SYNC_FAILED_REASON,
      message,
      observedGeneration: pdb.status.observedGeneration,
    },
    now,
  );
  return { ...pdb.status, disruptionsAllowed: 0, conditions };
}

/**
 * One sync of the disruption controller for `pdb` (upstream `trySync` + `updatePdbStatus`):
 * select the pods (`pods` may hold pods of any namespace; only the PDB's namespace counts),
 * work out the expected and desired pod counts, prune `disruptedPods`, count healthy pods and
 * derive `disruptionsAllowed` (0 when negative or when nothing is expected) and the
 * `DisruptionAllowed` condition.
 *
 * Selector semantics are the controller's: a nil selector selects no pods, `{}` selects every
 * pod of the namespace. A sync error (an invalid selector, a controller whose scale cannot be
 * found) is an `err` carrying the fail-safe status the controller writes instead.
 */
export function pdbStatus(
  pdb: unknown,
  pods: readonly unknown[],
  options: PdbStatusOptions,
): Result<PdbSync, PdbSyncError> {
  return pdbStatusOfFacts(readPdbFacts(pdb), pods.map(readPodFacts), options);
}

/** `pdbStatus` on objects already read (callers syncing many PDBs read the pods once). */
export function pdbStatusOfFacts(
  facts: PdbFacts,
  pods: readonly PodFacts[],
  options: PdbStatusOptions,
): Result<PdbSync, PdbSyncError> {
  const { now } = options;
  const events: DisruptionEvent[] = [];
  const fail = (code: PdbSyncError['code'], message: string) =>
    err<PdbSync, PdbSyncError>({
      code,
      message,
      failSafe: failSafeStatus(facts, message, now),
      events,
    });

  const selector = labelSelectorAsSelector(facts.selector);
  if (selector.isErr()) {
    events.push(
      eventOnPdb(facts, 'Warning', 'NoPods', `Failed to get pods: ${selector.error.message}`),
    );
    return fail('invalid-selector', selector.error.message);
  }
  const selected = pods.filter(
    (p) => p.namespace === facts.namespace && selectorMatches(selector.value, p.labels),
  );
  if (selected.length === 0)
    events.push(eventOnPdb(facts, 'Normal', 'NoPods', 'No matching pods found'));

  const expected = expectedPodCount(facts, selected, options.scaleOf ?? podCountScaleOf(selected));
  if (expected.isErr()) {
    events.push(
      eventOnPdb(
        facts,
        'Warning',
        'CalculateExpectedPodCountFailed',
        `Failed to calculate the number of expected pods: ${expected.error}`,
      ),
    );
    return fail('expected-count-failed', expected.error);
  }
  const { expectedCount, desiredHealthy, unmanagedPods } = expected.value;
  if (unmanagedPods.length > 0) {
    events.push(
      eventOnPdb(
        facts,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${selectorString(selector.value)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      ),
    );
  }

  const { disruptedPods, recheckAt } = buildDisruptedPodMap(facts, selected, now, events);
  const currentHealthy = countHealthyPods(selected, disruptedPods, now);
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;

  const old = facts.status;
  const unchanged =
    old.currentHealthy === currentHealthy &&
    old.desiredHealthy === desiredHealthy &&
    old.expectedPods === expectedCount &&
    old.disruptionsAllowed === disruptionsAllowed &&
    sameDisruptedPods(old.disruptedPods, disruptedPods) &&
    old.observedGeneration === facts.generation &&
    conditionsAreUpToDate(old, facts.generation);
  const status = unchanged
    ? old
    : updateDisruptionAllowedCondition(
        {
          currentHealthy,
          desiredHealthy,
          expectedPods: expectedCount,
          disruptionsAllowed,
          disruptedPods,
          observedGeneration: facts.generation,
          conditions: old.conditions,
        },
        now,
      );
  return ok({
    status,
    write: !unchanged,
    selectedPods: selected.map((p) => p.name),
    unmanagedPods,
    recheckAt,
    events,
  });
}
