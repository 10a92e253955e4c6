import { describe, expect, it } from 'vitest';
import {
  computeZoneState,
  handleDisruption,
  isNodeExcludedFromDisruptionChecks,
  NODE_LIFECYCLE_DEFAULTS,
  type NodeHealthRecord,
  nodeHealth,
  noExecuteTaintAction,
  noExecuteTaintingStep,
  noScheduleTainting,
  type ReadyConditionLike,
  type ZoneState,
  zoneEvictionRate,
  zoneKey,
} from '../../src/taints/index';

const T = (status: string): ReadyConditionLike => ({ status });
const ready = T('True');
const unknown = T('Unknown');
const notReady = T('False');
const times = (n: number, c: ReadyConditionLike) => Array.from({ length: n }, () => c);

describe('ComputeZoneState', () => {
  it.each([
    [
      '5 nodes, 3 Unknown: 3 > 2 and 0.6 >= 0.55',
      [...times(3, unknown), ...times(2, ready)],
      'PartialDisruption',
    ],
    ['4 nodes, 2 NotReady: not more than 2', [...times(2, notReady), ...times(2, ready)], 'Normal'],
    ['3 nodes, all NotReady', times(3, notReady), 'FullDisruption'],
    ['1 node without a Ready condition', [null], 'FullDisruption'],
    ['no nodes', [], 'Normal'],
    [
      '11 of 20 not ready is exactly 0.55 (float32)',
      [...times(11, unknown), ...times(9, ready)],
      'PartialDisruption',
    ],
    ['10 of 20 not ready', [...times(10, unknown), ...times(10, ready)], 'Normal'],
    ['3 of 100 not ready', [...times(3, unknown), ...times(97, ready)], 'Normal'],
  ] as [string, ReadyConditionLike[], ZoneState][])('%s → %s', (_d, conditions, state) => {
    expect(computeZoneState(conditions).state).toBe(state);
  });

  it('counts ready and not-ready nodes; the threshold is configurable', () => {
    const r = computeZoneState([ready, unknown, notReady, null, undefined, ready]);
    expect(r).toEqual({ state: 'PartialDisruption', ready: 2, notReady: 4 });
    expect(
      computeZoneState([ready, unknown, notReady, null, undefined, ready], {
        unhealthyZoneThreshold: 0.7,
      }).state,
    ).toBe('Normal');
  });
});

describe('zone rates (ReducedQPSFunc / HealthyQPSFunc / setLimiterInZone)', () => {
  it.each([
    ['Normal', 3, 0.1],
    ['Initial', 3, 0.1],
    ['FullDisruption', 3, 0.1],
    ['PartialDisruption', 50, 0],
    ['PartialDisruption', 51, 0.01],
  ] as [ZoneState, number, number][])('%s zone of %d nodes → %d nodes/s', (state, size, qps) => {
    expect(zoneEvictionRate(state, size)).toBe(qps);
  });

  it('every zone fully disrupted stops tainting; the flags are configurable', () => {
    expect(zoneEvictionRate('FullDisruption', 10, { allZonesFullyDisrupted: true })).toBe(0);
    expect(zoneEvictionRate('Normal', 10, { nodeEvictionRate: 2 })).toBe(2);
    expect(
      zoneEvictionRate('PartialDisruption', 11, {
        largeClusterSizeThreshold: 10,
        secondaryNodeEvictionRate: 0.5,
      }),
    ).toBe(0.5);
  });
});

