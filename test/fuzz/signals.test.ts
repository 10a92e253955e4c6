import fc from 'fast-check';
import { describe } from 'vitest';
import { SIGNALS } from '../../src/signals/catalogue';
import { parseEvictionFlag, parseEvictionFlags } from '../../src/signals/eviction-flag';
import { parseGoDuration } from '../../src/signals/go-duration';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { parseKubeletFlags, splitCommandLine } from '../../src/signals/kubelet-flags';
import { observe } from '../../src/signals/observe';
import { podStatsLookup } from '../../src/signals/pod-stats';
import { isQuantity, parseQuantity } from '../../src/signals/quantity';
import { parseSummary, type Summary } from '../../src/signals/summary';
import {
  parseGracePeriods,
  parseMinimumReclaims,
  parseThresholdConfig,
} from '../../src/signals/threshold-config';
import {
  parseMinimumReclaim,
  parsePercentage,
  parseThresholdStatement,
} from '../../src/signals/threshold-value';
import type { Observation } from '../../src/signals/types';
import { everyValue, fuzz, fuzzEach, isResult, target } from './harness';
import { hostile, hostileKey, quantityLike, sometimes, summaryLike } from './hostile';

// Every parser of evictkit/signals, fed hostile input: each answers with a Result; `observe`
// (typed on a validated Summary) answers with observations whatever it is handed.

const as = <T>(value: unknown): T => value as T;

const evictionMap = sometimes(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'memory.available',
        'nodefs.available',
        'pid.available',
        'imagefs.inodesFree',
      ),
      hostileKey,
    ),
    sometimes(fc.oneof(fc.constantFrom('1Gi', '10%', '1m30s', '0%', '100%', 'NaN%'), fc.string())),
    { maxKeys: 4 },
  ),
);

const thresholdConfigInput = sometimes(
  fc.record(
    {
      evictionHard: evictionMap,
      evictionSoft: evictionMap,
      evictionSoftGracePeriod: evictionMap,
      evictionMinimumReclaim: evictionMap,
      allocatableConfig: sometimes(
        fc.array(sometimes(fc.constantFrom('pods', 'system-reserved'))),
        3,
      ),
    },
    { requiredKeys: [] },
  ),
);

const flagText = fc.oneof(
  fc.constantFrom(
    'memory.available<1Gi,nodefs.available<10%',
    '--eviction-soft-grace-period=memory.available=1m30s',
    'memory.available<',
    ',,',
    '<1Gi',
  ),
  fc.string({ maxLength: 40 }),
  hostile,
);

/** A threshold or reclaim value: quantities, percentages (Go float syntax), and anything else. */
const statementValue = fc.oneof(
  quantityLike,
  fc.constantFrom('10%', '0%', '100%', '-5%', '1e2%', 'NaN%', 'Inf%', '0x1p-2%', '%', '5.5%%'),
  fc.constantFrom('1m30s', '-1s', '0', '1.5h', '9223372036854775807ns', '2562048h'),
  fc.double().map((d) => `${d}%`),
  flagText,
);

