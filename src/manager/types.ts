import type { Result } from 'neverthrow';
import type { Platform, PlatformError } from '../platform/types';
import type { Pod } from '../pods/pod';
import type { PodRankKeys } from '../ranking/explain';
import type { LocalStorageReason, LocalStorageSignal } from '../ranking/local-storage';
import type { EvictionPodCondition, EvictionPodStatus } from '../ranking/messages';
import type { ComparatorName, RankPlan } from '../ranking/sort-keys';
import type { ReclaimResource } from '../signals/catalogue';
import type { Summary } from '../signals/summary';
import type { NodeConditionType, Signal, Threshold } from '../signals/types';
import type { AdmitResult } from '../thresholds/admission';
import type { EvaluationState } from '../thresholds/evaluation-state';
import type { ReclaimTarget } from '../thresholds/explain';
import type { NodePressure, SignalReading } from './node-pressure';
import type { ManagerEvaluationExplanation } from './threshold-origin';

// The public types of `evictkit/manager`. Times are epoch milliseconds, durations milliseconds,
// grace periods seconds (as the kubelet passes them to its pod killer).

/** Why a pod is being killed (the manager's three eviction paths). */
export type EvictionKind = 'threshold' | 'local-storage' | 'escalation';

/** What `killPod` receives besides the pod: everything the kubelet's `evictPod` uses. */
export interface KillPodOptions {
  /** The grace period to kill with, in seconds (the kubelet's `gracePeriodOverride`). */
  gracePeriodOverrideSeconds: number;
  /** The pod status the kubelet writes: `phase: Failed`, `reason: Evicted`, message, condition. */
  status: EvictionPodStatus;
  /** The eviction message (`status.message` and the `Evicted` event's message). */
  message: string;
  /** Annotations of the `Evicted` event (`offending_containers`, `starved_resource`, …). */
  annotations: Record<string, string>;
  /** The `DisruptionTarget` condition; absent for local-storage evictions, as upstream. */
  condition?: EvictionPodCondition;
  kind: EvictionKind;
  /** The threshold signal, or the local-storage metric label (`emptydirfs.limit`, …). */
  signal: Signal | LocalStorageSignal;
}

/**
 * Kills a pod. The kubelet's kill is synchronous: it returns when the pod's containers are
 * stopped. `synchronize` awaits this promise; a rejection is recorded as a `kill-failed` error
 * and the pod still counts as evicted (upstream's `evictPod` returns true either way).
 */
export type KillPod<P> = (pod: P, options: KillPodOptions) => Promise<void>;

/** Node-level image reclaim (`ImageGC.DeleteUnusedImages`). */
export interface ImageGC {
  deleteUnusedImages(): Promise<void>;
}

/** Node-level container reclaim (`ContainerGC.DeleteAllUnusedContainers`). */
export interface ContainerGC {
  deleteAllUnusedContainers(): Promise<void>;
}

/** At most `maxEvictions` pod kills in any sliding window of `windowMs`. */
export interface EvictionBudget {
  maxEvictions: number;
  windowMs: number;
}

/**
 * `createEvictionManager` options. Defaults follow the kubelet (v1.37); the options marked
 * "beyond the kubelet" default to upstream behaviour.
 */
