import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { byEvictionAndCreationTimestamp, podsToGc } from '../../src/podgc/index';

const anyValue = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
});
const podish = fc.oneof(
  anyValue,
  fc.record({ metadata: anyValue, spec: anyValue, status: anyValue }),
);

describe('podsToGc on hostile input', () => {
  test.prop(
    [
      fc.oneof(anyValue, fc.array(podish)),
      fc.oneof(anyValue, fc.array(podish)),
      fc.oneof(
        anyValue,
        fc.record({
          now: fc.oneof(anyValue, fc.integer()),
          terminatedPodThreshold: anyValue,
          quarantineMs: anyValue,
          quarantine: anyValue,
          nodeExists: anyValue,
        }),
      ),
    ],
    { numRuns: 3000 },
  )('never throws', (pods, nodes, options) => {
    podsToGc(pods as unknown[], nodes as unknown[], options as never);
  });
  test.prop([podish, podish], { numRuns: 2000 })('the comparator never throws', (a, b) => {
    expect(Number.isNaN(byEvictionAndCreationTimestamp(a, b))).toBe(false);
  });
  it('a throwing nodeExists counts as a failed GET', () => {
    const pod = {
      metadata: { name: 'a' },
      spec: { nodeName: 'gone' },
      status: { phase: 'Running' },
    };
    const plan = podsToGc([pod], [], {
      now: 0,
      quarantineMs: 0,
      nodeExists: () => {
        throw new Error('boom');
      },
    })._unsafeUnwrap();
    expect(plan.deletions).toEqual([]);
    expect(plan.nodeChecks).toEqual([{ node: 'gone', outcome: 'error' }]);
  });
});
