import { randomUUID } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  qosCgroupName,
} from '../../../src/platform/linux/cgroup-driver';
import { createLinuxPlatform } from '../../../src/platform/linux/platform';
import { PodCgroupSet } from '../../../src/platform/linux/pod-cgroups';
import type { WatchEvent } from '../../../src/platform/types';
import type { PodStats, Summary } from '../../../src/signals/summary';
import { summarySchema } from '../../../src/signals/summary';
import {
  AllocatingChild,
  probeMemcgDelegation,
  readMeminfo,
  removeCgroupTree,
  uniqueTestRoot,
} from './kernel-cgroups';

// Kernel integration: real cgroupfs on this machine. Pod-like cgroups are created under a
// unique test root inside this process's own v1 memory cgroup and read with the root override.
//
// Tolerances (the machine is shared, so node figures move between two reads):
// - node capacity: exact (available + working set = MemTotal × 1024);
// - node usage / working set: within 64 MiB of the /proc/meminfo equivalents (Cached + Buffers
//   + SwapCached + AnonPages, minus Inactive(file) for the working set) read just before and
//   just after summary(); the v1 root memcg counts exactly those pages, and they differ by
//   < 1 MiB when the machine is quiet (memcg stats are flushed lazily);
// - nodefs: capacity and inodes exact; available and free inodes within 256 MiB / 10 000 of
//   statfs before/after;
// - rlimit: maxpid exact; curproc within ±200 of /proc/loadavg before/after.

const probe = probeMemcgDelegation();
if (!probe.ok) console.warn(`kernel cgroup tests skipped: ${probe.reason}`);
const skipReason = probe.ok ? '' : ` (skipped: ${probe.reason})`;
const MiB = 1024 * 1024;

const fdCount = () => readdirSync('/proc/self/fd').length;
const mkdir = (dir: string) => mkdirSync(dir, { recursive: true });
const relPath = (name: readonly string[], driver: 'systemd' | 'cgroupfs') =>
  cgroupPath(name, driver)._unsafeUnwrap();

interface PodPlan {
  uid: string;
  qos: PodQosLevel;
  dir: string;
  /** processes per container cgroup; `direct` = processes in the pod cgroup itself */
  containers: number[];
  direct: number;
  /** a sandbox cgroup holding one process named `pause` */
  sandbox?: boolean;
  limit?: number;
}

interface Fixture {
  root: string;
  pods: PodPlan[];
  children: AllocatingChild[];
}

/** Build a kubelet-like pod tree and start the planned processes. */
async function buildTree(
  root: string,
  driver: 'systemd' | 'cgroupfs',
  plan: Array<Omit<PodPlan, 'uid' | 'dir'>>,
  children: AllocatingChild[],
): Promise<PodPlan[]> {
  for (const qos of ['guaranteed', 'burstable', 'besteffort'] as const) {
    mkdir(join(root, relPath(qosCgroupName(qos), driver)));
  }
  writeFileSync(
    join(root, relPath(qosCgroupName('guaranteed'), driver), 'memory.limit_in_bytes'),
    String(4096 * MiB),
  );
  const pods: PodPlan[] = [];
  for (const p of plan) {
    const uid = randomUUID();
    const dir = join(root, relPath(podCgroupName(uid, p.qos), driver));
    mkdirSync(dir);
    if (p.limit !== undefined) writeFileSync(join(dir, 'memory.limit_in_bytes'), String(p.limit));
    const pod: PodPlan = { ...p, uid, dir };
    pods.push(pod);
    const moves: Array<Promise<void>> = [];
    p.containers.forEach((procs, i) => {
      const cdir = join(dir, driver === 'systemd' ? `cri-containerd-c${i}.scope` : `c${i}`);
      mkdirSync(cdir);
      for (let n = 0; n < procs; n++) {
        const child = new AllocatingChild(32);
        children.push(child);
        moves.push(child.moveAndAllocate(cdir));
      }
    });
    if (p.sandbox) {
      const sdir = join(dir, driver === 'systemd' ? 'cri-containerd-sandbox.scope' : 'sandbox');
      mkdirSync(sdir);
      const pause = new AllocatingChild(1, 'pause');
      children.push(pause);
      moves.push(pause.moveAndAllocate(sdir));
    }
    for (let n = 0; n < p.direct; n++) {
      const child = new AllocatingChild(32);
      children.push(child);
      moves.push(child.moveAndAllocate(dir));
    }
    await Promise.all(moves);
  }
  return pods;
}

