import { err, ok, type Result } from 'neverthrow';
import { type SignalReading, signalReadings, signalUnit } from '../manager/node-pressure';
import type { CandidateExplanation } from '../manager/types';
import { explainOomScoreAdj } from '../oom/score-adj';
import { createMemoryPlatform } from '../platform/memory-platform';
import type { Watch } from '../platform/types';
import type { Pod } from '../pods/pod';
import { readPod } from '../pods/pod';
import { isCriticalPod, isStaticPod } from '../pods/pod-kinds';
import { qosClass } from '../pods/qos';
import { observe } from '../signals/observe';
import { Quantity } from '../signals/quantity';
import { getThresholdQuantity } from '../signals/threshold-quantity';
import type { Signal, Threshold, ThresholdValue } from '../signals/types';
import type { EvaluationExplanation } from '../thresholds/explain';
import { thresholdKey } from '../thresholds/threshold-identity';
import { derivedEvents } from './events';
import { createManager, kubeletManagerOptions } from './manager';
import {
  nodeMemoryUsage,
  type RunningPod,
  scenarioPodObject,
  simulatedSummary,
  usageModel,
} from './node-model';
import type { Scenario } from './scenario';
import type {
  ConditionSample,
  PodRef,
  SignalSample,
  SimulationEvent,
  SimulationEviction,
  SimulationPod,
  SimulationStep,
  SimulationThreshold,
  SimulationTimeline,
  ThresholdSample,
} from './timeline';

/** Why a simulation could not run. */
export interface SimulationError {
  code: 'simulation-failed';
  message: string;
}

export interface SimulationOptions {
  /** The scenario's time zero as epoch ms (the Summary timestamps). Default 2025-01-01T00:00Z. */
  epoch?: number;
  /** Resolution of the usage timeline and of the memory notifier, ms. Default 1000. */
  tickMs?: number;
}

const DEFAULT_EPOCH = Date.UTC(2025, 0, 1);
/** The kubelet polls every second for an evicted pod's cleanup, then synchronizes again. */
const CLEANUP_POLL_MS = 1000;

const refText = (r: PodRef) => `${r.namespace}/${r.name}`;

/**
 * Run a scenario through the eviction manager: every `interval` (and whenever the memory
 * threshold notifier fires, when `kernelMemcgNotification` is on, and one second after each
 * eviction, as the kubelet's loop does) the simulated node's Summary goes to `synchronize`; an
 * evicted pod stops at once and frees what it used. Returns every step with the manager's
 * view: observations against thresholds, grace periods, node conditions, evictions and the
 * kubelet's messages. Deterministic; never throws.
 */
