import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { ok } from 'neverthrow';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLinuxPlatform,
  type LinuxPlatform,
  type LinuxPlatformOptions,
} from '../../../src/platform/linux/platform';
import type { Watch } from '../../../src/platform/types';
import { summarySchema } from '../../../src/signals/summary';
import { FakeCgroupTree, writeMemcg } from './fake-cgroupfs';

// A synthetic v1 hierarchy in a temporary directory: exercises discovery, naming, value
// assembly and path confinement anywhere, without root. The kernel test covers cgroupfs itself.

const UIDS = {
  g: '11111111-1111-4111-8111-111111111111',
  b: '22222222-2222-4222-8222-222222222222',
  e: '33333333-3333-4333-8333-333333333333',
};

const fdCount = () => readdirSync('/proc/self/fd').length;

let trees: FakeCgroupTree[] = [];
afterEach(() => {
  for (const t of trees) t.remove();
  trees = [];
});
const tree = (driver: 'systemd' | 'cgroupfs') => {
  const t = new FakeCgroupTree(driver);
  trees.push(t);
  return t;
};
const platformOn = (t: FakeCgroupTree, extra: Partial<LinuxPlatformOptions> = {}) =>
  createLinuxPlatform({
    cgroupRoot: t.root,
    nodeCgroup: t.node,
    nodeName: 'fake-node',
    clock: () => 1_700_000_000_000,
    ...extra,
  });

describe.each(['systemd', 'cgroupfs'] as const)('%s driver on a synthetic tree', (driver) => {
  it('reports the node, the pods container and every pod with exact values', async () => {
    const t = tree(driver);
    t.kubepods({ usage: 900_000, inactiveFile: 100_000, limit: 2_000_000 });
    t.pod(UIDS.g, 'guaranteed', { usage: 500_000, inactiveFile: 50_000, limit: 600_000 });
    const b = t.pod(UIDS.b, 'burstable', { usage: 300_000, inactiveFile: 400_000, procs: [] });
    writeMemcg(join(b, 'c1'), { usage: 0, inactiveFile: 0, procs: [101, 102] });
    writeMemcg(join(b, 'c2'), { usage: 0, inactiveFile: 0, procs: [103] });
    // a process directly in the pod cgroup belongs to no container: not counted
    const e0 = t.pod(UIDS.e, 'besteffort', { usage: 100_000, inactiveFile: 0, procs: [7] });
    writeMemcg(join(e0, 'c1'), { usage: 0, inactiveFile: 0, procs: [8] });

    const platform = platformOn(t)._unsafeUnwrap();
    const s = (await platform.summary())._unsafeUnwrap();
    platform.close();

    expect(platform.driver).toBe(driver);
    expect(summarySchema.safeParse(s).success).toBe(true);
    expect(s.node.nodeName).toBe('fake-node');
    expect(s.node.memory).toMatchObject({
      time: 1_700_000_000_000,
      usageBytes: 8_000_000,
      workingSetBytes: 5_000_000,
      rssBytes: 2_000_000,
      pageFaults: 11,
      majorPageFaults: 2,
    });
    expect(s.node.systemContainers).toEqual([
      {
        name: 'pods',
        memory: expect.objectContaining({
          usageBytes: 900_000,
          workingSetBytes: 800_000,
          availableBytes: 1_200_000,
        }),
      },
    ]);
    expect(s.pods.map((p) => p.podRef.uid)).toEqual([UIDS.g, UIDS.b, UIDS.e]);
    const [g, bp, e] = s.pods;
    expect(g!.memory).toMatchObject({ workingSetBytes: 450_000, availableBytes: 150_000 });
    // working set floors at 0; unlimited → no availableBytes
    expect(bp!.memory).toMatchObject({ usageBytes: 300_000, workingSetBytes: 0 });
    expect(bp!.memory!.availableBytes).toBeUndefined();
    expect(bp!.process_stats).toEqual({ process_count: 3 });
    expect(e!.process_stats).toEqual({ process_count: 1 });
    expect(g!.podRef).toEqual({ name: UIDS.g, namespace: '', uid: UIDS.g });
  });

  it('follows pods and containers appearing and disappearing between summaries', async () => {
    const t = tree(driver);
    t.kubepods();
    const b = t.pod(UIDS.b, 'burstable', { usage: 10, inactiveFile: 0 });
    const base = fdCount();
    const platform = platformOn(t)._unsafeUnwrap();
    const afterCreate = fdCount();
    expect((await platform.summary())._unsafeUnwrap().pods).toHaveLength(1);
    const afterFirst = fdCount();
    expect(afterFirst).toBeGreaterThan(afterCreate);

    writeMemcg(join(b, 'c1'), { usage: 0, inactiveFile: 0, procs: [1, 2, 3] });
    t.pod(UIDS.e, 'besteffort', { usage: 20, inactiveFile: 0 });
    let s = (await platform.summary())._unsafeUnwrap();
    expect(s.pods.map((p) => [p.podRef.uid, p.process_stats?.process_count])).toEqual([
      [UIDS.b, 3],
      [UIDS.e, 0],
    ]);

    rmSync(join(b, 'c1'), { recursive: true });
    rmSync(t.podDir(UIDS.e, 'besteffort'), { recursive: true });
    s = (await platform.summary())._unsafeUnwrap();
    expect(s.pods.map((p) => [p.podRef.uid, p.process_stats?.process_count])).toEqual([
      [UIDS.b, 0],
    ]);
    // descriptors of the removed pod and container are released
    expect(fdCount()).toBe(afterFirst);
    platform.close();
    expect(fdCount()).toBe(base);
  });

  it('reports only the listed UIDs when given a list', async () => {
    const t = tree(driver);
    t.kubepods();
    t.pod(UIDS.g, 'guaranteed', { usage: 1, inactiveFile: 0 });
    t.pod(UIDS.b, 'burstable', { usage: 2, inactiveFile: 0 });
    const platform = platformOn(t, { podUids: [UIDS.b, UIDS.e] })._unsafeUnwrap();
    let s = (await platform.summary())._unsafeUnwrap();
    expect(s.pods.map((p) => p.podRef.uid)).toEqual([UIDS.b]);
    t.pod(UIDS.e, 'besteffort', { usage: 3, inactiveFile: 0 });
    s = (await platform.summary())._unsafeUnwrap();
    expect(s.pods.map((p) => p.podRef.uid)).toEqual([UIDS.b, UIDS.e]);
    platform.close();
  });
});

