// The ranking fast path against the exact path, on pods well-formed and not:
// - rankingFieldsFast (priority and a resource's request from the raw pod, in milli-units)
//   either declines or agrees with readPod + requestQuantityOf, for every resource and gate;
// - it does not decline well-formed pods whose quantities are whole milli-units;
// - memory keys built on the fast path equal keys built with Quantities and bigints;
// - rankForSignal (number columns) equals the comparator chain of comparators.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodLike } from '../../src/pods/pod';
import { readPod } from '../../src/pods/pod';
import { requestQuantityOf } from '../../src/pods/pod-requests';
import { type RankingFields, rankingFieldsFast } from '../../src/pods/request-fast-path';
import { podMemoryBytes } from '../../src/ranking/pod-usage';
import { comparatorForSignal, rankForSignal, rankPlanForSignal } from '../../src/ranking/rank';
import { computeSortKeys, sortKeys } from '../../src/ranking/sort-keys';
import { SIGNALS } from '../../src/signals/catalogue';
import { parseQuantity, Quantity } from '../../src/signals/quantity';
import type { PodStats } from '../../src/signals/summary';

const RUNS = { numRuns: Number(process.env.FAST_PATH_RUNS ?? 600) };
const RESOURCES = ['memory', 'ephemeral-storage', 'cpu', 'hugepages-2Mi', 'example.com/gpu'];
const GATES = [undefined, { featureGates: { PodLevelResources: false } }];

/** Whole milli-units (what the fast path keeps) and values it must hand to the exact path. */
const goodQuantity = fc.oneof(
  fc.constantFrom('100Mi', '1Gi', '250m', '2', '1.5Gi', '0.24Gi', '1e3', '500M', '128974848', '0'),
  fc
    .tuple(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.constantFrom<[string, number]>(
        ['', 1],
        ['m', 1e-3],
        ['k', 1e3],
        ['M', 1e6],
        ['Ki', 1024],
        ['Mi', 2 ** 20],
        ['Gi', 2 ** 30],
      ),
    )
    // Sums of a few such values stay below 2^53 milli-units.
    .filter(([n, [, multiplier]]) => n * multiplier * 1000 < 2 ** 48)
    .map(([n, [suffix]]) => `${n}${suffix}`),
);
const oddQuantity = fc.oneof(
  fc.constantFrom('1n', '0.3333Gi', '-1Gi', '9Ei', '1e30', '1e-7', '8Ei', 'abc', '', '1.', '+5'),
  fc.constantFrom<unknown>(1024, 1.5, -3, Number.NaN, Number.POSITIVE_INFINITY, true, {}, null),
  fc.constant(parseQuantity('1Ki')._unsafeUnwrap()),
  fc.constant(Quantity.fromBigInt(2n ** 70n)),
);
const quantity = fc.oneof(
  { weight: 6, arbitrary: goodQuantity },
  { weight: 1, arbitrary: oddQuantity },
);

const NAMES = ['memory', 'cpu', 'ephemeral-storage', 'hugepages-2Mi', 'example.com/gpu'];
const goodList = fc.dictionary(fc.constantFrom(...NAMES), goodQuantity, { maxKeys: 3 });
const withSymbol = (list: Record<string, unknown>) => ({ ...list, [Symbol('x')]: '1' });
const nullProto = (list: Record<string, unknown>) => Object.assign(Object.create(null), list);
class ListClass {
  memory = '1Gi';
}
const list = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...NAMES), quantity, { maxKeys: 3 }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom<unknown>(undefined, null, 'x', [], new ListClass(), { constructor: '1' }),
      goodList.map(withSymbol),
      goodList.map(nullProto),
    ),
  },
);

const container = (good: boolean) =>
  fc.record(
    {
      name: fc.constantFrom('a', 'b'),
      restartPolicy: good
        ? fc.constantFrom(undefined, 'Always')
        : fc.constantFrom<unknown>(undefined, 'Always', null, 'OnFailure', 5),
      resources: good
        ? fc.record({ requests: goodList, limits: goodList }, { requiredKeys: [] })
        : fc.oneof(
            fc.record({ requests: list, limits: list }, { requiredKeys: [] }),
            fc.constantFrom<unknown>(null, 'x', []),
          ),
    },
    { requiredKeys: ['name'] },
  );
