import { describe, expect, it } from 'vitest';
import { dryRunPreemption, type PotentialNode } from '../../src/preemption/dry-run';
import {
  explainNodePick,
  type PreemptionCandidate,
  pickOneNodeForPreemption,
} from '../../src/preemption/pick-node';
import type { SelectVictimsOptions } from '../../src/preemption/select-victims';
import {
  highPriority,
  largeRes,
  lowPriority,
  makeNode,
  makePod,
  mediumRes,
  midPriority,
  names,
  negPriority,
  smallRes,
  veryHighPriority,
  veryLargeRes,
} from './builders';

type Pod = Record<string, unknown>;
const nodeOf = (p: Pod) => (p.spec as { nodeName?: string }).nodeName ?? '';

function nodesFor(nodeNames: string[], pods: Pod[]): PotentialNode<Pod>[] {
  return nodeNames.map((name) => ({
    node: makeNode(name, veryLargeRes),
    pods: pods.filter((p) => nodeOf(p) === name),
  }));
}

function candidatesFor(
  preemptor: Pod,
  nodeNames: string[],
  pods: Pod[],
  options: SelectVictimsOptions<Pod> = {},
): PreemptionCandidate<Pod>[] {
  return dryRunPreemption(preemptor, nodesFor(nodeNames, pods), options)._unsafeUnwrap().candidates;
}

