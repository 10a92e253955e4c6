import { NODE_LIFECYCLE_DEFAULTS } from './node-lifecycle-config';
import { type NoExecuteTaintAction, noExecuteTaintAction } from './node-taints';
import {
  arrayField,
  type ConditionView,
  findCondition,
  get,
  isRecord,
  readCondition,
  stringField,
  toEpochMs,
} from './read';
import type { NodeInput } from './types';

// pkg/controller/nodelifecycle/node_lifecycle_controller.go: tryUpdateNodeHealth and the part of
// monitorNodeHealth that acts on its result, for one node in one pass.

/** Go's zero `time.Time` (0001-01-01T00:00:00Z), what a missing `creationTimestamp` reads as. */
const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** What the controller remembers about a node between passes (`nodeHealthData`), in epoch ms. */
export interface NodeHealthRecord {
  /** Last time (controller clock) a heartbeat or lease renewal was seen. */
  readonly probeTimestamp: number;
  /** Last time (controller clock) the Ready condition was seen to transition. */
  readonly readyTransitionTimestamp: number;
  /** The Ready condition's times as last saved; absent when the saved status had none. */
  readonly readyCondition?: {
    readonly lastHeartbeatTime?: number;
    readonly lastTransitionTime?: number;
  };
  /** The node Lease as last saved (its `spec.renewTime`); absent when none is saved. */
  readonly lease?: { readonly renewTime?: number };
}

export interface NodeHealthOptions {
  /** The controller's clock, epoch ms. */
  now: number;
  /** The node's Lease in `kube-node-lease` (JSON or client-node); absent when there is none. */
  lease?: object | null;
  /** The record the previous pass returned for this node. */
  previous?: NodeHealthRecord;
  /** `--node-monitor-grace-period`, 50 s by default. */
  nodeMonitorGracePeriodMs?: number;
  /** `--node-startup-grace-period`, 60 s by default. */
  nodeStartupGracePeriodMs?: number;
}

/** A node condition as the controller writes it. */
export interface NodeConditionOut {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: unknown;
  lastTransitionTime?: unknown;
  [field: string]: unknown;
}

export interface NodeHealth {
  /** Pass this back as `previous` in the next pass. */
  readonly record: NodeHealthRecord;
  /** The grace period that applied: startup when the node has no Ready condition. */
  readonly gracePeriodMs: number;
  /** `now > probeTimestamp + grace`: the controller considers the kubelet silent. */
  readonly expired: boolean;
  /** The Ready condition at the start of the pass (a stand-in Unknown one when there is none). */
  readonly observedReady: {
    status: string;
    lastHeartbeatTime?: number;
    lastTransitionTime?: number;
  };
  /** The Ready condition after the pass (`undefined` when the node has none and nothing was written). */
  readonly currentReadyStatus: string | undefined;
  /**
   * The status the controller writes (`UpdateStatus`) — Ready, MemoryPressure, DiskPressure and
   * PIDPressure flipped to Unknown — only when the Ready condition changed; else `undefined`.
   */
  readonly statusUpdate?: { conditions: NodeConditionOut[] };
  /** What happens to the node's NoExecute taints this pass (judged on `observedReady`). */
  readonly noExecute: NoExecuteTaintAction;
  /** Ready went from True to something else in this pass: pods on the node are marked not Ready. */
  readonly markPodsNotReady: boolean;
  /** What the node contributes to its zone's statistics (`null`: no Ready condition). */
  readonly zoneReadyCondition: { status: string } | null;
}

const UPDATED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/**
 * One node in one `monitorNodeHealth` pass:
 * - the probe timestamp (controller clock) is refreshed when the Ready condition's
 *   `lastHeartbeatTime` changed since the saved status, when the node is seen for the first time,
 *   and when the Lease's `renewTime` advanced (a record rebuilt for a new heartbeat forgets the
 *   saved lease, so the next pass counts the unchanged lease as new — as upstream does);
 * - the grace period is `--node-startup-grace-period` (60 s) for a node without a Ready
 *   condition, else `--node-monitor-grace-period` (50 s);
 * - once `now > probe + grace`, Ready/MemoryPressure/DiskPressure/PIDPressure become Unknown
 *   (`NodeStatusUnknown`, "Kubelet stopped posting node status."; missing ones are added with
 *   `NodeStatusNeverUpdated`, "Kubelet never posted node status.", heartbeat = creation time);
 *   NetworkUnavailable is left alone; the status is written only if Ready changed;
 * - the NoExecute taint action uses the Ready status from the **start** of the pass.
 * Never throws.
 */
