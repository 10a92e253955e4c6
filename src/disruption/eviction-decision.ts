import { err, ok, type Result } from 'neverthrow';
import { isTerminalPhase } from '../pods/pod-phase';
import {
  type ApiStatus,
  badRequest,
  conflict,
  DISRUPTION_BUDGET_CAUSE,
  multiplePdbs,
  PDB_VIOLATION_MESSAGE,
  pdbForbidden,
  podNotFound,
  successStatus,
  tooManyRequests,
} from './api-status';
import {
  ALWAYS_ALLOW,
  type PdbFacts,
  type PdbStatus,
  updateDisruptionAllowedCondition,
} from './pdb';
import { pdbsForPod } from './pdb-match';
import { type PodFacts, readPodFacts } from './pod-facts';

/**
 * `MaxDisruptedPodSize`: above this many unconfirmed evictions in `status.disruptedPods` the
 * Eviction API refuses (403) until the disruption controller catches up.
 */
export const MAX_DISRUPTED_POD_SIZE = 2000;

/** `EvictionsRetry`: the server's own retry on 409 conflicts (steps, interval, jitter). */
export const EVICTIONS_RETRY = { steps: 20, durationMs: 500, factor: 1, jitter: 0.1 } as const;

/** `metav1.Preconditions` on the Eviction's delete options. */
export interface DeletePreconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** The parts of `metav1.DeleteOptions` an Eviction carries that the decision reads. */
export interface EvictionDeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: DeletePreconditions;
}

export interface EvictionDecisionOptions {
  /** The API server's clock (epoch ms), written into `status.disruptedPods`. */
  readonly now: number;
  /** `dryRun=All` (from the query or the Eviction's delete options): nothing is written. */
  readonly dryRun?: boolean;
  readonly deleteOptions?: EvictionDeleteOptions;
  /** The Eviction's `metadata.name`, when it may differ from the pod in the URL. */
  readonly evictionName?: string;
  /** The pod name in the URL (default: the pod's name); required when `pod` is absent (404). */
  readonly podName?: string;
}

/** Which branch of the Eviction handler answered. */
export type EvictionPath =
  | 'bad-request'
  | 'pod-not-found'
  | 'terminal-pod'
  | 'pending-pod'
  | 'terminating-pod'
  | 'no-pdb'
  | 'multiple-pdbs'
  | 'unhealthy-pod-always-allow'
  | 'unhealthy-pod-budget-healthy'
  | 'budget-stale'
  | 'budget-negative'
  | 'budget-too-many-disrupted'
  | 'budget-exhausted'
  | 'budget-decremented';

/** The `DisruptionTarget` condition the handler writes on the pod before deleting it. */
export interface DisruptionTargetCondition {
  readonly type: 'DisruptionTarget';
  readonly status: 'True';
  readonly reason: 'EvictionByEvictionAPI';
  readonly message: 'Eviction API: evicting';
  readonly lastTransitionTime: number;
}

/** The Eviction subresource's answer to one request, and what it would write. */
export interface EvictionDecision {
  /** HTTP status: 201 evicted; 400, 403, 404, 409, 429, 500 refused. */
  readonly code: 201 | 400 | 403 | 404 | 409 | 429 | 500;
  /** `metav1.Status.reason` (`""` for the 201 and for the 500 of several PDBs). */
  readonly reason: string;
  /** `metav1.Status.message` (for 201: a description of what happened). */
  readonly message: string;
  /** The full Status body the server sends. */
  readonly status: ApiStatus;
  readonly path: EvictionPath;
  /** Seconds the server suggests waiting (`Retry-After`), when it suggests any. */
  readonly retryAfterSeconds?: number;
  /** The PDB that decided (or blocked) the eviction. */
  readonly pdb?: { readonly name: string; readonly namespace: string };
  /** Names of the PDBs covering the pod (more than one is the 500). */
  readonly matchingPdbs: readonly string[];
  /** The PDB status the handler writes (decremented budget, pod added to `disruptedPods`). */
  readonly pdbUpdate?: {
    readonly name: string;
    readonly namespace: string;
    readonly status: PdbStatus;
  };
  /** In dry-run, the status the budget check computed but did not write. */
  readonly pdbDryRun?: {
    readonly name: string;
    readonly namespace: string;
    readonly status: PdbStatus;
  };
  /** The delete options of the pod DELETE (with the server's resourceVersion precondition). */
  readonly deleteOptions?: EvictionDeleteOptions & { readonly dryRun?: readonly ['All'] };
  /**
   * The grace period of the DELETE (`CheckGracefulDelete`: the requested one, else the pod's
   * `terminationGracePeriodSeconds`; 0 for an unscheduled or terminal pod; negative → 1). Absent
   * for a pod that is already terminating.
   */
  readonly gracePeriodSeconds?: number;
  /** Written on the pod before the DELETE (never in dry-run). */
  readonly podCondition?: DisruptionTargetCondition;
}

