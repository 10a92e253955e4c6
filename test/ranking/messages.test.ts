import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podIsEvicted } from '../../src/ranking/index';
import {
  DISRUPTION_TARGET_CONDITION,
  disruptionTargetCondition,
  evictionMessage,
  evictionStatus,
  TERMINATION_BY_KUBELET_REASON,
  thresholdMetInfo,
} from '../../src/ranking/messages';
import type { StatsFunc } from '../../src/signals/pod-stats';
import { Quantity } from '../../src/signals/quantity';
import type { PodStats } from '../../src/signals/summary';
import type { Observation, Observations, Signal, Threshold } from '../../src/signals/types';
import { EVICTION_REASON } from '../../src/thresholds/admission';
import { q } from '../support/quantity';

// Cases mirror pkg/kubelet/eviction/eviction_manager_test.go (*_VerifyPodStatus) and the
// evictionMessage behaviour of helpers.go, v1.37.

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

const container = (
  name: string,
  requests?: Record<string, string>,
  limits?: Record<string, string>,
) =>
  ({
    name,
    resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  }) as Container;

const makePod = (name: string, containers: Container[], extra: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: name },
  spec: { containers, ...extra },
});

const statsFor = (entries: Array<[Pod, Omit<PodStats, 'podRef'>]>): StatsFunc => {
  const byUid = new Map<string, PodStats>();
  for (const [pod, stats] of entries) {
    const uid = pod.metadata?.uid ?? '';
    byUid.set(uid, {
      podRef: { name: pod.metadata?.name ?? '', namespace: 'default', uid },
      ...stats,
    });
  }
  return (pod) => byUid.get(pod.metadata?.uid ?? '');
};

const hard = (signal: Signal, value: string): Threshold => ({
  signal,
  operator: 'LessThan',
  value: { quantity: q(value) },
  gracePeriodMs: 0,
});
const observed = (entries: Array<[Signal, Observation]>): Observations => new Map(entries);
const obs = (
  available: number,
  capacity: number,
  format: 'BinarySI' | 'DecimalSI' = 'BinarySI',
) => ({
  available: Quantity.fromBigInt(BigInt(available), format),
  capacity: Quantity.fromBigInt(BigInt(capacity), format),
});

