import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { previewRanking } from '../../src/manager/index';
import type { Pod } from '../../src/pods/pod';
import { isCriticalPod } from '../../src/pods/pod-kinds';
import { rankForSignal } from '../../src/ranking/rank';
import { podStatsLookup } from '../../src/signals/pod-stats';
import { parseSummary } from '../../src/signals/summary';
import type { Signal } from '../../src/signals/types';
import { newResourceList } from '../ranking/builders';
import { makeDiskStats, makeMemoryStats, makePIDStats } from './helpers';
import {
  makePods,
  makePodWithDiskStats,
  makePodWithMemoryStats,
  makePodWithPIDStats,
} from './scenario';

// previewRanking: the cycle's ranking step without pressure.

describe('previewRanking', () => {
  const memory = makePods(
    [
      {
        name: 'guaranteed',
        requests: newResourceList('1', '1Gi'),
        limits: newResourceList('1', '1Gi'),
        memoryWorkingSet: '900Mi',
      },
      { name: 'burstable', requests: newResourceList('', '100Mi'), memoryWorkingSet: '700Mi' },
      { name: 'best-effort', memoryWorkingSet: '300Mi' },
      { name: 'node-critical', priority: 2_000_001_000, memoryWorkingSet: '3Gi' },
    ],
    makePodWithMemoryStats,
  );
  const pids = makePods(
    [
      { name: 'few', pidUsage: 3 },
      { name: 'many', pidUsage: 300 },
      { name: 'low-priority', priority: -1, pidUsage: 1 },
    ],
    makePodWithPIDStats,
  );
  const disk = makePods(
    [
      { name: 'small', rootFsUsed: '100Mi' },
      { name: 'big', rootFsUsed: '2Gi', logsFsUsed: '1Gi' },
    ],
    makePodWithDiskStats,
  );

  const cases: {
    name: string;
    signal: Signal;
    pods: Pod[];
    summary: ReturnType<typeof makeMemoryStats>;
    order: string[];
    first: string | undefined;
  }[] = [
    {
      name: 'memory, far from any threshold',
      signal: 'memory.available',
      pods: memory.pods,
      summary: makeMemoryStats('30Gi', memory.stats),
      order: ['burstable', 'best-effort', 'node-critical', 'guaranteed'],
      first: 'burstable',
    },
    {
      name: 'allocatable memory ranks like memory',
      signal: 'allocatableMemory.available',
      pods: memory.pods,
      summary: makeMemoryStats('30Gi', memory.stats),
      order: ['burstable', 'best-effort', 'node-critical', 'guaranteed'],
      first: 'burstable',
    },
    {
      name: 'PIDs: priority, then process count',
      signal: 'pid.available',
      pods: pids.pods,
      summary: makePIDStats('4M', '1000', pids.stats),
      order: ['low-priority', 'many', 'few'],
      first: 'low-priority',
    },
    {
      name: 'nodefs on one filesystem: usage',
      signal: 'nodefs.available',
      pods: disk.pods,
      summary: makeDiskStats({
        rootFsAvailableBytes: '50Gi',
        imageFsAvailableBytes: '50Gi',
        podStats: disk.stats,
      }),
      order: ['big', 'small'],
      first: 'big',
    },
    {
      name: 'only critical pods: no first',
      signal: 'memory.available',
      pods: memory.pods.slice(3),
      summary: makeMemoryStats('30Gi', memory.stats),
      order: ['node-critical'],
      first: undefined,
    },
    {
      name: 'no pods',
      signal: 'memory.available',
      pods: [],
      summary: makeMemoryStats('30Gi', []),
      order: [],
      first: undefined,
    },
  ];

  it.each(cases)('$name', (c) => {
    const preview = previewRanking({ signal: c.signal, summary: c.summary, pods: c.pods });
    const r = preview._unsafeUnwrap();
    expect(r.signal).toBe(c.signal);
    expect(r.candidates.map((x) => x.name)).toEqual(c.order);
    expect(r.first?.name).toBe(c.first);
    for (const candidate of r.candidates) {
      expect(candidate.critical === false).toBe(!isCriticalPod(candidate.pod));
      expect(candidate.verdict).toBe(
        candidate === r.first ? 'would-evict' : candidate.critical ? 'critical' : 'after-chosen',
      );
      expect(candidate.keys).toBeDefined();
    }
    // The same order as the kubelet's rank function.
    expect(r.candidates.map((x) => x.pod)).toEqual(
      rankForSignal(c.signal, c.pods, podStatsLookup(c.summary), {
        dedicatedImageFs: r.dedicatedImageFs,
        splitImageFs: r.splitImageFs,
      }),
    );
  });

  it('leaves terminal pods out and explains each step of the order', () => {
    const done = structuredClone(memory.pods[0]) as Pod;
    done.metadata = { ...done.metadata, uid: 'done', name: 'done' };
    done.status = { phase: 'Succeeded' };
    const r = previewRanking({
      signal: 'memory.available',
      summary: makeMemoryStats('30Gi', memory.stats),
      pods: [...memory.pods, done],
      memoryCapacityBytes: 64 * 2 ** 30,
    })._unsafeUnwrap();
    expect(r.candidates.map((x) => x.name)).not.toContain('done');
    expect(r.memoryCapacityBytes).toBe(64 * 2 ** 30);
    expect(r.candidates[1]?.decidedBy).toBe('memory');
    expect(r.whyBefore(memory.pods[1] as Pod, memory.pods[2] as Pod)).toMatch(/./);
    expect(r.candidates[0]?.oomScoreAdj?.length).toBe(1);
  });

  it('ranks a real capture like rankForSignal', () => {
    const fixture = (p: string) =>
      readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)), 'utf8');
    const summary = parseSummary(
      JSON.parse(fixture('summary/newrelic-nri-kubernetes-k8s-1.29-summary.json')),
    )._unsafeUnwrap();
    const pods = (
      JSON.parse(fixture('pods/newrelic-nri-kubernetes-k8s-1.29-pods.json')) as { items: Pod[] }
    ).items;
    const r = previewRanking({ signal: 'memory.available', summary, pods })._unsafeUnwrap();
    const expected = rankForSignal(
      'memory.available',
      pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'),
      podStatsLookup(summary),
    );
    expect(r.candidates.map((x) => x.pod)).toEqual(expected);
    expect(r.first?.pod).toBe(expected.find((p) => !isCriticalPod(p)));
  });

  it('the split-filesystem quirk: no rank functions without KubeletSeparateDiskGC', () => {
    const r = previewRanking({
      signal: 'nodefs.available',
      summary: makeMemoryStats('30Gi', []),
      pods: [],
      dedicatedImageFs: true,
      splitImageFs: true,
      featureGates: { KubeletSeparateDiskGC: false },
    });
    expect(r._unsafeUnwrapErr()).toMatchObject({ code: 'no-ranking-function' });
  });

  it.each([
    ['an unknown signal', { signal: 'memory' }, 'invalid-signal'],
    ['a Summary without node', { summary: {} }, 'invalid-input'],
    ['pods not an array', { pods: {} }, 'invalid-input'],
    ['a capacity that is not a positive integer', { memoryCapacityBytes: -1 }, 'invalid-input'],
    ['a layout that is not a boolean', { splitImageFs: 'yes' }, 'invalid-input'],
  ])('%s is an error value', (_name, patch, code) => {
    const r = previewRanking({
      signal: 'memory.available',
      summary: makeMemoryStats('1Gi', []),
      pods: [],
      ...patch,
    } as never);
    expect(r._unsafeUnwrapErr().code).toBe(code);
    expect(previewRanking(null as never).isErr()).toBe(true);
  });
});
