import { describe, expect, it } from 'vitest';
import { formatSyncResult } from '../../src/manager/format';
import { createEvictionManager, tryCreateEvictionManager } from '../../src/manager/manager';
import { parseManagerState } from '../../src/manager/state';
import type { Pod } from '../../src/pods/pod';
import type { Summary } from '../../src/signals/summary';
import { defaultPriority, newResourceList } from '../ranking/builders';
import { th } from '../thresholds/builders';
import { MINUTE, makeDiskStats, makeMemoryStats, mockPodKiller, SECOND } from './helpers';
import { makePods, makePodWithDiskStats, makePodWithMemoryStats, scenario } from './scenario';

const threePods = () =>
  makePods(
    [
      { name: 'this-one-goes', priority: defaultPriority, memoryWorkingSet: '1Gi' },
      { name: 'this-one-stays', priority: defaultPriority, memoryWorkingSet: '900Mi' },
      { name: 'this-one-stays-too', priority: defaultPriority, memoryWorkingSet: '100Mi' },
    ].map((p) => ({
      ...p,
      requests: newResourceList('100m', '1Gi'),
      limits: newResourceList('100m', '1Gi'),
    })),
    makePodWithMemoryStats,
  );

describe('dryRun', () => {
  it('decides and explains but never calls killPod', async () => {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('500Mi', stats),
      extra: { dryRun: true },
    });
    const r = await s.sync();
    expect(s.killer.calls).toEqual([]);
    expect(r.outcome).toBe('would-evict');
    expect(r.dryRun).toBe(true);
    expect(r.eviction).toMatchObject({
      name: 'this-one-goes',
      killed: false,
      gracePeriodOverrideSeconds: 1,
    });
    expect(r.explanation.ranking?.candidates[0]?.verdict).toBe('would-evict');
    expect(s.manager.isUnderMemoryPressure()).toBe(true);
    expect(formatSyncResult(r)).toContain('would evict this-one-goes');
  });

  it('local storage: would evict every pod over its limits', async () => {
    const [pod, stats] = makePodWithDiskStats({
      name: 'rootfs-above-limits',
      limits: newResourceList('', '', '1Gi'),
      rootFsUsed: '2Gi',
    });
    const s = scenario({
      thresholds: [],
      pods: [pod],
      summary: makeDiskStats({
        rootFsAvailableBytes: '10Gi',
        imageFsAvailableBytes: '10Gi',
        podStats: [stats],
      }),
      localStorageCapacityIsolation: true,
      extra: { dryRun: true },
    });
    const r = await s.sync();
    expect(r.outcome).toBe('local-storage-eviction');
    expect(r.explanation.localStorage?.violations[0]?.verdict).toBe('would-evict');
    expect(s.killer.calls).toEqual([]);
  });
});

describe('budget', () => {
  it('at most maxEvictions kills in any window; over budget is explained', async () => {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('500Mi', stats),
      extra: { budget: { maxEvictions: 2, windowMs: MINUTE } },
    });
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await s.sync();
      outcomes.push(r.outcome);
      expect(r.explanation.budget?.blocked).toBe(r.outcome === 'over-budget');
      if (r.outcome === 'over-budget') {
        expect(r.explanation.budget).toMatchObject({ usedBefore: 2, remaining: 0 });
        expect(r.explanation.ranking?.candidates[0]?.verdict).toBe('over-budget');
      }
      s.clock.step(20 * SECOND);
    }
    // kills at 0 s and 20 s; 40 s is over; 60 s: the 0 s kill left the window…
    expect(outcomes).toEqual([
      'evicted',
      'evicted',
      'over-budget',
      'evicted',
      'evicted',
      'over-budget',
      'evicted',
      'evicted',
    ]);
    expect(s.killer.calls).toHaveLength(6);
    expect(s.manager.state().evictionTimes).toHaveLength(2);
  });

  it('local storage evictions count against the budget too', async () => {
    const made = [1, 2, 3].map((i) =>
      makePodWithDiskStats({
        name: `p${i}`,
        limits: newResourceList('', '', '1Gi'),
        rootFsUsed: '2Gi',
      }),
    );
    const s = scenario({
      thresholds: [],
      pods: made.map(([p]) => p),
      summary: makeDiskStats({
        rootFsAvailableBytes: '10Gi',
        imageFsAvailableBytes: '10Gi',
        podStats: made.map(([, st]) => st),
      }),
      localStorageCapacityIsolation: true,
      extra: { budget: { maxEvictions: 2, windowMs: MINUTE } },
    });
    const r = await s.sync();
    expect(r.explanation.localStorage?.violations.map((v) => v.verdict)).toEqual([
      'evicted',
      'evicted',
      'over-budget',
    ]);
    expect(r.explanation.budget).toEqual({
      maxEvictions: 2,
      windowMs: MINUTE,
      usedBefore: 0,
      remaining: 0,
      blocked: true,
    });
    expect(s.killer.calls).toHaveLength(2);
  });
});

