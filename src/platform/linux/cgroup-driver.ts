import * as fs from 'node:fs';
import * as path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';

// Pod cgroup naming, as pkg/kubelet/cm (cgroup_manager_linux.go, pod_container_manager_linux.go,
// helpers_linux.go) and runc's systemd ExpandSlice do it.

/** How the kubelet names cgroups on disk. */
export type CgroupDriver = 'systemd' | 'cgroupfs';

/** The QoS level of a pod cgroup, spelt as its directory component (lower-cased QoS class). */
export type PodQosLevel = 'guaranteed' | 'burstable' | 'besteffort';

/** The kubelet's internal cgroup name: a list of components, root first. */
export type CgroupName = readonly string[];

/** The kubelet's top-level pod cgroup (`CgroupKubePods`). */
export const DEFAULT_KUBEPODS = 'kubepods';

const POD_PREFIX = 'pod';
const SYSTEMD_SUFFIX = '.slice';

/** Guaranteed pods sit directly under kubepods; the others under their QoS child. */
export const QOS_LEVELS: readonly PodQosLevel[] = ['guaranteed', 'burstable', 'besteffort'];

// A Kubernetes UID is an RFC 4122 UUID (API-created pods) or 32 hex digits (static pods).
// Accepting letters, digits and inner dashes covers both and can never form `.`, `..`, `/`,
// `_` (which systemd escaping would make ambiguous) or NUL.
const POD_UID = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?$/;
const COMPONENT = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?$/;

export const isValidPodUid = (uid: string): boolean => POD_UID.test(uid);

/** Accept a pod UID only if it can name a cgroup safely; the error quotes it (NUL included). */
export function validatePodUid(uid: string): Result<string, PlatformError> {
  if (isValidPodUid(uid)) return ok(uid);
  return err({
    code: 'invalid-argument',
    message: `invalid pod UID ${JSON.stringify(uid)}: expected letters, digits and inner dashes`,
  });
}

/** Accept a cgroup name component such as the kubepods name (no `/`, `.`, `_`, NUL). */
export function validateCgroupComponent(name: string, what: string): Result<string, PlatformError> {
  if (COMPONENT.test(name)) return ok(name);
  return err({
    code: 'invalid-argument',
    message: `invalid ${what} ${JSON.stringify(name)}: expected letters, digits and inner dashes`,
  });
}

/** `GetPodCgroupNameSuffix`: `pod<uid>`. */
export const podCgroupSuffix = (uid: string): string => POD_PREFIX + uid;

/** The QoS cgroup holding pods of one level: `[kubepods]` or `[kubepods, <qos>]`. */
export const qosCgroupName = (qos: PodQosLevel, kubepods = DEFAULT_KUBEPODS): CgroupName =>
  qos === 'guaranteed' ? [kubepods] : [kubepods, qos];

/** A pod's cgroup name (`GetPodContainerName` for a pod of this QoS level and UID). */
export const podCgroupName = (
  uid: string,
  qos: PodQosLevel,
  kubepods = DEFAULT_KUBEPODS,
): CgroupName => [...qosCgroupName(qos, kubepods), podCgroupSuffix(uid)];

/**
 * runc's systemd `ExpandSlice`: `a-b-c.slice` → `/a.slice/a-b.slice/a-b-c.slice`. Empty
 * components (`a--b.slice`, `-a.slice`) and `/` are invalid; `-.slice` is the root.
 */
export function expandSlice(slice: string): Result<string, PlatformError> {
  const invalid = (): Result<string, PlatformError> =>
    err({ code: 'invalid-argument', message: `invalid slice name: ${JSON.stringify(slice)}` });
  if (slice.length < SYSTEMD_SUFFIX.length || !slice.endsWith(SYSTEMD_SUFFIX)) return invalid();
  if (slice.includes('/')) return invalid();
  const name = slice.slice(0, -SYSTEMD_SUFFIX.length);
  if (name === '-') return ok('/');
  let result = '';
  let prefix = '';
  for (const component of name.split('-')) {
    if (component === '') return invalid();
    result += `/${prefix}${component}${SYSTEMD_SUFFIX}`;
    prefix += `${component}-`;
  }
  return ok(result);
}

/** `CgroupName.ToSystemd`: escape `-` as `_` per component, join with `-`, expand the slice. */
export function toSystemdPath(name: CgroupName): Result<string, PlatformError> {
  if (name.length === 0 || (name.length === 1 && name[0] === '')) return ok('/');
  return expandSlice(name.map((part) => part.replaceAll('-', '_')).join('-') + SYSTEMD_SUFFIX);
}

/** `CgroupName.ToCgroupfs`: `/` + the components joined by `/`. */
export const toCgroupfsPath = (name: CgroupName): string => `/${name.join('/')}`;

/** The on-disk path (relative to a hierarchy root, with a leading `/`) of a cgroup name. */
export const cgroupPath = (
  name: CgroupName,
  driver: CgroupDriver,
): Result<string, PlatformError> =>
  driver === 'systemd' ? toSystemdPath(name) : ok(toCgroupfsPath(name));

/**
 * `ParseSystemdToCgroupName` on one directory name: drop `.slice`, split on `-`, unescape `_`
 * back to `-`. `kubepods-burstable-pod12_34.slice` → `[kubepods, burstable, pod12-34]`.
 */
export const parseSystemdName = (dirName: string): CgroupName =>
  (dirName.endsWith(SYSTEMD_SUFFIX) ? dirName.slice(0, -SYSTEMD_SUFFIX.length) : dirName)
    .split('-')
    .map((part) => part.replaceAll('_', '-'));

/**
 * The pod UID a directory inside a QoS cgroup names, the way `GetAllPodsFromCgroups` reads
 * it: the last component of the internal name must contain `pod`, and splitting on `pod` must
 * give exactly two parts; the second is the UID. Additionally (not upstream) the UID must pass
 * `isValidPodUid`, so a hostile directory name can never flow into a path.
 */
export function podUidFromDirName(dirName: string, driver: CgroupDriver): string | undefined {
  const internal = driver === 'systemd' ? parseSystemdName(dirName) : [dirName];
  const base = internal[internal.length - 1]!;
  if (!base.includes(POD_PREFIX)) return undefined;
  const parts = base.split(POD_PREFIX);
  if (parts.length !== 2) return undefined;
  const uid = parts[1]!;
  return isValidPodUid(uid) ? uid : undefined;
}

/**
 * Which driver laid out the pods under `root`: `kubepods.slice` means systemd, `kubepods`
 * means cgroupfs (checked in that order, without following symlinks). `undefined` when neither
 * exists yet (no kubelet has created its pod cgroups).
 */
export function detectCgroupDriver(
  root: string,
  kubepods = DEFAULT_KUBEPODS,
): CgroupDriver | undefined {
  if (!COMPONENT.test(kubepods)) return undefined;
  const isDir = (p: string): boolean => {
    try {
      return fs.lstatSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (isDir(path.join(root, kubepods + SYSTEMD_SUFFIX))) return 'systemd';
  if (isDir(path.join(root, kubepods))) return 'cgroupfs';
  return undefined;
}
