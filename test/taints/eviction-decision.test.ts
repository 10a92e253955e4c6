import { describe, expect, it } from 'vitest';
import {
  type TaintLike,
  taintEvictionCancelEvent,
  taintEvictionCondition,
  taintEvictionDecision,
  taintEvictionDeletionEvent,
  taintEvictionNodeUpdateMatters,
  taintEvictionPodUpdateMatters,
  taintEvictionStatus,
} from '../../src/taints/index';
import {
  addTaintsToNode,
  addToleration,
  createNoExecuteTaint,
  newNode,
  newPod,
  type SimPod,
  TaintEvictionSim,
} from './controller-sim';

// pkg/controller/tainteviction/taint_eviction_test.go, replayed through taintEvictionDecision.
// "expectDelete" there means "deleted within the test's wait"; here the sim says exactly when.

describe('TestCreatePod', () => {
  const cases: {
    description: string;
    pod: SimPod;
    taintedNodes: Record<string, TaintLike[]>;
    expectDelete: boolean;
  }[] = [
    {
      description: 'not scheduled - ignore',
      pod: newPod('pod1', ''),
      taintedNodes: {},
      expectDelete: false,
    },
    {
      description: 'scheduled on untainted Node',
      pod: newPod('pod1', 'node1'),
      taintedNodes: {},
      expectDelete: false,
    },
    {
      description: 'schedule on tainted Node',
      pod: newPod('pod1', 'node1'),
      taintedNodes: { node1: [createNoExecuteTaint(1)] },
      expectDelete: true,
    },
    {
      description: 'schedule on tainted Node with finite toleration',
      pod: addToleration(newPod('pod1', 'node1'), 1, 100),
      taintedNodes: { node1: [createNoExecuteTaint(1)] },
      expectDelete: false,
    },
    {
      description: 'schedule on tainted Node with infinite toleration',
      pod: addToleration(newPod('pod1', 'node1'), 1, -1),
      taintedNodes: { node1: [createNoExecuteTaint(1)] },
      expectDelete: false,
    },
    {
      description: 'schedule on tainted Node with infinite ivalid toleration',
      pod: addToleration(newPod('pod1', 'node1'), 2, -1),
      taintedNodes: { node1: [createNoExecuteTaint(1)] },
      expectDelete: true,
    },
  ];
  it.each(cases)('$description', (c) => {
    const sim = new TaintEvictionSim();
    for (const [name, taints] of Object.entries(c.taintedNodes)) sim.taintedNodes.set(name, taints);
    sim.podUpdated(c.pod);
    sim.advance(1_000);
    expect(sim.deleted('pod1')).toBe(c.expectDelete);
  });

  it('the finite toleration runs out after 100 s, not before', () => {
    const sim = new TaintEvictionSim();
    sim.taintedNodes.set('node1', [createNoExecuteTaint(1)]);
    sim.podUpdated(addToleration(newPod('pod1', 'node1'), 1, 100));
    sim.advance(99_999);
    expect(sim.deleted('pod1')).toBe(false);
    sim.advance(1);
    expect(sim.deletions).toEqual([{ pod: 'pod1', at: 100_000 }]);
  });
});

describe('TestDeletePod', () => {
  it('deleting a pod with work scheduled cancels the work', () => {
    const sim = new TaintEvictionSim();
    sim.taintedNodes.set('node1', [createNoExecuteTaint(1)]);
    sim.podUpdated(addToleration(newPod('pod1', 'node1'), 1, 10));
    expect(sim.scheduled.size).toBe(1);
    sim.podUpdated(undefined, 'default/pod1');
    expect(sim.scheduled.size).toBe(0);
    sim.advance(60_000);
    expect(sim.deletions).toEqual([]);
  });
});

