// Plain API objects for the disruption tests, shaped like the upstream test helpers
// (newPod, newMinAvailablePodDisruptionBudget, newReplicaSet, …).

let uidCounter = 0;
export const newUid = (prefix = 'uid') => `${prefix}-${++uidCounter}`;

export const fooBar = () => ({ foo: 'bar' });

export interface PodInit {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  ready?: boolean;
  phase?: string;
  nodeName?: string;
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
  deletionTimestamp?: string;
  annotations?: Record<string, string>;
  emptyDir?: boolean;
  resourceVersion?: string;
  uid?: string;
}

/** `newPod`: labels foo=bar, Ready=True, namespace default. */
export function newPod(init: PodInit) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: init.name,
      namespace: init.namespace ?? 'default',
      uid: init.uid ?? newUid('pod'),
      resourceVersion: init.resourceVersion ?? '18',
      labels: init.labels ?? fooBar(),
      ...(init.annotations ? { annotations: init.annotations } : {}),
      ...(init.deletionTimestamp ? { deletionTimestamp: init.deletionTimestamp } : {}),
      ...(init.owner ? { ownerReferences: [{ ...init.owner, controller: true }] } : {}),
    },
    spec: {
      ...(init.nodeName !== undefined ? { nodeName: init.nodeName } : { nodeName: 'node' }),
      containers: [{ name: 'c', image: 'x' }],
      ...(init.emptyDir
        ? { volumes: [{ name: 'scratch', emptyDir: {} }] }
        : { volumes: [{ name: 'token', projected: { sources: [] } }] }),
    },
    status: {
      ...(init.phase !== undefined ? { phase: init.phase } : { phase: 'Running' }),
      conditions: init.ready === false ? [] : [{ type: 'Ready', status: 'True' }],
    },
  };
}

export interface PdbInit {
  name?: string;
  namespace?: string;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: unknown;
  generation?: number;
  status?: Record<string, unknown>;
  unhealthyPodEvictionPolicy?: string;
}

/** `newMinAvailablePodDisruptionBudget` / `newMaxUnavailablePodDisruptionBudget`. */
export function newPdb(init: PdbInit = {}) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: init.name ?? 'foobar',
      namespace: init.namespace ?? 'default',
      uid: newUid('pdb'),
      resourceVersion: '18',
      ...(init.generation !== undefined ? { generation: init.generation } : {}),
    },
    spec: {
      ...(init.minAvailable !== undefined ? { minAvailable: init.minAvailable } : {}),
      ...(init.maxUnavailable !== undefined ? { maxUnavailable: init.maxUnavailable } : {}),
      ...('selector' in init
        ? { selector: init.selector }
        : { selector: { matchLabels: fooBar() } }),
      ...(init.unhealthyPodEvictionPolicy !== undefined
        ? { unhealthyPodEvictionPolicy: init.unhealthyPodEvictionPolicy }
        : {}),
    },
    ...(init.status !== undefined ? { status: init.status } : {}),
  };
}

export interface WorkloadInit {
  kind:
    | 'ReplicaSet'
    | 'ReplicationController'
    | 'StatefulSet'
    | 'Deployment'
    | 'DaemonSet'
    | string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  replicas?: number;
  uid?: string;
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
}

export function newWorkload(init: WorkloadInit) {
  const apiVersion = init.apiVersion ?? (init.kind === 'ReplicationController' ? 'v1' : 'apps/v1');
  return {
    apiVersion,
    kind: init.kind,
    metadata: {
      name: init.name ?? 'foobar',
      namespace: init.namespace ?? 'default',
      uid: init.uid ?? newUid(init.kind.toLowerCase()),
      ...(init.owner ? { ownerReferences: [{ ...init.owner, controller: true }] } : {}),
    },
    spec: { ...(init.replicas !== undefined ? { replicas: init.replicas } : {}) },
  };
}

/** An ownerReference to `workload`, as `updatePodOwnerToRs` and friends make. */
export function ownerRef(workload: ReturnType<typeof newWorkload>) {
  return {
    apiVersion: workload.apiVersion,
    kind: workload.kind,
    name: workload.metadata.name,
    uid: workload.metadata.uid,
  };
}

export const T0 = Date.parse('2024-05-01T10:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
