// Kernel integration of batched reads: real cgroupfs. A cgroup removed before the batch runs
// fails in the batch (ENODEV) and is then read on its own, so the error — and what summary()
// does with it — is exactly the unbatched one; summaries with batches on and off agree.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  QOS_LEVELS,
  qosCgroupName,
} from '../../../src/platform/linux/cgroup-driver';
import { KeptOpenFile } from '../../../src/platform/linux/fd-reader';
import { loadNotifierAddon } from '../../../src/platform/linux/native/loader';
import { createLinuxPlatform } from '../../../src/platform/linux/platform';
import { PodCgroupSet } from '../../../src/platform/linux/pod-cgroups';
import {
  beginReadBatch,
  currentReadBatch,
  setBatchedReads,
} from '../../../src/platform/linux/read-batch';
import type { Summary } from '../../../src/signals/summary';
import { probeMemcgDelegation, removeCgroupTree, uniqueTestRoot } from './kernel-cgroups';

const probe = probeMemcgDelegation();
const addon = loadNotifierAddon();
const skip = !probe.ok || addon.isErr();
const skipReason = !probe.ok
  ? ` (skipped: ${probe.reason})`
  : addon.isErr()
    ? ` (skipped: ${addon.error.message})`
    : '';
const rel = (name: readonly string[]) => cgroupPath(name, 'systemd')._unsafeUnwrap();
const fdCount = () => readdirSync('/proc/self/fd').length;
const ENODEV = 19;

