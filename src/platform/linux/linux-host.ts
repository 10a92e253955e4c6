import * as fs from 'node:fs';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { FsStats, Summary } from '../../signals/summary';
import { createNotifier } from '../notifier/registry';
import type { Notifier, NotifierOptions } from '../notifier/types';
import type { MemoryWatchRequest, PlatformError, Watch } from '../types';
import { type CgroupDriver, cgroupPath, detectCgroupDriver, qosCgroupName } from './cgroup-driver';
import { CgroupMemoryReader, type CgroupMemorySample } from './cgroup-reader';
import { bareContainerId } from './container-cgroups';
import { errnoToPlatformError, isGone, type KeptOpenFile } from './fd-reader';
import { fsStatsFromStatfs, memoryCapacityBytes, parseMeminfo, rlimitStats } from './node-stats';
import type { LinuxPlatform, LinuxPlatformInfo, MemoryWatchNotifier } from './platform';
import {
  type ContainerIdsOf,
  type PodCgroupSample,
  PodCgroupSet,
  realPathInside,
} from './pod-cgroups';
import { beginReadBatch, type ReadBatch } from './read-batch';
import { assembleSummary, type PodIdentity } from './summary';

// The running Linux platform: what one summary() reads, in order, and the watches it hands out.

function statfsStats(p: string, time: number): Result<FsStats, PlatformError> {
  try {
    return ok(fsStatsFromStatfs(fs.statfsSync(p, { bigint: true }), time));
  } catch (e) {
    return err(errnoToPlatformError(e, p, 'statfs'));
  }
}

/** Count tasks (threads) under /proc, the sysinfo(2) `procs` figure the kubelet falls back to. */
function countProcTasks(procRoot: string): number | undefined {
  try {
    let n = 0;
    for (const name of fs.readdirSync(procRoot)) {
      if (!/^\d+$/.test(name)) continue;
      try {
        n += fs.readdirSync(path.join(procRoot, name, 'task')).length;
      } catch {
        // the process exited between the two listings
      }
    }
    return n;
  } catch {
    return undefined;
  }
}

const readOptional = (file: KeptOpenFile | undefined): string | undefined =>
  file?.read().unwrapOr(undefined);

/** Everything `createLinuxPlatform` resolved and opened. */
export interface HostParts {
  info: LinuxPlatformInfo;
  root: string;
  uids: string[] | undefined;
  driverOption: CgroupDriver | 'auto';
  nodeName: string;
  clock: () => number;
  identify: ((uid: string) => PodIdentity | undefined) | undefined;
  procRoot: string;
  sandboxProcessNames: ReadonlySet<string>;
  bootTime: number | undefined;
  meminfo: KeptOpenFile;
  pidMax: KeptOpenFile | undefined;
  threadsMax: KeptOpenFile | undefined;
  loadavg: KeptOpenFile | undefined;
  nodeReader: CgroupMemoryReader;
  notifier: MemoryWatchNotifier | false | undefined;
  notifierOptions: Omit<NotifierOptions, 'roots'> | undefined;
}

export class LinuxHost implements LinuxPlatform {
  readonly name = 'linux';
  readonly info: LinuxPlatformInfo;
  private currentDriver: CgroupDriver | undefined;
  private podSet: PodCgroupSet | undefined;
  private podsReader: CgroupMemoryReader | undefined;
  private isClosed = false;
  private readonly watches = new Set<Watch>();
  private ownNotifier: Notifier | undefined;

  constructor(private readonly parts: HostParts) {
    this.info = parts.info;
    if (parts.driverOption !== 'auto') this.currentDriver = parts.driverOption;
  }

  get driver(): CgroupDriver | undefined {
    return this.currentDriver;
  }

  async summary(): Promise<Result<Summary, PlatformError>> {
    return this.summarySync();
  }

