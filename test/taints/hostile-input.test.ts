import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as taints from '../../src/taints/index';

// "Nothing throws on bad input": every public function of evictkit/taints gets values no type
// allows — null-prototype objects, symbols, bigints, boxed values, sparse arrays, Dates, objects
// keyed `__proto__`/`constructor` — in every argument, and must answer without throwing.

const keys = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'key', 'value', 'effect', 'operator'),
  fc.constantFrom(
    'tolerationSeconds',
    'spec',
    'metadata',
    'status',
    'taints',
    'tolerations',
    'nodeName',
  ),
  fc.constantFrom(
    'conditions',
    'type',
    'labels',
    'timeAdded',
    'createdAt',
    'fireAt',
    'state',
    'rate',
  ),
);
const leaf = fc.oneof(
  fc.constantFrom(
    'NoExecute',
    'NoSchedule',
    'Exists',
    'Equal',
    'Gt',
    'Lt',
    'True',
    'Unknown',
    'Ready',
    '',
  ),
  fc.constantFrom(0, -1, 1e20, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 63, 9_223_372_036),
);
const hostile = fc.oneof(
  fc.anything({
    key: keys,
    maxDepth: 4,
    withNullPrototype: true,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    values: [leaf],
  }),
  leaf,
);
/** A pod/node shape with hostile leaves, so the readers get past the first field. */
const shaped = fc.record({
  metadata: fc.record({
    name: hostile,
    namespace: hostile,
    labels: hostile,
    creationTimestamp: hostile,
    generation: hostile,
  }),
  spec: fc.record({
    nodeName: hostile,
    tolerations: fc.array(hostile),
    taints: fc.array(hostile),
    unschedulable: hostile,
  }),
  status: fc.record({ conditions: fc.array(hostile), phase: hostile }),
});
const anyInput = fc.oneof(hostile, shaped, fc.array(hostile));

const as = <T>(v: unknown) => v as T;
const RUNS = { numRuns: 250 };

