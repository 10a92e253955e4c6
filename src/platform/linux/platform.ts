import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { FsStats, Summary } from '../../signals/summary';
import { createNotifier } from '../notifier/registry';
import type { Notifier, NotifierOptions } from '../notifier/types';
import type { MemoryWatchRequest, Platform, PlatformError, Watch } from '../types';
import {
  type CgroupDriver,
  cgroupPath,
  DEFAULT_KUBEPODS,
  detectCgroupDriver,
  qosCgroupName,
  validateCgroupComponent,
  validatePodUid,
} from './cgroup-driver';
import { CgroupMemoryReader, type CgroupMemorySample } from './cgroup-reader';
import type { CgroupVersion } from './cgroup-stats';
import { errnoToPlatformError, isGone, KeptOpenFile } from './fd-reader';
import { type CgroupLayout, detectCgroupLayout, detectCgroupVersionAt } from './layout';
import {
  fsStatsFromStatfs,
  memoryCapacityBytes,
  PROC_FILES,
  parseBootTime,
  parseMeminfo,
  rlimitStats,
} from './node-stats';
import { isInside, type PodCgroupSample, PodCgroupSet } from './pod-cgroups';
import { assembleSummary, type PodIdentity } from './summary';

/** Where the kubelet keeps its state by default; nodefs is the filesystem holding it. */
export const DEFAULT_NODEFS_PATH = '/var/lib/kubelet';
/** Image stores of containerd and CRI-O, tried in this order for imagefs. */
export const DEFAULT_IMAGEFS_PATHS: readonly string[] = [
  '/var/lib/containerd',
  '/var/lib/containers',
];

/** Names and namespaces for pod UIDs: a map, a plain object, or a lookup function. */
export type PodIdentitySource =
  | ReadonlyMap<string, PodIdentity>
  | Readonly<Record<string, PodIdentity>>
  | ((uid: string) => PodIdentity | undefined);

/** The notifier half `watchMemory` needs: a `Notifier` from `createNotifier` fits. */
export interface MemoryWatchNotifier {
  watch(spec: {
    kind: 'threshold';
    cgroup: string;
    bytes: bigint;
    attribute?: string;
  }): Result<Watch, PlatformError>;
  close(): void;
}

export interface LinuxPlatformOptions {
  /**
   * The memory-hierarchy directory under which the kubelet's pod cgroups live
   * (`kubepods.slice/…` or `kubepods/…`). Default: the memory controller's mount point
   * (`/sys/fs/cgroup/memory` on v1 and hybrid hosts, `/sys/fs/cgroup` on v2). No pod path
   * outside it is ever opened.
   */
  cgroupRoot?: string;
  /** The cgroup whose memory is the node's. Default: the memory controller's mount point. */
  nodeCgroup?: string;
  /** `auto` (default) looks for `kubepods.slice` (systemd) then `kubepods` (cgroupfs). */
  driver?: CgroupDriver | 'auto';
  /** The top-level pod cgroup name. Default `kubepods`. */
  kubepodsName?: string;
  /** Reported as `node.nodeName`. Default `os.hostname()`. */
  nodeName?: string;
  /** nodefs: default `/var/lib/kubelet`, or `/` when that does not exist. */
  nodefsPath?: string;
  /** imagefs: default `/var/lib/containerd`, else `/var/lib/containers`, else the nodefs path. */
  imagefsPath?: string;
  /** containerfs (split image filesystem): default the imagefs path. */
  containerfsPath?: string;
  /** Report only these pod UIDs (validated). Default: every pod cgroup found. */
  podUids?: readonly string[];
  /** Names and namespaces; pods without one are named by their UID in namespace "". */
  pods?: PodIdentitySource;
  /** Where cgroup hierarchies are mounted, for layout detection. Default `/sys/fs/cgroup`. */
  cgroupMount?: string;
  /** procfs mount. Default `/proc`. */
  procRoot?: string;
  /** Epoch-ms clock for the Summary's timestamps. Default `Date.now`. */
  clock?: () => number;
  /**
   * Notifier for `watchMemory`. Default: created on the first `watchMemory` with
   * `createNotifier` (native eventfd thresholds on cgroup v1, polling fallback; polling of
   * `memory.current` on cgroup v2, which has no usage threshold), closed by `close()`.
   * `false` disables `watchMemory` (it then reports `unsupported`).
   */
  notifier?: MemoryWatchNotifier | false;
  /** Options for the default notifier (backend, poll interval, logger). */
  notifierOptions?: Omit<NotifierOptions, 'roots'>;
}