describe('escalateTerminating', () => {
  // The scenario of upstream's unmerged TestHardEvictPodThatHasBeenSoftEvictedOnceHardThresholdReached.
  // Hard before soft, as parseThresholdConfig orders them: among actionable memory thresholds
  // evictkit reclaims for the first configured (upstream's choice is Go map order, random).
  const thresholds = [
    th('memory.available', '500Mi'),
    th('memory.available', '1Gi', { graceMs: 1 }),
  ];

  async function play(escalateTerminating: boolean) {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds,
      pods,
      summary: makeMemoryStats('600Mi', stats),
      maxPodGracePeriodSeconds: 5,
      extra: { escalateTerminating },
    });
    // first run doesn't meet the grace period
    await s.sync();
    expect(s.killer.pod).toBeUndefined();
    // now we meet the grace period of soft eviction
    s.clock.step(1 * SECOND);
    await s.sync();
    expect(s.killer.pod?.metadata?.name).toBe('this-one-goes');
    expect(s.killer.gracePeriodOverride).toBe(5);
    s.killer.reset();
    // the pod is still terminating; a different pod is now the worst offender; hard threshold
    const swapped = makePods(
      [
        { name: 'this-one-goes', priority: defaultPriority, memoryWorkingSet: '900Mi' },
        { name: 'this-one-stays', priority: defaultPriority, memoryWorkingSet: '1Gi' },
        { name: 'this-one-stays-too', priority: defaultPriority, memoryWorkingSet: '100Mi' },
      ].map((p) => ({
        ...p,
        requests: newResourceList('100m', '1Gi'),
        limits: newResourceList('100m', '1Gi'),
      })),
      makePodWithMemoryStats,
    );
    s.setPods(swapped.pods);
    s.clock.step(1 * SECOND);
    s.provider.result = makeMemoryStats('400Mi', swapped.stats);
    const r = await s.sync();
    return { s, r };
  }

  it('off (upstream): the hard threshold kills the current worst offender', async () => {
    const { s, r } = await play(false);
    expect(r.outcome).toBe('evicted');
    expect(s.killer.pod?.metadata?.name).toBe('this-one-stays');
    expect(s.killer.gracePeriodOverride).toBe(1);
    expect(s.manager.state().softEvictions).toEqual({});
  });

  it('on: the soft-evicted pod still terminating is killed again with 1 s instead', async () => {
    const { s, r } = await play(true);
    expect(r.outcome).toBe('escalated');
    expect(s.killer.pod?.metadata?.name).toBe('this-one-goes');
    expect(s.killer.gracePeriodOverride).toBe(1);
    expect(s.killer.options?.kind).toBe('escalation');
    expect(r.eviction?.gracePeriodRule).toBe('escalation');
    expect(r.explanation.escalation).toMatchObject({
      name: 'this-one-goes',
      previousGracePeriodSeconds: 5,
    });
    expect(s.killer.calls).toHaveLength(2);
    expect(s.manager.state().softEvictions).toEqual({});
    expect(formatSyncResult(r)).toContain('KILLED AGAIN');
  });

  it('on: a soft-evicted pod that left the active list is forgotten', async () => {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds,
      pods,
      summary: makeMemoryStats('600Mi', stats),
      maxPodGracePeriodSeconds: 5,
      extra: { escalateTerminating: true },
    });
    await s.sync();
    s.clock.step(SECOND);
    await s.sync();
    expect(Object.keys(s.manager.state().softEvictions)).toEqual(['this-one-goes']);
    s.setPods(pods.slice(1));
    s.clock.step(SECOND);
    s.provider.result = makeMemoryStats('400Mi', stats.slice(1));
    const r = await s.sync();
    expect(r.outcome).toBe('evicted');
    expect(s.manager.state().softEvictions).toEqual({});
  });
});