// TestSelectBestCandidate (defaultpreemption), v1.37: DryRunPreemption, then SelectCandidate.
describe('TestSelectBestCandidate', () => {
  const t = 0;
  const cases: { name: string; nodeNames: string[]; pod: Pod; pods: Pod[]; expected: string[] }[] =
    [
      {
        name: 'a pod that fits on both nodes when lower priority pods are preempted',
        nodeNames: ['node1', 'node2'],
        pod: makePod('p', { priority: highPriority, req: largeRes }),
        pods: [
          makePod('p1', { node: 'node1', priority: midPriority, req: largeRes, startTime: t }),
          makePod('p2', { node: 'node2', priority: midPriority, req: largeRes, startTime: t }),
        ],
        expected: ['node1', 'node2'],
      },
      {
        name: 'node with min highest priority pod is picked',
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p1.2', { node: 'node1', priority: midPriority, req: largeRes, startTime: t }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p2.2', { node: 'node2', priority: lowPriority, req: mediumRes, startTime: t }),
          makePod('p3.1', { node: 'node3', priority: lowPriority, req: mediumRes, startTime: t }),
          makePod('p3.2', { node: 'node3', priority: lowPriority, req: mediumRes, startTime: t }),
        ],
        expected: ['node3'],
      },
      {
        name: 'when highest priorities are the same, minimum sum of priorities is picked',
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p1.2', { node: 'node1', priority: midPriority, req: largeRes, startTime: t }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: largeRes, startTime: t }),
          makePod('p2.2', { node: 'node2', priority: lowPriority, req: mediumRes, startTime: t }),
          makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p3.2', { node: 'node3', priority: midPriority, req: mediumRes, startTime: t }),
        ],
        expected: ['node2'],
      },
      {
        name: 'when highest priority and sum are the same, minimum number of pods is picked',
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: smallRes, startTime: t }),
          makePod('p1.2', { node: 'node1', priority: negPriority, req: smallRes, startTime: t }),
          makePod('p1.3', { node: 'node1', priority: midPriority, req: smallRes, startTime: t }),
          makePod('p1.4', { node: 'node1', priority: negPriority, req: smallRes, startTime: t }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: largeRes, startTime: t }),
          makePod('p2.2', { node: 'node2', priority: negPriority, req: mediumRes, startTime: t }),
          makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p3.2', { node: 'node3', priority: negPriority, req: smallRes, startTime: t }),
          makePod('p3.3', { node: 'node3', priority: lowPriority, req: smallRes, startTime: t }),
        ],
        expected: ['node2'],
      },
      {
        name: 'sum of adjusted priorities is considered',
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: smallRes, startTime: t }),
          makePod('p1.2', { node: 'node1', priority: negPriority, req: smallRes, startTime: t }),
          makePod('p1.3', { node: 'node1', priority: negPriority, req: smallRes, startTime: t }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: largeRes, startTime: t }),
          makePod('p2.2', { node: 'node2', priority: negPriority, req: mediumRes, startTime: t }),
          makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p3.2', { node: 'node3', priority: negPriority, req: smallRes, startTime: t }),
          makePod('p3.3', { node: 'node3', priority: lowPriority, req: smallRes, startTime: t }),
        ],
        expected: ['node2'],
      },
      {
        name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
        nodeNames: ['node1', 'node2', 'node3', 'node4'],
        pod: makePod('p', { priority: veryHighPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: smallRes, startTime: t }),
          makePod('p1.2', { node: 'node1', priority: lowPriority, req: smallRes, startTime: t }),
          makePod('p1.3', { node: 'node1', priority: lowPriority, req: smallRes, startTime: t }),
          makePod('p2.1', { node: 'node2', priority: highPriority, req: largeRes, startTime: t }),
          makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p3.2', { node: 'node3', priority: lowPriority, req: smallRes, startTime: t }),
          makePod('p3.3', { node: 'node3', priority: lowPriority, req: smallRes, startTime: t }),
          makePod('p3.4', { node: 'node3', priority: lowPriority, req: mediumRes, startTime: t }),
          makePod('p4.1', { node: 'node4', priority: midPriority, req: mediumRes, startTime: t }),
          makePod('p4.2', { node: 'node4', priority: midPriority, req: smallRes, startTime: t }),
          makePod('p4.3', { node: 'node4', priority: midPriority, req: smallRes, startTime: t }),
          makePod('p4.4', { node: 'node4', priority: negPriority, req: smallRes, startTime: t }),
        ],
        expected: ['node1'],
      },
      {
        name: "same priority, same number of victims, different start time for each node's pod",
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 2 }),
          makePod('p1.2', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 2 }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: mediumRes, startTime: 3 }),
          makePod('p2.2', { node: 'node2', priority: midPriority, req: mediumRes, startTime: 3 }),
          makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes, startTime: 1 }),
          makePod('p3.2', { node: 'node3', priority: midPriority, req: mediumRes, startTime: 1 }),
        ],
        expected: ['node2'],
      },
      {
        name: 'same priority, same number of victims, different start time for all pods',
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 4 }),
          makePod('p1.2', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 2 }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: mediumRes, startTime: 5 }),
          makePod('p2.2', { node: 'node2', priority: midPriority, req: mediumRes, startTime: 1 }),
          makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes, startTime: 3 }),
          makePod('p3.2', { node: 'node3', priority: midPriority, req: mediumRes, startTime: 6 }),
        ],
        expected: ['node3'],
      },
      {
        name: 'different priority, same number of victims, different start time for all pods',
        nodeNames: ['node1', 'node2', 'node3'],
        pod: makePod('p', { priority: highPriority, req: veryLargeRes }),
        pods: [
          makePod('p1.1', { node: 'node1', priority: lowPriority, req: mediumRes, startTime: 4 }),
          makePod('p1.2', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 2 }),
          makePod('p2.1', { node: 'node2', priority: midPriority, req: mediumRes, startTime: 6 }),
          makePod('p2.2', { node: 'node2', priority: lowPriority, req: mediumRes, startTime: 1 }),
          makePod('p3.1', { node: 'node3', priority: lowPriority, req: mediumRes, startTime: 3 }),
          makePod('p3.2', { node: 'node3', priority: midPriority, req: mediumRes, startTime: 5 }),
        ],
        expected: ['node2'],
      },
    ];
  it.each(cases)('$name', (c) => {
    const candidates = candidatesFor(c.pod, c.nodeNames, c.pods);
    expect(c.expected).toContain(pickOneNodeForPreemption(candidates));
  });
});