async function teardown(f: Fixture | undefined, root: string): Promise<void> {
  if (f) await Promise.all(f.children.map((c) => c.kill()));
  const failures = await removeCgroupTree(root);
  if (failures.length > 0) throw new Error(`cgroups left behind: ${failures.join(', ')}`);
}

/** What the kubelet counts: the containers' processes (not the sandbox, not the pod cgroup's). */
const procCount = (pod: PodPlan) => pod.containers.reduce((a, b) => a + b, 0);
/** The processes that touched 32 MiB each. */
const allocating = (pod: PodPlan) => pod.direct + procCount(pod);

function checkPods(summary: Summary, pods: PodPlan[]): void {
  const byUid = new Map<string, PodStats>(summary.pods.map((p) => [p.podRef.uid, p]));
  expect(byUid.size).toBe(pods.length);
  for (const pod of pods) {
    const stats = byUid.get(pod.uid);
    expect(stats, pod.uid).toBeDefined();
    expect(stats!.process_stats?.process_count, `${pod.uid} processes`).toBe(procCount(pod));
    const n = allocating(pod);
    const mem = stats!.memory!;
    expect(mem.usageBytes).toBeGreaterThanOrEqual(mem.workingSetBytes!);
    if (n > 0) {
      // each process touched 32 MiB after joining its cgroup
      expect(mem.workingSetBytes!).toBeGreaterThanOrEqual(n * 30 * MiB);
      expect(mem.rssBytes!).toBeGreaterThanOrEqual(n * 30 * MiB);
    } else {
      // at most a pause process (a node child touching 1 MiB after it moved in)
      expect(mem.usageBytes!).toBeLessThan(pod.sandbox ? 24 * MiB : 4 * MiB);
    }
    if (pod.limit !== undefined) expect(mem.availableBytes).toBe(pod.limit - mem.workingSetBytes!);
    else expect(mem.availableBytes).toBeUndefined();
  }
}

const meminfoWorkingSet = (m: Record<string, number>) => {
  const usage = m['Cached']! + m['Buffers']! + (m['SwapCached'] ?? 0) + m['AnonPages']!;
  return { usage, workingSet: usage - m['Inactive(file)']! };
};

const within = (value: number, a: number, b: number, tolerance: number) => {
  expect(value).toBeGreaterThanOrEqual(Math.min(a, b) - tolerance);
  expect(value).toBeLessThanOrEqual(Math.max(a, b) + tolerance);
};