// pkg/controller/nodelifecycle/node_lifecycle_controller_test.go: TestMonitorNodeHealth, as two
// handleDisruption passes over the zones' Ready conditions (initial, then following).
describe('TestMonitorNodeHealth', () => {
  const z = (zone: string) => `region1:\u0000:${zone}`;
  const cases: {
    name: string;
    initial: Record<string, ReadyConditionLike[]>;
    following: Record<string, ReadyConditionLike[]>;
    expectedInitialStates: Record<string, ZoneState>;
    expectedFollowingStates: Record<string, ZoneState>;
  }[] = [
    {
      name: 'No Disruption: Node created recently without failure domain labels (happens only at cluster startup)',
      initial: { '': [ready] },
      following: { '': [ready] },
      expectedInitialStates: { '': 'Normal' },
      expectedFollowingStates: { '': 'Normal' },
    },
    {
      name: 'No Disruption: Initially both zones down, one comes back',
      initial: { [z('zone1')]: [unknown], [z('zone2')]: [unknown] },
      following: { [z('zone1')]: [unknown], [z('zone2')]: [ready] },
      expectedInitialStates: { [z('zone1')]: 'FullDisruption', [z('zone2')]: 'FullDisruption' },
      expectedFollowingStates: { [z('zone1')]: 'FullDisruption', [z('zone2')]: 'Normal' },
    },
    {
      name: 'Partial Disruption: Nodes created recently without status conditions (happens only at cluster startup)',
      initial: { [z('zone1')]: [null, null, null, null] },
      following: { [z('zone1')]: [unknown, unknown, unknown, ready] },
      expectedInitialStates: { [z('zone1')]: 'FullDisruption' },
      expectedFollowingStates: { [z('zone1')]: 'PartialDisruption' },
    },
    {
      name: 'Partial Disruption: one Node failed leading to the number of healthy Nodes to exceed the configured threshold',
      initial: { [z('zone1')]: [unknown, unknown, ready, ready, ready] },
      following: { [z('zone1')]: [unknown, unknown, unknown, ready, ready] },
      expectedInitialStates: { [z('zone1')]: 'Normal' },
      expectedFollowingStates: { [z('zone1')]: 'PartialDisruption' },
    },
    {
      name: 'Full Disruption: the zone has less than 2 Nodes down, the last healthy Node has failed',
      initial: { [z('zone1')]: [unknown, unknown, ready] },
      following: { [z('zone1')]: [unknown, unknown, unknown] },
      expectedInitialStates: { [z('zone1')]: 'Normal' },
      expectedFollowingStates: { [z('zone1')]: 'FullDisruption' },
    },
    {
      name: 'Full Disruption: all the Nodes in one zone are down',
      initial: { [z('zone1')]: [unknown], [z('zone2')]: [ready] },
      following: { [z('zone1')]: [unknown], [z('zone2')]: [ready] },
      expectedInitialStates: { [z('zone1')]: 'FullDisruption', [z('zone2')]: 'Normal' },
      expectedFollowingStates: { [z('zone1')]: 'FullDisruption', [z('zone2')]: 'Normal' },
    },
    {
      name: 'Full Disruption: all the Nodes in both the zones are down',
      initial: { [z('zone1')]: [unknown], ['region2:\u0000:zone2']: [unknown] },
      following: { [z('zone1')]: [unknown], ['region2:\u0000:zone2']: [unknown] },
      expectedInitialStates: {
        [z('zone1')]: 'FullDisruption',
        ['region2:\u0000:zone2']: 'FullDisruption',
      },
      expectedFollowingStates: {
        [z('zone1')]: 'FullDisruption',
        ['region2:\u0000:zone2']: 'FullDisruption',
      },
    },
  ];
  const states = (zones: Record<string, { state: ZoneState }>) =>
    Object.fromEntries(Object.entries(zones).map(([k, v]) => [k, v.state]));
  it.each(cases)('$name', (c) => {
    const first = handleDisruption(c.initial);
    expect(states(first.zones)).toEqual(c.expectedInitialStates);
    const second = handleDisruption(c.following, { previous: first.zones });
    expect(states(second.zones)).toEqual(c.expectedFollowingStates);
  });
});

