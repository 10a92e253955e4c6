import type { V1Pod } from '@kubernetes/client-node';
import { describe, expectTypeOf, it } from 'vitest';
import { type GcDeletion, podsToGc } from '../../src/podgc/index';
import {
  pickOneNodeForPreemption,
  selectVictimsOnNode,
  type VictimSelection,
} from '../../src/preemption/index';

describe('the preemption and podgc API composes', () => {
  it('keeps the pod type through victim selection and GC', () => {
    const pods: V1Pod[] = [];
    const s = selectVictimsOnNode({} as V1Pod, pods, { fits: (remaining) => remaining.length < 3 });
    expectTypeOf(s).toEqualTypeOf<VictimSelection<V1Pod> | null>();
    if (s) expectTypeOf(pickOneNodeForPreemption([{ name: 'n', ...s }])).toEqualTypeOf<string>();
    const plan = podsToGc(pods, [], { now: 0 });
    if (plan.isOk()) expectTypeOf(plan.value.deletions).toEqualTypeOf<GcDeletion<V1Pod>[]>();
  });
});