// TestCustomSelection: the IsEligiblePod hook; candidates are taken out one by one with
// SelectCandidate, and each must have the expected victims.
describe('TestCustomSelection', () => {
  type Eligible = (victim: Pod, preemptor: unknown) => boolean;
  const labels = (p: unknown) =>
    (p as { metadata: { labels?: Record<string, string> } }).metadata.labels ?? {};
  const prio = (p: unknown) => (p as { spec: { priority?: number } }).spec.priority ?? 0;
  const podLabelIsEligible =
    (key: string, val: string): Eligible =>
    (v) =>
      labels(v)[key] === val;
  const nodeNameIsEligible =
    (name: string): Eligible =>
    (v) =>
      nodeOf(v) === name;
  const priorityBelowThresholdCannotPreempt =
    (min: number): Eligible =>
    (_v, p) =>
      prio(p) >= min;
  const priorityAboveThresholdCannotBePreempted =
    (max: number): Eligible =>
    (v) =>
      prio(v) <= max;
  const labelled = (name: string, node: string, priority: number, preemptible?: string) =>
    makePod(name, {
      node,
      priority,
      req: largeRes,
      startTime: 0,
      ...(preemptible === undefined ? {} : { labels: { preemptible } }),
    });
  const labelPods = [
    labelled('v1', 'node1', midPriority, 'no'),
    labelled('v2', 'node2', midPriority, 'yes'),
    labelled('v3', 'node3', lowPriority, 'yes'),
    labelled('v4', 'node4', lowPriority),
  ];
  const nodePods = (v1Req: Record<string, string>) => [
    makePod('v1', { node: 'node1', priority: highPriority, req: v1Req, startTime: 0 }),
    makePod('v2', { node: 'node1', priority: midPriority, req: smallRes, startTime: 0 }),
    makePod('v3', { node: 'node1', priority: lowPriority, req: smallRes, startTime: 0 }),
    makePod('v4', { node: 'node2', priority: midPriority, req: largeRes, startTime: 0 }),
    makePod('v5', { node: 'node3', priority: lowPriority, req: largeRes, startTime: 0 }),
  ];
  const threePods = [
    makePod('v1', { node: 'node1', priority: highPriority, req: largeRes, startTime: 0 }),
    makePod('v2', { node: 'node2', priority: midPriority, req: largeRes, startTime: 0 }),
    makePod('v3', { node: 'node3', priority: lowPriority, req: largeRes, startTime: 0 }),
  ];
  const four = ['node1', 'node2', 'node3', 'node4'];
  const three = ['node1', 'node2', 'node3'];
  const cases: {
    name: string;
    eligible: Eligible;
    nodeNames: string[];
    pod: Pod;
    pods: Pod[];
    expected: Record<string, string[]>;
  }[] = [
    {
      name: 'filter for matching pod label: high priority',
      eligible: podLabelIsEligible('preemptible', 'yes'),
      nodeNames: four,
      pod: makePod('p1', { priority: highPriority, req: largeRes }),
      pods: labelPods,
      expected: { node2: ['v2'], node3: ['v3'] },
    },
    {
      name: 'filter for matching pod label: mid priority',
      eligible: podLabelIsEligible('preemptible', 'yes'),
      nodeNames: four,
      pod: makePod('p2', { priority: midPriority, req: largeRes }),
      pods: labelPods,
      expected: { node3: ['v3'] },
    },
    {
      name: 'filter for matching pod label: low priority',
      eligible: podLabelIsEligible('preemptible', 'yes'),
      nodeNames: four,
      pod: makePod('p3', { priority: lowPriority, req: largeRes }),
      pods: labelPods,
      expected: {},
    },
    {
      name: 'filter for matching victim node: high priority',
      eligible: nodeNameIsEligible('node1'),
      nodeNames: three,
      pod: makePod('p3', { priority: highPriority, req: largeRes }),
      pods: nodePods(mediumRes),
      expected: { node1: ['v2', 'v3'] },
    },
    {
      name: 'filter for matching victim node: mid priority',
      eligible: nodeNameIsEligible('node1'),
      nodeNames: three,
      pod: makePod('p3', { priority: midPriority, req: largeRes }),
      pods: nodePods(smallRes),
      expected: { node1: ['v3'] },
    },
    {
      name: 'filter for matching victim node: low priority',
      eligible: nodeNameIsEligible('node1'),
      nodeNames: three,
      pod: makePod('p3', { priority: lowPriority, req: largeRes }),
      pods: nodePods(smallRes),
      expected: {},
    },
    {
      name: 'only pods at or above specified priority can preempted: high priority',
      eligible: priorityBelowThresholdCannotPreempt(highPriority),
      nodeNames: three,
      pod: makePod('p1', { priority: highPriority, req: largeRes }),
      pods: threePods,
      expected: { node2: ['v2'], node3: ['v3'] },
    },
    {
      name: 'only pods at or above specified priority can preempted: mid priority',
      eligible: priorityBelowThresholdCannotPreempt(highPriority),
      nodeNames: three,
      pod: makePod('p2', { priority: midPriority, req: largeRes }),
      pods: threePods,
      expected: {},
    },
    {
      name: 'only pods at or below specified priority can be preempted: high priority',
      eligible: priorityAboveThresholdCannotBePreempted(midPriority),
      nodeNames: three,
      pod: makePod('p1', { priority: highPriority, req: largeRes }),
      pods: threePods,
      expected: { node2: ['v2'], node3: ['v3'] },
    },
  ];
  it.each(cases)('$name', (c) => {
    let candidates = candidatesFor(c.pod, c.nodeNames, c.pods, { isEligiblePod: c.eligible });
    expect(candidates.length).toBe(Object.keys(c.expected).length);
    while (candidates.length > 0) {
      const selected = pickOneNodeForPreemption(candidates);
      const chosen = candidates.find((x) => x.name === selected);
      expect(chosen).toBeDefined();
      expect(names(chosen?.victims ?? [])).toEqual(c.expected[selected]);
      candidates = candidates.filter((x) => x.name !== selected);
    }
  });
});