  summarySync(): Result<Summary, PlatformError> {
    if (this.isClosed) return err({ code: 'closed', message: 'the Linux platform is closed' });
    let batch: ReadBatch | undefined;
    try {
      batch = this.readAhead();
      return this.collect();
    } catch (e) {
      // Only a bug gets here; keep the promise resolved with a value all the same.
      return err({ code: 'io', path: this.info.cgroupRoot, errno: 'EUNKNOWN', message: String(e) });
    } finally {
      batch?.end();
    }
  }

  /**
   * Read every kept-open file this summary will read in one call into the addon (when it is
   * loaded): `collect()` then takes each result from the batch, and reads on its own only what
   * the batch did not settle (a new file, an error, content that outgrew its slot).
   */
  private readAhead(): ReadBatch | undefined {
    const batch = beginReadBatch();
    if (batch === undefined) return undefined;
    const p = this.parts;
    p.nodeReader.queueReads(batch);
    p.meminfo.queueRead(batch);
    p.pidMax?.queueRead(batch);
    p.threadsMax?.queueRead(batch);
    p.loadavg?.queueRead(batch);
    this.podsReader?.queueReads(batch);
    this.podSet?.queueReads(batch);
    batch.run();
    return batch;
  }

  private collect(): Result<Summary, PlatformError> {
    const p = this.parts;
    const time = p.clock();
    const node = p.nodeReader.read();
    if (node.isErr()) return err(node.error);
    const meminfo = p.meminfo
      .read()
      .andThen((text) => parseMeminfo(text, p.meminfo.path))
      .andThen((m) => memoryCapacityBytes(m, p.meminfo.path));
    if (meminfo.isErr()) return err(meminfo.error);

    const nodefs = statfsStats(this.info.nodefsPath, time);
    if (nodefs.isErr()) return err(nodefs.error);
    const imagefs = statfsStats(this.info.imagefsPath, time);
    if (imagefs.isErr()) return err(imagefs.error);
    let containerfs: FsStats = { ...imagefs.value };
    if (this.info.containerfsPath !== this.info.imagefsPath) {
      const split = statfsStats(this.info.containerfsPath, time);
      if (split.isErr()) return err(split.error);
      containerfs = split.value;
    }

    const rlimit = rlimitStats({
      time,
      pidMax: readOptional(p.pidMax),
      threadsMax: readOptional(p.threadsMax),
      loadavg: readOptional(p.loadavg),
      fallbackCount: () => countProcTasks(p.procRoot),
    });

    const pods = this.readPods();
    if (pods.isErr()) return err(pods.error);

    return ok(
      assembleSummary({
        time,
        nodeName: p.nodeName,
        bootTime: p.bootTime,
        node: { memory: node.value.memory, capacityBytes: meminfo.value },
        nodefs: nodefs.value,
        imagefs: imagefs.value,
        containerfs,
        rlimit,
        pods: pods.value.container,
        podSamples: pods.value.samples,
        identify: p.identify,
      }),
    );
  }

  /** The kubepods system container and every pod cgroup, once a driver is known. */
  private readPods(): Result<
    { container: CgroupMemorySample | undefined; samples: PodCgroupSample[] },
    PlatformError
  > {
    if (this.currentDriver === undefined) {
      this.currentDriver = detectCgroupDriver(this.parts.root, this.info.kubepods);
      if (this.currentDriver === undefined) return ok({ container: undefined, samples: [] });
    }
    const driver = this.currentDriver;
    if (!this.podSet) {
      this.podSet = new PodCgroupSet({
        root: this.parts.root,
        version: this.info.cgroupVersion,
        driver,
        kubepods: this.info.kubepods,
        uids: this.parts.uids,
        sandbox: { procRoot: this.parts.procRoot, processNames: this.parts.sandboxProcessNames },
      });
    }
    const container = this.readPodsContainer(driver);
    if (container.isErr()) return err(container.error);
    const scanned = this.podSet.scan();
    if (scanned.isErr()) return err(scanned.error);
    const samples = this.podSet.sample(this.containerIdsOf());
    if (samples.isErr()) return err(samples.error);
    return ok({ container: container.value, samples: samples.value });
  }

