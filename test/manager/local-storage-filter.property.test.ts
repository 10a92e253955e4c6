// The manager's local-storage pre-filter against the checks themselves: whenever
// mayExceedLocalStorage leaves a pod out, localStorageEviction picks nothing for it — on pods and
// statistics well-formed and not, limits near, below and above the usage, with and without a
// dedicated image filesystem. It must also leave out the common pod far below its limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayExceedLocalStorage } from '../../src/manager/local-storage-filter';
import type { PodLike } from '../../src/pods/pod';
import { localStorageEviction } from '../../src/ranking/local-storage';
import { parseQuantity } from '../../src/signals/quantity';

const RUNS = { numRuns: Number(process.env.FILTER_RUNS ?? 1500) };
const GiB = 2 ** 30;

/** Byte counts clustered around a few limits (1 KiB above all), so that usage and limit often meet. */
const bytes = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 999, 1000, 1001, 1023, 1024, 1025) },
  { weight: 1, arbitrary: fc.constantFrom(GiB - 1, GiB, GiB + 1, 2 ** 53 - 1) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 * GiB }) },
);
const limitValue = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('0', '1', '2', '1k', '1Ki', '1025', '999', '1001', '1Gi', '1.5Gi'),
  },
  { weight: 2, arbitrary: bytes.map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      '1.5',
      '999m',
      '1001m',
      '0.5Ki',
      '-1',
      '-1Ki',
      'abc',
      '',
      '1e3',
      '8Ei',
      1024,
      -5,
      Number.NaN,
      null,
      true,
      {},
      parseQuantity('1Ki')._unsafeUnwrap(),
    ),
  },
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const resources = fc.record(
  {
    limits: maybe(fc.dictionary(fc.constantFrom('ephemeral-storage', 'memory'), limitValue)),
    requests: maybe(fc.dictionary(fc.constantFrom('ephemeral-storage', 'memory'), limitValue)),
  },
  { requiredKeys: [] },
);
const container = (name: string) =>
  fc.record(
    {
      name: fc.constant(name),
      restartPolicy: maybe(fc.constant('Always')),
      resources: maybe(fc.oneof(resources, fc.constantFrom<unknown>(null, 'x'))),
    },
    { requiredKeys: ['name'] },
  );
const volume = fc.record(
  {
    name: fc.constantFrom('data', 'cache', 'logs'),
    emptyDir: maybe(
      fc.oneof(
        fc.record({ sizeLimit: maybe(limitValue), medium: maybe(fc.constant('Memory')) }),
        fc.constant<unknown>(null),
      ),
    ),
  },
  { requiredKeys: ['name'] },
);
const pod = fc.record({
  metadata: fc.record({
    name: fc.constant('p'),
    namespace: fc.constant('ns'),
    uid: fc.constant('u'),
  }),
  spec: fc.record(
    {
      containers: fc.oneof(
        fc.tuple(container('a'), maybe(container('b'))).map(([a, b]) => (b ? [a, b] : [a])),
        fc.constantFrom<unknown>(null, 'x'),
      ),
      initContainers: maybe(fc.array(container('init'), { maxLength: 2 })),
      volumes: maybe(fc.array(volume, { maxLength: 3 })),
      overhead: maybe(
        fc.dictionary(
          fc.constant('ephemeral-storage'),
          fc.oneof(limitValue, fc.constantFrom('-1', '-2', '-1k')),
        ),
      ),
      resources: maybe(resources),
      priority: maybe(fc.constantFrom(0, 2_000_000_000)),
    },
    { requiredKeys: [] },
  ),
});
const fs = fc.oneof(
  { weight: 5, arbitrary: fc.record({ usedBytes: bytes }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(undefined, null, {}, { usedBytes: -1 }, { usedBytes: 1.5 }),
  },
);
const stats = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        'ephemeral-storage': fs,
        volume: fc.array(
          fc.record({ name: fc.constantFrom('data', 'cache', 'logs'), usedBytes: bytes }),
        ),
        containers: fc.array(
          fc.record({ name: fc.constantFrom('a', 'b', 'init'), logs: fs, rootfs: fs }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'x') },
);

