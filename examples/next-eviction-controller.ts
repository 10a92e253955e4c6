// Who goes next? The next kubelet eviction on every node of a cluster, as a table or JSON.
//
// For each node: its kubelet Summary (`/stats/summary`), the pods bound to it, optionally its
// Node object (memory capacity for oom_score_adj, the conditions it reports now) and the
// kubelet's configuration go to `predictNextEviction` (the eviction manager in a dry run, now and
// once the grace periods have run). The answer is one of: the kubelet evicts a pod now; a threshold is met and a pod goes once its grace period has
// run, if the pressure holds; there is no pressure, and this pod would be first if memory ran
// short; nothing on the node can be evicted (only critical pods).
//
//   npx tsx examples/next-eviction-controller.ts --summary s.json --pods pods.json \
//       [--node nodes.yaml] [--kubelet-config kubelet.yaml] [--json]     # repeat --summary per node
//   npx tsx examples/next-eviction-controller.ts --kubeconfig ~/.kube/config [--configz] [--json]
//
// With a kubeconfig it asks the API server (through @kubernetes/client-node, an optional peer
// dependency loaded only then): the nodes, each node's Summary through the node proxy
// (`/api/v1/nodes/<node>/proxy/stats/summary`), the pods with `spec.nodeName=<node>`, and with
// `--configz` each kubelet's effective configuration (`…/proxy/configz`); without it, the
// kubelet's defaults. A plain-HTTP API server (a test's) needs `insecure-skip-tls-verify: true`
// in the kubeconfig: client-node 1.4 refuses plain HTTP otherwise.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { predictNextEviction, summaryTime } from 'evictkit/manager';
import { type Pod, qosClass, readPod } from 'evictkit/ranking';
import {
  kubeletDefaults,
  type LoadedKubeletConfig,
  loadKubeletConfig,
  type NodeConditionType,
  parseQuantity,
  parseSummary,
  type Signal,
} from 'evictkit/signals';
import { parseAllDocuments } from 'yaml';

/** What the controller knows about one node. Pods and Node may be client-node objects. */
export interface NodeData {
  /** The Summary, as JSON text or parsed. */
  summary: unknown;
  /** The pods bound to the node (others are left out by `spec.nodeName`). */
  pods: readonly object[];
  node?: object;
  kubelet?: LoadedKubeletConfig;
}

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
  qosClass: string;
}

/** The next eviction on one node. */
export type NextEviction = {
  node: string;
  /** What the kubelet would report from this Summary. */
  conditions: NodeConditionType[];
  /** What the Node object reports now (when given). */
  reportedConditions?: string[];
} & (
  | {
      state: 'evict-now';
      signal: string;
      pod: PodRef;
      gracePeriodOverrideSeconds: number;
      message: string;
    }
  | { state: 'after-grace-period'; signal: string; inMs: number; pod: PodRef }
  | { state: 'no-pressure'; signal: Signal; pod: PodRef }
  | { state: 'nothing-evictable'; signal: Signal }
  | { state: 'error'; error: string }
);

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

function ref(pod: unknown): PodRef {
  const { namespace, name, uid } = readPod(pod);
  return { namespace, name, uid, qosClass: qosClass(pod as Pod) };
}

/** Node `status.capacity.memory` in bytes, if present and valid. */
function memoryCapacity(node: object | undefined): number | undefined {
  const text = (node as { status?: { capacity?: Record<string, unknown> } } | undefined)?.status
    ?.capacity?.['memory'];
  if (typeof text !== 'string') return undefined;
  const q = parseQuantity(text);
  return q.isOk() ? Number(q.value.value()) : undefined;
}

function reportedConditions(node: object | undefined): string[] | undefined {
  const conditions = (node as { status?: { conditions?: { type?: string; status?: string }[] } })
    ?.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions
    .filter((c) => PRESSURE.includes(c.type ?? '') && c.status === 'True')
    .map((c) => c.type as string);
}

/** One node's next eviction: a dry-run eviction-manager cycle on its data. Never rejects. */
export async function nextEviction(data: NodeData): Promise<NextEviction> {
  const parsed = parseSummary(data.summary);
  if (parsed.isErr())
    return { node: '?', conditions: [], state: 'error', error: parsed.error.message };
  const summary = parsed.value;
  const name = summary.node.nodeName;
  const pods = data.pods.filter((p) => {
    const nodeName = (p as Pod).spec?.nodeName;
    return nodeName === undefined || nodeName === name;
  });
  const { thresholds, settings } = data.kubelet ?? kubeletDefaults()._unsafeUnwrap();
  const capacity = memoryCapacity(data.node);
  // The eviction manager in a dry run decides: now, once a grace period has run (the same
  // Summary, later), or, without pressure, who would go first if memory ran short. The
  // Summary's own time is "now": grace periods count from the moment it was taken.
  const predicted = await predictNextEviction<object>(
    {
      thresholds,
      pressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
      maxPodGracePeriodSeconds: settings.evictionMaxPodGracePeriodSeconds,
      localStorageCapacityIsolation: settings.localStorageCapacityIsolation,
      featureGates: settings.featureGates,
      ...(capacity === undefined ? {} : { memoryCapacityBytes: capacity }),
    },
    { summary, pods, now: summaryTime(summary) ?? Date.now() },
  );
  const reported = reportedConditions(data.node);
  if (predicted.isErr()) {
    return { node: name, conditions: [], state: 'error', error: predicted.error.message };
  }
  const p = predicted.value;
  const base = {
    node: name,
    conditions: p.nodeConditions,
    ...(reported === undefined ? {} : { reportedConditions: reported }),
  };
  switch (p.when) {
    case 'now':
      return {
        ...base,
        state: 'evict-now',
        signal: p.signal,
        pod: ref(p.eviction.pod),
        gracePeriodOverrideSeconds: p.eviction.gracePeriodOverrideSeconds,
        message: p.eviction.message,
      };
    case 'after-grace-period':
      return {
        ...base,
        state: 'after-grace-period',
        signal: p.signal,
        inMs: p.afterMs,
        pod: ref(p.eviction.pod),
      };
    case 'no-pressure':
      return { ...base, state: 'no-pressure', signal: p.signal, pod: ref(p.candidate.pod) };
    case 'nothing-evictable':
      return { ...base, state: 'nothing-evictable', signal: p.signal };
  }
}

