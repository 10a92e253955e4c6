import { describe, expect, it } from 'vitest';
import {
  calculateNumCandidates,
  dryRunPreemption,
  type PotentialNode,
} from '../../src/preemption/dry-run';
import { resourceFit } from '../../src/preemption/resource-fit';
import {
  highPriority,
  largeRes,
  lowPriority,
  makeNode,
  makePdb,
  makePod,
  mediumRes,
  midPriority,
  names,
  smallRes,
  veryHighPriority,
  veryLargeRes,
} from './builders';

// TestDryRunPreemption (pkg/scheduler/framework/plugins/defaultpreemption), v1.37. Nodes have
// capacity veryLargeRes (500m cpu, 500 memory, 32 pods) as upstream's. Filters other than
// NodeResourcesFit are emulated with a custom `fits`; candidates and victims are compared
// sorted by name, as upstream does.

type Pod = Record<string, unknown>;
type Expected = { name: string; victims: string[]; numPDBViolations?: number };

interface Case {
  name: string;
  nodeNames: string[];
  preemptor: Pod;
  initPods: Pod[];
  pdbs?: unknown[];
  /** A fit replacing NodeResourcesFit for every node (a fake filter). */
  fit?: (preemptor: Pod, node: Pod) => (remaining: readonly Pod[]) => boolean;
  offset?: number;
  numCandidates?: number;
  expected: Expected[];
  expectedFitChecks: number;
}

const nodeOf = (p: Pod) => (p.spec as { nodeName?: string }).nodeName ?? '';
const never = () => () => false;