// The kubelet's CRI stats provider sums `cgroup.procs` over the containers CRI lists
// (cri_stats_provider.go addProcessStats): never the sandbox, a conmon, or the pod cgroup itself.
describe.each(['systemd', 'cgroupfs'] as const)('%s driver: pod process counts', (driver) => {
  const child = (id: string) => (driver === 'systemd' ? `cri-containerd-${id}.scope` : id);
  const conmon = (id: string) =>
    driver === 'systemd' ? `crio-conmon-${id}.scope` : `crio-conmon-${id}`;

  /** A procfs with the node files and a `comm` per pid. */
  function fakeProc(t: FakeCgroupTree, comms: Record<number, string>): string {
    const proc = join(t.base, 'proc');
    mkdirSync(join(proc, 'sys', 'kernel'), { recursive: true });
    writeFileSync(join(proc, 'meminfo'), 'MemTotal:       1000 kB\n');
    writeFileSync(join(proc, 'sys', 'kernel', 'pid_max'), '32768\n');
    writeFileSync(join(proc, 'loadavg'), '0.00 0.00 0.00 1/100 1\n');
    for (const [pid, comm] of Object.entries(comms)) setComm(proc, Number(pid), comm);
    return proc;
  }
  const setComm = (proc: string, pid: number, comm: string) => {
    mkdirSync(join(proc, String(pid)), { recursive: true });
    writeFileSync(join(proc, String(pid), 'comm'), `${comm}\n`);
  };

  /** Pod b: a sandbox (pause), two containers (3 processes), a conmon, a process of its own. */
  function podWithSandbox(t: FakeCgroupTree): string {
    t.kubepods();
    const pod = t.pod(UIDS.b, 'burstable', { usage: 1, inactiveFile: 0, procs: [505] });
    writeMemcg(join(pod, child('sbx')), { usage: 0, inactiveFile: 0, procs: [500] });
    writeMemcg(join(pod, child('c1')), { usage: 0, inactiveFile: 0, procs: [501, 502] });
    writeMemcg(join(pod, child('c2')), { usage: 0, inactiveFile: 0, procs: [503] });
    writeMemcg(join(pod, conmon('c1')), { usage: 0, inactiveFile: 0, procs: [504] });
    return pod;
  }
  const comms = { 500: 'pause', 501: 'app', 502: 'app', 503: 'sidecar', 504: 'conmon', 505: 'x' };
  const count = async (platform: LinuxPlatform) =>
    (await platform.summary())._unsafeUnwrap().pods.map((p) => p.process_stats);

  it('a pod with a sandbox process and 3 container processes reports 3', async () => {
    const t = tree(driver);
    podWithSandbox(t);
    const platform = platformOn(t, { procRoot: fakeProc(t, comms) })._unsafeUnwrap();
    expect(await count(platform)).toEqual([{ process_count: 3 }]);
    expect(await count(platform)).toEqual([{ process_count: 3 }]);
    platform.close();
  });

  it('sandboxProcessNames: [] counts the sandbox too (never the conmon or the pod cgroup)', async () => {
    const t = tree(driver);
    podWithSandbox(t);
    const procRoot = fakeProc(t, comms);
    const platform = platformOn(t, { procRoot, sandboxProcessNames: [] })._unsafeUnwrap();
    expect(await count(platform)).toEqual([{ process_count: 4 }]);
    platform.close();
    const renamed = platformOn(t, { procRoot, sandboxProcessNames: ['sidecar'] })._unsafeUnwrap();
    expect(await count(renamed)).toEqual([{ process_count: 3 }]);
    renamed.close();
  });

  it('with the container IDs of the pod status, exactly those containers count', async () => {
    const t = tree(driver);
    podWithSandbox(t);
    const platform = platformOn(t, {
      procRoot: fakeProc(t, { ...comms, 500: 'not-pause' }),
      pods: { [UIDS.b]: { name: 'b', namespace: 'ns', containerIds: ['containerd://c1'] } },
    })._unsafeUnwrap();
    expect(await count(platform)).toEqual([{ process_count: 2 }]);
    platform.close();
    const both = platformOn(t, {
      procRoot: fakeProc(t, comms),
      pods: new Map([[UIDS.b, { name: 'b', namespace: 'ns', containerIds: ['c1', 'cri-o://c2'] }]]),
    })._unsafeUnwrap();
    expect(await count(both)).toEqual([{ process_count: 3 }]);
    both.close();
  });

  it('a sandbox seen before its init process execs into pause is recognised once it has', async () => {
    const t = tree(driver);
    podWithSandbox(t);
    const procRoot = fakeProc(t, { ...comms, 500: 'runc:[2:INIT]' });
    const platform = platformOn(t, { procRoot })._unsafeUnwrap();
    expect(await count(platform)).toEqual([{ process_count: 4 }]);
    setComm(procRoot, 500, 'pause');
    expect(await count(platform)).toEqual([{ process_count: 3 }]);
    // a second process in the sandbox cgroup: it is no longer a lone pause process
    writeFileSync(join(t.podDir(UIDS.b, 'burstable'), child('sbx'), 'cgroup.procs'), '500\n506\n');
    expect(await count(platform)).toEqual([{ process_count: 5 }]);
    platform.close();
  });

  it('a single process whose comm cannot be read counts', async () => {
    const t = tree(driver);
    podWithSandbox(t);
    const procRoot = fakeProc(t, comms);
    rmSync(join(procRoot, '500'), { recursive: true });
    const platform = platformOn(t, { procRoot })._unsafeUnwrap();
    expect(await count(platform)).toEqual([{ process_count: 4 }]);
    platform.close();
  });

  it('descriptors of comm files are released with their containers and on close()', async () => {
    const t = tree(driver);
    const pod = podWithSandbox(t);
    const base = fdCount();
    const platform = platformOn(t, { procRoot: fakeProc(t, comms) })._unsafeUnwrap();
    await count(platform);
    const held = fdCount();
    rmSync(join(pod, child('c2')), { recursive: true });
    expect(await count(platform)).toEqual([{ process_count: 2 }]);
    // c2's cgroup.procs and its kept-open comm are both gone
    expect(fdCount()).toBe(held - 2);
    platform.close();
    expect(fdCount()).toBe(base);
  });
});

