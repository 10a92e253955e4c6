import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { Summary } from '../../signals/summary';
import type { NotifierOptions } from '../notifier/types';
import type { Platform, PlatformError, Watch } from '../types';
import {
  type CgroupDriver,
  DEFAULT_KUBEPODS,
  validateCgroupComponent,
  validatePodUid,
} from './cgroup-driver';
import { CgroupMemoryReader } from './cgroup-reader';
import type { CgroupVersion } from './cgroup-stats';
import { DEFAULT_SANDBOX_PROCESS_NAMES } from './container-cgroups';
import { errnoToPlatformError, KeptOpenFile } from './fd-reader';
import { type CgroupLayout, detectCgroupLayout, detectCgroupVersionAt } from './layout';
import { LinuxHost } from './linux-host';
import { PROC_FILES, parseBootTime } from './node-stats';
import type { PodIdentity } from './summary';

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
  /**
   * Names, namespaces and container IDs; pods without one are named by their UID in namespace
   * "". Container IDs make process counts exact (see `PodIdentity.containerIds`).
   */
  pods?: PodIdentitySource;
  /**
   * Process names (`/proc/<pid>/comm`) that mark a pod's sandbox when its container IDs are not
   * known: a child of the pod cgroup whose only process has one of these names is the sandbox,
   * and its process is not counted, as the kubelet counts containers only. Default `['pause']`
   * (`registry.k8s.io/pause`); `[]` counts every child but CRI-O's conmon cgroups.
   */
  sandboxProcessNames?: readonly string[];
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

  const sandboxNames = options.sandboxProcessNames ?? DEFAULT_SANDBOX_PROCESS_NAMES;
  if (!Array.isArray(sandboxNames) || !sandboxNames.every((n) => typeof n === 'string')) {
    return err({
      code: 'invalid-argument',
      message: 'sandboxProcessNames must be an array of strings',
    });
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
      sandboxProcessNames: new Set(sandboxNames),
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
