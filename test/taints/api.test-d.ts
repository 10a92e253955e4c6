import type {
  Taint as KubeTaint,
  Toleration as KubeToleration,
  Pod,
} from 'kubernetes-types/core/v1';
import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import {
  applyDefaultTolerationSeconds,
  computeZoneState,
  findMatchingUntoleratedTaint,
  getMatchingTolerations,
  getMinTolerationTime,
  type ParsedTaint,
  parseTaint,
  type TaintEvictionAction,
  type TaintSpecError,
  type TolerationError,
  taintEvictionDecision,
  toleratesTaint,
  validateToleration,
  type ZoneState,
  zoneEvictionRate,
} from '../../src/taints/index';

describe('evictkit/taints types (the ARCHITECTURE contract)', () => {
  const taint: KubeTaint = { key: 'k', effect: 'NoExecute' };
  const toleration: KubeToleration = { key: 'k', operator: 'Exists' };
  const pod: Pod = { spec: { containers: [], tolerations: [toleration] } };

  it('matching takes kubernetes-types objects and keeps the caller types', () => {
    expectTypeOf(toleratesTaint(toleration, taint, { featureGates: {} })).toEqualTypeOf<boolean>();
    expectTypeOf(getMatchingTolerations([taint], [toleration]).used).toEqualTypeOf<
      KubeToleration[]
    >();
    expectTypeOf(
      getMatchingTolerations([taint], [toleration]).allTolerated,
    ).toEqualTypeOf<boolean>();
    expectTypeOf(
      findMatchingUntoleratedTaint([taint], [toleration], (t) => t.effect === 'NoSchedule'),
    ).toEqualTypeOf<KubeTaint | undefined>();
    expectTypeOf(getMinTolerationTime([toleration])).toEqualTypeOf<number>();
  });

  it('the eviction decision and the admission plugin', () => {
    const d = taintEvictionDecision(pod, [taint], {
      now: 0,
      scheduled: { createdAt: 0, fireAt: 1 },
    });
    expectTypeOf(d.action).toEqualTypeOf<TaintEvictionAction>();
    expectTypeOf(d.fireAt).toEqualTypeOf<number | undefined>();
    expectTypeOf(applyDefaultTolerationSeconds(pod, { notReadySeconds: 60 })).toEqualTypeOf<Pod>();
  });

  it('fallible functions return Results with typed errors', () => {
    expectTypeOf(parseTaint('k:NoExecute')).toEqualTypeOf<Result<ParsedTaint, TaintSpecError>>();
    expectTypeOf(validateToleration(toleration)).toMatchTypeOf<Result<unknown, TolerationError>>();
  });

  it('zones', () => {
    expectTypeOf(
      computeZoneState([{ status: 'True' }, null], { unhealthyZoneThreshold: 0.55 }).state,
    ).toMatchTypeOf<ZoneState>();
    expectTypeOf(zoneEvictionRate('Normal', 3)).toEqualTypeOf<number>();
  });
});