describe('pod identities', () => {
  it.each([
    ['a Map', new Map([[UIDS.b, { name: 'web', namespace: 'prod' }]])],
    ['a record', { [UIDS.b]: { name: 'web', namespace: 'prod' } }],
    [
      'a function',
      (uid: string) => (uid === UIDS.b ? { name: 'web', namespace: 'prod' } : undefined),
    ],
  ])('from %s', async (_, pods) => {
    const t = tree('systemd');
    t.kubepods();
    t.pod(UIDS.b, 'burstable', { usage: 2, inactiveFile: 0 });
    t.pod(UIDS.e, 'besteffort', { usage: 2, inactiveFile: 0 });
    const platform = platformOn(t, { pods })._unsafeUnwrap();
    const s = (await platform.summary())._unsafeUnwrap();
    platform.close();
    expect(s.pods.map((p) => p.podRef)).toEqual([
      { name: 'web', namespace: 'prod', uid: UIDS.b },
      { name: UIDS.e, namespace: '', uid: UIDS.e },
    ]);
  });

  it('a record does not resolve inherited keys', async () => {
    const t = tree('systemd');
    t.kubepods();
    const platform = platformOn(t, { pods: {} })._unsafeUnwrap();
    expect((await platform.summary()).isOk()).toBe(true);
    platform.close();
  });
});

