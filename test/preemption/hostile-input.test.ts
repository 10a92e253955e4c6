import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  dryRunPreemption,
  explainEligibility,
  explainNodePick,
  explainResourceFit,
  explainVictimSelection,
  filterPodsWithPDBViolation,
  getEarliestPodStartTime,
  labelSelectorAsSelector,
  moreImportantPod,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  podTerminatingByPreemption,
  resourceFit,
  selectVictimsOnNode,
} from '../../src/preemption/index';
import { makePod } from './builders';

// Every public function takes arbitrary values without throwing.
const anyValue = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withTypedArray: true,
});
const podish = fc.oneof(
  anyValue,
  fc.record({ metadata: anyValue, spec: anyValue, status: anyValue }),
);
const runs = { numRuns: 2000 };

describe('hostile input', () => {
  test.prop([podish, fc.oneof(anyValue, fc.array(podish)), anyValue], runs)(
    'selectVictimsOnNode / explainVictimSelection',
    (a, b, c) => {
      selectVictimsOnNode(a, b as unknown[], c as never);
      explainVictimSelection(a, b as unknown[], c as never);
    },
  );
  test.prop([podish, fc.oneof(anyValue, fc.array(podish)), anyValue], runs)(
    'selectVictimsOnNode with a node',
    (a, b, node) => {
      selectVictimsOnNode(a, b as unknown[], { node, pdbs: [node] });
    },
  );
  test.prop(
    [
      fc.oneof(
        anyValue,
        fc.array(
          fc.record({
            name: anyValue,
            victims: fc.oneof(anyValue, fc.array(podish)),
            numPDBViolations: anyValue,
          }),
        ),
      ),
      anyValue,
    ],
    runs,
  )('pickOneNodeForPreemption / explainNodePick', (cands, clock) => {
    pickOneNodeForPreemption(cands as never, clock as never);
    explainNodePick(cands as never, clock as never);
  });
  test.prop([podish, anyValue], runs)('podEligibleToPreemptOthers', (a, b) => {
    podEligibleToPreemptOthers(a, b as never);
    explainEligibility(a, b as never);
    podTerminatingByPreemption(a);
  });
  test.prop([fc.oneof(anyValue, fc.array(podish)), fc.oneof(anyValue, fc.array(anyValue))], runs)(
    'filterPodsWithPDBViolation',
    (pods, pdbs) => {
      filterPodsWithPDBViolation(pods as unknown[], pdbs as unknown[]);
    },
  );
  test.prop([podish, podish, fc.oneof(anyValue, fc.array(podish)), anyValue], runs)(
    'resource fit',
    (p, n, pods, o) => {
      explainResourceFit(p, n, pods as unknown[], o as never);
      resourceFit(p, n, o as never)(pods as unknown[]);
    },
  );
  test.prop(
    [
      podish,
      fc.oneof(
        anyValue,
        fc.array(
          fc.record({ node: anyValue, pods: fc.oneof(anyValue, fc.array(podish)), name: anyValue }),
        ),
      ),
      anyValue,
    ],
    runs,
  )('dryRunPreemption', (p, nodes, o) => {
    dryRunPreemption(p, nodes as never, o as never);
  });
  test.prop([anyValue, podish, podish], runs)(
    'labelSelectorAsSelector, moreImportantPod, getEarliestPodStartTime',
    (sel, a, b) => {
      const s = labelSelectorAsSelector(sel);
      if (s.isOk()) s.value.matches(a as never);
      moreImportantPod(a, b, { now: sel as never });
      getEarliestPodStartTime([a, b], { now: sel as never });
    },
  );

  it('survives objects whose getters throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('nope');
        },
        ownKeys() {
          throw new Error('nope');
        },
      },
    );
    const pod = makePod('p', { priority: 10 });
    expect(() =>
      selectVictimsOnNode(pod, [hostile], { node: hostile, pdbs: [hostile] }),
    ).not.toThrow();
    expect(() => selectVictimsOnNode(hostile, [pod], { fits: () => true })).not.toThrow();
    expect(() => pickOneNodeForPreemption([hostile as never])).not.toThrow();
    expect(() => podEligibleToPreemptOthers(hostile)).not.toThrow();
    expect(() => labelSelectorAsSelector(hostile)).not.toThrow();
    expect(() => filterPodsWithPDBViolation([hostile], [hostile])).not.toThrow();
  });
});
