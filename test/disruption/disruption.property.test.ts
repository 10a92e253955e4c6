import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { workloadScaleOf } from '../../src/disruption/controller-scale';
import { evictionDecision } from '../../src/disruption/eviction-decision';
import { pdbStatusToApi, readPdbFacts } from '../../src/disruption/pdb';
import { DELETION_TIMEOUT_MS, pdbStatus } from '../../src/disruption/pdb-status';
import { iso, T0 } from './builders';

// Invariants of the PDB status and of the eviction decision over random clusters: a few
// controllers, pods that are ready or not, terminating or not, labelled or not, some awaiting
// deletion after an approved eviction; PDB specs of every kind.

const now = T0;
const CONTROLLERS = ['rs-a', 'rs-b', 'ss-c'];

const workloadsArb = fc
  .tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 0, max: 8 }),
  )
  .map(([a, b, c]) => [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs-a', namespace: 'ns', uid: 'rs-a' },
      spec: { replicas: a },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs-b', namespace: 'ns', uid: 'rs-b' },
      spec: { replicas: b },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'ss-c', namespace: 'ns', uid: 'ss-c' },
      spec: { replicas: c },
    },
  ]);

const podArb = (i: number) =>
  fc
    .record({
      ready: fc.boolean(),
      terminating: fc.boolean(),
      labelled: fc.boolean(),
      owner: fc.constantFrom(undefined, ...CONTROLLERS),
      phase: fc.constantFrom('Running', 'Running', 'Running', 'Pending', 'Succeeded'),
    })
    .map((p) => ({
      metadata: {
        name: `p${i}`,
        namespace: 'ns',
        uid: `uid-p${i}`,
        resourceVersion: '5',
        labels: p.labelled ? { app: 'x' } : { app: 'y' },
        ...(p.terminating ? { deletionTimestamp: iso(now - 1000) } : {}),
        ...(p.owner
          ? {
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: p.owner.startsWith('ss') ? 'StatefulSet' : 'ReplicaSet',
                  name: p.owner,
                  uid: p.owner,
                  controller: true,
                },
              ],
            }
          : {}),
      },
      spec: { nodeName: 'n' },
      status: { phase: p.phase, conditions: p.ready ? [{ type: 'Ready', status: 'True' }] : [] },
    }));

const podsArb = fc
  .integer({ min: 0, max: 10 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => podArb(i))));

const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
);
const specArb = fc.oneof(
  intOrPercent.map((v) => ({ minAvailable: v })),
  intOrPercent.map((v) => ({ maxUnavailable: v })),
  fc.constant({}),
);
const selectorArb = fc.constantFrom<unknown>({ matchLabels: { app: 'x' } }, {}, null);
const disruptedArb = fc.dictionary(
  fc.constantFrom('p0', 'p1', 'p2', 'p3', 'gone'),
  fc.integer({ min: -3 * 60_000, max: 0 }).map((d) => iso(now + d)),
);

const pdbArb = fc
  .record({ spec: specArb, selector: selectorArb, disrupted: disruptedArb })
  .map((r) => ({
    metadata: { name: 'budget', namespace: 'ns', generation: 1 },
    spec: { ...r.spec, selector: r.selector },
    status: { disruptedPods: r.disrupted },
  }));

describe('pdbStatus invariants', () => {
  test.prop([pdbArb, podsArb, workloadsArb])(
    'disruptionsAllowed never lets healthy pods fall below desiredHealthy',
    (pdb, pods, workloads) => {
      const result = pdbStatus(pdb, pods, { now, scaleOf: workloadScaleOf(workloads) });
      const status = result.isOk() ? result.value.status : result.error.failSafe;
      expect(status.disruptionsAllowed).toBeGreaterThanOrEqual(0);
      if (status.disruptionsAllowed > 0) {
        expect(status.currentHealthy - status.disruptionsAllowed).toBeGreaterThanOrEqual(
          status.desiredHealthy,
        );
        expect(status.expectedPods).toBeGreaterThan(0);
      }
      if (result.isOk()) {
        // currentHealthy counts only selected, ready, not terminating, not just-evicted pods.
        const selected = new Set(result.value.selectedPods);
        const healthy = pods.filter(
          (p) =>
            selected.has(p.metadata.name) &&
            p.status.conditions.length > 0 &&
            !('deletionTimestamp' in p.metadata) &&
            !(
              Object.hasOwn(status.disruptedPods, p.metadata.name) &&
              (status.disruptedPods[p.metadata.name] as number) + DELETION_TIMEOUT_MS > now
            ),
        );
        expect(status.currentHealthy).toBe(healthy.length);
        const condition = status.conditions.find((c) => c.type === 'DisruptionAllowed');
        expect(condition?.status).toBe(status.disruptionsAllowed > 0 ? 'True' : 'False');
        // Every kept disruptedPods entry is a selected, non-terminating pod, at most 2m old.
        for (const [name, at] of Object.entries(status.disruptedPods)) {
          expect(selected.has(name)).toBe(true);
          expect(at + DELETION_TIMEOUT_MS).toBeGreaterThanOrEqual(now);
        }
      }
    },
  );
});

