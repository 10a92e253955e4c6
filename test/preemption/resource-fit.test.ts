import { describe, expect, it } from 'vitest';
import {
  explainResourceFit,
  isExtendedResourceName,
  isScalarResourceName,
  resourceFit,
} from '../../src/preemption/resource-fit';
import { makeNode, makePod } from './builders';

describe('resourceFit (NodeResourcesFit)', () => {
  const node = makeNode('n', {
    cpu: '1',
    memory: '1Gi',
    'example.com/gpu': '2',
    'hugepages-2Mi': '4Mi',
    pods: '3',
  });
  it.each([
    {
      name: 'fits in the free cpu and memory',
      req: { cpu: '500m', memory: '512Mi' },
      used: [{ cpu: '500m', memory: '512Mi' }],
      reasons: [],
    },
    {
      name: 'insufficient cpu',
      req: { cpu: '600m' },
      used: [{ cpu: '500m' }],
      reasons: ['Insufficient cpu'],
    },
    {
      name: 'insufficient memory',
      req: { memory: '600Mi' },
      used: [{ memory: '512Mi' }],
      reasons: ['Insufficient memory'],
    },
    { name: 'too many pods', req: {}, used: [{}, {}, {}], reasons: ['Too many pods'] },
    {
      name: 'an extended resource',
      req: { 'example.com/gpu': '2' },
      used: [{ 'example.com/gpu': '1' }],
      reasons: ['Insufficient example.com/gpu'],
    },
    {
      name: 'hugepages',
      req: { 'hugepages-2Mi': '4Mi' },
      used: [{ 'hugepages-2Mi': '2Mi' }],
      reasons: ['Insufficient hugepages-2Mi'],
    },
    {
      name: 'an extended resource the node does not have',
      req: { 'example.com/fpga': '1' },
      used: [],
      reasons: ['Insufficient example.com/fpga'],
    },
    {
      name: 'an overcommitted resource the preemptor does not request is not checked',
      req: { memory: '1Mi' },
      used: [{ cpu: '2' }],
      reasons: [],
    },
    {
      name: 'a pod requesting nothing only needs a pod slot',
      req: {},
      used: [{ cpu: '5', memory: '5Gi' }],
      reasons: [],
    },
  ])('$name', ({ req, used, reasons }) => {
    const preemptor = makePod('p', { req });
    const pods = used.map((r, i) => makePod(`u${i}`, { req: r }));
    const got = explainResourceFit(preemptor, node, pods)._unsafeUnwrap();
    expect(got.insufficient.map((i) => i.reason)).toEqual(reasons);
    expect(resourceFit(preemptor, node)(pods)).toBe(reasons.length === 0);
  });

  it('skips ignored extended resources and resource groups', () => {
    const preemptor = makePod('p', { req: { 'example.com/fpga': '1', 'acme.io/x': '1' } });
    expect(
      explainResourceFit(preemptor, node, [], {
        ignoredResources: ['example.com/fpga'],
        ignoredResourceGroups: ['acme.io'],
      })._unsafeUnwrap().fits,
    ).toBe(true);
  });

  it('reports the numbers', () => {
    const got = explainResourceFit(makePod('p', { req: { cpu: '600m' } }), node, [
      makePod('u', { req: { cpu: '500m' } }),
    ])._unsafeUnwrap();
    expect(got.insufficient).toEqual([
      {
        resourceName: 'cpu',
        reason: 'Insufficient cpu',
        requested: 600n,
        used: 500n,
        capacity: 1000n,
      },
    ]);
  });

  it('rejects what is not a pod or a node', () => {
    expect(explainResourceFit(null, node, [])._unsafeUnwrapErr().code).toBe('invalid-pod');
    expect(explainResourceFit(makePod('p'), 'node', [])._unsafeUnwrapErr().code).toBe(
      'invalid-node',
    );
  });
});

describe('resource names', () => {
  it.each([
    ['cpu', false, false],
    ['example.com/gpu', true, true],
    ['kubernetes.io/foo', false, true],
    ['hugepages-1Gi', false, true],
    ['attachable-volumes-csi-x', false, true],
    ['requests.example.com/gpu', false, false],
    ['example.com/bad name', false, false],
  ])('%s: extended %s, scalar %s', (name, extended, scalar) => {
    expect(isExtendedResourceName(name)).toBe(extended);
    expect(isScalarResourceName(name)).toBe(scalar);
  });
});