export interface EvictionManagerOptions<P extends object = Pod> {
  /** The configured thresholds (`parseThresholdConfig`). */
  thresholds: readonly Threshold[];
  /** `evictionPressureTransitionPeriod`. Default 5 minutes. `0` never reports a condition. */
  pressureTransitionPeriodMs?: number;
  /** `evictionMaxPodGracePeriod` in seconds (an integer). Default 0. */
  maxPodGracePeriodSeconds?: number;
  /** The runtime keeps images on their own filesystem. Default: learned from the first Summary. */
  dedicatedImageFs?: boolean;
  /** Container writable layers are apart from images. Default: learned from the first Summary. */
  splitImageFs?: boolean;
  /** Evict pods over their ephemeral-storage limits. Default true (the kubelet's default). */
  localStorageCapacityIsolation?: boolean;
  /** Feature gates; unlisted gates take their v1.37 defaults. */
  featureGates?: Record<string, boolean>;
  killPod: KillPod<P>;
  imageGC?: ImageGC;
  containerGC?: ContainerGC;
  /**
   * The machine's memory in bytes, for the `oomScoreAdj` of each ranked pod in explanations.
   * Default: the observed `memory.available` capacity (available + working set).
   */
  memoryCapacityBytes?: number;
  /** Beyond the kubelet: decide, explain, never call `killPod`. Default false. */
  dryRun?: boolean;
  /** Beyond the kubelet: cap pod kills per sliding window. Default: no cap. */
  budget?: EvictionBudget;
  /**
   * Beyond the kubelet: when a cycle has a hard threshold among its actionable thresholds
   * while a pod this manager killed for a soft threshold (with a grace period above 1 s) is
   * still among the active pods, kill that pod again with the hard 1 s override (the first
   * such pod in rank order) instead of choosing a new victim; that kill is the cycle's one
   * kill. Default false (upstream: the top-ranked pod is killed, whoever it is).
   */
  escalateTerminating?: boolean;
  /**
   * A state from `manager.state()` to continue from: the object, its JSON text, or the parsed
   * JSON (validated with `parseManagerState`).
   */
  state?: unknown;
}

/** The kubelet's disk layout, once known, and where it came from. */
export interface DiskTopologyState {
  dedicatedImageFs: boolean;
  splitImageFs: boolean;
  /**
   * Upstream quirk: a split filesystem with `KubeletSeparateDiskGC` off fails the first cycle
   * and leaves the kubelet without rank and reclaim functions for good.
   */
  rankingDisabled?: boolean;
}

/** A pod this manager killed for a soft threshold, remembered for `escalateTerminating`. */
export interface SoftEvictionRecord {
  at: number;
  gracePeriodSeconds: number;
  signal: Signal;
}

/**
 * Everything that decides the manager's future, as plain JSON (persist with `JSON.stringify`,
 * restore with `parseManagerState` and `options.state`).
 */
export interface ManagerState {
  version: 1;
  /** The threshold state machine's memory (`evaluate`). */
  evaluation: EvaluationState;
  /** The disk layout, once learned or configured. */
  topology?: DiskTopologyState;
  /** When the memory notifiers were last refreshed (the kubelet's `thresholdsLastUpdated`). */
  notifierRefreshedAt?: number;
  /** Times of the pod kills still inside the budget window, ascending. */
  evictionTimes: number[];
  /** Pod UID → its soft eviction, while the pod is still active. */
  softEvictions: Record<string, SoftEvictionRecord>;
}

/** One problem in persisted state or options, with the path to it. */
export interface ManagerIssue {
  path: string;
  message: string;
}

export interface ManagerStateError {
  code: 'invalid-manager-state';
  issues: ManagerIssue[];
  message: string;
}

export interface ManagerOptionsError {
  code: 'invalid-manager-options';
  issues: ManagerIssue[];
  message: string;
}

/** What one `synchronize` takes. */
export interface SynchronizeInput<P extends object = Pod> {
  /** The cycle's time (epoch ms): the kubelet's `clock.Now()`. */
  now: number;
  /** The node's statistics (`parseSummary` validates API JSON). */
  summary: Summary;
  /** The pods bound to the node. Terminal pods (Succeeded, Failed) are left out, as upstream. */
  pods: readonly P[];
  /**
   * A fresh Summary after node-level reclaim (the kubelet re-reads its stats provider). Without
   * it, or when it fails, the reclaim counts as not having relieved the pressure.
   */
  refreshSummary?: () => Promise<SummarySource> | SummarySource;
}

/** A Summary, or a Result of one (a `Platform`'s `summary()` resolves to that). */
export type SummarySource = Summary | Result<Summary, unknown>;

