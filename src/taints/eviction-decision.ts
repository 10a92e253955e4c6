import type { FeatureGateOptions } from '../pods/feature-gates';
import {
  type TaintEvictionEvent,
  taintEvictionCancelEvent,
  taintEvictionDeletionEvent,
} from './eviction-status';
import { matchViews } from './matching';
import { readPodForTaints, readTaints, type TaintView, type TolerationView } from './read';
import { comparisonOperatorsEnabled } from './toleration';
import { getMinTolerationTime, secondsToDurationMs } from './toleration-time';
import type { PodInput, Taint, TaintLike, Toleration } from './types';

// pkg/controller/tainteviction/taint_eviction.go (v1.37): processPodOnNode and the
// handlePodUpdate / handleNodeUpdate paths that lead to it, as one pure step.

/** What the controller does with the pod's eviction work item. */
export type TaintEvictionAction =
  /** Nothing: no work is queued or changed. */
  | 'none'
  /** A scheduled deletion is cancelled (and nothing new is queued). */
  | 'cancel'
  /** The pod is deleted now (work added with `fireAt <= createdAt`, or a schedule already due). */
  | 'evict-now'
  /** A deletion is scheduled at `fireAt` (any earlier schedule was cancelled first). */
  | 'schedule'
  /** The existing schedule stays exactly as it was. */
  | 'keep';

/** A deletion the controller has queued (its `TimedWorker`'s `CreatedAt` and `FireAt`). */
export interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
}

export interface TaintEvictionDecisionOptions extends FeatureGateOptions {
  /** The controller's clock, epoch ms. */
  now: number;
  /** The deletion already queued for this pod, if any (the previous decision's times). */
  scheduled?: ScheduledEviction;
  /**
   * Where the countdown starts. `controller` (default, what upstream does): when the controller
   * first queues the deletion, on its own clock; `timeAdded` is never read. `timeAdded`: from
   * each taint's `timeAdded` (what many people expect; no upstream component does this).
   */
  countdownFrom?: 'controller' | 'timeAdded';
  /**
   * The event being handled. `node` (default): the node's taints changed; a node without NoExecute
   * taints cancels the pod's work. `pod`: the pod was added or its tolerations or node changed;
   * a node without NoExecute taints is not tracked, so nothing happens.
   */
  trigger?: 'node' | 'pod';
}

export type TaintEvictionRule =
  | 'pod-not-bound'
  | 'no-noexecute-taints'
  | 'schedule-due'
  | 'untolerated-taint'
  | 'tolerated-forever'
  | 'scheduled'
  | 'kept-existing-schedule'
  | 'rescheduled'
  | 'time-added-deadline';

/** Why the controller does what it does. */
export interface TaintEvictionWhy {
  readonly rule: TaintEvictionRule;
  readonly message: string;
  /** The first NoExecute taint no toleration tolerates (`untolerated-taint`). */
  readonly untoleratedTaint?: Taint;
  /** The first matching toleration of each taint (`getMatchingTolerations(...).used`). */
  readonly usedTolerations?: Toleration[];
  /** `getMinTolerationTime(used)`: ms, `-1` forever. */
  readonly minTolerationMs?: number;
  /**
   * The pod has a `deletionTimestamp`, or its phase is `Succeeded`/`Failed`. v1.37's controller
   * does not look at either: such pods are processed, and deleted, like any other.
   */
  readonly terminating: boolean;
  readonly terminal: boolean;
}

export interface TaintEvictionDecision {
  readonly action: TaintEvictionAction;
  /** The work item's creation time (`schedule`, `evict-now`, `keep`). */
  readonly createdAt?: number;
  /** When the deletion fires (`schedule`, `evict-now`, `keep`). */
  readonly fireAt?: number;
  /** Events recorded by this step, in order (cancellation, then deletion when it fires now). */
  readonly events: TaintEvictionEvent[];
  readonly why: TaintEvictionWhy;
}

/**
 * What the taint eviction controller does for `pod` when it processes an event while the pod's
 * node carries `noExecuteTaints` (taints of other effects in the list are ignored, as
 * `getNoExecuteTaints` does):
 *
 * - pod not bound to a node → `none`;
 * - a schedule whose `fireAt` is not after `now` has fired already → `evict-now`;
 * - no NoExecute taints → `cancel` any schedule (node event) / `none` (pod event);
 * - a taint no toleration tolerates → cancel any schedule, then `evict-now`;
 * - every taint tolerated without `tolerationSeconds` (min = -1) → `cancel` / `none`;
 * - otherwise with min toleration time T (the smallest over the first matching toleration of
 *   each taint; ≤ 0 means 0): with no schedule, add work `createdAt = now, fireAt = now + T` —
 *   `evict-now` when T is 0, else `schedule`. With a schedule created before `now` → `keep`: a
 *   longer, shorter, or even zero toleration never moves it. With a schedule created at `now`
 *   or later (two events at the same instant) the controller cancels it and re-adds work from
 *   its `createdAt` to `now + T`.
 *
 * The countdown starts when the controller first queues the work (its clock), not at the taint's
 * `timeAdded`, unless `countdownFrom: 'timeAdded'` asks for that (non-upstream) reading.
 * Events: `Cancelling deletion of Pod ns/name` when a pending schedule is cancelled,
 * `Marking for deletion Pod ns/name` when the deletion fires. Never throws.
 */