const calls: Record<string, (a: unknown, b: unknown, c: unknown) => unknown> = {
  toleratesTaint: (a, b, c) => taints.toleratesTaint(as<never>(a), as<never>(b), as<never>(c)),
  matchToleration: (a, b) => taints.matchToleration(as<never>(a), as<never>(b)),
  getMatchingTolerations: (a, b, c) =>
    taints.getMatchingTolerations(as<never>(a), as<never>(b), as<never>(c)),
  findMatchingUntoleratedTaint: (a, b) =>
    taints.findMatchingUntoleratedTaint(as<never>(a), as<never>(b)),
  tolerationsTolerateTaint: (a, b, c) =>
    taints.tolerationsTolerateTaint(as<never>(a), as<never>(b), as<never>(c)),
  tolerationsTolerateTaintsWithFilter: (a, b) =>
    taints.tolerationsTolerateTaintsWithFilter(as<never>(a), as<never>(b)),
  getNoExecuteTaints: (a) => taints.getNoExecuteTaints(as<never>(a)),
  getMinTolerationTime: (a) => taints.getMinTolerationTime(as<never>(a)),
  parseTaint: (a) => taints.parseTaint(as<never>(a)),
  parseTaints: (a) => taints.parseTaints(as<never>(a)),
  formatTaint: (a) => taints.formatTaint(as<never>(a)),
  matchTaint: (a, b) => taints.matchTaint(as<never>(a), as<never>(b)),
  taintExists: (a, b) => taints.taintExists(as<never>(a), as<never>(b)),
  normalizeTaint: (a) => taints.normalizeTaint(as<never>(a)),
  validateToleration: (a, b) => taints.validateToleration(as<never>(a), as<never>(b)),
  validateTolerations: (a, b) => taints.validateTolerations(as<never>(a), as<never>(b)),
  validateTaints: (a, b) => taints.validateTaints(as<never>(a), as<never>(b)),
  taintEvictionDecision: (a, b, c) =>
    taints.taintEvictionDecision(as<never>(a), as<never>(b), as<never>(c)),
  'taintEvictionDecision(options)': (a, b, c) =>
    taints.taintEvictionDecision(as<never>(a), as<never>(b), {
      now: as<never>(c),
      scheduled: as<never>(b),
      countdownFrom: 'timeAdded',
      trigger: as<never>(a),
    }),
  taintEvictionCondition: (a) => taints.taintEvictionCondition(as<never>(a)),
  taintEvictionStatus: (a, b) => taints.taintEvictionStatus(as<never>(a), { now: as<never>(b) }),
  taintEvictionDeletionEvent: (a) => taints.taintEvictionDeletionEvent(as<never>(a)),
  applyDefaultTolerationSeconds: (a, b) =>
    taints.applyDefaultTolerationSeconds(as<never>(a), as<never>(b)),
  computeZoneState: (a, b) => taints.computeZoneState(as<never>(a), as<never>(b)),
  zoneEvictionRate: (a, b, c) => taints.zoneEvictionRate(as<never>(a), as<never>(b), as<never>(c)),
  handleDisruption: (a, b) => taints.handleDisruption(as<never>(a), as<never>(b)),
  'handleDisruption(previous)': (a, b) =>
    taints.handleDisruption(as<never>(a), { previous: as<never>(b) }),
  zoneKey: (a) => taints.zoneKey(as<never>(a)),
  isNodeExcludedFromDisruptionChecks: (a) =>
    taints.isNodeExcludedFromDisruptionChecks(as<never>(a)),
  nodeHealth: (a, b) => taints.nodeHealth(as<never>(a), as<never>(b)),
  'nodeHealth(options)': (a, b, c) =>
    taints.nodeHealth(as<never>(a), {
      now: as<never>(c),
      lease: as<never>(b),
      previous: as<never>(b),
    }),
  noScheduleTainting: (a, b) => taints.noScheduleTainting(as<never>(a), as<never>(b)),
  noExecuteTaintAction: (a, b) => taints.noExecuteTaintAction(as<never>(a), as<never>(b)),
  noExecuteTaintingStep: (a, b) => taints.noExecuteTaintingStep(as<never>(a), as<never>(b)),
  taintEvictionPodUpdateMatters: (a, b) =>
    taints.taintEvictionPodUpdateMatters(as<never>(a), as<never>(b)),
  taintEvictionNodeUpdateMatters: (a, b) =>
    taints.taintEvictionNodeUpdateMatters(as<never>(a), as<never>(b)),
  createTaintingQueue: (a) => taints.createTaintingQueue(as<never>(a)),
  taintingQueueAdd: (a, b, c) => taints.taintingQueueAdd(as<never>(a), as<never>(b), as<never>(c)),
  taintingQueueRemove: (a, b) => taints.taintingQueueRemove(as<never>(a), as<never>(b)),
  taintingQueueTry: (a, b, c) =>
    taints.taintingQueueTry(as<never>(a), as<never>(b), () => as<never>(c)),
  taintingQueueSwapLimiter: (a, b, c) =>
    taints.taintingQueueSwapLimiter(as<never>(a), as<never>(b), as<never>(c)),
  tokenBucketLimiter: (a, b) => taints.tokenBucketLimiter(as<never>(a), as<never>(b)),
  tryAccept: (a, b) => taints.tryAccept(as<never>(a), as<never>(b)),
  limiterQps: (a) => taints.limiterQps(as<never>(a)),
  isQualifiedName: (a) => taints.isQualifiedName(typeof a === 'string' ? a : String(typeof a)),
};

describe('evictkit/taints never throws', () => {
  for (const [name, call] of Object.entries(calls)) {
    propTest.prop([anyInput, anyInput, anyInput], RUNS)(name, (a, b, c) => {
      expect(() => call(a, b, c)).not.toThrow();
    });
  }

  propTest.prop([fc.string({ maxLength: 80 })], { numRuns: 1000 })(
    'parseTaint answers every string with a Result',
    (s) => {
      const r = taints.parseTaint(s);
      if (r.isErr()) expect(r.error.message).toMatch(/^invalid taint (spec|effect): /);
      else expect(taints.parseTaint(taints.formatTaint(r.value)).isOk()).toBe(true);
    },
  );
});