/** How a cycle ended. */
export type SyncOutcome =
  /** The options did not validate: nothing is observed or killed. */
  | 'invalid-options'
  /** No thresholds and local-storage isolation off: the kubelet does nothing. */
  | 'nothing-configured'
  /** Split filesystem with `KubeletSeparateDiskGC` off (upstream's error). */
  | 'split-filesystem-error'
  /** Pods over their local-storage limits were evicted (nothing else this cycle). */
  | 'local-storage-eviction'
  /** No threshold is actionable (none met, grace pending, or stale stats). */
  | 'no-actionable-threshold'
  /** Node-level reclaim (image/container GC) relieved the pressure. */
  | 'node-level-reclaim'
  /** No rank function for the signal (the split-filesystem quirk). */
  | 'no-ranking-function'
  | 'no-active-pods'
  /** One pod was killed for the threshold. */
  | 'evicted'
  /** A soft-evicted, still terminating pod was killed again with the hard override. */
  | 'escalated'
  /** Dry run: a pod would have been killed. */
  | 'would-evict'
  /** The eviction budget is spent for the window: no kill. */
  | 'over-budget'
  /** Every candidate is critical (upstream: "unable to evict any pods from the node"). */
  | 'no-evictable-pod'
  /** Something threw that should not have (see `errors`, code `unexpected-error`). */
  | 'failed';

/** Why the kill uses the grace period it uses. */
export type GracePeriodRule =
  /** Hard threshold: `immediateEvictionGracePeriodSeconds` = 1. */
  | 'hard'
  /** Local-storage limit: 1. */
  | 'local-storage'
  /** Soft threshold, pod without `terminationGracePeriodSeconds`: `maxPodGracePeriodSeconds`. */
  | 'soft-max'
  /** Soft threshold: `min(maxPodGracePeriodSeconds, pod.spec.terminationGracePeriodSeconds)`. */
  | 'soft-pod-min'
  /** `escalateTerminating`: the hard 1 s override for a pod soft-evicted earlier. */
  | 'escalation';

/** A pod the cycle killed (or, in a dry run, would kill). */
export interface ManagerEviction<P = Pod> {
  pod: P;
  uid: string;
  namespace: string;
  name: string;
  kind: EvictionKind;
  signal: Signal | LocalStorageSignal;
  /** Threshold and escalation evictions: the starved resource. */
  resource?: ReclaimResource;
  /** Threshold and escalation evictions: the threshold acted on. */
  threshold?: Threshold;
  /** Local-storage evictions: which limit and by how much. */
  localStorage?: LocalStorageReason;
  gracePeriodOverrideSeconds: number;
  gracePeriodRule: GracePeriodRule;
  message: string;
  annotations: Record<string, string>;
  condition?: EvictionPodCondition;
  status: EvictionPodStatus;
  /** `killPod` was called (false in a dry run). */
  killed: boolean;
  /** `killPod` rejected with this; the pod still counts as evicted, as upstream. */
  killError?: string;
}

/** A problem met during a cycle (upstream logs these). */
export type ManagerError =
  | ManagerOptionsError
  | { code: 'split-filesystem-without-gate'; message: string }
  | { code: 'kill-failed'; uid: string; name: string; namespace: string; message: string }
  | { code: 'image-gc-failed'; message: string }
  | { code: 'container-gc-failed'; message: string }
  | { code: 'refresh-summary-failed'; message: string }
  | { code: 'summary-unavailable'; error?: PlatformError; message: string }
  | { code: 'pods-unavailable'; message: string }
  /** `synchronize` got something else than `{ now: number, summary: Summary, pods: [] }`. */
  | { code: 'invalid-input'; message: string }
  /** A bug: something threw that should not have. The cycle's state is not committed. */
  | { code: 'unexpected-error'; message: string };