export function taintEvictionDecision(
  pod: PodInput,
  noExecuteTaints: readonly TaintLike[],
  options: TaintEvictionDecisionOptions,
): TaintEvictionDecision {
  const view = readPodForTaints(pod);
  const now = finiteOr(options?.now, 0);
  const scheduled = readScheduled(options?.scheduled);
  const trigger = options?.trigger === 'pod' ? 'pod' : 'node';
  const terminating = view.terminating;
  const terminal = view.phase === 'Succeeded' || view.phase === 'Failed';
  const base = { terminating, terminal };
  const decide = (
    action: TaintEvictionAction,
    rule: TaintEvictionRule,
    message: string,
    extra: Partial<TaintEvictionWhy> & {
      createdAt?: number;
      fireAt?: number;
      events?: TaintEvictionEvent[];
    } = {},
  ): TaintEvictionDecision => {
    const { createdAt, fireAt, events, ...why } = extra;
    const out: { -readonly [K in keyof TaintEvictionDecision]: TaintEvictionDecision[K] } = {
      action,
      events: events ?? [],
      why: { rule, message: withTerminationNote(message, base), ...base, ...why },
    };
    if (createdAt !== undefined) out.createdAt = createdAt;
    if (fireAt !== undefined) out.fireAt = fireAt;
    return out;
  };
  const cancelEvents = () => (scheduled === undefined ? [] : [taintEvictionCancelEvent(pod)]);

  if (view.nodeName === '') {
    return decide(
      'none',
      'pod-not-bound',
      'the pod is not bound to a node; the controller ignores it',
    );
  }
  if (scheduled !== undefined && scheduled.fireAt <= now) {
    return decide(
      'evict-now',
      'schedule-due',
      `the deletion scheduled for ${iso(scheduled.fireAt)} has fired`,
      {
        createdAt: scheduled.createdAt,
        fireAt: scheduled.fireAt,
        events: [taintEvictionDeletionEvent(pod)],
      },
    );
  }

  const taints = readTaints(noExecuteTaints).filter((t) => t.effect === 'NoExecute');
  if (taints.length === 0) {
    if (trigger === 'pod') {
      return decide(
        'none',
        'no-noexecute-taints',
        'the node has no NoExecute taints, so the controller does not track it; a pod event changes nothing',
      );
    }
    return scheduled === undefined
      ? decide(
          'none',
          'no-noexecute-taints',
          'the node has no NoExecute taints and nothing is scheduled',
        )
      : decide(
          'cancel',
          'no-noexecute-taints',
          'the NoExecute taints are gone: the scheduled deletion is cancelled',
          {
            events: cancelEvents(),
          },
        );
  }
  const comparison = comparisonOperatorsEnabled(options);
  const tolerations = view.tolerations.map((t) => ({ item: t, view: t }));
  const match = matchViews(
    taints.map((t) => ({ view: t })),
    tolerations,
    comparison,
  );
  if (!match.allTolerated) {
    const untolerated = taints.find(
      (t) => !view.tolerations.some((tol) => matches(tol, t, comparison)),
    );
    const shown =
      untolerated === undefined ? 'a NoExecute taint' : `the taint ${taintText(untolerated)}`;
    return decide(
      'evict-now',
      'untolerated-taint',
      `no toleration tolerates ${shown}: the pod is deleted now`,
      {
        createdAt: now,
        fireAt: now,
        events: [...cancelEvents(), taintEvictionDeletionEvent(pod)],
        ...(untolerated === undefined ? {} : { untoleratedTaint: toTaint(untolerated) }),
      },
    );
  }
  const used = match.used.map(toToleration);
  if (options?.countdownFrom === 'timeAdded') {
    return timeAddedDecision(
      pod,
      taints,
      view.tolerations,
      comparison,
      now,
      scheduled,
      used,
      decide,
      cancelEvents,
    );
  }
  const min = getMinTolerationTime(used);
  const detail = { usedTolerations: used, minTolerationMs: min };
  if (min < 0) {
    return scheduled === undefined
      ? decide('none', 'tolerated-forever', 'every NoExecute taint is tolerated forever', detail)
      : decide(
          'cancel',
          'tolerated-forever',
          'every NoExecute taint is tolerated forever: the scheduled deletion is cancelled',
          {
            ...detail,
            events: cancelEvents(),
          },
        );
  }
  const triggerTime = now + min;
  let startTime = now;
  let events: TaintEvictionEvent[] = [];
  let rule: TaintEvictionRule = 'scheduled';
  if (scheduled !== undefined) {
    if (scheduled.createdAt < now) {
      return decide(
        'keep',
        'kept-existing-schedule',
        `a deletion is already scheduled (created ${iso(scheduled.createdAt)}, firing ${iso(scheduled.fireAt)}); the controller keeps it whatever the tolerations say now`,
        { ...detail, createdAt: scheduled.createdAt, fireAt: scheduled.fireAt },
      );
    }
    startTime = scheduled.createdAt;
    events = cancelEvents();
    rule = 'rescheduled';
  }
  const verb = rule === 'rescheduled' ? 'rescheduled' : 'scheduled';
  if (triggerTime - startTime <= 0) {
    return decide(
      'evict-now',
      rule,
      `the tolerations allow ${min} ms: the deletion is ${verb} to fire now`,
      {
        ...detail,
        createdAt: startTime,
        fireAt: triggerTime,
        events: [...events, taintEvictionDeletionEvent(pod)],
      },
    );
  }
  return decide(
    'schedule',
    rule,
    `the tolerations allow ${min} ms: the deletion is ${verb} for ${iso(triggerTime)}`,
    {
      ...detail,
      createdAt: startTime,
      fireAt: triggerTime,
      events,
    },
  );
}

