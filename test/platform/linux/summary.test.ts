import { describe, expect, it } from 'vitest';
import { assembleSummary, memoryStats } from '../../../src/platform/linux/summary';
import { evictionMessage } from '../../../src/ranking/messages';
import { observe } from '../../../src/signals/observe';
import { Quantity } from '../../../src/signals/quantity';
import { parseSummary, summarySchema } from '../../../src/signals/summary';
import { getThresholdQuantity } from '../../../src/signals/threshold-quantity';
import { thresholdsMet } from '../../../src/thresholds/thresholds-met';

const memory = (usage: number, ws: number) => ({
  usageBytes: usage,
  workingSetBytes: ws,
  rssBytes: 10,
  pageFaults: 3,
  majorPageFaults: 1,
});

const fs = (available: number) => ({
  time: 5,
  availableBytes: available,
  capacityBytes: 1000,
  usedBytes: 400,
  inodes: 100,
  inodesFree: 40,
  inodesUsed: 60,
});

describe('assembleSummary', () => {
  const summary = assembleSummary({
    time: 5,
    nodeName: 'n1',
    bootTime: 1000,
    node: { memory: memory(800, 600), capacityBytes: 4000 },
    nodefs: fs(600),
    imagefs: fs(500),
    containerfs: fs(500),
    rlimit: { time: 5, maxpid: 32768, curproc: 100 },
    pods: { memory: memory(300, 250), limitBytes: 3000 },
    podSamples: [
      { uid: 'a', memory: memory(200, 150), limitBytes: Number.POSITIVE_INFINITY, processCount: 2 },
      { uid: 'b', memory: memory(100, 100), limitBytes: 120, processCount: 0 },
    ],
    identify: (uid) => (uid === 'a' ? { name: 'web', namespace: 'prod', startTime: 7 } : undefined),
  });

  it('passes the Summary schema unchanged', () => {
    const parsed = summarySchema.safeParse(summary);
    expect(parsed.success).toBe(true);
    expect(parseSummary(JSON.parse(JSON.stringify(summary)))._unsafeUnwrap()).toEqual(summary);
  });

  it('node memory uses machine capacity as its limit', () => {
    expect(summary.node.memory).toEqual({
      time: 5,
      usageBytes: 800,
      workingSetBytes: 600,
      rssBytes: 10,
      pageFaults: 3,
      majorPageFaults: 1,
      availableBytes: 3400,
    });
    expect(summary.node.startTime).toBe(1000);
  });

  it('the pods system container uses the kubepods limit', () => {
    expect(summary.node.systemContainers).toEqual([
      { name: 'pods', memory: { ...memoryStats(5, memory(300, 250), 3000) } },
    ]);
    expect(summary.node.systemContainers![0]!.memory!.availableBytes).toBe(2750);
  });

  it('pods: identity when known, UID otherwise; no availableBytes when unlimited', () => {
    expect(summary.pods[0]).toEqual({
      podRef: { name: 'web', namespace: 'prod', uid: 'a' },
      startTime: 7,
      memory: {
        time: 5,
        usageBytes: 200,
        workingSetBytes: 150,
        rssBytes: 10,
        pageFaults: 3,
        majorPageFaults: 1,
      },
      process_stats: { process_count: 2 },
    });
    expect(summary.pods[1]!.podRef).toEqual({ name: 'b', namespace: '', uid: 'b' });
    expect(summary.pods[1]!.memory!.availableBytes).toBe(20);
  });

  it('observe() reads the eviction signals from it', () => {
    const obs = observe(summary);
    expect(obs.get('memory.available')?.available.value()).toBe(3400n);
    expect(obs.get('memory.available')?.capacity?.value()).toBe(4000n);
    expect(obs.get('allocatableMemory.available')?.available.value()).toBe(2750n);
    expect(obs.get('nodefs.available')?.available.value()).toBe(600n);
    expect(obs.get('imagefs.inodesFree')?.available.value()).toBe(40n);
    expect(obs.get('containerfs.available')?.available.value()).toBe(500n);
    expect(obs.get('pid.available')?.available.value()).toBe(32668n);
  });

  it('leaves out runtime and the pods container when unknown', () => {
    const bare = assembleSummary({
      time: 1,
      nodeName: 'n',
      node: { memory: memory(1, 1), capacityBytes: 2 },
      nodefs: fs(1),
      rlimit: { time: 1 },
      podSamples: [],
    });
    expect(bare.node.runtime).toBeUndefined();
    expect(bare.node.systemContainers).toEqual([]);
    expect(bare.node.startTime).toBeUndefined();
    expect(summarySchema.safeParse(bare).success).toBe(true);
  });
});

