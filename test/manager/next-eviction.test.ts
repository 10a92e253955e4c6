import { describe, expect, it } from 'vitest';
import {
  createEvictionManager,
  type NextEvictionOptions,
  type NextEvictionPrediction,
  predictNextEviction,
} from '../../src/manager/index';
import type { Pod } from '../../src/pods/pod';
import type { Summary } from '../../src/signals/summary';
import type { Threshold } from '../../src/signals/types';
import { newResourceList } from '../ranking/builders';
import { th } from '../thresholds/builders';
import { MINUTE, makeMemoryStats, SECOND } from './helpers';
import { makePods, makePodWithMemoryStats, type PodToMake } from './scenario';

// predictNextEviction: the eviction manager in a dry run, now and once the grace periods have
// run with the pressure holding; without pressure, the preview ranking's first pod.

const NOW = Date.UTC(2026, 0, 1);
const CRITICAL = 2_000_000_000;

const PODS: PodToMake[] = [
  {
    name: 'guaranteed',
    requests: newResourceList('100m', '1Gi'),
    limits: newResourceList('100m', '1Gi'),
    memoryWorkingSet: '900Mi',
  },
  {
    name: 'burstable-above',
    requests: newResourceList('', '100Mi'),
    limits: newResourceList('', '1Gi'),
    memoryWorkingSet: '700Mi',
  },
  { name: 'best-effort', memoryWorkingSet: '300Mi' },
  { name: 'critical', priority: CRITICAL, memoryWorkingSet: '2Gi' },
];

interface Case {
  name: string;
  thresholds: Threshold[];
  available: string;
  pods?: PodToMake[];
  options?: Partial<NextEvictionOptions>;
  expected: {
    when: NextEvictionPrediction['when'];
    pod?: string;
    signal?: string;
    afterMs?: number;
    grace?: number;
    pressure?: boolean;
    outcome?: string;
    conditions?: string[];
  };
}

const cases: Case[] = [
  {
    name: 'hard threshold met: the top-ranked evictable pod, now, with 1s',
    thresholds: [th('memory.available', '2Gi')],
    available: '1500Mi',
    expected: {
      when: 'now',
      pod: 'burstable-above',
      signal: 'memory.available',
      afterMs: 0,
      grace: 1,
      conditions: ['MemoryPressure'],
    },
  },
  {
    name: 'soft threshold met: the same ranking once its grace period has run',
    thresholds: [th('memory.available', '2Gi', { graceMs: 90 * SECOND })],
    available: '1500Mi',
    pods: PODS.slice(0, 3),
    options: { maxPodGracePeriodSeconds: 20 },
    expected: {
      when: 'after-grace-period',
      pod: 'burstable-above',
      signal: 'memory.available',
      afterMs: 90 * SECOND,
      grace: 20,
      conditions: ['MemoryPressure'],
    },
  },
  {
    name: 'two soft thresholds met: the soonest grace period decides',
    thresholds: [
      th('memory.available', '2Gi', { graceMs: 5 * MINUTE }),
      th('memory.available', '1800Mi', { graceMs: MINUTE }),
    ],
    available: '1500Mi',
    pods: PODS.slice(0, 3),
    options: { maxPodGracePeriodSeconds: 10 },
    expected: { when: 'after-grace-period', pod: 'burstable-above', afterMs: MINUTE, grace: 10 },
  },
  {
    name: 'no threshold met: who goes first if memory ran short',
    thresholds: [th('memory.available', '100Mi')],
    available: '1500Mi',
    expected: { when: 'no-pressure', pod: 'burstable-above', signal: 'memory.available' },
  },
  {
    name: 'no threshold met, only critical pods: nobody',
    thresholds: [th('memory.available', '100Mi')],
    available: '1500Mi',
    pods: PODS.slice(3),
    expected: {
      when: 'nothing-evictable',
      signal: 'memory.available',
      pressure: false,
      outcome: 'no-actionable-threshold',
    },
  },
  {
    name: 'hard threshold met, only critical pods: pressure, nobody to evict',
    thresholds: [th('memory.available', '2Gi')],
    available: '1500Mi',
    pods: PODS.slice(3),
    expected: {
      when: 'nothing-evictable',
      signal: 'memory.available',
      pressure: true,
      outcome: 'no-evictable-pod',
    },
  },
  {
    name: 'soft threshold met, no active pods: pressure, nobody to evict',
    thresholds: [th('memory.available', '2Gi', { graceMs: 30 * SECOND })],
    available: '1500Mi',
    pods: [],
    expected: {
      when: 'nothing-evictable',
      signal: 'memory.available',
      pressure: true,
      outcome: 'no-active-pods',
    },
  },
];

function setup(c: Pick<Case, 'available' | 'pods'>): { pods: Pod[]; summary: Summary } {
  const { pods, stats } = makePods(c.pods ?? PODS, makePodWithMemoryStats);
  return { pods, summary: makeMemoryStats(c.available, stats) };
}