describe('TestUpdatePod', () => {
  const tainted = { node1: [createNoExecuteTaint(1)] };
  const cases: {
    description: string;
    prevPod: SimPod;
    newPod: SimPod;
    awaitForScheduledEviction?: boolean;
    expectDeleteAt: number | undefined;
  }[] = [
    {
      description: 'scheduling onto tainted Node',
      prevPod: newPod('pod1', ''),
      newPod: newPod('pod1', 'node1'),
      expectDeleteAt: 10,
    },
    {
      description: 'scheduling onto tainted Node with toleration',
      prevPod: addToleration(newPod('pod1', ''), 1, -1),
      newPod: addToleration(newPod('pod1', 'node1'), 1, -1),
      expectDeleteAt: undefined,
    },
    {
      description: 'removing toleration',
      prevPod: addToleration(newPod('pod1', 'node1'), 1, 100),
      newPod: newPod('pod1', 'node1'),
      awaitForScheduledEviction: true,
      expectDeleteAt: 10,
    },
    {
      description: "lengthening toleration shouldn't work",
      prevPod: addToleration(newPod('pod1', 'node1'), 1, 1),
      newPod: addToleration(newPod('pod1', 'node1'), 1, 100),
      awaitForScheduledEviction: true,
      expectDeleteAt: 1_000,
    },
    {
      description: 'shortening toleration does not hasten eviction either',
      prevPod: addToleration(newPod('pod1', 'node1'), 1, 100),
      newPod: addToleration(newPod('pod1', 'node1'), 1, 1),
      awaitForScheduledEviction: true,
      expectDeleteAt: 100_000,
    },
    {
      description: 'changing the toleration to 0 s keeps the old schedule',
      prevPod: addToleration(newPod('pod1', 'node1'), 1, 100),
      newPod: addToleration(newPod('pod1', 'node1'), 1, 0),
      awaitForScheduledEviction: true,
      expectDeleteAt: 100_000,
    },
    {
      description: 'a toleration that now tolerates forever cancels',
      prevPod: addToleration(newPod('pod1', 'node1'), 1, 100),
      newPod: addToleration(newPod('pod1', 'node1'), 1, -1),
      awaitForScheduledEviction: true,
      expectDeleteAt: undefined,
    },
  ];
  it.each(cases)('$description', (c) => {
    const sim = new TaintEvictionSim();
    for (const [name, taints] of Object.entries(tainted)) sim.taintedNodes.set(name, taints);
    sim.podUpdated(c.prevPod);
    if (c.awaitForScheduledEviction) expect(sim.scheduled.has('default/pod1')).toBe(true);
    sim.advance(10);
    sim.podUpdated(c.newPod);
    sim.advance(200_000);
    const deletion = sim.deletions.find((d) => d.pod === 'pod1');
    expect(deletion?.at).toBe(c.expectDeleteAt);
  });
});

describe('TestCreateNode', () => {
  it.each([
    [
      'Creating Node matching already assigned Pod',
      [newPod('pod1', 'node1')],
      newNode('node1'),
      false,
    ],
    [
      'Creating tainted Node matching already assigned Pod',
      [newPod('pod1', 'node1')],
      addTaintsToNode(newNode('node1'), [1]),
      true,
    ],
    [
      'Creating tainted Node matching already assigned tolerating Pod',
      [addToleration(newPod('pod1', 'node1'), 1, -1)],
      addTaintsToNode(newNode('node1'), [1]),
      false,
    ],
  ] as const)('%s', (_d, pods, node, expectDelete) => {
    const sim = new TaintEvictionSim([...pods]);
    sim.nodeUpdated('node1', node);
    expect(sim.deleted('pod1')).toBe(expectDelete);
  });
});

describe('TestDeleteNode', () => {
  it('a deleted node is forgotten; its pods keep their scheduled work', () => {
    const sim = new TaintEvictionSim([addToleration(newPod('pod1', 'node1'), 1, 10)]);
    sim.nodeUpdated('node1', addTaintsToNode(newNode('node1'), [1]));
    sim.nodeUpdated('node1', undefined);
    expect(sim.taintedNodes.has('node1')).toBe(false);
    expect(sim.scheduled.has('default/pod1')).toBe(true);
  });
});