describe('availableBytes over a limit the working set exceeds (helper.go: limit − working set, no floor)', () => {
  const Mi = 1024 * 1024;
  // The kubepods cgroup (node allocatable 1 GiB) holds a 1.5 GiB working set, e.g. after
  // allocatable was lowered; a pod's limit was resized below its usage the same way.
  const summary = assembleSummary({
    time: 5,
    nodeName: 'n1',
    node: { memory: memory(2048 * Mi, 1536 * Mi), capacityBytes: 4096 * Mi },
    nodefs: fs(600),
    rlimit: { time: 5 },
    pods: { memory: memory(1600 * Mi, 1536 * Mi), limitBytes: 1024 * Mi },
    podSamples: [
      { uid: 'a', memory: memory(300 * Mi, 300 * Mi), limitBytes: 256 * Mi, processCount: 1 },
    ],
  });
  const pods = summary.node.systemContainers![0]!;

  it('is negative, not 0, for the pods container and the pod', () => {
    expect(pods.memory!.availableBytes).toBe(-512 * Mi);
    expect(summary.pods[0]!.memory!.availableBytes).toBe(-44 * Mi);
    expect(summary.node.memory!.availableBytes).toBe(2560 * Mi);
  });

  it('round-trips through parseSummary, as an object and as JSON', () => {
    expect(parseSummary(summary)._unsafeUnwrap()).toEqual(summary);
    expect(parseSummary(JSON.stringify(summary))._unsafeUnwrap()).toEqual(summary);
  });

  it('observe: available is the negative excess, capacity the limit (available + working set)', () => {
    const obs = observe(summary).get('allocatableMemory.available');
    expect(obs?.available.value()).toBe(BigInt(-512 * Mi));
    expect(obs?.capacity?.value()).toBe(BigInt(1024 * Mi));
  });

  it('the kubelet JSON spelling (uint64: 2^64 − the excess) observes the same', () => {
    const wrapped = (2n ** 64n - 512n * 1024n * 1024n).toString();
    const text = JSON.stringify(summary).replace(String(-512 * Mi), wrapped);
    expect(text).toContain(wrapped);
    const obs = observe(parseSummary(text)._unsafeUnwrap()).get('allocatableMemory.available');
    expect(obs?.available.value()).toBe(BigInt(-512 * Mi));
    expect(obs?.capacity?.value()).toBe(BigInt(1024 * Mi));
  });

  it('percent thresholds resolve against the limit and the message shows the negative value', () => {
    const threshold = {
      signal: 'allocatableMemory.available' as const,
      operator: 'LessThan' as const,
      value: { percentage: 0.1 },
      gracePeriodMs: 0,
    };
    const observations = observe(summary);
    // 10% of the 1 GiB limit: float32(0.1) × 2^30 = 107374184 (not 10% of the 0 a floor would give)
    expect(
      getThresholdQuantity(threshold.value, observations.get(threshold.signal)?.capacity),
    ).toEqual(Quantity.fromBigInt(107374184n, 'BinarySI'));
    expect(thresholdsMet([threshold], observations, false)).toEqual([threshold]);
    const message = evictionMessage(
      'memory',
      { metadata: { uid: 'a' } },
      () => undefined,
      [threshold],
      observations,
    );
    expect(message.message).toContain('available: -512Mi.');
  });
});