describe.skipIf(!probe.ok)(`kernel: 110 pods, systemd driver${skipReason}`, () => {
  const parent = probe.ok ? probe.parent : '';
  const root = uniqueTestRoot(parent, 'systemd');
  let fixture: Fixture | undefined;

  beforeAll(async () => {
    mkdir(root);
    const children: AllocatingChild[] = [];
    fixture = { root, pods: [], children };
    const plan: Array<Omit<PodPlan, 'uid' | 'dir'>> = [];
    for (let i = 0; i < 110; i++) {
      const qos: PodQosLevel = i < 10 ? 'guaranteed' : i < 70 ? 'burstable' : 'besteffort';
      const containers =
        i === 0 || i === 15 || i === 30 || i === 80
          ? [1]
          : i === 45
            ? [1, 1]
            : i === 46
              ? [0, 0, 0]
              : [];
      plan.push({
        qos,
        containers,
        direct: i === 60 ? 1 : 0,
        // a sandbox next to 1, 2 or 0 container processes, and one without any container
        sandbox: i === 0 || i === 45 || i === 46 || i === 61,
        ...(i === 15 || i === 20 ? { limit: 1024 * MiB } : {}),
      });
    }
    fixture.pods = await buildTree(root, 'systemd', plan, children);
  }, 60_000);

  afterAll(async () => {
    await teardown(fixture, root);
  }, 30_000);

  it('returns all 110 pods with plausible memory and exact process counts', async () => {
    const platform = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    try {
      const started = performance.now();
      const summary = (await platform.summary())._unsafeUnwrap();
      const ms = performance.now() - started;
      console.info(`summary() over 110 pod cgroups (first call, opens fds): ${ms.toFixed(2)} ms`);
      expect(platform.driver).toBe('systemd');
      expect(summarySchema.safeParse(summary).success).toBe(true);
      checkPods(summary, fixture!.pods);

      // the kubepods system container: its limit is the capacity
      const pods = summary.node.systemContainers?.find((c) => c.name === 'pods');
      expect(pods?.memory?.availableBytes).toBe(4096 * MiB - pods!.memory!.workingSetBytes!);
      const podWs = summary.pods.reduce((a, p) => a + p.memory!.workingSetBytes!, 0);
      within(pods!.memory!.workingSetBytes!, podWs, podWs, 8 * MiB);

      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        const next = (await platform.summary())._unsafeUnwrap();
        times.push(performance.now() - t0);
        if (i === 0) checkPods(next, fixture!.pods);
      }
      times.sort((x, y) => x - y);
      console.info(
        `summary() over 110 pod cgroups (kept fds), median of 30: ${times[15]!.toFixed(2)} ms`,
      );
    } finally {
      platform.close();
    }
  });

  it('node observations match /proc/meminfo, statfs and procfs', async () => {
    const platform = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    try {
      const before = readMeminfo(readFileSync('/proc/meminfo', 'latin1'));
      const fsBefore = statfsSync(platform.info.nodefsPath);
      const loadBefore = readFileSync('/proc/loadavg', 'latin1');
      const summary = (await platform.summary())._unsafeUnwrap();
      const after = readMeminfo(readFileSync('/proc/meminfo', 'latin1'));
      const fsAfter = statfsSync(platform.info.nodefsPath);
      const loadAfter = readFileSync('/proc/loadavg', 'latin1');

      const mem = summary.node.memory!;
      expect(mem.availableBytes! + mem.workingSetBytes!).toBe(before['MemTotal']);
      const b = meminfoWorkingSet(before);
      const a = meminfoWorkingSet(after);
      within(mem.usageBytes!, b.usage, a.usage, 64 * MiB);
      within(mem.workingSetBytes!, b.workingSet, a.workingSet, 64 * MiB);

      const nodefs = summary.node.fs!;
      expect(nodefs.capacityBytes).toBe(fsBefore.blocks * fsBefore.bsize);
      expect(nodefs.inodes).toBe(fsBefore.files);
      within(
        nodefs.availableBytes!,
        fsBefore.bavail * fsBefore.bsize,
        fsAfter.bavail * fsAfter.bsize,
        256 * MiB,
      );
      within(nodefs.inodesFree!, fsBefore.ffree, fsAfter.ffree, 10_000);
      expect(nodefs.usedBytes).toBeGreaterThan(0);
      expect(summary.node.runtime?.imageFs?.capacityBytes).toBeGreaterThan(0);

      const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'latin1'));
      const threadsMax = Number(readFileSync('/proc/sys/kernel/threads-max', 'latin1'));
      expect(summary.node.rlimit?.maxpid).toBe(Math.min(pidMax, threadsMax));
      const tasks = (t: string) => Number(t.split(' ')[3]!.split('/')[1]);
      within(summary.node.rlimit!.curproc!, tasks(loadBefore), tasks(loadAfter), 200);
      expect(summary.node.startTime).toBeLessThan(Date.now());
    } finally {
      platform.close();
    }
  });

  it('releases every fd on close() and drops a pod removed between summaries', async () => {
    const base = fdCount();
    const platform = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    const first = (await platform.summary())._unsafeUnwrap();
    expect(first.pods).toHaveLength(110);
    const withPods = fdCount();
    // at least usage + stat + limit + the directory per pod
    expect(withPods - base).toBeGreaterThanOrEqual(110 * 4);

    const victim = fixture!.pods.find(
      (p) => allocating(p) === 0 && p.containers.length === 0 && !p.sandbox,
    )!;
    rmdirSync(victim.dir);
    fixture!.pods = fixture!.pods.filter((p) => p !== victim);
    const second = await platform.summary();
    expect(second.isOk()).toBe(true);
    expect(second._unsafeUnwrap().pods.map((p) => p.podRef.uid)).not.toContain(victim.uid);
    expect(second._unsafeUnwrap().pods).toHaveLength(109);
    expect(fdCount()).toBeLessThan(withPods);

    platform.close();
    platform.close();
    expect(fdCount()).toBe(base);
  });

  it('a pod cgroup that vanishes after the scan is dropped at read time (ENODEV), fds closed', async () => {
    const extra = join(root, relPath(podCgroupName(randomUUID(), 'besteffort'), 'systemd'));
    mkdirSync(extra);
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
      expect(set.sample()._unsafeUnwrap()).toHaveLength(fixture!.pods.length + 1);
      const held = set.openFiles;
      expect(set.size).toBe(fixture!.pods.length + 1);
      rmdirSync(extra);
      const samples = set.sample()._unsafeUnwrap();
      expect(samples).toHaveLength(fixture!.pods.length);
      expect(set.openFiles).toBeLessThan(held);
    } finally {
      set.close();
    }
    expect(fdCount()).toBe(base);
  });
});

