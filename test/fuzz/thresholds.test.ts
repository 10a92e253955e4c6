import fc from 'fast-check';
import { describe } from 'vitest';
import { SIGNALS } from '../../src/signals/catalogue';
import { evaluate, evaluateChecked } from '../../src/thresholds/evaluate';
import {
  initialEvaluationState,
  parseEvaluationState,
} from '../../src/thresholds/evaluation-state';
import { fuzz, fuzzEach, isResult, target } from './harness';
import { edgeNumber, hostile, hostileKey, sometimes } from './hostile';
import { observationsLike, thresholdsLike, timeLike } from './thresholds-like';

// The evaluation state machine, fed hostile persisted state and hostile input: it never throws,
// and the state it returns always survives JSON and `parseEvaluationState`.

const as = <T>(value: unknown): T => value as T;
const epoch = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4_000_000 }) },
  { weight: 1, arbitrary: hostile },
);
const serializedValue = sometimes(
  fc.oneof(
    fc.constantFrom('1Gi', '100Mi', '0', 'nope').map((quantity) => ({ quantity })),
    fc
      .oneof(fc.double({ min: 0, max: 1 }), fc.constant('NaN'), edgeNumber)
      .map((percentage) => ({ percentage })),
  ),
);
const stateLike = sometimes(
  fc.record(
    {
      version: sometimes(fc.constant(1), 10),
      nodeConditions: sometimes(fc.subarray(['MemoryPressure', 'DiskPressure', 'PIDPressure'])),
      nodeConditionsLastObservedAt: sometimes(
        fc.dictionary(
          fc.oneof(fc.constantFrom('MemoryPressure', 'DiskPressure'), hostileKey),
          epoch,
        ),
      ),
      thresholdsFirstObservedAt: sometimes(fc.dictionary(hostileKey, epoch)),
      thresholdsMet: sometimes(
        fc.array(
          sometimes(
            fc.record(
              {
                signal: sometimes(fc.constantFrom(...SIGNALS)),
                operator: sometimes(fc.constant('LessThan')),
                value: serializedValue,
                gracePeriodMs: sometimes(fc.constantFrom(0, 30_000)),
                minReclaim: serializedValue,
              },
              { requiredKeys: ['signal', 'operator', 'value', 'gracePeriodMs'] },
            ),
          ),
          { maxLength: 3 },
        ),
      ),
      lastObservations: sometimes(
        fc.dictionary(
          fc.oneof(fc.constantFrom(...SIGNALS), hostileKey),
          sometimes(fc.record({ time: epoch }, { requiredKeys: [] })),
        ),
      ),
    },
    { requiredKeys: [] },
  ),
  6,
);
const inputLike = sometimes(
  fc.record({
    thresholds: thresholdsLike,
    observations: observationsLike,
    now: timeLike,
    pressureTransitionPeriodMs: sometimes(fc.constantFrom(0, 300_000), 4),
  }),
  10,
);

/** The returned state survives JSON and validation. */
const roundTrips = (result: { state: unknown }) => {
  const back = parseEvaluationState(JSON.parse(JSON.stringify(result.state)));
  return back.isOk() ? undefined : `the state does not round-trip: ${back.error.message}`;
};

describe('fuzz: thresholds', () => {
  fuzz('parseEvaluationState', stateLike, (s) => parseEvaluationState(s), isResult);
  fuzzEach('a state and an input', fc.tuple(stateLike, inputLike), [
    target(
      'evaluate (hostile state and input)',
      ([state, input]) => evaluate(as(state), as(input)),
      roundTrips,
    ),
    target(
      'evaluateChecked',
      ([state, input]) => evaluateChecked(state, input),
      (result) => isResult(result) ?? (result.isOk() ? roundTrips(result.value) : undefined),
    ),
  ]);
  fuzz(
    'evaluate (two steps)',
    fc.tuple(inputLike, inputLike),
    ([first, second]) => evaluate(evaluate(initialEvaluationState(), as(first)).state, as(second)),
    roundTrips,
  );
});