describe('evictionMessage', () => {
  it('TestMemoryPressure_VerifyPodStatus: threshold and available, no container part without container memory stats', () => {
    const pod = makePod('above-requests', [
      container('above-requests', { memory: '100Mi' }, { memory: '1Gi' }),
    ]);
    // newPodMemoryStats: pod working set only; container stats carry no memory.
    const stats = statsFor([
      [pod, { memory: { workingSetBytes: 700 * Mi }, containers: [{ name: 'above-requests' }] }],
    ]);
    const r = evictionMessage(
      'memory',
      pod,
      stats,
      [hard('memory.available', '2Gi')],
      observed([['memory.available', obs(1500 * Mi, 2200 * Mi)]]),
    );
    expect(r.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 2Gi, available: 1500Mi. ',
    );
    expect(r.annotations).toEqual({
      offending_containers: '',
      offending_containers_usage: '',
      starved_resource: 'memory',
    });
  });

  it('TestPIDPressure_VerifyPodStatus: pids have no per-container usage', () => {
    const pod = makePod('pod1', [container('pod1')]);
    const stats = statsFor([
      [pod, { process_stats: { process_count: 2 }, containers: [{ name: 'pod1' }] }],
    ]);
    const r = evictionMessage(
      'pids',
      pod,
      stats,
      [hard('pid.available', '1200')],
      observed([['pid.available', obs(500, 1500, 'DecimalSI')]]),
    );
    expect(r.message).toBe(
      'The node was low on resource: pids. Threshold quantity: 1200, available: 500. ',
    );
    expect(r.annotations.starved_resource).toBe('pids');
  });

  const diskPod = (name: string, request: string, limit: string) =>
    makePod(name, [
      container(name, { 'ephemeral-storage': request }, { 'ephemeral-storage': limit }),
    ]);
  const diskStats = (pod: Pod, rootfs: number, logs = 0): [Pod, Omit<PodStats, 'podRef'>] => [
    pod,
    {
      containers: [
        {
          name: pod.metadata?.name ?? '',
          rootfs: { usedBytes: rootfs },
          logs: { usedBytes: logs },
        },
      ],
    },
  ];

  const diskCases: Array<{
    name: string;
    signal: Signal;
    threshold: string;
    available: number;
    pod: Pod;
    rootfs: number;
    message: string;
  }> = [
    {
      name: 'eviction due to disk pressure; no image fs',
      signal: 'nodefs.available',
      threshold: '2Gi',
      available: 1.5 * Gi,
      pod: diskPod('above-requests', '100Mi', '1Gi'),
      rootfs: 700 * Mi,
      message:
        'The node was low on resource: ephemeral-storage. Threshold quantity: 2Gi, available: 1536Mi. Container above-requests was using 700Mi, request is 100Mi, has larger consumption of ephemeral-storage. ',
    },
    {
      name: 'eviction due to image disk pressure; image fs',
      signal: 'imagefs.available',
      threshold: '50Gi',
      available: 10 * Gi,
      pod: diskPod('above-requests', '50Gi', '50Gi'),
      rootfs: 80 * Gi,
      message:
        'The node was low on resource: ephemeral-storage. Threshold quantity: 50Gi, available: 10Gi. Container above-requests was using 80Gi, request is 50Gi, has larger consumption of ephemeral-storage. ',
    },
    {
      name: 'eviction due to container disk pressure; container fs',
      signal: 'nodefs.available',
      threshold: '50Gi',
      available: 10 * Gi,
      pod: diskPod('above-requests', '50Gi', '50Gi'),
      rootfs: 80 * Gi,
      message:
        'The node was low on resource: ephemeral-storage. Threshold quantity: 50Gi, available: 10Gi. Container above-requests was using 80Gi, request is 50Gi, has larger consumption of ephemeral-storage. ',
    },
  ];
  for (const tc of diskCases) {
    it(`TestDiskPressureNodeFs_VerifyPodStatus: ${tc.name}`, () => {
      const r = evictionMessage(
        'ephemeral-storage',
        tc.pod,
        statsFor([diskStats(tc.pod, tc.rootfs)]),
        [hard(tc.signal, tc.threshold)],
        observed([[tc.signal, obs(tc.available, 2 * tc.available)]]),
      );
      expect(r.message).toBe(tc.message);
      expect(r.annotations).toEqual({
        offending_containers: 'above-requests',
        offending_containers_usage: tc.message.includes('80Gi') ? '80Gi' : '700Mi',
        starved_resource: 'ephemeral-storage',
      });
    });
  }

  it('a container within its request is not named; usage equal to the request does not count', () => {
    const pod = diskPod('below-requests', '1Gi', '1Gi');
    const r = evictionMessage(
      'ephemeral-storage',
      pod,
      statsFor([diskStats(pod, 1 * Gi)]),
      [hard('nodefs.available', '2Gi')],
      observed([['nodefs.available', obs(1.5 * Gi, 3 * Gi)]]),
    );
    expect(r.message).toBe(
      'The node was low on resource: ephemeral-storage. Threshold quantity: 2Gi, available: 1536Mi. ',
    );
    expect(r.annotations.offending_containers).toBe('');
  });

  it('ephemeral-storage usage needs both rootfs and logs', () => {
    const pod = diskPod('p', '1', '1Gi');
    const stats = statsFor([[pod, { containers: [{ name: 'p', rootfs: { usedBytes: 5 * Gi } }] }]]);
    const r = evictionMessage('ephemeral-storage', pod, stats, [], new Map());
    expect(r.message).toBe('The node was low on resource: ephemeral-storage. ');
  });

  it('a missing request prints as 0; init and sidecar containers are blamed, ephemeral ones never', () => {
    const pod = makePod('p', [container('main')], {
      initContainers: [{ ...container('side', { memory: '10Mi' }), restartPolicy: 'Always' }],
      ephemeralContainers: [{ name: 'debug' }],
    });
    const stats = statsFor([
      [
        pod,
        {
          containers: [
            { name: 'debug', memory: { workingSetBytes: 500 * Mi } },
            { name: 'side', memory: { workingSetBytes: 20 * Mi } },
            { name: 'main', memory: { workingSetBytes: 300 * Mi } },
          ],
        },
      ],
    ]);
    const r = evictionMessage('memory', pod, stats, [], new Map());
    expect(r.message).toBe(
      'The node was low on resource: memory. ' +
        'Container side was using 20Mi, request is 10Mi, has larger consumption of memory. ' +
        'Container main was using 300Mi, request is 0, has larger consumption of memory. ',
    );
    expect(r.annotations).toEqual({
      offending_containers: 'side,main',
      offending_containers_usage: '20Mi,300Mi',
      starved_resource: 'memory',
    });
  });

  it('a pod without statistics gets the node part only and no annotations', () => {
    const pod = makePod('p', [container('p')]);
    const r = evictionMessage(
      'memory',
      pod,
      () => undefined,
      [hard('memory.available', '100Mi')],
      observed([['memory.available', obs(50 * Mi, 1000 * Mi)]]),
    );
    expect(r).toEqual({
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ',
      annotations: {},
    });
  });

  describe('pod-level resources (PodLevelResources, on by default in v1.37)', () => {
    const pod = makePod('plr', [container('c1', { memory: '50Mi' })], {
      resources: { requests: { memory: '100Mi' }, limits: { memory: '200Mi' } },
    } as Partial<Pod['spec']>);
    const statsAt = (podWs: number) =>
      statsFor([
        [
          pod,
          {
            memory: { workingSetBytes: podWs },
            containers: [{ name: 'c1', memory: { workingSetBytes: 120 * Mi } }],
          },
        ],
      ]);

    it('adds the pod line and the offending_pod annotations', () => {
      const r = evictionMessage('memory', pod, statsAt(150 * Mi), [], new Map());
      expect(r.message).toBe(
        'The node was low on resource: memory. ' +
          'Pod plr was using 150Mi, request is 100Mi, has larger consumption of memory. ' +
          'Container c1 was using 120Mi, request is 50Mi, has larger consumption of memory. ',
      );
      expect(r.annotations).toEqual({
        offending_pod: 'plr',
        offending_pod_usage: '150Mi',
        offending_containers: 'c1',
        offending_containers_usage: '120Mi',
        starved_resource: 'memory',
      });
    });

    it('QUIRK: the pod line appears even when the pod uses less than its request', () => {
      const r = evictionMessage('memory', pod, statsAt(10 * Mi), [], new Map());
      expect(r.message).toContain(
        'Pod plr was using 10Mi, request is 100Mi, has larger consumption of memory. ',
      );
    });

    it('gate off, or a non-memory resource: no pod line', () => {
      const off = evictionMessage('memory', pod, statsAt(150 * Mi), [], new Map(), {
        featureGates: { PodLevelResources: false },
      });
      expect(off.message).not.toContain('Pod plr');
      expect(off.annotations.offending_pod).toBeUndefined();
      const disk = evictionMessage('ephemeral-storage', pod, statsAt(150 * Mi), [], new Map());
      expect(disk.message).not.toContain('Pod plr');
    });

    it('no pod memory statistics or no pod-level memory request: no pod line', () => {
      const noStats = statsFor([[pod, { containers: [] }]]);
      expect(evictionMessage('memory', pod, noStats, [], new Map()).message).not.toContain(
        'Pod plr',
      );
      const cpuOnly = makePod('cpu', [container('c1')], {
        resources: { requests: { cpu: '1' } },
      } as Partial<Pod['spec']>);
      const s = statsFor([[cpuOnly, { memory: { workingSetBytes: 5 } }]]);
      expect(evictionMessage('memory', cpuOnly, s, [], new Map()).message).not.toContain('Pod cpu');
    });

    it('pod memory statistics without a working set print usage 0; null memory is nil', () => {
      const empty = statsFor([[pod, { memory: {} }]]);
      const r = evictionMessage('memory', pod, empty, [], new Map());
      expect(r.message).toContain(
        'Pod plr was using 0, request is 100Mi, has larger consumption of memory. ',
      );
      expect(r.annotations.offending_pod_usage).toBe('0');
      const nulled = statsFor([[pod, { memory: null } as unknown as Omit<PodStats, 'podRef'>]]);
      expect(evictionMessage('memory', pod, nulled, [], new Map()).message).not.toContain(
        'Pod plr',
      );
    });
  });

  it('a stats function returning null means no stats: node part only, no annotations', () => {
    const pod = makePod('p', [container('p')]);
    const r = evictionMessage('memory', pod, () => null as unknown as PodStats, [], new Map());
    expect(r).toEqual({ message: 'The node was low on resource: memory. ', annotations: {} });
  });

  it('malformed statistics entries count as absent and never make it throw', () => {
    const pod = makePod('p', [container('p', { memory: '1Mi', 'ephemeral-storage': '1' })]);
    const junk = {
      podRef: { name: 'p', namespace: 'default', uid: 'p' },
      memory: 'x',
      containers: [
        null,
        7,
        { name: 'p', rootfs: { usedBytes: 1.5 }, logs: { usedBytes: null }, memory: null },
        { name: 'p', rootfs: { usedBytes: -1 }, logs: { usedBytes: 2 } },
      ],
    } as unknown as PodStats;
    for (const resource of ['memory', 'ephemeral-storage', 'inodes', 'pids'] as const) {
      const r = evictionMessage(resource, pod, () => junk, [], new Map());
      expect(r.message).toBe(`The node was low on resource: ${resource}. `);
      expect(r.annotations.offending_containers).toBe('');
    }
    const notAList = { ...junk, containers: 'x' } as unknown as PodStats;
    expect(evictionMessage('memory', pod, () => notAList, [], new Map()).annotations).toEqual({
      offending_containers: '',
      offending_containers_usage: '',
      starved_resource: 'memory',
    });
  });
});