// TestCustomOrdering: the MoreImportantPod hook.
describe('TestCustomOrdering', () => {
  const start = (p: Pod) =>
    (p.status as { startTime?: number }).startTime ?? Number.POSITIVE_INFINITY;
  const nameOf = (p: Pod) => (p.metadata as { name: string }).name;
  it('select newest pods', () => {
    const pods = [
      makePod('v1', { node: 'node1', priority: lowPriority, req: mediumRes, startTime: 2 }),
      makePod('v2', { node: 'node1', priority: lowPriority, req: mediumRes, startTime: 0 }),
      makePod('v3', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 1 }),
    ];
    const c = candidatesFor(
      makePod('p2', { priority: highPriority, req: largeRes }),
      ['node1'],
      pods,
      {
        moreImportantPod: (a, b) => start(a) < start(b),
      },
    );
    expect(c).toHaveLength(1);
    expect(names(c[0]?.victims ?? [])).toEqual(['v3', 'v1']);
  });
  it('select alphabetically-last pods', () => {
    const pods = [
      makePod('foo', {
        uid: 'v1',
        node: 'node1',
        priority: lowPriority,
        req: mediumRes,
        startTime: 0,
      }),
      makePod('bar', {
        uid: 'v2',
        node: 'node1',
        priority: lowPriority,
        req: mediumRes,
        startTime: 0,
      }),
      makePod('baz', {
        uid: 'v3',
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        startTime: 0,
      }),
    ];
    const c = candidatesFor(
      makePod('p2', { priority: highPriority, req: largeRes }),
      ['node1'],
      pods,
      {
        moreImportantPod: (a, b) => nameOf(a) < nameOf(b),
      },
    );
    expect(names(c[0]?.victims ?? [])).toEqual(['baz', 'foo']);
  });
});