describe('active and terminating pods', () => {
  it('terminal pods are not active; terminating pods stay candidates and are flagged', async () => {
    const { pods, stats } = threePods();
    const [goes, stays, staysToo] = pods as [Pod, Pod, Pod];
    goes.status = { phase: 'Failed', reason: 'Evicted' };
    stays.metadata = { ...stays.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' };
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('500Mi', stats),
    });
    const r = await s.sync();
    expect(r.explanation.activePods).toEqual({ given: 3, active: 2, terminal: 1, terminating: 1 });
    expect(r.explanation.ranking?.candidates.map((c) => [c.name, c.terminating])).toEqual([
      ['this-one-stays', true],
      ['this-one-stays-too', false],
    ]);
    expect(s.killer.pod).toBe(stays);
    expect(staysToo).toBeDefined();
  });

  it('no active pods: nothing to evict, said so', async () => {
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods: [],
      summary: makeMemoryStats('500Mi', []),
    });
    const r = await s.sync();
    expect(r.outcome).toBe('no-active-pods');
    expect(r.explanation.steps.at(-1)?.detail).toBe(
      'eviction thresholds have been met, but no pods are active to evict',
    );
  });
});

describe('kill errors', () => {
  it('are reported and the pod still counts as evicted (as upstream)', async () => {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('500Mi', stats),
      extra: {
        killPod: async () => {
          throw new Error('apiserver unavailable');
        },
      },
    });
    const r = await s.sync();
    expect(r.outcome).toBe('evicted');
    expect(r.eviction).toMatchObject({ killed: true, killError: 'apiserver unavailable' });
    expect(r.errors).toEqual([
      {
        code: 'kill-failed',
        uid: 'this-one-goes',
        name: 'this-one-goes',
        namespace: '',
        message: 'apiserver unavailable',
      },
    ]);
  });
});

