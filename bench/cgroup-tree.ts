// Real cgroup v1 memory trees for the kernel benchmarks: a uniquely named directory inside this
// process's own memory cgroup (as the kernel tests do), removed deepest-first afterwards, also
// on exit. `memcgParent` says why a kernel benchmark cannot run here, in words.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  QOS_LEVELS,
  qosCgroupName,
} from '../src/platform/linux/cgroup-driver';
import { detectCgroupLayout } from '../src/platform/linux/layout';

export type MemcgParent =
  | { ok: true; parent: string; memoryRoot: string }
  | { ok: false; reason: string };

/** Where this process may create v1 memory cgroups, or why it may not (found out by trying). */
export function memcgParent(): MemcgParent {
  if (process.platform !== 'linux') return { ok: false, reason: 'not Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root (cgroups need root)' };
  const layout = detectCgroupLayout();
  if (layout.isErr()) return { ok: false, reason: `no cgroup layout: ${layout.error.message}` };
  const { memoryRoot, memoryVersion, selfMemoryCgroup } = layout.value;
  if (memoryVersion !== 'v1') {
    return { ok: false, reason: 'the memory controller is cgroup v2 here (needs v1 memcg)' };
  }
  if (selfMemoryCgroup === undefined) {
    return { ok: false, reason: 'no memory line in /proc/self/cgroup' };
  }
  const parent = join(memoryRoot, selfMemoryCgroup);
  const probe = join(
    parent,
    `evictkit-bench-probe-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (e) {
    return {
      ok: false,
      reason: `mkdir refused in ${parent}: ${(e as NodeJS.ErrnoException).code}`,
    };
  }
  return { ok: true, parent, memoryRoot };
}

/** Remove a cgroup subtree deepest-first (cgroupfs refuses unlink); returns what stayed. */
export function removeCgroupTree(dir: string): string[] {
  const left: string[] = [];
  let children: string[] = [];
  try {
    children = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return left;
  }
  for (const child of children) left.push(...removeCgroupTree(child));
  for (let attempt = 0; ; attempt++) {
    try {
      rmdirSync(dir);
      return left;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return left;
      // EBUSY: a task that just exited has not left the cgroup yet.
      if (code === 'EBUSY' && attempt < 100) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      left.push(`${dir}: ${code}`);
      return left;
    }
  }
}

/** A directory of cgroups that is removed by `remove()`, and at the latest on exit. */
export class ScratchCgroup {
  readonly dir: string;
  #removed = false;
  readonly #onExit = () => this.remove();

  constructor(parent: string, label: string) {
    this.dir = join(
      parent,
      `evictkit-bench-${label}-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    mkdirSync(this.dir);
    process.once('exit', this.#onExit);
  }

  remove(): string[] {
    if (this.#removed) return [];
    this.#removed = true;
    process.off('exit', this.#onExit);
    return removeCgroupTree(this.dir);
  }
}

/**
 * The kubelet's systemd layout under `root`: `kubepods.slice` with its QoS slices, `pods` pod
 * slices spread over the QoS classes, each with `containersPerPod` container scopes.
 */
export function buildPodTree(root: string, pods: number, containersPerPod: number): string[] {
  const rel = (name: readonly string[]) => cgroupPath(name, 'systemd')._unsafeUnwrap();
  for (const qos of QOS_LEVELS) mkdirSync(join(root, rel(qosCgroupName(qos))), { recursive: true });
  const uids: string[] = [];
  for (let i = 0; i < pods; i++) {
    const qos: PodQosLevel = i % 10 === 0 ? 'guaranteed' : i % 10 < 7 ? 'burstable' : 'besteffort';
    const uid = randomUUID();
    uids.push(uid);
    const dir = join(root, rel(podCgroupName(uid, qos)));
    mkdirSync(dir, { recursive: true });
    for (let c = 0; c < containersPerPod; c++) {
      mkdirSync(join(dir, `cri-containerd-${randomBytes(32).toString('hex')}.scope`));
    }
  }
  return uids;
}
