import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { makeSignalObservations, observe } from '../../src/signals/observe';
import { parseSummary, type Summary } from '../../src/signals/summary';
import type { Observations, Signal } from '../../src/signals/types';

const fixture = (name: string) => new URL(`../fixtures/summary/${name}`, import.meta.url);

function loadSummary(name: string): Summary {
  const parsed = parseSummary(readFileSync(fixture(name), 'utf8'));
  if (parsed.isErr()) throw new Error(parsed.error.message);
  return parsed.value;
}

type Expected = Partial<Record<Signal, [available: string, capacity: string, time?: string]>>;

// Every number below was derived by hand from the fixture's node stats:
// memory capacity = availableBytes + workingSetBytes, pid available = maxpid − curproc.
// Worked examples (checked by hand):
//   1.35: memory 7299776512 + 917110784 = 8216887296; pods 7688695808 + 528191488 = 8216887296;
//         pid 62639 − 814 = 61825.
//   Windows (EKS 2020): memory 15852421120 + 924364800 = 16776785920; the "pods" container has
//         no availableBytes (no allocatable observation); fs has no inode fields; no rlimit.
const EXPECTED: Record<string, Expected> = {
  'datadog-integrations-core-eks-windows-2020-summary.json': {
    'memory.available': ['15852421120', '16776785920', '2020-04-24T15:54:11Z'],
    'nodefs.available': ['80788066304', '107372081152', '2020-04-24T15:54:11Z'],
    'imagefs.available': ['80788066304', '107372081152', '2020-04-24T15:54:12Z'],
  },
  'datadog-integrations-core-gke-2019-summary.json': {
    'memory.available': ['2429980672', '3877814272', '2019-11-20T13:13:10Z'],
    'allocatableMemory.available': ['2406899712', '2871181312', '2019-11-20T13:13:10Z'],
    'nodefs.available': ['96644841472', '101241290752', '2019-11-20T13:13:10Z'],
    'nodefs.inodesFree': ['6131709', '6258720', '2019-11-20T13:13:10Z'],
    'imagefs.available': ['96644841472', '101241290752', '2019-11-20T13:13:10Z'],
    'imagefs.inodesFree': ['6131709', '6258720', '2019-11-20T13:13:10Z'],
    'pid.available': ['4193681', '4194304', '2019-11-20T13:13:16Z'],
  },
  'elastic-beats-gke-2017-summary.json': {
    'memory.available': ['1768316928', '3879407616', '2017-04-20T08:06:41Z'],
    'nodefs.available': ['98727014400', '101258067968'],
    'nodefs.inodesFree': ['6120096', '6258720'],
    'imagefs.available': ['98727014400', '101258067968'],
    'imagefs.inodesFree': ['6120096', '6258720'],
  },
  'newrelic-nri-kubernetes-k8s-1.16-summary.json': {
    'memory.available': ['2583449600', '4029632512', '2021-12-15T13:51:05Z'],
    'allocatableMemory.available': ['3637039104', '4029632512', '2021-12-15T13:51:05Z'],
    'nodefs.available': ['14718431232', '18211586048', '2021-12-15T13:51:05Z'],
    'nodefs.inodesFree': ['10191329', '10241360', '2021-12-15T13:51:05Z'],
    'imagefs.available': ['14718431232', '18211586048', '2021-12-15T13:51:05Z'],
    'imagefs.inodesFree': ['10191329', '10241360', '2021-12-15T13:51:05Z'],
    'pid.available': ['4193709', '4194304', '2021-12-15T13:51:09Z'],
  },
  'newrelic-nri-kubernetes-k8s-1.22-summary.json': {
    'memory.available': ['7332253696', '8232894464', '2023-05-31T02:50:25Z'],
    'allocatableMemory.available': ['7780577280', '8232894464', '2023-05-31T02:50:25Z'],
    'nodefs.available': ['52259676160', '62671097856', '2023-05-31T02:50:25Z'],
    'nodefs.inodesFree': ['3741570', '3907584', '2023-05-31T02:50:25Z'],
    'imagefs.available': ['52259676160', '62671097856', '2023-05-31T02:50:33Z'],
    'imagefs.inodesFree': ['3741570', '3907584', '2023-05-31T02:50:33Z'],
    'pid.available': ['4193301', '4194304', '2023-05-31T02:50:33Z'],
  },
  'newrelic-nri-kubernetes-k8s-1.29-summary.json': {
    'memory.available': ['7336636416', '8232828928', '2025-04-04T01:18:35Z'],
    'allocatableMemory.available': ['7762358272', '8232828928', '2025-04-04T01:18:35Z'],
    'nodefs.available': ['11568078848', '62671097856', '2025-04-04T01:18:35Z'],
    'nodefs.inodesFree': ['3353268', '3907584', '2025-04-04T01:18:35Z'],
    'imagefs.available': ['11568078848', '62671097856', '2025-04-04T01:18:35Z'],
    'imagefs.inodesFree': ['3353268', '3907584', '2025-04-04T01:18:35Z'],
    'containerfs.available': ['11568078848', '62671097856', '2025-04-04T01:18:35Z'],
    'containerfs.inodesFree': ['3353268', '3907584', '2025-04-04T01:18:35Z'],
    'pid.available': ['60652', '61946', '2025-04-04T01:18:36Z'],
  },
  'newrelic-nri-kubernetes-k8s-1.35-summary.json': {
    'memory.available': ['7299776512', '8216887296', '2026-06-26T10:14:35Z'],
    'allocatableMemory.available': ['7688695808', '8216887296', '2026-06-26T10:14:35Z'],
    'nodefs.available': ['821203210240', '977896124416', '2026-06-26T10:14:35Z'],
    'nodefs.inodesFree': ['59206606', '60710912', '2026-06-26T10:14:35Z'],
    'imagefs.available': ['821203210240', '977896124416', '2026-06-26T10:14:32Z'],
    'imagefs.inodesFree': ['59206606', '60710912', '2026-06-26T10:14:32Z'],
    'containerfs.available': ['821203210240', '977896124416', '2026-06-26T10:14:32Z'],
    'containerfs.inodesFree': ['59206606', '60710912', '2026-06-26T10:14:32Z'],
    'pid.available': ['61825', '62639', '2026-06-26T10:14:40Z'],
  },
  'otel-contrib-kubeletstats-minikube-2020-summary.json': {
    // workingSetBytes 1234567890 was edited upstream by the otel maintainers.
    'memory.available': ['2620624896', '3855192786', '2020-04-20T22:52:27Z'],
    'allocatableMemory.available': ['3640328192', '4031434752', '2020-04-20T22:52:27Z'],
    'nodefs.available': ['13717454848', '17361125376', '2020-04-20T22:52:27Z'],
    'nodefs.inodesFree': ['9725586', '9768928', '2020-04-20T22:52:27Z'],
    'imagefs.available': ['13717454848', '17361125376', '2020-04-20T22:52:27Z'],
    'imagefs.inodesFree': ['9725586', '9768928', '2020-04-20T22:52:27Z'],
    'pid.available': ['32330', '32768', '2020-04-20T22:52:28Z'],
  },
};

