import type {
  Taint as KubeTaint,
  Toleration as KubeToleration,
  Node,
  Pod,
} from 'kubernetes-types/core/v1.js';

// staging/src/k8s.io/api/core/v1/types.go: the taint and toleration vocabulary.

/** The three taint effects. A taint's effect may not be empty; a toleration's may be. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export const TAINT_EFFECT_NO_SCHEDULE = 'NoSchedule';
export const TAINT_EFFECT_PREFER_NO_SCHEDULE = 'PreferNoSchedule';
export const TAINT_EFFECT_NO_EXECUTE = 'NoExecute';

/**
 * Toleration operators. `""` means `Equal`. `Lt` and `Gt` compare integers and only match while
 * the `TaintTolerationComparisonOperators` gate is on (alpha since 1.35, off by default in 1.37).
 */
export const TOLERATION_OPERATORS = ['Equal', 'Exists', 'Lt', 'Gt'] as const;
export type TolerationOperator = (typeof TOLERATION_OPERATORS)[number];

/**
 * A v1 Taint as the API returns it (`kubernetes-types`' Taint); `@kubernetes/client-node`'s
 * `V1Taint` (with a `Date` for `timeAdded`) fits too. Every field may be missing or `null`.
 */
export type TaintLike = {
  [K in keyof KubeTaint]?: KubeTaint[K] | (K extends 'timeAdded' ? Date : never) | null;
};

/** A v1 Toleration (`kubernetes-types` or `@kubernetes/client-node`); fields may be `null`. */
export type TolerationLike = { [K in keyof KubeToleration]?: KubeToleration[K] | null };

/** What the functions of this module return for a taint: every field present. */
export interface Taint {
  key: string;
  value: string;
  effect: string;
  /** `timeAdded` as epoch ms; `undefined` when the taint has none. */
  timeAdded?: number;
}

/** What the functions of this module return for a toleration (the API's JSON shape). */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** A pod as JSON or as a `@kubernetes/client-node` object; only the fields read here matter. */
export type PodInput = Pod | Record<string, unknown> | object;
/** A node as JSON or as a `@kubernetes/client-node` object. */
export type NodeInput = Node | Record<string, unknown> | object;
