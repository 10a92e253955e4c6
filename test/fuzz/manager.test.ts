import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictNextEviction } from '../../src/manager/next-eviction';
import { previewRanking } from '../../src/manager/ranking-preview';
import { shiftSummaryTimes, summaryTime } from '../../src/manager/summary-time';
import { SIGNALS } from '../../src/signals/catalogue';
import { all, FUZZ_RUNS, fuzzEach, isResult, target } from './harness';
import { hostile, podLike, sometimes, summaryLike } from './hostile';
import { thresholdsLike } from './thresholds-like';

// The manager's entry points that take outside data: the ranking preview, the Summary clock and
// the next-eviction prediction, fed hostile Summaries, pods, signals and options.

const as = <T>(value: unknown): T => value as T;

const previewInput = fc.record(
  {
    signal: sometimes(fc.constantFrom(...SIGNALS)),
    summary: summaryLike,
    pods: sometimes(fc.array(podLike, { maxLength: 4 })),
    dedicatedImageFs: sometimes(fc.boolean()),
    splitImageFs: sometimes(fc.boolean()),
    memoryCapacityBytes: sometimes(fc.integer({ min: 1, max: 2 ** 40 })),
    featureGates: sometimes(fc.dictionary(fc.string(), fc.boolean(), { maxKeys: 2 })),
  },
  { requiredKeys: [] },
);

describe('fuzz: evictkit/manager', () => {
  fuzzEach('ranking preview', sometimes(previewInput, 8), [
    target(
      'previewRanking',
      (input) => {
        const r = previewRanking(as<never>(input));
        // Reading the lazily computed fields must not throw either.
        if (r.isOk()) for (const c of r.value.candidates) void [c.keys, c.decidedBy, c.oomScoreAdj];
        return r;
      },
      all(isResult),
    ),
  ]);

  fuzzEach('summary clock', summaryLike, [
    target(
      'summaryTime',
      (s) => summaryTime(as(s)),
      (t) => (t === undefined || Number.isFinite(t) ? undefined : `not a time: ${String(t)}`),
    ),
  ]);

  it('shiftSummaryTimes moves every time of a parsed Summary and nothing else', () => {
    const summary = {
      node: { nodeName: 'n', memory: { time: 5, availableBytes: 1 }, fs: { time: 7 } },
      pods: [{ podRef: { uid: 'u' }, containers: [{ name: 'c', memory: { time: 6 } }] }],
    };
    expect(shiftSummaryTimes(as(summary), 10)).toEqual({
      node: { nodeName: 'n', memory: { time: 15, availableBytes: 1 }, fs: { time: 17 } },
      pods: [{ podRef: { uid: 'u' }, containers: [{ name: 'c', memory: { time: 16 } }] }],
    });
    expect(summary.node.memory.time).toBe(5);
  });

  // A prediction runs up to a few manager cycles: a tenth of the runs keeps it in budget.
  const runs = Math.max(100, Math.floor(FUZZ_RUNS / 10));
  it(`predictNextEviction never rejects and answers a Result (${runs} hostile inputs)`, {
    timeout: Math.max(60_000, runs * 20),
  }, async () => {
    const options = sometimes(
      fc.record(
        {
          thresholds: thresholdsLike,
          maxPodGracePeriodSeconds: sometimes(fc.integer({ min: -5, max: 60 })),
          featureGates: sometimes(fc.dictionary(fc.string(), fc.boolean(), { maxKeys: 2 })),
          state: sometimes(hostile, 1),
        },
        { requiredKeys: [] },
      ),
      8,
    );
    const input = sometimes(
      fc.record(
        {
          summary: summaryLike,
          pods: sometimes(fc.array(podLike, { maxLength: 4 })),
          now: sometimes(fc.integer({ min: 0, max: 2 ** 45 })),
          previewSignal: sometimes(fc.constantFrom(...SIGNALS)),
        },
        { requiredKeys: [] },
      ),
      8,
    );
    await fc.assert(
      fc.asyncProperty(options, input, async (o, i) => {
        const r = await predictNextEviction(as<never>(o), as<never>(i));
        const problem = isResult(r);
        if (problem !== undefined) throw new Error(problem);
      }),
      { numRuns: runs, endOnFailure: true },
    );
  });
});
