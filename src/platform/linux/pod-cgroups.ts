import * as fs from 'node:fs';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import {
  type CgroupDriver,
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  podUidFromDirName,
  QOS_LEVELS,
  qosCgroupName,
} from './cgroup-driver';
import { CgroupMemoryReader } from './cgroup-reader';
import type { CgroupMemory, CgroupVersion } from './cgroup-stats';
import { errnoToPlatformError, isGone, KeptOpenDir } from './fd-reader';
import { CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC } from './layout';
import { ProcessCounter, type SandboxRule } from './process-counter';
import type { ReadBatch } from './read-batch';

/** One pod cgroup's reading. `limitBytes` is `Infinity` when the pod has no memory limit. */
export interface PodCgroupSample {
  uid: string;
  qos: PodQosLevel;
  dir: string;
  memory: CgroupMemory;
  limitBytes: number;
  processCount: number;
}

export interface PodCgroupSetOptions {
  /** The hierarchy root (already resolved with realpath); nothing outside it is opened. */
  root: string;
  version: CgroupVersion;
  driver: CgroupDriver;
  kubepods: string;
  /** Only these (validated) UIDs; `undefined` discovers every pod cgroup. */
  uids?: readonly string[] | undefined;
  /** How a pod's sandbox is told from its containers when its container IDs are unknown. */
  sandbox: SandboxRule;
}

/** A pod's container IDs (bare), when the caller knows them; see `ProcessCounter.count`. */
export type ContainerIdsOf = (uid: string) => ReadonlySet<string> | undefined;

interface PodEntry {
  key: string;
  uid: string;
  qos: PodQosLevel;
  dir: string;
  memory: CgroupMemoryReader;
  procs: ProcessCounter;
}

/** True when `candidate` is `root` itself or lies below it (both absolute and normalised). */
export const isInside = (root: string, candidate: string): boolean =>
  candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The real path of a cgroup directory, refused when symlinks lead it out of `root`; `undefined`
 * when the directory is gone (a pod that just ended is not an error).
 */
export function realPathInside(
  root: string,
  dir: string,
): Result<string | undefined, PlatformError> {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    const error = errnoToPlatformError(e, dir, 'realpath');
    return isGone(error) ? ok(undefined) : err(error);
  }
  if (!isInside(root, real)) {
    return err({
      code: 'invalid-path',
      path: dir,
      message: `resolves to ${real}, outside the cgroup root`,
    });
  }
  return ok(real);
}

