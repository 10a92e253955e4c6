import fc from 'fast-check';
import { SIGNALS } from '../../src/signals/catalogue';

// Hostile values for the fuzz suite: anything a JavaScript caller can hand over, not only what
// the types allow. Each arbitrary below mixes realistic shapes (so the fuzzer reaches deep into
// the code) with values no type would admit.

/** Keys that attack object handling: prototype pollution, shadowed methods, signal names. */
export const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'toJSON',
      'then',
      'length',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...SIGNALS) },
);

class Opaque {
  readonly hidden = 1;
  get computed(): number {
    return 2;
  }
}

/** Numbers at the edges of every representation. */
export const edgeNumber = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0.5,
  -1,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  2 ** 64,
  1e21,
  1e308,
);

const bigEdge = fc.constantFrom(0n, -1n, 2n ** 63n, 2n ** 64n, -(2n ** 63n) - 1n, 10n ** 40n);

const longString = fc.constantFrom(
  'x'.repeat(100_000),
  '9'.repeat(5_000),
  `${'9'.repeat(400)}Ei`,
  `1e${'9'.repeat(30)}`,
  `0.${'0'.repeat(5_000)}1`,
  '-'.repeat(10_000),
  '\u0000'.repeat(100),
  '1Gi\u0000',
  '𝟙𝟘𝟘Mi',
);

/** A value nested `depth` times, as an object or an array chain. */
export function deeplyNested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value, spec: value };
  return value;
}

const deep = fc.constantFrom(
  deeplyNested(2_000, false),
  deeplyNested(2_000, true),
  deeplyNested(40, false),
);

/** An object whose reads throw: a getter, a proxy trapping everything. */
function throwing(kind: number, inner: unknown): unknown {
  const boom = () => {
    throw new Error('hostile getter');
  };
  switch (kind) {
    case 0:
      return Object.defineProperty({}, 'metadata', { get: boom, enumerable: true });
    case 1:
      return Object.defineProperty({ spec: inner }, 'spec', { get: boom, enumerable: true });
    case 2:
      // Symbol-keyed reads pass: fast-check probes generated values with symbols.
      return new Proxy(
        {},
        {
          get: (_t, key) => (typeof key === 'symbol' ? undefined : boom()),
          has: (_t, key) => (typeof key === 'symbol' ? false : boom()),
          ownKeys: boom,
          getOwnPropertyDescriptor: boom,
        },
      );
    case 3: {
      // A proxy that behaves until asked for its keys.
      const target = typeof inner === 'object' && inner !== null ? { ...inner } : {};
      return new Proxy(target, { ownKeys: boom });
    }
    default: {
      const cyclic: Record<string, unknown> = { name: 'loop' };
      cyclic.self = cyclic;
      cyclic.spec = cyclic;
      cyclic.metadata = cyclic;
      return cyclic;
    }
  }
}

/** Strange but well-formed objects: frozen, class instances, prototype pollution from JSON. */
const oddObject = fc.constantFrom<unknown>(
  new Opaque(),
  Object.freeze({ metadata: Object.freeze({ name: 'frozen' }) }),
  JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": 1}}}'),
  JSON.parse('{"metadata": {"__proto__": {"polluted": 1}, "annotations": {"__proto__": "x"}}}'),
  Object.create(null),
  Object.create({ inherited: 'value', metadata: { name: 'inherited' } }),
  new Date(Number.NaN),
  new Map([['memory.available', 1]]),
  new Set([1]),
  // A sparse array: a hole between two elements.
  Object.assign(new Array(3), { 0: 1, 2: 3 }),
  new Array(5),
  Symbol('hostile'),
  () => 'function',
  Promise.resolve(1),
  new Uint8Array(4),
  new Error('an error'),
  /regex/,
);

// Two levels of arbitrary nesting keep generation cheap; `deep` covers nesting in depth.
const base = fc.anything({
  key: hostileKey,
  maxDepth: 2,
  maxKeys: 4,
  withNullPrototype: true,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** Any value that reads without throwing, however odd. */
export const hostileData: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: base },
  { weight: 1, arbitrary: edgeNumber },
  { weight: 1, arbitrary: bigEdge },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: oddObject },
  { weight: 1, arbitrary: deep },
);

