import type { Pod, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { NodeConditionType } from '../../src/signals/types';
import { admitPod, nodeConditionMessage } from '../../src/thresholds/admission';

type QoS = 'Guaranteed' | 'Burstable' | 'BestEffort';

// Mirrors upstream's makeContainersByQOS: 100m / 1Gi requests (and limits for Guaranteed).
function podOf(
  qos: QoS,
  extra: {
    tolerations?: Toleration[];
    priority?: number;
    annotations?: Record<string, string>;
  } = {},
): Pod {
  const resources = { cpu: '100m', memory: '1Gi' };
  const container =
    qos === 'Guaranteed'
      ? { name: 'guaranteed-container', resources: { requests: resources, limits: resources } }
      : qos === 'Burstable'
        ? { name: 'burstable-container', resources: { requests: resources } }
        : { name: 'best-effort-container' };
  const pod: Pod = {
    metadata: { name: `${qos.toLowerCase()}-pod`, namespace: 'default', uid: `${qos}-uid` },
    spec: { containers: [container] },
  };
  if (extra.annotations && pod.metadata) pod.metadata.annotations = extra.annotations;
  if (extra.tolerations && pod.spec) pod.spec.tolerations = extra.tolerations;
  if (extra.priority !== undefined && pod.spec) pod.spec.priority = extra.priority;
  return pod;
}

const rejected = (conditions: string) => ({
  admit: false,
  reason: 'Evicted',
  message: `The node had condition: ${conditions}. `,
});

// TestAdmitUnderNodeConditions (eviction_manager_test.go).
describe('TestAdmitUnderNodeConditions', () => {
  const pods = [podOf('Guaranteed'), podOf('Burstable'), podOf('BestEffort')];
  const cases: Array<{ name: string; conditions: NodeConditionType[]; want: boolean[] }> = [
    { name: 'no conditions', conditions: [], want: [true, true, true] },
    { name: 'MemoryPressure', conditions: ['MemoryPressure'], want: [true, true, false] },
    {
      name: 'MemoryPressure + DiskPressure',
      conditions: ['MemoryPressure', 'DiskPressure'],
      want: [false, false, false],
    },
    // Beyond upstream's table.
    { name: 'DiskPressure', conditions: ['DiskPressure'], want: [false, false, false] },
    { name: 'PIDPressure', conditions: ['PIDPressure'], want: [false, false, false] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pods.map((p) => admitPod(p, c.conditions).admit)).toEqual(c.want);
    });
  }
});

describe('admitPod: reason and message', () => {
  it("upstream's exact reason and message format", () => {
    expect(admitPod(podOf('BestEffort'), ['MemoryPressure'])).toEqual(rejected('[MemoryPressure]'));
    expect(admitPod(podOf('Guaranteed'), ['DiskPressure'])).toEqual(rejected('[DiskPressure]'));
    expect(admitPod(podOf('Burstable'), ['MemoryPressure', 'DiskPressure'])).toEqual(
      rejected('[MemoryPressure DiskPressure]'),
    );
    expect(admitPod(podOf('Burstable'), ['MemoryPressure', 'DiskPressure', 'PIDPressure'])).toEqual(
      rejected('[MemoryPressure DiskPressure PIDPressure]'),
    );
    expect(nodeConditionMessage(['PIDPressure'])).toBe('The node had condition: [PIDPressure]. ');
  });
});

describe('admitPod: critical pods are admitted under any pressure', () => {
  const all: NodeConditionType[] = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];
  const cases: Array<{ name: string; pod: Pod; admit: boolean }> = [
    {
      name: 'system priority (2000000000)',
      pod: podOf('BestEffort', { priority: 2_000_000_000 }),
      admit: true,
    },
    {
      name: 'node-critical priority (2000001000)',
      pod: podOf('BestEffort', { priority: 2_000_001_000 }),
      admit: true,
    },
    {
      name: 'just below critical priority',
      pod: podOf('BestEffort', { priority: 1_999_999_999 }),
      admit: false,
    },
    {
      name: 'static pod (config source file)',
      pod: podOf('BestEffort', { annotations: { 'kubernetes.io/config.source': 'file' } }),
      admit: true,
    },
    {
      name: 'pod from the API server is not static',
      pod: podOf('BestEffort', { annotations: { 'kubernetes.io/config.source': 'api' } }),
      admit: false,
    },
    {
      name: 'mirror pod',
      pod: podOf('BestEffort', { annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
      admit: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(admitPod(c.pod, all).admit).toBe(c.admit);
    });
  }
});