/** What `createLinuxPlatform` resolved (paths, layout, versions). */
export interface LinuxPlatformInfo {
  layout?: CgroupLayout;
  cgroupRoot: string;
  cgroupVersion: CgroupVersion;
  nodeCgroup: string;
  nodeCgroupVersion: CgroupVersion;
  kubepods: string;
  nodefsPath: string;
  imagefsPath: string;
  containerfsPath: string;
  /** imagefs is on another device than nodefs (the kubelet's `HasDedicatedImageFs`). */
  dedicatedImageFs: boolean;
  /** containerfs is on another device than imagefs (split image filesystem). */
  splitImageFs: boolean;
}

export interface LinuxPlatform extends Platform {
  readonly info: LinuxPlatformInfo;
  /**
   * `summary()` without the promise: every read is a synchronous pread on a kept-open
   * descriptor, so this blocks the event loop for the whole collection (about 1–5 ms for
   * 110 pods on a 2-vCPU VM).
   */
  summarySync(): Result<Summary, PlatformError>;
  /** The detected (or configured) driver; `undefined` until a kubepods cgroup exists. */
  readonly driver: CgroupDriver | undefined;
}

const isFunction = (v: unknown): v is (uid: string) => PodIdentity | undefined =>
  typeof v === 'function';

function identityLookup(source: PodIdentitySource | undefined) {
  if (source === undefined) return undefined;
  if (isFunction(source)) return source;
  if (source instanceof Map) return (uid: string) => source.get(uid);
  const record = source as Readonly<Record<string, PodIdentity>>;
  return (uid: string) => (Object.hasOwn(record, uid) ? record[uid] : undefined);
}

function statfsOk(p: string): boolean {
  try {
    fs.statfsSync(p);
    return true;
  } catch {
    return false;
  }
}

/** An explicit path must exist; otherwise the first default that exists, else `fallback`. */
function resolveFsPath(
  explicit: string | undefined,
  defaults: readonly string[],
  fallback: string,
  what: string,
): Result<string, PlatformError> {
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || explicit === '' || explicit.includes('\0')) {
      return err({ code: 'invalid-argument', message: `${what} must be a non-empty path` });
    }
    try {
      fs.statfsSync(explicit);
      return ok(explicit);
    } catch (e) {
      return err(errnoToPlatformError(e, explicit, 'statfs'));
    }
  }
  return ok(defaults.find(statfsOk) ?? fallback);
}

const deviceOf = (p: string): bigint | undefined => {
  try {
    return fs.statSync(p, { bigint: true }).dev;
  } catch {
    return undefined;
  }
};

function statfsStats(p: string, time: number): Result<FsStats, PlatformError> {
  try {
    return ok(fsStatsFromStatfs(fs.statfsSync(p, { bigint: true }), time));
  } catch (e) {
    return err(errnoToPlatformError(e, p, 'statfs'));
  }
}

