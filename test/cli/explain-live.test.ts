import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from './support';

// `explain --kubeconfig` against a loopback HTTP server that answers like an API server:
// the Node, its Summary through the node proxy, and the pods bound to it.
const NAME = 'newrelic-nri-kubernetes-k8s-1.35';
const NODE = 'datagen-1-35';
const read = (path: string) =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const summary = read(`summary/${NAME}-summary.json`);
const podList = JSON.parse(read(`pods/${NAME}-pods.json`));
const node = parse(read(`nodes/${NAME}-nodes.yaml`)).items[0];

let server: Server;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'evictkit-live-'));
const requests: string[] = [];

function status(code: number, message: string) {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    requests.push(`${req.method} ${path}${url.search}`);
    res.setHeader('content-type', 'application/json');
    if (path === `/api/v1/nodes/${NODE}`) return res.end(JSON.stringify(node));
    if (path === `/api/v1/nodes/${NODE}/proxy/stats/summary`) return res.end(summary);
    if (
      path === '/api/v1/pods' &&
      url.searchParams.get('fieldSelector') === `spec.nodeName=${NODE}`
    ) {
      return res.end(JSON.stringify(podList));
    }
    res.statusCode = 404;
    const name = path.split('/')[4] ?? '';
    res.end(status(404, `nodes "${name}" not found`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: loopback
  cluster:
    server: http://127.0.0.1:${port}
    insecure-skip-tls-verify: true
users:
- name: tester
  user:
    token: not-a-secret
contexts:
- name: loopback
  context: { cluster: loopback, user: tester }
current-context: loopback
`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('evictkit explain --kubeconfig (a loopback API server)', () => {
  it('fetches the Node, the Summary and the pods, and decides as from files', async () => {
    const live = await cli(['explain', '--kubeconfig', kubeconfig, '--node-name', NODE, '--json']);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(requests).toEqual(
      expect.arrayContaining([
        `GET /api/v1/nodes/${NODE}`,
        `GET /api/v1/nodes/${NODE}/proxy/stats/summary`,
        `GET /api/v1/pods?fieldSelector=spec.nodeName%3D${NODE}`,
      ]),
    );
    const files = await cli([
      'explain',
      '--summary',
      `test/fixtures/summary/${NAME}-summary.json`,
      '--pods',
      `test/fixtures/pods/${NAME}-pods.json`,
      '--node',
      `test/fixtures/nodes/${NAME}-nodes.yaml`,
      '--json',
    ]);
    const a = JSON.parse(live.stdout);
    const b = JSON.parse(files.stdout);
    // client-node hands back model objects (Date timestamps, camelCase): same decision.
    expect(a.node).toEqual(b.node);
    expect(a.candidates).toEqual(b.candidates);
    expect(a.firstIfPressure).toEqual(b.firstIfPressure);
    expect(a.nodeConditions).toEqual(b.nodeConditions);
    expect(a.oom).toEqual(b.oom);
  });

  it('an unknown node: one line with the API server’s answer, exit 1', async () => {
    const r = await cli(['explain', '--kubeconfig', kubeconfig, '--node-name', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot fetch node nope from http:\/\/127\.0\.0\.1:\d+: HTTP 404: nodes "nope" not found\n$/,
    );
  });

  it('a missing kubeconfig: one line, exit 1', async () => {
    const r = await cli(['explain', '--kubeconfig', join(work, 'missing'), '--node-name', NODE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot load the kubeconfig .*missing: /);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));
  it.skipIf(!built)(
    'through bin/evictkit.mjs (client-node loaded from outside the bundle)',
    async () => {
      const bin = fileURLToPath(new URL('../../bin/evictkit.mjs', import.meta.url));
      const child = spawn(
        process.execPath,
        [bin, 'explain', '--kubeconfig', kubeconfig, '--node-name', NODE, '-o', 'json'],
        {
          cwd: fileURLToPath(new URL('../../', import.meta.url)),
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(out).node.name).toBe(NODE);
    },
  );
});