export async function runSimulation(
  scenario: Scenario,
  options: SimulationOptions = {},
): Promise<Result<SimulationTimeline, SimulationError>> {
  try {
    return ok(await simulate(scenario, options));
  } catch (cause) {
    return err({
      code: 'simulation-failed',
      message: `the simulation failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }
}

async function simulate(
  scenario: Scenario,
  options: SimulationOptions,
): Promise<SimulationTimeline> {
  const epoch = options.epoch ?? DEFAULT_EPOCH;
  const tick = options.tickMs ?? 1000;
  const { settings, thresholds } = scenario.kubelet;
  const capacity = scenario.node.capacity;
  const model = usageModel(scenario);
  const podObjects = scenario.pods.map((p, i) => scenarioPodObject(p, i, scenario.node.name));
  const memoryCapacity = capacity.memory;

  const simPods: SimulationPod[] = scenario.pods.map((p, i) =>
    describePod(podObjects[i] as Pod, p, memoryCapacity),
  );
  const running = new Set<number>();
  const pendingArrival = new Set<number>();
  scenario.pods.forEach((p, i) => {
    if (p.arrives === undefined || p.arrives === 0) running.add(i);
    else pendingArrival.add(i);
  });

  // Threshold quantities on this node's capacities (a percentage of capacity).
  const capacityOf = (signal: Signal): bigint => {
    switch (signalUnit(signal)) {
      case 'inodes':
        return signal.startsWith('imagefs') && scenario.node.imagefs?.inodes !== undefined
          ? scenario.node.imagefs.inodes
          : capacity.inodes;
      case 'processes':
        return capacity.pids;
      default:
        if (signal === 'allocatableMemory.available')
          return scenario.node.allocatable?.memory ?? capacity.memory;
        if (signal === 'memory.available') return capacity.memory;
        return signal.startsWith('imagefs') && scenario.node.imagefs
          ? scenario.node.imagefs.capacity
          : capacity.disk;
    }
  };
  const resolve = (value: ThresholdValue, signal: Signal) =>
    getThresholdQuantity(value, Quantity.fromBigInt(capacityOf(signal), 'BinarySI'));
  const simThresholds: SimulationThreshold[] = thresholds.map((t) =>
    describeThreshold(t, resolve(t.value, t.signal)),
  );
  const byKey = new Map(simThresholds.map((t) => [t.key, t]));

  const steps: SimulationStep[] = [];
  let pending: SimulationEvent[] = [];
  const indexOf = new Map(podObjects.map((p, i) => [p, i]));

  // Node-level reclaim (image and container garbage collection) is offered but frees nothing.
  const manager = createManager<Pod>({
    ...kubeletManagerOptions(scenario.kubelet),
    dedicatedImageFs: scenario.node.imagefs !== undefined,
    splitImageFs: false,
    memoryCapacityBytes: Number(memoryCapacity),
    // The pod stops at once: the engine takes it off the node after the cycle.
    killPod: async () => {},
    imageGC: { deleteUnusedImages: async () => {} },
    containerGC: { deleteAllUnusedContainers: async () => {} },
  });

  // The memory platform carries the node's memory usage; its watches are the kubelet's memcg
  // threshold notifier (one per memory.available threshold, at capacity − threshold).
  const platform = createMemoryPlatform({ timeline: [], start: epoch });
  const watches: Watch[] = [];
  let notified: { time: number; text: string }[] = [];
  if (settings.kernelMemcgNotification) {
    for (const t of simThresholds) {
      if (t.signal !== 'memory.available') continue;
      const bytes = memoryCapacity - BigInt(t.quantity);
      const watch = platform.watchMemory({ bytes });
      if (watch.isErr()) continue;
      watch.value.on((event) => {
        if (event.type !== 'crossed') return;
        const rose = (platform.memoryUsage() ?? 0n) >= bytes;
        notified.push({
          time: event.time - epoch,
          text: `memory notifier: the working set ${rose ? 'rose above' : 'fell below'} ${Quantity.fromBigInt(bytes, 'BinarySI').toString()} (capacity − the ${t.kind} threshold ${t.quantityText})`,
        });
      });
      watches.push(watch.value);
    }
  }

  const notes = scenario.timeline
    .filter((c) => c.note !== undefined)
    .map((c) => ({ time: c.at, text: c.note as string }));
  let noteIndex = 0;
  const sortedNotes = [...notes].sort((a, b) => a.time - b.time);

  let previous: SimulationStep | undefined;
  let nextLoop = 0;
  let afterEviction = false;
  const runningPods = (t: number): RunningPod[] =>
    [...running]
      .sort((a, b) => a - b)
      .map((i) => ({ pod: podObjects[i] as Pod, usage: model.pod(i, t) }));

  try {
    for (let t = 0; t <= scenario.durationMs; t += tick) {
      while (noteIndex < sortedNotes.length && (sortedNotes[noteIndex]?.time ?? Infinity) <= t) {
        const note = sortedNotes[noteIndex++];
        if (note) pending.push({ kind: 'note', time: note.time, text: note.text });
      }
      for (const index of [...pendingArrival]) {
        if ((scenario.pods[index]?.arrives ?? 0) > t) continue;
        pendingArrival.delete(index);
        const pod = podObjects[index] as Pod;
        const verdict = manager.admit(pod);
        const sim = simPods[index] as SimulationPod;
        if (verdict.admit) {
          running.add(index);
          pending.push({
            kind: 'admitted',
            time: t,
            pod: sim.ref,
            text: `${refText(sim.ref)} (${sim.qosClass}) arrives and is admitted`,
          });
        } else {
          sim.outcome = { kind: 'rejected', at: t, message: verdict.message };
          pending.push({
            kind: 'rejected',
            time: t,
            pod: sim.ref,
            text: `${refText(sim.ref)} (${sim.qosClass}) arrives and is rejected: ${verdict.reason}: ${verdict.message.trim()}`,
          });
        }
      }

      const pods = runningPods(t);
      const system = model.system(t);
      platform.add({ time: epoch + t, memoryUsageBytes: nodeMemoryUsage(system, pods) });
      platform.advanceTo(epoch + t);
      const byNotifier = notified.length > 0;
      if (t < nextLoop && !byNotifier) continue;
      const trigger: SimulationStep['trigger'] =
        t >= nextLoop ? (afterEviction ? 'after-eviction' : 'interval') : 'notifier';
      for (const n of notified) pending.push({ kind: 'notifier', ...n });
      notified = [];

      const summary = simulatedSummary(scenario, epoch + t, system, pods);
      platform.add({ time: epoch + t, summary });
      const current = await platform.summary();
      if (current.isErr()) throw new Error(current.error.message);
      const podList = pods.map((p) => p.pod);
      const result = await manager.synchronize({
        now: epoch + t,
        summary: current.value,
        pods: podList,
        refreshSummary: () => platform.summary(),
      });
      const evaluation = result.explanation.evaluation;
      const step: SimulationStep = {
        time: t,
        trigger,
        // The cycle's own observations; observed here only when it stopped before observing.
        signals: signalSamples(
          result.explanation.observations ?? signalReadings(observe(current.value)),
        ),
        thresholds: evaluation ? thresholdSamples(evaluation, epoch) : [],
        conditions: evaluation ? conditionSamples(evaluation) : [],
        evictions: [],
        events: pending,
        running: 0,
      };
      pending = [];
      for (const eviction of result.evictions) {
        const index = indexOf.get(eviction.pod);
        if (index === undefined) continue;
        const sim = simPods[index] as SimulationPod;
        step.evictions.push({
          pod: sim.ref,
          kind: eviction.kind,
          signal: eviction.signal,
          resource: eviction.resource ?? 'ephemeral-storage',
          ...(eviction.threshold ? { thresholdKey: thresholdKey(eviction.threshold) } : {}),
          message: eviction.message,
          gracePeriodOverrideSeconds: eviction.gracePeriodOverrideSeconds,
          gracePeriodRule: eviction.gracePeriodRule,
          annotations: eviction.annotations,
          ranking: rankingOf(result.explanation.ranking?.candidates ?? [], simPods, indexOf),
        });
        sim.outcome = {
          kind: 'evicted',
          at: t,
          signal: eviction.signal,
          message: eviction.message,
        };
        running.delete(index);
      }
      step.running = running.size;
      const derived = derivedEvents(
        previous,
        step,
        byKey,
        settings.evictionPressureTransitionPeriodMs,
      );
      const reclaim = result.explanation.nodeLevelReclaim;
      if (reclaim !== undefined && reclaim.called.length > 0) {
        // Before the eviction line: the kubelet reclaims at node level first.
        const at = derived.findIndex((e) => e.kind === 'eviction');
        derived.splice(at === -1 ? derived.length : at, 0, {
          kind: 'reclaim',
          text: `node-level reclaim first: ${reclaim.called.join(', ')} (simulated: frees nothing); ${reclaim.relieved ? 'relieved' : 'pressure not relieved'}`,
        });
      }
      step.events.push(...derived);
      if (result.outcome === 'no-evictable-pod' || result.outcome === 'no-active-pods') {
        step.events.push({
          kind: 'no-victim',
          text: `${result.explanation.reclaim?.signal ?? 'a threshold'} is actionable but no pod can be evicted (${result.outcome === 'no-active-pods' ? 'no active pods' : 'only critical and static pods'})`,
        });
      }
      steps.push(step);
      previous = step;
      afterEviction = step.evictions.length > 0;
      nextLoop = t + (afterEviction ? CLEANUP_POLL_MS : scenario.interval);
    }
  } finally {
    for (const w of watches) w.close();
    platform.close();
  }

  return {
    version: 1,
    scenario: {
      name: scenario.name,
      ...(scenario.description === undefined ? {} : { description: scenario.description }),
      nodeName: scenario.node.name,
      intervalMs: scenario.interval,
      durationMs: scenario.durationMs,
      kubeletSource: scenario.kubeletSource,
    },
    capacity: {
      memory: Number(capacity.memory),
      disk: Number(capacity.disk),
      inodes: Number(capacity.inodes),
      pids: Number(capacity.pids),
    },
    settings: {
      pressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
      maxPodGracePeriodSeconds: settings.evictionMaxPodGracePeriodSeconds,
      kernelMemcgNotification: settings.kernelMemcgNotification,
    },
    thresholds: simThresholds,
    pods: simPods,
    steps,
    notes,
  };
}

function valueText(value: ThresholdValue): string {
  if ('quantity' in value) return value.quantity.toString();
  return `${Number((value.percentage * 100).toPrecision(6))}%`;
}

function describeThreshold(t: Threshold, quantity: Quantity): SimulationThreshold {
  const out: SimulationThreshold = {
    key: thresholdKey(t),
    signal: t.signal,
    kind: t.gracePeriodMs === 0 ? 'hard' : 'soft',
    value: valueText(t.value),
    quantity: Number(quantity.value()),
    quantityText: quantity.toString(),
    gracePeriodMs: t.gracePeriodMs,
  };
  if (t.minReclaim !== undefined) out.minReclaim = valueText(t.minReclaim);
  return out;
}

function describePod(
  pod: Pod,
  spec: Scenario['pods'][number],
  memoryCapacity: bigint,
): SimulationPod {
  const view = readPod(pod);
  const containers = (pod.spec?.containers ?? []).map((c) => {
    const explained = explainOomScoreAdj(pod, c, memoryCapacity);
    return explained.isOk()
      ? { name: c.name, oomScoreAdj: explained.value.value, rule: explained.value.rule }
      : { name: c.name, oomScoreAdj: Number.NaN, rule: explained.error.code };
  });
  const first = spec.containers?.[0];
  const out: SimulationPod = {
    ref: { namespace: view.namespace, name: view.name, uid: view.uid },
    qosClass: qosClass(pod),
    priority: view.priority ?? 0,
    critical: isCriticalPod(pod),
    static: isStaticPod(pod),
    containers,
    requests: { ...(first?.requests ?? spec.requests ?? {}) },
    limits: { ...(first?.limits ?? spec.limits ?? {}) },
  };
  if (spec.arrives !== undefined && spec.arrives > 0) out.arrivesAt = spec.arrives;
  return out;
}

function signalSamples(readings: readonly SignalReading[]): SignalSample[] {
  return readings.map((r) => ({
    signal: r.signal,
    available: Number(r.available.value()),
    capacity: r.capacity === undefined ? 0 : Number(r.capacity.value()),
    availableText: r.available.toString(),
    unit: r.unit,
  }));
}

function thresholdSamples(e: EvaluationExplanation, epoch: number): ThresholdSample[] {
  return e.thresholds.map((t) => {
    const sample: ThresholdSample = {
      key: t.key,
      crossed: t.crossed,
      met: t.met,
      heldByMinReclaim: t.heldByMinReclaim,
      gracePeriodMet: t.gracePeriodMet,
      actionable: t.actionable,
      selected: t.selected,
    };
    if (t.firstObservedAt !== undefined) sample.firstObservedAt = t.firstObservedAt - epoch;
    if (t.graceRemainingMs !== undefined) sample.graceRemainingMs = t.graceRemainingMs;
    return sample;
  });
}

function conditionSamples(e: EvaluationExplanation): ConditionSample[] {
  return e.conditions.map((c) => ({
    condition: c.condition,
    observedNow: c.observedNow,
    reported: c.reported,
    transitionRemainingMs: c.transitionRemainingMs,
  }));
}

function rankingOf(
  candidates: readonly CandidateExplanation<Pod>[],
  simPods: readonly SimulationPod[],
  indexOf: ReadonlyMap<Pod, number>,
): SimulationEviction['ranking'] {
  return candidates.map((c) => {
    const sim = simPods[indexOf.get(c.pod) ?? -1];
    return {
      pod: { namespace: c.namespace, name: c.name, uid: c.uid },
      qosClass: sim?.qosClass ?? qosClass(c.pod),
      priority: c.keys.priority,
      usage: c.keys.usage.toString(),
      request: c.keys.request?.toString() ?? '-',
      exceedsRequest: c.keys.exceedsRequest ?? false,
      critical: c.critical !== undefined && c.critical !== false ? true : (sim?.critical ?? false),
    };
  });
}