// TestPreempt "basic preemption logic": the victims and the node, without the API calls.
describe('TestPreempt', () => {
  it('basic preemption logic', () => {
    const pod = makePod('p', {
      namespace: 'default',
      priority: highPriority,
      req: veryLargeRes,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    const pods = [
      makePod('p1.1', { node: 'node1', priority: lowPriority, req: smallRes }),
      makePod('p1.2', { node: 'node1', priority: lowPriority, req: smallRes }),
      makePod('p2.1', { node: 'node2', priority: highPriority, req: largeRes }),
      makePod('p3.1', { node: 'node3', priority: midPriority, req: mediumRes }),
    ];
    const candidates = candidatesFor(pod, ['node1', 'node2', 'node3'], pods);
    const node = pickOneNodeForPreemption(candidates);
    expect(node).toBe('node1');
    expect(names(candidates.find((c) => c.name === node)?.victims ?? []).sort()).toEqual([
      'p1.1',
      'p1.2',
    ]);
  });
});

// pickOneNodeForPreemption directly: each criterion decides alone.
describe('TestPickOneNodeForPreemption', () => {
  const v = (name: string, priority: number, startTime?: number) =>
    makePod(name, { priority, ...(startTime === undefined ? {} : { startTime }) });
  const cand = (name: string, victims: Pod[], numPDBViolations = 0): PreemptionCandidate<Pod> => ({
    name,
    victims,
    numPDBViolations,
  });
  it.each([
    { name: 'no candidates', candidates: [], want: '' },
    {
      name: 'a single candidate is taken without scoring',
      candidates: [cand('only', [], 3)],
      want: 'only',
    },
    {
      name: 'fewest PDB violations',
      candidates: [cand('a', [v('a1', 1)], 2), cand('b', [v('b1', 100)], 1)],
      want: 'b',
    },
    {
      name: 'lowest highest-victim priority',
      candidates: [cand('a', [v('a1', 10), v('a2', 0)]), cand('b', [v('b1', 5)])],
      want: 'b',
    },
    {
      name: 'smallest priority sum, offset so that more negative victims cost more',
      candidates: [
        cand('a', [v('a1', -5), v('a2', -5), v('a3', -5)]),
        cand('b', [v('b1', -5), v('b2', -5)]),
      ],
      want: 'b',
    },
    {
      name: 'fewest victims',
      candidates: [
        cand('a', [v('a1', 5), v('a2', 0)]),
        cand('b', [v('b1', 5), v('b2', 0)]),
        cand('c', [v('c1', 5), v('c2', 0)]),
      ],
      want: 'a',
    },
    {
      name: 'latest earliest start time of the highest-priority victims',
      candidates: [
        cand('a', [v('a1', 5, 10), v('a2', 5, 30)]),
        cand('b', [v('b1', 5, 20), v('b2', 5, 25)]),
      ],
      want: 'b',
    },
    {
      name: 'an unstarted victim counts as starting now',
      candidates: [cand('a', [v('a1', 5, 10)]), cand('b', [v('b1', 5)])],
      want: 'b',
    },
    {
      name: 'a full tie goes to the first candidate given',
      candidates: [cand('x', [v('x1', 5, 10)]), cand('y', [v('y1', 5, 10)])],
      want: 'x',
    },
  ])('$name', ({ candidates, want }) => {
    expect(pickOneNodeForPreemption(candidates)).toBe(want);
  });

  it('explains each round', () => {
    const pick = explainNodePick([
      cand('a', [v('a1', 10)], 0),
      cand('b', [v('b1', 5)], 0),
      cand('c', [v('c1', 1)], 1),
    ])._unsafeUnwrap();
    expect(pick.node).toBe('b');
    expect(pick.rounds.map((r) => [r.criterion, r.kept])).toEqual([
      ['fewest-pdb-violations', ['a', 'b']],
      ['lowest-highest-victim-priority', ['b']],
    ]);
    expect(pick.why).toBe('b has the lowest priority of its most important victim');
  });

  it('uses the sum offset of 2^31 per victim', () => {
    const pick = explainNodePick([
      cand('a', [v('a1', -1)]),
      cand('b', [v('b1', -1)]),
    ])._unsafeUnwrap();
    expect(pick.rounds[2]?.scores[0]?.score).toBe(-(2n ** 31n - 1n));
  });

  it('rejects a candidate without victims once victims must be compared', () => {
    const res = explainNodePick([cand('a', []), cand('b', [v('b1', 1)])]);
    expect(res._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-candidate',
      message: 'expected at least one victim pod on node "a"',
    });
    expect(pickOneNodeForPreemption([cand('a', []), cand('b', [v('b1', 1)])])).toBe('');
  });

  it('a repeated node name keeps its last victims, as upstream map does', () => {
    expect(
      pickOneNodeForPreemption([
        cand('a', [v('a1', 100)]),
        cand('b', [v('b1', 50)]),
        cand('a', [v('a2', 1)]),
      ]),
    ).toBe('a');
  });
});