describe('handleDisruption: master disruption mode and rates', () => {
  it('entering: every zone fully disrupted → untaint every node, rate 0 everywhere', () => {
    const before = handleDisruption({ a: [ready], b: [ready] });
    expect(before.mode).toBe('steady');
    expect(before.zones).toEqual({
      a: { state: 'Normal', rate: 0.1 },
      b: { state: 'Normal', rate: 0.1 },
    });
    const down = handleDisruption(
      { a: [unknown], b: [notReady, null] },
      { previous: before.zones },
    );
    expect(down.mode).toBe('enter-full-disruption');
    expect(down.zones).toEqual({
      a: { state: 'FullDisruption', rate: 0 },
      b: { state: 'FullDisruption', rate: 0 },
    });
    const still = handleDisruption({ a: [unknown], b: [unknown] }, { previous: down.zones });
    expect(still).toMatchObject({ mode: 'steady', rateChanged: [] });
    const back = handleDisruption({ a: [ready], b: [unknown] }, { previous: still.zones });
    expect(back.mode).toBe('exit-full-disruption');
    expect(back.zones).toEqual({
      a: { state: 'Normal', rate: 0.1 },
      b: { state: 'FullDisruption', rate: 0.1 },
    });
  });

  it('a partially disrupted zone stops unless it has more than 50 nodes', () => {
    const small = [...times(3, unknown), ready];
    const large = [...times(40, unknown), ...times(11, ready)];
    const r = handleDisruption({ small, large, other: [ready] });
    expect(r.zones).toEqual({
      small: { state: 'PartialDisruption', rate: 0 },
      large: { state: 'PartialDisruption', rate: 0.01 },
      other: { state: 'Normal', rate: 0.1 },
    });
  });

  it('zones without nodes are forgotten; only changed zones get a new limiter', () => {
    const first = handleDisruption({ a: [ready], b: [ready] });
    const second = handleDisruption({ a: [ready] }, { previous: first.zones });
    expect(Object.keys(second.zones)).toEqual(['a']);
    expect(second.rateChanged).toEqual([]);
  });

  it('a never-granting limiter reports QPS 1, so swapping it to exactly 1 is a no-op (upstream quirk)', () => {
    const previous = { a: { state: 'PartialDisruption' as const, rate: 0 } };
    const r = handleDisruption({ a: [ready], b: [ready] }, { previous, nodeEvictionRate: 1 });
    expect(r.zones.a).toEqual({ state: 'Normal', rate: 0 });
    expect(r.rateChanged).toEqual([]);
  });
});

