import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import { explainRanking } from '../../src/ranking/explain';
import { comparatorForSignal, rankForSignal } from '../../src/ranking/rank';
import type { Signal } from '../../src/signals/types';
import { q } from '../support/quantity';
import {
  highPriority,
  lowPriority,
  names,
  newContainer,
  newPod,
  newPodMemoryStats,
  newPodProcessStats,
  newResourceList,
  statsTable,
} from './builders';

const noStats = newPod('no-stats', 0, [newContainer('no-stats')]);
const hog = newPod('hog', highPriority, [newContainer('hog', newResourceList('', '100Mi'))]);
const small = newPod('small', highPriority, [newContainer('small', newResourceList('', '100Mi'))]);
const low = newPod('low', lowPriority, [newContainer('low', newResourceList('', '100Mi'))]);
const within = newPod('within', lowPriority, [newContainer('within', newResourceList('', '1Gi'))]);
const twinA = newPod('twin-a', 0, [newContainer('twin-a', newResourceList('', '1Gi'))]);
const twinB = newPod('twin-b', 0, [newContainer('twin-b', newResourceList('', '1Gi'))]);
const pods = [within, hog, twinA, small, noStats, low, twinB];
const statsOf = statsTable([
  [hog, newPodMemoryStats(hog, '900Mi')],
  [small, newPodMemoryStats(small, '200Mi')],
  [low, newPodMemoryStats(low, '101Mi')],
  [within, newPodMemoryStats(within, '500Mi')],
  [twinA, newPodMemoryStats(twinA, '10Mi')],
  [twinB, newPodMemoryStats(twinB, '10Mi')],
]);

describe('explainRanking', () => {
  const explanation = explainRanking('memory.available', pods, statsOf)._unsafeUnwrap();

  it('ranks exactly like rankForSignal', () => {
    expect(explanation.ranked).toEqual(rankForSignal('memory.available', pods, statsOf));
    expect(names(explanation.ranked)).toEqual([
      'no-stats',
      'low',
      'hog',
      'small',
      'within',
      'twin-a',
      'twin-b',
    ]);
    expect(explanation.plan.comparators).toEqual(['exceedMemoryRequests', 'priority', 'memory']);
  });

  it("shows each pod's sort keys", () => {
    const hogEntry = explanation.entries.find((e) => e.pod === hog)!;
    expect(hogEntry.rank).toBe(2);
    expect(hogEntry.inputIndex).toBe(1);
    expect(hogEntry.keys.hasStats).toBe(true);
    expect(hogEntry.keys.priority).toBe(highPriority);
    expect(hogEntry.keys.unit).toBe('bytes');
    expect(hogEntry.keys.usage.cmp(q('900Mi'))).toBe(0);
    expect(hogEntry.keys.request?.cmp(q('100Mi'))).toBe(0);
    expect(hogEntry.keys.exceedsRequest).toBe(true);
    expect(hogEntry.keys.excess?.cmp(q('800Mi'))).toBe(0);
    const missing = explanation.entries[0]!;
    expect(missing.keys).toMatchObject({ hasStats: false, exceedsRequest: false });
  });

  it.each([
    {
      a: noStats,
      b: low,
      first: 'no-stats',
      decidedBy: 'exceedMemoryRequests',
      reason: /no stats/,
    },
    {
      a: within,
      b: low,
      first: 'low',
      decidedBy: 'exceedMemoryRequests',
      reason: /above its request/,
    },
    { a: hog, b: low, first: 'low', decidedBy: 'priority', reason: /priority -1, lower than 1/ },
    { a: small, b: hog, first: 'hog', decidedBy: 'memory', reason: /beyond its request/ },
    {
      a: twinB,
      b: twinA,
      first: 'twin-a',
      decidedBy: 'input-order',
      reason: /came first in the input/,
    },
  ])('whyBefore: $first first, decided by $decidedBy', ({ a, b, first, decidedBy, reason }) => {
    const decision = explanation.whyBefore(a, b)._unsafeUnwrap();
    expect(decision.first.metadata?.name).toBe(first);
    expect(decision.decidedBy).toBe(decidedBy);
    expect(decision.reason).toMatch(reason);
    // Symmetric: asking the other way round gives the same answer.
    expect(explanation.whyBefore(b, a)._unsafeUnwrap()).toEqual(decision);
  });

  it('errors on unknown pods, the same pod, and unknown signals', () => {
    expect(explanation.whyBefore(hog, newPod('stranger', 0))._unsafeUnwrapErr().code).toBe(
      'pod-not-ranked',
    );
    expect(explanation.whyBefore(hog, hog)._unsafeUnwrapErr().code).toBe('same-pod');
    expect(
      explainRanking('swap.available' as Signal, pods, statsOf)._unsafeUnwrapErr(),
    ).toMatchObject({
      code: 'unknown-signal',
      signal: 'swap.available',
    });
  });

  it('explains PID rankings in processes', () => {
    const a = newPod('a', 0);
    const b = newPod('b', 0);
    const pid = explainRanking(
      'pid.available',
      [a, b],
      statsTable([
        [a, newPodProcessStats(a, 3)],
        [b, newPodProcessStats(b, 30)],
      ]),
    )._unsafeUnwrap();
    expect(names(pid.ranked)).toEqual(['b', 'a']);
    expect(pid.entries[0]!.keys).toMatchObject({ unit: 'processes' });
    expect(pid.entries[0]!.keys.request).toBeUndefined();
    expect(pid.whyBefore(a, b)._unsafeUnwrap()).toMatchObject({
      decidedBy: 'process',
      reason: 'pod "b" runs 30 processes, more than 3',
    });
  });

  it('property: whyBefore agrees with the comparators and with the ranking', () => {
    const pool = [noStats, hog, small, low, within, twinA, twinB];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 2 }), (subset) => {
        const ex = explainRanking('memory.available', subset, statsOf)._unsafeUnwrap();
        const cmp = comparatorForSignal('memory.available', statsOf)!;
        for (let i = 0; i < subset.length; i++) {
          for (let j = i + 1; j < subset.length; j++) {
            const d = ex.whyBefore(subset[i]!, subset[j]!)._unsafeUnwrap();
            expect(ex.ranked.indexOf(d.first)).toBeLessThan(ex.ranked.indexOf(d.second));
            expect(d.decidedBy === 'input-order').toBe(cmp(subset[i]!, subset[j]!) === 0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('explainRanking pod labels', () => {
  it('uses namespace/name when present, else the input position', () => {
    const named: Pod = {
      metadata: { name: 'x', namespace: 'ns' },
      spec: { containers: [], priority: 1 },
    };
    const anonymous: Pod = { spec: { containers: [], priority: 0 } };
    const ex = explainRanking('pid.available', [named, anonymous], () => undefined)._unsafeUnwrap();
    expect(ex.whyBefore(named, anonymous)._unsafeUnwrap().reason).toBe(
      'pod #1 has priority 0, lower than 1',
    );
    const ex2 = explainRanking(
      'pid.available',
      [anonymous, { ...named, spec: { containers: [], priority: -1 } }],
      () => undefined,
    )._unsafeUnwrap();
    expect(ex2.entries[0]!.pod.metadata?.name).toBe('x');
    expect(ex2.whyBefore(ex2.ranked[0]!, anonymous)._unsafeUnwrap().reason).toBe(
      'pod "ns/x" has priority -1, lower than 0',
    );
  });
});