function isCgroupfs(dir: string): boolean {
  try {
    const type = fs.statfsSync(dir).type;
    return type === CGROUP_SUPER_MAGIC || type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}

/**
 * The pod cgroups under one kubepods hierarchy, each with kept-open descriptors. `scan()`
 * re-lists the three QoS directories (a cheap readdir each) and opens descriptors for new pods;
 * `sample()` reads every pod and drops the ones whose cgroup disappeared.
 */
export class PodCgroupSet {
  private readonly pods = new Map<string, PodEntry>();
  /**
   * Each QoS directory kept open with its link count when it was last listed: while the count
   * (2 + subdirectories on kernfs) stays the same and no pod of the class vanished, no pod came
   * or went and the listing is skipped.
   */
  private readonly qosDirs = new Map<PodQosLevel, { handle: KeptOpenDir; listedLinks: number }>();
  /**
   * Listings are skipped only on cgroupfs, where reading a removed cgroup's file fails (ENODEV)
   * so a pod that went away is always noticed; on other filesystems (synthetic trees) an
   * unlinked file stays readable, and every scan lists.
   */
  private skipUnchanged: boolean | undefined;

  constructor(private readonly options: PodCgroupSetOptions) {}

  get size(): number {
    return this.pods.size;
  }

  /** Descriptors currently held for pods. */
  get openFiles(): number {
    let n = this.qosDirs.size;
    for (const pod of this.pods.values()) n += 3 + pod.procs.openFiles;
    return n;
  }

  /** A path below the root for a cgroup name, or an error if it would leave the root. */
  private resolve(rel: Result<string, PlatformError>): Result<string, PlatformError> {
    if (rel.isErr()) return err(rel.error);
    const full = path.join(this.options.root, rel.value);
    if (!isInside(this.options.root, full)) {
      return err({ code: 'invalid-path', path: full, message: 'outside the cgroup root' });
    }
    return ok(full);
  }

  /**
   * Have `batch` read what the next `scan()` and `sample()` read of the pods held now: the QoS
   * directories' link counts, then per pod its memory files and its process counter's files.
   * Pods found by the scan are read on their own.
   */
  queueReads(batch: ReadBatch): void {
    for (const state of this.qosDirs.values()) state.handle.queueLinkCount(batch);
    for (const pod of this.pods.values()) {
      pod.memory.queueReads(batch);
      pod.procs.queueReads(batch);
    }
  }

  scan(): Result<void, PlatformError> {
    const seen = new Set<string>();
    const unchanged = new Set<PodQosLevel>();
    const scanned = this.options.uids
      ? this.scanListed(this.options.uids, seen)
      : this.discover(seen, unchanged);
    if (scanned.isErr()) return scanned;
    for (const [dir, pod] of this.pods) {
      if (seen.has(dir) || unchanged.has(pod.qos)) continue;
      this.drop(pod);
    }
    return ok(undefined);
  }

  /**
   * The link count of a QoS directory, through a kept-open descriptor; `undefined` when it
   * cannot be read (the directory does not exist yet, or went away) or says nothing (below 2).
   */
  private qosLinks(qos: PodQosLevel, dir: string): number | undefined {
    this.skipUnchanged ??= isCgroupfs(this.options.root);
    if (!this.skipUnchanged) return undefined;
    let state = this.qosDirs.get(qos);
    if (state === undefined) {
      const opened = KeptOpenDir.open(dir);
      if (opened.isErr()) return undefined;
      state = { handle: opened.value, listedLinks: -1 };
      this.qosDirs.set(qos, state);
    }
    const links = state.handle.linkCount();
    if (links.isErr() || links.value < 2) {
      state.handle.close();
      this.qosDirs.delete(qos);
      return undefined;
    }
    return links.value;
  }

  /** List the QoS directories (those whose link count changed, or all) and open new pods. */
  private discover(seen: Set<string>, unchanged: Set<PodQosLevel>): Result<void, PlatformError> {
    const { driver, kubepods } = this.options;
    for (const qos of QOS_LEVELS) {
      const qosDir = this.resolve(cgroupPath(qosCgroupName(qos, kubepods), driver));
      if (qosDir.isErr()) return err(qosDir.error);
      // Read before listing: a pod made in between changes the count again, so is not missed.
      const links = this.qosLinks(qos, qosDir.value);
      const state = this.qosDirs.get(qos);
      if (links !== undefined && state !== undefined && links === state.listedLinks) {
        unchanged.add(qos);
        continue;
      }
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(qosDir.value, { withFileTypes: true });
      } catch (e) {
        const error = errnoToPlatformError(e, qosDir.value, 'readdir');
        if (isGone(error)) continue;
        return err(error);
      }
      // A directory entry is a plain name: joining needs no normalisation (path.join's cost).
      const prefix = qosDir.value.endsWith(path.sep) ? qosDir.value : qosDir.value + path.sep;
      for (const entry of entries) {
        if (!entry.isDirectory()) continue;
        const dir = prefix + entry.name;
        // A pod already held needs no second look at its name.
        if (this.pods.has(dir)) {
          seen.add(dir);
          continue;
        }
        const uid = podUidFromDirName(entry.name, driver);
        if (uid === undefined) continue;
        const opened = this.ensureOpen(uid, qos, dir);
        if (opened.isErr()) return err(opened.error);
        if (opened.value) seen.add(dir);
      }
      if (links !== undefined && state !== undefined) state.listedLinks = links;
    }
    return ok(undefined);
  }

  private scanListed(uids: readonly string[], seen: Set<string>): Result<void, PlatformError> {
    const { driver, kubepods } = this.options;
    for (const uid of uids) {
      for (const qos of QOS_LEVELS) {
        const dir = this.resolve(cgroupPath(podCgroupName(uid, qos, kubepods), driver));
        if (dir.isErr()) return err(dir.error);
        const opened = this.ensureOpen(uid, qos, dir.value);
        if (opened.isErr()) return err(opened.error);
        if (opened.value) {
          seen.add(dir.value);
          break;
        }
      }
    }
    return ok(undefined);
  }

  /** Open descriptors for a pod directory unless held already; `false` if it does not exist. */
  private ensureOpen(uid: string, qos: PodQosLevel, dir: string): Result<boolean, PlatformError> {
    if (this.pods.has(dir)) return ok(true);
    // Symlinked path components could lead out of the root on a synthetic tree: resolve once.
    const resolved = realPathInside(this.options.root, dir);
    if (resolved.isErr()) return err(resolved.error);
    if (resolved.value === undefined) return ok(false);
    const real = resolved.value;
    const memory = CgroupMemoryReader.open(real, this.options.version, { withLimit: true });
    if (memory.isErr()) return isGone(memory.error) ? ok(false) : err(memory.error);
    const procs = ProcessCounter.open(real, this.options.sandbox);
    if (procs.isErr()) {
      memory.value.close();
      return isGone(procs.error) ? ok(false) : err(procs.error);
    }
    this.pods.set(dir, { key: dir, uid, qos, dir: real, memory: memory.value, procs: procs.value });
    return ok(true);
  }

  private drop(pod: PodEntry): void {
    pod.memory.close();
    pod.procs.close();
    this.pods.delete(pod.key);
  }

  /**
   * Read every pod; a pod whose cgroup vanished is dropped (descriptors closed), not an error.
   * `containerIdsOf` names a pod's containers where known (process counts then cover exactly
   * those); elsewhere the sandbox is recognised by its process name. When a pod vanished, its QoS
   * directory is listed again at once and the pods that appeared since the scan are read too (a
   * pod that replaced another is not left for the next scan).
   */
  sample(containerIdsOf?: ContainerIdsOf): Result<PodCgroupSample[], PlatformError> {
    const samples: PodCgroupSample[] = [];
    const read = this.sampleInto(samples, [...this.pods.values()], containerIdsOf);
    if (read.isErr()) return err(read.error);
    if (read.value && !this.options.uids) {
      const before = new Set(this.pods.keys());
      const relisted = this.discover(new Set(), new Set());
      if (relisted.isErr()) return err(relisted.error);
      const added = [...this.pods.values()].filter((pod) => !before.has(pod.key));
      const more = this.sampleInto(samples, added, containerIdsOf);
      if (more.isErr()) return err(more.error);
    }
    samples.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    return ok(samples);
  }

  /** Sample `pods` into `samples`; true when one vanished (its QoS directory then needs listing). */
  private sampleInto(
    samples: PodCgroupSample[],
    pods: readonly PodEntry[],
    containerIdsOf: ContainerIdsOf | undefined,
  ): Result<boolean, PlatformError> {
    let vanished = false;
    for (const pod of pods) {
      const memory = pod.memory.read();
      if (memory.isErr()) {
        if (!isGone(memory.error)) return err(memory.error);
        this.vanish(pod);
        vanished = true;
        continue;
      }
      const count = pod.procs.count(containerIdsOf?.(pod.uid));
      if (count.isErr()) {
        if (!isGone(count.error)) return err(count.error);
        this.vanish(pod);
        vanished = true;
        continue;
      }
      samples.push({
        uid: pod.uid,
        qos: pod.qos,
        dir: pod.dir,
        memory: memory.value.memory,
        limitBytes: memory.value.limitBytes,
        processCount: count.value,
      });
    }
    return ok(vanished);
  }

  /** Drop a pod whose cgroup is gone, and have its QoS directory listed on the next look. */
  private vanish(pod: PodEntry): void {
    this.drop(pod);
    const state = this.qosDirs.get(pod.qos);
    if (state !== undefined) state.listedLinks = -1;
  }

  close(): void {
    for (const pod of this.pods.values()) {
      pod.memory.close();
      pod.procs.close();
    }
    this.pods.clear();
    for (const state of this.qosDirs.values()) state.handle.close();
    this.qosDirs.clear();
  }
}
