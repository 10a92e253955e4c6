import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNALS } from '../../src/signals/catalogue';
import { parseQuantity, Quantity } from '../../src/signals/quantity';
import type { Observation, Signal, Threshold, ThresholdValue } from '../../src/signals/types';
import { type EvaluateInput, evaluate } from '../../src/thresholds/evaluate';
import {
  deserializeThreshold,
  type EvaluationState,
  initialEvaluationState,
  parseEvaluationState,
} from '../../src/thresholds/evaluation-state';
import { sortByEvictionPriority } from '../../src/thresholds/eviction-priority';
import { nodeConditions } from '../../src/thresholds/node-conditions';
import { thresholdKey } from '../../src/thresholds/threshold-identity';
import { thresholdsMet } from '../../src/thresholds/thresholds-met';

const NUM_RUNS = 300;
const T0 = Date.UTC(2026, 10, 25);

// Bias towards a few signals so thresholds and samples meet often.
const signalArb: fc.Arbitrary<Signal> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<Signal>('memory.available', 'nodefs.available', 'pid.available'),
  },
  { weight: 1, arbitrary: fc.constantFrom(...SIGNALS) },
);

const valueArb: fc.Arbitrary<ThresholdValue> = fc.oneof(
  fc
    .integer({ min: 1, max: 2_000_000 })
    .map((n) => ({ quantity: Quantity.fromBigInt(n, 'BinarySI') })),
  fc.integer({ min: 1, max: 99 }).map((k) => ({ percentage: Math.fround(k / 100) })),
  // Spellings that exercise the state's quantity strings: fractions, kept input strings, and
  // values whose String() drops its suffix (≥ 10^21).
  fc
    .constantFrom('1.5Mi', '500m', '+1Ki', '01', '1.500k', '1000E', '12e20', '0.000000001Ki')
    .map((s) => ({ quantity: parseQuantity(s)._unsafeUnwrap() })),
);

const thresholdArb: fc.Arbitrary<Threshold> = fc
  .record({
    signal: signalArb,
    value: valueArb,
    gracePeriodMs: fc.constantFrom(0, 0, 10_000, 30_000, 60_000, 120_000),
    minReclaim: fc.option(valueArb, { nil: undefined }),
  })
  .map(({ minReclaim, ...rest }) => {
    const t: Threshold = { ...rest, operator: 'LessThan' };
    if (minReclaim !== undefined) t.minReclaim = minReclaim;
    return t;
  });

type TimeMode = 'none' | 'same' | 'advance';
interface SignalSample {
  available: number;
  capacity: number;
  time: TimeMode;
}
interface Step {
  dt: number;
  samples: Partial<Record<Signal, SignalSample>>;
}

const sampleArb: fc.Arbitrary<SignalSample> = fc.record({
  available: fc.oneof(
    fc.integer({ min: -100, max: 300_000 }),
    fc.integer({ min: 0, max: 2_500_000 }),
  ),
  capacity: fc.integer({ min: 1, max: 3_000_000 }),
  time: fc.constantFrom<TimeMode>('none', 'same', 'advance', 'advance'),
});
const stepArb: fc.Arbitrary<Step> = fc.record({
  dt: fc.integer({ min: 0, max: 90_000 }),
  samples: fc.dictionary(signalArb, sampleArb, { maxKeys: 5 }) as fc.Arbitrary<
    Partial<Record<Signal, SignalSample>>
  >,
});

interface Scenario {
  thresholds: Threshold[];
  steps: Step[];
  period: number;
}
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  thresholds: fc.array(thresholdArb, { minLength: 1, maxLength: 6 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 15 }),
  period: fc.constantFrom(0, 30_000, 300_000),
});

/** Turn the generated steps into concrete inputs (observation times per signal). */
function inputsOf(scenario: Scenario): EvaluateInput[] {
  const lastTime = new Map<Signal, number>();
  let now = T0;
  return scenario.steps.map((step) => {
    now += step.dt;
    const observations = new Map<Signal, Observation>();
    for (const [signal, sample] of Object.entries(step.samples) as Array<[Signal, SignalSample]>) {
      const o: Observation = {
        available: Quantity.fromBigInt(sample.available, 'BinarySI'),
        capacity: Quantity.fromBigInt(sample.capacity, 'BinarySI'),
      };
      const time =
        sample.time === 'advance'
          ? now
          : sample.time === 'same'
            ? (lastTime.get(signal) ?? now)
            : undefined;
      if (time !== undefined) {
        o.time = time;
        lastTime.set(signal, time);
      }
      observations.set(signal, o);
    }
    return {
      thresholds: scenario.thresholds,
      observations,
      now,
      pressureTransitionPeriodMs: scenario.period,
    };
  });
}

