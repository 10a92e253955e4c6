import * as fs from 'node:fs';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import { type CgroupVersion, MEMORY_FILES } from './cgroup-stats';
import { errnoToPlatformError } from './fd-reader';

/** statfs `f_type` of a cgroup2 mount. */
export const CGROUP2_SUPER_MAGIC = 0x63677270;
/** statfs `f_type` of a cgroup v1 controller mount. */
export const CGROUP_SUPER_MAGIC = 0x27e0eb;
/** statfs `f_type` of tmpfs (what `/sys/fs/cgroup` is on v1 and hybrid hosts). */
export const TMPFS_MAGIC = 0x01021994;

/** v1: only controller mounts; v2: one unified mount; hybrid: v1 controllers plus a cgroup2 mount. */
export type CgroupLayoutKind = 'v1' | 'v2' | 'hybrid';

export interface CgroupLayout {
  kind: CgroupLayoutKind;
  /** The hierarchy that carries the memory controller (its mount point). */
  memoryRoot: string;
  /** Which file set that hierarchy exposes. */
  memoryVersion: CgroupVersion;
  /** The cgroup2 mount, when there is one (the v2 root, or hybrid's `unified`). */
  unifiedRoot?: string;
  /** This process's memory cgroup relative to `memoryRoot`, from `/proc/self/cgroup`. */
  selfMemoryCgroup?: string;
  /** This process's cgroup2 path relative to `unifiedRoot`. */
  selfUnifiedCgroup?: string;
}

/** One line of `/proc/<pid>/cgroup`: `hierarchy-id:controller,list:/path`. */
export interface ProcCgroupEntry {
  id: number;
  controllers: string[];
  path: string;
}

/** Parse `/proc/self/cgroup`. The path is everything after the second colon. */
export function parseProcCgroup(
  text: string,
  file: string,
): Result<ProcCgroupEntry[], PlatformError> {
  const entries: ProcCgroupEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const first = line.indexOf(':');
    const second = first < 0 ? -1 : line.indexOf(':', first + 1);
    const id = first < 0 ? Number.NaN : Number(line.slice(0, first));
    if (second < 0 || !Number.isInteger(id) || line.slice(0, first).trim() === '') {
      return err({
        code: 'malformed',
        path: file,
        message: `line ${i + 1}: expected "<id>:<controllers>:<path>"`,
      });
    }
    const list = line.slice(first + 1, second);
    entries.push({
      id,
      controllers: list === '' ? [] : list.split(','),
      path: line.slice(second + 1),
    });
  }
  return ok(entries);
}

/** statfs `f_type` of `p`, or the error that prevented it. */
function statfsType(p: string): Result<number, PlatformError> {
  try {
    return ok(fs.statfsSync(p).type);
  } catch (e) {
    return err(errnoToPlatformError(e, p, 'statfs'));
  }
}

function readText(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'latin1');
  } catch {
    return undefined;
  }
}

export interface DetectLayoutOptions {
  /** Where cgroup hierarchies are mounted. Default `/sys/fs/cgroup`. */
  cgroupMount?: string;
  /** The calling process's cgroup file. Default `/proc/self/cgroup`. */
  procSelfCgroup?: string;
}

/**
 * Work out the host's cgroup layout by asking the kernel: the filesystem type of the cgroup
 * mount (cgroup2 means pure v2; tmpfs means v1 or hybrid), then which controller mounts exist
 * under it (`memory` as cgroup v1, `unified` as cgroup2), and this process's own cgroups.
 */
export function detectCgroupLayout(
  options: DetectLayoutOptions = {},
): Result<CgroupLayout, PlatformError> {
  const mount = options.cgroupMount ?? '/sys/fs/cgroup';
  const selfFile = options.procSelfCgroup ?? '/proc/self/cgroup';
  const rootType = statfsType(mount);
  if (rootType.isErr()) return err(rootType.error);

  const selfText = readText(selfFile);
  const self = selfText === undefined ? [] : parseProcCgroup(selfText, selfFile).unwrapOr([]);
  const unifiedSelf = self.find((e) => e.id === 0 && e.controllers.length === 0)?.path;
  const memorySelf = self.find((e) => e.controllers.includes('memory'))?.path;

  const withSelf = (layout: CgroupLayout, selfMemory: string | undefined): CgroupLayout => {
    if (selfMemory !== undefined) layout.selfMemoryCgroup = selfMemory;
    if (unifiedSelf !== undefined) layout.selfUnifiedCgroup = unifiedSelf;
    return layout;
  };

  if (rootType.value === CGROUP2_SUPER_MAGIC) {
    const controllers = readText(path.join(mount, 'cgroup.controllers'));
    if (controllers !== undefined && !controllers.split(/\s+/).includes('memory')) {
      return err({
        code: 'unsupported',
        message: `${mount}: cgroup2 without the memory controller`,
      });
    }
    return ok(
      withSelf(
        { kind: 'v2', memoryRoot: mount, memoryVersion: 'v2', unifiedRoot: mount },
        unifiedSelf,
      ),
    );
  }

  const memoryMount = path.join(mount, 'memory');
  const unifiedMount = path.join(mount, 'unified');
  const hasV1Memory = statfsType(memoryMount).unwrapOr(0) === CGROUP_SUPER_MAGIC;
  const hasUnified = statfsType(unifiedMount).unwrapOr(0) === CGROUP2_SUPER_MAGIC;
  if (hasV1Memory) {
    const layout: CgroupLayout = {
      kind: hasUnified ? 'hybrid' : 'v1',
      memoryRoot: memoryMount,
      memoryVersion: 'v1',
    };
    if (hasUnified) layout.unifiedRoot = unifiedMount;
    return ok(withSelf(layout, memorySelf));
  }
  if (hasUnified) {
    const controllers = readText(path.join(unifiedMount, 'cgroup.controllers')) ?? '';
    if (controllers.split(/\s+/).includes('memory')) {
      return ok(
        withSelf(
          {
            kind: 'hybrid',
            memoryRoot: unifiedMount,
            memoryVersion: 'v2',
            unifiedRoot: unifiedMount,
          },
          unifiedSelf,
        ),
      );
    }
  }
  return err({ code: 'unsupported', message: `${mount}: no memory controller is mounted` });
}

/**
 * Which memory file set the cgroup directory `dir` exposes: from its filesystem type when it
 * is a cgroup mount, otherwise by trying to open the v2 then the v1 usage file (a copied or
 * synthetic tree). Never `access()`: as root it says yes where reads fail.
 */
export function detectCgroupVersionAt(dir: string): Result<CgroupVersion, PlatformError> {
  const type = statfsType(dir);
  if (type.isErr()) return err(type.error);
  if (type.value === CGROUP2_SUPER_MAGIC) return ok('v2');
  if (type.value === CGROUP_SUPER_MAGIC) return ok('v1');
  for (const version of ['v2', 'v1'] as const) {
    try {
      fs.closeSync(fs.openSync(path.join(dir, MEMORY_FILES[version].stat), 'r'));
      const usage = path.join(dir, MEMORY_FILES[version].usage);
      fs.closeSync(fs.openSync(usage, 'r'));
      return ok(version);
    } catch {
      // try the other file set
    }
  }
  // The v2 root has memory.stat but no memory.current.
  try {
    fs.closeSync(fs.openSync(path.join(dir, MEMORY_FILES.v2.stat), 'r'));
    fs.closeSync(fs.openSync(path.join(dir, 'cgroup.controllers'), 'r'));
    return ok('v2');
  } catch {
    return err({
      code: 'unsupported',
      message: `${dir}: not a memory cgroup (no v1 or v2 memory files)`,
    });
  }
}