describe('TestUpdateNode', () => {
  const cases: {
    description: string;
    pods: SimPod[];
    newNode: ReturnType<typeof newNode>;
    expectDelete: boolean;
    after: number;
  }[] = [
    {
      description: 'Added taint',
      pods: [newPod('pod1', 'node1')],
      newNode: addTaintsToNode(newNode('node1'), [1]),
      expectDelete: true,
      after: 0,
    },
    {
      description: 'Added tolerated taint',
      pods: [addToleration(newPod('pod1', 'node1'), 1, 100)],
      newNode: addTaintsToNode(newNode('node1'), [1]),
      expectDelete: false,
      after: 5_000,
    },
    {
      description: 'Only one added taint tolerated',
      pods: [addToleration(newPod('pod1', 'node1'), 1, 100)],
      newNode: addTaintsToNode(newNode('node1'), [1, 2]),
      expectDelete: true,
      after: 0,
    },
    {
      description: 'Taint removed',
      pods: [addToleration(newPod('pod1', 'node1'), 1, 1)],
      newNode: newNode('node1'),
      expectDelete: false,
      after: 1_500,
    },
    {
      description: 'Pod with multiple tolerations are evicted when first one runs out',
      pods: [
        {
          metadata: { name: 'pod1', namespace: 'default' },
          spec: {
            nodeName: 'node1',
            tolerations: [
              { key: 'testTaint1', value: 'test1', effect: 'NoExecute', tolerationSeconds: 1 },
              { key: 'testTaint2', value: 'test2', effect: 'NoExecute', tolerationSeconds: 100 },
            ],
          },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
      ],
      newNode: addTaintsToNode(newNode('node1'), [1, 2]),
      expectDelete: true,
      after: 1_000,
    },
  ];
  it.each(cases)('$description', (c) => {
    const sim = new TaintEvictionSim(c.pods);
    sim.nodeUpdated('node1', c.newNode);
    sim.advance(c.after);
    expect(sim.deleted('pod1')).toBe(c.expectDelete);
    if (c.expectDelete) expect(sim.deletions[0]?.at).toBe(c.after);
  });

  it('removing the taint before the toleration runs out cancels the eviction', () => {
    const sim = new TaintEvictionSim([addToleration(newPod('pod1', 'node1'), 1, 1)]);
    sim.nodeUpdated('node1', addTaintsToNode(newNode('node1'), [1]));
    sim.advance(500);
    sim.nodeUpdated('node1', newNode('node1'));
    sim.advance(10_000);
    expect(sim.deletions).toEqual([]);
    expect(sim.events.map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/pod1']);
  });
});

describe('TestUpdateNodeWithMultipleTaints', () => {
  it('queued while both taints exist, cancelled when the finite one is removed', () => {
    const taint1 = createNoExecuteTaint(1);
    const taint2 = createNoExecuteTaint(2);
    const pod: SimPod = {
      ...newPod('pod1', 'node1'),
      spec: {
        nodeName: 'node1',
        tolerations: [
          { key: taint1.key, operator: 'Exists', effect: 'NoExecute' },
          { key: taint2.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        ],
      },
    };
    const sim = new TaintEvictionSim([pod]);
    sim.nodeUpdated('node1', newNode('node1'));
    expect(sim.scheduled.has('default/pod1')).toBe(false);
    sim.nodeUpdated('node1', { ...newNode('node1'), spec: { taints: [taint1] } });
    expect(sim.scheduled.has('default/pod1')).toBe(false);
    sim.advance(5);
    sim.nodeUpdated('node1', { ...newNode('node1'), spec: { taints: [taint1, taint2] } });
    expect(sim.scheduled.get('default/pod1')).toEqual({ createdAt: 5, fireAt: 60_005 });
    sim.advance(5);
    sim.nodeUpdated('node1', { ...newNode('node1'), spec: { taints: [taint1] } });
    expect(sim.scheduled.has('default/pod1')).toBe(false);
    sim.advance(120_000);
    expect(sim.deletions).toEqual([]);
  });
});

describe('TestUpdateNodeWithMultiplePods', () => {
  it('Pods with different toleration times are evicted appropriately', () => {
    const sim = new TaintEvictionSim([
      newPod('pod1', 'node1'),
      addToleration(newPod('pod2', 'node1'), 1, 1),
      addToleration(newPod('pod3', 'node1'), 1, -1),
    ]);
    sim.nodeUpdated('node1', addTaintsToNode(newNode('node1'), [1]));
    sim.advance(10_000);
    expect(sim.deletions).toEqual([
      { pod: 'pod1', at: 0 },
      { pod: 'pod2', at: 1_000 },
    ]);
  });

  it('Evict all pods not matching all taints instantly', () => {
    const sim = new TaintEvictionSim([
      newPod('pod1', 'node1'),
      addToleration(newPod('pod2', 'node1'), 1, 1),
      addToleration(newPod('pod3', 'node1'), 1, -1),
    ]);
    sim.nodeUpdated('node1', addTaintsToNode(newNode('node1'), [1, 2]));
    expect(sim.deletions).toEqual([
      { pod: 'pod1', at: 0 },
      { pod: 'pod2', at: 0 },
      { pod: 'pod3', at: 0 },
    ]);
  });
});

describe('TestEventualConsistency', () => {
  const cases: [string, SimPod | undefined, SimPod][] = [
    ['existing pod2 scheduled onto tainted Node', newPod('pod2', ''), newPod('pod2', 'node1')],
    [
      'existing pod2 with taint toleration scheduled onto tainted Node',
      addToleration(newPod('pod2', ''), 1, 100),
      addToleration(newPod('pod2', 'node1'), 1, 100),
    ],
    ['new pod2 created on tainted Node', undefined, newPod('pod2', 'node1')],
    [
      'new pod2 with tait toleration created on tainted Node',
      undefined,
      addToleration(newPod('pod2', 'node1'), 1, 100),
    ],
  ];
  it.each(cases)('%s', (_d, prevPod, newP) => {
    const sim = new TaintEvictionSim([newPod('pod1', 'node1')]);
    if (prevPod !== undefined) sim.podUpdated(prevPod);
    sim.nodeUpdated('node1', addTaintsToNode(newNode('node1'), [1]));
    expect(sim.deleted('pod1')).toBe(true);
    sim.podUpdated(newP);
    const tolerates = (newP.spec.tolerations ?? []).length > 0;
    expect(sim.deleted('pod2')).toBe(!tolerates);
    if (tolerates) expect(sim.scheduled.has('default/pod2')).toBe(true);
  });
});

describe('TestPodDeletionEvent', () => {
  const pod = { metadata: { name: 'test', namespace: 'test' } };
  it('emitPodDeletionEvent', () => {
    expect(taintEvictionDeletionEvent(pod)).toEqual({
      type: 'Normal',
      reason: 'TaintManagerEviction',
      message: 'Marking for deletion Pod test/test',
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'test', name: 'test' },
      source: { component: 'taint-eviction-controller' },
    });
  });
  it('emitCancelPodDeletionEvent', () => {
    expect(taintEvictionCancelEvent(pod).message).toBe('Cancelling deletion of Pod test/test');
  });
});

describe('taintEvictionDecision: the decision table', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  const pod = (tolerations: object[] = [], extra: Record<string, unknown> = {}) => ({
    metadata: { name: 'p', namespace: 'ns', ...extra },
    spec: { nodeName: 'n', tolerations },
  });
  const finite = (s: number) => ({
    key: 'k',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: s,
  });

  it('schedules at now + min toleration time; the countdown ignores timeAdded', () => {
    const withOldTimeAdded = { ...taint, timeAdded: '2020-01-01T00:00:00Z' };
    const d = taintEvictionDecision(pod([finite(300)]), [withOldTimeAdded], { now: 1_000_000 });
    expect(d).toMatchObject({
      action: 'schedule',
      createdAt: 1_000_000,
      fireAt: 1_300_000,
      events: [],
    });
    expect(d.why).toMatchObject({ rule: 'scheduled', minTolerationMs: 300_000 });
  });

  it("countdownFrom: 'timeAdded' counts from each taint's timeAdded instead", () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const withTimeAdded = { ...taint, timeAdded: '2026-01-01T00:00:00Z' };
    const d = taintEvictionDecision(pod([finite(300)]), [withTimeAdded], {
      now: t0 + 100_000,
      countdownFrom: 'timeAdded',
    });
    expect(d).toMatchObject({ action: 'schedule', fireAt: t0 + 300_000 });
    const late = taintEvictionDecision(pod([finite(300)]), [withTimeAdded], {
      now: t0 + 400_000,
      countdownFrom: 'timeAdded',
    });
    expect(late.action).toBe('evict-now');
  });

  it('min toleration 0 (or negative) evicts now', () => {
    expect(taintEvictionDecision(pod([finite(0)]), [taint], { now: 5 })).toMatchObject({
      action: 'evict-now',
      createdAt: 5,
      fireAt: 5,
    });
    expect(taintEvictionDecision(pod([finite(-10)]), [taint], { now: 5 }).action).toBe('evict-now');
  });

  it('untolerated taint: cancels the schedule (event) and evicts now (event)', () => {
    const d = taintEvictionDecision(pod([]), [taint], {
      now: 50,
      scheduled: { createdAt: 10, fireAt: 1000 },
    });
    expect(d.action).toBe('evict-now');
    expect(d.why.untoleratedTaint).toEqual({ key: 'k', value: 'v', effect: 'NoExecute' });
    expect(d.events.map((e) => e.message)).toEqual([
      'Cancelling deletion of Pod ns/p',
      'Marking for deletion Pod ns/p',
    ]);
  });

  it('a schedule created at the same instant is replaced from its createdAt', () => {
    const d = taintEvictionDecision(pod([finite(10)]), [taint], {
      now: 100,
      scheduled: { createdAt: 100, fireAt: 5_100 },
    });
    expect(d).toMatchObject({
      action: 'schedule',
      createdAt: 100,
      fireAt: 10_100,
      why: { rule: 'rescheduled' },
    });
    expect(d.events.map((e) => e.message)).toEqual(['Cancelling deletion of Pod ns/p']);
  });

  it('a due schedule has fired whatever the event says', () => {
    const d = taintEvictionDecision(pod([finite(10_000)]), [taint], {
      now: 2_000,
      scheduled: { createdAt: 0, fireAt: 1_000 },
    });
    expect(d).toMatchObject({
      action: 'evict-now',
      createdAt: 0,
      fireAt: 1_000,
      why: { rule: 'schedule-due' },
    });
  });

  it('no NoExecute taints: a node event cancels, a pod event changes nothing', () => {
    const scheduled = { createdAt: 0, fireAt: 10_000 };
    const noSchedule = [{ key: 'k', effect: 'NoSchedule' }];
    expect(taintEvictionDecision(pod(), noSchedule, { now: 1, scheduled }).action).toBe('cancel');
    expect(
      taintEvictionDecision(pod(), noSchedule, { now: 1, scheduled, trigger: 'pod' }).action,
    ).toBe('none');
    expect(taintEvictionDecision(pod(), [], { now: 1 }).action).toBe('none');
  });

  it('terminating and terminal pods are processed like any other (v1.37), and flagged', () => {
    const terminating = pod([], { deletionTimestamp: '2026-01-01T00:00:00Z' });
    const d = taintEvictionDecision(terminating, [taint], { now: 1 });
    expect(d.action).toBe('evict-now');
    expect(d.why).toMatchObject({ terminating: true, terminal: false });
    expect(d.why.message).toMatch(/already terminating/);
    const done = { ...pod(), status: { phase: 'Succeeded' } };
    expect(taintEvictionDecision(done, [taint], { now: 1 }).why).toMatchObject({ terminal: true });
  });

  it('the Lt/Gt gate applies to the controller too', () => {
    const sla = { key: 'sla', value: '999', effect: 'NoExecute' };
    const p = pod([{ key: 'sla', operator: 'Gt', value: '950', effect: 'NoExecute' }]);
    expect(taintEvictionDecision(p, [sla], { now: 0 }).action).toBe('evict-now');
    expect(
      taintEvictionDecision(p, [sla], {
        now: 0,
        featureGates: { TaintTolerationComparisonOperators: true },
      }).action,
    ).toBe('none');
  });
});

