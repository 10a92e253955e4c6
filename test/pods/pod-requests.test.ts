import type { Container, ContainerStatus, PodCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { Pod, ResourceList } from '../../src/pods/pod';
import {
  aggregateContainerRequests,
  getResourceRequestQuantity,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  type PodResourcesOptions,
  podLimits,
  podRequests,
} from '../../src/pods/pod-requests';
import { q } from '../support/quantity';

// component-helpers resource/helpers_test.go and pkg/api/v1/resource GetResourceRequestQuantity.

/** Lists compare by resource names and exact quantity values (`Cmp`), not by spelling. */
function expectList(actual: ResourceList, expected: Record<string, string>): void {
  expect([...actual.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    const got = actual.get(name);
    expect(got?.cmp(q(value)), `${name}: ${got?.toString()} vs ${value}`).toBe(0);
  }
}

/** `getPod(name, podResources{...})` of the Go test. */
function getPod(r: {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  cpuOverhead?: string;
  memoryOverhead?: string;
}): Pod {
  const list = (cpu?: string, memory?: string) => ({
    ...(cpu ? { cpu } : {}),
    ...(memory ? { memory } : {}),
  });
  const overhead = list(r.cpuOverhead, r.memoryOverhead);
  return {
    metadata: { name: 'foo' },
    spec: {
      containers: [
        {
          name: 'foo',
          resources: {
            requests: list(r.cpuRequest, r.memoryRequest),
            limits: list(r.cpuLimit, r.memoryLimit),
          },
        },
      ],
      ...(Object.keys(overhead).length ? { overhead } : {}),
    },
  };
}

describe('TestPodRequestsAndLimits', () => {
  it.each([
    { name: 'just-limit-no-overhead', pod: getPod({ cpuLimit: '9' }), req: {}, lim: { cpu: '9' } },
    {
      name: 'just-overhead',
      pod: getPod({ cpuOverhead: '5', memoryOverhead: '5' }),
      req: { cpu: '5', memory: '5' },
      lim: {},
    },
    {
      name: 'req-and-overhead',
      pod: getPod({ cpuRequest: '1', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }),
      req: { cpu: '6', memory: '15' },
      lim: {},
    },
    {
      name: 'all-req-lim-and-overhead',
      pod: getPod({
        cpuRequest: '1',
        cpuLimit: '2',
        memoryRequest: '10',
        memoryLimit: '12',
        cpuOverhead: '5',
        memoryOverhead: '5',
      }),
      req: { cpu: '6', memory: '15' },
      lim: { cpu: '7', memory: '17' },
    },
    {
      name: 'req-some-lim-and-overhead',
      pod: getPod({
        cpuRequest: '1',
        cpuLimit: '2',
        memoryRequest: '10',
        cpuOverhead: '5',
        memoryOverhead: '5',
      }),
      req: { cpu: '6', memory: '15' },
      lim: { cpu: '7' },
    },
  ])('$name', ({ pod, req, lim }) => {
    expectList(podRequests(pod), req);
    expectList(podLimits(pod), lim);
  });
});

const c = (
  name: string,
  requests: Record<string, string>,
  limits: Record<string, string> = {},
  extra: Partial<Container> = {},
): Container => ({
  name,
  resources: { requests, limits },
  ...extra,
});
const always: Partial<Container> = { restartPolicy: 'Always' };

describe('TestPodRequestsAndLimitsWithoutOverhead', () => {
  const two = [
    c('foobar', { cpu: '1', memory: '5' }, { cpu: '2', memory: '10' }),
    c('foobar2', { cpu: '4', memory: '12' }, { cpu: '8', memory: '24' }),
  ];
  const overhead = { cpu: '3', memory: '8' };
  it.each([
    {
      name: 'two container no overhead - should just be sum of containers',
      pod: { spec: { containers: two } },
      req: { cpu: '5', memory: '17' },
      lim: { cpu: '10', memory: '34' },
    },
    {
      name: "two container with overhead - shouldn't consider overhead",
      pod: { spec: { overhead, containers: two } },
      req: { cpu: '5', memory: '17' },
      lim: { cpu: '10', memory: '34' },
    },
    {
      name: 'two container with overhead, massive init - should just be the largest init',
      pod: {
        spec: {
          overhead,
          containers: two,
          initContainers: [
            c('small-init', { cpu: '1', memory: '5' }, { cpu: '1', memory: '5' }),
            c('big-init', { cpu: '40', memory: '120' }, { cpu: '80', memory: '240' }),
          ],
        },
      },
      req: { cpu: '40', memory: '120' },
      lim: { cpu: '80', memory: '240' },
    },
  ])('$name', ({ pod, req, lim }) => {
    expectList(podRequests(pod, { excludeOverhead: true }), req);
    expectList(podLimits(pod, { excludeOverhead: true }), lim);
  });
});

const infeasible: PodCondition[] = [
  { type: 'PodResizePending', status: 'True', reason: 'Infeasible' },
];

describe('TestPodResourceRequests', () => {
  type Case = {
    name: string;
    options?: PodResourcesOptions;
    overhead?: Record<string, string>;
    conditions?: PodCondition[];
    initContainers?: Container[];
    initContainerStatuses?: ContainerStatus[];
    containers?: Container[];
    containerStatuses?: ContainerStatus[];
    expected: Record<string, string>;
  };
  const status = (
    name: string,
    requests?: Record<string, string>,
    allocated?: Record<string, string>,
  ): ContainerStatus =>
    ({
      name,
      ...(requests ? { resources: { requests } } : {}),
      ...(allocated ? { allocatedResources: allocated } : {}),
    }) as ContainerStatus;
  const cases: Case[] = [
    {
      name: 'nil options, larger init container',
      expected: { cpu: '4' },
      initContainers: [c('', { cpu: '4' })],
      containers: [c('', { cpu: '1' })],
    },
    {
      name: 'nil options, larger containers',
      expected: { cpu: '5' },
      initContainers: [c('', { cpu: '2' })],
      containers: [c('', { cpu: '2' }), c('', { cpu: '3' })],
    },
    {
      name: 'pod overhead excluded',
      expected: { cpu: '5' },
      options: { excludeOverhead: true },
      overhead: { cpu: '1' },
      initContainers: [c('', { cpu: '2' })],
      containers: [c('', { cpu: '2' }), c('', { cpu: '3' })],
    },
    {
      name: 'pod overhead included',
      expected: { cpu: '6', memory: '1Gi' },
      overhead: { cpu: '1', memory: '1Gi' },
      initContainers: [c('', { cpu: '2' }, { cpu: '2' })],
      containers: [c('', { cpu: '2' }), c('', { cpu: '3' })],
    },
    {
      name: 'resized, infeasible',
      expected: { cpu: '2' },
      conditions: infeasible,
      options: { useStatusResources: true },
      containers: [c('container-1', { cpu: '4' })],
      containerStatuses: [status('container-1', { cpu: '2' })],
    },
    {
      name: 'resized, infeasible & in-progress',
      expected: { cpu: '4' },
      conditions: infeasible,
      options: { useStatusResources: true },
      containers: [c('container-1', { cpu: '6' })],
      containerStatuses: [status('container-1', { cpu: '2' }, { cpu: '4' })],
    },
    {
      name: 'resized, no resize status',
      expected: { cpu: '4' },
      options: { useStatusResources: true },
      containers: [c('container-1', { cpu: '4' })],
      containerStatuses: [status('container-1', { cpu: '2' })],
    },
    {
      name: 'resized: per-resource 3-way maximum',
      expected: { cpu: '30m', memory: '30M', 'ephemeral-storage': '30G' },
      options: { useStatusResources: true },
      containers: [c('container-1', { cpu: '30m', memory: '20M', 'ephemeral-storage': '10G' })],
      containerStatuses: [
        status(
          'container-1',
          { cpu: '10m', memory: '30M', 'ephemeral-storage': '20G' },
          { cpu: '20m', memory: '10M', 'ephemeral-storage': '30G' },
        ),
      ],
    },
    {
      name: "resized, infeasible, but don't use status",
      expected: { cpu: '4' },
      conditions: infeasible,
      containers: [c('container-1', { cpu: '4' })],
      containerStatuses: [status('container-1', { cpu: '2' })],
    },
    {
      name: 'resized, restartable init container, infeasible',
      expected: { cpu: '2' },
      conditions: infeasible,
      options: { useStatusResources: true },
      initContainers: [c('restartable-init-1', { cpu: '4' }, {}, always)],
      initContainerStatuses: [status('restartable-init-1', { cpu: '2' })],
    },
    {
      name: 'resized, restartable init container, no resize status',
      expected: { cpu: '4' },
      options: { useStatusResources: true },
      initContainers: [c('restartable-init-1', { cpu: '4' }, {}, always)],
      initContainerStatuses: [status('restartable-init-1', { cpu: '2' })],
    },
    {
      name: "resized, restartable init container, infeasible, but don't use status",
      expected: { cpu: '4' },
      conditions: infeasible,
      initContainers: [c('restartable-init-1', { cpu: '4' }, {}, always)],
      initContainerStatuses: [status('restartable-init-1', { cpu: '2' })],
    },
    {
      name: 'restartable init container',
      expected: { cpu: '2' },
      initContainers: [c('restartable-init-1', { cpu: '1' }, {}, always)],
      containers: [c('container-1', { cpu: '1' })],
    },
    {
      name: 'multiple restartable init containers',
      // max(5, restartable init containers (3+2+1) + regular (1)) = 7
      expected: { cpu: '7' },
      initContainers: [
        c('init-1', { cpu: '5' }),
        c('restartable-init-1', { cpu: '1' }, {}, always),
        c('restartable-init-2', { cpu: '2' }, {}, always),
        c('restartable-init-3', { cpu: '3' }, {}, always),
      ],
      containers: [c('container-1', { cpu: '1' })],
    },
    {
      name: 'multiple restartable and regular init containers',
      // init-2 needs 5 + the sidecars started before it (1+2) = 8
      expected: { cpu: '8' },
      initContainers: [
        c('init-1', { cpu: '5' }),
        c('restartable-init-1', { cpu: '1' }, {}, always),
        c('restartable-init-2', { cpu: '2' }, {}, always),
        c('init-2', { cpu: '5' }),
        c('restartable-init-3', { cpu: '3' }, {}, always),
      ],
      containers: [c('container-1', { cpu: '1' })],
    },
    {
      name: 'restartable-init, init and regular',
      expected: { cpu: '210' },
      initContainers: [
        c('restartable-init-1', { cpu: '10' }, {}, always),
        c('init-1', { cpu: '200' }),
      ],
      containers: [c('container-1', { cpu: '100' })],
    },
    {
      name: 'aggregate request resolves max of sums instead of sum of maxes',
      expected: { cpu: '3' },
      options: { useStatusResources: true },
      containers: [c('c1', { cpu: '1' }), c('c2', { cpu: '2' })],
      containerStatuses: [
        status('c1', undefined, { cpu: '2' }),
        status('c2', undefined, { cpu: '1' }),
      ],
    },
  ];
  it.each(cases)('$name', (tc) => {
    const pod = {
      spec: {
        containers: tc.containers ?? [],
        ...(tc.initContainers ? { initContainers: tc.initContainers } : {}),
        ...(tc.overhead ? { overhead: tc.overhead } : {}),
      },
      status: {
        containerStatuses: tc.containerStatuses ?? [],
        initContainerStatuses: tc.initContainerStatuses ?? [],
        conditions: tc.conditions ?? [],
      },
    };
    expectList(podRequests(pod, tc.options), tc.expected);
  });
});

describe('TestPodResourceLimits (selection)', () => {
  it.each([
    {
      name: 'nil options, larger init container',
      pod: {
        spec: { initContainers: [c('', {}, { cpu: '4' })], containers: [c('', {}, { cpu: '1' })] },
      },
      expected: { cpu: '4' },
    },
    {
      name: 'pod overhead included',
      // Overhead is only added to non-zero limits: no memory limit appears.
      pod: {
        spec: {
          overhead: { cpu: '1', memory: '1Gi' },
          initContainers: [c('', {}, { cpu: '2' })],
          containers: [c('', {}, { cpu: '2' }), c('', {}, { cpu: '3' })],
        },
      },
      expected: { cpu: '6' },
    },
    {
      name: 'no limited containers should result in no limits for the pod',
      pod: { spec: { containers: [{ name: '' }] } },
      expected: {},
    },
    {
      name: "one limited and one unlimited container should result in the limited container's limits for the pod",
      pod: { spec: { containers: [c('', {}, { cpu: '2', memory: '2Gi' }), { name: '' }] } },
      expected: { cpu: '2', memory: '2Gi' },
    },
    {
      name: 'sidecar limits add up like requests',
      pod: {
        spec: {
          initContainers: [c('s', {}, { memory: '1Gi' }, always), c('i', {}, { memory: '2Gi' })],
          containers: [c('m', {}, { memory: '1Gi' })],
        },
      },
      expected: { memory: '3Gi' },
    },
  ])('$name', ({ pod, expected }) => {
    expectList(podLimits(pod), expected);
  });
});

describe('pod-level resources', () => {
  const pod = (
    resources: object,
    containers: Container[] = [c('a', { cpu: '1', memory: '1Gi', 'ephemeral-storage': '1Gi' })],
  ) => ({
    spec: { containers, resources, overhead: { memory: '10Mi' } },
  });
  it('isPodLevel*Set look only at supported resources (cpu, memory, hugepages-*)', () => {
    expect(isPodLevelResourcesSet(pod({ requests: { 'ephemeral-storage': '1Gi' } }))).toBe(false);
    expect(isPodLevelResourcesSet(pod({ limits: { 'hugepages-2Mi': '2Mi' } }))).toBe(true);
    expect(isPodLevelRequestsSet(pod({ limits: { cpu: '1' } }))).toBe(false);
    expect(isPodLevelLimitsSet(pod({ limits: { cpu: '1' } }))).toBe(true);
    expect(isPodLevelResourcesSet(pod({}))).toBe(false);
    expect(isPodLevelResourcesSet({ spec: { containers: [] } })).toBe(false);
  });
  it('pod-level requests replace the aggregate for their resources only', () => {
    expectList(podRequests(pod({ requests: { memory: '4Gi' } })), {
      cpu: '1',
      memory: '4106Mi',
      'ephemeral-storage': '1Gi',
    });
    expectList(
      podRequests(pod({ requests: { memory: '4Gi' } }), {
        skipPodLevelResources: true,
        excludeOverhead: true,
      }),
      {
        cpu: '1',
        memory: '1Gi',
        'ephemeral-storage': '1Gi',
      },
    );
  });
  it('pod-level limits apply when any pod-level resource is set', () => {
    expectList(podLimits(pod({ requests: { cpu: '2' } }, [c('a', {}, { cpu: '1' })])), {
      cpu: '1',
    });
    expectList(podLimits(pod({ limits: { cpu: '2' } }, [c('a', {}, { cpu: '1' })])), { cpu: '2' });
  });
  it('getResourceRequestQuantity: pod-level requests win, overhead only on a non-zero total', () => {
    const p = pod({ requests: { memory: '4Gi' } });
    expect(getResourceRequestQuantity(p, 'memory').cmp(q('4106Mi'))).toBe(0);
    // QUIRK: with pod-level resources set, container-level values are skipped entirely.
    expect(getResourceRequestQuantity(p, 'cpu').isZero()).toBe(true);
    expect(getResourceRequestQuantity(p, 'ephemeral-storage').isZero()).toBe(true);
    // With the gate off the containers count again (pod-level requests still override).
    const off = { featureGates: { PodLevelResources: false } };
    expect(getResourceRequestQuantity(p, 'cpu', off).cmp(q('1'))).toBe(0);
    expect(getResourceRequestQuantity(p, 'memory', off).cmp(q('4106Mi'))).toBe(0);
  });
  it('getResourceRequestQuantity QUIRK: pod-level limits without requests give a zero request', () => {
    const p = pod({ limits: { memory: '4Gi' } });
    expect(getResourceRequestQuantity(p, 'memory').isZero()).toBe(true);
  });
  it('getResourceRequestQuantity: zero-format by resource, missing resource is zero', () => {
    const none = { spec: { containers: [] } };
    expect(getResourceRequestQuantity(none, 'memory').format).toBe('BinarySI');
    expect(getResourceRequestQuantity(none, 'cpu').format).toBe('DecimalSI');
    expect(
      getResourceRequestQuantity(
        { spec: { containers: [], overhead: { memory: '1Gi' } } },
        'memory',
      ).isZero(),
    ).toBe(true);
  });
  it('getResourceRequestQuantity: sidecar-aware aggregation', () => {
    const p = {
      spec: {
        initContainers: [c('s', { memory: '100Mi' }, {}, always), c('big', { memory: '1Gi' })],
        containers: [c('m', { memory: '200Mi' })],
      },
    };
    expect(getResourceRequestQuantity(p, 'memory').cmp(q('1124Mi'))).toBe(0);
  });
});

describe('nonMissingContainerRequests', () => {
  it('fills in only resources a container does not name at all', () => {
    const pod = { spec: { containers: [c('a', { cpu: '0' }), c('b', {})] } };
    const defaults = new Map([
      ['cpu', q('100m')],
      ['memory', q('200Mi')],
    ]);
    expectList(aggregateContainerRequests(pod, { nonMissingContainerRequests: defaults }), {
      cpu: '100m',
      memory: '400Mi',
    });
  });
});