export function nodeHealth(node: NodeInput, options: NodeHealthOptions): NodeHealth {
  const now = Number.isFinite(options?.now) ? options.now : 0;
  const status = get(node, 'status');
  const creation = toEpochMs(get(get(node, 'metadata'), 'creationTimestamp')) ?? GO_ZERO_TIME_MS;
  const monitorGrace = positiveOr(
    options?.nodeMonitorGracePeriodMs,
    NODE_LIFECYCLE_DEFAULTS.nodeMonitorGracePeriodMs,
  );
  const startupGrace = positiveOr(
    options?.nodeStartupGracePeriodMs,
    NODE_LIFECYCLE_DEFAULTS.nodeStartupGracePeriodMs,
  );
  const previous = readRecord(options?.previous);
  const current = findCondition(status, 'Ready');

  let record: Mutable<NodeHealthRecord>;
  let observed: NodeHealth['observedReady'];
  let grace: number;
  if (current === undefined) {
    observed = { status: 'Unknown', lastHeartbeatTime: creation, lastTransitionTime: creation };
    grace = startupGrace;
    record =
      previous === undefined
        ? { probeTimestamp: creation, readyTransitionTimestamp: creation }
        : withoutReady(previous);
  } else {
    observed = times(current);
    grace = monitorGrace;
    const saved = previous?.readyCondition;
    if (previous === undefined || saved === undefined) {
      record = {
        probeTimestamp: now,
        readyTransitionTimestamp: now,
        readyCondition: times(current),
      };
    } else if (saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
      const transitioned = saved.lastTransitionTime !== current.lastTransitionTime;
      record = {
        probeTimestamp: now,
        readyTransitionTimestamp: transitioned ? now : previous.readyTransitionTimestamp,
        readyCondition: savedTimes(current),
      };
    } else {
      record = { ...previous };
    }
  }
  const savedLease = previous?.lease;
  const lease = readLease(options?.lease);
  if (lease !== undefined && (savedLease === undefined || renewedAfter(savedLease, lease))) {
    record.lease = lease;
    record.probeTimestamp = now;
  }

  const expired = now > record.probeTimestamp + grace;
  let statusUpdate: NodeHealth['statusUpdate'];
  let currentReadyStatus = current?.status;
  if (expired) {
    const conditions = flipToUnknown(status, creation, now);
    const ready = conditions.find((c) => c.type === 'Ready');
    currentReadyStatus = ready?.status;
    const readyView = ready === undefined ? undefined : readCondition(ready);
    if (readyView !== undefined && !sameCondition(readyView, current, observed)) {
      statusUpdate = { conditions };
      const next: Mutable<NodeHealthRecord> = {
        probeTimestamp: record.probeTimestamp,
        readyTransitionTimestamp: now,
        readyCondition: savedTimes(readyView),
      };
      if (lease !== undefined) next.lease = lease;
      record = next;
    }
  }

  const result: Mutable<NodeHealth> = {
    record,
    gracePeriodMs: grace,
    expired,
    observedReady: observed,
    currentReadyStatus,
    noExecute:
      currentReadyStatus === undefined
        ? { action: 'none' }
        : noExecuteTaintAction(node, observed.status),
    markPodsNotReady:
      currentReadyStatus !== undefined &&
      currentReadyStatus !== 'True' &&
      observed.status === 'True',
    zoneReadyCondition: currentReadyStatus === undefined ? null : { status: currentReadyStatus },
  };
  if (statusUpdate !== undefined) result.statusUpdate = statusUpdate;
  return result;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function flipToUnknown(status: unknown, creation: number, now: number): NodeConditionOut[] {
  const conditions: NodeConditionOut[] = arrayField(status, 'conditions')
    .filter(isRecord)
    .map((c) => ({ ...c }) as NodeConditionOut);
  const nowText = rfc3339(now);
  for (const type of UPDATED_CONDITIONS) {
    const existing = conditions.find((c) => stringField(c, 'type') === type);
    if (existing === undefined) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: rfc3339(creation),
        lastTransitionTime: nowText,
      });
    } else if (existing.status !== 'Unknown') {
      existing.status = 'Unknown';
      existing.reason = 'NodeStatusUnknown';
      existing.message = 'Kubelet stopped posting node status.';
      existing.lastTransitionTime = nowText;
    }
  }
  return conditions;
}