/** One line of a cycle's trace: which step ran and what it found. */
export interface SyncStep {
  step: SyncStepName;
  /** A short, stable result code for the step (e.g. `learned`, `none`, `relieved`). */
  outcome: string;
  /** A sentence for humans. */
  detail: string;
}

export type SyncStepName =
  | 'options'
  | 'configured'
  | 'topology'
  | 'active-pods'
  | 'notifiers'
  | 'evaluate'
  | 'local-storage'
  | 'reclaim-target'
  | 'node-level-reclaim'
  | 'escalation'
  | 'rank'
  | 'budget'
  | 'evict';

export interface TopologyExplanation {
  dedicatedImageFs: boolean;
  splitImageFs: boolean;
  /** `options`: given; `summary`: learned from this cycle's Summary; `state`: known before. */
  source: 'options' | 'summary' | 'state';
  /** Learned in this cycle (the containerfs thresholds take part from the next one). */
  learnedNow: boolean;
  rankingDisabled: boolean;
  /** Which filesystem the `containerfs.*` thresholds copy (`updateContainerFsThresholds`). */
  containerFsMirrors?: 'nodefs' | 'imagefs';
  /** `updateContainerFsThresholds`' warning (user containerfs thresholds overwritten). */
  warning?: string;
}

export interface ActivePodsExplanation {
  /** Pods passed in. */
  given: number;
  /** Pods taken as active (not Succeeded or Failed). */
  active: number;
  /** Left out as terminal. */
  terminal: number;
  /** Active pods with a `deletionTimestamp` (still candidates, as upstream). */
  terminating: number;
}

/** One local-storage violation and what became of it. */
export interface LocalStorageViolation<P = Pod> {
  pod: P;
  uid: string;
  namespace: string;
  name: string;
  reason: LocalStorageReason;
  message: string;
  verdict: 'evicted' | 'would-evict' | 'over-budget';
}

export interface LocalStorageExplanation<P = Pod> {
  enabled: boolean;
  violations: LocalStorageViolation<P>[];
}

export type NodeReclaimFunction = 'containerGC' | 'imageGC';

export interface NodeLevelReclaimExplanation {
  signal: Signal;
  /** The functions the kubelet runs for the signal on this disk layout, in order. */
  functions: NodeReclaimFunction[];
  /** The functions actually called (an unconfigured callback is skipped). */
  called: NodeReclaimFunction[];
  /** Whether a fresh Summary was read afterwards. */
  refreshed: boolean;
  /** Configured thresholds still met (with min-reclaim) on the fresh Summary, by key. */
  stillMet: string[];
  relieved: boolean;
}

/** Why a ranked pod was or was not killed. */
export type CandidateVerdict =
  | 'evicted'
  | 'would-evict'
  | 'escalated'
  /** Critical: static, mirror, or priority ≥ 2000000000 (the kubelet refuses). */
  | 'critical'
  /** Ranked after the chosen pod (or after the budget stopped the cycle). */
  | 'after-chosen'
  | 'over-budget';

export type CriticalReason = 'static' | 'mirror' | 'priority';

/**
 * One ranked pod. The fields only an explanation needs (`keys`, `decidedBy`, `oomScoreAdj`)
 * are computed when first read; `JSON.stringify` writes them all.
 */
export interface CandidateExplanation<P = Pod> {
  pod: P;
  /** 0 for the first pod in eviction order. */
  rank: number;
  uid: string;
  namespace: string;
  name: string;
  /** The rank function's sort keys for the pod (computed when first read). */
  readonly keys: PodRankKeys;
  /** The comparator that put the pod after the previous one (`undefined` for rank 0). */
  readonly decidedBy?: ComparatorName | 'input-order' | undefined;
  /** The pod has a `deletionTimestamp`. */
  terminating: boolean;
  /** Set for pods the cycle looked at before stopping; `false` when not critical. */
  critical?: CriticalReason | false;
  verdict: CandidateVerdict;
  /**
   * oom_score_adj of each container (regular and init) with the node's memory capacity; absent
   * when the capacity is unknown. Computed when first read.
   */
  readonly oomScoreAdj?: ReadonlyArray<{ container: string; value: number }> | undefined;
}