describe('thresholdMetInfo (getThresholdMetInfo)', () => {
  it('takes the first threshold of the resource that has an observation', () => {
    const ts = [
      hard('imagefs.available', '10Gi'),
      hard('nodefs.available', '1Gi'),
      hard('nodefs.available', '2Gi'),
    ];
    const r = thresholdMetInfo(
      'ephemeral-storage',
      ts,
      observed([['nodefs.available', obs(5, 10)]]),
    );
    expect(r?.threshold).toBe(ts[1]);
    expect(r?.quantity.toString()).toBe('1Gi');
  });

  it('resolves a percentage against the observed capacity (float32 × float64, truncated)', () => {
    const t: Threshold = {
      signal: 'memory.available',
      operator: 'LessThan',
      value: { percentage: 0.1 },
      gracePeriodMs: 0,
    };
    const r = thresholdMetInfo('memory', [t], observed([['memory.available', obs(10, 1000)]]));
    expect(r?.quantity.value()).toBe(100n);
  });

  it('nothing matches: undefined', () => {
    expect(
      thresholdMetInfo('inodes', [hard('nodefs.available', '1Gi')], new Map()),
    ).toBeUndefined();
  });
});

describe('DisruptionTarget condition and the evicted pod status', () => {
  const message =
    'The node was low on resource: memory. Threshold quantity: 2Gi, available: 1500Mi. ';
  const now = Date.UTC(2026, 10, 25, 12, 0, 0, 750);

  it('TestMemoryPressure_VerifyPodStatus: phase Failed, reason Evicted, condition appended', () => {
    const pod: Pod = { metadata: { name: 'p', generation: 3 }, status: { phase: 'Running' } };
    const condition = disruptionTargetCondition(pod, message);
    expect(condition).toEqual({
      type: DISRUPTION_TARGET_CONDITION,
      status: 'True',
      reason: TERMINATION_BY_KUBELET_REASON,
      message,
      observedGeneration: 3,
    });
    const status = evictionStatus(pod, message, { condition, now });
    expect(status).toEqual({
      phase: 'Failed',
      reason: EVICTION_REASON,
      message,
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'TerminationByKubelet',
          message,
          observedGeneration: 3,
          lastTransitionTime: '2026-11-25T12:00:00Z',
        },
      ],
    });
    expect(podIsEvicted(status)).toBe(true);
    expect(pod.status).toEqual({ phase: 'Running' });
  });

  it('generation 0 or unset: no observedGeneration (omitempty)', () => {
    expect(disruptionTargetCondition({}, message)).not.toHaveProperty('observedGeneration');
  });

  it('an existing DisruptionTarget with the same status keeps its lastTransitionTime', () => {
    const pod = {
      metadata: { generation: 2 },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'True' },
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'EvictionByEvictionAPI',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    };
    const status = evictionStatus(pod, message, {
      condition: disruptionTargetCondition(pod, message),
      now,
    });
    expect(status.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message,
        observedGeneration: 2,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
  });

  it('an existing condition with another status transitions now', () => {
    const pod = {
      status: {
        conditions: [{ type: 'DisruptionTarget', status: 'False', lastTransitionTime: 'x' }],
      },
    };
    const status = evictionStatus(pod, message, {
      condition: disruptionTargetCondition(pod, message),
      now,
    });
    expect(status.conditions?.[0]?.lastTransitionTime).toBe('2026-11-25T12:00:00Z');
  });

  it('local-storage evictions: status only, no condition', () => {
    const status = evictionStatus({ status: { phase: 'Running', podIP: '10.0.0.1' } }, 'm', {
      now,
    });
    expect(status).toEqual({ phase: 'Failed', reason: 'Evicted', message: 'm', podIP: '10.0.0.1' });
  });

  it('never throws on odd input', () => {
    expect(
      evictionStatus(null as never, 'm', {
        now: Number.NaN,
        condition: disruptionTargetCondition(null as never, 'm'),
      }),
    ).toEqual({
      phase: 'Failed',
      reason: 'Evicted',
      message: 'm',
      conditions: [
        { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: 'm' },
      ],
    });
    expect(podIsEvicted({ phase: 'Failed', reason: 'Preempting' })).toBe(false);
  });

  it('never throws on hostile objects (throwing getters)', () => {
    const hostile = {
      get metadata(): never {
        throw new Error('boom');
      },
      get status(): never {
        throw new Error('boom');
      },
    };
    const condition = disruptionTargetCondition(hostile, 'm');
    expect(condition.observedGeneration).toBeUndefined();
    expect(evictionStatus(hostile, 'm', { now: 0, condition })).toMatchObject({
      phase: 'Failed',
      conditions: [{ type: 'DisruptionTarget', lastTransitionTime: '1970-01-01T00:00:00Z' }],
    });
  });
});
