// The eviction manager the simulation (and the CLI's explain and watch) runs.
// TEMPORARY: feat/manager has so far committed its public types and a stub; until its
// implementation lands this is the interim stand-in with the same interface
// (interim-manager.ts). Then: export { createEvictionManager as createManager } from
// '../manager/index'.
export { createInterimManager as createManager } from './interim-manager';