const cases: Case[] = [
  {
    name: 'a pod that does not fit on any node',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority }),
    initPods: [
      makePod('p1', { node: 'node1', priority: midPriority }),
      makePod('p2', { node: 'node2', priority: midPriority }),
    ],
    fit: never,
    expected: [],
    expectedFitChecks: 2,
  },
  {
    name: 'a pod that fits with no preemption',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority }),
    initPods: [
      makePod('p1', { node: 'node1', priority: midPriority }),
      makePod('p2', { node: 'node2', priority: midPriority }),
    ],
    fit: never, // the fake filter answers Unschedulable on every node
    expected: [],
    expectedFitChecks: 2,
  },
  {
    name: 'a pod that fits on both nodes when lower priority pods are preempted',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1', { node: 'node1', priority: midPriority, req: largeRes }),
      makePod('p2', { node: 'node2', priority: midPriority, req: largeRes }),
    ],
    expected: [
      { name: 'node1', victims: ['p1'] },
      { name: 'node2', victims: ['p2'] },
    ],
    expectedFitChecks: 4,
  },
  {
    name: 'a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: lowPriority, req: largeRes }),
    initPods: [
      makePod('p1', { node: 'node1', priority: midPriority, req: largeRes }),
      makePod('p2', { node: 'node2', priority: midPriority, req: largeRes }),
    ],
    expected: [],
    expectedFitChecks: 0,
  },
  {
    name: 'medium priority pod is preempted, but lower priority one stays as it is small',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1.1', { node: 'node1', priority: lowPriority, req: smallRes }),
      makePod('p1.2', { node: 'node1', priority: midPriority, req: largeRes }),
      makePod('p2', { node: 'node2', priority: midPriority, req: largeRes }),
    ],
    expected: [
      { name: 'node1', victims: ['p1.2'] },
      { name: 'node2', victims: ['p2'] },
    ],
    expectedFitChecks: 5,
  },
  {
    name: 'mixed priority pods are preempted',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1.1', { node: 'node1', priority: midPriority, req: smallRes }),
      makePod('p1.2', { node: 'node1', priority: lowPriority, req: smallRes }),
      makePod('p1.3', { node: 'node1', priority: midPriority, req: mediumRes }),
      makePod('p1.4', { node: 'node1', priority: highPriority, req: smallRes }),
      makePod('p2', { node: 'node2', priority: highPriority, req: largeRes }),
    ],
    expected: [{ name: 'node1', victims: ['p1.2', 'p1.3'] }],
    expectedFitChecks: 4,
  },
  {
    name: 'mixed priority pods are preempted, pick later StartTime one when priorities are equal',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1.1', { node: 'node1', priority: lowPriority, req: smallRes, startTime: 5 }),
      makePod('p1.2', { node: 'node1', priority: lowPriority, req: smallRes, startTime: 4 }),
      makePod('p1.3', { node: 'node1', priority: midPriority, req: mediumRes, startTime: 3 }),
      makePod('p1.4', { node: 'node1', priority: highPriority, req: smallRes, startTime: 2 }),
      makePod('p2', { node: 'node2', priority: highPriority, req: largeRes, startTime: 1 }),
    ],
    expected: [{ name: 'node1', victims: ['p1.1', 'p1.3'] }],
    expectedFitChecks: 4,
  },
  {
    name: 'pod with anti-affinity is preempted',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority, req: smallRes, labels: { foo: '' } }),
    initPods: [
      makePod('p1.1', { node: 'node1', priority: lowPriority, req: smallRes, labels: { foo: '' } }),
      makePod('p1.2', { node: 'node1', priority: midPriority, req: smallRes }),
      makePod('p1.3', { node: 'node1', priority: highPriority, req: smallRes }),
      makePod('p2', { node: 'node2', priority: highPriority, req: smallRes }),
    ],
    // p1.1 has required anti-affinity to pods labelled foo, and so does not let p land.
    fit: (preemptor, node) => {
      const byResources = resourceFit(preemptor, node);
      return (remaining) => byResources(remaining) && !names(remaining).includes('p1.1');
    },
    expected: [{ name: 'node1', victims: ['p1.1'] }],
    expectedFitChecks: 3,
  },
  {
    name: 'get Unschedulable in the preemption phase when the filter plugins filtering the nodes',
    nodeNames: ['node1', 'node2'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1', { node: 'node1', priority: midPriority, req: largeRes }),
      makePod('p2', { node: 'node2', priority: midPriority, req: largeRes }),
    ],
    fit: never,
    expected: [],
    expectedFitChecks: 2,
  },
  {
    name: 'preemption with violation of same pdb',
    nodeNames: ['node1'],
    preemptor: makePod('p', { priority: highPriority, req: veryLargeRes }),
    initPods: [
      makePod('p1.1', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
      makePod('p1.2', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
    ],
    pdbs: [makePdb({ app: 'foo' }, { disruptionsAllowed: 1 })],
    expected: [{ name: 'node1', victims: ['p1.1', 'p1.2'], numPDBViolations: 1 }],
    expectedFitChecks: 3,
  },
  {
    name: "preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods",
    nodeNames: ['node1'],
    preemptor: makePod('p', { priority: highPriority, req: veryLargeRes }),
    initPods: [
      makePod('p1.1', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
      makePod('p1.2', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
    ],
    pdbs: [
      makePdb(
        { app: 'foo' },
        { disruptionsAllowed: 1, disruptedPods: { p2: '2026-01-01T00:00:00Z' } },
      ),
    ],
    expected: [{ name: 'node1', victims: ['p1.1', 'p1.2'], numPDBViolations: 1 }],
    expectedFitChecks: 3,
  },
  {
    name: 'preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods',
    nodeNames: ['node1'],
    preemptor: makePod('p', { priority: highPriority, req: veryLargeRes }),
    initPods: [
      makePod('p1.1', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
      makePod('p1.2', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
    ],
    pdbs: [
      makePdb(
        { app: 'foo' },
        { disruptionsAllowed: 1, disruptedPods: { 'p1.2': '2026-01-01T00:00:00Z' } },
      ),
    ],
    expected: [{ name: 'node1', victims: ['p1.1', 'p1.2'], numPDBViolations: 0 }],
    expectedFitChecks: 3,
  },
  {
    name: "preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'",
    nodeNames: ['node1'],
    preemptor: makePod('p', { priority: highPriority, req: veryLargeRes }),
    initPods: [
      makePod('p1.1', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
      makePod('p1.2', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
      makePod('p1.3', {
        node: 'node1',
        priority: midPriority,
        req: mediumRes,
        labels: { app: 'foo' },
      }),
    ],
    pdbs: [
      makePdb(
        { app: 'foo' },
        { disruptionsAllowed: 1, disruptedPods: { 'p1.3': '2026-01-01T00:00:00Z' } },
      ),
    ],
    expected: [{ name: 'node1', victims: ['p1.1', 'p1.2', 'p1.3'], numPDBViolations: 1 }],
    expectedFitChecks: 4,
  },
  {
    // cycle=0 => offset=4 => node5 (yes), node1 (yes)
    name: 'all nodes are possible candidates, but DefaultPreemptionArgs limits to 2',
    nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [1, 2, 3, 4, 5].map((i) =>
      makePod(`p${i}`, { node: `node${i}`, priority: midPriority, req: largeRes }),
    ),
    offset: 4,
    numCandidates: calculateNumCandidates(5, {
      minCandidateNodesPercentage: 40,
      minCandidateNodesAbsolute: 1,
    }),
    expected: [
      { name: 'node1', victims: ['p1'] },
      { name: 'node5', victims: ['p5'] },
    ],
    expectedFitChecks: 4,
  },
  {
    // cycle=0 => offset=4 => node5 (no), node1 (yes), node2 (no), node3 (yes)
    name: 'some nodes are not possible candidates, DefaultPreemptionArgs limits to 2',
    nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1', { node: 'node1', priority: midPriority, req: largeRes }),
      makePod('p2', { node: 'node2', priority: veryHighPriority, req: largeRes }),
      makePod('p3', { node: 'node3', priority: midPriority, req: largeRes }),
      makePod('p4', { node: 'node4', priority: midPriority, req: largeRes }),
      makePod('p5', { node: 'node5', priority: veryHighPriority, req: largeRes }),
    ],
    offset: 4,
    numCandidates: 2,
    expected: [
      { name: 'node1', victims: ['p1'] },
      { name: 'node3', victims: ['p3'] },
    ],
    expectedFitChecks: 4,
  },
  {
    // cycle=0 => offset=4 => node5 (yes, pdb), node1 (yes, pdb), node2 (no, pdb), node3 (yes)
    name: 'preemption looks past numCandidates until a non-PDB violating node is found',
    nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
    preemptor: makePod('p', { priority: highPriority, req: largeRes }),
    initPods: [
      makePod('p1', {
        node: 'node1',
        priority: midPriority,
        req: largeRes,
        labels: { app: 'foo' },
      }),
      makePod('p2', {
        node: 'node2',
        priority: midPriority,
        req: largeRes,
        labels: { app: 'foo' },
      }),
      makePod('p3', { node: 'node3', priority: midPriority, req: largeRes }),
      makePod('p4', { node: 'node4', priority: midPriority, req: largeRes }),
      makePod('p5', {
        node: 'node5',
        priority: midPriority,
        req: largeRes,
        labels: { app: 'foo' },
      }),
    ],
    pdbs: [makePdb({ app: 'foo' }, { disruptionsAllowed: 0 })],
    offset: 4,
    numCandidates: calculateNumCandidates(5, {
      minCandidateNodesPercentage: 40,
      minCandidateNodesAbsolute: 2,
    }),
    expected: [
      { name: 'node1', victims: ['p1'], numPDBViolations: 1 },
      { name: 'node3', victims: ['p3'] },
      { name: 'node5', victims: ['p5'], numPDBViolations: 1 },
    ],
    expectedFitChecks: 8,
  },
];

function potentialNodes(
  c: Pick<Case, 'nodeNames' | 'initPods' | 'fit' | 'preemptor'>,
): PotentialNode<Pod>[] {
  return c.nodeNames.map((name) => {
    const node = makeNode(name, veryLargeRes);
    return {
      node,
      pods: c.initPods.filter((p) => nodeOf(p) === name),
      ...(c.fit === undefined ? {} : { fits: c.fit(c.preemptor, node) }),
    };
  });
}

describe('TestDryRunPreemption', () => {
  it.each(cases)('$name', (c) => {
    const run = dryRunPreemption(c.preemptor, potentialNodes(c), {
      pdbs: c.pdbs ?? [],
      ...(c.offset === undefined ? {} : { offset: c.offset }),
      ...(c.numCandidates === undefined ? {} : { numCandidates: c.numCandidates }),
    })._unsafeUnwrap();
    const got = run.candidates
      .map((cand) => ({
        name: cand.name,
        victims: names(cand.victims).sort(),
        numPDBViolations: cand.numPDBViolations,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(got).toEqual(c.expected.map((e) => ({ numPDBViolations: 0, ...e })));
    expect(run.fitChecks).toBe(c.expectedFitChecks);
  });

  it('preemption offset across multiple scheduling cycles and wrap around', () => {
    const initPods = [1, 2, 3, 4, 5].map((i) =>
      makePod(`p${i}`, { node: `node${i}`, priority: midPriority, req: largeRes }),
    );
    const nodeNames = ['node1', 'node2', 'node3', 'node4', 'node5'];
    const numCandidates = calculateNumCandidates(5, {
      minCandidateNodesPercentage: 40,
      minCandidateNodesAbsolute: 1,
    });
    // The offsets upstream's seeded random source draws for the three cycles.
    const cycles: [string, number, string[]][] = [
      ['tp1', 4, ['node1', 'node5']],
      ['tp2', 1, ['node2', 'node3']],
      ['tp3', 3, ['node4', 'node5']],
    ];
    for (const [name, offset, want] of cycles) {
      const preemptor = makePod(name, { priority: highPriority, req: largeRes });
      const run = dryRunPreemption(preemptor, potentialNodes({ nodeNames, initPods, preemptor }), {
        offset,
        numCandidates,
      })._unsafeUnwrap();
      expect(run.candidates.map((c) => c.name).sort()).toEqual(want);
      expect(run.fitChecks).toBe(4);
    }
  });

  it('puts candidates without PDB violations first and reports why other nodes are no candidates', () => {
    const preemptor = makePod('p', { priority: highPriority, req: largeRes });
    const initPods = [
      makePod('p1', {
        node: 'node1',
        priority: midPriority,
        req: largeRes,
        labels: { app: 'foo' },
      }),
      makePod('p2', { node: 'node2', priority: veryHighPriority, req: largeRes }),
      makePod('p3', { node: 'node3', priority: midPriority, req: largeRes }),
    ];
    const run = dryRunPreemption(
      preemptor,
      potentialNodes({ nodeNames: ['node1', 'node2', 'node3'], initPods, preemptor }),
      { pdbs: [makePdb({ app: 'foo' })] },
    )._unsafeUnwrap();
    expect(run.candidates.map((c) => c.name)).toEqual(['node3', 'node1']);
    expect(run.nodeStatuses).toEqual([
      {
        node: 'node2',
        code: 'UnschedulableAndUnresolvable',
        message: 'No preemption victims found for incoming pod',
      },
    ]);
  });
});

describe('calculateNumCandidates', () => {
  it.each([
    [1, 10, 100, 1],
    [100, 10, 100, 100],
    [1000, 10, 100, 100],
    [5000, 10, 100, 500],
    [5, 40, 1, 2],
    [5, 40, 2, 2],
    [7, 50, 1, 3],
    [0, 10, 100, 0],
  ])('%i nodes, %i%%, at least %i → %i', (nodes, pct, abs, want) => {
    expect(
      calculateNumCandidates(nodes, {
        minCandidateNodesPercentage: pct,
        minCandidateNodesAbsolute: abs,
      }),
    ).toBe(want);
  });
});