describe.skipIf(skip)(`kernel: batched reads of cgroupfs${skipReason}`, () => {
  const root = uniqueTestRoot(probe.ok ? probe.parent : '', 'batch');
  afterEach(() => setBatchedReads(true));
  afterAll(async () => {
    expect(await removeCgroupTree(root)).toEqual([]);
  });

  const pods: { uid: string; qos: PodQosLevel; dir: string }[] = [];
  const addPod = (qos: PodQosLevel, containers: number) => {
    const uid = randomUUID();
    const dir = join(root, rel(podCgroupName(uid, qos)));
    mkdirSync(dir, { recursive: true });
    for (let c = 0; c < containers; c++)
      mkdirSync(join(dir, `cri-containerd-${c}${uid.slice(0, 8)}.scope`));
    pods.push({ uid, qos, dir });
    return dir;
  };

  it('builds the tree', () => {
    mkdirSync(root);
    for (const qos of QOS_LEVELS)
      mkdirSync(join(root, rel(qosCgroupName(qos))), { recursive: true });
    for (let i = 0; i < 12; i++) addPod(QOS_LEVELS[i % 3]!, i % 3);
  });

  it('the addon reports ENODEV for a removed cgroup, and the handle reads it on its own', () => {
    const dir = join(root, `gone-${randomUUID()}`);
    mkdirSync(dir);
    const raw = openSync(join(dir, 'memory.stat'), 'r');
    const batched = KeptOpenFile.open(join(dir, 'memory.stat'))._unsafeUnwrap();
    const plain = KeptOpenFile.open(join(dir, 'memory.usage_in_bytes'))._unsafeUnwrap();
    try {
      expect(batched.read().isOk()).toBe(true);
      rmdirSync(dir);
      const batch = beginReadBatch()!;
      batched.queueRead(batch);
      expect(batch.run()).toBe(true);
      expect(batch.results[0]).toBe(-ENODEV);
      const results = new Int32Array(1);
      addon._unsafeUnwrap().readBatch!(
        new Int32Array([raw]),
        new Int32Array([4096]),
        1,
        Buffer.alloc(4096),
        results,
      );
      expect(results[0]).toBe(-ENODEV);
      const error = batched.read()._unsafeUnwrapErr();
      expect(error.code).toBe('not-found');
      // Exactly what an unbatched read of a removed cgroup's file says (but its path).
      const unbatched = plain.read()._unsafeUnwrapErr();
      expect(error.message).toBe(unbatched.message);
      batch.end();
    } finally {
      closeSync(raw);
      batched.close();
      plain.close();
    }
  });

  it('a pod removed after the scan fails in the batch and is dropped, its fds closed', () => {
    const extra = addPod('besteffort', 2);
    const base = fdCount();
    const set = new PodCgroupSet({
      root,
      version: 'v1',
      driver: 'systemd',
      kubepods: 'kubepods',
      sandbox: { procRoot: '/proc', processNames: new Set(['pause']) },
    });
    try {
      expect(set.scan().isOk()).toBe(true);
      expect(set.sample()._unsafeUnwrap()).toHaveLength(pods.length);
      const held = set.openFiles;
      for (const d of readdirSync(extra)) {
        if (d.startsWith('cri-containerd-')) rmdirSync(join(extra, d));
      }
      rmdirSync(extra);
      pods.pop();
      const batch = beginReadBatch()!;
      set.queueReads(batch);
      expect(batch.run()).toBe(true);
      expect([...batch.results.subarray(0, batch.count)]).toContain(-ENODEV);
      const samples = set.sample()._unsafeUnwrap();
      batch.end();
      expect(samples.map((s) => s.uid).sort()).toEqual(pods.map((p) => p.uid).sort());
      expect(set.openFiles).toBe(held - 3 - 1 - 2);
    } finally {
      set.close();
    }
    expect(fdCount()).toBe(base);
  });

  it('summaries agree with batched reads on and off (pods, process counts, figures present); close() releases every fd', async () => {
    const base = fdCount();
    const clock = () => 1_700_000_000_000;
    const batched = createLinuxPlatform({ cgroupRoot: root, clock })._unsafeUnwrap();
    setBatchedReads(false);
    const plain = createLinuxPlatform({ cgroupRoot: root, clock })._unsafeUnwrap();
    try {
      for (let round = 0; round < 3; round++) {
        if (round === 2) addPod('burstable', 1);
        setBatchedReads(true);
        const a = (await batched.summary())._unsafeUnwrap();
        // From the second summary on, every file held is known and goes through the batch:
        // per pod at least usage, memory.stat, the limit and the directory's link count.
        if (round > 0) expect(currentReadBatch()!.count).toBeGreaterThanOrEqual(pods.length * 4);
        setBatchedReads(false);
        const b = (await plain.summary())._unsafeUnwrap();
        // Memory figures of even an empty cgroup move a little between two reads (kernel
        // memory, per-CPU charge caches); names, process counts and which figures exist do not.
        const shape = (s: Summary) =>
          s.pods.map((p) => ({ ...p, memory: Object.keys(p.memory ?? {}).sort() }));
        expect(shape(a)).toEqual(shape(b));
        expect(a.pods).toHaveLength(pods.length);
      }
    } finally {
      batched.close();
      plain.close();
    }
    expect(fdCount()).toBe(base);
  });

  it('a summary begun inside another (from a pod identity callback) leaves both exact', async () => {
    const base = fdCount();
    const inner = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    let innerPods = -1;
    const outer = createLinuxPlatform({
      cgroupRoot: root,
      // Called per pod while the outer summary samples (for container IDs): the inner summary
      // begins a batch of its own, so the outer's entries not yet taken are read on their own.
      pods: (uid) => {
        innerPods = inner.summarySync()._unsafeUnwrap().pods.length;
        return { name: `pod-${uid}`, namespace: 'ns' };
      },
    })._unsafeUnwrap();
    const plain = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    try {
      for (let round = 0; round < 2; round++) {
        const a = outer.summarySync()._unsafeUnwrap();
        const b = plain.summarySync()._unsafeUnwrap();
        expect(innerPods).toBe(pods.length);
        expect(a.pods.map((p) => p.podRef.uid)).toEqual(b.pods.map((p) => p.podRef.uid));
        expect(a.pods.map((p) => p.process_stats)).toEqual(b.pods.map((p) => p.process_stats));
        expect(a.pods.every((p) => p.podRef.name === `pod-${p.podRef.uid}`)).toBe(true);
      }
    } finally {
      outer.close();
      inner.close();
      plain.close();
    }
    expect(fdCount()).toBe(base);
  });

  it('a process that summarised through the batch and never closed the platform exits by itself', () => {
    const platform = fileURLToPath(
      new URL('../../../src/platform/linux/platform.ts', import.meta.url),
    );
    const code = `
      import { createLinuxPlatform } from ${JSON.stringify(platform)};
      import { currentReadBatch } from ${JSON.stringify(platform.replace(/platform\.ts$/, 'read-batch.ts'))};
      const p = createLinuxPlatform({ cgroupRoot: process.argv[1] })._unsafeUnwrap();
      for (let i = 0; i < 3; i++) (await p.summary())._unsafeUnwrap();
      console.log('PODS', (await p.summary())._unsafeUnwrap().pods.length, 'BATCHED', currentReadBatch().count);
    `;
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code, '--', root],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(out.signal).toBeNull();
    expect(out.status).toBe(0);
    const [, count, , batched] = out.stdout.trim().split(' ');
    expect(Number(count)).toBe(pods.length);
    expect(Number(batched)).toBeGreaterThanOrEqual(pods.length * 4);
  });
});
