import { fc, test as fcTest } from '@fast-check/vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect } from 'vitest';
import { localStorageEviction } from '../../src/ranking/local-storage';
import type { PodStats } from '../../src/signals/summary';

// Random pods with an emptyDir limit, a container ephemeral-storage limit and random usage.
const podArb = fc.record({
  sizeLimit: fc.integer({ min: 0, max: 1000 }),
  volumeUsed: fc.integer({ min: 0, max: 2000 }),
  containerLimit: fc.integer({ min: 0, max: 1000 }),
  rootfs: fc.integer({ min: 0, max: 1000 }),
  logs: fc.integer({ min: 0, max: 1000 }),
  podUsed: fc.integer({ min: 0, max: 3000 }),
  critical: fc.boolean(),
  hasStats: fc.boolean(),
});
type Spec = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function build(specs: Spec[]): { pods: Pod[]; stats: Map<string, PodStats> } {
  const pods: Pod[] = [];
  const stats = new Map<string, PodStats>();
  specs.forEach((s, i) => {
    const uid = `p${i}`;
    pods.push({
      metadata: {
        name: uid,
        uid,
        ...(s.critical ? { annotations: { 'kubernetes.io/config.source': 'file' } } : {}),
      },
      spec: {
        containers: [
          { name: 'c', resources: { limits: { 'ephemeral-storage': String(s.containerLimit) } } },
        ],
        volumes: [{ name: 'v', emptyDir: { sizeLimit: String(s.sizeLimit) } }],
      },
    });
    if (s.hasStats) {
      stats.set(uid, {
        podRef: { name: uid, namespace: 'default', uid },
        containers: [{ name: 'c', rootfs: { usedBytes: s.rootfs }, logs: { usedBytes: s.logs } }],
        volume: [{ name: 'v', usedBytes: s.volumeUsed }],
        'ephemeral-storage': { usedBytes: s.podUsed },
      });
    }
  });
  return { pods, stats };
}

/** The rule restated independently: the first check that fires decides. */
function expected(s: Spec): string | undefined {
  if (!s.hasStats || s.critical) return undefined;
  if (s.sizeLimit > 0 && s.volumeUsed > s.sizeLimit) return 'emptydir-limit';
  if (s.podUsed > s.containerLimit) return 'pod-ephemeral-storage-limit';
  if (s.containerLimit > 0 && s.rootfs + s.logs > s.containerLimit) {
    return 'container-ephemeral-storage-limit';
  }
  return undefined;
}

describe('localStorageEviction properties', () => {
  fcTest.prop([fc.array(podArb, { maxLength: 20 })], { numRuns: 300 })(
    'evicts exactly the pods over a limit, in input order, for the first check that fires',
    (specs) => {
      const { pods, stats } = build(specs);
      const evicted = localStorageEviction(pods, (p) => stats.get(p.metadata?.uid ?? ''));
      const want = specs
        .map((s, i) => ({ i, kind: expected(s) }))
        .filter((x) => x.kind !== undefined);
      expect(evicted.map((e) => [pods.indexOf(e.pod), e.reason.kind])).toEqual(
        want.map((w) => [w.i, w.kind]),
      );
      for (const e of evicted) {
        expect(e.gracePeriodOverrideSeconds).toBe(1);
        expect(e.reason.usage.cmp(e.reason.limit)).toBe(1);
      }
    },
  );
});