describe('hostile input never opens a path outside the cgroup root', () => {
  it.each([['../../etc'], ['..'], ['a/b'], ['x\u0000y'], [''], ['pod_1']])(
    'pod UID %j is refused at creation',
    (uid) => {
      const t = tree('systemd');
      expect(platformOn(t, { podUids: [uid] })._unsafeUnwrapErr()).toMatchObject({
        code: 'invalid-argument',
      });
    },
  );

  it.each([['../..'], ['kubepods/../..'], ['.'], ['kube_pods'], ['a\u0000']])(
    'kubepods name %j is refused',
    (name) => {
      const t = tree('cgroupfs');
      expect(platformOn(t, { kubepodsName: name })._unsafeUnwrapErr().code).toBe(
        'invalid-argument',
      );
    },
  );

  it('rejects a driver that is not systemd, cgroupfs or auto', () => {
    const t = tree('cgroupfs');
    expect(platformOn(t, { driver: 'openrc' as unknown as 'auto' })._unsafeUnwrapErr().code).toBe(
      'invalid-argument',
    );
    expect(platformOn(t, { podUids: 'abc' as unknown as string[] })._unsafeUnwrapErr().code).toBe(
      'invalid-argument',
    );
  });

  it('skips a pod directory that is a symlink to somewhere else', async () => {
    const t = tree('systemd');
    t.kubepods();
    const outside = join(t.base, 'outside');
    writeMemcg(outside, { usage: 5, inactiveFile: 0 });
    const link = t.podDir(UIDS.b, 'burstable');
    symlinkSync(outside, link);
    const platform = platformOn(t)._unsafeUnwrap();
    const s = (await platform.summary())._unsafeUnwrap();
    platform.close();
    expect(s.pods).toEqual([]);
  });

  it('refuses a listed pod whose path resolves outside the root', async () => {
    const t = tree('systemd');
    t.kubepods();
    const outside = join(t.base, 'outside');
    writeMemcg(outside, { usage: 5, inactiveFile: 0 });
    symlinkSync(outside, t.podDir(UIDS.b, 'burstable'));
    const platform = platformOn(t, { podUids: [UIDS.b] })._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-path' });
    platform.close();
  });

  it('refuses pods under a QoS directory symlinked out of the root', async () => {
    const t = tree('systemd');
    t.kubepods();
    const qos = join(t.root, 'kubepods.slice', 'kubepods-besteffort.slice');
    const outside = join(t.base, 'outside-qos');
    renameSync(qos, outside);
    writeMemcg(join(outside, `kubepods-besteffort-pod${UIDS.e.replaceAll('-', '_')}.slice`), {
      usage: 1,
      inactiveFile: 0,
    });
    symlinkSync(outside, qos);
    const platform = platformOn(t, { driver: 'systemd' })._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-path' });
    platform.close();
  });

  it('a forced driver still refuses a kubepods symlinked out of the root', async () => {
    const t = tree('cgroupfs');
    const outside = join(t.base, 'outside-kubepods');
    writeMemcg(outside, { usage: 1, inactiveFile: 0 });
    symlinkSync(outside, join(t.root, 'kubepods'));
    const platform = platformOn(t, { driver: 'cgroupfs' })._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-path' });
    platform.close();
  });

  it('a symlinked kubepods is not taken for a driver layout', async () => {
    const t = tree('systemd');
    const outside = join(t.base, 'outside-kubepods');
    writeMemcg(outside, { usage: 1, inactiveFile: 0 });
    symlinkSync(outside, join(t.root, 'kubepods.slice'));
    const platform = platformOn(t)._unsafeUnwrap();
    const s = (await platform.summary())._unsafeUnwrap();
    expect(platform.driver).toBeUndefined();
    expect(s.pods).toEqual([]);
    expect(s.node.systemContainers).toEqual([]);
    platform.close();
  });
});

