import { KubeConfig, type V1Pod, type V1PodDisruptionBudget } from '@kubernetes/client-node';
import { expectTypeOf, test } from 'vitest';
import {
  createEvictionClient,
  type EvictionDecision,
  evictionDecision,
  pdbStatus,
} from '../../src/disruption/index';

test('client-node models and KubeConfig fit the disruption API', () => {
  const pod = {} as V1Pod;
  const pdb = {} as V1PodDisruptionBudget;
  expectTypeOf(evictionDecision(pod, [pdb], { now: 0 })).toEqualTypeOf<EvictionDecision>();
  expectTypeOf(pdbStatus(pdb, [pod], { now: 0 }).isOk()).toEqualTypeOf<boolean>();
  expectTypeOf(createEvictionClient).toBeCallableWith({ kubeConfig: new KubeConfig() });
});
