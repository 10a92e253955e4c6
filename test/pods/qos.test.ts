import { readdirSync, readFileSync } from 'node:fs';
import type { Container, ResourceRequirements } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import { computeQosClass, type QOSClass, qosClass } from '../../src/pods/qos';

const rl = (cpu = '', memory = '') => ({
  ...(cpu ? { cpu } : {}),
  ...(memory ? { memory } : {}),
});
const container = (name: string, requests = {}, limits = {}): Container => ({
  name,
  resources: { requests, limits },
});
const podOf = (
  name: string,
  containers: Container[],
  extra: Partial<NonNullable<Pod['spec']>> = {},
): Pod => ({
  metadata: { name },
  spec: { containers, ...extra } as NonNullable<Pod['spec']>,
});
const plr = (enabled: boolean) => ({ featureGates: { PodLevelResources: enabled } });

// qos_test.go TestComputePodQOS, the named table (1.32–1.36 shape of the test).
describe('TestComputePodQOS (named cases)', () => {
  const cases: Array<{ name: string; pod: Pod; expected: QOSClass; plr?: boolean }> = [
    {
      name: 'Single Guaranteed Container',
      pod: podOf('guaranteed', [container('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi'))]),
      expected: 'Guaranteed',
    },
    {
      name: 'Two Guaranteed Containers',
      pod: podOf('guaranteed-guaranteed', [
        container('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
        container('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ]),
      expected: 'Guaranteed',
    },
    {
      name: 'Two BestEffort Containers',
      pod: podOf('best-effort-best-effort', [container('best-effort'), container('best-effort')]),
      expected: 'BestEffort',
    },
    {
      name: 'Single BestEffort Container',
      pod: podOf('best-effort', [container('best-effort')]),
      expected: 'BestEffort',
    },
    {
      name: 'BestEffort and Burstable Containers',
      pod: podOf('best-effort-burstable', [
        container('best-effort'),
        container('burstable', rl('1'), rl('2')),
      ]),
      expected: 'Burstable',
    },
    {
      name: 'BestEffort and Guaranteed Containers',
      pod: podOf('best-effort-guaranteed', [
        container('best-effort'),
        container('guaranteed', rl('10m', '100Mi'), rl('10m', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      name: 'Burstable CPU, Guaranteed Memory',
      pod: podOf('burstable-cpu-guaranteed-memory', [
        container('burstable', rl('', '100Mi'), rl('', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      name: 'Burstable Without Limits',
      pod: podOf('burstable-no-limits', [container('burstable', rl('100m', '100Mi'))]),
      expected: 'Burstable',
    },
    {
      name: 'Burstable and Guaranteed Containers',
      pod: podOf('burstable-guaranteed', [
        container('burstable', rl('1', '100Mi'), rl('2', '100Mi')),
        container('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      name: 'Burstable Containers With Unbounded But Requests Match Limits',
      pod: podOf('burstable-unbounded-but-requests-match-limits', [
        container('burstable', rl('100m', '100Mi'), rl('200m', '200Mi')),
        container('burstable-unbounded', rl('100m', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      name: 'Burstable Container 1',
      pod: podOf('burstable-1', [container('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))]),
      expected: 'Burstable',
    },
    {
      name: 'Burstable Container 2',
      pod: podOf('burstable-2', [container('burstable', rl('0', '0'), rl('100m', '200Mi'))]),
      expected: 'Burstable',
    },
    {
      name: 'BestEffort Container With HugePages',
      pod: podOf('best-effort-hugepages', [
        container(
          'best-effort',
          { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' },
          { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' },
        ),
      ]),
      expected: 'BestEffort',
    },
    {
      name: 'Init Container with BestEffort Main and Burstable Init',
      pod: podOf('init-container', [container('best-effort')], {
        initContainers: [container('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))],
      }),
      expected: 'Burstable',
    },
    {
      name: 'Guaranteed Pod-Level Resources',
      pod: podOf('guaranteed-with-pod-level-resources', [container('best-effort')], {
        resources: { requests: rl('10m', '100Mi'), limits: rl('10m', '100Mi') },
      }),
      expected: 'Guaranteed',
      plr: true,
    },
    {
      name: 'Guaranteed Pod and Container-Level Resources',
      pod: podOf(
        'guaranteed-with-pod-and-container-level-resources',
        [container('burstable', rl('3m', '10Mi'), rl('5m', '20Mi'))],
        { resources: { requests: rl('10m', '100Mi'), limits: rl('10m', '100Mi') } },
      ),
      expected: 'Guaranteed',
      plr: true,
    },
    {
      name: 'Burstable Pod-Level Resources',
      pod: podOf('burstable-with-pod-level-resources', [container('best-effort')], {
        resources: { requests: rl('10m', '10Mi'), limits: rl('20m', '50Mi') },
      }),
      expected: 'Burstable',
      plr: true,
    },
    {
      name: 'Burstable Pod and Container-Level Resources',
      pod: podOf(
        'burstable-with-pod-and-container-level-resources',
        [container('burstable', rl('5m', '10Mi'), rl('5m', '10Mi'))],
        { resources: { requests: rl('10m', '10Mi'), limits: rl('20m', '50Mi') } },
      ),
      expected: 'Burstable',
      plr: true,
    },
    {
      name: 'Burstable Pod and Container-Level Requests',
      pod: podOf(
        'burstable-with-pod-and-container-level-requests',
        [container('burstable', rl('5m', '10Mi'))],
        { resources: { requests: rl('10m', '10Mi'), limits: {} } },
      ),
      expected: 'Burstable',
      plr: true,
    },
    {
      name: 'Burstable Pod and Container-Level Resources 2',
      pod: podOf(
        'burstable-with-pod-and-container-level-resources-2',
        [
          container('burstable', rl('5m', '10Mi')),
          container('guaranteed', rl('5m', '10Mi'), rl('5m', '10Mi')),
        ],
        { resources: { requests: rl('10m', '10Mi'), limits: rl('5m', '') } },
      ),
      expected: 'Burstable',
      plr: true,
    },
  ];
  it.each(cases)('$name', ({ pod, expected, plr: enabled = false }) => {
    expect(computeQosClass(pod, plr(enabled))).toBe(expected);
  });
});

// qos_test.go TestComputePodQOS, the generated matrix of the newest version of the test.
describe('TestComputePodQOS (generated matrix)', () => {
  const guaranteed: ResourceRequirements = {
    // An ephemeral-storage request must not affect QoS.
    requests: { cpu: '100m', memory: '100Mi', 'ephemeral-storage': '10Gi' },
    limits: rl('100m', '100Mi'),
  };
  const bestEffort: ResourceRequirements[] = [
    {},
    { requests: rl('0', '0') },
    { requests: { 'ephemeral-storage': '10Gi' } },
  ];
  const burstable: ResourceRequirements[] = [
    { requests: rl('100m', '100Mi'), limits: rl('200m', '200Mi') },
    { requests: rl('100m', '100Mi'), limits: rl('100m', '200Mi') },
    { requests: rl('100m', '100Mi'), limits: rl('200m', '100Mi') },
    { requests: rl('100m', '100Mi') },
    { requests: rl('100m', '100Mi'), limits: { cpu: '100m' } },
  ];
  type Case = { pod: Pod; expected: QOSClass; plr: boolean };
  const withResources = (name: string, resources: ResourceRequirements[]): Pod =>
    podOf(
      name,
      resources.map((r) => ({ name, resources: r })),
    );
  const single: Case[] = [
    { pod: withResources('guaranteed', [guaranteed]), expected: 'Guaranteed', plr: false },
    ...bestEffort.map((r, i) => ({
      pod: withResources(`best-effort-${i}`, [r]),
      expected: 'BestEffort' as const,
      plr: false,
    })),
    ...burstable.map((r, i) => ({
      pod: withResources(`burstable-${i}`, [r]),
      expected: 'Burstable' as const,
      plr: false,
    })),
  ];
  const second: Case[] = [
    {
      pod: withResources('2c-guaranteed', [guaranteed, guaranteed]),
      expected: 'Guaranteed',
      plr: false,
    },
    {
      pod: withResources('2c-best-effort', [bestEffort[0]!, bestEffort[1]!]),
      expected: 'BestEffort',
      plr: false,
    },
    {
      pod: withResources('2c-burstable', [burstable[0]!, burstable[1]!]),
      expected: 'Burstable',
      plr: false,
    },
  ];
  const first = [guaranteed, bestEffort[0]!, burstable[0]!];
  const other = [guaranteed, bestEffort[1]!, burstable[1]!];
  first.forEach((a, i) => {
    other.forEach((b, j) => {
      if (i !== j) {
        second.push({
          pod: withResources(`2c-mixed-burstable-${i}-${j}`, [a, b]),
          expected: 'Burstable',
          plr: false,
        });
      }
    });
  });
  const containerTests = [...single, ...second];
  // Whether the second container is an init container does not matter.
  for (const tc of second) {
    const [c0, ...rest] = tc.pod.spec!.containers;
    containerTests.push({
      ...tc,
      pod: {
        metadata: { name: `${tc.pod.metadata!.name}-init` },
        spec: { containers: [c0!], initContainers: rest },
      },
    });
  }
  const tests = [...containerTests];
  // The gate on, but no spec.resources: containers decide.
  for (const tc of containerTests) {
    tests.push({
      ...tc,
      pod: { ...tc.pod, metadata: { name: `${tc.pod.metadata!.name}-plr` } },
      plr: true,
    });
  }
  for (const tc of single) {
    // Variant 1: gate on, the pod-level requirements decide; containers are guaranteed.
    tests.push({
      pod: {
        metadata: { name: `pod-${tc.pod.metadata!.name}-plr` },
        spec: {
          resources: tc.pod.spec!.containers[0]!.resources!,
          containers: [{ name: 'c', resources: guaranteed }],
        },
      },
      expected: tc.expected,
      plr: true,
    });
    // Variant 2: gate off, a guaranteed pod-level requirement is ignored.
    tests.push({
      pod: {
        metadata: { name: `${tc.pod.metadata!.name}-pod-no-plr` },
        spec: { ...tc.pod.spec!, resources: guaranteed },
      },
      expected: tc.expected,
      plr: false,
    });
  }
  it.each(tests.map((t) => ({ ...t, name: t.pod.metadata!.name })))('$name', (tc) => {
    expect(computeQosClass(tc.pod, plr(tc.plr))).toBe(tc.expected);
  });
});

describe('qosClass (GetPodQOS)', () => {
  it('returns status.qosClass when set, without computing', () => {
    const pod: Pod = { ...podOf('p', [container('c')]), status: { qosClass: 'Guaranteed' } };
    expect(qosClass(pod)).toBe('Guaranteed');
    expect(computeQosClass(pod)).toBe('BestEffort');
  });
  it('computes when status.qosClass is empty or not a class', () => {
    const pod = podOf('p', [container('c', rl('1', '1Gi'), rl('1', '1Gi'))]);
    expect(qosClass({ ...pod, status: { qosClass: '' } })).toBe('Guaranteed');
    expect(qosClass({ ...pod, status: { qosClass: 'Platinum' } })).toBe('Guaranteed');
  });
  it('defaults PodLevelResources to on (beta, default true since 1.34)', () => {
    const pod = podOf('p', [container('c')], {
      resources: { requests: rl('1', '1Gi'), limits: rl('1', '1Gi') },
    });
    expect(qosClass(pod)).toBe('Guaranteed');
    expect(qosClass(pod, plr(false))).toBe('BestEffort');
  });
  it('spec.resources present but empty is BestEffort with the gate on (upstream checks != nil)', () => {
    const pod = podOf('p', [container('c', rl('1', '1Gi'), rl('1', '1Gi'))], { resources: {} });
    expect(qosClass(pod)).toBe('BestEffort');
  });
  it('limits only (no API defaulting) is Burstable; sidecars count like init containers', () => {
    expect(qosClass(podOf('p', [container('c', {}, rl('1', '1Gi'))]))).toBe('Burstable');
    const sidecar = { ...container('s'), restartPolicy: 'Always' };
    const pod = podOf('p', [container('c', rl('1', '1Gi'), rl('1', '1Gi'))], {
      initContainers: [sidecar],
    });
    expect(qosClass(pod)).toBe('Burstable');
  });
  it('ephemeral containers never count; no containers at all is BestEffort', () => {
    const pod = podOf('p', [container('c', rl('1', '1Gi'), rl('1', '1Gi'))], {
      ephemeralContainers: [{ name: 'debug', resources: { requests: rl('1') } }],
    });
    expect(qosClass(pod)).toBe('Guaranteed');
    expect(qosClass({})).toBe('BestEffort');
  });
  it('compares quantities exactly, not textually', () => {
    const pod = podOf('p', [container('c', rl('0.5', '1Gi'), rl('500m', '1024Mi'))]);
    expect(qosClass(pod)).toBe('Guaranteed');
  });
  it('never throws on garbage', () => {
    for (const garbage of [
      null,
      undefined,
      42,
      'pod',
      [],
      { spec: 7 },
      { spec: { containers: 'x' } },
    ]) {
      expect(qosClass(garbage as never)).toBe('BestEffort');
    }
    // An unparseable quantity counts as unset.
    const pod = podOf('p', [container('c', { cpu: 'lots', memory: '1Gi' }, rl('', '1Gi'))]);
    expect(qosClass(pod)).toBe('Burstable');
  });
});

// The kubelet's own status.qosClass in real pod lists, against the class computed from spec.
describe('computeQosClass matches the kubelet on real pod lists', () => {
  const dir = new URL('../fixtures/pods/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const rows: Array<{ file: string; name: string; pod: Pod; recorded: string }> = [];
  for (const file of files) {
    const list = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { items: Pod[] };
    for (const pod of list.items) {
      const recorded = pod.status?.qosClass;
      if (recorded) rows.push({ file, name: pod.metadata?.name ?? '', pod, recorded });
    }
  }
  it('has fixtures with a recorded class', () => {
    expect(rows.length).toBeGreaterThan(80);
  });
  it.each(rows)('$file $name', ({ pod, recorded }) => {
    expect(computeQosClass(pod)).toBe(recorded);
  });
  it('reads every pod of every list without throwing (including hand-reduced ones)', () => {
    for (const file of files) {
      const list = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { items: Pod[] };
      for (const pod of list.items)
        expect(['Guaranteed', 'Burstable', 'BestEffort']).toContain(qosClass(pod));
    }
  });
});
