import type { ReclaimResource } from '../signals/catalogue';
import type { NodeConditionType, Signal } from '../signals/types';

// What a simulation produces: plain data (numbers, strings; JSON-ready) that the text and the
// HTML renderers, and the `--json` output, all read. Times are milliseconds since the scenario's
// start; quantities are numbers in their unit (exact below 2^53) plus the kubelet's text.

/** A pod as the timeline names it. */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

/** One configured threshold. `key` identifies it in every step. */
export interface SimulationThreshold {
  key: string;
  signal: Signal;
  kind: 'hard' | 'soft';
  /** As configured: `500Mi`, `10%`. */
  value: string;
  /** Resolved against the node's capacity, in the signal's unit. */
  quantity: number;
  quantityText: string;
  gracePeriodMs: number;
  minReclaim?: string;
}

/** What the timeline knows about one pod. */
export interface SimulationPod {
  ref: PodRef;
  qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  priority: number;
  critical: boolean;
  static: boolean;
  /** Each container's `oom_score_adj`, as the kubelet sets it. */
  containers: { name: string; oomScoreAdj: number; rule: string }[];
  /** Requests as written (`memory: 1Gi`). */
  requests: Record<string, string>;
  limits: Record<string, string>;
  /** When it arrives on the node (absent: there from the start). */
  arrivesAt?: number;
  /** What happened to it, if anything. */
  outcome?:
    | { kind: 'evicted'; at: number; signal: string; message: string }
    | { kind: 'rejected'; at: number; message: string };
}

/** A signal's observation at one step. */
export interface SignalSample {
  signal: Signal;
  available: number;
  capacity: number;
  /** The kubelet's quantity text: `1536Mi`. */
  availableText: string;
  unit: 'bytes' | 'inodes' | 'processes';
}

/** A threshold's state at one step (the manager's explanation). */
export interface ThresholdSample {
  key: string;
  /** available < threshold now. */
  crossed: boolean;
  /** Crossed, or held by minimum reclaim after being acted on. */
  met: boolean;
  heldByMinReclaim: boolean;
  /** When it was first seen met (defined while met). */
  firstObservedAt?: number;
  /** Grace left before the kubelet may act (defined while met). */
  graceRemainingMs?: number;
  gracePeriodMet: boolean;
  actionable: boolean;
  /** The threshold the kubelet reclaims for at this step. */
  selected: boolean;
}

/** A node condition at one step. */
export interface ConditionSample {
  condition: NodeConditionType;
  /** A met threshold implies it now. */
  observedNow: boolean;
  /** What the node reports (held through the pressure transition period). */
  reported: boolean;
  transitionRemainingMs: number;
}

/** A pod the ranking put in line, with the keys the kubelet sorted on. */
export interface RankedPod {
  pod: PodRef;
  qosClass: string;
  priority: number;
  usage: string;
  request: string;
  exceedsRequest: boolean;
  critical: boolean;
}

/** A pod evicted at one step. */
export interface SimulationEviction {
  pod: PodRef;
  /** `threshold` (node pressure), `local-storage` (over an ephemeral-storage limit), `escalation`. */
  kind: 'threshold' | 'local-storage' | 'escalation';
  /** The threshold's signal, or the local-storage label (`ephemeralcontainerfs.limit`, …). */
  signal: string;
  resource: ReclaimResource | string;
  /** The threshold acted on (threshold evictions). */
  thresholdKey?: string;
  /** Why the grace period is what it is: `hard`, `soft-pod-min`, `soft-max`, `local-storage`, … */
  gracePeriodRule: string;
  /** The kubelet's message (`The node was low on resource: memory. …`). */
  message: string;
  gracePeriodOverrideSeconds: number;
  annotations: Record<string, string>;
  /** The ranking the choice came from (the first pods), critical pods marked. */
  ranking: RankedPod[];
}

/** Something worth a line in the timeline. `time` is when it happened, if not at the step. */
export type SimulationEvent = { time?: number; text: string } & (
  | { kind: 'note' }
  | { kind: 'notifier' }
  | { kind: 'threshold-crossed'; key: string }
  | { kind: 'threshold-cleared'; key: string }
  | { kind: 'grace-started'; key: string }
  | { kind: 'grace-elapsed'; key: string }
  | { kind: 'condition-set'; condition: NodeConditionType }
  | { kind: 'condition-held'; condition: NodeConditionType }
  | { kind: 'condition-cleared'; condition: NodeConditionType }
  | { kind: 'eviction'; pod: PodRef }
  | { kind: 'no-victim' }
  | { kind: 'admitted'; pod: PodRef }
  | { kind: 'rejected'; pod: PodRef }
  | { kind: 'reclaim' }
);

/** One synchronize of the eviction manager. */
export interface SimulationStep {
  time: number;
  /** Why the manager ran: its loop, a memory threshold notification, or right after an eviction. */
  trigger: 'interval' | 'notifier' | 'after-eviction';
  signals: SignalSample[];
  thresholds: ThresholdSample[];
  conditions: ConditionSample[];
  /** Pods evicted at this step: at most one for a threshold; several for local storage. */
  evictions: SimulationEviction[];
  events: SimulationEvent[];
  /** Pods on the node after the step. */
  running: number;
}

/** A whole simulation. */
export interface SimulationTimeline {
  version: 1;
  scenario: {
    name: string;
    description?: string;
    nodeName: string;
    intervalMs: number;
    durationMs: number;
    /** Where the kubelet configuration came from. */
    kubeletSource: 'inline' | 'given' | 'defaults';
  };
  capacity: { memory: number; disk: number; inodes: number; pids: number };
  settings: {
    pressureTransitionPeriodMs: number;
    maxPodGracePeriodSeconds: number;
    kernelMemcgNotification: boolean;
  };
  thresholds: SimulationThreshold[];
  pods: SimulationPod[];
  steps: SimulationStep[];
  /** Notes of the scenario's timeline (for the chart). */
  notes: { time: number; text: string }[];
}