const configText = fc.oneof(
  fc.constantFrom(
    '{"kubeletconfig": {"evictionHard": {"memory.available": "1Gi"}}}',
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: 1Gi\nmergeDefaultEvictionSettings: true\n',
    'KubeletConfig:\n  evictionHard: memory.available<100Mi\n',
    '&a [*a]',
    'a: &a\n  b: *a\n',
    '{"kubeletconfig": {"__proto__": {"evictionHard": {"x": "1"}}}}',
  ),
  fc.string({ maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
  hostile,
);

const loadOptions = sometimes(
  fc.record(
    {
      os: sometimes(fc.constantFrom('linux', 'windows', 'other', 'darwin', 'Linux', '__proto__')),
      flags: sometimes(fc.constantFrom('--eviction-hard=memory.available<1Gi', '--eviction-hard')),
    },
    { requiredKeys: [] },
  ),
);

// Summaries parseSummary accepts, built directly (filtering hostile ones would take minutes).
const count = fc.oneof(fc.nat(), fc.integer({ min: 0, max: 2 ** 53 }), fc.constant(2 ** 64));
const time = fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: undefined });
const memory = fc.record(
  { time, availableBytes: count, usageBytes: count, workingSetBytes: count },
  { requiredKeys: [] },
);
const fsStats = fc.record(
  { time, availableBytes: count, capacityBytes: count, inodesFree: count, inodes: count },
  { requiredKeys: [] },
);
const validSummary = fc
  .record({
    node: fc.record(
      {
        nodeName: fc.constant('node-1'),
        memory,
        fs: fsStats,
        runtime: fc.record({ imageFs: fsStats, containerFs: fsStats }, { requiredKeys: [] }),
        rlimit: fc.record(
          { time, maxpid: fc.integer(), curproc: fc.integer() },
          { requiredKeys: [] },
        ),
        systemContainers: fc.array(
          fc.record({ name: fc.constantFrom('pods', 'windows-global-commit-memory'), memory }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ['nodeName'] },
    ),
    pods: fc.constant([]),
  })
  .map((s) => parseSummary(s)._unsafeUnwrap());

const observation = (value: unknown) => {
  const o = value as Observation;
  return (
    isQuantity(o.available) &&
    (o.capacity === undefined || isQuantity(o.capacity)) &&
    (o.time === undefined || typeof o.time === 'number')
  );
};

describe('fuzz: evictkit/signals parsers', () => {
  fuzz('parseQuantity', quantityLike, (v) => parseQuantity(as(v)), isResult);
  fuzz('parseThresholdConfig', thresholdConfigInput, (v) => parseThresholdConfig(as(v)), isResult);
  fuzz(
    'parseEvictionFlag',
    fc.tuple(
      flagText,
      sometimes(fc.constantFrom('--eviction-hard', '--eviction-soft-grace-period')),
    ),
    ([text, flag]) => parseEvictionFlag(as(text), as(flag)),
    isResult,
  );
  fuzz(
    'parseEvictionFlags',
    sometimes(
      fc.dictionary(
        fc.oneof(fc.constantFrom('--eviction-hard', '--eviction-soft'), hostileKey),
        flagText,
      ),
    ),
    (v) => parseEvictionFlags(as(v)),
    isResult,
  );
  fuzz(
    'parseKubeletFlags',
    fc.oneof(flagText, fc.array(flagText, { maxLength: 4 })),
    (v) => parseKubeletFlags(as(v)),
    isResult,
  );
  fuzz(
    'parseGoDuration',
    fc.oneof(fc.string({ maxLength: 20 }), hostile),
    (v) => parseGoDuration(as(v)),
    isResult,
  );
  fuzz(
    'loadKubeletConfig',
    fc.tuple(configText, loadOptions),
    ([text, options]) => loadKubeletConfig(as(text), as(options)),
    isResult,
  );
  fuzzEach(
    'one map entry',
    fc.tuple(fc.oneof(fc.constantFrom(...SIGNALS), hostileKey, hostile), statementValue),
    [
      target(
        'parseThresholdStatement',
        ([key, value]) => parseThresholdStatement(as(key), as(value)),
        isResult,
      ),
      target(
        'parseMinimumReclaim',
        ([key, value]) => parseMinimumReclaim(as(key), as(value)),
        isResult,
      ),
      target(
        'parsePercentage',
        ([, value]) => parsePercentage(as(value)),
        // Go's strconv errors: a `kind` discriminant rather than a `code`.
        (r) =>
          r.isOk()
            ? typeof r.value === 'number'
              ? undefined
              : 'not a number'
            : typeof r.error.kind === 'string' && typeof r.error.message === 'string'
              ? undefined
              : 'not a GoFloatError',
      ),
      target('splitCommandLine', ([, value]) => splitCommandLine(as(value)), isResult),
    ],
  );
  fuzzEach(
    'eviction maps',
    sometimes(fc.dictionary(fc.oneof(fc.constantFrom(...SIGNALS), hostileKey), statementValue)),
    [
      target('parseGracePeriods', (map) => parseGracePeriods(as(map)), isResult),
      target('parseMinimumReclaims', (map) => parseMinimumReclaims(as(map)), isResult),
    ],
  );
  fuzz('kubeletDefaults', loadOptions, (options) => kubeletDefaults(as(options)), isResult);
  fuzzEach(
    'a Summary payload',
    fc.tuple(
      summaryLike,
      sometimes(fc.record({ os: sometimes(fc.constantFrom('linux', 'windows')) })),
    ),
    [
      target('parseSummary', ([v]) => parseSummary(v), isResult),
      target(
        'observe (raw input)',
        ([summary, options]) => observe(as<Summary>(summary), as(options)),
        everyValue(observation, 'an observation'),
      ),
      target(
        'podStatsLookup',
        ([summary]) => podStatsLookup(as(summary))(as({ metadata: { uid: 'u1' } })),
        (stats) => (stats === undefined || typeof stats === 'object' ? undefined : 'not stats'),
      ),
    ],
  );
  fuzz(
    'observe (parsed summaries)',
    fc.tuple(validSummary, fc.constantFrom<'linux' | 'windows'>('linux', 'windows')),
    ([summary, os]) => observe(summary, { os }),
    everyValue(observation, 'an observation'),
  );
});
