import fc from 'fast-check';
import { describe } from 'vitest';
import { explainRanking } from '../../src/ranking/explain';
import { localStorageEviction } from '../../src/ranking/local-storage';
import {
  disruptionTargetCondition,
  evictionMessage,
  evictionStatus,
} from '../../src/ranking/messages';
import type { PodStatsOf } from '../../src/ranking/pod-usage';
import { rankForSignal, rankForSignalChecked } from '../../src/ranking/rank';
import { SIGNALS } from '../../src/signals/catalogue';
import { podStatsLookup } from '../../src/signals/pod-stats';
import type { PodStats } from '../../src/signals/summary';
import { all, fuzz, isResult } from './harness';
import { hostile, podLike, podStatsLike, sometimes } from './hostile';
import { observationsLike, thresholdsLike } from './thresholds-like';

// Ranking, local-storage eviction and the eviction messages, fed hostile pods, statistics,
// signals and stats functions. A stats function that is not a function means "no stats".

const as = <T>(value: unknown): T => value as T;

/** Pods with a stats function over them: by position, through a Summary lookup, or garbage. */
const podsWithStats = fc
  .tuple(
    sometimes(fc.array(podLike, { maxLength: 6 })),
    fc.array(podStatsLike, { maxLength: 6 }),
    fc.constantFrom('position', 'lookup', 'constant', 'not-a-function'),
    hostile,
  )
  .map(([pods, stats, mode, garbage]) => {
    let statsOf: unknown;
    if (mode === 'position') {
      const byPod = new Map(
        safeCopy(pods).map((pod, i) => [pod, stats[i] as PodStats | undefined]),
      );
      statsOf = (pod: unknown) => byPod.get(pod);
    } else if (mode === 'lookup') {
      const parsed = stats.filter(
        (s): s is PodStats =>
          typeof s === 'object' &&
          s !== null &&
          typeof (s as PodStats).podRef === 'object' &&
          (s as PodStats).podRef !== null &&
          typeof (s as PodStats).podRef.uid === 'string',
      );
      statsOf = podStatsLookup(parsed);
    } else if (mode === 'constant') {
      statsOf = () => stats[0];
    } else {
      statsOf = garbage;
    }
    return { pods, statsOf: statsOf as PodStatsOf<unknown> };
  });

const signal = sometimes(fc.constantFrom(...SIGNALS), 8);
const topology = sometimes(
  fc.record({ dedicatedImageFs: sometimes(fc.boolean()), splitImageFs: sometimes(fc.boolean()) }),
);

/** The elements of an array as `[...array]` sees them; none for anything else (or a throwing proxy). */
function safeCopy(value: unknown): unknown[] {
  try {
    return Array.isArray(value) ? [...value] : [];
  } catch {
    return [];
  }
}

/** The ranking is a permutation of the input pods (an empty list when pods is not an array). */
const permutationOf = (ranked: unknown[], input: unknown): string | undefined => {
  if (!Array.isArray(ranked)) return 'not an array';
  const expected = safeCopy((input as { pods: unknown }[])[1]?.pods);
  if (ranked.length !== expected.length) return `${ranked.length} pods out, ${expected.length} in`;
  const left = [...expected];
  for (const pod of ranked) {
    const i = left.findIndex((p) => Object.is(p, pod));
    if (i < 0) return 'a pod that was not in the input';
    left.splice(i, 1);
  }
  return undefined;
};

const isMessage = (m: { message: unknown; annotations: unknown }) => {
  if (typeof m.message !== 'string') return 'message is not a string';
  if (typeof m.annotations !== 'object' || m.annotations === null) return 'no annotations';
  for (const v of Object.values(m.annotations)) if (typeof v !== 'string') return 'annotation';
  return undefined;
};

describe('fuzz: ranking', () => {
  fuzz(
    'rankForSignal',
    fc.tuple(signal, podsWithStats, topology),
    ([s, { pods, statsOf }, t]) => rankForSignal(as(s), as<never[]>(pods), statsOf, as(t)),
    (ranked, input) => permutationOf(ranked, input),
  );
  fuzz(
    'rankForSignalChecked',
    fc.tuple(signal, podsWithStats, topology),
    ([s, { pods, statsOf }, t]) => rankForSignalChecked(s, pods, statsOf, as(t)),
    isResult,
  );
  fuzz(
    'explainRanking',
    fc.tuple(signal, podsWithStats),
    ([s, { pods, statsOf }]) => explainRanking(as(s), as<never[]>(pods), statsOf),
    isResult,
  );
  fuzz(
    'localStorageEviction',
    fc.tuple(podsWithStats, sometimes(fc.record({ dedicatedImageFs: sometimes(fc.boolean()) }))),
    ([{ pods, statsOf }, options]) => localStorageEviction(as<never[]>(pods), statsOf, as(options)),
    all((evicted) => {
      if (!Array.isArray(evicted)) return 'not an array';
      for (const e of evicted) {
        if (typeof e.message !== 'string' || e.gracePeriodOverrideSeconds !== 1) return 'entry';
      }
      return undefined;
    }),
  );
  fuzz(
    'evictionMessage',
    fc.tuple(
      sometimes(fc.constantFrom('memory', 'ephemeral-storage', 'pids', 'inodes')),
      podsWithStats,
      thresholdsLike,
      observationsLike,
    ),
    ([resource, { pods, statsOf }, thresholds, observations]) =>
      evictionMessage(
        as(resource),
        Array.isArray(pods) ? pods[0] : pods,
        statsOf as PodStatsOf<never>,
        as(thresholds),
        as(observations),
      ),
    isMessage,
  );
  fuzz(
    'evictionStatus',
    fc.tuple(
      podLike,
      sometimes(fc.string()),
      fc.oneof(
        fc.record({ now: sometimes(fc.integer()) }).map((o) => ({ wellFormed: true, o })),
        hostile.map((o) => ({ wellFormed: false, o })),
      ),
    ),
    ([pod, message, { wellFormed, o }]) => {
      const condition = disruptionTargetCondition(as(pod), as(message));
      // Well-formed options carry the condition; hostile ones go in as they are.
      const options = wellFormed ? { ...(o as object), condition } : o;
      return evictionStatus(as(pod), as(message), as(options));
    },
    (status) => (status.phase === 'Failed' && status.reason === 'Evicted' ? undefined : 'status'),
  );
});