const BYTE_SIGNALS: ReadonlySet<Signal> = new Set([
  'memory.available',
  'allocatableMemory.available',
  'nodefs.available',
  'imagefs.available',
  'containerfs.available',
]);

function flatten(observations: Observations) {
  const out: Record<string, [string, string, number | undefined]> = {};
  for (const [signal, o] of observations) {
    out[signal] = [o.available.value().toString(), String(o.capacity?.value()), o.time];
  }
  return out;
}

describe('observe: every Summary fixture', () => {
  it('covers every fixture in the folder', () => {
    const names = Object.keys(EXPECTED).sort();
    expect(names).toHaveLength(8);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      const observations = observe(loadSummary(name));
      const want: Record<string, [string, string, number | undefined]> = {};
      for (const [signal, [available, capacity, time]] of Object.entries(expected)) {
        want[signal] = [available, capacity, time === undefined ? undefined : Date.parse(time)];
      }
      expect(flatten(observations)).toEqual(want);
      for (const [signal, o] of observations) {
        const format = BYTE_SIGNALS.has(signal) ? 'BinarySI' : 'DecimalSI';
        expect(o.available.format, signal).toBe(format);
        expect(o.capacity?.format, signal).toBe(format);
        // A missing time stays absent (Go's zero time), never `time: undefined`.
        if (o.time === undefined) expect('time' in o).toBe(false);
      }
    });
  }

  it('Windows rules: no windows-global-commit-memory container means no memory.available', () => {
    const observations = observe(
      loadSummary('datadog-integrations-core-eks-windows-2020-summary.json'),
      {
        os: 'windows',
      },
    );
    expect(observations.has('memory.available')).toBe(false);
    expect([...observations.keys()]).toEqual(['nodefs.available', 'imagefs.available']);
  });
});

