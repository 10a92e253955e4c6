import * as fs from 'node:fs';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import { PROCS_FILE, parseProcsCount } from './cgroup-stats';
import { containerIdOfCgroup, isRuntimeHelperCgroup } from './container-cgroups';
import { errnoToPlatformError, isGone, KeptOpenDir, KeptOpenFile } from './fd-reader';
import type { ReadBatch } from './read-batch';

/** How a `ProcessCounter` tells the sandbox from the containers when no container IDs are known. */
export interface SandboxRule {
  /** procfs mount, for `/proc/<pid>/comm`. */
  procRoot: string;
  /** Process names of sandboxes; empty turns the check off (every child then counts). */
  processNames: ReadonlySet<string>;
}

/** The single process of a child cgroup, and what its name said. */
interface SingleProcess {
  pid: number;
  /** Kept open while undecided: the process may still exec into the pause binary. */
  comm: KeptOpenFile | undefined;
  sandbox: boolean;
}

interface ChildCgroup {
  procs: KeptOpenFile;
  containerId: string;
  single: SingleProcess | undefined;
}

/**
 * Counts a pod's processes the way the kubelet's CRI stats provider does: the lines of
 * `cgroup.procs` of each container cgroup (a direct child of the pod cgroup), summed. Not
 * counted: the pod cgroup's own `cgroup.procs` (no container), CRI-O's conmon cgroups, and the
 * sandbox. The sandbox is whatever child is not a listed container when the caller names the
 * pod's container IDs; otherwise the child whose only process is named like a sandbox (`pause`).
 * Children are listed again only when the pod directory's link count changes or a child
 * vanishes, so a steady pod costs no readdir.
 */
export class ProcessCounter {
  private readonly children = new Map<string, ChildCgroup>();
  private knownLinks = -1;

  private constructor(
    readonly dir: string,
    private readonly handle: KeptOpenDir,
    private readonly sandbox: SandboxRule,
  ) {}

  static open(dir: string, sandbox: SandboxRule): Result<ProcessCounter, PlatformError> {
    return KeptOpenDir.open(dir).map((handle) => new ProcessCounter(dir, handle, sandbox));
  }

  /** Open descriptors held (for fd accounting in tests and diagnostics). */
  get openFiles(): number {
    let n = 1;
    for (const child of this.children.values()) n += child.single?.comm ? 2 : 1;
    return n;
  }

  /**
   * Have `batch` read what the next `count()` reads, in its order: the directory's link count,
   * then each known child's `cgroup.procs` and the name of a process still undecided.
   */
  queueReads(batch: ReadBatch): void {
    this.handle.queueLinkCount(batch);
    for (const child of this.children.values()) {
      child.procs.queueRead(batch);
      child.single?.comm?.queueRead(batch);
    }
  }

  /**
   * The pod's process count. `containerIds` (bare IDs) are the pod's containers when the caller
   * knows them: only children named after one of them count.
   */
  count(containerIds?: ReadonlySet<string>): Result<number, PlatformError> {
    const links = this.handle.linkCount();
    if (links.isErr()) return err(links.error);
    // Link count 2 + subdirectories is kernfs/ext4/tmpfs behaviour; below 2 (btrfs) it says
    // nothing, so list every time there.
    if (links.value !== this.knownLinks || links.value < 2) {
      const rescanned = this.rescan(links.value);
      if (rescanned.isErr()) return err(rescanned.error);
    }
    let total = 0;
    let vanished = false;
    for (const [name, child] of this.children) {
      // A lone process is the kernel's `<pid>\n`, which `readDigits` reads without a string.
      const counted = child.procs
        .readDigits()
        .andThen((v) =>
          typeof v === 'number'
            ? ok({ n: 1, pid: v })
            : parseProcsCount(v, child.procs.path).map((n) => ({ n, pid: Number.parseInt(v, 10) })),
        );
      if (counted.isErr()) {
        if (!isGone(counted.error)) return err(counted.error);
        // A container cgroup removed mid-read: it holds no processes any more.
        this.closeChild(child);
        this.children.delete(name);
        vanished = true;
        continue;
      }
      const { n, pid } = counted.value;
      if (containerIds !== undefined) {
        // The IDs decide; a comm kept open from a count without them is not needed.
        this.forgetSingle(child);
        if (containerIds.has(child.containerId)) total += n;
        continue;
      }
      if (n === 1 && this.isSandbox(child, pid)) continue;
      if (n !== 1) this.forgetSingle(child);
      total += n;
    }
    if (vanished) this.knownLinks = -1;
    return ok(total);
  }

  /**
   * Whether a child's one process is a sandbox, by its name. A yes is final (a pause process
   * never execs); a no is asked again on every count while that process lives, because a
   * runtime's init process only execs into the pause binary once the sandbox is started.
   */
  private isSandbox(child: ChildCgroup, pid: number): boolean {
    if (this.sandbox.processNames.size === 0) return false;
    let single = child.single;
    if (single?.pid !== pid) {
      this.forgetSingle(child);
      const comm = KeptOpenFile.open(path.join(this.sandbox.procRoot, String(pid), 'comm'));
      single = { pid, comm: comm.unwrapOr(undefined), sandbox: false };
      child.single = single;
    }
    if (single.sandbox) return true;
    if (!single.comm) return false;
    const comm = single.comm.read();
    if (comm.isErr()) {
      // The process exited (or procfs is unreadable): count what cgroup.procs listed.
      single.comm.close();
      single.comm = undefined;
      return false;
    }
    const name = comm.value.endsWith('\n') ? comm.value.slice(0, -1) : comm.value;
    if (!this.sandbox.processNames.has(name)) return false;
    single.sandbox = true;
    single.comm.close();
    single.comm = undefined;
    return true;
  }

  private forgetSingle(child: ChildCgroup): void {
    child.single?.comm?.close();
    child.single = undefined;
  }

  private closeChild(child: ChildCgroup): void {
    this.forgetSingle(child);
    child.procs.close();
  }

  private rescan(links: number): Result<void, PlatformError> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch (e) {
      return err(errnoToPlatformError(e, this.dir, 'readdir'));
    }
    const seen = new Set<string>();
    for (const entry of entries) {
      // Dirent types come from getdents: a symlink is never a directory here.
      if (!entry.isDirectory() || isRuntimeHelperCgroup(entry.name)) continue;
      seen.add(entry.name);
      if (this.children.has(entry.name)) continue;
      const file = KeptOpenFile.open(path.join(this.dir, entry.name, PROCS_FILE));
      if (file.isErr()) {
        if (isGone(file.error)) continue;
        return err(file.error);
      }
      this.children.set(entry.name, {
        procs: file.value,
        containerId: containerIdOfCgroup(entry.name),
        single: undefined,
      });
    }
    for (const [name, child] of this.children) {
      if (seen.has(name)) continue;
      this.closeChild(child);
      this.children.delete(name);
    }
    this.knownLinks = links;
    return ok(undefined);
  }

  close(): void {
    for (const child of this.children.values()) this.closeChild(child);
    this.children.clear();
    this.handle.close();
  }
}