describe('admitPod: BestEffort under MemoryPressure alone and the memory-pressure taint', () => {
  const key = 'node.kubernetes.io/memory-pressure';
  const cases: Array<{ name: string; tolerations: Toleration[]; admit: boolean }> = [
    { name: 'no tolerations', tolerations: [], admit: false },
    {
      name: 'Exists on the key, NoSchedule',
      tolerations: [{ key, operator: 'Exists', effect: 'NoSchedule' }],
      admit: true,
    },
    {
      name: 'Exists on the key, any effect',
      tolerations: [{ key, operator: 'Exists' }],
      admit: true,
    },
    { name: 'Exists on every key', tolerations: [{ operator: 'Exists' }], admit: true },
    {
      name: 'Equal with empty value',
      tolerations: [{ key, operator: 'Equal', value: '' }],
      admit: true,
    },
    {
      name: 'operator omitted means Equal, empty value',
      tolerations: [{ key, effect: 'NoSchedule' }],
      admit: true,
    },
    {
      name: 'Equal with a value',
      tolerations: [{ key, operator: 'Equal', value: 'true' }],
      admit: false,
    },
    {
      name: 'wrong effect',
      tolerations: [{ key, operator: 'Exists', effect: 'NoExecute' }],
      admit: false,
    },
    {
      name: 'PreferNoSchedule effect',
      tolerations: [{ key, operator: 'Exists', effect: 'PreferNoSchedule' }],
      admit: false,
    },
    {
      name: 'disk-pressure toleration does not help',
      tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' }],
      admit: false,
    },
    {
      name: 'Lt never matches the empty taint value',
      tolerations: [{ key, operator: 'Lt', value: '5' }],
      admit: false,
    },
    {
      name: 'Gt never matches the empty taint value',
      tolerations: [{ key, operator: 'Gt', value: '-1' }],
      admit: false,
    },
    { name: 'unknown operator', tolerations: [{ key, operator: 'Sometimes' }], admit: false },
    {
      name: 'any one matching toleration suffices',
      tolerations: [
        { key: 'other', operator: 'Exists' },
        { key, operator: 'Exists' },
      ],
      admit: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pod = podOf('BestEffort', { tolerations: c.tolerations });
      expect(admitPod(pod, ['MemoryPressure']).admit).toBe(c.admit);
      // The toleration only matters under MemoryPressure alone.
      expect(admitPod(pod, ['MemoryPressure', 'PIDPressure']).admit).toBe(false);
    });
  }

  it('the comparison-operators gate cannot make Lt/Gt match this taint', () => {
    const pod = podOf('BestEffort', { tolerations: [{ key, operator: 'Lt', value: '5' }] });
    const options = { featureGates: { TaintTolerationComparisonOperators: true } };
    expect(admitPod(pod, ['MemoryPressure'], options).admit).toBe(false);
  });

  it('null entries in a pod JSON (Go zero values) are tolerated', () => {
    const pod = podOf('BestEffort');
    if (pod.spec)
      pod.spec.tolerations = [null as unknown as Toleration, { key, operator: 'Exists' }];
    expect(admitPod(pod, ['MemoryPressure']).admit).toBe(true);
  });

  // Go decodes a JSON `null` list entry to the zero Toleration: empty key and effect match any
  // taint, and the implied Equal compares "" with the taint's "" value, so it tolerates.
  it('a null entry alone is the zero Toleration, which tolerates the taint', () => {
    for (const tolerations of [[null as unknown as Toleration], [{}]]) {
      const pod = podOf('BestEffort', { tolerations });
      expect(admitPod(pod, ['MemoryPressure']).admit).toBe(true);
      expect(admitPod(pod, ['MemoryPressure', 'DiskPressure']).admit).toBe(false);
    }
  });
});

describe('admitPod: QoS follows status.qosClass and pod-level resources', () => {
  it('a pod whose status already says Burstable is admitted under MemoryPressure', () => {
    const pod = { ...podOf('BestEffort'), status: { qosClass: 'Burstable' } };
    expect(admitPod(pod, ['MemoryPressure']).admit).toBe(true);
  });
});
