import { describe, expect, it } from 'vitest';
import { QUARANTINE_MS } from '../../src/podgc/constants';
import { type GcDeletion, podsToGc } from '../../src/podgc/pods-to-gc';
import { EMPTY_QUARANTINE } from '../../src/podgc/quarantine';
import { gcNode, gcPod, podNames } from './builders';

// pkg/controller/podgc/gc_controller_test.go, v1.37. The upstream tests count deletes and
// status patches per pod name; so do these.

type Pod = Record<string, unknown>;
const deleted = (d: GcDeletion<Pod>[]) => new Set(podNames(d.map((x) => x.pod)));
const patched = (d: GcDeletion<Pod>[]) =>
  new Set(podNames(d.filter((x) => x.statusUpdate).map((x) => x.pod)));
const T0 = Date.parse('2026-11-01T10:00:00Z');

describe('TestGCTerminated', () => {
  const cases: {
    name: string;
    pods: [string, string, string?][];
    threshold: number;
    deleted: string[];
    order?: string[];
  }[] = [
    {
      name: 'delete pod a which is PodFailed and pod b which is PodSucceeded',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
        ['c', 'Failed'],
      ],
      threshold: 1,
      deleted: ['a', 'b'],
    },
    {
      name: 'threshold = 0, disables terminated pod deletion',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
      ],
      threshold: 0,
      deleted: [],
    },
    {
      name: 'threshold = 1, delete pod a which is PodFailed and pod b which is PodSucceeded',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
        ['c', 'Failed'],
      ],
      threshold: 1,
      deleted: ['a', 'b'],
    },
    {
      name: 'threshold = 1, delete pod b which is PodSucceeded',
      pods: [
        ['a', 'Running'],
        ['b', 'Succeeded'],
        ['c', 'Failed'],
      ],
      threshold: 1,
      deleted: ['b'],
    },
    {
      name: 'threshold = 1, delete pod a which is PodFailed',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
      ],
      threshold: 1,
      deleted: ['a'],
    },
    {
      name: "threshold = 5, don't delete pod",
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
      ],
      threshold: 5,
      deleted: [],
    },
    {
      name: 'evicted pods go first',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
        ['c', 'Failed', 'Evicted'],
      ],
      threshold: 1,
      deleted: ['c', 'a'],
      order: ['c', 'a'],
    },
    {
      name: 'an evicted pod goes first, running pods do not count',
      pods: [
        ['a', 'Running'],
        ['b', 'Succeeded'],
        ['c', 'Failed', 'Evicted'],
      ],
      threshold: 1,
      deleted: ['c'],
    },
  ];
  it.each(cases)('$name', (c) => {
    const pods = c.pods.map(([name, phase, reason], i) =>
      gcPod(name, {
        phase,
        nodeName: 'node',
        creationHour: i + 1,
        ...(reason === undefined ? {} : { reason }),
      }),
    );
    const plan = podsToGc(pods, [gcNode('node')], {
      now: T0,
      terminatedPodThreshold: c.threshold,
    })._unsafeUnwrap();
    expect(deleted(plan.deletions)).toEqual(new Set(c.deleted));
    expect(
      plan.deletions.every(
        (d) => d.sweep === 'terminated' && d.deleteOptions.gracePeriodSeconds === 0,
      ),
    ).toBe(true);
    expect(patched(plan.deletions)).toEqual(new Set());
    if (c.order) expect(podNames(plan.deletions.map((d) => d.pod))).toEqual(c.order);
  });

  it('orders by creation time, then name, and counts a pod without a phase as terminated', () => {
    const pods = [
      gcPod('z', { phase: 'Succeeded', creationHour: 1 }),
      gcPod('y', { phase: 'Succeeded', creationHour: 1 }),
      gcPod('x', { creationHour: 0 }),
      gcPod('w', { phase: 'Succeeded', creationHour: 5 }),
    ];
    const plan = podsToGc(pods, [], { now: T0, terminatedPodThreshold: 1 })._unsafeUnwrap();
    expect(podNames(plan.deletions.map((d) => d.pod))).toEqual(['x', 'y', 'z']);
    // A pod with no phase is not terminal, so it is patched to Failed first.
    expect(plan.deletions[0]?.statusUpdate).toEqual({ phase: 'Failed' });
    expect(plan.terminated).toEqual({ count: 4, threshold: 1, deleteCount: 3 });
  });
});