describe('the DisruptionTarget condition (addConditionAndDeletePod)', () => {
  it('reason DeletionByTaintManager, observedGeneration from metadata.generation', () => {
    expect(taintEvictionCondition({ metadata: { generation: 3 } })).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      observedGeneration: 3,
    });
    expect(taintEvictionCondition({})).not.toHaveProperty('observedGeneration');
  });

  it('is appended when absent, and unchanged when already there (no patch)', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const first = taintEvictionStatus(
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { now },
    );
    expect(first.changed).toBe(true);
    expect(first.conditions[1]).toMatchObject({
      type: 'DisruptionTarget',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
    const again = taintEvictionStatus(
      { status: { conditions: first.conditions } },
      { now: now + 5_000 },
    );
    expect(again.changed).toBe(false);
    expect(again.conditions[1]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });

  it('replaces a stale False condition with a new transition time', () => {
    const stale = {
      type: 'DisruptionTarget',
      status: 'False',
      reason: 'EvictionByEvictionAPI',
      lastTransitionTime: '2020-01-01T00:00:00Z',
    };
    const r = taintEvictionStatus(
      { status: { conditions: [stale] } },
      { now: Date.parse('2026-01-01T00:00:00Z') },
    );
    expect(r.changed).toBe(true);
    expect(r.conditions).toEqual([
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
  });
});

describe('PodUpdated / NodeUpdated event filtering', () => {
  it('a pod update matters only when its tolerations or node change', () => {
    const a = addToleration(newPod('pod1', 'node1'), 1, 10);
    expect(taintEvictionPodUpdateMatters(a, { ...a, status: { phase: 'Running' } })).toBe(false);
    expect(taintEvictionPodUpdateMatters(a, addToleration(newPod('pod1', 'node1'), 1, 11))).toBe(
      true,
    );
    expect(taintEvictionPodUpdateMatters(newPod('pod1', ''), newPod('pod1', 'node1'))).toBe(true);
    expect(taintEvictionPodUpdateMatters({ spec: {} }, { spec: { tolerations: [] } })).toBe(false);
    expect(taintEvictionPodUpdateMatters(undefined, a)).toBe(true);
  });

  it('a node update matters only when its NoExecute taints (timeAdded included) change', () => {
    const t = { key: 'k', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
    const node = (taints: object[]) => ({ spec: { taints } });
    expect(
      taintEvictionNodeUpdateMatters(node([t]), node([t, { key: 'x', effect: 'NoSchedule' }])),
    ).toBe(false);
    expect(
      taintEvictionNodeUpdateMatters(
        node([t]),
        node([{ ...t, timeAdded: '2026-01-01T00:00:01Z' }]),
      ),
    ).toBe(true);
    expect(
      taintEvictionNodeUpdateMatters(node([t, { ...t, key: 'j' }]), node([{ ...t, key: 'j' }, t])),
    ).toBe(true);
    expect(taintEvictionNodeUpdateMatters(node([t]), undefined)).toBe(true);
  });
});
