import fc from 'fast-check';
import { describe } from 'vitest';
import { oomBadness, predictOomKillOrder } from '../../src/oom/kernel-badness';
import {
  explainOomScoreAdj,
  oomScoreAdj,
  oomScoreAdjChecked,
  tryOomScoreAdj,
} from '../../src/oom/score-adj';
import { fuzz, fuzzEach, isResult, target } from './harness';
import { container, edgeNumber, hostile, podLike, sometimes } from './hostile';

// oom_score_adj and the kernel's victim order, fed hostile pods, containers, capacities and
// candidates.

const as = <T>(value: unknown): T => value as T;
const capacity = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 40 }),
  fc.bigInt({ min: -10n, max: 2n ** 70n }),
  edgeNumber,
  hostile,
);
// An integer, or NaN where the kubelet would crash. Above 1000 only for requests the API
// server rejects (negative ones), as upstream computes it (int64, so possibly beyond 2^53); see
// oomScoreAdj's documentation.
const scoreAdj = (r: number) =>
  Number.isNaN(r) || (Number.isInteger(r) && r >= -1000) ? undefined : `not an oom_score_adj: ${r}`;

const count = fc.oneof(fc.nat(), fc.bigInt({ min: -5n, max: 2n ** 64n }), edgeNumber, hostile);
const candidate = sometimes(
  fc.record(
    {
      id: sometimes(fc.constantFrom('a', 'b', 'c', '__proto__')),
      rssPages: count,
      rssBytes: count,
      swapPages: count,
      pageTablesBytes: count,
      oomScoreAdj: sometimes(fc.integer({ min: -1001, max: 1001 })),
      pid: sometimes(fc.integer()),
      unkillable: sometimes(fc.boolean()),
      oomOrigin: sometimes(fc.boolean()),
      oomVictim: sometimes(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
);

describe('fuzz: oom', () => {
  fuzzEach('oom_score_adj of a container', fc.tuple(podLike, container, capacity), [
    target('oomScoreAdj', ([pod, c, cap]) => oomScoreAdj(as(pod), as(c), as(cap)), scoreAdj),
    target('tryOomScoreAdj', ([pod, c, cap]) => tryOomScoreAdj(as(pod), as(c), as(cap)), isResult),
    target(
      'oomScoreAdjChecked',
      ([pod, c, cap]) => oomScoreAdjChecked(pod, c, cap),
      (result) => isResult(result) ?? (result.isOk() ? scoreAdj(result.value) : undefined),
    ),
    target(
      'explainOomScoreAdj (DRA gate on)',
      ([pod, c, cap]) =>
        explainOomScoreAdj(as(pod), as(c), as(cap), {
          featureGates: { DRANodeAllocatableResources: true },
        }),
      isResult,
    ),
  ]);
  fuzz(
    'predictOomKillOrder',
    fc.tuple(
      sometimes(fc.array(candidate, { maxLength: 5 })),
      count,
      sometimes(fc.record({ pageSizeBytes: count })),
    ),
    ([candidates, total, options]) =>
      predictOomKillOrder(as<never[]>(candidates), as(total), as(options)),
    isResult,
  );
  fuzz(
    'oomBadness',
    fc.tuple(candidate, count),
    ([c, total]) => oomBadness(as(c), as(total)),
    isResult,
  );
});
