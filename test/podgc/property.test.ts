import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { podsToGc } from '../../src/podgc/pods-to-gc';
import { gcNode, gcPod } from './builders';

const T0 = Date.parse('2026-11-01T10:00:00Z');
const phases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown', ''];
const nodeNames = ['n0', 'n1', 'n2', 'gone', ''];

const podArb = fc.record({
  phase: fc.constantFrom(...phases),
  evicted: fc.boolean(),
  node: fc.constantFrom(...nodeNames),
  deleting: fc.boolean(),
  hour: fc.integer({ min: 0, max: 5 }),
});
const podsArb = fc.array(podArb, { maxLength: 12 }).map((rs) =>
  rs.map((r, i) =>
    gcPod(`p${i}`, {
      phase: r.phase,
      nodeName: r.node,
      deletionTimestamp: r.deleting,
      creationHour: r.hour,
      ...(r.evicted ? { reason: 'Evicted' } : {}),
    }),
  ),
);
const nodesArb = fc
  .array(
    fc.record({
      name: fc.constantFrom('n0', 'n1', 'n2'),
      ready: fc.constantFrom<'True' | 'False' | undefined>('True', 'False', undefined),
      oos: fc.boolean(),
    }),
    { maxLength: 3 },
  )
  .map((rs) =>
    rs.map((r) =>
      gcNode(r.name, {
        ...(r.ready === undefined ? {} : { ready: r.ready }),
        ...(r.oos
          ? { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] }
          : {}),
      }),
    ),
  );
const optionsArb = fc.record({
  threshold: fc.integer({ min: -2, max: 8 }),
  quarantineMs: fc.constantFrom(-1, 0, 40_000),
});

type Pod = ReturnType<typeof gcPod>;
const view = (p: Pod) =>
  p as {
    spec: { nodeName?: string };
    status: { phase?: string };
    metadata: { deletionTimestamp?: string };
  };
const readyNodes = (nodes: ReturnType<typeof gcNode>[]) => {
  const names = new Map<string, boolean>();
  for (const n of nodes) {
    const conds = (n.status as { conditions?: { status: string }[] }).conditions ?? [];
    names.set((n.metadata as { name: string }).name, conds[0]?.status === 'True');
  }
  return names;
};

describe('podsToGc properties', () => {
  test.prop([podsArb, nodesArb, optionsArb], { numRuns: 500 })(
    'never deletes a running pod on a live (listed, Ready) node',
    (pods, nodes, o) => {
      const plan = podsToGc(pods, nodes, {
        now: T0,
        terminatedPodThreshold: o.threshold,
        quarantineMs: o.quarantineMs,
      })._unsafeUnwrap();
      const ready = readyNodes(nodes);
      for (const d of plan.deletions) {
        const p = view(d.pod as Pod);
        const onLiveNode = ready.get(p.spec.nodeName ?? '') === true;
        expect(p.status.phase === 'Running' && onLiveNode).toBe(false);
      }
    },
  );

  test.prop([podsArb, nodesArb, optionsArb], { numRuns: 500 })(
    'the terminated sweep deletes exactly max(0, terminated - threshold) pods',
    (pods, nodes, o) => {
      const plan = podsToGc(pods, nodes, {
        now: T0,
        terminatedPodThreshold: o.threshold,
      })._unsafeUnwrap();
      const terminated = pods.filter(
        (p) => !['Pending', 'Running', 'Unknown'].includes(view(p).status.phase ?? ''),
      ).length;
      const want = o.threshold > 0 ? Math.max(0, terminated - o.threshold) : 0;
      const swept = plan.deletions.filter((d) => d.sweep === 'terminated');
      expect(swept.length).toBe(want);
      expect(new Set(swept.map((d) => d.pod)).size).toBe(want);
    },
  );

  test.prop([podsArb, nodesArb], { numRuns: 300 })(
    'with a quarantine, no orphan goes on first sight; every delete is forced',
    (pods, nodes) => {
      const plan = podsToGc(pods, nodes, { now: T0 })._unsafeUnwrap();
      expect(plan.deletions.filter((d) => d.sweep === 'orphaned')).toEqual([]);
      for (const d of plan.deletions) {
        expect(d.deleteOptions).toEqual({ gracePeriodSeconds: 0 });
        const phase = view(d.pod as Pod).status.phase;
        expect(d.statusUpdate === undefined).toBe(phase === 'Succeeded' || phase === 'Failed');
      }
    },
  );
});