const keysOf = (list: readonly Threshold[]) => new Set(list.map(thresholdKey));
const subset = <T>(a: Iterable<T>, b: ReadonlySet<T>) => [...a].every((x) => b.has(x));

describe('evaluate: invariants over random thresholds and observation sequences', () => {
  it('actionable ⊆ grace-met ⊆ met, and nothing acts before its grace period or on stale stats', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        let state: EvaluationState = initialEvaluationState();
        const since = new Map<string, number>(); // model: when each threshold became continuously met
        const previousTime = new Map<Signal, number | undefined>();
        for (const input of inputsOf(scenario)) {
          const r = evaluate(state, input);
          const met = keysOf(r.met);
          const graceMet = keysOf(r.gracePeriodMet);
          expect(subset(keysOf(r.actionable), graceMet)).toBe(true);
          expect(subset(graceMet, met)).toBe(true);
          expect(subset(keysOf(r.actionable), met)).toBe(true);

          for (const key of [...since.keys()]) if (!met.has(key)) since.delete(key);
          for (const key of met) if (!since.has(key)) since.set(key, input.now);
          for (const t of r.actionable) {
            expect(input.now - (since.get(thresholdKey(t)) ?? Number.NaN)).toBeGreaterThanOrEqual(
              t.gracePeriodMs,
            );
            const time = input.observations.get(t.signal)?.time;
            const before = previousTime.get(t.signal);
            if (time !== undefined && before !== undefined) expect(time).toBeGreaterThan(before);
          }
          // Every condition a met threshold implies is reported (unless the period is zero).
          if (input.pressureTransitionPeriodMs > 0) {
            expect(subset(nodeConditions(r.met), new Set(r.nodeConditions))).toBe(true);
          } else {
            expect(r.nodeConditions).toEqual([]);
          }
          // What the next step holds by min-reclaim: every grace-met threshold, stale or not.
          expect(
            new Set(r.state.thresholdsMet.map((t) => thresholdKey(deserializeThreshold(t)!))),
          ).toEqual(graceMet);
          // The reclaim target is the first actionable threshold.
          expect(r.reclaim?.threshold).toBe(r.actionable[0]);

          previousTime.clear();
          for (const [signal, o] of input.observations) previousTime.set(signal, o.time);
          state = r.state;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is deterministic, and its state survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        let state: EvaluationState = initialEvaluationState();
        for (const input of inputsOf(scenario)) {
          const roundTripped = JSON.parse(JSON.stringify(state)) as EvaluationState;
          expect(roundTripped).toEqual(state);
          expect(parseEvaluationState(JSON.stringify(state))._unsafeUnwrap()).toEqual(state);

          const r = evaluate(state, input);
          expect(evaluate(state, input)).toEqual(r);
          expect(evaluate(roundTripped, input)).toEqual(r);
          state = r.state;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('evaluate never throws', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        let state = initialEvaluationState();
        for (const input of inputsOf(scenario)) state = evaluate(state, input).state;
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('helper invariants', () => {
  it('nodeConditions is monotone in the set of met thresholds', () => {
    fc.assert(
      fc.property(
        fc
          .array(thresholdArb, { maxLength: 8 })
          .chain((b) => fc.tuple(fc.subarray(b), fc.constant(b))),
        ([a, b]) => {
          expect(subset(nodeConditions(a), new Set(nodeConditions(b)))).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('enforcing min-reclaim only ever adds met thresholds', () => {
    fc.assert(
      fc.property(
        fc.array(thresholdArb, { maxLength: 6 }),
        fc.array(fc.tuple(fc.constantFrom(...SIGNALS), sampleArb)),
        (ts, samples) => {
          const observations = new Map<Signal, Observation>(
            samples.map(([signal, s]) => [
              signal,
              {
                available: Quantity.fromBigInt(s.available, 'BinarySI'),
                capacity: Quantity.fromBigInt(s.capacity, 'BinarySI'),
              },
            ]),
          );
          const plain = thresholdsMet(ts, observations, false);
          const enforced = new Set(thresholdsMet(ts, observations, true));
          expect(plain.every((t) => enforced.has(t))).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('sortByEvictionPriority is a stable partition with memory first', () => {
    fc.assert(
      fc.property(fc.array(thresholdArb, { maxLength: 12 }), (ts) => {
        const sorted = sortByEvictionPriority(ts);
        const isMemory = (t: Threshold) =>
          t.signal === 'memory.available' || t.signal === 'allocatableMemory.available';
        expect(sorted).toEqual([...ts.filter(isMemory), ...ts.filter((t) => !isMemory(t))]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