/** `podStrategy.CheckGracefulDelete` for a first deletion. */
function gracePeriodFor(pod: PodFacts, options: EvictionDeleteOptions): number {
  // A stored pod always has terminationGracePeriodSeconds (API default 30).
  let period = options.gracePeriodSeconds ?? pod.terminationGracePeriodSeconds ?? 30;
  if (pod.nodeName === '') period = 0;
  if (isTerminalPhase(pod.phase)) period = 0;
  return period < 0 ? 1 : period;
}

/**
 * The pod-status update (`getLatestPod`) checks the delete preconditions first; in dry-run
 * there is no status update and the store's DELETE checks them instead, with its own text.
 */
function preconditionConflict(
  pod: PodFacts,
  preconditions: DeletePreconditions | undefined,
  dryRun: boolean,
): ApiStatus | undefined {
  const uid = preconditions?.uid;
  const rv = preconditions?.resourceVersion;
  if (dryRun) {
    // storage.Preconditions.Check → StorageError (invalid object) → a Conflict on "pods".
    const storageError = (detail: string) =>
      conflict(
        'pods',
        pod.name,
        `StorageError: invalid object, Code: 4, Key: /pods/${pod.namespace}/${pod.name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${detail}`,
      );
    if (uid !== undefined && uid !== '' && uid !== pod.uid) {
      return storageError(`UID in precondition: ${uid}, UID in object meta: ${pod.uid}`);
    }
    if (rv !== undefined && rv !== '' && rv !== pod.resourceVersion) {
      return storageError(
        `ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${pod.resourceVersion}`,
      );
    }
    return undefined;
  }
  if (uid !== undefined && uid !== '' && uid !== pod.uid) {
    return conflict(
      'Pod',
      pod.name,
      `the UID in the precondition (${uid}) does not match the UID in record (${pod.uid}). The object might have been deleted and then recreated`,
    );
  }
  if (rv !== undefined && rv !== '' && rv !== pod.resourceVersion) {
    return conflict(
      'Pod',
      pod.name,
      `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${pod.resourceVersion}). The object might have been modified`,
    );
  }
  return undefined;
}

function stillProcessing(pdbName: string): ApiStatus {
  return tooManyRequests(PDB_VIOLATION_MESSAGE, 10, [
    {
      reason: DISRUPTION_BUDGET_CAUSE,
      message: `The disruption budget ${pdbName} is still being processed by the server.`,
    },
  ]);
}

type BudgetCheck =
  | { kind: 'refused'; path: EvictionPath; status: ApiStatus }
  | { kind: 'decremented'; status: PdbStatus };