  /** The container IDs the identity source gives a pod, bare, or `undefined`. */
  private containerIdsOf(): ContainerIdsOf | undefined {
    const identify = this.parts.identify;
    if (identify === undefined) return undefined;
    return (uid) => {
      const ids = identify(uid)?.containerIds;
      if (!Array.isArray(ids)) return undefined;
      return new Set(ids.filter((id) => typeof id === 'string').map(bareContainerId));
    };
  }

  private readPodsContainer(
    driver: CgroupDriver,
  ): Result<CgroupMemorySample | undefined, PlatformError> {
    if (!this.podsReader) {
      const rel = cgroupPath(qosCgroupName('guaranteed', this.info.kubepods), driver);
      if (rel.isErr()) return err(rel.error);
      const dir = path.join(this.parts.root, rel.value);
      const real = realPathInside(this.parts.root, dir);
      if (real.isErr()) return err(real.error);
      if (real.value === undefined) return ok(undefined);
      const reader = CgroupMemoryReader.open(real.value, this.info.cgroupVersion, {
        withLimit: true,
      });
      if (reader.isErr()) return isGone(reader.error) ? ok(undefined) : err(reader.error);
      this.podsReader = reader.value;
    }
    const sample = this.podsReader.read();
    if (sample.isErr()) {
      if (!isGone(sample.error)) return err(sample.error);
      this.podsReader.close();
      this.podsReader = undefined;
      return ok(undefined);
    }
    return ok(sample.value);
  }

  watchMemory(request: MemoryWatchRequest): Result<Watch, PlatformError> {
    if (this.isClosed) return err({ code: 'closed', message: 'the Linux platform is closed' });
    if (typeof request !== 'object' || request === null || typeof request.bytes !== 'bigint') {
      return err({
        code: 'invalid-argument',
        message: 'watchMemory needs { bytes: bigint, cgroup? }',
      });
    }
    const notifier = this.notifier();
    if (notifier.isErr()) return err(notifier.error);
    const cgroup = request.cgroup ?? this.info.nodeCgroup;
    const version =
      request.cgroup === undefined ? this.info.nodeCgroupVersion : this.info.cgroupVersion;
    const spec =
      version === 'v2'
        ? { kind: 'threshold' as const, cgroup, bytes: request.bytes, attribute: 'memory.current' }
        : { kind: 'threshold' as const, cgroup, bytes: request.bytes };
    const watch = notifier.value.watch(spec);
    if (watch.isOk()) {
      const w = watch.value;
      this.watches.add(w);
      w.on((event) => {
        if (event.type === 'closed') this.watches.delete(w);
      });
    }
    return watch;
  }

  /** The configured notifier, or the default one, created on first use. */
  private notifier(): Result<MemoryWatchNotifier, PlatformError> {
    const configured = this.parts.notifier;
    if (configured === false) {
      return err({ code: 'unsupported', message: 'watchMemory is disabled (notifier: false)' });
    }
    if (configured) return ok(configured);
    if (this.ownNotifier) return ok(this.ownNotifier);
    const roots = [...new Set([this.info.cgroupRoot, this.info.nodeCgroup])];
    // cgroup v2 has no usage threshold in the kernel: poll memory.current instead.
    const pollOnly =
      this.info.nodeCgroupVersion === 'v2' || this.info.cgroupVersion === 'v2'
        ? { backend: 'poll' as const }
        : {};
    const created = createNotifier({ ...this.parts.notifierOptions, ...pollOnly, roots });
    if (created.isErr()) return err(created.error);
    this.ownNotifier = created.value;
    return ok(created.value);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const w of [...this.watches]) w.close();
    this.watches.clear();
    this.ownNotifier?.close();
    this.ownNotifier = undefined;
    const p = this.parts;
    p.nodeReader.close();
    p.meminfo.close();
    p.pidMax?.close();
    p.threadsMax?.close();
    p.loadavg?.close();
    this.podsReader?.close();
    this.podsReader = undefined;
    this.podSet?.close();
    this.podSet = undefined;
  }
}
