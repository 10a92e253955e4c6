// Builders mirroring upstream's podgc test helpers (makePod, makeForceDeletedPod,
// testutil.NewNode), creation times an hour apart as upstream's tests make them.

export interface GcPodSpec {
  phase?: string;
  reason?: string;
  nodeName?: string;
  deletionTimestamp?: boolean;
  creationHour?: number;
  conditions?: object[];
  namespace?: string;
}

export function gcPod(name: string, s: GcPodSpec = {}): Record<string, unknown> {
  return {
    metadata: {
      name,
      namespace: s.namespace ?? 'default',
      ...(s.creationHour === undefined
        ? {}
        : { creationTimestamp: new Date(s.creationHour * 3_600_000).toISOString() }),
      ...(s.deletionTimestamp ? { deletionTimestamp: '1970-01-01T00:00:00Z' } : {}),
    },
    spec: s.nodeName === undefined ? {} : { nodeName: s.nodeName },
    status: {
      ...(s.phase === undefined ? {} : { phase: s.phase }),
      ...(s.reason === undefined ? {} : { reason: s.reason }),
      ...(s.conditions === undefined ? {} : { conditions: s.conditions }),
    },
  };
}

/** `testutil.NewNode` is Ready-less; `ready` adds a Ready condition, `taints` the taints. */
export function gcNode(
  name: string,
  s: { ready?: 'True' | 'False'; taints?: { key: string; value?: string; effect: string }[] } = {},
): Record<string, unknown> {
  return {
    metadata: { name },
    spec: s.taints === undefined ? {} : { taints: s.taints },
    status: s.ready === undefined ? {} : { conditions: [{ type: 'Ready', status: s.ready }] },
  };
}

export const podNames = (pods: readonly unknown[]): string[] =>
  pods.map((p) => (p as { metadata: { name: string } }).metadata.name);