/** Any value, hostile ones included (getters and proxies that throw, cycles). */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 11, arbitrary: hostileData },
  { weight: 1, arbitrary: fc.tuple(fc.nat(4), base).map(([kind, inner]) => throwing(kind, inner)) },
);

/** Mostly `valid`, sometimes hostile: how fuzzed structures keep most of their shape. */
export const sometimes = <T>(valid: fc.Arbitrary<T>, weight = 5): fc.Arbitrary<T | unknown> =>
  fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: hostile });

/**
 * `sometimes` without values that throw when read: for statistics, which come from the caller's
 * stats function (what it or its results throw is the caller's and propagates, as documented).
 */
const sometimesData = <T>(valid: fc.Arbitrary<T>, weight = 5): fc.Arbitrary<T | unknown> =>
  fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: hostileData });

/** Quantity spellings: valid ones, near misses, and hostile values. */
export const quantityLike: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '0',
      '1',
      '100m',
      '128Mi',
      '1Gi',
      '1.5',
      '1e3',
      '500M',
      '-1',
      '1000E',
      '12e20',
      '0.000000001Ki',
      '+1Ki',
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: hostile },
);

const resourceName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('cpu', 'memory', 'ephemeral-storage', 'hugepages-2Mi') },
  { weight: 1, arbitrary: hostileKey },
);

/** A `v1.ResourceList` with hostile names and values now and then. */
export const resourceList = sometimes(fc.dictionary(resourceName, quantityLike, { maxKeys: 4 }));

const requirements = sometimes(
  fc.record({ requests: resourceList, limits: resourceList }, { requiredKeys: [] }),
);

const containerName = fc.oneof(
  fc.constantFrom('app', 'sidecar', 'init', 'c0', ''),
  fc.string({ maxLength: 6 }),
);

/** A container, shaped like one most of the time. */
export const container = sometimes(
  fc.record(
    {
      name: sometimes(containerName),
      restartPolicy: sometimes(fc.constantFrom('Always', 'OnFailure', 'Never')),
      resources: requirements,
    },
    { requiredKeys: [] },
  ),
);

const volume = sometimes(
  fc.record(
    {
      name: sometimes(fc.constantFrom('data', 'cache', 'logs')),
      emptyDir: sometimes(
        fc.record(
          {
            medium: sometimes(fc.constantFrom('', 'Memory', 'HugePages')),
            sizeLimit: quantityLike,
          },
          { requiredKeys: [] },
        ),
      ),
      hostPath: sometimes(fc.constant({ path: '/tmp' })),
      configMap: sometimes(fc.constant({ name: 'cm' })),
    },
    { requiredKeys: [] },
  ),
);

const annotations = sometimes(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'kubernetes.io/config.source',
        'kubernetes.io/config.mirror',
        'kubernetes.io/config.hash',
      ),
      hostileKey,
    ),
    sometimes(fc.constantFrom('file', 'api', 'http', '')),
    { maxKeys: 3 },
  ),
);

const priority = fc.oneof(
  fc.constantFrom(0, -1, 1, 1_000_000_000, 2_000_000_000, 2_000_001_000),
  fc.integer(),
  edgeNumber,
);