export interface RankingSummary<P = Pod> {
  signal: Signal;
  plan: RankPlan;
  candidates: CandidateExplanation<P>[];
  /** A sentence on why `a` ranks before `b` (or the reverse), computed on demand. */
  whyBefore(a: P, b: P): string | undefined;
}

export interface BudgetExplanation {
  maxEvictions: number;
  windowMs: number;
  /** Kills inside the window before this cycle's. */
  usedBefore: number;
  /** Kills left in the window after this cycle. */
  remaining: number;
  /** The budget stopped at least one kill this cycle. */
  blocked: boolean;
}

export interface EscalationExplanation<P = Pod> {
  pod: P;
  uid: string;
  namespace: string;
  name: string;
  softEvictedAt: number;
  previousGracePeriodSeconds: number;
}

/** The structured account of one cycle; `formatSyncResult` renders it. */
export interface SyncExplanation<P = Pod> {
  steps: SyncStep[];
  topology?: TopologyExplanation;
  activePods?: ActivePodsExplanation;
  /** What each signal observed (what `nodePressure` reads). */
  observations?: SignalReading[];
  /**
   * The threshold table, conditions and reclaim target (`evaluate`'s explanation), each
   * threshold with its `origin`: configured, or a `containerfs.*` copy or placeholder the
   * kubelet added.
   */
  evaluation?: ManagerEvaluationExplanation;
  localStorage?: LocalStorageExplanation<P>;
  reclaim?: ReclaimTarget;
  nodeLevelReclaim?: NodeLevelReclaimExplanation;
  escalation?: EscalationExplanation<P>;
  ranking?: RankingSummary<P>;
  budget?: BudgetExplanation;
  /** The memory capacity used for `oomScoreAdj`, bytes. */
  memoryCapacityBytes?: number;
}

/** What one cycle decided and did. */
export interface SyncResult<P = Pod> {
  now: number;
  outcome: SyncOutcome;
  /** The smoothed pressure conditions after the cycle (what `admit` uses). */
  nodeConditions: NodeConditionType[];
  dryRun: boolean;
  /** Every pod killed (or, in a dry run, that would be), in order. */
  evictions: ManagerEviction<P>[];
  /** The first of `evictions` (threshold evictions kill at most one pod per cycle). */
  eviction: ManagerEviction<P> | undefined;
  errors: ManagerError[];
  /**
   * The memory threshold notifiers are due for a refresh (every 10 s, the kubelet's
   * `notifierRefreshInterval`); `run` re-registers them from this cycle's Summary.
   */
  refreshNotifiers: boolean;
  explanation: SyncExplanation<P>;
}

/** Something `run` noticed besides a cycle. */
export type ManagerEvent =
  | {
      type: 'notifier-registered';
      time: number;
      description: string;
      threshold: Threshold;
      cgroup?: string;
      bytes: bigint;
    }
  | {
      type: 'threshold-crossed';
      time: number;
      /** `eviction manager: <description> crossed`. */
      message: string;
      description: string;
      /** The platform's event: a memcg crossing or a PSI pressure report. */
      event: 'crossed' | 'pressure';
    }
  | { type: 'notifier-closed'; time: number; description: string; reason: string }
  | { type: 'notifier-error'; time: number; description: string; message: string }
  | { type: 'cycle-error'; time: number; error: ManagerError }
  | { type: 'pods-cleaned-up'; time: number; uids: string[] }
  | { type: 'pods-cleanup-timeout'; time: number; uids: string[] }
  | { type: 'stopped'; time: number; cycles: number };

