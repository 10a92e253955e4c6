import fc from 'fast-check';
import { describe } from 'vitest';
import { readPod } from '../../src/pods/pod';
import { podIsEvicted } from '../../src/pods/pod-phase';
import {
  byDisk,
  byExceedDiskRequests,
  byExceedMemoryRequests,
  byMemory,
  byPriority,
  byProcessCount,
  byQOS,
  orderedBy,
} from '../../src/ranking/comparators';
import { explainRanking } from '../../src/ranking/explain';
import { localStorageEviction } from '../../src/ranking/local-storage';
import {
  disruptionTargetCondition,
  evictionMessage,
  evictionStatus,
} from '../../src/ranking/messages';
import {
  type FsStatsType,
  type PodStatsOf,
  podDiskUsageQuantity,
  podMemoryBytes,
  podProcessCount,
  podWorkingSet,
} from '../../src/ranking/pod-usage';
import { comparatorForSignal, rankForSignal, rankForSignalChecked } from '../../src/ranking/rank';
import { SIGNALS } from '../../src/signals/catalogue';
import { podStatsLookup } from '../../src/signals/pod-stats';
import { isQuantity } from '../../src/signals/quantity';
import type { PodStats } from '../../src/signals/summary';
import { all, fuzz, fuzzEach, isBoolean, isResult, target } from './harness';
import { hostile, podLike, podStatsLike, sometimes } from './hostile';
import { observationsLike, thresholdsLike } from './thresholds-like';

// Ranking, the comparators, local-storage eviction and the eviction messages, fed hostile
// pods, statistics, signals and stats functions. A stats function that is not a function means
// "no stats". Functions that take the same input share one generated value per run (fuzzEach):
// each still gets FUZZ_RUNS inputs, and generating hostile pod lists, the expensive part, is
// done once for all of them.

const as = <T>(value: unknown): T => value as T;

/** Up to four pods: enough for every comparator to meet every other kind of pod. */
const MAX_PODS = 4;

/** Pods with a stats function over them: by position, through a Summary lookup, or garbage. */
const podsWithStats = fc
  .tuple(
    sometimes(fc.array(podLike, { maxLength: MAX_PODS })),
    fc.array(podStatsLike, { maxLength: MAX_PODS }),
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
      statsOf = podStatsLookup(stats.filter(hasUid));
    } else if (mode === 'constant') {
      statsOf = () => stats[0];
    } else {
      statsOf = garbage;
    }
    return { pods, stats, statsOf: statsOf as PodStatsOf<unknown> };
  });

/** Statistics a Summary lookup can index (podStatsLike never throws when read). */
function hasUid(s: unknown): s is PodStats {
  const ref = typeof s === 'object' && s !== null ? (s as PodStats).podRef : undefined;
  return typeof ref === 'object' && ref !== null && typeof ref.uid === 'string';
}

/** The elements of an array as `[...array]` sees them; none for anything else (or a throwing proxy). */
function safeCopy(value: unknown): unknown[] {
  try {
    return Array.isArray(value) ? [...value] : [];
  } catch {
    return [];
  }
}

const signal = sometimes(fc.constantFrom(...SIGNALS), 8);
const topology = sometimes(
  fc.record({ dedicatedImageFs: sometimes(fc.boolean()), splitImageFs: sometimes(fc.boolean()) }),
);
const fsStatsTypes = fc.subarray<FsStatsType>(['root', 'logs', 'localVolumeSource']);
const diskResource = fc.constantFrom('ephemeral-storage' as const, 'inodes' as const);