/** A pod: mostly the shape of a v1 Pod, with hostile values mixed in at every level. */
export const podLike: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        metadata: sometimes(
          fc.record(
            {
              name: sometimes(fc.constantFrom('a', 'b', 'web-0')),
              namespace: sometimes(fc.constantFrom('default', 'kube-system')),
              uid: sometimes(fc.constantFrom('u1', 'u2', 'u3', '')),
              generation: sometimes(fc.integer()),
              annotations,
            },
            { requiredKeys: [] },
          ),
        ),
        spec: sometimes(
          fc.record(
            {
              containers: sometimes(fc.array(container, { maxLength: 3 })),
              initContainers: sometimes(fc.array(container, { maxLength: 2 })),
              priority: sometimes(priority),
              priorityClassName: sometimes(
                fc.constantFrom('system-node-critical', 'system-cluster-critical', ''),
              ),
              resources: requirements,
              overhead: resourceList,
              volumes: sometimes(fc.array(volume, { maxLength: 3 })),
              tolerations: sometimes(
                fc.array(
                  sometimes(
                    fc.record(
                      {
                        key: sometimes(fc.constantFrom('node.kubernetes.io/memory-pressure', '')),
                        operator: sometimes(fc.constantFrom('Exists', 'Equal', 'Lt')),
                        effect: sometimes(fc.constantFrom('NoSchedule', '')),
                      },
                      { requiredKeys: [] },
                    ),
                  ),
                  { maxLength: 2 },
                ),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        status: sometimes(
          fc.record(
            {
              qosClass: sometimes(fc.constantFrom('Guaranteed', 'Burstable', 'BestEffort', 'x')),
              phase: sometimes(fc.constantFrom('Running', 'Failed')),
              conditions: sometimes(fc.array(hostile, { maxLength: 2 })),
              containerStatuses: sometimes(fc.array(hostile, { maxLength: 2 })),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 2, arbitrary: hostile },
);

/** Counters of the Summary API: realistic, at the edges, or not numbers at all. */
const count = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: -1 }) },
  { weight: 1, arbitrary: edgeNumber },
  { weight: 1, arbitrary: hostileData },
);

const time = fc.oneof(
  fc.constantFrom('2026-11-25T10:00:00Z', 'not a time', '', 0, Number.NaN, 1e20),
  fc.integer(),
  hostileData,
);

const memoryStats = sometimesData(
  fc.record(
    { time, availableBytes: count, usageBytes: count, workingSetBytes: count },
    { requiredKeys: [] },
  ),
);
const fsStats = sometimesData(
  fc.record(
    {
      time,
      availableBytes: count,
      capacityBytes: count,
      usedBytes: count,
      inodesFree: count,
      inodes: count,
      inodesUsed: count,
    },
    { requiredKeys: [] },
  ),
);

/** Pod statistics as a stats function (or a Summary) might hand them over. */
export const podStatsLike: fc.Arbitrary<unknown> = sometimesData(
  fc.record(
    {
      podRef: sometimesData(
        fc.record(
          {
            name: sometimesData(fc.constantFrom('a', 'b')),
            namespace: sometimesData(fc.constant('default')),
            uid: sometimesData(fc.constantFrom('u1', 'u2', 'u3')),
          },
          { requiredKeys: [] },
        ),
      ),
      memory: memoryStats,
      containers: sometimesData(
        fc.array(
          sometimesData(
            fc.record(
              {
                name: sometimesData(containerName),
                memory: memoryStats,
                rootfs: fsStats,
                logs: fsStats,
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 3 },
        ),
      ),
      volume: sometimesData(
        fc.array(
          sometimesData(
            fc.record({ name: sometimesData(fc.constantFrom('data', 'cache')), usedBytes: count }),
          ),
          { maxLength: 2 },
        ),
      ),
      'ephemeral-storage': fsStats,
      process_stats: sometimesData(fc.record({ process_count: count }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
);

/** A Summary payload, as JSON from a kubelet or something else entirely. */
export const summaryLike: fc.Arbitrary<unknown> = sometimes(
  fc.record(
    {
      node: sometimes(
        fc.record(
          {
            nodeName: sometimes(fc.constant('node-1')),
            memory: memoryStats,
            fs: fsStats,
            runtime: sometimes(
              fc.record({ imageFs: fsStats, containerFs: fsStats }, { requiredKeys: [] }),
            ),
            rlimit: sometimes(
              fc.record({ time, maxpid: count, curproc: count }, { requiredKeys: [] }),
            ),
            systemContainers: sometimes(
              fc.array(
                sometimes(
                  fc.record({
                    name: sometimes(fc.constantFrom('pods', 'kubelet')),
                    memory: memoryStats,
                  }),
                ),
                { maxLength: 2 },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      pods: sometimes(fc.array(podStatsLike, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);