function realDir(p: string, what: string): Result<string, PlatformError> {
  if (typeof p !== 'string' || p === '' || p.includes('\0')) {
    return err({ code: 'invalid-argument', message: `${what} must be a non-empty path` });
  }
  try {
    const real = fs.realpathSync(path.resolve(p));
    if (!fs.statSync(real).isDirectory()) {
      return err({ code: 'invalid-path', path: p, message: `${what} is not a directory` });
    }
    return ok(real);
  } catch (e) {
    return err(errnoToPlatformError(e, p, 'realpath'));
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

/**
 * A `Platform` reading this Linux host the way the kubelet's Summary provider does: node
 * memory from the root memory cgroup (working set = usage − inactive file; capacity =
 * MemTotal), the `pods` system container from the kubepods cgroup, nodefs/imagefs/containerfs
 * via statfs, `rlimit` from procfs, and per-pod memory and process counts from the pod
 * cgroups (systemd or cgroupfs driver, cgroup v1, v2 or hybrid). Every cgroup and procfs file
 * is kept open and re-read at offset 0. Fails (never throws) on invalid options or when no
 * memory controller can be found.
 */
export function createLinuxPlatform(
  options: LinuxPlatformOptions = {},
): Result<LinuxPlatform, PlatformError> {
  if (typeof options !== 'object' || options === null) {
    return err({ code: 'invalid-argument', message: 'options must be an object' });
  }
  const kubepods = validateCgroupComponent(
    options.kubepodsName ?? DEFAULT_KUBEPODS,
    'kubepods name',
  );
  if (kubepods.isErr()) return err(kubepods.error);
  const driverOption = options.driver ?? 'auto';
  if (driverOption !== 'auto' && driverOption !== 'systemd' && driverOption !== 'cgroupfs') {
    return err({
      code: 'invalid-argument',
      message: `driver must be systemd, cgroupfs or auto, got ${JSON.stringify(driverOption)}`,
    });
  }
  let uids: string[] | undefined;
  if (options.podUids !== undefined) {
    if (!Array.isArray(options.podUids)) {
      return err({ code: 'invalid-argument', message: 'podUids must be an array of strings' });
    }
    uids = [];
    for (const uid of options.podUids as unknown[]) {
      const valid = validatePodUid(typeof uid === 'string' ? uid : String(uid));
      if (valid.isErr() || typeof uid !== 'string') {
        return err(
          valid.isErr()
            ? valid.error
            : { code: 'invalid-argument', message: 'pod UIDs must be strings' },
        );
      }
      uids.push(valid.value);
    }
  }

  const needLayout = options.cgroupRoot === undefined || options.nodeCgroup === undefined;
  let layout: CgroupLayout | undefined;
  if (needLayout) {
    const detected = detectCgroupLayout(
      options.cgroupMount === undefined ? {} : { cgroupMount: options.cgroupMount },
    );
    if (detected.isErr()) return err(detected.error);
    layout = detected.value;
  }
  const rootDir = realDir(options.cgroupRoot ?? layout!.memoryRoot, 'cgroupRoot');
  if (rootDir.isErr()) return err(rootDir.error);
  const root = rootDir.value;
  const rootVersion =
    options.cgroupRoot === undefined && layout
      ? ok(layout.memoryVersion)
      : detectCgroupVersionAt(root);
  if (rootVersion.isErr()) return err(rootVersion.error);
  const nodeDir = realDir(options.nodeCgroup ?? layout!.memoryRoot, 'nodeCgroup');
  if (nodeDir.isErr()) return err(nodeDir.error);
  const nodeVersion =
    options.nodeCgroup === undefined && layout
      ? ok(layout.memoryVersion)
      : detectCgroupVersionAt(nodeDir.value);
  if (nodeVersion.isErr()) return err(nodeVersion.error);

  const nodefsPath = resolveFsPath(options.nodefsPath, [DEFAULT_NODEFS_PATH], '/', 'nodefsPath');
  if (nodefsPath.isErr()) return err(nodefsPath.error);
  const imagefsPath = resolveFsPath(
    options.imagefsPath,
    DEFAULT_IMAGEFS_PATHS,
    nodefsPath.value,
    'imagefsPath',
  );
  if (imagefsPath.isErr()) return err(imagefsPath.error);
  const containerfsPath = resolveFsPath(
    options.containerfsPath,
    [],
    imagefsPath.value,
    'containerfsPath',
  );
  if (containerfsPath.isErr()) return err(containerfsPath.error);

  const procRoot = options.procRoot ?? '/proc';
  const opened: KeptOpenFile[] = [];
  const closeOpened = () => {
    for (const f of opened) f.close();
  };
  const meminfo = KeptOpenFile.open(path.join(procRoot, PROC_FILES.meminfo));
  if (meminfo.isErr()) return err(meminfo.error);
  opened.push(meminfo.value);
  // The task limits and loadavg are optional, as in the kubelet (a failed read is skipped).
  const optionalFile = (name: string): KeptOpenFile | undefined => {
    const f = KeptOpenFile.open(path.join(procRoot, name));
    if (f.isErr()) return undefined;
    opened.push(f.value);
    return f.value;
  };
  const pidMax = optionalFile(PROC_FILES.pidMax);
  const threadsMax = optionalFile(PROC_FILES.threadsMax);
  const loadavg = optionalFile(PROC_FILES.loadavg);
  const nodeReader = CgroupMemoryReader.open(nodeDir.value, nodeVersion.value, {
    withLimit: false,
  });
  if (nodeReader.isErr()) {
    closeOpened();
    return err(nodeReader.error);
  }
  let bootTime: number | undefined;
  try {
    bootTime = parseBootTime(fs.readFileSync(path.join(procRoot, PROC_FILES.stat), 'latin1'));
  } catch {
    bootTime = undefined;
  }

  const nodefsDev = deviceOf(nodefsPath.value);
  const imagefsDev = deviceOf(imagefsPath.value);
  const info: LinuxPlatformInfo = {
    cgroupRoot: root,
    cgroupVersion: rootVersion.value,
    nodeCgroup: nodeDir.value,
    nodeCgroupVersion: nodeVersion.value,
    kubepods: kubepods.value,
    nodefsPath: nodefsPath.value,
    imagefsPath: imagefsPath.value,
    containerfsPath: containerfsPath.value,
    dedicatedImageFs: nodefsDev !== imagefsDev,
    splitImageFs: deviceOf(containerfsPath.value) !== imagefsDev,
  };
  if (layout) info.layout = layout;

  return ok(
    new LinuxHost({
      info,
      root,
      uids,
      driverOption,
      nodeName: options.nodeName ?? os.hostname(),
      clock: options.clock ?? Date.now,
      identify: identityLookup(options.pods),
      procRoot,
      bootTime,
      meminfo: meminfo.value,
      pidMax,
      threadsMax,
      loadavg,
      nodeReader: nodeReader.value,
      notifier: options.notifier,
      notifierOptions: options.notifierOptions,
    }),
  );
}

interface HostParts {
  info: LinuxPlatformInfo;
  root: string;
  uids: string[] | undefined;
  driverOption: CgroupDriver | 'auto';
  nodeName: string;
  clock: () => number;
  identify: ((uid: string) => PodIdentity | undefined) | undefined;
  procRoot: string;
  bootTime: number | undefined;
  meminfo: KeptOpenFile;
  pidMax: KeptOpenFile | undefined;
  threadsMax: KeptOpenFile | undefined;
  loadavg: KeptOpenFile | undefined;
  nodeReader: CgroupMemoryReader;
  notifier: MemoryWatchNotifier | false | undefined;
  notifierOptions: Omit<NotifierOptions, 'roots'> | undefined;
}

class LinuxHost implements LinuxPlatform {
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
    try {
      return this.collect();
    } catch (e) {
      // Only a bug gets here; keep the promise resolved with a value all the same.
      return err({ code: 'io', path: this.info.cgroupRoot, errno: 'EUNKNOWN', message: String(e) });
    }
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
      });
    }
    const container = this.readPodsContainer(driver);
    if (container.isErr()) return err(container.error);
    const scanned = this.podSet.scan();
    if (scanned.isErr()) return err(scanned.error);
    const samples = this.podSet.sample();
    if (samples.isErr()) return err(samples.error);
    return ok({ container: container.value, samples: samples.value });
  }

  private readPodsContainer(
    driver: CgroupDriver,
  ): Result<CgroupMemorySample | undefined, PlatformError> {
    if (!this.podsReader) {
      const rel = cgroupPath(qosCgroupName('guaranteed', this.info.kubepods), driver);
      if (rel.isErr()) return err(rel.error);
      const dir = path.join(this.parts.root, rel.value);
      let real: string;
      try {
        real = fs.realpathSync(dir);
      } catch (e) {
        const error = errnoToPlatformError(e, dir, 'realpath');
        return isGone(error) ? ok(undefined) : err(error);
      }
      if (!isInside(this.parts.root, real)) {
        return err({
          code: 'invalid-path',
          path: dir,
          message: `resolves to ${real}, outside the cgroup root`,
        });
      }
      const reader = CgroupMemoryReader.open(real, this.info.cgroupVersion, { withLimit: true });
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