/** `apiequality.Semantic.DeepEqual(currentReadyCondition, &observedReadyCondition)`. */
function sameCondition(
  after: ConditionView,
  before: ConditionView | undefined,
  observed: NodeHealth['observedReady'],
): boolean {
  if (before === undefined) {
    return (
      after.status === observed.status &&
      after.reason === '' &&
      after.message === '' &&
      after.lastHeartbeatTime === observed.lastHeartbeatTime &&
      after.lastTransitionTime === observed.lastTransitionTime
    );
  }
  return (
    after.status === before.status &&
    after.reason === before.reason &&
    after.message === before.message &&
    after.lastHeartbeatTime === before.lastHeartbeatTime &&
    after.lastTransitionTime === before.lastTransitionTime
  );
}

function times(
  c: ConditionView | { lastHeartbeatTime?: number; lastTransitionTime?: number; status?: string },
) {
  const out: { status: string; lastHeartbeatTime?: number; lastTransitionTime?: number } = {
    status: typeof c.status === 'string' ? c.status : '',
  };
  if (c.lastHeartbeatTime !== undefined) out.lastHeartbeatTime = c.lastHeartbeatTime;
  if (c.lastTransitionTime !== undefined) out.lastTransitionTime = c.lastTransitionTime;
  return out;
}

function savedTimes(c: ConditionView): { lastHeartbeatTime?: number; lastTransitionTime?: number } {
  const out: { lastHeartbeatTime?: number; lastTransitionTime?: number } = {};
  if (c.lastHeartbeatTime !== undefined) out.lastHeartbeatTime = c.lastHeartbeatTime;
  if (c.lastTransitionTime !== undefined) out.lastTransitionTime = c.lastTransitionTime;
  return out;
}

function withoutReady(previous: NodeHealthRecord): Mutable<NodeHealthRecord> {
  const out: Mutable<NodeHealthRecord> = {
    probeTimestamp: previous.probeTimestamp,
    readyTransitionTimestamp: previous.readyTransitionTimestamp,
  };
  if (previous.lease !== undefined) out.lease = previous.lease;
  return out;
}

/** `savedLease.Spec.RenewTime.Before(observedLease.Spec.RenewTime)` (false when either is nil). */
function renewedAfter(saved: { renewTime?: number }, observed: { renewTime?: number }): boolean {
  return (
    saved.renewTime !== undefined &&
    observed.renewTime !== undefined &&
    saved.renewTime < observed.renewTime
  );
}

function readLease(lease: unknown): { renewTime?: number } | undefined {
  if (typeof lease !== 'object' || lease === null) return undefined;
  const renewTime = toEpochMs(get(get(lease, 'spec'), 'renewTime'));
  return renewTime === undefined ? {} : { renewTime };
}

function readRecord(value: unknown): NodeHealthRecord | undefined {
  if (!isRecord(value)) return undefined;
  const probe = get(value, 'probeTimestamp');
  const transition = get(value, 'readyTransitionTimestamp');
  if (typeof probe !== 'number' || typeof transition !== 'number') return undefined;
  if (!Number.isFinite(probe) || !Number.isFinite(transition)) return undefined;
  const out: Mutable<NodeHealthRecord> = {
    probeTimestamp: probe,
    readyTransitionTimestamp: transition,
  };
  const ready = get(value, 'readyCondition');
  if (isRecord(ready)) {
    const c: { lastHeartbeatTime?: number; lastTransitionTime?: number } = {};
    const hb = get(ready, 'lastHeartbeatTime');
    const lt = get(ready, 'lastTransitionTime');
    if (typeof hb === 'number') c.lastHeartbeatTime = hb;
    if (typeof lt === 'number') c.lastTransitionTime = lt;
    out.readyCondition = c;
  }
  const lease = get(value, 'lease');
  if (isRecord(lease)) {
    const renew = get(lease, 'renewTime');
    out.lease = typeof renew === 'number' ? { renewTime: renew } : {};
  }
  return out;
}

function positiveOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function rfc3339(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime())
    ? '0001-01-01T00:00:00Z'
    : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
