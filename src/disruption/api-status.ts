// metav1.Status bodies as the API server sends them for the Eviction subresource, built with
// the same constructors upstream uses (k8s.io/apimachinery/pkg/api/errors).

/** `metav1.StatusCause`; the Go field `Type` is serialized as `reason`. */
export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

/** A `metav1.Status` object (`kind: Status`). */
export interface ApiStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: StatusDetails;
  readonly code: number;
}

/** `policyv1.DisruptionBudgetCause`. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
/** `corev1.NamespaceTerminatingCause`, on a 403 for an eviction in a terminating namespace. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** The message of both PDB 429s. */
export const PDB_VIOLATION_MESSAGE =
  "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_PDBS_MESSAGE =
  'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

const base = { kind: 'Status', apiVersion: 'v1', metadata: {} } as const;

export function successStatus(code = 201): ApiStatus {
  return { ...base, status: 'Success', code };
}

/** `errors.NewTooManyRequests(message, retryAfterSeconds)` plus causes. */
export function tooManyRequests(
  message: string,
  retryAfterSeconds: number,
  causes: readonly StatusCause[],
): ApiStatus {
  return {
    ...base,
    status: 'Failure',
    message,
    reason: 'TooManyRequests',
    details: {
      ...(causes.length > 0 ? { causes } : {}),
      ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
    },
    code: 429,
  };
}

/** `errors.NewForbidden(policy.Resource("poddisruptionbudget"), name, err)`. */
export function pdbForbidden(name: string, reason: string): ApiStatus {
  return {
    ...base,
    status: 'Failure',
    message: `poddisruptionbudget.policy "${name}" is forbidden: ${reason}`,
    reason: 'Forbidden',
    details: { name, group: 'policy', kind: 'poddisruptionbudget' },
    code: 403,
  };
}

/** `errors.NewNotFound(pods, name)`. */
export function podNotFound(name: string): ApiStatus {
  return {
    ...base,
    status: 'Failure',
    message: `pods "${name}" not found`,
    reason: 'NotFound',
    details: { name, kind: 'pods' },
    code: 404,
  };
}

export function badRequest(message: string): ApiStatus {
  return { ...base, status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

/** `errors.NewConflict(resource, name, err)`; `resource` as `GroupResource.String()`. */
export function conflict(resource: string, name: string, reason: string): ApiStatus {
  return {
    ...base,
    status: 'Failure',
    message: `Operation cannot be fulfilled on ${resource} "${name}": ${reason}`,
    reason: 'Conflict',
    details: { name, kind: resource },
    code: 409,
  };
}

/** The failure Status the eviction handler returns for several matching PDBs (no reason). */
export function multiplePdbs(): ApiStatus {
  return { ...base, status: 'Failure', message: MULTIPLE_PDBS_MESSAGE, code: 500 };
}
