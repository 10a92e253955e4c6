import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import { getResourceRequestQuantity } from '../../src/pods/pod-requests';
import { podWorkingSet } from '../../src/ranking/pod-usage';
import {
  comparatorForSignal,
  type RankDiskLayout,
  rankForSignal,
  rankPlanForSignal,
} from '../../src/ranking/rank';
import { computeSortKeys, decideByKeys } from '../../src/ranking/sort-keys';
import { SIGNALS } from '../../src/signals/catalogue';
import type { PodStats } from '../../src/signals/summary';
import type { Signal } from '../../src/signals/types';

// Invariants of the rank functions over random pods and stats. Values come from small pools so
// that ties (equal priority, equal usage, equal excess) are frequent.
//
// Ties, precisely: two pods tie for a signal when every comparator of that signal's rank
// function returns 0 for them (the combined comparator returns 0). Tied pods keep their input
// order; nothing else about the output depends on the input order.

const TOPOLOGIES: RankDiskLayout[] = [
  {},
  { dedicatedImageFs: true },
  { dedicatedImageFs: true, splitImageFs: true },
  { splitImageFs: true },
];

const MiB = 2 ** 20;
const quantity = fc.constantFrom('0', '100Mi', '200Mi', '1Gi', '150Mi', '100M', '1500m', '1');
const requests = fc.record(
  { memory: quantity, 'ephemeral-storage': quantity, cpu: fc.constantFrom('100m', '1') },
  { requiredKeys: [] },
);
const container = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  resources: fc.record({ requests, limits: requests }, { requiredKeys: [] }),
  restartPolicy: fc.constantFrom(undefined, 'Always'),
});
const volume = fc.oneof(
  fc.record({
    name: fc.constantFrom('v1', 'v2'),
    emptyDir: fc.constantFrom({}, { medium: 'Memory' }),
  }),
  fc.record({ name: fc.constantFrom('v1', 'v3'), hostPath: fc.constant({ path: '/x' }) }),
  fc.record({ name: fc.constantFrom('v2', 'v3'), secret: fc.constant({}) }),
);
const podArb: fc.Arbitrary<Pod> = fc
  .record({
    priority: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
    containers: fc.array(container, { maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 2 }),
    volumes: fc.array(volume, { maxLength: 3 }),
    podLevel: fc.option(fc.record({ requests }, { requiredKeys: [] }), { nil: undefined, freq: 6 }),
    overhead: fc.option(fc.record({ memory: quantity }), { nil: undefined, freq: 6 }),
  })
  .map(
    (r): Pod => ({
      metadata: { name: 'p' },
      spec: {
        containers: r.containers,
        initContainers: r.initContainers,
        volumes: r.volumes,
        ...(r.priority === undefined ? {} : { priority: r.priority }),
        ...(r.podLevel ? { resources: r.podLevel } : {}),
        ...(r.overhead ? { overhead: r.overhead } : {}),
      } as NonNullable<Pod['spec']>,
    }),
  );
