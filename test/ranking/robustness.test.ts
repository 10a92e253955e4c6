import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import { podIsEvicted } from '../../src/pods/pod-phase';
import { byMemory } from '../../src/ranking/comparators';
import { explainRanking } from '../../src/ranking/explain';
import { localStorageEviction } from '../../src/ranking/local-storage';
import {
  disruptionTargetCondition,
  evictionMessage,
  evictionStatus,
} from '../../src/ranking/messages';
import type { PodStatsOf } from '../../src/ranking/pod-usage';
import { rankForSignal, rankForSignalChecked } from '../../src/ranking/rank';
import type { PodStats } from '../../src/signals/summary';
import { newContainer, newPod } from './builders';

// Regression tests for what the fuzz suite (test/fuzz) found in evictkit/ranking, and the
// validated entry point `rankForSignalChecked`.

const as = <T>(value: unknown): T => value as T;
const boom = () => {
  throw new Error('hostile getter');
};

const low = newPod('low', -1, [newContainer('c')]);
const high = newPod('high', 1, [newContainer('c')]);
const stats = (pod: Pod): PodStats => ({
  podRef: { name: pod.metadata?.name ?? '', namespace: '', uid: pod.metadata?.uid ?? '' },
  memory: { workingSetBytes: 100 },
  process_stats: { process_count: 1 },
});

describe('a stats function that is not a function finds no stats', () => {
  const notFunctions = [undefined, null, 42, 'stats', {}];
  it('rankForSignal, explainRanking, byMemory', () => {
    for (const statsOf of notFunctions) {
      const lookup = as<PodStatsOf<Pod>>(statsOf);
      expect(rankForSignal('memory.available', [high, low], lookup)).toEqual([low, high]);
      expect(explainRanking('pid.available', [high, low], lookup)._unsafeUnwrap().ranked).toEqual([
        low,
        high,
      ]);
      expect(byMemory(lookup)(high, low)).toBe(0);
    }
  });

  it('localStorageEviction and evictionMessage', () => {
    for (const statsOf of notFunctions) {
      expect(localStorageEviction([low], as(statsOf))).toEqual([]);
      expect(evictionMessage('memory', low, as(statsOf), []).annotations).toEqual({});
    }
  });
});

describe('lists and layouts that are not what the types say', () => {
  it('pods that are not an array count as none', () => {
    for (const pods of [null, 42, 'pods', { 0: low, length: 1 }, new Proxy([low], { get: boom })]) {
      expect(rankForSignal('memory.available', as<never>(pods), stats)).toEqual([]);
      expect(rankForSignal(as<never>('no-such.signal'), as<never>(pods), stats)).toEqual([]);
      expect(localStorageEviction(as<never>(pods), stats)).toEqual([]);
    }
  });

  it('a disk layout that is not an object is one filesystem', () => {
    for (const topology of [null, 42, new Proxy({}, { get: boom })]) {
      expect(rankForSignal('nodefs.available', [high, low], stats, as(topology))).toEqual([
        low,
        high,
      ]);
    }
  });

  it('evictionMessage: thresholds and observations of the wrong type count as none', () => {
    for (const [thresholds, observations] of [
      [42, undefined],
      [null, null],
      [[null, { signal: 'memory.available' }], {}],
      [[], new Map([['memory.available', { available: 'x' }]])],
    ]) {
      const m = evictionMessage('memory', low, stats, as(thresholds), as(observations));
      expect(m.message.startsWith('The node was low on resource: memory. ')).toBe(true);
      expect(m.message).not.toContain('Threshold quantity');
    }
  });

  it('evictionMessage: a resource that is not a string is displayed, not thrown on', () => {
    const m = evictionMessage(as(Symbol('r')), low, stats, []);
    expect(m.message).toBe('The node was low on resource: Symbol(r). ');
    expect(m.annotations.starved_resource).toBe('Symbol(r)');
  });
});

describe('explainRanking: a signal that cannot be converted to a string', () => {
  it('is an unknown-signal error (it used to throw in String())', () => {
    for (const signal of [Object.create(null), Symbol('s'), new Proxy({}, { get: boom })]) {
      expect(explainRanking(as(signal), [low], stats)._unsafeUnwrapErr().code).toBe(
        'unknown-signal',
      );
    }
  });
});

describe('evictionStatus with conditions that cannot be read', () => {
  it('keeps them, appends the new one, and never throws', () => {
    const unreadable = Object.defineProperty({}, 'type', { get: boom, enumerable: true });
    const pod = as<Pod>({ status: { phase: 'Running', conditions: [unreadable] } });
    const condition = disruptionTargetCondition(pod, 'm');
    const status = evictionStatus(pod, 'm', { now: 0, condition });
    expect(status.phase).toBe('Failed');
    expect(status.conditions).toHaveLength(2);
    expect(status.conditions?.[1]?.type).toBe('DisruptionTarget');
  });

  it('options or a condition that cannot be read mean no condition', () => {
    for (const options of [new Proxy({}, { get: boom }), { now: 0, condition: 'x' }, null]) {
      const status = evictionStatus(low, 'm', as(options));
      expect(status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'm' });
      expect(status.conditions).toBeUndefined();
    }
  });
});

describe('rankForSignalChecked', () => {
  it('ranks valid input exactly as rankForSignal does', () => {
    expect(rankForSignalChecked('memory.available', [high, low], stats)._unsafeUnwrap()).toEqual(
      rankForSignal('memory.available', [high, low], stats),
    );
  });

  it('reports an unknown signal, pods that are not pods, a stats function that is not one', () => {
    expect(rankForSignalChecked('Memory.Available', [low], stats)._unsafeUnwrapErr()).toMatchObject(
      {
        code: 'unknown-signal',
        signal: 'Memory.Available',
      },
    );
    expect(rankForSignalChecked('memory.available', 'pods', stats)._unsafeUnwrapErr().code).toBe(
      'invalid-pods',
    );
    const error = rankForSignalChecked('memory.available', [low, 'not a pod'], stats);
    expect(error._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-pod', index: 1 });
    expect(
      rankForSignalChecked('memory.available', [low], as<PodStatsOf<Pod>>(null))._unsafeUnwrapErr()
        .code,
    ).toBe('invalid-stats-function');
    expect(
      rankForSignalChecked(
        'nodefs.available',
        [low],
        stats,
        as({ dedicatedImageFs: 'yes' }),
      )._unsafeUnwrapErr().code,
    ).toBe('invalid-topology');
  });
});

describe('a value every read of which throws, symbols included', () => {
  const everythingThrows = new Proxy(
    {},
    {
      get: () => {
        throw new Error('hostile');
      },
      ownKeys: () => {
        throw new Error('hostile');
      },
    },
  );

  it('rankForSignalChecked and explainRanking answer with an error (displayValue used to throw)', () => {
    expect(rankForSignalChecked(everythingThrows, [], () => undefined).isErr()).toBe(true);
    expect(explainRanking(as(everythingThrows), [], () => undefined).isErr()).toBe(true);
  });

  it('evictionMessage shows the resource; podIsEvicted says no', () => {
    const m = evictionMessage(as(everythingThrows), {}, () => undefined, [], new Map());
    expect(typeof m.message).toBe('string');
    expect(podIsEvicted(as(everythingThrows))).toBe(false);
  });
});
