import { describe, expect, it } from 'vitest';
import { planDrain } from '../../src/disruption/drain-plan';
import { evictionDecision } from '../../src/disruption/eviction-decision';
import { pdbsForPod } from '../../src/disruption/pdb-match';
import { pdbStatus } from '../../src/disruption/pdb-status';
import { readPodFacts } from '../../src/disruption/pod-facts';
import { filterPodsWithPDBViolation } from '../../src/preemption/pdb-violation';
import { newPdb, newPod, T0 } from './builders';

// Which pods a PDB's selector covers, per component, in Kubernetes v1.37:
// - Eviction API (pkg/registry/core/pod/storage/eviction.go, getPodDisruptionBudgets): skips a
//   PDB whose selector does not convert, then `!selector.Matches(labels)`. Since PR #119732
//   (v1.29, "Fix to honor PDB with an empty selector {}") there is no `selector.Empty()` skip, so
//   `{}` covers every pod of the namespace, labelled or not; nil converts to labels.Nothing().
// - Disruption controller (pkg/controller/disruption, getPodsForPdb): lists pods with the
//   converted selector, so the same; an invalid selector is a sync error.
// - Scheduler preemption (filterPodsWithPDBViolation): `selector.Empty()` → skip, and a pod
//   without labels matches nothing (changed only by PR #141785, after v1.37).
const SELECTORS = [
  // name, selector, eviction path / controller cover the pod, preemption may count it
  ['nil selector', null, false, false],
  ['absent selector', undefined, false, false],
  ['empty selector {}', {}, true, false],
  ['empty matchLabels', { matchLabels: {} }, true, false],
  ['matching selector', { matchLabels: { app: 'web' } }, true, true],
  ['non-matching selector', { matchLabels: { app: 'db' } }, false, true],
  ['invalid selector', { matchExpressions: [{ key: 'app', operator: 'Foo' }] }, false, false],
] as const;

const blockingPdb = (selector: unknown) => {
  const pdb = newPdb({
    name: 'budget',
    minAvailable: 1,
    status: {
      observedGeneration: 0,
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
    },
  });
  (pdb.spec as Record<string, unknown>).selector = selector;
  if (selector === undefined) delete (pdb.spec as Record<string, unknown>).selector;
  return pdb;
};

describe('PDB selector semantics by component (v1.37)', () => {
  for (const labels of [{ app: 'web' }, {}] as const) {
    const unlabelled = Object.keys(labels).length === 0;
    describe(unlabelled ? 'a pod without labels' : 'a pod labelled app=web', () => {
      it.each(SELECTORS)('%s', (name, selector, evictionCovers, preemptionCounts) => {
        const pod = newPod({ name: 'p', labels, nodeName: 'n1' });
        const pdb = blockingPdb(selector);
        // An unlabelled pod matches a selector with requirements only if it has none.
        const covers = evictionCovers && !(unlabelled && name.startsWith('matching'));

        expect(pdbsForPod(readPodFacts(pod), [pdb]).length, name).toBe(covers ? 1 : 0);
        expect(evictionDecision(pod, [pdb], { now: T0 }).code, name).toBe(covers ? 429 : 201);

        const plan = planDrain({
          node: 'n1',
          pods: [pod],
          pdbs: [pdb],
          drain: { now: T0, force: true },
        });
        expect(plan.pods[0]?.action, name).toBe(covers ? 'blocked' : 'evict');

        const status = pdbStatus(pdb, [pod], { now: T0 });
        if (name === 'invalid selector') {
          expect(status.isErr()).toBe(true);
        } else {
          expect(status._unsafeUnwrap().selectedPods.length, name).toBe(covers ? 1 : 0);
        }

        // Preemption: the PDB allows no disruption, so a pod it covers is violating.
        const preemptionCovers = preemptionCounts && covers && !unlabelled;
        expect(filterPodsWithPDBViolation([pod], [pdb]).violating.length, name).toBe(
          preemptionCovers ? 1 : 0,
        );
      });
    });
  }
});
