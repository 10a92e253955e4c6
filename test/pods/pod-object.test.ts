import { describe, expect, it } from 'vitest';
import { readNodeObject } from '../../src/pods/node-object';
import { readPodObject, readTimestamp } from '../../src/pods/pod-object';

describe('readTimestamp', () => {
  it.each([
    ['2026-11-01T10:00:00Z', Date.parse('2026-11-01T10:00:00Z')],
    [new Date('2026-11-01T10:00:00Z'), Date.parse('2026-11-01T10:00:00Z')],
    [12, 12],
    ['not a time', undefined],
    [new Date(Number.NaN), undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [null, undefined],
  ])('%s', (input, want) => {
    expect(readTimestamp(input)).toBe(want);
  });
});

describe('readPodObject', () => {
  it('reads the lifecycle and scheduling fields', () => {
    const v = readPodObject({
      metadata: {
        name: 'a',
        namespace: 'ns',
        uid: 'u',
        labels: { app: 'x', n: 3 },
        deletionTimestamp: '2026-11-01T10:00:00Z',
        deletionGracePeriodSeconds: 0,
        finalizers: ['f', 1],
      },
      spec: { nodeName: 'n1', priority: 7, preemptionPolicy: 'Never' },
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        startTime: 5,
        nominatedNodeName: 'n2',
        conditions: [{ type: 'DisruptionTarget', status: 'True' }, 'junk'],
      },
    });
    expect(v).toMatchObject({
      name: 'a',
      namespace: 'ns',
      labels: { app: 'x' },
      labelCount: 1,
      deletionGracePeriodSeconds: 0,
      finalizers: ['f'],
      nodeName: 'n1',
      priority: 7,
      preemptionPolicy: 'Never',
      phase: 'Failed',
      reason: 'Evicted',
      startTime: 5,
      nominatedNodeName: 'n2',
    });
    expect(v.conditions).toHaveLength(1);
  });
  it('reads a non-object as an empty pod', () => {
    expect(readPodObject('x').name).toBe('');
    expect(readPodObject(null).priority).toBe(0);
  });
});

describe('readNodeObject', () => {
  it('reads readiness, taints and allocatable', () => {
    const v = readNodeObject({
      metadata: { name: 'n' },
      spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] },
      status: {
        allocatable: { cpu: '2', pods: 110, bad: 'x' },
        conditions: [{ type: 'Ready', status: 'False' }],
      },
    });
    expect(v.name).toBe('n');
    expect(v.ready).toBe(false);
    expect(v.taints).toEqual([{ key: 'k', value: '', effect: 'NoSchedule' }]);
    expect([...v.allocatable.keys()]).toEqual(['cpu', 'pods']);
    expect(readNodeObject({ status: {} }).ready).toBe(false);
  });
});
