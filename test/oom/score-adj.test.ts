import { fc, test as fcTest } from '@fast-check/vitest';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  BEST_EFFORT_OOM_SCORE_ADJ,
  explainOomScoreAdj,
  GUARANTEED_OOM_SCORE_ADJ,
  oomScoreAdj,
  tryOomScoreAdj,
} from '../../src/oom/score-adj';

// Mirrors pkg/kubelet/qos/policy_test.go TestGetContainerOOMScoreAdjust (v1.37), case for case.

const STANDARD = 8000000000;
const res = (requests?: Record<string, string>, limits?: Record<string, string>) => ({
  ...(requests ? { requests } : {}),
  ...(limits ? { limits } : {}),
});
const ctr = (name: string, resources = {}, restartPolicy?: string): Container => ({
  name,
  resources,
  ...(restartPolicy ? { restartPolicy } : {}),
});
const pod = (spec: Pod['spec'], status?: Pod['status'] | Record<string, unknown>): Pod =>
  ({ spec, ...(status ? { status } : {}) }) as Pod;

const defaultMemRequest = String(STANDARD / 8);
const defaultMemLimit = String(1000 + STANDARD / 8);
const defaultPodMemRequest = String(STANDARD / 4);
const defaultPodMemLimit = String(1000 + STANDARD / 4);

const sampleContainer = ctr(
  'main-1',
  res({ memory: defaultMemRequest }, { memory: defaultMemLimit }),
);
const sampleInit = ctr(
  'init-container',
  res({ memory: defaultMemRequest }, { memory: defaultMemLimit }),
);
const sampleSidecar = ctr(
  'sidecar-container',
  res({ memory: defaultMemRequest }, { memory: defaultMemLimit }),
  'Always',
);
const smallSidecar = ctr(
  'sidecar-small-container',
  res({ memory: String(STANDARD / 20) }, { memory: defaultMemLimit }),
  'Always',
);
const bigSidecar = ctr(
  'sidecar-big-container',
  res({ memory: String(STANDARD / 2) }, { memory: defaultMemLimit }),
  'Always',
);
const podLevel = (memRequest: string, memLimit: string) =>
  res({ cpu: '5m', memory: memRequest }, { cpu: '5m', memory: memLimit });
const guaranteedCtr = (name: string) =>
  ctr(
    name,
    res({ cpu: '5m', memory: defaultMemRequest }, { cpu: '5m', memory: defaultMemRequest }),
  );

interface DraAlloc {
  containers: string[];
  mapping?: string;
  perContainerOverhead?: string;
  perPodOverhead?: string;
}
function draPod(p: {
  c1: string;
  c2?: string;
  sidecar?: string;
  podLevel?: string;
  dra?: DraAlloc;
}): Pod {
  const containers = [ctr('c1', res({ memory: p.c1 }))];
  if (p.c2) containers.push(ctr('c2', res({ memory: p.c2 })));
  const spec: Pod['spec'] = { containers };
  if (p.sidecar) spec.initContainers = [ctr('s1', res({ memory: p.sidecar }), 'Always')];
  if (p.podLevel)
    (spec as unknown as Record<string, unknown>).resources = res({ memory: p.podLevel });
  if (!p.dra) return pod(spec);
  const overhead: Record<string, string>[] = [];
  if (p.dra.perContainerOverhead)
    overhead.push({ name: 'memory', perContainer: p.dra.perContainerOverhead });
  if (p.dra.perPodOverhead) overhead.push({ name: 'memory', perPod: p.dra.perPodOverhead });
  const claim = {
    resourceClaimName: 'dra-claim',
    containers: p.dra.containers,
    ...(p.dra.mapping ? { mapping: [{ name: 'memory', quantity: p.dra.mapping }] } : {}),
    overhead,
  };
  return pod(spec, { nodeAllocatableResourceClaimStatuses: [claim] });
}

interface Case {
  pod: Pod;
  capacity: number;
  expected: Record<string, [number, number]>;
  podLevelResources?: boolean;
  dra?: boolean;
}

