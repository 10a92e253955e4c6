// evictkit/platform/linux — the Linux platform (cgroup v1/v2/hybrid, systemd and cgroupfs
// drivers), its parsers and naming rules, the kubelet's memory threshold notifier, the PSI
// early warning and the native addon loader.

export {
  type CgroupDriver,
  type CgroupName,
  cgroupPath,
  DEFAULT_KUBEPODS,
  detectCgroupDriver,
  expandSlice,
  isValidPodUid,
  type PodQosLevel,
  parseSystemdName,
  podCgroupName,
  podCgroupSuffix,
  podUidFromDirName,
  QOS_LEVELS,
  qosCgroupName,
  toCgroupfsPath,
  toSystemdPath,
  validateCgroupComponent,
  validatePodUid,
} from './cgroup-driver';
export {
  availableBytes,
  type CgroupMemory,
  type CgroupVersion,
  cgroupMemory,
  isMemoryUnlimited,
  MEMORY_FILES,
  PROCS_FILE,
  parseCgroupValue,
  parseFlatKeyed,
  parsePidsCurrent,
  parseProcsCount,
  UNLIMITED_MEMORY_THRESHOLD,
  v2RootUsage,
} from './cgroup-stats';
export {
  bareContainerId,
  containerIdOfCgroup,
  DEFAULT_SANDBOX_PROCESS_NAMES,
  isRuntimeHelperCgroup,
} from './container-cgroups';
export {
  CGROUP_SUPER_MAGIC,
  CGROUP2_SUPER_MAGIC,
  type CgroupLayout,
  type CgroupLayoutKind,
  type DetectLayoutOptions,
  detectCgroupLayout,
  detectCgroupVersionAt,
  type ProcCgroupEntry,
  parseProcCgroup,
  TMPFS_MAGIC,
} from './layout';
export {
  createMemoryThresholdNotifier,
  detectMemoryCgroupLayout,
  isAllocatableMemoryThreshold,
  MEMORY_USAGE_ATTRIBUTE,
  type MemcgThresholdStats,
  type MemoryCgroupLayout,
  type MemoryThresholdNotifierOptions,
  memcgThreshold,
  memcgThresholdForSummary,
  memoryThresholdDescription,
  NOTIFIER_REFRESH_INTERVAL_MS,
  type ThresholdNotifier,
} from './memory-threshold-notifier';
export {
  findPackageRoot,
  isNotifierAddon,
  loadNotifierAddon,
  NATIVE_ABI_VERSION,
  NATIVE_ADDON_ENV,
  type NativeCallback,
  type NativeClosedDetail,
  type NativeErrorDetail,
  type NativeEventDetail,
  type NativeMessage,
  type NativeReadyDetail,
  type NativeStats,
  type NotifierAddon,
} from './native/index';
export {
  fsStatsFromStatfs,
  memoryCapacityBytes,
  PROC_FILES,
  parseBootTime,
  parseLoadavgTaskCount,
  parseMeminfo,
  parseTaskLimit,
  rlimitStats,
} from './node-stats';
export {
  createLinuxPlatform,
  DEFAULT_IMAGEFS_PATHS,
  DEFAULT_NODEFS_PATH,
  type LinuxPlatform,
  type LinuxPlatformInfo,
  type LinuxPlatformOptions,
  type MemoryWatchNotifier,
  type PodIdentitySource,
} from './platform';
export {
  createPsiEarlyWarning,
  DEFAULT_PSI_EARLY_WARNING,
  type PsiEarlyWarning,
  type PsiEarlyWarningOptions,
  type PsiWarning,
  podsMemoryPressurePath,
} from './psi-early-warning';
export {
  assembleSummary,
  memoryStats,
  PODS_SYSTEM_CONTAINER,
  type PodIdentity,
  type PodSample,
  type SummaryParts,
} from './summary';