describe('makeSignalObservations / statsFunc on real pods', () => {
  it('finds every 1.35 summary pod by the UID of the matching pod object', () => {
    const summary = loadSummary('newrelic-nri-kubernetes-k8s-1.35-summary.json');
    const podList = JSON.parse(
      readFileSync(
        new URL('../fixtures/pods/newrelic-nri-kubernetes-k8s-1.35-pods.json', import.meta.url),
        'utf8',
      ),
    ) as { items: Pod[] };
    const { statsFunc } = makeSignalObservations(summary);
    const found = podList.items.filter((pod) => statsFunc(pod) !== undefined);
    expect(found).toHaveLength(17);
    for (const pod of found) expect(statsFunc(pod)?.podRef.uid).toBe(pod.metadata?.uid);
    const kcm = statsFunc({ metadata: { uid: 'e9afcd8d3c942968802548f9a24d942a' } });
    expect(kcm?.podRef.name).toBe('kube-controller-manager-datagen-1-35');
    expect(kcm?.memory?.workingSetBytes).toBe(66478080);
  });
});

// Port of TestMakeSignalObservations (helpers_test.go).
describe('TestMakeSignalObservations', () => {
  const GiB = 1024 * 1024 * 1024;
  const summary: Summary = {
    node: {
      nodeName: 'node',
      memory: { availableBytes: GiB, workingSetBytes: GiB },
      runtime: {
        imageFs: {
          availableBytes: 1024 * 1024,
          capacityBytes: 1024 * 1024 * 2,
          inodesFree: 1024,
          inodes: 1024 * 1024,
        },
        containerFs: {
          availableBytes: 1024 * 1024 * 2,
          capacityBytes: 1024 * 1024 * 8,
          inodesFree: 1024 * 2,
          inodes: 1024 * 2,
        },
      },
      rlimit: { maxpid: 255816, curproc: 1000 },
      fs: { availableBytes: 1024, capacityBytes: 1024 * 2, inodesFree: 1024, inodes: 1024 * 1024 },
      systemContainers: [{ name: 'pods', memory: { availableBytes: GiB, workingSetBytes: GiB } }],
    },
    pods: [
      {
        podRef: { name: 'pod1', namespace: 'ns1', uid: 'uuid1' },
        memory: { workingSetBytes: GiB },
      },
      {
        podRef: { name: 'pod1', namespace: 'ns2', uid: 'uuid2' },
        memory: { workingSetBytes: GiB },
      },
      {
        podRef: { name: 'pod3', namespace: 'ns3', uid: 'uuid3' },
        memory: { workingSetBytes: GiB },
      },
    ],
  };

  it('derives every signal and a statsFunc that finds each pod', () => {
    const { observations, statsFunc } = makeSignalObservations(summary);
    expect(flatten(observations)).toEqual({
      'memory.available': [String(GiB), String(2 * GiB), undefined],
      'allocatableMemory.available': [String(GiB), String(2 * GiB), undefined],
      'nodefs.available': ['1024', '2048', undefined],
      'nodefs.inodesFree': ['1024', '1048576', undefined],
      'imagefs.available': ['1048576', '2097152', undefined],
      'imagefs.inodesFree': ['1024', '1048576', undefined],
      'containerfs.available': ['2097152', '8388608', undefined],
      'containerfs.inodesFree': ['2048', '2048', undefined],
      'pid.available': ['254816', '255816', undefined],
    });
    for (const uid of ['uuid1', 'uuid2', 'uuid3']) {
      expect(statsFunc({ metadata: { uid } })?.memory?.workingSetBytes).toBe(GiB);
    }
    expect(statsFunc({ metadata: { uid: 'nope' } })).toBeUndefined();
  });
});