/** `checkAndDecrement`, on the PDB as read (the server re-reads it on a write conflict). */
function checkAndDecrement(
  pdb: PdbFacts,
  podName: string,
  now: number,
  dryRun: boolean,
): BudgetCheck {
  const s = pdb.status;
  if (s.observedGeneration < pdb.generation) {
    return { kind: 'refused', path: 'budget-stale', status: stillProcessing(pdb.name) };
  }
  if (s.disruptionsAllowed < 0) {
    return {
      kind: 'refused',
      path: 'budget-negative',
      status: pdbForbidden(pdb.name, 'pdb disruptions allowed is negative'),
    };
  }
  if (Object.keys(s.disruptedPods).length > MAX_DISRUPTED_POD_SIZE) {
    return {
      kind: 'refused',
      path: 'budget-too-many-disrupted',
      status: pdbForbidden(
        pdb.name,
        'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
      ),
    };
  }
  if (s.disruptionsAllowed === 0) {
    return {
      kind: 'refused',
      path: 'budget-exhausted',
      status: tooManyRequests(PDB_VIOLATION_MESSAGE, 0, [
        {
          reason: DISRUPTION_BUDGET_CAUSE,
          message: `The disruption budget ${pdb.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`,
        },
      ]),
    };
  }
  let next: PdbStatus = { ...s, disruptionsAllowed: s.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = updateDisruptionAllowedCondition(next, now);
  if (!dryRun) next = { ...next, disruptedPods: { ...next.disruptedPods, [podName]: now } };
  return { kind: 'decremented', status: next };
}

/**
 * What the `pods/eviction` subresource (upstream `EvictionREST.Create`, v1.37) answers to one
 * Eviction for `pod` given the PDBs of the cluster, from one consistent snapshot (the server's
 * retries on write conflicts are not modelled; `EVICTIONS_RETRY` documents them):
 *
 * - a terminal (Succeeded/Failed), Pending or terminating pod is deleted without a PDB check
 *   (a Pending pod with the server's resourceVersion precondition);
 * - no matching PDB: deleted; several: 500;
 * - one PDB: an unready pod is deleted without touching the budget under `AlwaysAllow`, or
 *   under `IfHealthyBudget` (the default) while `currentHealthy ≥ desiredHealthy > 0`; otherwise
 *   the budget is checked: a stale PDB (`observedGeneration < generation`) is a 429 with
 *   Retry-After 10, a negative allowance or more than 2000 `disruptedPods` a 403, no allowance
 *   a 429 naming the budget; else the allowance is decremented (the condition turns
 *   `InsufficientPods` at 0) and, unless dry-run, the pod is added to `disruptedPods` at `now`.
 *
 * A 201 carries the `DisruptionTarget` condition the server writes first (not in dry-run).
 */
export function evictionDecision(
  pod: unknown,
  pdbs: readonly unknown[],
  options: EvictionDecisionOptions,
): EvictionDecision {
  const { now } = options;
  const dryRun = options.dryRun === true;
  const requested: EvictionDeleteOptions = options.deleteOptions ?? {};
  const refuse = (
    path: EvictionPath,
    status: ApiStatus,
    extra: Partial<EvictionDecision> = {},
  ): EvictionDecision => ({
    code: status.code as EvictionDecision['code'],
    reason: status.reason ?? '',
    message: status.message ?? '',
    status,
    path,
    matchingPdbs: [],
    ...(status.details?.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: status.details.retryAfterSeconds }
      : {}),
    ...extra,
  });

  const facts = pod === undefined || pod === null ? undefined : readPodFacts(pod);
  const urlName = options.podName ?? facts?.name ?? '';
  if (options.evictionName !== undefined && options.evictionName !== urlName) {
    return refuse('bad-request', badRequest('name in URL does not match name in Eviction object'));
  }
  if (facts === undefined) return refuse('pod-not-found', podNotFound(urlName));

  const callerSetResourceVersion = requested.preconditions?.resourceVersion !== undefined;
  const withResourceVersion = (): EvictionDeleteOptions => ({
    ...requested,
    preconditions: { ...requested.preconditions, resourceVersion: facts.resourceVersion },
  });

  // addConditionAndDeletePod: condition first (not in dry-run), then the DELETE.
  const deletePod = (
    path: EvictionPath,
    deleteOptions: EvictionDeleteOptions,
    why: string,
    extra: Partial<EvictionDecision> = {},
    conflictAs429?: string,
  ): EvictionDecision => {
    const failed = preconditionConflict(facts, deleteOptions.preconditions, dryRun);
    if (failed !== undefined) {
      // On the unhealthy-pod path a conflict on the server's own precondition becomes a 429.
      return refuse(
        path,
        conflictAs429 !== undefined ? stillProcessing(conflictAs429) : failed,
        extra,
      );
    }
    const status = successStatus();
    return {
      code: 201,
      reason: '',
      message: why,
      status,
      path,
      matchingPdbs: [],
      ...extra,
      deleteOptions: dryRun ? { ...deleteOptions, dryRun: ['All'] } : deleteOptions,
      // A terminating pod keeps its deadline unless the new grace period is shorter.
      ...(!facts.terminating ? { gracePeriodSeconds: gracePeriodFor(facts, deleteOptions) } : {}),
      ...(dryRun
        ? {}
        : {
            podCondition: {
              type: 'DisruptionTarget',
              status: 'True',
              reason: 'EvictionByEvictionAPI',
              message: 'Eviction API: evicting',
              lastTransitionTime: now,
            },
          }),
    };
  };

  // canIgnorePDB: terminal, Pending or terminating pods are deleted at once.
  if (isTerminalPhase(facts.phase)) {
    return deletePod(
      'terminal-pod',
      requested,
      `pod is ${facts.phase}: deleted without a PDB check`,
    );
  }
  if (facts.terminating) {
    return deletePod(
      'terminating-pod',
      requested,
      'pod is already terminating: deleted without a PDB check',
    );
  }
  if (facts.phase === 'Pending') {
    return deletePod(
      'pending-pod',
      callerSetResourceVersion ? requested : withResourceVersion(),
      'pod is Pending: deleted without a PDB check (with a resourceVersion precondition)',
    );
  }

  const matched = pdbsForPod(facts, pdbs);
  const matchingPdbs = matched.map((m) => m.facts.name);
  if (matched.length > 1) return refuse('multiple-pdbs', multiplePdbs(), { matchingPdbs });
  const only = matched[0];
  if (only === undefined) {
    return deletePod('no-pdb', requested, 'no PodDisruptionBudget covers the pod: deleted');
  }
  const pdb = only.facts;
  const pdbRef = { name: pdb.name, namespace: pdb.namespace };
  const common = { matchingPdbs, pdb: pdbRef };

  if (!facts.ready) {
    if (pdb.unhealthyPodEvictionPolicy === ALWAYS_ALLOW) {
      return deletePod(
        'unhealthy-pod-always-allow',
        withResourceVersion(),
        `pod is not ready and PDB ${pdb.name} has unhealthyPodEvictionPolicy AlwaysAllow: deleted without using the budget`,
        common,
        callerSetResourceVersion ? undefined : pdb.name,
      );
    }
    const s = pdb.status;
    if (s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0) {
      return deletePod(
        'unhealthy-pod-budget-healthy',
        withResourceVersion(),
        `pod is not ready and PDB ${pdb.name} is satisfied (${s.currentHealthy} healthy, ${s.desiredHealthy} desired): deleted without using the budget`,
        common,
        callerSetResourceVersion ? undefined : pdb.name,
      );
    }
  }

  const check = checkAndDecrement(pdb, facts.name, now, dryRun);
  if (check.kind === 'refused') return refuse(check.path, check.status, common);
  const update = { name: pdb.name, namespace: pdb.namespace, status: check.status };
  return deletePod(
    'budget-decremented',
    requested,
    `PDB ${pdb.name} allowed it: disruptionsAllowed ${pdb.status.disruptionsAllowed} → ${check.status.disruptionsAllowed}`,
    { ...common, ...(dryRun ? { pdbDryRun: update } : { pdbUpdate: update }) },
  );
}

/**
 * Upstream `propagateDryRun`: the dry-run of the request (`?dryRun=All`) and of the Eviction's
 * delete options must agree when both are set; either alone applies. Resolves to whether the
 * eviction is a dry run (`dryrun.IsDryRun`: any value; validation admits only `All`), or to
 * upstream's error text.
 */
export function propagateDryRun(
  query: readonly string[] | undefined,
  body: readonly string[] | undefined,
): Result<boolean, { readonly code: 'dry-run-mismatch'; readonly message: string }> {
  const q = query ?? [];
  const b = body ?? [];
  if (b.length === 0) return ok(q.length > 0);
  if (q.length === 0) return ok(true);
  if (q.length !== b.length || q.some((v, i) => v !== b[i])) {
    return err({
      code: 'dry-run-mismatch',
      message: `Non-matching dry-run options in request and content: [${q.join(' ')}] and [${b.join(' ')}]`,
    });
  }
  return ok(true);
}