describe('GetZoneKey and the exclusion label', () => {
  const node = (labels: Record<string, string>) => ({ metadata: { labels } });
  it('region + ":\\0:" + zone; the beta labels win when present, even empty', () => {
    expect(zoneKey(node({}))).toBe('');
    expect(
      zoneKey(node({ 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' })),
    ).toBe('r:\u0000:z');
    expect(
      zoneKey(
        node({
          'failure-domain.beta.kubernetes.io/zone': 'old',
          'topology.kubernetes.io/zone': 'new',
          'topology.kubernetes.io/region': 'r',
        }),
      ),
    ).toBe('r:\u0000:old');
    expect(
      zoneKey(
        node({ 'failure-domain.beta.kubernetes.io/zone': '', 'topology.kubernetes.io/zone': 'z' }),
      ),
    ).toBe('');
  });
  it('node.kubernetes.io/exclude-disruption with any value excludes', () => {
    expect(
      isNodeExcludedFromDisruptionChecks(node({ 'node.kubernetes.io/exclude-disruption': '' })),
    ).toBe(true);
    expect(isNodeExcludedFromDisruptionChecks(node({}))).toBe(false);
  });
});

// TestMonitorNodeHealthUpdateStatus and friends, on one node.
describe('TestMonitorNodeHealthUpdateStatus', () => {
  const created = Date.parse('2015-01-01T12:00:00Z');
  const at = (s: number) => created + s * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const readyNode = (heartbeat: number, extra: object[] = []) => ({
    metadata: { name: 'node0', creationTimestamp: iso(created) },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: iso(heartbeat),
          lastTransitionTime: iso(created),
        },
        ...extra,
      ],
    },
  });

  it('node created long ago without status: all four conditions become Unknown, NodeStatusNeverUpdated', () => {
    const node = { metadata: { name: 'node0', creationTimestamp: iso(created) }, status: {} };
    const h = nodeHealth(node, { now: at(3600) });
    expect(h.gracePeriodMs).toBe(60_000);
    expect(h.statusUpdate?.conditions).toEqual(
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: iso(created),
        lastTransitionTime: iso(at(3600)),
      })),
    );
    expect(h.noExecute).toEqual({
      action: 'enqueue',
      taint: { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' },
      requeue: true,
    });
  });

  it('node created recently without status: within the 60 s startup grace nothing is written', () => {
    const node = { metadata: { name: 'node0', creationTimestamp: iso(created) }, status: {} };
    const h = nodeHealth(node, { now: at(59) });
    expect(h).toMatchObject({
      expired: false,
      currentReadyStatus: undefined,
      zoneReadyCondition: null,
      noExecute: { action: 'none' },
    });
    expect(h.statusUpdate).toBeUndefined();
  });

  it('a silent kubelet: Unknown after the 50 s monitor grace period (NodeStatusUnknown); NetworkUnavailable untouched', () => {
    const network = {
      type: 'NetworkUnavailable',
      status: 'False',
      lastHeartbeatTime: iso(created),
      lastTransitionTime: iso(created),
    };
    const mem = {
      type: 'MemoryPressure',
      status: 'False',
      lastHeartbeatTime: iso(created),
      lastTransitionTime: iso(created),
    };
    const first = nodeHealth(readyNode(at(0), [network, mem]), { now: at(0) });
    expect(first.record.probeTimestamp).toBe(at(0));
    const notYet = nodeHealth(readyNode(at(0), [network, mem]), {
      now: at(50),
      previous: first.record,
    });
    expect(notYet.expired).toBe(false);
    const h = nodeHealth(readyNode(at(0), [network, mem]), {
      now: at(51),
      previous: notYet.record,
    });
    expect(h.expired).toBe(true);
    const byType = Object.fromEntries((h.statusUpdate?.conditions ?? []).map((c) => [c.type, c]));
    expect(byType.Ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: iso(at(0)),
      lastTransitionTime: iso(at(51)),
    });
    expect(byType.MemoryPressure).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(byType.DiskPressure).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
    });
    expect(byType.NetworkUnavailable).toEqual(network);
    // The taint decision uses the Ready status from the start of the pass (True): not queued yet.
    expect(h.noExecute.action).toBe('untaint');
    expect(h.markPodsNotReady).toBe(true);
    expect(h.zoneReadyCondition).toEqual({ status: 'Unknown' });
  });

  it('the node is queued for the unreachable taint on the next pass', () => {
    const p1 = nodeHealth(readyNode(at(0)), { now: at(0) });
    const p2 = nodeHealth(readyNode(at(0)), { now: at(55), previous: p1.record });
    const unknownNode = {
      ...readyNode(at(0)),
      status: { conditions: p2.statusUpdate?.conditions },
    };
    const p3 = nodeHealth(unknownNode, { now: at(60), previous: p2.record });
    expect(p3.statusUpdate).toBeUndefined();
    expect(p3.noExecute).toMatchObject({
      action: 'enqueue',
      taint: { key: 'node.kubernetes.io/unreachable' },
    });
  });

  it('a fresh heartbeat keeps the node healthy', () => {
    const p1 = nodeHealth(readyNode(at(0)), { now: at(0) });
    const p2 = nodeHealth(readyNode(at(40)), { now: at(80), previous: p1.record });
    expect(p2.record.probeTimestamp).toBe(at(80));
    expect(p2.expired).toBe(false);
    expect(p2.noExecute.action).toBe('untaint');
  });

  it('lease renewals keep a node with a stale status healthy', () => {
    const lease = (renew: number) => ({ spec: { renewTime: new Date(renew) } });
    let record: NodeHealthRecord = nodeHealth(readyNode(at(0)), {
      now: at(0),
      lease: lease(at(0)),
    }).record;
    for (let t = 10; t <= 300; t += 10) {
      const h = nodeHealth(readyNode(at(0)), {
        now: at(t),
        lease: lease(at(t - 1)),
        previous: record,
      });
      expect(h.expired).toBe(false);
      record = h.record;
    }
    const stopped = nodeHealth(readyNode(at(0)), {
      now: at(351),
      lease: lease(at(299)),
      previous: record,
    });
    expect(stopped.expired).toBe(true);
  });

  it('an already Unknown Ready condition is not written again', () => {
    const node = {
      metadata: { creationTimestamp: iso(created) },
      status: {
        conditions: ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
          type,
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastHeartbeatTime: iso(created),
          lastTransitionTime: iso(created),
        })),
      },
    };
    const h = nodeHealth(node, {
      now: at(3600),
      previous: {
        probeTimestamp: created,
        readyTransitionTimestamp: created,
        readyCondition: { lastHeartbeatTime: created, lastTransitionTime: created },
      },
    });
    expect(h.expired).toBe(true);
    expect(h.statusUpdate).toBeUndefined();
  });

  it('uses the configured grace periods', () => {
    const p1 = nodeHealth(readyNode(at(0)), { now: at(0) });
    expect(
      nodeHealth(readyNode(at(0)), {
        now: at(41),
        previous: p1.record,
        nodeMonitorGracePeriodMs: 40_000,
      }).expired,
    ).toBe(true);
    expect(NODE_LIFECYCLE_DEFAULTS.nodeMonitorGracePeriodMs).toBe(50_000);
  });
});

