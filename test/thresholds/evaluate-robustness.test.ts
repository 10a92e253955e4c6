import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Observation, Signal } from '../../src/signals/types';
import { type EvaluateInput, evaluate, evaluateChecked } from '../../src/thresholds/evaluate';
import {
  type EvaluationState,
  initialEvaluationState,
  parseEvaluationState,
} from '../../src/thresholds/evaluation-state';
import { hostile } from '../fuzz/hostile';
import { observationsLike, thresholdsLike, timeLike } from '../fuzz/thresholds-like';
import { MINUTE, obs, observations, th } from './builders';

// Regression tests for what the fuzz suite found in `evaluate`, and the validated entry point.
// `evaluate` promises never to throw and always to return a state that survives JSON and
// `parseEvaluationState`; `evaluateChecked` rejects what `evaluate` would have to repair.

const as = <T>(value: unknown): T => value as T;
const T0 = Date.UTC(2026, 10, 25);
const boom = () => {
  throw new Error('hostile getter');
};

const memory = th('memory.available', '1Gi');
const soft = th('nodefs.available', '10%', { graceMs: MINUTE });
const low = observations({
  'memory.available': obs('500Mi', '8Gi', T0),
  'nodefs.available': obs('1Gi', '100Gi', T0),
});
const input: EvaluateInput = {
  thresholds: [memory, soft],
  observations: low,
  now: T0,
  pressureTransitionPeriodMs: 5 * MINUTE,
};

const roundTrips = (state: EvaluationState) => {
  const back = parseEvaluationState(JSON.parse(JSON.stringify(state)));
  expect(back.isOk(), back.isErr() ? back.error.message : '').toBe(true);
};

describe('evaluate: malformed persisted state is ignored entry by entry', () => {
  const cases: Array<[string, unknown]> = [
    ['thresholdsMet: [null]', { ...initialEvaluationState(), thresholdsMet: [null] }],
    ['lastObservations: null', { ...initialEvaluationState(), lastObservations: null }],
    ['a missing field', { version: 1, nodeConditions: [] }],
    ['not an object', 42],
    ['null', null],
    [
      'wrong entries',
      {
        version: 1,
        nodeConditions: ['Hot', 7],
        nodeConditionsLastObservedAt: { MemoryPressure: 'yesterday', DiskPressure: T0 },
        thresholdsFirstObservedAt: { a: Number.NaN, b: '1' },
        thresholdsMet: [{ signal: 'memory.available' }, 7, { ...memory, value: { quantity: 'x' } }],
        lastObservations: { 'memory.available': { time: 'now' }, nope: {} },
      },
    ],
    ['a throwing getter', Object.defineProperty({}, 'thresholdsMet', { get: boom })],
    ['a throwing proxy', new Proxy({}, { get: boom })],
  ];
  for (const [name, state] of cases) {
    it(`${name}: no throw, a state that round-trips`, () => {
      const result = evaluate(as(state), input);
      roundTrips(result.state);
      expect(result.crossed).toEqual([memory, soft]);
      expect(result.actionable).toEqual([memory]);
    });
  }

  it('keeps the well-formed entries next to malformed ones', () => {
    const state = {
      ...initialEvaluationState(),
      nodeConditionsLastObservedAt: { DiskPressure: T0 - 1000, Hot: 5 },
      thresholdsFirstObservedAt: {},
    };
    const first = evaluate(initialEvaluationState(), input).state;
    const mixed = {
      ...first,
      nodeConditionsLastObservedAt: { ...first.nodeConditionsLastObservedAt, Hot: 5 },
      thresholdsMet: [...first.thresholdsMet, null],
    };
    expect(evaluate(as(mixed), { ...input, now: T0 + MINUTE })).toEqual(
      evaluate(first, { ...input, now: T0 + MINUTE }),
    );
    expect(evaluate(as(state), input).nodeConditions).toContain('DiskPressure');
  });
});