describe('errors are values', () => {
  it('a malformed pod memory.stat is a typed error naming the file', async () => {
    const t = tree('cgroupfs');
    t.kubepods();
    const dir = t.pod(UIDS.b, 'burstable', { usage: 1, inactiveFile: 0 });
    writeFileSync(join(dir, 'memory.stat'), 'total_inactive_file lots\n');
    const platform = platformOn(t)._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrapErr()).toEqual({
      code: 'malformed',
      path: join(dir, 'memory.stat'),
      message: expect.stringMatching(/^line 1: /),
    });
    platform.close();
  });

  it('a malformed cgroup.procs is a typed error naming the file', async () => {
    const t = tree('cgroupfs');
    t.kubepods();
    const dir = t.pod(UIDS.b, 'burstable', { usage: 1, inactiveFile: 0 });
    writeMemcg(join(dir, 'c1'), { usage: 0, inactiveFile: 0 });
    writeFileSync(join(dir, 'c1', 'cgroup.procs'), 'one\n');
    const platform = platformOn(t)._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrapErr()).toMatchObject({
      code: 'malformed',
      path: join(dir, 'c1', 'cgroup.procs'),
    });
    platform.close();
  });

  it('a FIFO in place of a pod file is an io error naming it, not a blocked event loop', async (ctx) => {
    const t = tree('cgroupfs');
    t.kubepods();
    const dir = t.pod(UIDS.b, 'burstable', { usage: 1, inactiveFile: 0 });
    rmSync(join(dir, 'memory.stat'));
    if (spawnSync('mkfifo', [join(dir, 'memory.stat')]).status !== 0) ctx.skip('no mkfifo');
    const platform = platformOn(t)._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrapErr()).toMatchObject({
      code: 'io',
      path: join(dir, 'memory.stat'),
      errno: 'ESPIPE',
    });
    platform.close();
  });

  it('a missing cgroup root or node cgroup fails creation', () => {
    const t = tree('systemd');
    expect(platformOn(t, { cgroupRoot: join(t.base, 'nope') })._unsafeUnwrapErr()).toMatchObject({
      code: 'not-found',
    });
    const empty = join(t.base, 'empty');
    mkdirSync(empty);
    expect(platformOn(t, { nodeCgroup: empty })._unsafeUnwrapErr().code).toBe('unsupported');
  });

  it('an explicit filesystem path must exist; the defaults fall back', () => {
    const t = tree('systemd');
    expect(platformOn(t, { imagefsPath: '/does/not/exist' })._unsafeUnwrapErr()).toMatchObject({
      code: 'not-found',
      path: '/does/not/exist',
    });
    const platform = platformOn(t)._unsafeUnwrap();
    if (!existsSync('/var/lib/kubelet')) expect(platform.info.nodefsPath).toBe('/');
    if (!existsSync('/var/lib/containerd') && !existsSync('/var/lib/containers')) {
      expect(platform.info.imagefsPath).toBe(platform.info.nodefsPath);
      expect(platform.info.dedicatedImageFs).toBe(false);
    }
    platform.close();
  });

  it('close() is idempotent and later calls report closed', async () => {
    const t = tree('systemd');
    t.kubepods();
    const base = fdCount();
    const platform = platformOn(t)._unsafeUnwrap();
    await platform.summary();
    platform.close();
    platform.close();
    expect(fdCount()).toBe(base);
    expect((await platform.summary())._unsafeUnwrapErr().code).toBe('closed');
    expect(platform.watchMemory({ bytes: 1n })._unsafeUnwrapErr().code).toBe('closed');
  });
});