describe('TestGCOrphaned', () => {
  const pod = (name: string, node: string, phase: string) => gcPod(name, { nodeName: node, phase });
  const n = gcNode;
  const cases: {
    name: string;
    initialClientNodes?: string[];
    initialInformerNodes?: string[];
    delay: number;
    addedClientNodes?: string[];
    deletedClientNodes?: string[];
    addedInformerNodes?: string[];
    deletedInformerNodes?: string[];
    pods: Pod[];
    deleted?: string[];
    patched?: string[];
  }[] = [
    {
      name: 'nodes present in lister',
      initialInformerNodes: ['existing1', 'existing2'],
      delay: 2 * QUARANTINE_MS,
      pods: [
        pod('a', 'existing1', 'Running'),
        pod('b', 'existing2', 'Failed'),
        pod('c', 'existing2', 'Succeeded'),
      ],
    },
    {
      name: 'nodes present in client',
      initialClientNodes: ['existing1', 'existing2'],
      delay: 2 * QUARANTINE_MS,
      pods: [
        pod('a', 'existing1', 'Running'),
        pod('b', 'existing2', 'Failed'),
        pod('c', 'existing2', 'Succeeded'),
      ],
    },
    {
      name: 'no nodes',
      delay: 2 * QUARANTINE_MS,
      pods: [pod('a', 'deleted', 'Failed'), pod('b', 'deleted', 'Succeeded')],
      deleted: ['a', 'b'],
    },
    {
      name: 'no nodes, one running pod',
      delay: 2 * QUARANTINE_MS,
      pods: [
        pod('a', 'deleted', 'Failed'),
        pod('b', 'deleted', 'Succeeded'),
        pod('c', 'deleted', 'Running'),
      ],
      deleted: ['a', 'b', 'c'],
      patched: ['c'],
    },
    {
      name: 'quarantine not finished',
      delay: QUARANTINE_MS / 2,
      pods: [pod('a', 'deleted', 'Failed')],
    },
    {
      name: 'wrong nodes',
      initialInformerNodes: ['existing'],
      delay: 2 * QUARANTINE_MS,
      pods: [pod('a', 'deleted', 'Running')],
      deleted: ['a'],
      patched: ['a'],
    },
    {
      name: 'some nodes missing',
      initialInformerNodes: ['existing'],
      delay: 2 * QUARANTINE_MS,
      pods: [
        pod('a', 'deleted', 'Failed'),
        pod('b', 'existing', 'Failed'),
        pod('c', 'deleted', 'Succeeded'),
        pod('d', 'deleted', 'Running'),
      ],
      deleted: ['a', 'c', 'd'],
      patched: ['d'],
    },
    {
      name: 'node added to client after quarantine',
      delay: 2 * QUARANTINE_MS,
      addedClientNodes: ['node'],
      pods: [pod('a', 'node', 'Running')],
    },
    {
      name: 'node added to informer after quarantine',
      delay: 2 * QUARANTINE_MS,
      addedInformerNodes: ['node'],
      pods: [pod('a', 'node', 'Failed')],
    },
    {
      name: 'node deleted from client after quarantine',
      initialClientNodes: ['node'],
      delay: 2 * QUARANTINE_MS,
      deletedClientNodes: ['node'],
      pods: [pod('a', 'node', 'Failed')],
      deleted: ['a'],
    },
    {
      name: 'node deleted from informer after quarantine',
      initialInformerNodes: ['node'],
      delay: 2 * QUARANTINE_MS,
      deletedInformerNodes: ['node'],
      pods: [pod('a', 'node', 'Succeeded')],
    },
  ];
  it.each(cases)('$name', (c) => {
    const client = new Set(c.initialClientNodes ?? []);
    const informer = new Set(c.initialInformerNodes ?? []);
    const first = podsToGc(
      c.pods,
      [...informer].map((x) => n(x)),
      {
        now: T0,
        terminatedPodThreshold: -1,
        nodeExists: (name) => client.has(name),
      },
    )._unsafeUnwrap();
    expect(first.deletions).toEqual([]);
    for (const x of c.addedClientNodes ?? []) client.add(x);
    for (const x of c.deletedClientNodes ?? []) client.delete(x);
    for (const x of c.addedInformerNodes ?? []) informer.add(x);
    for (const x of c.deletedInformerNodes ?? []) informer.delete(x);
    const second = podsToGc(
      c.pods,
      [...informer].map((x) => n(x)),
      {
        now: T0 + c.delay,
        terminatedPodThreshold: -1,
        quarantine: first.quarantine,
        nodeExists: (name) => client.has(name),
      },
    )._unsafeUnwrap();
    expect(deleted(second.deletions)).toEqual(new Set(c.deleted ?? []));
    expect(patched(second.deletions)).toEqual(new Set(c.patched ?? []));
    expect(second.deletions.every((d) => d.sweep === 'orphaned')).toBe(true);
  });

  it('keeps the first due time while a node stays missing, and a failed GET queues it again', () => {
    const pods = [gcPod('a', { nodeName: 'gone', phase: 'Running' })];
    const run = (
      now: number,
      quarantine = EMPTY_QUARANTINE,
      lookup: (n: string) => boolean | 'error' = () => false,
    ) =>
      podsToGc(pods, [], {
        now,
        quarantine,
        nodeExists: lookup,
        terminatedPodThreshold: -1,
      })._unsafeUnwrap();
    const r1 = run(T0);
    expect(r1.quarantined).toEqual(['gone']);
    expect(r1.quarantine).toEqual({ due: { gone: T0 + QUARANTINE_MS } });
    const r2 = run(T0 + 20_000, r1.quarantine);
    expect(r2.quarantine).toEqual(r1.quarantine);
    const r3 = run(T0 + 40_000, r2.quarantine, () => 'error');
    expect(r3.deletions).toEqual([]);
    expect(r3.nodeChecks).toEqual([{ node: 'gone', outcome: 'error' }]);
    expect(r3.quarantine).toEqual({ due: { gone: T0 + 80_000 } });
    const r4 = run(T0 + 80_000, r3.quarantine);
    expect(podNames(r4.deletions.map((d) => d.pod))).toEqual(['a']);
  });
});

