// A scheduler extender that keeps pods off nodes whose kubelet would turn them away.
//
// The kube-scheduler's own TaintToleration filter sees a node's pressure only as the NoSchedule
// taints the node lifecycle controller puts on it — after the kubelet has reported the condition
// and the controller has caught up — and a pod that tolerates those taints passes. The kubelet
// then decides for itself, with its own admission rule (`admitPod`), and a pod it rejects fails
// with reason `Evicted`. This filter applies both, from the Node objects' `status.conditions`:
//
// 1. the taints: the node's own, plus the NoSchedule taints the lifecycle controller adds for
//    its conditions (`noScheduleTainting`), which it may not have added yet; a NoSchedule or
//    NoExecute taint the pod does not tolerate rejects it, as the scheduler's filter would;
// 2. the kubelet's admission under pressure: no condition → admit; a critical pod (static,
//    mirror, or priority ≥ 2000000000) → admit; MemoryPressure alone → admit unless the pod is
//    BestEffort, and a BestEffort pod *is* admitted when it tolerates the
//    node.kubernetes.io/memory-pressure taint; DiskPressure or PIDPressure → reject every other
//    pod, whatever its tolerations. So a pod tolerating disk-pressure (every DaemonSet pod does:
//    the DaemonSet controller adds that toleration) still fails on a node under DiskPressure
//    unless it is critical — that is the case this filter exists for.
//
// Both rejections go to `FailedAndUnresolvableNodes`: preempting pods does not relieve pressure.
//
// The protocol is the scheduler's HTTP extender `filter` verb (kube-scheduler
// extender/v1 types.go): `ExtenderArgs` in, `ExtenderFilterResult` out. Those Go types carry no
// JSON tags, so the scheduler sends the Go field names (`Pod`, `Nodes`, `NodeNames`) and reads
// the answer case-insensitively; this filter answers with the Go names too. With
// `nodeCacheCapable: true` the scheduler sends only `NodeNames`: the server then needs a node
// cache (`nodes` below); a node it does not know passes.
//
//   npx tsx examples/scheduler-filter.ts [--port 8888] [--host 127.0.0.1]
//   # KubeSchedulerConfiguration: extenders: [{urlPrefix: "http://127.0.0.1:8888", filterVerb: filter}]

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeConditionType } from 'evictkit/signals';
import {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
  noScheduleTainting,
} from 'evictkit/taints';
import { admitPod, NODE_CONDITION_ORDER } from 'evictkit/thresholds';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { z } from 'zod';

/** `ExtenderArgs` (the scheduler sends the Go field names). */
export interface ExtenderArgs {
  Pod: Pod;
  Nodes?: { items: Node[] } | null;
  NodeNames?: string[] | null;
}

/** `ExtenderFilterResult`. */
export interface ExtenderFilterResult {
  Nodes: { items: Node[] } | null;
  NodeNames: string[] | null;
  FailedNodes: Record<string, string>;
  FailedAndUnresolvableNodes: Record<string, string>;
  Error: string;
}

export type NodeVerdict =
  | { fits: true }
  | { fits: false; by: 'taint' | 'kubelet-admission'; reason: string };

/** The pressure conditions a Node reports (status True), in the kubelet's order. */
export function pressureConditions(node: Node): NodeConditionType[] {
  const isTrue = new Set(
    (node.status?.conditions ?? []).filter((c) => c?.status === 'True').map((c) => c.type),
  );
  return NODE_CONDITION_ORDER.filter((c) => isTrue.has(c));
}