describe('watchMemory delegates to the notifier', () => {
  it('notifier: false disables it', () => {
    const t = tree('systemd');
    const platform = platformOn(t, { notifier: false })._unsafeUnwrap();
    expect(platform.watchMemory({ bytes: 1n })._unsafeUnwrapErr().code).toBe('unsupported');
    platform.close();
  });

  it('the default (polling) notifier refuses a cgroup outside the roots', () => {
    const t = tree('systemd');
    const platform = platformOn(t, { notifierOptions: { backend: 'poll' } })._unsafeUnwrap();
    expect(platform.watchMemory({ bytes: 1n, cgroup: '/etc' }).isErr()).toBe(true);
    platform.close();
  });

  it('defaults the cgroup to the node cgroup and closes watches on close()', () => {
    const t = tree('systemd');
    const specs: unknown[] = [];
    let closed = 0;
    const fakeWatch: Watch = {
      ready: Promise.resolve(ok(undefined)),
      on: () => () => {},
      close: () => {
        closed++;
      },
      closed: false,
    };
    const platform = platformOn(t, {
      notifier: {
        watch: (spec) => {
          specs.push(spec);
          return ok(fakeWatch);
        },
        close: () => {},
      },
    })._unsafeUnwrap();
    expect(platform.watchMemory({ bytes: 5n }).isOk()).toBe(true);
    expect(platform.watchMemory({ bytes: 6n, cgroup: '/x' }).isOk()).toBe(true);
    expect(specs).toEqual([
      { kind: 'threshold', cgroup: platform.info.nodeCgroup, bytes: 5n },
      { kind: 'threshold', cgroup: '/x', bytes: 6n },
    ]);
    expect(platform.watchMemory({ bytes: 5 as unknown as bigint })._unsafeUnwrapErr().code).toBe(
      'invalid-argument',
    );
    platform.close();
    expect(closed).toBe(1);
  });
});

describe('cgroup v2 file set on a synthetic tree', () => {
  const writeV2 = (
    dir: string,
    m: {
      current?: number;
      max?: string;
      anon: number;
      file: number;
      inactive: number;
      procs?: number[];
    },
  ) => {
    mkdirSync(dir, { recursive: true });
    if (m.current !== undefined) writeFileSync(join(dir, 'memory.current'), `${m.current}\n`);
    else writeFileSync(join(dir, 'cgroup.controllers'), 'cpu memory pids\n');
    writeFileSync(join(dir, 'memory.max'), `${m.max ?? 'max'}\n`);
    writeFileSync(
      join(dir, 'memory.stat'),
      `anon ${m.anon}\nfile ${m.file}\ninactive_file ${m.inactive}\npgfault 9\npgmajfault 1\n`,
    );
    writeFileSync(join(dir, 'cgroup.procs'), (m.procs ?? []).map((p) => `${p}\n`).join(''));
  };

  it('reads memory.current/memory.max/inactive_file/anon, and the v2 root as anon + file', async () => {
    const t = tree('systemd');
    rmSync(t.root, { recursive: true });
    rmSync(t.node, { recursive: true });
    writeV2(t.root, { current: 1, anon: 0, file: 0, inactive: 0 });
    // the v2 root: no memory.current
    writeV2(t.node, { anon: 3_000_000, file: 5_000_000, inactive: 2_000_000 });
    writeV2(join(t.root, 'kubepods.slice'), {
      current: 700,
      max: '1000',
      anon: 0,
      file: 0,
      inactive: 100,
    });
    for (const qos of ['burstable', 'besteffort']) {
      writeV2(join(t.root, 'kubepods.slice', `kubepods-${qos}.slice`), {
        current: 0,
        anon: 0,
        file: 0,
        inactive: 0,
      });
    }
    const pod = t.podDir(UIDS.b, 'burstable');
    writeV2(pod, { current: 600, max: '800', anon: 400, file: 200, inactive: 150, procs: [] });
    writeV2(join(pod, 'cri-containerd-1.scope'), {
      current: 0,
      anon: 0,
      file: 0,
      inactive: 0,
      procs: [5, 6],
    });

    const platform = platformOn(t)._unsafeUnwrap();
    expect(platform.info.cgroupVersion).toBe('v2');
    expect(platform.info.nodeCgroupVersion).toBe('v2');
    const s = platform.summarySync()._unsafeUnwrap();
    expect((await platform.summary())._unsafeUnwrap()).toEqual(s);
    platform.close();
    expect(s.node.memory).toMatchObject({
      usageBytes: 8_000_000,
      workingSetBytes: 6_000_000,
      rssBytes: 3_000_000,
      pageFaults: 9,
      majorPageFaults: 1,
    });
    expect(s.node.systemContainers?.[0]?.memory).toMatchObject({
      usageBytes: 700,
      workingSetBytes: 600,
      availableBytes: 400,
    });
    expect(s.pods).toHaveLength(1);
    expect(s.pods[0]!.memory).toMatchObject({
      usageBytes: 600,
      workingSetBytes: 450,
      rssBytes: 400,
      availableBytes: 350,
    });
    expect(s.pods[0]!.process_stats).toEqual({ process_count: 2 });
  });
});
