import { describe, expect, it } from 'vitest';
import { explainVictimSelection, selectVictimsOnNode } from '../../src/preemption/select-victims';
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
  veryLargeRes,
} from './builders';

const node = makeNode('node1', veryLargeRes);

describe('selectVictimsOnNode', () => {
  it('explains every victim and every reprieve (medium priority pod is preempted, but lower priority one stays as it is small)', () => {
    const preemptor = makePod('p', { priority: highPriority, req: largeRes });
    const pods = [
      makePod('p1.1', { node: 'node1', priority: lowPriority, req: smallRes }),
      makePod('p1.2', { node: 'node1', priority: midPriority, req: largeRes }),
    ];
    const s = selectVictimsOnNode(preemptor, pods, { node });
    expect(s).not.toBeNull();
    expect(names(s?.victims ?? [])).toEqual(['p1.2']);
    expect(names(s?.reprieved ?? [])).toEqual(['p1.1']);
    expect(s?.steps.map((x) => x.why)).toEqual([
      'p1.2 (priority 100) is a victim: the preemptor does not fit with it back on the node',
      'p1.1 (priority 0) is reprieved: the preemptor still fits with it back on the node',
    ]);
    expect(s?.why).toBe('1 of 2 lower-priority pod(s) must go; 1 reprieved');
  });

  it('tries PDB-violating pods first, then re-sorts the victims by importance', () => {
    const preemptor = makePod('p', { priority: highPriority, req: veryLargeRes });
    const pods = [
      makePod('a', { priority: midPriority, req: smallRes, startTime: 1 }),
      makePod('b', { priority: lowPriority, req: smallRes, labels: { app: 'x' } }),
      makePod('c', { priority: midPriority, req: smallRes, startTime: 2 }),
    ];
    const s = selectVictimsOnNode(preemptor, pods, { node, pdbs: [makePdb({ app: 'x' })] });
    expect(s?.steps.map((x) => [x.ref, x.pdbViolating, x.outcome])).toEqual([
      ['b', true, 'victim'],
      ['a', false, 'victim'],
      ['c', false, 'victim'],
    ]);
    expect(names(s?.victims ?? [])).toEqual(['a', 'c', 'b']);
    expect(s?.numPDBViolations).toBe(1);
  });

  it('keeps reprieve order when only one PDB group has pods', () => {
    const preemptor = makePod('p', { priority: highPriority, req: veryLargeRes });
    const pods = [
      makePod('a', { priority: lowPriority, req: smallRes }),
      makePod('b', { priority: midPriority, req: smallRes }),
    ];
    expect(names(selectVictimsOnNode(preemptor, pods, { node })?.victims ?? [])).toEqual([
      'b',
      'a',
    ]);
  });

  it('is null when no pod has a lower priority', () => {
    const preemptor = makePod('p', { priority: midPriority });
    const pods = [
      makePod('a', { priority: midPriority }),
      makePod('b', { priority: highPriority }),
    ];
    expect(selectVictimsOnNode(preemptor, pods, { node })).toBeNull();
    const o = explainVictimSelection(preemptor, pods, { node })._unsafeUnwrap();
    expect(o).toMatchObject({
      kind: 'no-victims',
      status: 'UnschedulableAndUnresolvable',
      message: 'No preemption victims found for incoming pod',
      fitChecks: 0,
    });
    if (o.kind === 'no-victims')
      expect(o.notPreemptable.map((n) => n.why)).toEqual([
        "a has priority 100, not lower than the preemptor's 100",
        "b has priority 1000, not lower than the preemptor's 100",
      ]);
  });

  it('is null when the preemptor does not fit even without the lower-priority pods, with the filter reasons', () => {
    const preemptor = makePod('p', { priority: highPriority, req: largeRes });
    const pods = [
      makePod('a', { priority: highPriority, req: largeRes }),
      makePod('b', { priority: lowPriority, req: smallRes }),
    ];
    expect(selectVictimsOnNode(preemptor, pods, { node })).toBeNull();
    const o = explainVictimSelection(preemptor, pods, { node })._unsafeUnwrap();
    expect(o).toMatchObject({
      kind: 'does-not-fit',
      status: 'Unschedulable',
      message: 'Insufficient cpu, Insufficient memory',
    });
  });

  it('counts higher-priority nominated pods as running, in a first pass', () => {
    const preemptor = makePod('p', { priority: midPriority, req: largeRes });
    const pods = [makePod('a', { priority: lowPriority, req: smallRes })];
    const nominatedHigh = [makePod('n', { priority: highPriority, req: mediumRes })];
    const nominatedLow = [makePod('n', { priority: lowPriority, req: mediumRes })];
    // With n (200m) counted, p (300m) only fits once a (100m) is gone.
    expect(
      names(
        selectVictimsOnNode(preemptor, pods, { node, nominatedPods: nominatedHigh })?.victims ?? [],
      ),
    ).toEqual(['a']);
    // A lower-priority nominated pod yields to the preemptor: a stays and p fits.
    expect(
      selectVictimsOnNode(preemptor, pods, { node, nominatedPods: nominatedLow })?.victims,
    ).toEqual([]);
  });

  it('accepts a custom fit over the remaining pods', () => {
    const preemptor = makePod('p', { priority: highPriority });
    const pods = [
      makePod('a', { priority: lowPriority }),
      makePod('b', { priority: lowPriority }),
      makePod('c', { priority: lowPriority }),
    ];
    const s = selectVictimsOnNode(preemptor, pods, { fits: (remaining) => remaining.length <= 1 });
    expect(names(s?.victims ?? [])).toEqual(['b', 'c']);
  });

  it('reports a throwing fit as an error value', () => {
    const preemptor = makePod('p', { priority: highPriority });
    const res = explainVictimSelection(preemptor, [makePod('a', { priority: 0 })], {
      fits: () => {
        throw new Error('boom');
      },
    });
    expect(res._unsafeUnwrapErr()).toMatchObject({
      code: 'callback-failed',
      message: 'options.fits threw: boom',
    });
  });

  it('needs a fit function or a node', () => {
    const res = explainVictimSelection(makePod('p', { priority: 1 }), []);
    expect(res._unsafeUnwrapErr().code).toBe('no-fit-function');
  });
});