describe.skipIf(!probe.ok)(`kernel: watchMemory through the default notifier${skipReason}`, () => {
  const parent = probe.ok ? probe.parent : '';
  const root = uniqueTestRoot(parent, 'watch');
  const children: AllocatingChild[] = [];

  afterAll(async () => {
    await teardown({ root, pods: [], children }, root);
  }, 30_000);

  it('fires crossed when the usage of a pod cgroup passes the threshold, closed on close()', async () => {
    const dir = join(root, relPath(podCgroupName(randomUUID(), 'burstable'), 'systemd'));
    mkdir(dir);
    mkdir(join(root, relPath(qosCgroupName('besteffort'), 'systemd')));
    const platform = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    const events: WatchEvent[] = [];
    try {
      const usage = Number(readFileSync(join(dir, 'memory.usage_in_bytes'), 'latin1'));
      const watch = platform.watchMemory({ cgroup: dir, bytes: BigInt(usage + 16 * MiB) });
      const w = watch._unsafeUnwrap();
      w.on((e) => events.push(e));
      expect((await w.ready).isOk()).toBe(true);
      const crossed = new Promise<void>((resolve) => {
        w.on((e) => {
          if (e.type === 'crossed') resolve();
        });
      });
      const child = new AllocatingChild(32);
      children.push(child);
      await child.moveAndAllocate(dir);
      await Promise.race([crossed, new Promise((r) => setTimeout(r, 5000))]);
      expect(events.some((e) => e.type === 'crossed')).toBe(true);
    } finally {
      platform.close();
    }
    expect(events.at(-1)).toMatchObject({ type: 'closed', reason: 'closed-by-caller' });
  });
});

describe.skipIf(!probe.ok)(`kernel: cgroupfs driver${skipReason}`, () => {
  const parent = probe.ok ? probe.parent : '';
  const root = uniqueTestRoot(parent, 'cgroupfs');
  let fixture: Fixture | undefined;

  beforeAll(async () => {
    mkdir(root);
    const children: AllocatingChild[] = [];
    fixture = { root, pods: [], children };
    fixture.pods = await buildTree(
      root,
      'cgroupfs',
      [
        { qos: 'guaranteed', containers: [1], direct: 0, limit: 512 * MiB },
        { qos: 'burstable', containers: [1, 1], direct: 0, sandbox: true },
        { qos: 'burstable', containers: [], direct: 0 },
        { qos: 'besteffort', containers: [0], direct: 0 },
      ],
      children,
    );
  }, 60_000);

  afterAll(async () => {
    await teardown(fixture, root);
  }, 30_000);

  it('finds the pods under kubepods/<qos>/pod<uid> with their processes', async () => {
    const platform = createLinuxPlatform({ cgroupRoot: root })._unsafeUnwrap();
    try {
      const summary = (await platform.summary())._unsafeUnwrap();
      expect(platform.driver).toBe('cgroupfs');
      checkPods(summary, fixture!.pods);
      expect(summary.node.systemContainers?.[0]?.name).toBe('pods');
    } finally {
      platform.close();
    }
  });

  it('with a UID list reports just those pods', async () => {
    const wanted = fixture!.pods.slice(0, 2);
    const platform = createLinuxPlatform({
      cgroupRoot: root,
      podUids: wanted.map((p) => p.uid),
      pods: new Map(wanted.map((p, i) => [p.uid, { name: `pod-${i}`, namespace: 'ns' }])),
    })._unsafeUnwrap();
    try {
      const summary = (await platform.summary())._unsafeUnwrap();
      checkPods(summary, wanted);
      expect(summary.pods.map((p) => p.podRef.namespace)).toEqual(['ns', 'ns']);
    } finally {
      platform.close();
    }
  });
});