const cases: Record<string, Case> = {
  'cpu-limit': {
    pod: pod({ containers: [ctr('cpu-limit', res(undefined, { cpu: '10' }))] }),
    capacity: 4000000000,
    expected: { 'cpu-limit': [999, 999] },
  },
  'memory-limit-cpu-request': {
    pod: pod({
      containers: [ctr('memory-limit-cpu-request', res({ cpu: '0' }, { memory: '10G' }))],
    }),
    capacity: 8000000000,
    expected: { 'memory-limit-cpu-request': [999, 999] },
  },
  'zero-memory-limit': {
    pod: pod({ containers: [ctr('zero-memory-limit', res(undefined, { memory: '0' }))] }),
    capacity: 7230457451,
    expected: { 'zero-memory-limit': [1000, 1000] },
  },
  'no-request-limit': {
    pod: pod({ containers: [ctr('no-request-limit')] }),
    capacity: 4000000000,
    expected: { 'no-request-limit': [1000, 1000] },
  },
  'equal-request-limit-cpu-memory': {
    pod: pod({
      containers: [
        ctr(
          'equal-request-limit-cpu-memory',
          res({ memory: '10G', cpu: '5m' }, { cpu: '5m', memory: '10G' }),
        ),
      ],
    }),
    capacity: 123456789,
    expected: { 'equal-request-limit-cpu-memory': [-997, -997] },
  },
  'cpu-unlimited-memory-limited-with-requests': {
    pod: pod({
      containers: [
        ctr(
          'cpu-unlimited-memory-limited-with-requests',
          res({ memory: String(STANDARD / 2), cpu: '5m' }, { memory: '10G' }),
        ),
      ],
    }),
    capacity: STANDARD,
    expected: { 'cpu-unlimited-memory-limited-with-requests': [495, 505] },
  },
  'request-no-limit': {
    pod: pod({
      containers: [ctr('request-no-limit', res({ memory: String(STANDARD - 1), cpu: '5m' }))],
    }),
    capacity: STANDARD,
    expected: { 'request-no-limit': [3, 3] },
  },
  'cluster-critical': {
    pod: pod({
      priorityClassName: 'system-cluster-critical',
      priority: 2000000000,
      containers: [ctr('cluster-critical')],
    }),
    capacity: 4000000000,
    expected: { 'cluster-critical': [1000, 1000] },
  },
  'node-critical': {
    pod: pod({
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      containers: [ctr('node-critical')],
    }),
    capacity: 4000000000,
    expected: { 'node-critical': [-997, -997] },
  },
  'burstable-unique-container-pod': {
    pod: pod({
      containers: [
        ctr(
          'burstable-unique-container',
          res({ memory: defaultMemRequest }, { memory: defaultMemLimit }),
        ),
      ],
    }),
    capacity: STANDARD,
    expected: { 'burstable-unique-container': [875, 880] },
  },
  'burstable-mixed-unique-main-container-pod': {
    pod: pod({ initContainers: [sampleInit], containers: [sampleContainer] }),
    capacity: STANDARD,
    expected: { 'init-container': [875, 880], 'main-1': [875, 880] },
  },
  'burstable-mixed-multi-container-small-sidecar-pod': {
    pod: pod({ initContainers: [sampleInit, smallSidecar], containers: [sampleContainer] }),
    capacity: STANDARD,
    expected: {
      'init-container': [875, 880],
      'sidecar-small-container': [875, 875],
      'main-1': [875, 875],
    },
  },
  'burstable-mixed-multi-container-sample-request-pod': {
    pod: pod({ initContainers: [sampleInit, sampleSidecar], containers: [sampleContainer] }),
    capacity: STANDARD,
    expected: {
      'init-container': [875, 880],
      'sidecar-container': [875, 875],
      'main-1': [875, 875],
    },
  },
  'burstable-mixed-multi-container-big-sidecar-container-pod': {
    pod: pod({ initContainers: [sampleInit, bigSidecar], containers: [sampleContainer] }),
    capacity: STANDARD,
    expected: {
      'init-container': [875, 880],
      'sidecar-big-container': [500, 500],
      'main-1': [875, 875],
    },
  },
  'guaranteed-pod-resources-no-container-resources': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemRequest),
      containers: [ctr('no-request-limit-1'), ctr('no-request-limit-2')],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'no-request-limit-1': [-997, -997], 'no-request-limit-2': [-997, -997] },
  },
  'guaranteed-pod-resources-equal-container-resources': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemRequest),
      containers: [
        guaranteedCtr('guaranteed-container-1'),
        guaranteedCtr('guaranteed-container-2'),
      ],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'guaranteed-container-1': [-997, -997], 'guaranteed-container-2': [-997, -997] },
  },
  'guaranteed-pod-resources-unequal-container-requests': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemRequest),
      containers: [
        ctr(
          'burstable-container',
          res({ cpu: '3m', memory: defaultMemRequest }, { cpu: '5m', memory: defaultMemLimit }),
        ),
        ctr('best-effort-container'),
      ],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'burstable-container': [-997, -997], 'best-effort-container': [-997, -997] },
  },
  'burstable-pod-resources-no-container-resources': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemLimit),
      containers: [ctr('no-request-limit-1'), ctr('no-request-limit-2')],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'no-request-limit-1': [750, 750], 'no-request-limit-2': [750, 750] },
  },
  'burstable-pod-resources-equal-container-requests': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemLimit),
      containers: [
        guaranteedCtr('guaranteed-container-1'),
        guaranteedCtr('guaranteed-container-2'),
      ],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'guaranteed-container-1': [750, 750], 'guaranteed-container-2': [750, 750] },
  },
  'burstable-pod-resources-unequal-container-requests': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemLimit),
      containers: [
        ctr(
          'burstable-container',
          res({ cpu: '3m', memory: defaultMemRequest }, { cpu: '5m', memory: defaultMemRequest }),
        ),
        ctr('best-effort-container'),
      ],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'burstable-container': [625, 625], 'best-effort-container': [875, 875] },
  },
  'burstable-pod-resources-no-container-resources-with-sidecar': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemLimit),
      containers: [ctr('no-request-limit')],
      initContainers: [ctr('no-request-limit-sidecar', {}, 'Always')],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'no-request-limit': [750, 750], 'no-request-limit-sidecar': [750, 750] },
  },
  'burstable-pod-resources-equal-container-requests-with-sidecar': {
    pod: pod({
      resources: podLevel(defaultPodMemRequest, defaultPodMemLimit),
      containers: [
        ctr(
          'burstable-container',
          res({ cpu: '5m', memory: defaultMemRequest }, { cpu: '5m', memory: defaultMemLimit }),
        ),
      ],
      initContainers: [
        ctr(
          'burstable-sidecar',
          res({ cpu: '5m', memory: defaultMemRequest }, { cpu: '5m', memory: defaultMemLimit }),
          'Always',
        ),
      ],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: { 'burstable-container': [750, 750], 'burstable-sidecar': [750, 750] },
  },
  'burstable-pod-resources-unequal-container-requests-with-sidecar': {
    pod: pod({
      resources: podLevel('2000000000', defaultPodMemLimit),
      containers: [
        ctr(
          'burstable-container-1',
          res({ cpu: '5m', memory: '1000000000' }, { cpu: '5m', memory: defaultPodMemLimit }),
        ),
        ctr(
          'burstable-container-2',
          res({ cpu: '5m', memory: '500000000' }, { cpu: '5m', memory: defaultPodMemLimit }),
        ),
      ],
      initContainers: [
        ctr(
          'burstable-sidecar',
          res({ cpu: '5m', memory: '200000000' }, { cpu: '5m', memory: defaultPodMemLimit }),
          'Always',
        ),
      ],
    } as Pod['spec']),
    capacity: 4000000000,
    podLevelResources: true,
    expected: {
      'burstable-container-1': [725, 725],
      'burstable-container-2': [850, 850],
      'burstable-sidecar': [850, 850],
    },
  },
  'burstable-pod-with-dra-disabled': {
    pod: draPod({ c1: '500Mi', dra: { containers: ['c1'], perContainerOverhead: '500Mi' } }),
    capacity: 4000000000,
    dra: false,
    expected: { c1: [869, 869] },
  },
  'burstable-pod-with-dra-enabled': {
    pod: draPod({ c1: '500Mi', dra: { containers: ['c1'], perContainerOverhead: '500Mi' } }),
    capacity: 4000000000,
    dra: true,
    expected: { c1: [738, 738] },
  },
  'burstable-pod-with-shared-dra-claim': {
    pod: draPod({
      c1: '500Mi',
      c2: '500Mi',
      dra: { containers: ['c1', 'c2'], perPodOverhead: '1000Mi' },
    }),
    capacity: 4000000000,
    dra: true,
    expected: { c1: [738, 738], c2: [738, 738] },
  },
  'burstable-pod-with-plr-and-dra-claim': {
    pod: draPod({
      c1: '1Gi',
      podLevel: '5Gi',
      dra: { containers: ['c1'], perContainerOverhead: '2Gi' },
    }),
    capacity: 8000000000,
    podLevelResources: true,
    dra: true,
    expected: { c1: [329, 329] },
  },
  'burstable-pod-with-plr-and-shared-dra-claim': {
    pod: draPod({
      c1: '1Gi',
      c2: '1Gi',
      podLevel: '6Gi',
      dra: { containers: ['c1', 'c2'], perPodOverhead: '2Gi' },
    }),
    capacity: 8000000000,
    podLevelResources: true,
    dra: true,
    expected: { c1: [598, 598], c2: [598, 598] },
  },
  'burstable-pod-with-dra-direct-device': {
    pod: draPod({ c1: '500Mi', dra: { containers: ['c1'], mapping: '500Mi' } }),
    capacity: 4000000000,
    dra: true,
    expected: { c1: [738, 738] },
  },
  'burstable-pod-with-combined-dra-direct-and-overhead-device': {
    pod: draPod({
      c1: '500Mi',
      dra: {
        containers: ['c1'],
        mapping: '500Mi',
        perContainerOverhead: '300Mi',
        perPodOverhead: '200Mi',
      },
    }),
    capacity: 4000000000,
    dra: true,
    expected: { c1: [607, 607] },
  },
  'burstable-pod-with-sidecar-and-dra-enabled': {
    pod: draPod({
      c1: '500Mi',
      sidecar: '200Mi',
      dra: { containers: ['c1'], perContainerOverhead: '500Mi' },
    }),
    capacity: 4000000000,
    dra: true,
    expected: { c1: [738, 738], s1: [738, 738] },
  },
};

describe('TestGetContainerOOMScoreAdjust', () => {
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const featureGates = {
        PodLevelResources: tc.podLevelResources ?? false,
        DRANodeAllocatableResources: tc.dra ?? false,
      };
      const all = [...(tc.pod.spec?.initContainers ?? []), ...(tc.pod.spec?.containers ?? [])];
      expect(all.map((c) => c.name).sort()).toEqual(Object.keys(tc.expected).sort());
      for (const container of all) {
        const got = oomScoreAdj(tc.pod, container, tc.capacity, { featureGates });
        const [low, high] = tc.expected[container.name]!;
        expect(got, container.name).toBeGreaterThanOrEqual(low);
        expect(got, container.name).toBeLessThanOrEqual(high);
      }
    });
  }
});