describe('TestGCUnscheduledTerminating', () => {
  it.each([
    {
      name: 'Unscheduled pod in any phase must be deleted',
      pods: [
        gcPod('a', { phase: 'Failed', deletionTimestamp: true, nodeName: '' }),
        gcPod('b', { phase: 'Succeeded', deletionTimestamp: true, nodeName: '' }),
        gcPod('c', { phase: 'Running', deletionTimestamp: true, nodeName: '' }),
      ],
      deleted: ['a', 'b', 'c'],
      patched: ['c'],
    },
    {
      name: 'Scheduled pod in any phase must not be deleted',
      pods: [
        gcPod('a', { phase: 'Failed', nodeName: '' }),
        gcPod('b', { phase: 'Succeeded', nodeName: 'node' }),
        gcPod('c', { phase: 'Running', deletionTimestamp: true, nodeName: 'node' }),
      ],
      deleted: [],
      patched: [],
    },
  ])('$name', ({ pods, deleted: want, patched: wantPatched }) => {
    const plan = podsToGc(pods, [], { now: T0, terminatedPodThreshold: -1 })._unsafeUnwrap();
    // Upstream's test calls gcUnscheduledTerminating alone; the other sweeps' picks are left out.
    const mine = plan.deletions.filter((d) => d.sweep === 'unscheduled');
    expect(deleted(mine)).toEqual(new Set(want));
    expect(patched(mine)).toEqual(new Set(wantPatched));
  });
});

describe('TestGCTerminating', () => {
  const oos = (effect: string, value?: string) => [
    { key: 'node.kubernetes.io/out-of-service', effect, ...(value ? { value } : {}) },
  ];
  const podsOn = (suffix: string, node: string) => [
    gcPod(`a${suffix}`, { nodeName: node }),
    gcPod(`b${suffix}`, { nodeName: node, deletionTimestamp: true }),
    gcPod(`c${suffix}`, { nodeName: node, phase: 'Pending' }),
    gcPod(`d${suffix}`, { nodeName: node, phase: 'Running' }),
    gcPod(`e${suffix}`, { nodeName: node, phase: 'Unknown' }),
  ];
  it.each([
    {
      name: 'pods have deletion timestamp set and the corresponding nodes are not ready',
      nodes: [gcNode('worker-0', { ready: 'False' }), gcNode('worker-1', { ready: 'False' })],
      pods: [
        gcPod('a', { deletionTimestamp: true, nodeName: 'worker-0' }),
        gcPod('b', { deletionTimestamp: true, nodeName: 'worker-1' }),
      ],
      deleted: [],
      patched: [],
    },
    {
      name: 'some pods have deletion timestamp and/or phase set and some of the corresponding nodes have an outofservice taint that are not ready',
      nodes: [
        gcNode('worker-0', { ready: 'False', taints: oos('NoExecute') }),
        gcNode('worker-1', { ready: 'False' }),
        gcNode('worker-2', { ready: 'True' }),
        gcNode('worker-3', { ready: 'False', taints: oos('NoSchedule') }),
        gcNode('worker-4', { ready: 'False', taints: oos('PreferNoSchedule') }),
        gcNode('worker-5', { ready: 'False', taints: oos('NoExecute', 'any-value') }),
      ],
      pods: [
        ...podsOn('1', 'worker-0'),
        ...podsOn('2', 'worker-1'),
        ...podsOn('3', 'worker-2'),
        ...podsOn('4', 'worker-3'),
        // upstream puts a5 on worker-3 too
        ...podsOn('5', 'worker-4').map((p, i) =>
          i === 0 ? gcPod('a5', { nodeName: 'worker-3' }) : p,
        ),
        ...podsOn('6', 'worker-5'),
      ],
      deleted: ['b1', 'b4', 'b5', 'b6'],
      patched: ['b1', 'b4', 'b5', 'b6'],
    },
    {
      name: 'pods deleted from node tainted out-of-service',
      nodes: [gcNode('worker', { ready: 'False', taints: oos('NoExecute') })],
      pods: [
        gcPod('a', { phase: 'Running', deletionTimestamp: true, nodeName: 'worker' }),
        gcPod('b', { phase: 'Failed', deletionTimestamp: true, nodeName: 'worker' }),
        gcPod('c', { phase: 'Succeeded', deletionTimestamp: true, nodeName: 'worker' }),
      ],
      deleted: ['a', 'b', 'c'],
      patched: ['a'],
    },
  ])('$name', ({ nodes, pods, deleted: want, patched: wantPatched }) => {
    const plan = podsToGc(pods, nodes, { now: T0, terminatedPodThreshold: -1 })._unsafeUnwrap();
    expect(deleted(plan.deletions)).toEqual(new Set(want));
    expect(patched(plan.deletions)).toEqual(new Set(wantPatched));
    expect(plan.deletions.every((d) => d.sweep === 'out-of-service')).toBe(true);
  });
});