describe('disk topology', () => {
  const podsAndStats = () =>
    makePods([{ name: 'a', rootFsUsed: '1Gi' }], (p) => makePodWithDiskStats(p));

  it('is learned from the first Summary: imagefs of another size is dedicated', async () => {
    const { pods, stats } = podsAndStats();
    const killer = mockPodKiller();
    const manager = createEvictionManager({
      thresholds: [th('nodefs.available', '1Gi')],
      killPod: killer.killPod,
    });
    const summary = makeDiskStats({
      rootFsAvailableBytes: '10Gi',
      imageFsAvailableBytes: '50Gi',
      podStats: stats,
    });
    const first = await manager.synchronize({ now: 0, summary, pods });
    expect(first.explanation.topology).toMatchObject({
      dedicatedImageFs: true,
      splitImageFs: false,
      source: 'summary',
      learnedNow: true,
      containerFsMirrors: 'imagefs',
    });
    // the first cycle evaluates the thresholds as configured; the containerfs copies follow
    expect(first.explanation.evaluation?.thresholds.map((t) => t.signal)).toEqual([
      'nodefs.available',
    ]);
    const second = await manager.synchronize({ now: 10_000, summary, pods });
    expect(second.explanation.topology?.source).toBe('state');
    expect(second.explanation.evaluation?.thresholds.map((t) => t.signal)).toEqual([
      'nodefs.available',
      'containerfs.available',
      'containerfs.available',
      'containerfs.inodesFree',
      'containerfs.inodesFree',
    ]);
    expect(manager.state().topology).toEqual({ dedicatedImageFs: true, splitImageFs: false });
  });

  it('one filesystem when imagefs reports node.fs sizes; split when containerfs differs', async () => {
    const { pods, stats } = podsAndStats();
    const manager = createEvictionManager({
      thresholds: [th('nodefs.available', '1Gi')],
      killPod: async () => {},
      featureGates: { KubeletSeparateDiskGC: true },
    });
    const summary: Summary = makeDiskStats({
      rootFsAvailableBytes: '10Gi',
      imageFsAvailableBytes: '10Gi',
      containerFsAvailableBytes: '30Gi',
      podStats: stats,
    });
    const r = await manager.synchronize({ now: 0, summary, pods });
    // !imageFs && split: upstream's unsupported layout, containerfs thresholds left alone
    expect(r.explanation.topology).toMatchObject({ dedicatedImageFs: false, splitImageFs: true });
    expect(r.explanation.topology?.containerFsMirrors).toBeUndefined();
  });

  it('QUIRK: a split filesystem without KubeletSeparateDiskGC errors once, then never ranks', async () => {
    const [pod, stats] = makePodWithDiskStats({
      name: 'big',
      limits: newResourceList('', '', '1Gi'),
      rootFsUsed: '2Gi',
    });
    const s = scenario({
      thresholds: [th('nodefs.available', '1Gi')],
      pods: [pod],
      summary: makeDiskStats({
        rootFsAvailableBytes: '500Mi',
        imageFsAvailableBytes: '500Mi',
        podStats: [stats],
      }),
      dedicatedImageFs: true,
      splitImageFs: true,
      featureGates: { KubeletSeparateDiskGC: false },
    });
    const first = await s.sync();
    expect(first.outcome).toBe('split-filesystem-error');
    expect(s.manager.state().topology).toEqual({
      dedicatedImageFs: true,
      splitImageFs: true,
      rankingDisabled: true,
    });
    s.clock.step(10 * SECOND);
    const second = await s.sync();
    expect(second.errors).toEqual([]);
    expect(second.outcome).toBe('no-ranking-function');
    expect(second.explanation.nodeLevelReclaim).toBeUndefined();
    expect(s.manager.isUnderDiskPressure()).toBe(true);
    expect(s.killer.calls).toEqual([]);
  });
});

describe('options and state validation', () => {
  it('invalid options never throw: optionsError, and every cycle says invalid-options', async () => {
    const manager = createEvictionManager({
      thresholds: [
        {
          signal: 'memory.avail' as never,
          operator: 'LessThan',
          value: { percentage: 0.1 },
          gracePeriodMs: 0,
        },
      ],
      maxPodGracePeriodSeconds: 1.5,
      killPod: 'nope' as never,
    });
    expect(manager.optionsError?.code).toBe('invalid-manager-options');
    expect(manager.optionsError?.issues.map((i) => i.path)).toEqual([
      '$.thresholds[0].signal',
      '$.maxPodGracePeriodSeconds',
      '$.killPod',
    ]);
    const r = await manager.synchronize({ now: 1, summary: makeMemoryStats('1Gi', []), pods: [] });
    expect(r.outcome).toBe('invalid-options');
    expect(r.errors[0]?.code).toBe('invalid-manager-options');
    expect(manager.admit({}).admit).toBe(true);
  });

  it('a malformed synchronize input is an error value, not a throw', async () => {
    const manager = createEvictionManager({
      thresholds: [th('memory.available', '1Gi')],
      killPod: async () => {},
    });
    const bad = [
      undefined,
      { now: Number.NaN, summary: makeMemoryStats('1Gi', []), pods: [] },
      { now: 1, summary: {}, pods: [] },
      { now: 1, summary: makeMemoryStats('1Gi', []), pods: 'x' },
    ];
    for (const input of bad) {
      const r = await manager.synchronize(input as never);
      expect(r.outcome).toBe('failed');
      expect(r.errors[0]?.code).toBe('invalid-input');
    }
    const ok = await manager.synchronize({ now: 1, summary: makeMemoryStats('2Gi', []), pods: [] });
    expect(ok.outcome).toBe('no-actionable-threshold');
  });

  it('tryCreateEvictionManager returns the error instead', () => {
    const r = tryCreateEvictionManager({
      thresholds: [],
      killPod: async () => {},
      state: '{"version":2}',
    });
    expect(r.isErr() && r.error.issues[0]?.path.startsWith('$.state')).toBe(true);
    expect(tryCreateEvictionManager({ thresholds: [], killPod: async () => {} }).isOk()).toBe(true);
  });

  it('parseManagerState rejects bad JSON, unknown keys and wrong types', () => {
    expect(parseManagerState('{').isErr()).toBe(true);
    expect(parseManagerState({ version: 1 }).isErr()).toBe(true);
    const good = createEvictionManager({ thresholds: [], killPod: async () => {} }).state();
    expect(parseManagerState(JSON.stringify(good))._unsafeUnwrap()).toEqual(good);
    expect(parseManagerState({ ...good, extra: 1 }).isErr()).toBe(true);
  });
});

