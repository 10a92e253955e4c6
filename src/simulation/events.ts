import { formatGoDuration, msToNanos } from '../signals/go-duration';
import { humanAmount } from './format';
import type { PodRef, SimulationEvent, SimulationStep, SimulationThreshold } from './timeline';

// The timeline's event lines that come from comparing one step with the one before: thresholds
// met and no longer met, grace periods starting and running out, node conditions set, held
// through the transition period and cleared, and the eviction.

const durationText = (ms: number) => formatGoDuration(msToNanos(ms));
const refText = (r: PodRef) => `${r.namespace}/${r.name}`;

/** Lines for what changed since the previous step. */
export function derivedEvents(
  previous: SimulationStep | undefined,
  step: SimulationStep,
  thresholds: ReadonlyMap<string, SimulationThreshold>,
  transitionMs: number,
): SimulationEvent[] {
  const events: SimulationEvent[] = [];
  const before = new Map(previous?.thresholds.map((t) => [t.key, t]));
  const signal = new Map(step.signals.map((s) => [s.signal, s]));
  for (const t of step.thresholds) {
    const config = thresholds.get(t.key);
    if (config === undefined) continue;
    const was = before.get(t.key);
    const observed = signal.get(config.signal);
    const name = `${config.kind} ${config.signal}<${config.value}`;
    if (t.met && !was?.met) {
      const unit = observed?.unit ?? 'bytes';
      const text = `${name} met: available ${observed ? humanAmount(observed.available, unit) : '?'} < ${humanAmount(config.quantity, unit)}`;
      events.push({ kind: 'threshold-crossed', key: t.key, text });
      if (config.kind === 'soft') {
        events.push({
          kind: 'grace-started',
          key: t.key,
          text: `grace period ${durationText(config.gracePeriodMs)} starts for ${name}`,
        });
      }
    } else if (!t.met && was?.met) {
      events.push({
        kind: 'threshold-cleared',
        key: t.key,
        text: `${name} no longer met (available ${observed ? humanAmount(observed.available, observed.unit) : '?'})`,
      });
    }
    if (config.kind === 'soft' && t.gracePeriodMet && !was?.gracePeriodMet) {
      events.push({
        kind: 'grace-elapsed',
        key: t.key,
        text: `grace period of ${name} has elapsed`,
      });
    }
  }
  const conditionsBefore = new Map(previous?.conditions.map((c) => [c.condition, c]));
  for (const c of step.conditions) {
    const was = conditionsBefore.get(c.condition);
    if (c.reported && !was?.reported) {
      events.push({
        kind: 'condition-set',
        condition: c.condition,
        text: `node condition ${c.condition} set`,
      });
    } else if (c.reported && !c.observedNow && was?.observedNow) {
      events.push({
        kind: 'condition-held',
        condition: c.condition,
        text: `${c.condition} held for the pressure transition period (${durationText(transitionMs)}) although no threshold is met`,
      });
    }
  }
  for (const [condition, was] of conditionsBefore) {
    const now = step.conditions.find((c) => c.condition === condition);
    if (was.reported && !now?.reported) {
      events.push({
        kind: 'condition-cleared',
        condition,
        text: `node condition ${condition} cleared (transition period over)`,
      });
    }
  }
  for (const e of step.evictions) {
    events.push({
      kind: 'eviction',
      pod: e.pod,
      text: `evict ${refText(e.pod)} for ${e.signal} (grace period override ${e.gracePeriodOverrideSeconds}s)`,
    });
  }
  return events;
}