type Decide = (
  action: TaintEvictionAction,
  rule: TaintEvictionRule,
  message: string,
  extra?: Partial<TaintEvictionWhy> & {
    createdAt?: number;
    fireAt?: number;
    events?: TaintEvictionEvent[];
  },
) => TaintEvictionDecision;

/** The `timeAdded` reading: each taint's countdown runs from its own `timeAdded`. */
function timeAddedDecision(
  pod: PodInput,
  taints: readonly TaintView[],
  tolerations: readonly TolerationView[],
  comparison: boolean,
  now: number,
  scheduled: ScheduledEviction | undefined,
  used: Toleration[],
  decide: Decide,
  cancelEvents: () => TaintEvictionEvent[],
): TaintEvictionDecision {
  let deadline: number | undefined;
  for (const taint of taints) {
    const tol = tolerations.find((t) => matches(t, taint, comparison));
    if (tol?.seconds === undefined) continue;
    let d: number;
    if (tol.seconds <= 0) d = Number.NEGATIVE_INFINITY;
    else {
      const ms = secondsToDurationMs(tol.seconds);
      if (ms < 0) continue;
      d = (taint.timeAdded ?? now) + ms;
    }
    if (deadline === undefined || d < deadline) deadline = d;
  }
  const detail = { usedTolerations: used };
  if (deadline === undefined) {
    return scheduled === undefined
      ? decide('none', 'tolerated-forever', 'every NoExecute taint is tolerated forever', detail)
      : decide(
          'cancel',
          'tolerated-forever',
          'every NoExecute taint is tolerated forever: the scheduled deletion is cancelled',
          {
            ...detail,
            events: cancelEvents(),
          },
        );
  }
  if (deadline <= now) {
    return decide(
      'evict-now',
      'time-added-deadline',
      "counted from the taints' timeAdded, the toleration has run out",
      {
        ...detail,
        createdAt: now,
        fireAt: now,
        events: [...cancelEvents(), taintEvictionDeletionEvent(pod)],
      },
    );
  }
  if (scheduled !== undefined && scheduled.fireAt === deadline) {
    return decide(
      'keep',
      'time-added-deadline',
      `counted from timeAdded, the deletion stays at ${iso(deadline)}`,
      {
        ...detail,
        createdAt: scheduled.createdAt,
        fireAt: scheduled.fireAt,
      },
    );
  }
  return decide(
    'schedule',
    'time-added-deadline',
    `counted from the taints' timeAdded, the deletion fires at ${iso(deadline)}`,
    {
      ...detail,
      createdAt: now,
      fireAt: deadline,
      events: cancelEvents(),
    },
  );
}

function matches(tol: TolerationView, taint: TaintView, comparison: boolean): boolean {
  return matchViews([{ view: taint }], [{ item: tol, view: tol }], comparison).allTolerated;
}

function readScheduled(value: unknown): ScheduledEviction | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { createdAt, fireAt } = value as Record<string, unknown>;
  if (typeof createdAt !== 'number' || typeof fireAt !== 'number') return undefined;
  if (Number.isNaN(createdAt) || Number.isNaN(fireAt)) return undefined;
  return { createdAt, fireAt };
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function toTaint(t: TaintView): Taint {
  const out: Taint = { key: t.key, value: t.value, effect: t.effect };
  if (t.timeAdded !== undefined) out.timeAdded = t.timeAdded;
  return out;
}

function toToleration(t: TolerationView): Toleration {
  const out: Toleration = {};
  if (t.key !== '') out.key = t.key;
  if (t.operator !== '') out.operator = t.operator;
  if (t.value !== '') out.value = t.value;
  if (t.effect !== '') out.effect = t.effect;
  if (t.seconds !== undefined) out.tolerationSeconds = t.seconds;
  return out;
}

function taintText(t: TaintView): string {
  return t.value === '' ? `${t.key}:${t.effect}` : `${t.key}=${t.value}:${t.effect}`;
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

function withTerminationNote(message: string, flags: { terminating: boolean; terminal: boolean }) {
  if (flags.terminating)
    return `${message} (the pod is already terminating; v1.37 does not skip it)`;
  if (flags.terminal) return `${message} (the pod is terminal; v1.37 does not skip it)`;
  return message;
}
