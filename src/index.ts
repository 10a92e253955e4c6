// evictkit — Kubernetes eviction primitives. Each subpath is also importable on its own.

export * from './disruption/index';
export * from './manager/index';
export * from './oom/index';
export * from './platform/index';
export * from './podgc/index';
export * from './preemption/index';
// disruption and preemption both export a label-selector converter; the root names the pods one.
export {
  type LabelRequirement,
  type LabelSelector,
  type LabelSelectorError,
  labelSelectorAsSelector,
} from './preemption/index';
export * from './ranking/index';
export * from './signals/index';
export * from './simulation/index';
export * from './taints/index';
export * from './thresholds/index';
// thresholds and taints both export this key (the same string); name it once here.
export { TAINT_NODE_MEMORY_PRESSURE } from './thresholds/index';
