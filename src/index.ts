// evictkit — Kubernetes eviction primitives. Each subpath is also importable on its own.

export * from './manager/index';
export * from './oom/index';
export * from './platform/index';
export * from './ranking/index';
export * from './signals/index';
export * from './simulation/index';
export * from './thresholds/index';