/** Would the scheduler's taint filter and then the kubelet's admission take `pod` on `node`? */
export function nodeVerdict(pod: Pod, node: Node): NodeVerdict {
  // The controller's taints for the node's conditions, whether or not it has added them yet.
  const pending = noScheduleTainting(node, { now: 0 }).add.map(({ key, value, effect }) => ({
    key,
    value,
    effect,
  }));
  const taints: Taint[] = [...(node.spec?.taints ?? []), ...pending];
  const untolerated = findMatchingUntoleratedTaint(
    taints,
    pod.spec?.tolerations ?? [],
    doNotScheduleTaintsFilter,
  );
  if (untolerated !== undefined) {
    return {
      fits: false,
      by: 'taint',
      reason: `node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`,
    };
  }
  const admission = admitPod(pod, pressureConditions(node));
  if (!admission.admit) {
    return {
      fits: false,
      by: 'kubelet-admission',
      reason: `kubelet would reject the pod: ${admission.message.trim()}`,
    };
  }
  return { fits: true };
}

/**
 * The extender's `filter` verb as a pure function. `nodes` looks up nodes by name when the
 * scheduler sends only `NodeNames` (a node cache); an unknown name passes.
 */
export function filter(
  args: ExtenderArgs,
  nodes: (name: string) => Node | undefined = () => undefined,
): ExtenderFilterResult {
  const failed: Record<string, string> = {};
  const verdictFor = (name: string, node: Node | undefined) => {
    if (node === undefined) return true;
    const v = nodeVerdict(args.Pod, node);
    if (!v.fits) failed[name] = v.reason;
    return v.fits;
  };
  const result: ExtenderFilterResult = {
    Nodes: null,
    NodeNames: null,
    FailedNodes: {},
    FailedAndUnresolvableNodes: failed,
    Error: '',
  };
  if (args.NodeNames != null) {
    result.NodeNames = args.NodeNames.filter((name) => verdictFor(name, nodes(name)));
  } else {
    const items = args.Nodes?.items ?? [];
    result.Nodes = { items: items.filter((n) => verdictFor(n.metadata?.name ?? '', n)) };
  }
  return result;
}

// What the server accepts: objects where objects belong. Go's decoder matches field names
// case-insensitively, and so does this one (keys are lower-cased first).
const argsSchema = z.object({
  pod: z.looseObject({}),
  nodes: z.looseObject({ items: z.array(z.looseObject({})) }).nullish(),
  nodenames: z.array(z.string()).nullish(),
});

/** Parse a request body into `ExtenderArgs`, or say what is wrong with it. */
export function parseExtenderArgs(body: string): { args: ExtenderArgs } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { error: 'the body is not JSON' };
  }
  const lowered =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]))
      : raw;
  const parsed = argsSchema.safeParse(lowered);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `invalid ExtenderArgs at ${issue?.path.join('.') || '$'}: ${issue?.message}` };
  }
  const { pod, nodes, nodenames } = parsed.data;
  return {
    args: {
      Pod: pod as Pod,
      ...(nodes == null ? {} : { Nodes: nodes as { items: Node[] } }),
      ...(nodenames == null ? {} : { NodeNames: nodenames }),
    },
  };
}

const MAX_BODY_BYTES = 32 * 2 ** 20;

/** A `node:http` server answering `POST /filter`. Listen on it yourself. */
export function createFilterServer(nodes?: (name: string) => Node | undefined): Server {
  return createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/filter') {
      return reply(404, { Error: 'only POST /filter is served' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reply(413, { Error: 'the body is larger than 32 MiB' });
      const parsed = parseExtenderArgs(Buffer.concat(chunks).toString('utf8'));
      // A non-200 answer is an extender failure for the scheduler; so is a non-empty Error.
      if ('error' in parsed) return reply(400, { ...emptyResult(), Error: parsed.error });
      reply(200, filter(parsed.args, nodes));
    });
  });
}

function emptyResult(): ExtenderFilterResult {
  return {
    Nodes: null,
    NodeNames: null,
    FailedNodes: {},
    FailedAndUnresolvableNodes: {},
    Error: '',
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1]);
if (isMain) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' } },
  });
  const server = createFilterServer();
  server.listen(Number(values.port ?? 8888), values.host ?? '127.0.0.1', () => {
    const { address, port } = server.address() as AddressInfo;
    console.log(`scheduler extender filter: POST http://${address}:${port}/filter`);
  });
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => server.close());
}