describe('observe: missing statistics never fail', () => {
  const base = { nodeName: 'n' };
  const cases: Array<{ name: string; summary: Summary; signals: Signal[] }> = [
    { name: 'empty node', summary: { node: base, pods: [] }, signals: [] },
    {
      name: 'memory without workingSetBytes',
      summary: { node: { ...base, memory: { availableBytes: 5 } }, pods: [] },
      signals: [],
    },
    {
      name: 'no "pods" system container',
      summary: {
        node: {
          ...base,
          systemContainers: [
            { name: 'kubelet', memory: { availableBytes: 1, workingSetBytes: 1 } },
          ],
        },
        pods: [],
      },
      signals: [],
    },
    {
      name: 'fs with bytes only',
      summary: { node: { ...base, fs: { availableBytes: 1, capacityBytes: 2 } }, pods: [] },
      signals: ['nodefs.available'],
    },
    {
      name: 'fs with inodes only',
      summary: { node: { ...base, fs: { inodesFree: 1, inodes: 2 } }, pods: [] },
      signals: ['nodefs.inodesFree'],
    },
    {
      name: 'runtime without filesystems',
      summary: { node: { ...base, runtime: {} }, pods: [] },
      signals: [],
    },
    {
      name: 'rlimit without curproc',
      summary: { node: { ...base, rlimit: { maxpid: 10 } }, pods: [] },
      signals: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect([...observe(c.summary).keys()]).toEqual(c.signals);
    });
  }

  it('pid.available may be negative (curproc > maxpid)', () => {
    const o = observe({
      node: { ...base, rlimit: { maxpid: 100, curproc: 130, time: 5 } },
      pods: [],
    });
    const pid = o.get('pid.available');
    expect(pid?.available.value()).toBe(-30n);
    expect(pid?.capacity?.value()).toBe(100n);
    expect(pid?.time).toBe(5);
  });

  it('takes the first "pods" system container when the name repeats', () => {
    const o = observe({
      node: {
        ...base,
        systemContainers: [
          { name: 'pods', memory: { availableBytes: 1, workingSetBytes: 2 } },
          { name: 'pods', memory: { availableBytes: 7, workingSetBytes: 7 } },
        ],
      },
      pods: [],
    });
    expect(o.get('allocatableMemory.available')?.capacity?.value()).toBe(3n);
  });

  it('Windows: memory.available from the commit-memory container (available + usage)', () => {
    const summary: Summary = {
      node: {
        ...base,
        memory: { availableBytes: 1, workingSetBytes: 1 },
        systemContainers: [
          {
            name: 'windows-global-commit-memory',
            memory: { availableBytes: 1000, usageBytes: 24, workingSetBytes: 999, time: 42 },
          },
        ],
      },
      pods: [],
    };
    const mem = observe(summary, { os: 'windows' }).get('memory.available');
    expect(mem?.available.value()).toBe(1000n);
    expect(mem?.capacity?.value()).toBe(1024n);
    expect(mem?.time).toBe(42);
    expect(observe(summary).get('memory.available')?.capacity?.value()).toBe(2n);
  });
});