describe('oomScoreAdj details', () => {
  it('uses v1.37 gate defaults: pod-level resources on, DRA off', () => {
    expect(
      oomScoreAdj(
        cases['burstable-pod-resources-unequal-container-requests']!.pod,
        ctr('best-effort-container'),
        4000000000,
      ),
    ).toBe(875);
    const dra = cases['burstable-pod-with-dra-enabled']!.pod;
    expect(oomScoreAdj(dra, dra.spec!.containers[0]!, 4000000000)).toBe(869);
  });

  it('explains the Burstable arithmetic', () => {
    const tc = cases['burstable-mixed-multi-container-big-sidecar-container-pod']!;
    const r = explainOomScoreAdj(tc.pod, bigSidecar, STANDARD)._unsafeUnwrap();
    expect(r).toEqual({
      rule: 'burstable',
      value: 500,
      memoryRequestBytes: 4000000000n,
      podLevelShareBytes: 0n,
      linear: 500n,
      sidecarCap: 875n,
      clamped: 'none',
    });
  });

  it('clamps: 1000 becomes 999, below 3 becomes 3', () => {
    const p = pod({ containers: [ctr('c', res({ memory: '1' }, { memory: '2' }))] });
    expect(explainOomScoreAdj(p, p.spec!.containers[0]!, STANDARD)._unsafeUnwrap()).toMatchObject({
      value: 999,
      linear: 1000n,
      clamped: 'max',
    });
    const q = pod({ containers: [ctr('c', res({ memory: '16G' }))] });
    expect(explainOomScoreAdj(q, q.spec!.containers[0]!, STANDARD)._unsafeUnwrap()).toMatchObject({
      value: 3,
      linear: -1000n,
      clamped: 'min',
    });
  });

  it('clamp boundaries: exactly 2 becomes 3, exactly 3 and 999 stay', () => {
    const at = (request: string) => {
      const p = pod({ containers: [ctr('c', res({ memory: request }))] });
      return explainOomScoreAdj(p, p.spec!.containers[0]!, STANDARD)._unsafeUnwrap();
    };
    // 1000 - 1000 × 7984000000 / 8000000000 = 1000 - 998 = 2.
    expect(at('7984000000')).toMatchObject({ linear: 2n, value: 3, clamped: 'min' });
    expect(at('7976000000')).toMatchObject({ linear: 3n, value: 3, clamped: 'none' });
    expect(at('8000000')).toMatchObject({ linear: 999n, value: 999, clamped: 'none' });
    // 7999999 × 1000 / 8e9 truncates to 0: still 1000, so 999.
    expect(at('7999999')).toMatchObject({ linear: 1000n, value: 999, clamped: 'max' });
  });

  it('QUIRK: a pod-level memory request below its containers (API-invalid) goes above 1000', () => {
    // (100Mi - 1Gi) / 2 = -484442112 bytes each; the container without a request ends at
    // 1000 - trunc(-60.55) = 1060, which upstream returns as is (only < 3 and == 1000 clamp).
    const p = pod({
      containers: [ctr('big', res({ memory: '1Gi' })), ctr('none')],
      resources: res({ memory: '100Mi' }),
    } as Pod['spec']);
    expect(explainOomScoreAdj(p, p.spec!.containers[1]!, STANDARD)._unsafeUnwrap()).toMatchObject({
      podLevelShareBytes: -484442112n,
      value: 1060,
      clamped: 'none',
    });
  });

  it('a fractional memory request is rounded up (Quantity.Value)', () => {
    // 0.5 rounds up to 1 byte: 1000 - 1000/4 = 750 on a 4-byte node.
    const p = pod({ containers: [ctr('c', res({ memory: '500m' }, { memory: '1' }))] });
    expect(oomScoreAdj(p, p.spec!.containers[0]!, 4)).toBe(750);
  });

  it('reports the inputs on which the kubelet would crash', () => {
    const p = pod({ containers: [ctr('c', res({ memory: '1Gi' }))] });
    expect(tryOomScoreAdj(p, p.spec!.containers[0]!, 0)._unsafeUnwrapErr().code).toBe(
      'invalid-memory-capacity',
    );
    expect(oomScoreAdj(p, p.spec!.containers[0]!, 0)).toBeNaN();
    // Guaranteed and BestEffort never divide, so any capacity is fine there.
    expect(oomScoreAdj(pod({ containers: [ctr('c')] }), ctr('c'), 0)).toBe(
      BEST_EFFORT_OOM_SCORE_ADJ,
    );
    const lonely = pod({
      containers: [],
      initContainers: [ctr('s', res({ memory: '1Gi' }), 'Always')],
    });
    expect(
      tryOomScoreAdj(lonely, lonely.spec!.initContainers![0]!, STANDARD)._unsafeUnwrapErr().code,
    ).toBe('sidecar-without-containers');
    // remainingPodMemReqPerContainer divides by the number of containers: zero here.
    const empty = pod({ containers: [], resources: res({ memory: '1Gi' }) } as Pod['spec']);
    for (const featureGates of [{}, { DRANodeAllocatableResources: true }]) {
      const r = tryOomScoreAdj(empty, ctr('x', res({ memory: '1Mi' })), STANDARD, {
        featureGates,
      });
      expect(r._unsafeUnwrapErr().code).toBe('pod-without-containers');
      expect(oomScoreAdj(empty, ctr('x'), STANDARD, { featureGates })).toBeNaN();
    }
    // Without a pod-level memory request nothing is shared, so nothing divides.
    const cpuOnly = pod({ containers: [], resources: res({ cpu: '1' }) } as Pod['spec']);
    expect(oomScoreAdj(cpuOnly, ctr('x', res({ memory: String(STANDARD / 2) })), STANDARD)).toBe(
      500,
    );
  });

  it('a restartPolicy Always container that is not an init container is not capped', () => {
    const p = pod({ containers: [ctr('main', res({ memory: '100' }))] });
    expect(
      oomScoreAdj(p, ctr('ghost', res({ memory: String(STANDARD / 2) }), 'Always'), STANDARD),
    ).toBe(500);
  });
});