/** One limit and one usage a byte apart or equal, in every place each can be. */
const boundary = fc
  .record({
    base: fc.constantFrom(1, 1000, 1024, GiB, 2 ** 52),
    delta: fc.constantFrom(-1, 0, 1),
    limitAt: fc.constantFrom('container', 'init', 'sidecar', 'emptyDir', 'pod-level'),
    usageAt: fc.constantFrom('pod', 'volume', 'logs', 'rootfs'),
    overhead: maybe(fc.constantFrom('0', '1', '-1')),
    other: maybe(fc.constantFrom('1Ei', '0')),
  })
  .map(({ base, delta, limitAt, usageAt, overhead, other }) => {
    const limit = String(base);
    const limits = { limits: { 'ephemeral-storage': limit } };
    const otherLimits = other === undefined ? {} : { limits: { 'ephemeral-storage': other } };
    const spec: Record<string, unknown> = {
      containers: [
        { name: 'a', resources: limitAt === 'container' ? limits : {} },
        { name: 'b', resources: otherLimits },
      ],
      initContainers: [
        { name: 'init', resources: limitAt === 'init' ? limits : {} },
        { name: 'side', restartPolicy: 'Always', resources: limitAt === 'sidecar' ? limits : {} },
      ],
      volumes: [{ name: 'data', emptyDir: limitAt === 'emptyDir' ? { sizeLimit: limit } : {} }],
    };
    if (limitAt === 'pod-level') spec.resources = limits;
    if (overhead !== undefined) spec.overhead = { 'ephemeral-storage': overhead };
    const used = { usedBytes: base + delta };
    const none = { usedBytes: 0 };
    const stats = {
      'ephemeral-storage': usageAt === 'pod' ? used : none,
      volume: [{ name: 'data', ...(usageAt === 'volume' ? used : none) }],
      containers: [
        {
          name: 'a',
          logs: usageAt === 'logs' ? used : none,
          rootfs: usageAt === 'rootfs' ? used : none,
        },
      ],
    };
    return { pod: { metadata: { uid: 'u' }, spec }, stats };
  });

describe('mayExceedLocalStorage', () => {
  it('leaves out only pods that localStorageEviction would not pick', () => {
    fc.assert(
      fc.property(pod, stats, fc.boolean(), (p, s, dedicatedImageFs) => {
        if (mayExceedLocalStorage(p, s)) return;
        expect(
          localStorageEviction([p as PodLike], () => s as never, { dedicatedImageFs }),
        ).toEqual([]);
      }),
      RUNS,
    );
  });

  it('leaves out only pods the checks would not pick, at the boundary', () => {
    fc.assert(
      fc.property(boundary, fc.boolean(), ({ pod: p, stats: s }, dedicatedImageFs) => {
        if (mayExceedLocalStorage(p, s)) return;
        expect(
          localStorageEviction([p as PodLike], () => s as never, { dedicatedImageFs }),
        ).toEqual([]);
      }),
      RUNS,
    );
  });

  it('leaves out a pod far below its limits, and keeps one above them', () => {
    const p = {
      spec: {
        containers: [{ name: 'a', resources: { limits: { 'ephemeral-storage': '2Gi' } } }],
        volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }],
      },
    };
    const usage = (n: number) => ({
      'ephemeral-storage': { usedBytes: n },
      volume: [{ name: 'data', usedBytes: n }],
      containers: [{ name: 'a', logs: { usedBytes: n }, rootfs: { usedBytes: 0 } }],
    });
    expect(mayExceedLocalStorage(p, usage(GiB))).toBe(false);
    expect(mayExceedLocalStorage(p, usage(GiB + 1))).toBe(true);
    expect(localStorageEviction([p], () => usage(GiB + 1) as never)).toHaveLength(1);
    // No limit anywhere, or no statistics: nothing to check.
    expect(mayExceedLocalStorage({ spec: { containers: [{ name: 'a' }] } }, usage(10 * GiB))).toBe(
      false,
    );
    expect(mayExceedLocalStorage(p, undefined)).toBe(false);
    // A negative overhead, or a limit that is not a string, goes to the checks.
    const negativeOverhead = { spec: { ...p.spec, overhead: { 'ephemeral-storage': '-1Gi' } } };
    expect(mayExceedLocalStorage(negativeOverhead, usage(0))).toBe(true);
    const numeric = { spec: { volumes: [{ name: 'data', emptyDir: { sizeLimit: 1024 } }] } };
    expect(mayExceedLocalStorage(numeric, usage(0))).toBe(true);
  });
});