// helper.go computes availableBytes = limit − workingSet in uint64 and makeSignalObservations
// reads int64(available) and int64(available + workingSet): a working set above the limit is a
// negative available and the limit as capacity, however the Summary spells it.
describe('memory availableBytes below zero (working set above the limit)', () => {
  const withAvailable = (availableBytes: number | string) =>
    `{"node":{"nodeName":"n","memory":{"availableBytes":${availableBytes},"workingSetBytes":12288},` +
    `"systemContainers":[{"name":"pods","memory":{"availableBytes":${availableBytes},"workingSetBytes":12288}}]},"pods":[]}`;

  it.each([
    ['negative, as the Linux platform writes it', '-4096'],
    // exact as a double: memory figures are page multiples, and doubles below 2^64 step by 2048
    ['uint64-wrapped, as the kubelet serves it', (2n ** 64n - 4096n).toString()],
  ])('%s: available −4096, capacity 8192', (_, spelled) => {
    const obs = observe(parseSummary(withAvailable(spelled))._unsafeUnwrap());
    for (const signal of ['memory.available', 'allocatableMemory.available'] as const) {
      expect(obs.get(signal)?.available.value()).toBe(-4096n);
      expect(obs.get(signal)?.capacity?.value()).toBe(8192n);
    }
  });

  it('pod memory may carry a negative availableBytes too', () => {
    const text =
      '{"node":{"nodeName":"n"},"pods":[{"podRef":{"name":"p","namespace":"d","uid":"u"},' +
      '"memory":{"availableBytes":-5,"workingSetBytes":10},"containers":[{"name":"c","memory":{"availableBytes":-5}}]}]}';
    expect(parseSummary(text)._unsafeUnwrap().pods[0]?.memory?.availableBytes).toBe(-5);
  });
});

describe('parseSummary: counters beyond 2^53', () => {
  it('accepts them (approximately) instead of rejecting the whole Summary', () => {
    const text =
      '{"node":{"nodeName":"n","fs":{"availableBytes":1024,"capacityBytes":18446744073709551615}},' +
      '"pods":[{"podRef":{"name":"p","namespace":"d","uid":"u"},"volume":[{"name":"fuse","capacityBytes":18446744073709551615,"usedBytes":0}]}]}';
    const summary = parseSummary(text)._unsafeUnwrap();
    expect(summary.pods[0]?.volume?.[0]?.capacityBytes).toBe(2 ** 64);
    // makeSignalObservations reads it through int64(): the uint64 maximum is −1.
    expect(observe(summary).get('nodefs.available')?.capacity?.value()).toBe(-1n);
  });

  it('still rejects fractions and negative counts', () => {
    for (const fs of ['{"availableBytes":1.5}', '{"inodes":-1}']) {
      const text = `{"node":{"nodeName":"n","fs":${fs}},"pods":[]}`;
      expect(parseSummary(text).isErr()).toBe(true);
    }
  });
});

