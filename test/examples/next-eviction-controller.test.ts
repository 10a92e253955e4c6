import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKubeletConfig } from 'evictkit/signals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatTable,
  type NextEviction,
  nextEviction,
  nodesFromCluster,
  nodesFromFiles,
  objectsIn,
} from '../../examples/next-eviction-controller';

// Four real captures (Summary, the node's pods, the Node), one kubelet configuration chosen so
// that each node lands in another state: minikube (2.4 GiB free) is below the 2500Mi hard
// memory threshold, datagen-1-29's disk (18% free) below the 20% soft one, the others calm.
const VERSIONS = ['1.16', '1.22', '1.29', '1.35'];
const fixture = (kind: string, v: string, ext: string) =>
  fileURLToPath(
    new URL(`../fixtures/${kind}/newrelic-nri-kubernetes-k8s-${v}-${kind}.${ext}`, import.meta.url),
  );
const files = {
  summaries: VERSIONS.map((v) => fixture('summary', v, 'json')),
  pods: VERSIONS.map((v) => fixture('pods', v, 'json')),
  nodes: VERSIONS.map((v) => fixture('nodes', v, 'yaml')),
};
const CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
evictionHard: {memory.available: 2500Mi, nodefs.available: 10%}
evictionSoft: {nodefs.available: 20%}
evictionSoftGracePeriod: {nodefs.available: 2m}
evictionMaxPodGracePeriod: 30
`;
const kubelet = loadKubeletConfig(CONFIG)._unsafeUnwrap();

describe('examples/next-eviction-controller from files', () => {
  let rows: NextEviction[];
  beforeAll(async () => {
    rows = await Promise.all(nodesFromFiles(files, kubelet).map(nextEviction));
  });

  it('finds each node in the state the kubelet rules predict', () => {
    expect(rows.map((r) => [r.node, r.state, r.conditions])).toEqual([
      ['minikube', 'evict-now', ['MemoryPressure']],
      ['datagen-1-22', 'no-pressure', []],
      ['datagen-1-29', 'after-grace-period', ['DiskPressure']],
      ['datagen-1-35', 'no-pressure', []],
    ]);
    const [minikube, , d29] = rows;
    // A hard threshold: a 1 s grace period override and the kubelet's message.
    expect(minikube).toMatchObject({
      signal: 'memory.available',
      gracePeriodOverrideSeconds: 1,
      message: expect.stringMatching(
        /^The node was low on resource: memory\. Threshold quantity: 2500Mi/,
      ),
    });
    // The soft disk threshold has its whole grace period ahead of it (the Summary's own time
    // is "now"), and the pod is ranked for nodefs.
    expect(d29).toMatchObject({ signal: 'nodefs.available', inMs: 120_000 });
    // The Nodes reported no pressure when they were captured.
    expect(rows.every((r) => r.reportedConditions?.length === 0)).toBe(true);
  });

  it('never names a critical pod, and only pods of the node', () => {
    const all = files.pods.flatMap((f) => objectsIn(readFileSync(f, 'utf8'))) as {
      metadata: { uid: string };
      spec: { nodeName: string };
    }[];
    for (const r of rows) {
      if (!('pod' in r)) continue;
      expect(r.pod.name).not.toMatch(
        /^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler)-/,
      );
      expect(all.find((p) => p.metadata.uid === r.pod.uid)?.spec.nodeName).toBe(r.node);
    }
  });

  it('prints a table and JSON', () => {
    const table = formatTable(rows).split('\n');
    expect(table[0]).toMatch(/^NODE\s+CONDITIONS\s+SIGNAL\s+WHEN\s+NEXT POD$/);
    expect(table[1]).toMatch(
      /^minikube\s+MemoryPressure\s+memory\.available\s+now, grace 1s\s+\S+\/\S+ \(\w+\)$/,
    );
    expect(table[3]).toMatch(/in 120s if the pressure holds/);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('reports a bad Summary as a row, not an exception', async () => {
    const row = await nextEviction({ summary: '{', pods: [] });
    expect(row).toMatchObject({ state: 'error', error: expect.stringMatching(/JSON/) });
  });
});

describe('examples/next-eviction-controller from a cluster (a loopback API server)', () => {
  const nodes = files.nodes.flatMap((f) => objectsIn(readFileSync(f, 'utf8'))) as {
    metadata: { name: string };
  }[];
  const summaries = new Map(
    files.summaries.map((f) => {
      const text = readFileSync(f, 'utf8');
      return [JSON.parse(text).node.nodeName as string, text];
    }),
  );
  const pods = files.pods.flatMap((f) => objectsIn(readFileSync(f, 'utf8'))) as {
    spec: { nodeName: string };
  }[];
  const requests: string[] = [];
  let server: Server;
  const work = mkdtempSync(join(tmpdir(), 'evictkit-controller-'));
  let kubeconfig: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      // client-node encodes the proxied path's slashes (stats%2Fsummary).
      const path = decodeURIComponent(url.pathname);
      requests.push(`${path}${url.search}`);
      res.setHeader('content-type', 'application/json');
      const proxy = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/(.+)$/.exec(path);
      if (url.pathname === '/api/v1/nodes') {
        return res.end(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', items: nodes }));
      }
      if (proxy?.[2] === 'stats/summary' && summaries.has(proxy[1] as string)) {
        return res.end(summaries.get(proxy[1] as string));
      }
      if (proxy?.[2] === 'configz') {
        // The kubelet's effective configuration, as /configz serves it.
        const cfg = loadKubeletConfig(CONFIG)._unsafeUnwrap().settings;
        return res.end(
          JSON.stringify({
            kubeletconfig: {
              evictionHard: cfg.evictionHard,
              evictionSoft: cfg.evictionSoft,
              evictionSoftGracePeriod: cfg.evictionSoftGracePeriod,
              evictionMaxPodGracePeriod: cfg.evictionMaxPodGracePeriodSeconds,
              evictionPressureTransitionPeriod: '5m0s',
              enforceNodeAllocatable: ['pods'],
            },
          }),
        );
      }
      const selector = url.searchParams.get('fieldSelector');
      if (url.pathname === '/api/v1/pods' && selector?.startsWith('spec.nodeName=')) {
        const name = selector.slice('spec.nodeName='.length);
        const items = pods.filter((p) => p.spec.nodeName === name);
        return res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items }));
      }
      res.statusCode = 404;
      res.end(
        JSON.stringify({ kind: 'Status', status: 'Failure', code: 404, message: 'not found' }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    kubeconfig = join(work, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters:
- name: loopback
  cluster: {server: "http://127.0.0.1:${(server.address() as AddressInfo).port}", insecure-skip-tls-verify: true}
users:
- name: tester
  user: {token: not-a-secret}
contexts:
- name: loopback
  context: {cluster: loopback, user: tester}
current-context: loopback
`,
    );
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(work, { recursive: true, force: true });
  });

  it('lists the nodes, fetches each Summary and its pods, and decides as from files', async () => {
    const live = await Promise.all(
      (await nodesFromCluster({ kubeconfig, kubelet })).map(nextEviction),
    );
    const fromFiles = await Promise.all(nodesFromFiles(files, kubelet).map(nextEviction));
    expect(live).toEqual(fromFiles);
    expect(requests).toEqual(
      expect.arrayContaining([
        '/api/v1/nodes',
        '/api/v1/nodes/minikube/proxy/stats/summary',
        '/api/v1/pods?fieldSelector=spec.nodeName%3Dminikube',
      ]),
    );
  });

  it('reads each kubelet’s own configuration through /configz', async () => {
    const live = await Promise.all(
      (await nodesFromCluster({ kubeconfig, configz: true })).map(nextEviction),
    );
    expect(live.map((r) => r.state)).toEqual([
      'evict-now',
      'no-pressure',
      'after-grace-period',
      'no-pressure',
    ]);
    expect(requests).toContain('/api/v1/nodes/datagen-1-29/proxy/configz');
  });
});