describe('TestGCInspectingPatchedPodBeforeDeletion', () => {
  it('orphaned pod should have DisruptionTarget condition added before deletion', () => {
    const pod = gcPod('testPod', {
      nodeName: 'deletedNode',
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    const plan = podsToGc([pod], [], {
      now: T0,
      terminatedPodThreshold: -1,
      quarantineMs: -1,
    })._unsafeUnwrap();
    expect(plan.deletions).toEqual([
      {
        pod,
        ref: 'default/testPod',
        sweep: 'orphaned',
        statusUpdate: {
          phase: 'Failed',
          condition: {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'DeletionByPodGC',
            message: 'PodGC: node no longer exists',
            lastTransitionTime: '2026-11-01T10:00:00Z',
          },
        },
        deleteOptions: { gracePeriodSeconds: 0 },
        why: 'default/testPod is bound to node deletedNode, which stayed missing through the quarantine and a live GET does not find',
      },
    ]);
  });
});

describe('podsToGc', () => {
  it('runs the sweeps in upstream order; a pod two sweeps pick is deleted twice', () => {
    const pods = [
      gcPod('unscheduled', { deletionTimestamp: true, phase: 'Pending' }),
      gcPod('orphan', { nodeName: 'gone', phase: 'Succeeded', creationHour: 1 }),
      gcPod('oos', { nodeName: 'sick', deletionTimestamp: true, phase: 'Running' }),
      gcPod('old', { nodeName: 'sick', phase: 'Failed', creationHour: 0 }),
    ];
    const nodes = [
      gcNode('sick', {
        ready: 'False',
        taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }],
      }),
    ];
    const plan = podsToGc(pods, nodes, {
      now: T0,
      terminatedPodThreshold: 1,
      quarantineMs: 0,
    })._unsafeUnwrap();
    expect(plan.deletions.map((d) => [d.sweep, podNames([d.pod])[0]])).toEqual([
      ['terminated', 'old'],
      ['out-of-service', 'oos'],
      ['orphaned', 'orphan'],
      ['unscheduled', 'unscheduled'],
    ]);
    // The terminated count includes the unscheduled Pending pod? No: Pending is not terminated.
    expect(plan.terminated).toEqual({ count: 2, threshold: 1, deleteCount: 1 });
  });

  it('keeps a DisruptionTarget transition time when the status does not change', () => {
    const pod = gcPod('p', {
      nodeName: 'gone',
      phase: 'Running',
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'X',
          lastTransitionTime: '2026-10-01T00:00:00Z',
        },
      ],
    });
    const plan = podsToGc([pod], [], { now: T0, quarantineMs: 0 })._unsafeUnwrap();
    expect(plan.deletions[0]?.statusUpdate?.condition?.lastTransitionTime).toBe(
      '2026-10-01T00:00:00Z',
    );
  });

  it('rejects input that is not pods, nodes or options', () => {
    expect(podsToGc(5 as never, [], { now: T0 })._unsafeUnwrapErr().code).toBe('invalid-pod');
    expect(podsToGc([null], [], { now: T0 })._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-pod',
      path: 'pods[0]',
    });
    expect(podsToGc([], [1], { now: T0 })._unsafeUnwrapErr().path).toBe('nodes[0]');
    expect(podsToGc([], [], { now: Number.NaN })._unsafeUnwrapErr().path).toBe('options.now');
    expect(
      podsToGc([], [], { now: T0, quarantine: { due: { a: 'x' } } as never })._unsafeUnwrapErr()
        .path,
    ).toBe('options.quarantine');
  });
});