const usage = fc.constantFrom(0, 50 * MiB, 100 * MiB, 150 * MiB, 200 * MiB, 1024 * MiB, 1);
const fs = fc.record(
  { usedBytes: usage, inodesUsed: fc.constantFrom(0, 1, 100, 1000) },
  { requiredKeys: [] },
);
const statsArb: fc.Arbitrary<PodStats | undefined> = fc.option(
  fc
    .record(
      {
        memory: fc.record({ workingSetBytes: usage }, { requiredKeys: [] }),
        containers: fc.array(
          fc.record(
            { name: fc.constantFrom('a', 'b'), rootfs: fs, logs: fs },
            { requiredKeys: ['name'] },
          ),
          { maxLength: 2 },
        ),
        volume: fc.array(
          fc.record(
            {
              name: fc.constantFrom('v1', 'v2', 'v3'),
              usedBytes: usage,
              inodesUsed: fc.constantFrom(0, 7),
            },
            { requiredKeys: ['name'] },
          ),
          { maxLength: 3 },
        ),
        process_stats: fc.record(
          { process_count: fc.constantFrom(0, 1, 5, 20) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    )
    .map((s) => ({ podRef: { name: 'p', namespace: '', uid: '' }, ...s }) as PodStats),
  { nil: undefined, freq: 4 },
);
/** Pods with their stats; each pod is its own object, so the stats lookup is by identity. */
const nodeArb = fc.array(fc.tuple(podArb, statsArb), { maxLength: 14 }).map((entries) => {
  const stats = new Map<Pod, PodStats | undefined>();
  const pods = entries.map(([pod, s]) => {
    const own: Pod = { ...pod };
    stats.set(own, s);
    return own;
  });
  return { pods, statsOf: (pod: Pod) => stats.get(pod) };
});
const layoutArb = fc.record({
  signal: fc.constantFrom(...SIGNALS),
  topology: fc.constantFrom(...TOPOLOGIES),
});

const RUNS = { numRuns: 400 };

describe('rank functions are total preorders', () => {
  it('antisymmetric, reflexive and transitive on random triples (comparators and keys)', () => {
    fc.assert(
      fc.property(
        layoutArb,
        fc.tuple(podArb, podArb, podArb),
        fc.tuple(statsArb, statsArb, statsArb),
        ({ signal, topology }, pods, stats) => {
          const table = new Map<Pod, PodStats | undefined>(pods.map((p, i) => [p, stats[i]]));
          const statsOf = (pod: Pod) => table.get(pod);
          const naive = comparatorForSignal(signal, statsOf, topology)!;
          const plan = rankPlanForSignal(signal, topology)!;
          const keys = computeSortKeys(pods, statsOf, plan);
          const keyed = (i: number, j: number) =>
            decideByKeys(plan.comparators, keys[i]!, keys[j]!)?.result ?? 0;
          const sgn = (n: number) => Math.sign(n) || 0;
          const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => naive(pods[i]!, pods[j]!)));
          for (let i = 0; i < 3; i++) {
            expect(m[i]![i]).toBe(0);
            for (let j = 0; j < 3; j++) {
              expect(sgn(m[i]![j]!)).toBe(sgn(-m[j]![i]!));
              expect(sgn(keyed(i, j))).toBe(sgn(m[i]![j]!));
              for (let k = 0; k < 3; k++) {
                if (m[i]![j]! <= 0 && m[j]![k]! <= 0) expect(m[i]![k]!).toBeLessThanOrEqual(0);
              }
            }
          }
        },
      ),
      RUNS,
    );
  });
});

describe('the precomputed-key sort equals the comparator sort', () => {
  it('on every random node, signal and layout', () => {
    fc.assert(
      fc.property(nodeArb, layoutArb, ({ pods, statsOf }, { signal, topology }) => {
        const keyed = rankForSignal(signal, pods, statsOf, topology);
        const naive = comparatorForSignal(signal, statsOf, topology)!.sort(pods);
        expect(keyed).toEqual(naive);
        for (let i = 0; i < pods.length; i++) expect(keyed[i]).toBe(naive[i]);
      }),
      RUNS,
    );
  });
});

describe('the order does not depend on the input order, up to ties', () => {
  it('a shuffled input ranks to a sequence tied position by position; ties keep input order', () => {
    fc.assert(
      fc.property(
        nodeArb.chain((node) =>
          fc.tuple(
            fc.constant(node),
            fc.shuffledSubarray(node.pods, { minLength: node.pods.length }),
          ),
        ),
        layoutArb,
        ([{ pods, statsOf }, shuffled], { signal, topology }) => {
          const cmp = comparatorForSignal(signal, statsOf, topology)!;
          const a = rankForSignal(signal, pods, statsOf, topology);
          const b = rankForSignal(signal, shuffled, statsOf, topology);
          expect(b).toHaveLength(a.length);
          for (let i = 0; i < a.length; i++) expect(cmp(a[i]!, b[i]!)).toBe(0);
          // Stability: tied pods appear in the order of the input they came from.
          const position = new Map(shuffled.map((p, i) => [p, i]));
          for (let i = 0; i + 1 < b.length; i++) {
            if (cmp(b[i]!, b[i + 1]!) === 0)
              expect(position.get(b[i]!)!).toBeLessThan(position.get(b[i + 1]!)!);
            else expect(cmp(b[i]!, b[i + 1]!)).toBeLessThan(0);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('memory pressure', () => {
  const exceeds = (pod: Pod, stats: PodStats) =>
    podWorkingSet(stats).cmp(getResourceRequestQuantity(pod, 'memory')) > 0;
  it('pods without stats, then every pod over its request before every pod within it', () => {
    fc.assert(
      fc.property(
        nodeArb,
        fc.constantFrom<Signal>('memory.available', 'allocatableMemory.available'),
        ({ pods, statsOf }, signal) => {
          const ranked = rankForSignal(signal, pods, statsOf);
          const group = (pod: Pod) => {
            const stats = statsOf(pod);
            return stats === undefined ? 0 : exceeds(pod, stats) ? 1 : 2;
          };
          const groups = ranked.map(group);
          expect(groups).toEqual([...groups].sort((x, y) => x - y));
        },
      ),
      RUNS,
    );
  });
  it('within a group, lower priority ranks first', () => {
    fc.assert(
      fc.property(nodeArb, ({ pods, statsOf }) => {
        const ranked = rankForSignal('memory.available', pods, statsOf);
        const group = (pod: Pod) => {
          const stats = statsOf(pod);
          return stats === undefined ? 0 : exceeds(pod, stats) ? 1 : 2;
        };
        const priority = (pod: Pod) => pod.spec?.priority ?? 0;
        for (let i = 0; i + 1 < ranked.length; i++) {
          const [x, y] = [ranked[i]!, ranked[i + 1]!];
          if (group(x) === group(y)) expect(priority(x)).toBeLessThanOrEqual(priority(y));
        }
      }),
      RUNS,
    );
  });
});