describe('evictionDecision invariants', () => {
  const withStatus = (pdb: unknown, pods: unknown[], workloads: unknown[]) => {
    const r = pdbStatus(pdb, pods, { now, scaleOf: workloadScaleOf(workloads) });
    const status = r.isOk() ? r.value.status : r.error.failSafe;
    return { ...(pdb as object), status: pdbStatusToApi(status) };
  };

  test.prop([pdbArb, podsArb, workloadsArb, fc.boolean()])(
    'a 201 that used the budget decrements it by one and records the pod; nothing else writes',
    (pdb, pods, workloads, dryRun) => {
      const budget = withStatus(pdb, pods, workloads);
      const before = readPdbFacts(budget).status;
      for (const pod of pods) {
        const d = evictionDecision(pod, [budget], { now, dryRun });
        if (d.pdbUpdate !== undefined) {
          expect(d.code === 201 || d.code === 409).toBe(true);
          expect(dryRun).toBe(false);
          expect(d.pdbUpdate.status.disruptionsAllowed).toBe(before.disruptionsAllowed - 1);
          expect(d.pdbUpdate.status.disruptedPods[pod.metadata.name]).toBe(now);
        }
        if (d.code === 201 && d.path === 'budget-decremented') {
          expect(before.disruptionsAllowed).toBeGreaterThan(0);
          expect(dryRun ? d.pdbDryRun : d.pdbUpdate).toBeDefined();
        }
        if (d.code !== 201) expect(d.podCondition).toBeUndefined();
        // A Running, Ready pod covered by the budget is evicted only by using it.
        const covered = d.matchingPdbs.length === 1;
        const runningReady =
          pod.status.phase === 'Running' &&
          pod.status.conditions.length > 0 &&
          !('deletionTimestamp' in pod.metadata);
        if (covered && runningReady && d.code === 201) expect(d.path).toBe('budget-decremented');
        if (covered && runningReady && before.disruptionsAllowed === 0) expect(d.code).toBe(429);
      }
    },
  );
});

describe('evictions replayed against one budget', () => {
  test.prop([fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 12 })])(
    'never more budget-using evictions than disruptionsAllowed, the rest 429',
    (allowed, count) => {
      let budget: unknown = {
        metadata: { name: 'b', namespace: 'ns', generation: 1 },
        spec: { selector: {}, minAvailable: 0 },
        status: {
          observedGeneration: 1,
          disruptionsAllowed: allowed,
          currentHealthy: 9,
          desiredHealthy: 3,
          expectedPods: 9,
        },
      };
      let used = 0;
      for (let i = 0; i < count; i++) {
        const pod = {
          metadata: { name: `p${i}`, namespace: 'ns', labels: {} },
          status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
        };
        const d = evictionDecision(pod, [budget], { now });
        if (d.code === 201) {
          used++;
          const update = d.pdbUpdate;
          if (update === undefined) throw new Error('a budget-using 201 writes the PDB');
          budget = { ...(budget as object), status: pdbStatusToApi(update.status) };
        } else expect(d.code).toBe(429);
      }
      expect(used).toBe(Math.min(allowed, count));
      const after = readPdbFacts(budget).status;
      expect(after.disruptionsAllowed).toBe(allowed - used);
      expect(Object.keys(after.disruptedPods)).toHaveLength(used);
      const condition = after.conditions.find((c) => c.type === 'DisruptionAllowed');
      if (used > 0 && after.disruptionsAllowed === 0)
        expect(condition?.reason).toBe('InsufficientPods');
    },
  );
});
