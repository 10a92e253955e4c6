// Builders mirroring upstream's scheduler testing wrappers (st.MakePod, st.MakeNode,
// st.MakePDB), so the table cases read like the Go ones. Start times are epoch ms: upstream's
// epochTime1..6 are nanoseconds apart, which keeps their order at this precision.

export type Res = Record<string, string>;

export const negPriority = -100;
export const lowPriority = 0;
export const midPriority = 100;
export const highPriority = 1000;
export const veryHighPriority = 10000;

export const smallRes: Res = { cpu: '100m', memory: '100' };
export const mediumRes: Res = { cpu: '200m', memory: '200' };
export const largeRes: Res = { cpu: '300m', memory: '300' };
export const veryLargeRes: Res = { cpu: '500m', memory: '500' };

export interface PodSpec {
  uid?: string;
  namespace?: string;
  node?: string;
  priority?: number;
  req?: Res;
  labels?: Record<string, string>;
  startTime?: number;
  terminating?: boolean;
  conditions?: { type: string; status: string; reason?: string }[];
  preemptionPolicy?: string;
  nominatedNodeName?: string;
  schedulerName?: string;
}

/** `st.MakePod().Name(name).UID(name)…`: the name doubles as the UID. */
export function makePod(name: string, s: PodSpec = {}): Record<string, unknown> {
  return {
    metadata: {
      name,
      uid: s.uid ?? name,
      ...(s.namespace === undefined ? {} : { namespace: s.namespace }),
      ...(s.labels === undefined ? {} : { labels: s.labels }),
      ...(s.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      ...(s.node === undefined ? {} : { nodeName: s.node }),
      ...(s.priority === undefined ? {} : { priority: s.priority }),
      ...(s.preemptionPolicy === undefined ? {} : { preemptionPolicy: s.preemptionPolicy }),
      ...(s.schedulerName === undefined ? {} : { schedulerName: s.schedulerName }),
      containers: [{ name: 'pause', resources: s.req === undefined ? {} : { requests: s.req } }],
    },
    status: {
      ...(s.startTime === undefined ? {} : { startTime: s.startTime }),
      ...(s.nominatedNodeName === undefined ? {} : { nominatedNodeName: s.nominatedNodeName }),
      ...(s.conditions === undefined ? {} : { conditions: s.conditions }),
    },
  };
}

/** `st.MakeNode().Name(name).Capacity(res)`: capacity is also allocatable, with 32 pods unless set. */
export function makeNode(name: string, capacity: Res = {}): Record<string, unknown> {
  const res = { pods: '32', ...capacity };
  return { metadata: { name }, status: { capacity: res, allocatable: res } };
}

export function makePdb(
  matchLabels: Record<string, string> | undefined,
  status: { disruptionsAllowed?: number; disruptedPods?: Record<string, string> } = {},
  meta: { name?: string; namespace?: string } = {},
): Record<string, unknown> {
  return {
    metadata: {
      name: meta.name ?? 'pdb',
      ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
    },
    spec: matchLabels === undefined ? {} : { selector: { matchLabels } },
    status: {
      disruptionsAllowed: status.disruptionsAllowed ?? 0,
      ...(status.disruptedPods ? { disruptedPods: status.disruptedPods } : {}),
    },
  };
}

export const names = (pods: readonly unknown[]): string[] =>
  pods.map((p) => (p as { metadata: { name: string } }).metadata.name);