describe('observe: hand-built Summaries never make it throw', () => {
  const num = fc.oneof(
    fc.integer({ min: -1000, max: 2 ** 40 }),
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0.5),
  );
  const fs = fc.record(
    { availableBytes: num, capacityBytes: num, inodesFree: num, inodes: num, time: num },
    { requiredKeys: [] },
  );
  const memory = fc.record(
    { availableBytes: num, workingSetBytes: num, usageBytes: num, time: num },
    { requiredKeys: [] },
  );
  const node = fc.record(
    {
      memory,
      fs,
      runtime: fc.record({ imageFs: fs, containerFs: fs }, { requiredKeys: [] }),
      rlimit: fc.record({ maxpid: num, curproc: num, time: num }, { requiredKeys: [] }),
      systemContainers: fc.array(
        fc.record({
          name: fc.constantFrom('pods', 'windows-global-commit-memory', 'kubelet'),
          memory,
        }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  );
  it('any numbers, any shape, both OS rules', () => {
    fc.assert(
      fc.property(node, fc.constantFrom('linux' as const, 'windows' as const), (n, os) => {
        const summary = { node: { nodeName: 'n', ...n }, pods: [] } as Summary;
        for (const o of observe(summary, { os }).values()) {
          expect(typeof o.available.value()).toBe('bigint');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a fractional counter is truncated, a non-finite one is missing', () => {
    const o = observe({
      node: {
        nodeName: 'n',
        fs: { availableBytes: 10.9, capacityBytes: 20, inodesFree: Number.NaN, inodes: 5 },
      },
      pods: [],
    });
    expect(o.get('nodefs.available')?.available.value()).toBe(10n);
    expect(o.has('nodefs.inodesFree')).toBe(false);
  });
});

// makeSignalObservations (pkg/kubelet/eviction/helpers.go, v1.37) builds every observation with
// resource.NewQuantity(int64(*x), ...): the Summary's uint64 byte and inode figures (and the
// memory capacity sum, added in uint64 first) wrap to negative from 2^63 on; the rlimit figures
// are int64 already and pid.available is int64(maxpid) − int64(curproc).
describe('TestMakeSignalObservations: uint64 figures read through int64()', () => {
  const MAX_INT64 = 2n ** 63n - 1n;
  // JSON.parse rounds 2^63 − 1 (and its 511 neighbours below) up to 2^63; parseSummary keeps such
  // literals below the boundary instead, at the largest double under it.
  const BELOW_2_63 = 2n ** 63n - 1024n;
  const fsText = (field: string, value: string) =>
    `{"node":{"nodeName":"n","fs":{"availableBytes":1,"capacityBytes":2,"inodesFree":3,"inodes":4,${field}:${value}},` +
    `"runtime":{"imageFs":{"availableBytes":1,"capacityBytes":2,"inodesFree":3,"inodes":4,${field}:${value}},` +
    `"containerFs":{"availableBytes":1,"capacityBytes":2,"inodesFree":3,"inodes":4,${field}:${value}}}},"pods":[]}`;
  const fsSignals = [
    ['nodefs.available', 'nodefs.inodesFree'],
    ['imagefs.available', 'imagefs.inodesFree'],
    ['containerfs.available', 'containerfs.inodesFree'],
  ] as const;

  it.each([
    // name, JSON literal, what the kubelet observes, what evictkit observes
    ['2^53 + 1 (rounded by JSON.parse)', '9007199254740993', 2n ** 53n + 1n, 2n ** 53n],
    ['2^63 − 1024 (the largest double below 2^63)', BELOW_2_63.toString(), BELOW_2_63, BELOW_2_63],
    ['2^63 − 1 (math.MaxInt64)', MAX_INT64.toString(), MAX_INT64, BELOW_2_63],
    ['2^63', (2n ** 63n).toString(), -(2n ** 63n), -(2n ** 63n)],
    ['2^64 − 2048', (2n ** 64n - 2048n).toString(), -2048n, -2048n],
    ['2^64 − 1 (math.MaxUint64)', (2n ** 64n - 1n).toString(), -1n, -1n],
  ] as const)('%s', (_, literal, kubelet, ours) => {
    // Where JSON numbers cannot carry the exact figure, ours is the nearest on the same side of
    // the int64 boundary as the kubelet's.
    expect(ours < 0n).toBe(kubelet < 0n);
    for (const [field, index, inodes] of [
      ['"availableBytes"', 'available', false],
      ['"capacityBytes"', 'capacity', false],
      ['"inodesFree"', 'available', true],
      ['"inodes"', 'capacity', true],
    ] as const) {
      const obs = observe(parseSummary(fsText(field, literal))._unsafeUnwrap());
      for (const [bytes, inodeSignal] of fsSignals) {
        const o = obs.get(inodes ? inodeSignal : bytes);
        const q = index === 'available' ? o?.available : o?.capacity;
        expect([bytes, field, q?.value()]).toEqual([bytes, field, ours]);
        expect(q?.format).toBe(inodes ? 'DecimalSI' : 'BinarySI');
      }
    }
  });

  it.each([
    // available, working set → available, capacity (the sum wraps in uint64 first)
    [(2n ** 64n - 1n).toString(), '0', -1n, -1n],
    [(2n ** 64n - 1n).toString(), '4096', -1n, 4095n],
    [(2n ** 63n).toString(), '4096', -(2n ** 63n), -(2n ** 63n) + 4096n],
    [MAX_INT64.toString(), '4096', BELOW_2_63, -(2n ** 63n) + 3072n],
  ] as const)('memory: available %s, working set %s', (available, workingSet, a, c) => {
    const memory = `{"availableBytes":${available},"workingSetBytes":${workingSet}}`;
    const text = `{"node":{"nodeName":"n","memory":${memory},"systemContainers":[{"name":"pods","memory":${memory}}]},"pods":[]}`;
    const obs = observe(parseSummary(text)._unsafeUnwrap());
    for (const signal of ['memory.available', 'allocatableMemory.available'] as const) {
      expect([
        signal,
        obs.get(signal)?.available.value(),
        obs.get(signal)?.capacity?.value(),
      ]).toEqual([signal, a, c]);
    }
  });

  it.each([
    // maxpid, curproc → available, capacity
    [MAX_INT64.toString(), '0', BELOW_2_63, BELOW_2_63],
    ['4194304', '-9223372036854775808', -(2n ** 63n) + 4194304n, 4194304n],
    ['32768', '32769', -1n, 32768n],
  ] as const)('pid: maxpid %s, curproc %s', (maxpid, curproc, a, c) => {
    const text = `{"node":{"nodeName":"n","rlimit":{"maxpid":${maxpid},"curproc":${curproc}}},"pods":[]}`;
    const o = observe(parseSummary(text)._unsafeUnwrap()).get('pid.available');
    expect([o?.available.value(), o?.capacity?.value()]).toEqual([a, c]);
  });

  it('hand-built numbers convert the same way (2^63 and above wrap; 2^64 and above read as 2^64 − 1)', () => {
    const fs = (v: number) =>
      observe({ node: { nodeName: 'n', fs: { availableBytes: v, capacityBytes: v } }, pods: [] })
        .get('nodefs.available')
        ?.available.value();
    expect(fs(2 ** 63)).toBe(-(2n ** 63n));
    expect(fs(2 ** 64 - 2048)).toBe(-2048n);
    expect(fs(2 ** 64)).toBe(-1n);
    expect(fs(2 ** 70)).toBe(-1n);
    expect(fs(2 ** 62)).toBe(2n ** 62n);
  });

  it('parseSummary keeps strings, fractions and exponents as they are', () => {
    const text =
      '{"node":{"nodeName":"9223372036854775807","fs":{"availableBytes":9223372036854775807,"capacityBytes":1}},"pods":[]}';
    const summary = parseSummary(text)._unsafeUnwrap();
    expect(summary.node.nodeName).toBe('9223372036854775807');
    expect(summary.node.fs?.availableBytes).toBe(Number(BELOW_2_63));
    expect(
      parseSummary(text.replace('9223372036854775807,', '0.9223372036854775807,')).isErr(),
    ).toBe(true);
    const exponent = text.replace('9223372036854775807,', '1e-9223372036854775807,');
    expect(parseSummary(exponent)._unsafeUnwrap().node.fs?.availableBytes).toBe(0);
  });
});
