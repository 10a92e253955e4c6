import { NODE_LIFECYCLE_DEFAULTS, type NodeLifecycleConfig } from './node-lifecycle-config';
import { get, readStringMap } from './read';
import type { NodeInput } from './types';
import {
  LABEL_FAILURE_DOMAIN_BETA_REGION,
  LABEL_FAILURE_DOMAIN_BETA_ZONE,
  LABEL_NODE_EXCLUDE_DISRUPTION,
  LABEL_TOPOLOGY_REGION,
  LABEL_TOPOLOGY_ZONE,
} from './well-known';

// pkg/controller/nodelifecycle/node_lifecycle_controller.go: zones, their disruption state
// (ComputeZoneState, handleDisruption) and the NoExecute tainting rate per zone.

/** A zone's state. Zones start `Initial` until the controller has computed one. */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** A node's Ready condition as the zone statistics read it (`null` for a node without one). */
export type ReadyConditionLike = { status?: string | null } | null | undefined;

/**
 * `GetZoneKey`: `region + ":\0:" + zone`, where each label is the deprecated
 * `failure-domain.beta.kubernetes.io/…` one when present (even if empty), else the
 * `topology.kubernetes.io/…` one; `''` when both are empty (a cluster without zone labels is one
 * zone).
 */
export function zoneKey(node: NodeInput): string {
  const labels = readStringMap(get(get(node, 'metadata'), 'labels'));
  const zone = labels.get(LABEL_FAILURE_DOMAIN_BETA_ZONE) ?? labels.get(LABEL_TOPOLOGY_ZONE) ?? '';
  const region =
    labels.get(LABEL_FAILURE_DOMAIN_BETA_REGION) ?? labels.get(LABEL_TOPOLOGY_REGION) ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\u0000:${zone}`;
}

/** Nodes labelled `node.kubernetes.io/exclude-disruption` (any value) are left out of zone statistics. */
export function isNodeExcludedFromDisruptionChecks(node: NodeInput): boolean {
  return readStringMap(get(get(node, 'metadata'), 'labels')).has(LABEL_NODE_EXCLUDE_DISRUPTION);
}

export interface ZoneStateResult {
  readonly state: Exclude<ZoneState, 'Initial'>;
  /** Nodes whose Ready is `True`. */
  readonly ready: number;
  /** All other nodes: Ready `False` or `Unknown`, and nodes without a Ready condition. */
  readonly notReady: number;
}

/**
 * `ComputeZoneState` over the Ready conditions of a zone's nodes (excluded nodes left out):
 * `FullDisruption` when no node is Ready and at least one is not; `PartialDisruption` when more
 * than 2 are not Ready and their fraction is at least `unhealthyZoneThreshold` (0.55; compared
 * in float32 as upstream does); `Normal` otherwise — 2 of 2 not-Ready nodes plus 1 Ready one is
 * still Normal. An empty zone is Normal.
 */
export function computeZoneState(
  readyConditions: readonly ReadyConditionLike[],
  options?: { unhealthyZoneThreshold?: number },
): ZoneStateResult {
  let ready = 0;
  let notReady = 0;
  const list = Array.isArray(readyConditions) ? readyConditions : [];
  for (let i = 0; i < list.length; i++) {
    if (get(list[i], 'status') === 'True') ready++;
    else notReady++;
  }
  const threshold = Math.fround(
    numberOr(options?.unhealthyZoneThreshold, NODE_LIFECYCLE_DEFAULTS.unhealthyZoneThreshold),
  );
  if (ready === 0 && notReady > 0) return { state: 'FullDisruption', ready, notReady };
  const fraction = Math.fround(Math.fround(notReady) / Math.fround(notReady + ready));
  if (notReady > 2 && fraction >= threshold) return { state: 'PartialDisruption', ready, notReady };
  return { state: 'Normal', ready, notReady };
}

export type EvictionRateOptions = Partial<
  Pick<
    NodeLifecycleConfig,
    'nodeEvictionRate' | 'secondaryNodeEvictionRate' | 'largeClusterSizeThreshold'
  >
> & {
  /** Every zone is in FullDisruption ("master disruption mode"): tainting stops everywhere. */
  allZonesFullyDisrupted?: boolean;
};

/**
 * The NoExecute tainting rate (nodes/second, token bucket of burst 1) of a zone:
 * - all zones fully disrupted → 0 (the controller stops tainting and removes the taints);
 * - `Normal` → `--node-eviction-rate` (0.1);
 * - `PartialDisruption` → `--secondary-node-eviction-rate` (0.01) when the zone has **more**
 *   than `--large-cluster-size-threshold` (50) nodes, else 0;
 * - `FullDisruption` (some other zone is not) → `--node-eviction-rate`, the healthy rate;
 * - `Initial` → `--node-eviction-rate` (the limiter a new zone starts with).
 * A rate ≤ 0 means a limiter that never grants.
 */
export function zoneEvictionRate(
  state: ZoneState,
  zoneSize: number,
  options?: EvictionRateOptions,
): number {
  const rate = numberOr(options?.nodeEvictionRate, NODE_LIFECYCLE_DEFAULTS.nodeEvictionRate);
  if (options?.allZonesFullyDisrupted === true) return 0;
  switch (state) {
    case 'PartialDisruption': {
      const large = numberOr(
        options?.largeClusterSizeThreshold,
        NODE_LIFECYCLE_DEFAULTS.largeClusterSizeThreshold,
      );
      const secondary = numberOr(
        options?.secondaryNodeEvictionRate,
        NODE_LIFECYCLE_DEFAULTS.secondaryNodeEvictionRate,
      );
      return numberOr(zoneSize, 0) > large ? secondary : 0;
    }
    default:
      return rate;
  }
}

/** A zone as the controller keeps it between passes. */
export interface ZoneRecord {
  readonly state: ZoneState;
  /** The rate of the zone's tainting limiter; 0 is a limiter that never grants. */
  readonly rate: number;
}

export interface HandleDisruptionOptions extends Partial<NodeLifecycleConfig> {
  /** The zones after the previous pass; zones not listed start `Initial` at the healthy rate. */
  previous?: Readonly<Record<string, ZoneRecord>>;
}

export interface DisruptionPass {
  /** The zones after this pass (zones without nodes are forgotten). */
  readonly zones: Record<string, ZoneRecord>;
  /** What `ComputeZoneState` said for each zone in this pass. */
  readonly computed: Record<string, ZoneStateResult>;
  /**
   * `enter-full-disruption`: every zone is fully disrupted now and was not before — the
   * controller removes the not-ready/unreachable NoExecute taints from **every** node and stops
   * tainting. `exit-full-disruption`: the reverse — every node's probe and ready-transition
   * timestamps are reset to now (a fresh grace period) and every zone gets the rate of its new
   * state. `steady`: only zones whose state changed get a new rate (or, while all zones stay
   * fully disrupted, nothing changes).
   */
  readonly mode: 'enter-full-disruption' | 'exit-full-disruption' | 'steady';
  /** The zones whose limiter was replaced in this pass. */
  readonly rateChanged: string[];
}

/**
 * `handleDisruption`: one pass of the zone bookkeeping, given the Ready conditions of each zone's
 * non-excluded nodes (`null` for a node without one). Upstream iterates Go maps, so when a
 * zone has disappeared it may keep it one more pass; here vanished zones are always dropped.
 * A limiter is only replaced when its rate changes — upstream compares the reported QPS, and a
 * never-granting limiter reports 1, so a zone stopped at 0 and then set to exactly 1 keeps
 * never granting; that is reproduced.
 */
export function handleDisruption(
  zoneConditions:
    | Readonly<Record<string, readonly ReadyConditionLike[]>>
    | ReadonlyMap<string, readonly ReadyConditionLike[]>,
  options?: HandleDisruptionOptions,
): DisruptionPass {
  const cfg = { ...NODE_LIFECYCLE_DEFAULTS, ...definedOnly(options) };
  const entries = zoneEntries(zoneConditions);
  const zones: Record<string, ZoneRecord> = Object.create(null);
  for (const [k, v] of Object.entries(options?.previous ?? {})) {
    if (isZoneRecord(v)) zones[k] = { state: v.state, rate: v.rate };
  }
  const computed: Record<string, ZoneStateResult> = Object.create(null);
  let allAreFull = true;
  for (const [zone, conditions] of entries) {
    const result = computeZoneState(conditions, cfg);
    computed[zone] = result;
    if (result.state !== 'FullDisruption') allAreFull = false;
    if (zones[zone] === undefined) zones[zone] = { state: 'Initial', rate: cfg.nodeEvictionRate };
  }
  let allWereFull = true;
  for (const zone of Object.keys(zones)) {
    if (computed[zone] === undefined) {
      delete zones[zone];
      continue;
    }
    if (zones[zone]?.state !== 'FullDisruption') allWereFull = false;
  }
  const rateChanged: string[] = [];
  const swap = (zone: string, rate: number) => {
    const current = zones[zone] as ZoneRecord;
    const reported = current.rate <= 0 ? 1 : current.rate;
    if (Math.fround(reported) === Math.fround(rate)) return current.rate;
    rateChanged.push(zone);
    return Math.max(rate, 0);
  };
  const sizeOf = (zone: string) => {
    const c = computed[zone];
    return c === undefined ? 0 : c.ready + c.notReady;
  };
  const rateFor = (zone: string, state: ZoneState) => zoneEvictionRate(state, sizeOf(zone), cfg);
  const result = (mode: DisruptionPass['mode']): DisruptionPass => ({
    zones: { ...zones },
    computed: { ...computed },
    mode,
    rateChanged,
  });

  if (allAreFull && allWereFull) return result('steady');
  if (allAreFull) {
    for (const zone of Object.keys(zones))
      zones[zone] = { state: 'FullDisruption', rate: swap(zone, 0) };
    return result('enter-full-disruption');
  }
  if (allWereFull) {
    for (const zone of Object.keys(zones)) {
      const state = (computed[zone] as ZoneStateResult).state;
      zones[zone] = { state, rate: swap(zone, rateFor(zone, state)) };
    }
    return result('exit-full-disruption');
  }
  for (const zone of Object.keys(zones)) {
    const state = (computed[zone] as ZoneStateResult).state;
    if (zones[zone]?.state === state) continue;
    zones[zone] = { state, rate: swap(zone, rateFor(zone, state)) };
  }
  return result('steady');
}

function zoneEntries(
  value:
    | Readonly<Record<string, readonly ReadyConditionLike[]>>
    | ReadonlyMap<string, readonly ReadyConditionLike[]>,
): [string, readonly ReadyConditionLike[]][] {
  if (value instanceof Map) return [...value.entries()].filter(([k]) => typeof k === 'string');
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).map((k) => {
    const v = get(value, k);
    return [k, Array.isArray(v) ? (v as ReadyConditionLike[]) : []];
  });
}

function isZoneRecord(v: unknown): v is ZoneRecord {
  const state = get(v, 'state');
  const rate = get(v, 'rate');
  return (
    (state === 'Initial' ||
      state === 'Normal' ||
      state === 'PartialDisruption' ||
      state === 'FullDisruption') &&
    typeof rate === 'number' &&
    !Number.isNaN(rate)
  );
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && !Number.isNaN(value) ? value : fallback;
}

function definedOnly(options: HandleDisruptionOptions | undefined): Partial<NodeLifecycleConfig> {
  const out: Partial<NodeLifecycleConfig> = {};
  if (options === undefined || options === null) return out;
  for (const key of Object.keys(NODE_LIFECYCLE_DEFAULTS) as (keyof NodeLifecycleConfig)[]) {
    const v = get(options, key);
    if (typeof v === 'number' && !Number.isNaN(v)) out[key] = v;
  }
  return out;
}
