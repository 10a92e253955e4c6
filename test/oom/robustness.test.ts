import { describe, expect, it } from 'vitest';
import { oomBadness, predictOomKillOrder } from '../../src/oom/kernel-badness';
import { oomScoreAdj, oomScoreAdjChecked, tryOomScoreAdj } from '../../src/oom/score-adj';

// Regression tests for what the fuzz suite (test/fuzz) found in evictkit/oom, and the validated
// entry point `oomScoreAdjChecked`.

const as = <T>(value: unknown): T => value as T;
const boom = () => {
  throw new Error('hostile getter');
};
const bare = Object.create(null) as object;
const throwingProxy = new Proxy({}, { get: boom });

const burstable = {
  spec: { containers: [{ name: 'c', resources: { requests: { memory: '1Gi' } } }] },
};
const container = burstable.spec.containers[0]!;

describe('oomScoreAdj: a capacity that cannot be shown as text', () => {
  it('is an invalid-memory-capacity error (it used to throw converting it to a string)', () => {
    for (const capacity of [bare, throwingProxy, [bare], Symbol('c')]) {
      expect(tryOomScoreAdj(burstable, container, as(capacity))._unsafeUnwrapErr().code).toBe(
        'invalid-memory-capacity',
      );
      expect(oomScoreAdj(burstable, container, as(capacity))).toBeNaN();
    }
  });
});

describe('the kernel model: candidates and counts that cannot be read or shown', () => {
  it('oomBadness and predictOomKillOrder answer with errors', () => {
    for (const total of [bare, throwingProxy, [bare]]) {
      expect(
        oomBadness({ id: 'a', rssPages: 1, oomScoreAdj: 0 }, as(total))._unsafeUnwrapErr().code,
      ).toBe('invalid-total-pages');
      expect(predictOomKillOrder([], as(total))._unsafeUnwrapErr().code).toBe(
        'invalid-total-pages',
      );
    }
    const getter = Object.defineProperty({ id: 'a', rssPages: 1 }, 'oomScoreAdj', { get: boom });
    for (const candidate of [getter, throwingProxy]) {
      expect(oomBadness(as(candidate), 100)._unsafeUnwrapErr().code).toBe('invalid-candidate');
      expect(predictOomKillOrder([as<never>(candidate)], 100)._unsafeUnwrapErr().code).toBe(
        'invalid-candidate',
      );
    }
    expect(
      predictOomKillOrder(as<never>(new Proxy([], { get: boom })), 100)._unsafeUnwrapErr().code,
    ).toBe('invalid-candidate');
    expect(
      oomBadness(as({ id: 'a', rssPages: bare, oomScoreAdj: 0 }), 100)._unsafeUnwrapErr().code,
    ).toBe('invalid-count');
    expect(
      predictOomKillOrder(
        [{ id: 'a', rssPages: 1, oomScoreAdj: 0 }],
        100,
        as({ pageSizeBytes: bare }),
      )._unsafeUnwrapErr().code,
    ).toBe('invalid-page-size');
  });

  it('ids must be strings and pids integers', () => {
    expect(
      predictOomKillOrder(
        [as<never>({ id: 1, rssPages: 1, oomScoreAdj: 0 })],
        100,
      )._unsafeUnwrapErr(),
    ).toMatchObject({
      code: 'invalid-candidate',
      index: 0,
    });
    expect(
      predictOomKillOrder(
        [as<never>({ id: 'a', rssPages: 1, oomScoreAdj: 0, pid: Number.NaN })],
        100,
      )._unsafeUnwrapErr().code,
    ).toBe('invalid-candidate');
  });

  it('returns the caller’s candidate objects', () => {
    const a = { id: 'a', rssPages: 10, oomScoreAdj: 0, extra: true };
    const b = { id: 'b', rssPages: 20, oomScoreAdj: 0 };
    const prediction = predictOomKillOrder([a, b], 1000)._unsafeUnwrap();
    expect(prediction.order.map((t) => t.candidate)).toEqual([b, a]);
    expect(prediction.order[1]?.candidate).toBe(a);
  });
});

describe('negative requests (the API server rejects them)', () => {
  it('follow upstream’s arithmetic in oomScoreAdj, and are rejected by oomScoreAdjChecked', () => {
    const negative = { name: 'c', resources: { requests: { memory: '-1Gi' } } };
    const pod = { spec: { containers: [negative] } };
    // 1000 − 1000 × (−1Gi) / 4Gi: what the kubelet computes (and the kernel would refuse).
    expect(oomScoreAdj(pod, negative, 4 * 2 ** 30)).toBe(1250);
    const error = oomScoreAdjChecked(pod, negative, 4 * 2 ** 30)._unsafeUnwrapErr();
    expect(error.code).toBe('invalid-pod');
    expect(error).toMatchObject({
      issues: [
        {
          path: '$.spec.containers[0].resources.requests.memory',
          message: 'must be greater than or equal to 0',
        },
      ],
    });
  });
});

describe('oomScoreAdjChecked', () => {
  it('computes what oomScoreAdj computes for valid input', () => {
    expect(oomScoreAdjChecked(burstable, container, 4 * 2 ** 30)._unsafeUnwrap()).toBe(
      oomScoreAdj(burstable, container, 4 * 2 ** 30),
    );
  });

  it('reports a pod, container or capacity of the wrong type', () => {
    expect(oomScoreAdjChecked(42, container, 1e9)._unsafeUnwrapErr().code).toBe('invalid-pod');
    expect(oomScoreAdjChecked(burstable, 'c', 1e9)._unsafeUnwrapErr().code).toBe(
      'invalid-container',
    );
    // Checked whatever the QoS class: a BestEffort pod needs no capacity upstream.
    expect(oomScoreAdjChecked({}, { name: 'c' }, -1)._unsafeUnwrapErr().code).toBe(
      'invalid-memory-capacity',
    );
    expect(oomScoreAdj(as(42), as({}), 1e9)).toBe(1000);
  });
});

describe('feature gates that cannot be read', () => {
  it('fall back to the v1.37 defaults gate by gate (a throwing getter used to throw)', () => {
    const gates = Object.defineProperty({}, 'PodLevelResources', { get: boom, enumerable: true });
    const expected = tryOomScoreAdj(burstable, container, 8 * 2 ** 30)._unsafeUnwrap();
    for (const featureGates of [gates, throwingProxy]) {
      expect(
        tryOomScoreAdj(burstable, container, 8 * 2 ** 30, as({ featureGates }))._unsafeUnwrap(),
      ).toBe(expected);
    }
  });
});
