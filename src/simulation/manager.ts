// The eviction manager the simulation runs (and the CLI's explain and watch): evictkit's
// createEvictionManager, the kubelet's synchronize loop.
export { createEvictionManager as createManager } from '../manager/index';