/** The sorted list is a permutation of the input pods (an empty list when pods is not an array). */
const permutationOf = (ranked: unknown, pods: unknown): string | undefined => {
  if (!Array.isArray(ranked)) return 'not an array';
  const expected = safeCopy(pods);
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

type RankInput = [unknown, { pods: unknown; statsOf: PodStatsOf<unknown> }, unknown];
const podsOf = (input: unknown) => (input as RankInput)[1].pods;

describe('fuzz: ranking', () => {
  fuzzEach('rank a pod list for a signal', fc.tuple(signal, podsWithStats, topology), [
    target(
      'rankForSignal',
      ([s, { pods, statsOf }, t]) => rankForSignal(as(s), as<never[]>(pods), statsOf, as(t)),
      (ranked, input) => permutationOf(ranked, podsOf(input)),
    ),
    target(
      'rankForSignalChecked',
      ([s, { pods, statsOf }, t]) => rankForSignalChecked(s, pods, statsOf, as(t)),
      (result, input) =>
        isResult(result) ??
        (result.isOk() ? permutationOf(result.value, podsOf(input)) : undefined),
    ),
    target(
      'comparatorForSignal',
      // The straightforward comparators: an undefined sorter for a signal that ranks nothing.
      ([s, { pods, statsOf }, t]) =>
        comparatorForSignal(as(s), statsOf, as(t))?.sort(as<never[]>(safeCopy(pods))),
      (sorted, input) => (sorted === undefined ? undefined : permutationOf(sorted, podsOf(input))),
    ),
    target(
      'explainRanking',
      ([s, { pods, statsOf }]) => explainRanking(as(s), as<never[]>(pods), statsOf),
      isResult,
    ),
  ]);

  fuzzEach('the comparators', fc.tuple(podsWithStats, fsStatsTypes, diskResource), [
    target(
      'orderedBy(byPriority, byQOS, byExceedMemoryRequests, byMemory, byProcessCount, byExceedDiskRequests, byDisk)',
      ([{ pods, statsOf }, types, resource]) =>
        orderedBy<never>(
          byPriority,
          byQOS,
          byExceedMemoryRequests(statsOf),
          byMemory(statsOf),
          byProcessCount(statsOf),
          byExceedDiskRequests(statsOf, types, resource),
          byDisk(statsOf, types, resource),
        ).sort(as<never[]>(safeCopy(pods))),
      (sorted, input) => permutationOf(sorted, (input as [{ pods: unknown }])[0].pods),
    ),
  ]);

  fuzzEach('pod usage', fc.tuple(podLike, podStatsLike, fsStatsTypes, diskResource), [
    target(
      'podWorkingSet',
      ([, stats]) => podWorkingSet(as(stats)),
      (q) => (isQuantity(q) && q.sign() >= 0 ? undefined : 'not a non-negative Quantity'),
    ),
    target(
      'podMemoryBytes',
      ([, stats]) => podMemoryBytes(as(stats)),
      (n) => (typeof n === 'bigint' && n >= 0n ? undefined : `not a count: ${String(n)}`),
    ),
    target(
      'podProcessCount',
      ([, stats]) => podProcessCount(as(stats)),
      (n) => (typeof n === 'bigint' && n >= 0n ? undefined : `not a count: ${String(n)}`),
    ),
    target(
      'podDiskUsageQuantity',
      ([pod, stats, types, resource]) =>
        podDiskUsageQuantity(as(stats), readPod(pod), types, resource),
      (q) => (isQuantity(q) && q.sign() >= 0 ? undefined : 'not a non-negative Quantity'),
    ),
  ]);

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
        as<never>(safeCopy(pods)[0] ?? pods),
        statsOf as PodStatsOf<never>,
        as(thresholds),
        as(observations),
      ),
    isMessage,
  );

  fuzzEach(
    'pod status after an eviction',
    fc.tuple(
      podLike,
      sometimes(fc.string()),
      fc.oneof(
        fc.record({ now: sometimes(fc.integer()) }).map((o) => ({ wellFormed: true, o })),
        hostile.map((o) => ({ wellFormed: false, o })),
      ),
    ),
    [
      target(
        'evictionStatus (and disruptionTargetCondition)',
        ([pod, message, { wellFormed, o }]) => {
          const condition = disruptionTargetCondition(as(pod), as(message));
          // Well-formed options carry the condition; hostile ones go in as they are.
          const options = wellFormed ? { ...(o as object), condition } : o;
          return evictionStatus(as(pod), as(message), as(options));
        },
        (status) =>
          status.phase === 'Failed' && status.reason === 'Evicted' && podIsEvicted(status)
            ? undefined
            : 'not an evicted status',
      ),
      // A pod-shaped value (or anything hostile) where a status belongs.
      target('podIsEvicted', ([pod]) => podIsEvicted(as(pod)), isBoolean),
    ],
  );
});