describe('evaluate: malformed input', () => {
  it('an observation time of NaN counts as no time, and the state round-trips', () => {
    const nan = new Map<Signal, Observation>([
      ['memory.available', { ...obs('500Mi', '8Gi'), time: Number.NaN }],
    ]);
    const result = evaluate(initialEvaluationState(), { ...input, observations: nan });
    roundTrips(result.state);
    expect(result.state.lastObservations).toEqual({ 'memory.available': {} });
    expect(result.crossed).toEqual([memory]);
  });

  it('malformed thresholds and observation entries are ignored', () => {
    const result = evaluate(initialEvaluationState(), {
      ...input,
      thresholds: as([
        memory,
        null,
        { ...memory, gracePeriodMs: Number.NaN },
        { ...memory, signal: 'memory.avail' },
        { ...memory, value: { percentage: Number.POSITIVE_INFINITY } },
        { ...memory, value: { quantity: '1Gi' } },
        { ...memory, minReclaim: 7 },
      ]),
      observations: new Map(
        as<[Signal, Observation][]>([
          ['memory.available', obs('500Mi', '8Gi', T0)],
          ['nodefs.available', { available: '1Gi' }],
          ['bogus', obs('1')],
        ]),
      ),
    });
    roundTrips(result.state);
    expect(result.crossed).toEqual([memory]);
    expect([...result.explanation.thresholds.map((t) => t.signal)]).toEqual(['memory.available']);
  });

  it('thresholds or observations of the wrong type count as none', () => {
    for (const bad of [{ thresholds: 'all' }, { observations: {} }, { observations: null }]) {
      const result = evaluate(initialEvaluationState(), { ...input, ...as<object>(bad) });
      expect(result.crossed).toEqual([]);
      roundTrips(result.state);
    }
  });

  it('a `now` that is not a finite number decides nothing and keeps the previous state', () => {
    const previous = evaluate(initialEvaluationState(), input).state;
    for (const now of [Number.NaN, Number.POSITIVE_INFINITY, '2026', undefined]) {
      const result = evaluate(previous, { ...input, now: as(now) });
      expect(result.state).toEqual(previous);
      expect(result.crossed).toEqual([]);
      expect(result.actionable).toEqual([]);
      expect(result.reclaim).toBeUndefined();
      expect(result.nodeConditions).toEqual(previous.nodeConditions);
    }
  });

  it('an input that is not an object decides nothing', () => {
    for (const bad of [null, 42, new Proxy({}, { get: boom })]) {
      const result = evaluate(initialEvaluationState(), as(bad));
      expect(result.crossed).toEqual([]);
      roundTrips(result.state);
    }
  });
});

describe('evaluate: property over hostile state and input', () => {
  const stateArb = fc.oneof(
    hostile,
    fc.constant(initialEvaluationState()),
    fc.record({ thresholdsMet: fc.array(hostile, { maxLength: 2 }), lastObservations: hostile }),
  );
  const inputArb = fc.record({
    thresholds: thresholdsLike,
    observations: observationsLike,
    now: timeLike,
    pressureTransitionPeriodMs: fc.oneof(fc.constantFrom(0, 300_000), hostile),
  });
  propTest.prop([stateArb, inputArb], { numRuns: 500 })(
    'never throws; the state survives JSON and parseEvaluationState',
    (state, hostileInput) => {
      const result = evaluate(as(state), as(hostileInput));
      roundTrips(result.state);
      roundTrips(evaluate(result.state, as(hostileInput)).state);
    },
  );
});

describe('evaluateChecked', () => {
  it('evaluates valid state and input exactly as evaluate does', () => {
    const state = JSON.parse(JSON.stringify(evaluate(initialEvaluationState(), input).state));
    const next = { ...input, now: T0 + MINUTE };
    expect(evaluateChecked(state, next)._unsafeUnwrap()).toEqual(evaluate(state, next));
  });

  it('rejects a malformed state with its path', () => {
    const error = evaluateChecked(
      { ...initialEvaluationState(), thresholdsMet: [null] },
      input,
    )._unsafeUnwrapErr();
    expect(error.code).toBe('invalid-evaluation-state');
    expect(error.issues[0]?.path).toBe('$.thresholdsMet[0]');
  });

  it('rejects a time that is not a finite number, malformed thresholds and observations', () => {
    const cases: Array<[unknown, string]> = [
      [{ ...input, now: Number.NaN }, '$.now'],
      [{ ...input, pressureTransitionPeriodMs: -1 }, '$.pressureTransitionPeriodMs'],
      [
        { ...input, thresholds: [memory, { ...memory, gracePeriodMs: -5 }] },
        '$.thresholds[1].gracePeriodMs',
      ],
      [{ ...input, observations: {} }, '$.observations'],
      [
        {
          ...input,
          observations: new Map([['memory.available', { ...obs('1Gi'), time: Number.NaN }]]),
        },
        '$.observations',
      ],
      [42, '$'],
    ];
    for (const [bad, path] of cases) {
      const error = evaluateChecked(initialEvaluationState(), bad)._unsafeUnwrapErr();
      expect(error.code).toBe('invalid-evaluate-input');
      expect(error.issues[0]?.path.startsWith(path), `${error.issues[0]?.path} vs ${path}`).toBe(
        true,
      );
    }
  });

  it('never throws on unreadable values', () => {
    const proxy = new Proxy({}, { get: boom });
    expect(evaluateChecked(proxy, input)._unsafeUnwrapErr().code).toBe('invalid-evaluation-state');
    expect(evaluateChecked(initialEvaluationState(), proxy)._unsafeUnwrapErr().code).toBe(
      'invalid-evaluate-input',
    );
  });
});

describe('parseEvaluationState never throws', () => {
  it('answers a throwing getter with an error', () => {
    const error = parseEvaluationState(
      Object.defineProperty({ ...initialEvaluationState() }, 'thresholdsMet', {
        get: boom,
        enumerable: true,
      }),
    )._unsafeUnwrapErr();
    expect(error.code).toBe('invalid-evaluation-state');
    expect(error.message).toContain('hostile getter');
  });
});