describe('cycles never overlap', () => {
  it('a synchronize called during another waits for it and runs after, in call order', async () => {
    const { pods, stats } = threePods();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const manager = createEvictionManager<Pod>({
      thresholds: [th('memory.available', '1Gi')],
      localStorageCapacityIsolation: false,
      killPod: async (pod) => {
        order.push(`kill ${pod.metadata?.name} start`);
        await gate;
        order.push(`kill ${pod.metadata?.name} end`);
      },
    });
    const summary = makeMemoryStats('500Mi', stats);
    const first = manager.synchronize({ now: 0, summary, pods });
    const second = manager.synchronize({ now: 10_000, summary, pods: pods.slice(1) });
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['kill this-one-goes start']);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(order).toEqual([
      'kill this-one-goes start',
      'kill this-one-goes end',
      'kill this-one-stays start',
      'kill this-one-stays end',
    ]);
    expect([a.now, b.now]).toEqual([0, 10_000]);
  });
});

describe('explanation', () => {
  it('every ranked pod carries its sort keys and oom_score_adj; text renders on demand', async () => {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds: [th('memory.available', '1Gi', { minReclaim: '100Mi' })],
      pods,
      summary: makeMemoryStats('500Mi', stats),
    });
    const r = await s.sync();
    expect(r.explanation.memoryCapacityBytes).toBe(1000 * 1024 * 1024);
    const c = r.explanation.ranking?.candidates ?? [];
    expect(c.map((x) => x.name)).toEqual(['this-one-goes', 'this-one-stays', 'this-one-stays-too']);
    expect(c[0]?.keys.usage.toString()).toBe('1Gi');
    // Guaranteed pods: -997
    expect(c[0]?.oomScoreAdj).toEqual([{ container: 'this-one-goes', value: -997 }]);
    expect(c[1]?.decidedBy).toBe('memory');
    expect(r.explanation.reclaim?.shortfall?.toString()).toBe('624Mi');
    expect(JSON.parse(JSON.stringify(r.explanation.ranking?.candidates[1])).decidedBy).toBe(
      'memory',
    );
    const text = formatSyncResult(r);
    expect(text).toContain(
      'eviction cycle at 2026-01-01T00:00:00.000Z: evicted; node conditions [MemoryPressure]',
    );
    expect(text).toContain('memory.available<1Gi (hard)');
    expect(text).toContain('#0 this-one-goes');
    expect(text).toContain('oom_score_adj this-one-goes=-997');
    expect(text).toContain('→ EVICTED');
    expect(text).toMatch(/#1 this-one-stays.*not reached: pod "this-one-goes" uses/);
    expect(text).toContain('with a 1s grace period (hard)');
    expect(text).toContain(
      'message: "The node was low on resource: memory. Threshold quantity: 1Gi, available: 500Mi. "',
    );
  });

  it('steps name what happened in order', async () => {
    const { pods, stats } = threePods();
    const s = scenario({
      thresholds: [th('memory.available', '1Gi')],
      pods,
      summary: makeMemoryStats('500Mi', stats),
    });
    const r = await s.sync();
    expect(r.explanation.steps.map((x) => x.step)).toEqual([
      'configured',
      'topology',
      'active-pods',
      'notifiers',
      'evaluate',
      'reclaim-target',
      'rank',
      'evict',
    ]);
  });
});