describe('TestApplyNoExecuteTaints', () => {
  const node = (ready: string, taints: object[] = []) => ({
    metadata: { name: 'n' },
    spec: { taints },
    status: { conditions: [{ type: 'Ready', status: ready }] },
  });
  it('NotReady → queued for not-ready; the tainting pass adds it and removes unreachable', () => {
    expect(noExecuteTaintAction(node('False'), 'False')).toEqual({
      action: 'enqueue',
      taint: { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoExecute' },
      requeue: true,
    });
    expect(noExecuteTaintingStep(node('False'), { now: 7 })).toEqual({
      action: 'taint',
      add: { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoExecute', timeAdded: 7 },
      remove: { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' },
    });
  });
  it('an already tainted node is not re-queued', () => {
    const tainted = node('False', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]);
    expect(noExecuteTaintAction(tainted, 'False')).toMatchObject({
      action: 'enqueue',
      requeue: false,
    });
  });
  it('Ready again: both taints removed; the tainting pass drops the item', () => {
    expect(noExecuteTaintAction(node('True'), 'True')).toMatchObject({ action: 'untaint' });
    expect(noExecuteTaintingStep(node('True'), { now: 0 })).toEqual({
      action: 'drop',
      reason: 'node-ready',
    });
    expect(noExecuteTaintingStep(undefined, { now: 0 })).toEqual({
      action: 'drop',
      reason: 'node-gone',
    });
    expect(noExecuteTaintingStep({ status: {} }, { now: 0 })).toEqual({
      action: 'retry',
      afterMs: 50,
    });
  });
});

describe('TestSwapUnreachableNotReadyTaints', () => {
  it('an unreachable node that becomes NotReady swaps at once (and the reverse)', () => {
    const unreachableNode = {
      spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    };
    expect(noExecuteTaintAction(unreachableNode, 'False')).toEqual({
      action: 'swap',
      add: { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoExecute' },
      remove: { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' },
    });
    const notReadyNode = {
      spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] },
    };
    expect(noExecuteTaintAction(notReadyNode, 'Unknown')).toMatchObject({
      action: 'swap',
      add: { key: 'node.kubernetes.io/unreachable' },
    });
  });
});

describe('TestTaintsNodeByCondition', () => {
  const node = (conditions: object[], taints: object[] = [], unschedulable = false) => ({
    spec: { taints, unschedulable },
    status: { conditions },
  });
  const key = (k: string) => ({ key: `node.kubernetes.io/${k}`, value: '', effect: 'NoSchedule' });
  it.each([
    [
      'NetworkUnavailable is true',
      [{ type: 'NetworkUnavailable', status: 'True' }],
      [key('network-unavailable')],
    ],
    ['Ready is false', [{ type: 'Ready', status: 'False' }], [key('not-ready')]],
    ['Ready is unknown', [{ type: 'Ready', status: 'Unknown' }], [key('unreachable')]],
    [
      'MemoryPressure, DiskPressure and PIDPressure are true',
      [
        { type: 'MemoryPressure', status: 'True' },
        { type: 'DiskPressure', status: 'True' },
        { type: 'PIDPressure', status: 'True' },
      ],
      [key('memory-pressure'), key('disk-pressure'), key('pid-pressure')],
    ],
    [
      'Ready is true, pressure false',
      [
        { type: 'Ready', status: 'True' },
        { type: 'MemoryPressure', status: 'False' },
      ],
      [],
    ],
  ] as [string, object[], object[]][])('%s', (_d, conditions, desired) => {
    const r = noScheduleTainting(node(conditions), { now: 9 });
    expect(r.desired).toEqual(desired);
    expect(r.add).toEqual(desired.map((t) => ({ ...t, timeAdded: 9 })));
    expect(r.remove).toEqual([]);
  });

  it('unschedulable adds the unschedulable taint; stale managed taints go; user and NoExecute taints stay', () => {
    const r = noScheduleTainting(
      node(
        [{ type: 'Ready', status: 'True' }],
        [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        ],
        true,
      ),
      { now: 1 },
    );
    expect(r.add).toEqual([{ ...key('unschedulable'), timeAdded: 1 }]);
    expect(r.remove).toEqual([
      { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoSchedule' },
    ]);
  });
});

describe('node health: lease bookkeeping (upstream quirk)', () => {
  it('a record rebuilt for a new status heartbeat forgets the saved lease, so the next pass refreshes the probe', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const node = (hb: number) => ({
      metadata: { creationTimestamp: iso(0) },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', lastHeartbeatTime: iso(hb), lastTransitionTime: iso(0) },
        ],
      },
    });
    const lease = { spec: { renewTime: iso(1_000) } };
    const p1 = nodeHealth(node(0), { now: 1_000, lease });
    expect(p1.record.lease).toEqual({ renewTime: 1_000 });
    // New heartbeat, same lease: the rebuilt record has no lease.
    const p2 = nodeHealth(node(5_000), { now: 6_000, lease, previous: p1.record });
    expect(p2.record.lease).toBeUndefined();
    expect(p2.record.probeTimestamp).toBe(6_000);
    // Nothing new at all, yet the unchanged lease counts as new: probe moves to now.
    const p3 = nodeHealth(node(5_000), { now: 11_000, lease, previous: p2.record });
    expect(p3.record.probeTimestamp).toBe(11_000);
    const p4 = nodeHealth(node(5_000), { now: 16_000, lease, previous: p3.record });
    expect(p4.record.probeTimestamp).toBe(11_000);
  });
});