describe('predictNextEviction', () => {
  it.each(cases)('$name', async (c) => {
    const { pods, summary } = setup(c);
    const r = await predictNextEviction(
      { thresholds: c.thresholds, ...c.options },
      { summary, pods, now: NOW },
    );
    const p = r._unsafeUnwrap();
    const e = c.expected;
    expect(p.when).toBe(e.when);
    expect(p.now).toBe(NOW);
    if (e.conditions !== undefined) expect(p.nodeConditions).toEqual(e.conditions);
    if (e.signal !== undefined) expect(p.signal).toBe(e.signal);
    switch (p.when) {
      case 'now':
      case 'after-grace-period':
        expect(p.eviction.name).toBe(e.pod);
        expect(p.eviction.gracePeriodOverrideSeconds).toBe(e.grace);
        expect(p.eviction.killed).toBe(false);
        expect(p.afterMs).toBe(e.afterMs);
        if (p.when === 'after-grace-period') {
          expect(p.at).toBe(NOW + p.afterMs);
          expect(p.later.now).toBe(p.at);
          expect(p.cycle.eviction).toBeUndefined();
        }
        break;
      case 'no-pressure':
        expect(p.candidate.name).toBe(e.pod);
        expect(p.candidate.verdict).toBe('would-evict');
        expect(p.ranking.first).toBe(p.candidate);
        break;
      case 'nothing-evictable':
        expect(p.pressure).toBe(e.pressure);
        expect(p.outcome).toBe(e.outcome);
        break;
    }
  });

  it('a static pod ranked first is skipped, as the kubelet does', async () => {
    const { pods, summary } = setup({
      available: '1500Mi',
      pods: [...PODS.slice(0, 3), { name: 'static', memoryWorkingSet: '2Gi' }],
    });
    const staticPod = pods[3] as Pod;
    staticPod.metadata = {
      ...staticPod.metadata,
      annotations: { 'kubernetes.io/config.source': 'file' },
    };
    const r = await predictNextEviction(
      { thresholds: [th('memory.available', '2Gi')] },
      { summary, pods, now: NOW },
    );
    const p = r._unsafeUnwrap();
    expect(p.when === 'now' && p.eviction.name).toBe('burstable-above');
    expect(p.cycle.explanation.ranking?.candidates.map((x) => [x.name, x.verdict])).toEqual([
      ['static', 'critical'],
      ['burstable-above', 'would-evict'],
      ['best-effort', 'after-chosen'],
      ['guaranteed', 'after-chosen'],
    ]);
  });

  it('continues from a manager state: the grace period already running counts', async () => {
    const thresholds = [th('memory.available', '2Gi', { graceMs: 90 * SECOND })];
    const { pods, summary } = setup({ available: '1500Mi', pods: PODS.slice(0, 3) });
    const manager = createEvictionManager({ thresholds, dryRun: true, killPod: async () => {} });
    await manager.synchronize({ now: NOW, summary, pods });
    const before = JSON.stringify(manager.state());
    const p = (
      await predictNextEviction(
        { thresholds, state: manager.state() },
        { summary: { ...summary }, pods, now: NOW + MINUTE },
      )
    )._unsafeUnwrap();
    expect(p).toMatchObject({ when: 'after-grace-period', afterMs: 30 * SECOND });
    // The manager the state came from is untouched.
    expect(JSON.stringify(manager.state())).toBe(before);
  });

  it('takes the Summary’s own time when no `now` is given', async () => {
    const { pods, summary } = setup({ available: '1500Mi' });
    const timed: Summary = {
      ...summary,
      node: { ...summary.node, memory: { ...summary.node.memory, time: NOW + 5 * SECOND } },
    };
    const p = (
      await predictNextEviction(
        { thresholds: [th('memory.available', '2Gi')] },
        { summary: timed, pods },
      )
    )._unsafeUnwrap();
    expect(p.now).toBe(NOW + 5 * SECOND);
  });

  it.each([
    ['no time anywhere', {}, 'now'],
    ['pods that are not an array', { pods: 'x' }, 'pods'],
    ['a Summary without a node', { summary: {} }, 'summary'],
  ])('invalid input: %s', async (_name, patch, path) => {
    const { pods, summary } = setup({ available: '1500Mi' });
    const r = await predictNextEviction({ thresholds: [th('memory.available', '2Gi')] }, {
      summary,
      pods,
      ...patch,
    } as never);
    expect(r._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-input', path });
  });

  it('invalid options are the manager’s options error', async () => {
    const { pods, summary } = setup({ available: '1500Mi' });
    const r = await predictNextEviction({ thresholds: 'x' } as never, { summary, pods, now: NOW });
    expect(r._unsafeUnwrapErr().code).toBe('invalid-manager-options');
    const bad = await predictNextEviction(null as never, null as never);
    expect(bad.isErr()).toBe(true);
  });
});