const containers = (good: boolean) =>
  good
    ? fc.array(container(true), { maxLength: 3 })
    : fc.oneof(
        fc.array(container(false), { maxLength: 3 }),
        fc.array(fc.oneof(container(false), fc.constantFrom<unknown>(null, 1, 'x')), {
          maxLength: 3,
        }),
        fc.constantFrom<unknown>(undefined, null, 'x', {}),
      );

const podArb = (good: boolean) =>
  fc
    .record(
      {
        priority: good
          ? fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: undefined })
          : fc.oneof(
              fc.integer({ min: -3, max: 3 }),
              fc.constantFrom<unknown>(2 ** 31, 1.5, '5', Number.NaN, null, undefined),
            ),
        containers: containers(good),
        initContainers: containers(good),
        resources: good
          ? fc.option(fc.record({ requests: goodList, limits: goodList }, { requiredKeys: [] }), {
              nil: undefined,
              freq: 3,
            })
          : fc.oneof(
              fc.record({ requests: list, limits: list }, { requiredKeys: [] }),
              fc.constantFrom<unknown>(undefined, null, 'x'),
            ),
        overhead: good ? fc.option(goodList, { nil: undefined, freq: 4 }) : list,
      },
      { requiredKeys: [] },
    )
    .chain((spec) =>
      good
        ? fc.constant<unknown>({ metadata: { name: 'p' }, spec })
        : fc.oneof(
            { weight: 8, arbitrary: fc.constant<unknown>({ metadata: { name: 'p' }, spec }) },
            { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'pod', [], { spec: null }) },
          ),
    );

const workingSet = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(2 ** 60, 2 ** 53 + 2, 1.5, -1, '5', Number.NaN, null),
  },
);
const statsArb: fc.Arbitrary<PodStats | undefined> = fc.option(
  fc
    .oneof(
      fc.record({ workingSetBytes: workingSet }, { requiredKeys: [] }),
      fc.constantFrom<unknown>(null, 'x'),
    )
    .map((memory) => ({ podRef: { name: 'p', namespace: '', uid: '' }, memory }) as PodStats),
  { nil: undefined, freq: 5 },
);

const nodeArb = (good: boolean) =>
  fc.array(fc.tuple(podArb(good), statsArb), { maxLength: 24 }).map((entries) => {
    const stats = new Map<unknown, PodStats | undefined>();
    const pods = entries.map(([pod, s]) => {
      const own = typeof pod === 'object' && pod !== null && !Array.isArray(pod) ? { ...pod } : pod;
      stats.set(own, s);
      return own;
    });
    return { pods, statsOf: (pod: unknown) => stats.get(pod) };
  });

const fields = (): RankingFields => ({ priority: 0, requestMilli: 0 });

function expectFieldsAgree(pod: unknown): number {
  let taken = 0;
  for (const resource of RESOURCES) {
    for (const options of GATES) {
      const out = fields();
      const podLevel = options === undefined;
      if (!rankingFieldsFast(pod, resource, podLevel, out)) continue;
      taken++;
      const view = readPod(pod);
      expect(out.priority).toBe(view.priority ?? 0);
      const exact = requestQuantityOf(view, resource, options);
      expect(Number.isSafeInteger(out.requestMilli)).toBe(true);
      expect(Quantity.fromMilli(out.requestMilli).cmp(exact)).toBe(0);
    }
  }
  return taken;
}

describe('rankingFieldsFast', () => {
  it('agrees with readPod + requestQuantityOf whenever it answers (any pod)', () => {
    fc.assert(
      fc.property(podArb(false), (pod) => {
        expectFieldsAgree(pod);
      }),
      RUNS,
    );
  });

  it('answers for every well-formed pod whose quantities are whole milli-units', () => {
    fc.assert(
      fc.property(podArb(true), (pod) => {
        expect(expectFieldsAgree(pod)).toBe(RESOURCES.length * GATES.length);
      }),
      RUNS,
    );
  });

  it('declines pods a throwing getter guards, and lists it cannot read like the schema', () => {
    const hostile = { spec: {} };
    Object.defineProperty(hostile.spec, 'containers', {
      get() {
        throw new Error('no');
      },
    });
    const out = fields();
    expect(rankingFieldsFast(hostile, 'memory', true, out)).toBe(false);
    const symbolList = {
      spec: { containers: [{ resources: { requests: withSymbol({ memory: '1Gi' }) } }] },
    };
    expect(rankingFieldsFast(symbolList, 'memory', true, out)).toBe(false);
  });
});