/** The answers as an aligned text table. */
export function formatTable(rows: readonly NextEviction[]): string {
  const cells = rows.map((r) => {
    const pod = 'pod' in r ? `${r.pod.namespace}/${r.pod.name} (${r.pod.qosClass})` : '-';
    const signal = 'signal' in r ? r.signal : '-';
    const when =
      r.state === 'evict-now'
        ? `now, grace ${r.gracePeriodOverrideSeconds}s`
        : r.state === 'after-grace-period'
          ? `in ${Math.ceil(r.inMs / 1000)}s if the pressure holds`
          : r.state === 'no-pressure'
            ? 'if memory runs short'
            : r.state === 'error'
              ? r.error
              : 'never (critical pods only)';
    return [r.node, r.conditions.join(',') || '-', signal, when, pod];
  });
  const header = ['NODE', 'CONDITIONS', 'SIGNAL', 'WHEN', 'NEXT POD'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  return [header, ...cells]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Every object of a YAML/JSON file: a List's items, or the documents themselves. */
export function objectsIn(text: string): object[] {
  return parseAllDocuments(text).flatMap((d) => {
    const value = d.toJS() as { items?: unknown } | unknown[] | null;
    const items = Array.isArray(value)
      ? value
      : Array.isArray(value?.items)
        ? value.items
        : [value];
    return items.filter((o): o is object => typeof o === 'object' && o !== null);
  });
}

/** Nodes from files: one per Summary; pods and Nodes matched by node name. */
export function nodesFromFiles(
  files: { summaries: string[]; pods: string[]; nodes: string[] },
  kubelet?: LoadedKubeletConfig,
): NodeData[] {
  const pods = files.pods.flatMap((f) => objectsIn(readFileSync(f, 'utf8')));
  const nodes = files.nodes.flatMap((f) => objectsIn(readFileSync(f, 'utf8')));
  return files.summaries.map((f) => {
    const summary = readFileSync(f, 'utf8');
    const name = (JSON.parse(summary) as { node?: { nodeName?: string } }).node?.nodeName;
    const node = nodes.find((n) => (n as { metadata?: { name?: string } }).metadata?.name === name);
    return { summary, pods, ...(node ? { node } : {}), ...(kubelet ? { kubelet } : {}) };
  });
}

/** Nodes from a live cluster through @kubernetes/client-node (loaded only here). */
export async function nodesFromCluster(options: {
  kubeconfig?: string;
  configz?: boolean;
  kubelet?: LoadedKubeletConfig;
}): Promise<NodeData[]> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  const out: NodeData[] = [];
  for (const node of (await core.listNode()).items) {
    const name = node.metadata?.name ?? '';
    const summary = json(await core.connectGetNodeProxyWithPath({ name, path: 'stats/summary' }));
    const pods = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` });
    let kubelet = options.kubelet;
    if (options.configz) {
      const configz = await core.connectGetNodeProxyWithPath({ name, path: 'configz' });
      const text = typeof configz === 'string' ? configz : JSON.stringify(configz);
      kubelet = loadKubeletConfig(text)._unsafeUnwrap();
    }
    out.push({ summary, pods: pods.items, node, ...(kubelet ? { kubelet } : {}) });
  }
  return out;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1]);
if (isMain) {
  const { values } = parseArgs({
    options: {
      summary: { type: 'string', multiple: true },
      pods: { type: 'string', multiple: true },
      node: { type: 'string', multiple: true },
      'kubelet-config': { type: 'string' },
      kubeconfig: { type: 'string' },
      configz: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  let kubelet: LoadedKubeletConfig | undefined;
  if (values['kubelet-config'] !== undefined) {
    const loaded = loadKubeletConfig(readFileSync(values['kubelet-config'], 'utf8'));
    if (loaded.isErr()) {
      console.error(`error: ${values['kubelet-config']}: ${loaded.error.message}`);
      process.exit(1);
    }
    kubelet = loaded.value;
  }
  try {
    const data =
      values.kubeconfig !== undefined
        ? await nodesFromCluster({
            kubeconfig: values.kubeconfig,
            configz: values.configz === true,
            ...(kubelet ? { kubelet } : {}),
          })
        : nodesFromFiles(
            { summaries: values.summary ?? [], pods: values.pods ?? [], nodes: values.node ?? [] },
            kubelet,
          );
    const rows = await Promise.all(data.map(nextEviction));
    console.log(values.json ? JSON.stringify(rows, null, 2) : formatTable(rows));
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exit(1);
  }
}