/** Why `run` started a cycle. */
export type SyncCycleTrigger =
  /** The loop's first cycle. */
  | 'start'
  /** The interval ran out. */
  | 'interval'
  /** A memory threshold notifier fired (a memcg crossing or a PSI report). */
  | 'notifier'
  /** The previous cycle killed pods (and their cleanup was awaited, when asked for). */
  | 'after-eviction';

/** What one `run` cycle worked with, handed to `onSync` next to its result. */
export interface SyncCycle<P = Pod> {
  /** The Summary the cycle used (the platform's `summary()`). */
  summary: Summary;
  /** The pods the cycle was given (terminal ones included; the cycle leaves them out). */
  pods: readonly P[];
  trigger: SyncCycleTrigger;
  /** When the cycle started, before the pods and the Summary were read (the loop's clock, epoch ms). */
  startedAt: number;
  /**
   * How long it took, ms: reading the pods and the Summary, then `synchronize` (node-level
   * reclaim and kills included). Measured with the monotonic `performance.now()`.
   */
  durationMs: number;
}

/** `run`'s options. */
export interface RunOptions<P extends object = Pod> {
  platform: Platform;
  /** The node's pods, or a function that returns them (sync or async) each cycle. */
  pods: readonly P[] | (() => readonly P[] | Promise<readonly P[]>);
  /** Stops the loop: timers cleared, watches closed. */
  signal?: AbortSignal;
  /** Between cycles. Default 10 000 (the kubelet's housekeeping interval). */
  intervalMs?: number;
  /** Epoch-ms clock. Default: the platform's `now()` when it has one, else `Date.now`. */
  clock?: () => number;
  /**
   * After each cycle: its result, and the Summary, pods and timing it ran with (`cycle`), so a
   * caller can export metrics without reading the node again.
   */
  onSync?: (result: SyncResult<P>, cycle: SyncCycle<P>) => void;
  onEvent?: (event: ManagerEvent) => void;
  /**
   * After a cycle that killed pods, wait until each is cleaned up (upstream
   * `waitForPodsCleanup`: poll every second, give up after 30 s). Without it, the next cycle
   * starts at once.
   */
  isPodCleanedUp?: (pod: P) => boolean | Promise<boolean>;
  podCleanupTimeoutMs?: number;
  podCleanupPollMs?: number;
  /**
   * Watch memory thresholds through `platform.watchMemory` (one watch per `memory.available`
   * and `allocatableMemory.available` threshold) and run a cycle at once when one fires.
   * Default true; `false` mirrors a kubelet without `kernelMemcgNotification`.
   * `allocatableCgroup` is the pods cgroup for allocatable thresholds (skipped without it).
   */
  memoryNotifier?: boolean | { allocatableCgroup?: string };
}

/** How `run` ended. */
export interface RunSummary {
  cycles: number;
}

/** The eviction manager. */
export interface EvictionManager<P extends object = Pod> {
  /** One cycle of the kubelet's eviction loop. Calls are serialized (see docs/manager.md). */
  synchronize(input: SynchronizeInput<P>): Promise<SyncResult<P>>;
  /** The kubelet's admission rule against the latest cycle's conditions. */
  admit(pod: unknown): AdmitResult;
  /** The smoothed node conditions of the latest cycle. */
  conditions(): NodeConditionType[];
  isUnderMemoryPressure(): boolean;
  isUnderDiskPressure(): boolean;
  isUnderPIDPressure(): boolean;
  /**
   * The node's pressure after the latest cycle: the reported conditions and what each signal
   * observed against its capacity (`nodePressure` of that cycle's result). `undefined` before
   * the first cycle.
   */
  pressure(): NodePressure | undefined;
  /** A JSON copy of everything that decides later cycles. */
  state(): ManagerState;
  /** The control loop (`Start`): cycles on an interval and on notifier events until aborted. */
  run(options: RunOptions<P>): Promise<RunSummary>;
  /** Set when the options did not validate (every cycle then reports `invalid-options`). */
  readonly optionsError: ManagerOptionsError | undefined;
}