const capacityArb = fc.integer({ min: 1, max: 2 ** 50 });
const burstablePod = (requestBytes: number) =>
  pod({ containers: [ctr('c', res({ memory: String(requestBytes) }))] });

describe('oomScoreAdj properties', () => {
  fcTest.prop(
    [capacityArb, fc.integer({ min: 1, max: 2 ** 52 }), fc.integer({ min: 1, max: 2 ** 40 })],
    {
      numRuns: 500,
    },
  )('Guaranteed < Burstable < BestEffort at the same capacity', (capacity, request, extra) => {
    const guaranteed = pod({
      containers: [
        ctr(
          'c',
          res(
            { cpu: '1', memory: String(request + extra) },
            { cpu: '1', memory: String(request + extra) },
          ),
        ),
      ],
    });
    const bestEffort = pod({ containers: [ctr('c')] });
    const g = oomScoreAdj(guaranteed, guaranteed.spec!.containers[0]!, capacity);
    const b = oomScoreAdj(
      burstablePod(request),
      burstablePod(request).spec!.containers[0]!,
      capacity,
    );
    const e = oomScoreAdj(bestEffort, bestEffort.spec!.containers[0]!, capacity);
    expect(g).toBe(GUARANTEED_OOM_SCORE_ADJ);
    expect(e).toBe(BEST_EFFORT_OOM_SCORE_ADJ);
    expect(g < b && b < e).toBe(true);
  });

  fcTest.prop([capacityArb, fc.integer({ min: 1, max: 2 ** 52 })], { numRuns: 500 })(
    'Burstable is always within [3, 999]',
    (capacity, request) => {
      const p = burstablePod(request);
      const v = oomScoreAdj(p, p.spec!.containers[0]!, capacity);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(999);
    },
  );

  fcTest.prop([capacityArb, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -2, max: 2 })], {
    numRuns: 500,
  })('Burstable is within [3, 999] at the clamp boundaries too', (capacity, permille, delta) => {
    // Requests at and around each whole adj point, where the clamps and truncation bite.
    const request = Math.max(1, Math.floor((capacity * permille) / 1000) + delta);
    const p = burstablePod(request);
    const v = oomScoreAdj(p, p.spec!.containers[0]!, capacity);
    expect(v).toBeGreaterThanOrEqual(3);
    expect(v).toBeLessThanOrEqual(999);
  });

  fcTest.prop(
    [capacityArb, fc.integer({ min: 1, max: 2 ** 52 }), fc.integer({ min: 1, max: 2 ** 52 })],
    {
      numRuns: 500,
    },
  )('Burstable is non-increasing in the memory request', (capacity, a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const pl = burstablePod(lo);
    const ph = burstablePod(hi);
    expect(oomScoreAdj(pl, pl.spec!.containers[0]!, capacity)).toBeGreaterThanOrEqual(
      oomScoreAdj(ph, ph.spec!.containers[0]!, capacity),
    );
  });

  fcTest.prop(
    [capacityArb, fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 })],
    { numRuns: 300 },
  )('a sidecar never scores above the smallest regular container', (capacity, sidecar, regular) => {
    const p = pod({
      containers: [ctr('main', res({ memory: String(regular) }))],
      initContainers: [ctr('side', res({ memory: String(sidecar) }), 'Always')],
    });
    const s = oomScoreAdj(p, p.spec!.initContainers![0]!, capacity);
    const m = oomScoreAdj(p, p.spec!.containers[0]!, capacity);
    expect(s).toBeLessThanOrEqual(m);
  });
});
