import type { LoadedKubeletConfig } from '../signals/kubelet-config';

// The eviction manager the simulation runs (and the CLI's explain and watch): evictkit's
// createEvictionManager, the kubelet's synchronize loop.
export { createEvictionManager as createManager } from '../manager/index';

/**
 * The eviction manager options a kubelet configuration decides: its thresholds, the pressure
 * transition period, the grace period cap, local storage isolation and the feature gates. The
 * caller adds how pods are killed and what the node looks like.
 */
export function kubeletManagerOptions({ thresholds, settings }: LoadedKubeletConfig) {
  return {
    thresholds,
    pressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
    maxPodGracePeriodSeconds: settings.evictionMaxPodGracePeriodSeconds,
    localStorageCapacityIsolation: settings.localStorageCapacityIsolation,
    featureGates: settings.featureGates,
  };
}
