import type { IntOrString } from './int-or-percent';
import { field, formatTime, integer, list, text, timestamp } from './read';

/** `policy/v1` condition type on a PDB, and its reasons. */
export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
export const SYNC_FAILED_REASON = 'SyncFailed';

/** `unhealthyPodEvictionPolicy` values. Anything else behaves as `IfHealthyBudget`. */
export const IF_HEALTHY_BUDGET = 'IfHealthyBudget';
export const ALWAYS_ALLOW = 'AlwaysAllow';

/** A `metav1.Condition` with its time as epoch ms. */
export interface PdbCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration: number;
  /** Epoch ms; `undefined` when the input had none. */
  readonly lastTransitionTime: number | undefined;
}

/**
 * `PodDisruptionBudgetStatus` with times as epoch ms (`disruptedPods` values, condition
 * transition times). `pdbStatusToApi` turns it back into API JSON.
 */
export interface PdbStatus {
  readonly observedGeneration: number;
  readonly disruptionsAllowed: number;
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  /** Pod name → when the Eviction API approved its eviction (epoch ms). */
  readonly disruptedPods: Readonly<Record<string, number>>;
  readonly conditions: readonly PdbCondition[];
}

/** The fields of a PodDisruptionBudget that the disruption paths read. */
export interface PdbFacts {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly generation: number;
  /** The raw `spec.selector` (`undefined` or `null` is a nil selector). */
  readonly selector: unknown;
  readonly minAvailable: IntOrString | undefined;
  readonly maxUnavailable: IntOrString | undefined;
  /** `spec.unhealthyPodEvictionPolicy` (`""` when unset). */
  readonly unhealthyPodEvictionPolicy: string;
  /** Whether the object carried a `status` at all (a manifest does not). */
  readonly hasStatus: boolean;
  readonly status: PdbStatus;
}

function intOrString(value: unknown): IntOrString | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

function readCondition(c: unknown): PdbCondition {
  return {
    type: text(c, 'type'),
    status: text(c, 'status'),
    reason: text(c, 'reason'),
    message: text(c, 'message'),
    observedGeneration: integer(c, 'observedGeneration') ?? 0,
    lastTransitionTime: timestamp(field(c, 'lastTransitionTime')),
  };
}

/** Read a `PodDisruptionBudgetStatus` (API JSON or client-node model). Never throws. */
export function readPdbStatus(status: unknown): PdbStatus {
  const disruptedPods: Record<string, number> = {};
  const raw = field(status, 'disruptedPods');
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    try {
      const entries = raw instanceof Map ? [...raw.entries()] : Object.entries(raw);
      for (const [name, at] of entries) {
        const ms = timestamp(at);
        if (typeof name === 'string' && ms !== undefined) disruptedPods[name] = ms;
      }
    } catch {
      // Unreadable map: treated as empty.
    }
  }
  return {
    observedGeneration: integer(status, 'observedGeneration') ?? 0,
    disruptionsAllowed: integer(status, 'disruptionsAllowed') ?? 0,
    currentHealthy: integer(status, 'currentHealthy') ?? 0,
    desiredHealthy: integer(status, 'desiredHealthy') ?? 0,
    expectedPods: integer(status, 'expectedPods') ?? 0,
    disruptedPods,
    conditions: list(status, 'conditions').map(readCondition),
  };
}

/** Read a PodDisruptionBudget (API JSON or client-node model). Never throws. */
export function readPdbFacts(pdb: unknown): PdbFacts {
  const metadata = field(pdb, 'metadata');
  const spec = field(pdb, 'spec');
  const status = field(pdb, 'status');
  return {
    name: text(metadata, 'name'),
    namespace: text(metadata, 'namespace'),
    uid: text(metadata, 'uid'),
    generation: integer(metadata, 'generation') ?? 0,
    selector: field(spec, 'selector'),
    minAvailable: intOrString(field(spec, 'minAvailable')),
    maxUnavailable: intOrString(field(spec, 'maxUnavailable')),
    unhealthyPodEvictionPolicy: text(spec, 'unhealthyPodEvictionPolicy'),
    hasStatus: status !== undefined && status !== null && typeof status === 'object',
    status: readPdbStatus(status),
  };
}

/** The API JSON form of a status (times as RFC 3339, whole seconds), e.g. for a status update. */
export function pdbStatusToApi(status: PdbStatus): Record<string, unknown> {
  const disruptedPods: Record<string, string> = {};
  for (const [name, at] of Object.entries(status.disruptedPods))
    disruptedPods[name] = formatTime(at);
  return {
    observedGeneration: status.observedGeneration,
    disruptionsAllowed: status.disruptionsAllowed,
    currentHealthy: status.currentHealthy,
    desiredHealthy: status.desiredHealthy,
    expectedPods: status.expectedPods,
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    conditions: status.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.observedGeneration !== 0 ? { observedGeneration: c.observedGeneration } : {}),
      lastTransitionTime:
        c.lastTransitionTime === undefined ? null : formatTime(c.lastTransitionTime),
      reason: c.reason,
      message: c.message,
    })),
  };
}

/**
 * `meta.SetStatusCondition`: add the condition, or update the existing one of that type; the
 * transition time moves to `now` only when the status changes. Returns the new list and whether
 * anything changed.
 */
export function setStatusCondition(
  conditions: readonly PdbCondition[],
  next: Omit<PdbCondition, 'lastTransitionTime'>,
  now: number,
): { conditions: PdbCondition[]; changed: boolean } {
  const index = conditions.findIndex((c) => c.type === next.type);
  if (index < 0) {
    return { conditions: [...conditions, { ...next, lastTransitionTime: now }], changed: true };
  }
  const existing = conditions[index] as PdbCondition;
  const statusChanged = existing.status !== next.status;
  const updated: PdbCondition = {
    ...next,
    lastTransitionTime: statusChanged ? now : existing.lastTransitionTime,
  };
  const changed =
    statusChanged ||
    existing.reason !== next.reason ||
    existing.message !== next.message ||
    existing.observedGeneration !== next.observedGeneration;
  const out = [...conditions];
  out[index] = updated;
  return { conditions: out, changed };
}

/**
 * `pdbhelper.UpdateDisruptionAllowedCondition`: `True/SufficientPods` when disruptions are
 * allowed, else `False/InsufficientPods`; observedGeneration from the status.
 */
export function updateDisruptionAllowedCondition(status: PdbStatus, now: number): PdbStatus {
  const allowed = status.disruptionsAllowed > 0;
  const { conditions } = setStatusCondition(
    status.conditions,
    {
      type: DISRUPTION_ALLOWED_CONDITION,
      status: allowed ? 'True' : 'False',
      reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
      message: '',
      observedGeneration: status.observedGeneration,
    },
    now,
  );
  return { ...status, conditions };
}

/** `pdbhelper.ConditionsAreUpToDate`. */
export function conditionsAreUpToDate(status: PdbStatus, generation: number): boolean {
  const condition = status.conditions.find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (condition === undefined) return false;
  if (status.observedGeneration !== generation) return false;
  if (status.disruptionsAllowed > 0) {
    return condition.status === 'True' && condition.reason === SUFFICIENT_PODS_REASON;
  }
  return condition.status === 'False' && condition.reason === INSUFFICIENT_PODS_REASON;
}
