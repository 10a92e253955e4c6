import { describe, expect, it } from 'vitest';
import {
  deserializeThreshold,
  type EvaluationState,
  initialEvaluationState,
  parseEvaluationState,
  serializeThreshold,
} from '../../src/thresholds/evaluation-state';
import { thresholdKey } from '../../src/thresholds/threshold-identity';
import { th } from './builders';

const valid: EvaluationState = {
  version: 1,
  nodeConditions: ['MemoryPressure'],
  nodeConditionsLastObservedAt: { MemoryPressure: 1000, DiskPressure: 5 },
  thresholdsFirstObservedAt: { 'memory.available|LessThan|q=1|grace=0|minReclaim=-': 1000 },
  thresholdsMet: [
    {
      signal: 'memory.available',
      operator: 'LessThan',
      value: { quantity: '100Mi' },
      gracePeriodMs: 0,
      minReclaim: { percentage: 0.05 },
    },
    {
      signal: 'nodefs.available',
      operator: 'LessThan',
      value: { percentage: 'NaN' },
      gracePeriodMs: 30_000,
    },
  ],
  lastObservations: { 'memory.available': { time: 999 }, 'pid.available': {} },
};

describe('parseEvaluationState', () => {
  it('accepts the initial state and a full one, as values or JSON text', () => {
    expect(parseEvaluationState(initialEvaluationState())._unsafeUnwrap()).toEqual(
      initialEvaluationState(),
    );
    expect(parseEvaluationState(valid)._unsafeUnwrap()).toEqual(valid);
    expect(parseEvaluationState(JSON.stringify(valid))._unsafeUnwrap()).toEqual(valid);
  });

  const bad: Array<{ name: string; input: unknown; path: string }> = [
    { name: 'not JSON', input: '{nope', path: '$' },
    { name: 'not an object', input: 42, path: '$' },
    { name: 'wrong version', input: { ...valid, version: 2 }, path: '$.version' },
    {
      name: 'unknown condition',
      input: { ...valid, nodeConditions: ['Ready'] },
      path: '$.nodeConditions[0]',
    },
    {
      name: 'time is not a number',
      input: { ...valid, nodeConditionsLastObservedAt: { MemoryPressure: 'soon' } },
      path: '$.nodeConditionsLastObservedAt.MemoryPressure',
    },
    {
      name: 'bad quantity',
      input: {
        ...valid,
        thresholdsMet: [{ ...valid.thresholdsMet[0], value: { quantity: '12 apples' } }],
      },
      path: '$.thresholdsMet[0].value.quantity',
    },
    {
      name: 'unknown signal',
      input: { ...valid, lastObservations: { 'swap.available': {} } },
      path: '$.lastObservations',
    },
    {
      name: 'negative grace period',
      input: { ...valid, thresholdsMet: [{ ...valid.thresholdsMet[0], gracePeriodMs: -1 }] },
      path: '$.thresholdsMet[0].gracePeriodMs',
    },
    { name: 'typo in a key', input: { ...valid, nodeCondition: [] }, path: '$' },
    { name: 'missing field', input: { version: 1 }, path: '$.nodeConditions' },
  ];
  for (const c of bad) {
    it(`rejects: ${c.name}`, () => {
      const r = parseEvaluationState(c.input);
      expect(r.isErr()).toBe(true);
      const e = r._unsafeUnwrapErr();
      expect(e.code).toBe('invalid-evaluation-state');
      expect(e.issues.map((i) => i.path)).toContain(c.path);
      expect(e.message).toMatch(/evaluation state/);
    });
  }
});

describe('threshold serialisation', () => {
  const cases = [
    th('memory.available', '100Mi'),
    th('memory.available', '1.5Gi', { graceMs: 90_000, minReclaim: '500Mi' }),
    th('nodefs.available', '10%', { minReclaim: '5%' }),
    th('pid.available', '1000'),
    { ...th('nodefs.inodesFree', '1'), value: { percentage: Number.NaN } },
  ];
  for (const t of cases) {
    it(`round trip keeps the key: ${thresholdKey(t)}`, () => {
      const json = JSON.parse(JSON.stringify(serializeThreshold(t)));
      const back = deserializeThreshold(json);
      expect(back).toBeDefined();
      expect(thresholdKey(back!)).toBe(thresholdKey(t));
    });
  }

  // Upstream's String() drops the suffix of values ≥ 10^21 (`1000E` prints as `1`); the state
  // must not turn a remembered 1000E threshold (or min-reclaim) into 1 byte.
  it('a quantity whose String() does not parse back is stored exactly', () => {
    const t = th('memory.available', '1000E', { minReclaim: '-1000E' });
    expect(t.value).toMatchObject({ quantity: expect.anything() });
    const serialized = serializeThreshold(t);
    expect(serialized.value).toEqual({ quantity: '1000e18' });
    expect(serialized.minReclaim).toEqual({ quantity: '-1000e18' });
    const back = deserializeThreshold(JSON.parse(JSON.stringify(serialized)));
    expect(thresholdKey(back!)).toBe(thresholdKey(t));
    expect(parseEvaluationState({ ...valid, thresholdsMet: [serialized] }).isOk()).toBe(true);
    // Spellings that do parse back are kept as they are.
    expect(serializeThreshold(th('memory.available', '1001E')).value).toEqual({
      quantity: '1001E',
    });
  });

  it('-0% serialises as 0 (JSON has no -0)', () => {
    const t = { ...th('pid.available', '1'), value: { percentage: -0 } };
    expect(serializeThreshold(t).value).toEqual({ percentage: 0 });
    expect(Object.is((serializeThreshold(t).value as { percentage: number }).percentage, -0)).toBe(
      false,
    );
  });

  it('an unparsable quantity (state that skipped validation) gives undefined', () => {
    expect(
      deserializeThreshold({
        signal: 'memory.available',
        operator: 'LessThan',
        value: { quantity: 'x' },
        gracePeriodMs: 0,
      }),
    ).toBeUndefined();
    expect(
      deserializeThreshold({
        signal: 'memory.available',
        operator: 'LessThan',
        value: { quantity: '1' },
        gracePeriodMs: 0,
        minReclaim: { quantity: 'x' },
      }),
    ).toBeUndefined();
  });
});
