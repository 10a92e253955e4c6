// Which children of a pod cgroup hold a container's processes. The kubelet counts a pod's
// processes over the containers the runtime lists (CRI `ListContainerStats`: containers only,
// never the sandbox), reading each container cgroup's own `cgroup.procs`. On disk the pod
// cgroup also holds the sandbox (the pause process) and, with CRI-O, one conmon monitor per
// container; neither is a container.

/** CRI-O's conmon monitors: `crio-conmon-<id>.scope` (systemd) or `crio-conmon-<id>`. */
const CONMON_PREFIX = 'crio-conmon-';
const SCOPE_SUFFIX = '.scope';
/** How runtimes prefix a container ID in its cgroup name (containerd, CRI-O, cri-dockerd). */
const RUNTIME_PREFIXES = ['cri-containerd-', 'crio-', 'docker-'] as const;

/**
 * The process names (`/proc/<pid>/comm`) a sandbox runs by default: `registry.k8s.io/pause`
 * runs `/pause`. A child cgroup whose only process has one of these names is the sandbox.
 */
export const DEFAULT_SANDBOX_PROCESS_NAMES: readonly string[] = ['pause'];

/** True for a runtime helper's cgroup (a CRI-O conmon), whose processes belong to no container. */
export const isRuntimeHelperCgroup = (name: string): boolean => name.startsWith(CONMON_PREFIX);

/**
 * The container ID a child cgroup is named after: `cri-containerd-<id>.scope`, `crio-<id>.scope`,
 * `docker-<id>.scope` (systemd driver) or the bare ID (cgroupfs driver).
 */
export function containerIdOfCgroup(name: string): string {
  const base = name.endsWith(SCOPE_SUFFIX) ? name.slice(0, -SCOPE_SUFFIX.length) : name;
  for (const prefix of RUNTIME_PREFIXES) {
    if (base.startsWith(prefix)) return base.slice(prefix.length);
  }
  return base;
}

/**
 * A container ID as the pod status spells it (`containerd://<id>`, `cri-o://<id>`) or bare,
 * reduced to the bare ID the cgroup name carries.
 */
export function bareContainerId(id: string): string {
  const scheme = id.indexOf('://');
  return scheme < 0 ? id : id.slice(scheme + 3);
}
