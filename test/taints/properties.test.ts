import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  computeZoneState,
  formatTaint,
  getMatchingTolerations,
  getMinTolerationTime,
  parseTaint,
  type TaintEvictionDecision,
  type TaintLike,
  type TolerationLike,
  taintEvictionDecision,
  tolerationsTolerateTaint,
} from '../../src/taints/index';

const key = fc.constantFrom('a', 'b', 'c', 'example.com/d');
const value = fc.constantFrom('', 'x', 'y', '1', '10', '-5');
const gates = fc.record({ TaintTolerationComparisonOperators: fc.boolean() });

const noExecuteTaint: fc.Arbitrary<TaintLike> = fc.record({
  key,
  value,
  effect: fc.constant('NoExecute'),
});
const toleration: fc.Arbitrary<TolerationLike> = fc.record(
  {
    key: fc.constantFrom('', 'a', 'b', 'c', 'example.com/d'),
    operator: fc.constantFrom('', 'Equal', 'Exists', 'Lt', 'Gt', 'In'),
    value,
    effect: fc.constantFrom('', 'NoExecute', 'NoSchedule'),
    tolerationSeconds: fc.option(fc.integer({ min: -5, max: 100_000 }), { nil: null }),
  },
  { requiredKeys: [] },
);

const podWith = (tolerations: TolerationLike[]) => ({
  metadata: { name: 'p', namespace: 'ns' },
  spec: { nodeName: 'node1', tolerations },
});

/** When the decision deletes the pod: now, at fireAt, or never. */
function evictionTime(d: TaintEvictionDecision, now: number): number {
  switch (d.action) {
    case 'evict-now':
      return now;
    case 'schedule':
    case 'keep':
      return d.fireAt as number;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

const scheduled = fc.option(
  fc.record({
    createdAt: fc.integer({ min: 0, max: 999 }),
    fireAt: fc.integer({ min: 1_001, max: 10_000_000 }),
  }),
  { nil: undefined },
);

describe('taint eviction properties', () => {
  propTest.prop([
    fc.array(noExecuteTaint, { minLength: 1, maxLength: 4 }),
    fc.array(toleration, { maxLength: 4 }),
    scheduled,
    gates,
  ])(
    'a pod that tolerates none of the NoExecute taints is deleted now',
    (taints, tolerations, existing, featureGates) => {
      fc.pre(taints.every((t) => !tolerationsTolerateTaint(tolerations, t, { featureGates })));
      const d = taintEvictionDecision(podWith(tolerations), taints, {
        now: 1_000,
        featureGates,
        ...(existing === undefined ? {} : { scheduled: existing }),
      });
      expect(d.action).toBe('evict-now');
      expect(d.fireAt).toBe(1_000);
    },
  );

  propTest.prop([
    fc.array(noExecuteTaint, { minLength: 1, maxLength: 4 }),
    fc.array(toleration, { maxLength: 4 }),
    toleration,
    scheduled,
    gates,
  ])(
    'adding a toleration (at the end of the list) never makes an eviction earlier',
    (taints, tolerations, extra, existing, featureGates) => {
      const options = {
        now: 1_000,
        featureGates,
        ...(existing === undefined ? {} : { scheduled: existing }),
      };
      const before = taintEvictionDecision(podWith(tolerations), taints, options);
      const after = taintEvictionDecision(podWith([...tolerations, extra]), taints, options);
      expect(evictionTime(after, 1_000)).toBeGreaterThanOrEqual(evictionTime(before, 1_000));
    },
  );

  it('…but a toleration inserted before an existing one for the same taint can (first match wins)', () => {
    const taints = [{ key: 'a', effect: 'NoExecute' }];
    const forever = { key: 'a', operator: 'Exists', effect: 'NoExecute' };
    const short = { ...forever, tolerationSeconds: 10 };
    expect(taintEvictionDecision(podWith([forever]), taints, { now: 0 }).action).toBe('none');
    expect(taintEvictionDecision(podWith([short, forever]), taints, { now: 0 })).toMatchObject({
      action: 'schedule',
      fireAt: 10_000,
    });
  });

  propTest.prop([
    fc.array(noExecuteTaint, { maxLength: 4 }),
    fc.array(toleration, { maxLength: 5 }),
    fc.integer(),
    gates,
  ])(
    'allTolerated does not depend on the order of the tolerations',
    (taints, tolerations, seed, featureGates) => {
      const shuffled = [...tolerations];
      let s = seed;
      for (let i = shuffled.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        const j = s % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as TolerationLike, shuffled[i] as TolerationLike];
      }
      const a = getMatchingTolerations(taints, tolerations, { featureGates });
      const b = getMatchingTolerations(taints, shuffled, { featureGates });
      expect(b.allTolerated).toBe(a.allTolerated);
    },
  );

  propTest.prop([
    fc.array(noExecuteTaint, { minLength: 1, maxLength: 4 }),
    fc.array(toleration, { maxLength: 5 }),
  ])("getMinTolerationTime(used) ≤ each used toleration's seconds", (taints, tolerations) => {
    const { used } = getMatchingTolerations(taints, tolerations);
    const min = getMinTolerationTime(used);
    for (const t of used) {
      if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
      expect(min).not.toBe(-1);
      expect(min).toBeLessThanOrEqual(Math.max(0, t.tolerationSeconds * 1000));
    }
    if (used.length > 0 && used.every((t) => t.tolerationSeconds == null)) expect(min).toBe(-1);
  });

  propTest.prop([
    fc.array(noExecuteTaint, { minLength: 1, maxLength: 3 }),
    fc.array(toleration, { maxLength: 4 }),
    fc.integer({ min: 1, max: 10_000 }),
  ])('a kept schedule is kept exactly, whatever the tolerations', (taints, tolerations, later) => {
    const first = taintEvictionDecision(podWith(tolerations), taints, { now: 0 });
    fc.pre(first.action === 'schedule');
    const s = { createdAt: first.createdAt as number, fireAt: first.fireAt as number };
    fc.pre(later < s.fireAt);
    const again = taintEvictionDecision(podWith(tolerations), taints, { now: later, scheduled: s });
    expect(again).toMatchObject({ action: 'keep', createdAt: s.createdAt, fireAt: s.fireAt });
  });
});

describe('taint strings and zones', () => {
  const qualified = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,20}[a-z0-9])?$/);
  const labelValue = fc.oneof(fc.constant(''), qualified);
  propTest.prop([
    qualified,
    labelValue,
    fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
  ])('parseTaint(formatTaint(t)) gives t back', (k, v, effect) => {
    expect(parseTaint(formatTaint({ key: k, value: v, effect }))._unsafeUnwrap()).toEqual({
      key: k,
      value: v,
      effect,
    });
  });

  propTest.prop([fc.array(fc.constantFrom('True', 'False', 'Unknown', null), { maxLength: 60 })])(
    'ComputeZoneState: counts add up, and a zone with a Ready node is never fully disrupted',
    (statuses) => {
      const r = computeZoneState(statuses.map((s) => (s === null ? null : { status: s })));
      expect(r.ready + r.notReady).toBe(statuses.length);
      if (r.ready > 0) expect(r.state).not.toBe('FullDisruption');
      if (r.notReady <= 2 && r.ready > 0) expect(r.state).toBe('Normal');
    },
  );
});
