import { describe, expect, it } from 'vitest';
import {
  applyDefaultTolerationSeconds,
  getMatchingTolerations,
  nodeHealth,
  noScheduleTainting,
  taintEvictionDecision,
  zoneKey,
} from '../../src/taints/index';

// @kubernetes/client-node's model classes (instances, camelCase, Dates for timestamps) must
// behave exactly like the API's JSON.

describe('@kubernetes/client-node objects', async () => {
  const k8s = await import('@kubernetes/client-node');
  const created = new Date('2026-01-01T00:00:00Z');

  const taint = Object.assign(new k8s.V1Taint(), {
    key: 'node.kubernetes.io/unreachable',
    effect: 'NoExecute',
    timeAdded: new Date('2026-01-01T00:10:00Z'),
  });
  const toleration = Object.assign(new k8s.V1Toleration(), {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  });
  const pod = Object.assign(new k8s.V1Pod(), {
    metadata: Object.assign(new k8s.V1ObjectMeta(), {
      name: 'web',
      namespace: 'shop',
      creationTimestamp: created,
    }),
    spec: Object.assign(new k8s.V1PodSpec(), {
      nodeName: 'node1',
      containers: [],
      tolerations: [toleration],
    }),
  });

  it('matching and the eviction decision read V1Taint/V1Toleration/V1Pod', () => {
    expect(getMatchingTolerations([taint], [toleration])).toEqual({
      allTolerated: true,
      used: [toleration],
    });
    const now = Date.parse('2026-01-01T00:11:00Z');
    expect(taintEvictionDecision(pod, [taint], { now })).toMatchObject({
      action: 'schedule',
      fireAt: now + 300_000,
    });
    // The timeAdded reading sees the Date.
    expect(taintEvictionDecision(pod, [taint], { now, countdownFrom: 'timeAdded' })).toMatchObject({
      fireAt: Date.parse('2026-01-01T00:15:00Z'),
    });
  });

  it('DefaultTolerationSeconds keeps the V1Pod a V1Pod', () => {
    const bare = Object.assign(new k8s.V1Pod(), {
      spec: Object.assign(new k8s.V1PodSpec(), { containers: [] }),
    });
    const out = applyDefaultTolerationSeconds(bare);
    expect(out).toBeInstanceOf(k8s.V1Pod);
    expect(out.spec?.tolerations?.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
    expect(bare.spec?.tolerations).toBeUndefined();
  });

  it('node health reads Date heartbeats and a V1Lease renewTime', () => {
    const node = Object.assign(new k8s.V1Node(), {
      metadata: Object.assign(new k8s.V1ObjectMeta(), {
        name: 'node1',
        creationTimestamp: created,
        labels: { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' },
      }),
      status: Object.assign(new k8s.V1NodeStatus(), {
        conditions: [
          Object.assign(new k8s.V1NodeCondition(), {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: created,
            lastTransitionTime: created,
          }),
          Object.assign(new k8s.V1NodeCondition(), { type: 'DiskPressure', status: 'True' }),
        ],
      }),
    });
    const lease = Object.assign(new k8s.V1Lease(), {
      spec: Object.assign(new k8s.V1LeaseSpec(), { renewTime: new Date('2026-01-01T00:00:40Z') }),
    });
    const first = nodeHealth(node, { now: Date.parse('2026-01-01T00:00:00Z'), lease });
    const later = nodeHealth(node, {
      now: Date.parse('2026-01-01T00:01:00Z'),
      lease: { spec: { renewTime: new Date('2026-01-01T00:00:55Z') } },
      previous: first.record,
    });
    expect(later.expired).toBe(false);
    expect(zoneKey(node)).toBe('r:\u0000:z');
    expect(noScheduleTainting(node, { now: 0 }).desired).toEqual([
      { key: 'node.kubernetes.io/disk-pressure', value: '', effect: 'NoSchedule' },
    ]);
  });
});