describe('memory keys from the fast path equal keys computed exactly', () => {
  it('hasStats, priority, exceedsRequest, usage, request and excess', () => {
    const plan = rankPlanForSignal('memory.available')!;
    fc.assert(
      fc.property(nodeArb(false), ({ pods, statsOf }) => {
        const keys = computeSortKeys(pods, statsOf, plan);
        keys.forEach((key, i) => {
          const view = readPod(pods[i]);
          const stats = statsOf(pods[i]);
          const usage = stats === undefined ? 0n : podMemoryBytes(stats);
          const request = requestQuantityOf(view, 'memory');
          expect(key.index).toBe(i);
          expect(key.hasStats).toBe(stats !== undefined);
          expect(key.priority).toBe(view.priority ?? 0);
          expect(key.usage).toBe(usage);
          expect(key.request.cmp(request)).toBe(0);
          expect(key.request.toString()).toBe(request.toString());
          expect(key.excessRequest.toString()).toBe(request.toString());
          expect(key.exceedsRequest).toBe(
            stats !== undefined && Quantity.fromBigInt(usage).cmp(request) === 1,
          );
          expect(key.excessNano).toBe(usage * 1_000_000_000n - request.scaledValue(-9));
        });
      }),
      RUNS,
    );
  });
});

describe('rankForSignal equals the comparator chain', () => {
  it('for every signal, on well-formed and malformed pods and stats', () => {
    fc.assert(
      fc.property(nodeArb(false), fc.constantFrom(...SIGNALS), ({ pods, statsOf }, signal) => {
        const ranked = rankForSignal(signal, pods as PodLike[], statsOf);
        const chain = comparatorForSignal(signal, statsOf)!.sort(pods as PodLike[]);
        expect(ranked).toHaveLength(chain.length);
        for (let i = 0; i < ranked.length; i++) expect(ranked[i]).toBe(chain[i]);
      }),
      RUNS,
    );
  });

  it('sortKeys orders keys that computeSortKeys did not build (plain objects)', () => {
    const plan = rankPlanForSignal('memory.available')!;
    fc.assert(
      fc.property(nodeArb(true), ({ pods, statsOf }) => {
        const keys = computeSortKeys(pods, statsOf, plan);
        const plain = keys.map((k) => ({
          pod: k.pod,
          index: k.index,
          hasStats: k.hasStats,
          priority: k.priority,
          usage: k.usage,
          request: k.request,
          exceedsRequest: k.exceedsRequest,
          excessRequest: k.excessRequest,
          excessNano: k.excessNano,
        }));
        expect(sortKeys(plain, plan).map((k) => k.pod)).toEqual(
          sortKeys(keys, plan).map((k) => k.pod),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('the radix order of large nodes equals the comparator order', () => {
  // sortKeys sorts keys in input order by radix; the same keys in another order fall back to
  // the comparator chain on keys, which the tests above hold to comparators.ts.
  const bigPod = fc
    .tuple(
      fc.constantFrom(0, 0, 1000, -5, 2 ** 31 - 1, -(2 ** 31)),
      fc.oneof(
        fc.integer({ min: 0, max: 2 ** 40 }).map((n) => `${n}`),
        fc.constantFrom('100Mi', '1Gi', '0', '8Ti', '1.5Gi'),
      ),
      fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.constantFrom(0, 2 ** 43, 9_007_199_254_740),
      ),
    )
    .map(([priority, memory, workingSetBytes]) => ({
      pod: { spec: { priority, containers: [{ resources: { requests: { memory } } }] } },
      stats:
        workingSetBytes === undefined
          ? undefined
          : ({
              podRef: { name: '', namespace: '', uid: '' },
              memory: { workingSetBytes },
            } as PodStats),
    }));
  it('on thousands of pods with extreme values and many ties', () => {
    const plan = rankPlanForSignal('memory.available')!;
    fc.assert(
      fc.property(fc.array(bigPod, { minLength: 500, maxLength: 3000 }), (entries) => {
        const stats = new Map(entries.map((e) => [e.pod, e.stats]));
        const pods = entries.map((e) => e.pod);
        const keys = computeSortKeys(pods, (p) => stats.get(p), plan);
        const radix = sortKeys(keys, plan).map((k) => k.pod);
        const chain = sortKeys([...keys].reverse(), plan).map((k) => k.pod);
        expect(radix).toEqual(chain);
        for (let i = 0; i < radix.length; i++) expect(radix[i]).toBe(chain[i]);
      }),
      { numRuns: 25 },
    );
  });
});
