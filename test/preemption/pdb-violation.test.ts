import { describe, expect, it } from 'vitest';
import { filterPodsWithPDBViolation } from '../../src/preemption/pdb-violation';
import { makePdb, makePod, names } from './builders';

const pod = (name: string, labels?: Record<string, string>, namespace = 'ns') =>
  makePod(name, { namespace, ...(labels === undefined ? {} : { labels }) });
const pdb = (
  sel: Record<string, string> | undefined,
  allowed: number,
  extra: { disruptedPods?: Record<string, string>; name?: string; namespace?: string } = {},
) =>
  makePdb(
    sel,
    {
      disruptionsAllowed: allowed,
      ...(extra.disruptedPods ? { disruptedPods: extra.disruptedPods } : {}),
    },
    {
      name: extra.name ?? 'pdb',
      namespace: extra.namespace ?? 'ns',
    },
  );

describe('filterPodsWithPDBViolation', () => {
  it.each([
    {
      name: 'each matched pod takes one from the allowance; the one that takes it below zero violates',
      pods: [pod('a', { app: 'x' }), pod('b', { app: 'x' })],
      pdbs: [pdb({ app: 'x' }, 1)],
      violating: ['b'],
    },
    {
      name: 'an exhausted PDB makes every matched pod violating',
      pods: [pod('a', { app: 'x' }), pod('b', { app: 'x' })],
      pdbs: [pdb({ app: 'x' }, 0)],
      violating: ['a', 'b'],
    },
    {
      name: 'pods already in disruptedPods are neither charged nor violating',
      pods: [pod('a', { app: 'x' }), pod('b', { app: 'x' })],
      pdbs: [pdb({ app: 'x' }, 1, { disruptedPods: { a: '2026-01-01T00:00:00Z' } })],
      violating: [],
    },
    {
      name: 'a pod without labels matches no PDB',
      pods: [pod('a')],
      pdbs: [pdb({ app: 'x' }, 0)],
      violating: [],
    },
    {
      name: 'namespaces must match',
      pods: [pod('a', { app: 'x' }, 'other')],
      pdbs: [pdb({ app: 'x' }, 0)],
      violating: [],
    },
    {
      name: 'an empty selector selects no pod in the scheduler',
      pods: [pod('a', { app: 'x' })],
      pdbs: [makePdb({}, { disruptionsAllowed: 0 }, { namespace: 'ns' })],
      violating: [],
    },
    {
      name: 'a nil selector selects no pod',
      pods: [pod('a', { app: 'x' })],
      pdbs: [pdb(undefined, 0)],
      violating: [],
    },
    {
      name: 'an invalid selector matches nothing',
      pods: [pod('a', { app: 'x' })],
      pdbs: [
        {
          metadata: { namespace: 'ns' },
          spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Foo' }] } },
          status: { disruptionsAllowed: 0 },
        },
      ],
      violating: [],
    },
    {
      name: 'every matching PDB is charged, even after one is violated',
      pods: [pod('a', { app: 'x', tier: 'web' }), pod('b', { tier: 'web' })],
      pdbs: [pdb({ app: 'x' }, 0, { name: 'p1' }), pdb({ tier: 'web' }, 1, { name: 'p2' })],
      violating: ['a', 'b'],
    },
  ])('$name', ({ pods, pdbs, violating }) => {
    const split = filterPodsWithPDBViolation(pods, pdbs);
    expect(names(split.violating)).toEqual(violating);
    expect(split.violating.length + split.nonViolating.length).toBe(pods.length);
  });

  it('explains the charges per pod', () => {
    const split = filterPodsWithPDBViolation(
      [pod('a', { app: 'x' }), pod('b', { app: 'x' })],
      [pdb({ app: 'x' }, 1, { name: 'web' })],
    );
    expect(split.accounts.map((a) => a.why)).toEqual([
      'ns/a: PDB "web" has 0 disruption(s) left after it',
      'ns/b: PDB "web" has -1 disruption(s) left after it, so preempting it violates a PDB',
    ]);
  });

  it('reports the PDBs it ignores', () => {
    const split = filterPodsWithPDBViolation([pod('a', { app: 'x' })], [42, makePdb({}, {})]);
    expect(split.ignoredPdbs.map((p) => p.pdb)).toEqual([0, 1]);
  });
});
