import type { Pod } from 'kubernetes-types/core/v1';
import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type OomCandidate,
  type OomInputError,
  type OomKillPrediction,
  predictOomKillOrder,
} from '../../src/oom/kernel-badness';
import { type OomScoreAdjError, oomScoreAdj, tryOomScoreAdj } from '../../src/oom/score-adj';

describe('evictkit/oom types', () => {
  it('oomScoreAdj takes a v1 Pod and Container and returns a number', () => {
    const pod: Pod = { spec: { containers: [{ name: 'c' }] } };
    expectTypeOf(oomScoreAdj(pod, pod.spec!.containers[0]!, 1024)).toEqualTypeOf<number>();
    expectTypeOf(tryOomScoreAdj(pod, { name: 'c' }, 1024n)).toEqualTypeOf<
      Result<number, OomScoreAdjError>
    >();
  });

  it('predictOomKillOrder keeps the caller candidate type', () => {
    type Mine = OomCandidate & { pod: string };
    const r = predictOomKillOrder<Mine>([{ id: 'a', rssPages: 1, oomScoreAdj: 0, pod: 'x' }], 1000);
    expectTypeOf(r).toEqualTypeOf<Result<OomKillPrediction<Mine>, OomInputError>>();
  });
});
