/**
 * Feature gates that change how pods are classified and how their requests add up, with their
 * defaults in Kubernetes v1.37 (the newest released minor), read from `pkg/features`:
 *
 * - `PodLevelResources`: alpha 1.32, beta and on by default since 1.34 (still beta in 1.37).
 * - `SidecarContainers`: GA and locked on since 1.33. The request aggregation in
 *   component-helpers never consulted it; it is listed for callers that want one place to look.
 * - `InPlacePodVerticalScaling`: GA and locked on since 1.35.
 * - `InPlacePodLevelResourcesVerticalScaling`: alpha 1.35, beta and on by default since 1.36.
 * - `KubeletSeparateDiskGC`: alpha 1.29, beta and on by default since 1.31 (the eviction
 *   manager refuses a split image filesystem without it).
 * - `TaintTolerationComparisonOperators` (the `Lt`/`Gt` toleration operators): alpha since 1.35,
 *   still alpha and off by default in 1.37.
 */
export const FEATURE_GATE_DEFAULTS: Readonly<Record<string, boolean>> = Object.freeze({
  PodLevelResources: true,
  SidecarContainers: true,
  InPlacePodVerticalScaling: true,
  InPlacePodLevelResourcesVerticalScaling: true,
  KubeletSeparateDiskGC: true,
  TaintTolerationComparisonOperators: false,
});

/** The optional last argument of every gated function. Unlisted gates take their defaults. */
export interface FeatureGateOptions {
  featureGates?: Record<string, boolean>;
}

/** Whether `gate` is on: the caller's setting if given, else the v1.37 default, else off. */
export function gateEnabled(gate: string, options?: FeatureGateOptions): boolean {
  const set = options?.featureGates?.[gate];
  if (typeof set === 'boolean') return set;
  return Object.hasOwn(FEATURE_GATE_DEFAULTS, gate) ? FEATURE_GATE_DEFAULTS[gate] === true : false;
}