describe('end to end with the defaults: a node goes silent, a pod with the default tolerations goes 300 s later', () => {
  it('Unknown after 50 s (+ monitor period), unreachable queued a pass later, pod deleted 300 s after the taint', async () => {
    const { applyDefaultTolerationSeconds, taintEvictionDecision } = await import(
      '../../src/taints/index'
    );
    const iso = (ms: number) => new Date(ms).toISOString();
    let node: { metadata: object; spec: { taints: object[] }; status: { conditions: object[] } } = {
      metadata: { name: 'node1', creationTimestamp: iso(0) },
      spec: { taints: [] },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', lastHeartbeatTime: iso(0), lastTransitionTime: iso(0) },
        ],
      },
    };
    const pod = applyDefaultTolerationSeconds({
      metadata: { name: 'web', namespace: 'd' },
      spec: { nodeName: 'node1' },
    });
    let record: NodeHealthRecord | undefined;
    let unknownAt: number | undefined;
    let taintedAt: number | undefined;
    for (
      let now = 0;
      now <= 120_000 && taintedAt === undefined;
      now += NODE_LIFECYCLE_DEFAULTS.nodeMonitorPeriodMs
    ) {
      const h = nodeHealth(node, { now, ...(record === undefined ? {} : { previous: record }) });
      record = h.record;
      if (h.statusUpdate !== undefined) {
        node = { ...node, status: { conditions: h.statusUpdate.conditions } };
        unknownAt ??= now;
      }
      if (h.noExecute.action === 'enqueue') {
        // The zone's token bucket holds a token: the next 100 ms tainting pass applies it.
        const step = noExecuteTaintingStep(node, { now });
        if (step.action === 'taint') {
          node = { ...node, spec: { taints: [step.add] } };
          taintedAt = now;
        }
      }
    }
    expect(unknownAt).toBe(55_000);
    expect(taintedAt).toBe(60_000);
    const d = taintEvictionDecision(pod, node.spec.taints, { now: taintedAt as number });
    expect(d).toMatchObject({ action: 'schedule', fireAt: 360_000 });
  });
});
