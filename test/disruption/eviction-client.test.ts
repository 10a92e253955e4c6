import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiStatus } from '../../src/disruption/api-status';
import { createEvictionClient, type EvictionClient } from '../../src/disruption/eviction-client';
import { evictionDecision } from '../../src/disruption/eviction-decision';
import { pdbStatusToApi } from '../../src/disruption/pdb';
import { newPdb, newPod } from './builders';

// The client over real HTTP: a server on loopback answers POST .../pods/<name>/eviction. By
// default it is a small Eviction subresource: evictionDecision over in-memory pods and PDBs,
// applying what the decision writes. Tests replace the handler to script faults.

interface Seen {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void;

let server: Server;
let port = 0;
let handler: Handler;
let seen: Seen[] = [];
let state: { pods: Map<string, unknown>; pdbs: unknown[] };

const sendStatus = (
  res: ServerResponse,
  status: ApiStatus,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status.code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(status));
};

/** The Eviction subresource, from evictionDecision. */
const apiServer: Handler = (req, res, body) => {
  const name = /\/pods\/([^/]+)\/eviction$/.exec(req.url ?? '')?.[1] ?? '';
  const deleteOptions = (body.deleteOptions ?? {}) as {
    dryRun?: string[];
    gracePeriodSeconds?: number;
  };
  const decision = evictionDecision(state.pods.get(name), state.pdbs, {
    now: Date.now(),
    podName: name,
    evictionName: (body.metadata as { name: string }).name,
    dryRun: (deleteOptions.dryRun ?? []).length > 0,
  });
  if (decision.code === 201 && deleteOptions.dryRun === undefined) {
    state.pods.delete(name);
    const update = decision.pdbUpdate;
    if (update !== undefined) {
      state.pdbs = state.pdbs.map((p) =>
        (p as { metadata: { name: string } }).metadata.name === update.name
          ? { ...(p as object), status: pdbStatusToApi(update.status) }
          : p,
      );
    }
  }
  const retry = decision.retryAfterSeconds;
  sendStatus(res, decision.status, retry !== undefined ? { 'retry-after': String(retry) } : {});
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      seen.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  server.closeAllConnections();
});

function kubeConfig(skipTLSVerify = true): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'loop', server: `http://127.0.0.1:${port}`, skipTLSVerify }],
    users: [{ name: 'me', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'loop', user: 'me' }],
    currentContext: 'ctx',
  });
  return kc;
}

async function client(
  options: Parameters<typeof createEvictionClient>[0] = {},
): Promise<EvictionClient> {
  return (
    await createEvictionClient({ kubeConfig: kubeConfig(), jitter: 0, ...options })
  )._unsafeUnwrap();
}

function reset(pods: ReturnType<typeof newPod>[], pdbs: unknown[] = []) {
  seen = [];
  handler = apiServer;
  state = { pods: new Map(pods.map((p) => [p.metadata.name, p])), pdbs };
}

const web = (name: string) => newPod({ name, namespace: 'default', labels: { app: 'web' } });
const webPdb = (allowed: number) =>
  newPdb({
    name: 'web',
    selector: { matchLabels: { app: 'web' } },
    status: {
      disruptionsAllowed: allowed,
      currentHealthy: 3,
      desiredHealthy: 3 - allowed,
      expectedPods: 3,
    },
  });

describe('createEvictionClient over HTTP', () => {
  it('201: evicted in one attempt; the body is a policy/v1 Eviction', async () => {
    reset([web('a')], [webPdb(1)]);
    const c = await client();
    const r = await c.evict(web('a'), { gracePeriodSeconds: 10 });
    expect(r._unsafeUnwrap()).toMatchObject({
      kind: 'evicted',
      name: 'a',
      namespace: 'default',
      attempts: 1,
    });
    expect(seen).toEqual([
      {
        path: '/api/v1/namespaces/default/pods/a/eviction',
        authorization: 'Bearer secret-token',
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: 'a', namespace: 'default' },
          deleteOptions: { gracePeriodSeconds: 10 },
        },
      },
    ]);
    expect(state.pods.has('a')).toBe(false);
  });

  it('429 with Retry-After, then 201: waits at least Retry-After and names the budget', async () => {
    reset([web('a')], [webPdb(0)]);
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls === 1) {
        sendStatus(
          res,
          {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: "Cannot evict pod as it would violate the pod's disruption budget.",
            reason: 'TooManyRequests',
            details: {
              causes: [
                {
                  reason: 'DisruptionBudget',
                  message: 'The disruption budget web is still being processed by the server.',
                },
              ],
              retryAfterSeconds: 1,
            },
            code: 429,
          },
          { 'retry-after': '1' },
        );
      } else
        sendStatus(res, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          code: 201,
        });
    };
    const c = await client({ initialBackoffMs: 10 });
    const r = (await c.evict({ name: 'a', namespace: 'default' }))._unsafeUnwrap();
    expect(r.attempts).toBe(2);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(r.refusals).toEqual([
      { pdb: 'web', message: "Cannot evict pod as it would violate the pod's disruption budget." },
    ]);
  });

  it('429 until the deadline: pdb-blocked, naming the PDB from the Status causes', async () => {
    reset([web('a')], [webPdb(0)]);
    const c = await client({ initialBackoffMs: 100, deadlineMs: 800 });
    const start = Date.now();
    const e = (await c.evict(web('a')))._unsafeUnwrapErr();
    expect(Date.now() - start).toBeLessThan(3000);
    expect(e).toMatchObject({
      code: 'pdb-blocked',
      pdb: 'web',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web needs 3 healthy pods and has 3 currently',
        },
      ],
    });
    if (e.code !== 'pdb-blocked') throw new Error('unreachable');
    expect(e.attempts).toBeGreaterThanOrEqual(2);
    expect(e.status?.code).toBe(429);
  });

  it('the budget recovers while retrying (a second pod is evicted after the first)', async () => {
    reset([web('a'), web('b')], [webPdb(1)]);
    const c = await client({ initialBackoffMs: 50, deadlineMs: 5000 });
    expect((await c.evict(web('a')))._unsafeUnwrap().attempts).toBe(1);
    setTimeout(() => {
      // The disruption controller resyncs: a replacement is ready elsewhere.
      state.pdbs = [webPdb(1)];
    }, 300);
    const r = (await c.evict(web('b')))._unsafeUnwrap();
    expect(r.attempts).toBeGreaterThan(1);
    expect(r.refusals[0]?.pdb).toBe('web');
  });

  it('500 several PDBs: multiple-pdbs, no retry', async () => {
    reset(
      [web('a')],
      [webPdb(3), { ...webPdb(3), metadata: { name: 'web2', namespace: 'default' } }],
    );
    const e = (await (await client()).evict(web('a')))._unsafeUnwrapErr();
    expect(e).toMatchObject({
      code: 'multiple-pdbs',
      attempts: 1,
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
  });

  it('404: already gone counts as done, as in kubectl', async () => {
    reset([]);
    const r = (
      await (await client()).evict({ name: 'gone', namespace: 'default' })
    )._unsafeUnwrap();
    expect(r).toMatchObject({ kind: 'already-gone', attempts: 1 });
  });

  it('403: forbidden, with the NamespaceTerminating cause recognised', async () => {
    reset([]);
    handler = (_req, res) =>
      sendStatus(res, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'pods "a" is forbidden: unable to create new content in namespace default because it is being terminated',
        reason: 'Forbidden',
        details: {
          name: 'a',
          kind: 'pods',
          causes: [{ reason: 'NamespaceTerminating', field: 'metadata.namespace' }],
        },
        code: 403,
      });
    const e = (await (await client()).evict(web('a')))._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: 'forbidden', namespaceTerminating: true, attempts: 1 });
  });

  it('a dropped connection: a network error (kubectl does not retry it)', async () => {
    reset([web('a')]);
    handler = (req) => req.socket.destroy();
    const e = (await (await client()).evict(web('a')))._unsafeUnwrapErr();
    expect(e.code).toBe('network');
    if (e.code === 'network') expect(e.attempts).toBe(1);
  });

  it('a dropped connection, then 201, with retryNetworkErrors', async () => {
    reset([web('a')]);
    let calls = 0;
    handler = (req, res, body) => {
      calls++;
      if (calls === 1) req.socket.destroy();
      else apiServer(req, res, body);
    };
    const r = await (await client({ retryNetworkErrors: true, initialBackoffMs: 20 })).evict(
      web('a'),
    );
    expect(r._unsafeUnwrap()).toMatchObject({ kind: 'evicted', attempts: 2 });
  });

  it('a server that never answers: deadline-exceeded at the deadline', async () => {
    reset([web('a')]);
    handler = () => {
      // never respond
    };
    const start = Date.now();
    const e = (await (await client({ deadlineMs: 300 })).evict(web('a')))._unsafeUnwrapErr();
    expect(e.code).toBe('deadline-exceeded');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('an AbortSignal ends a wait on Retry-After at once', async () => {
    reset([web('a')], [webPdb(0)]);
    handler = (_req, res) =>
      sendStatus(
        res,
        {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'slow down',
          reason: 'TooManyRequests',
          details: {},
          code: 429,
        },
        { 'retry-after': '30' },
      );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const start = Date.now();
    const e = (
      await (await client()).evict(web('a'), { signal: controller.signal })
    )._unsafeUnwrapErr();
    expect(e.code).toBe('aborted');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('a 429 without a budget cause is too-many-requests', async () => {
    reset([web('a')]);
    handler = (_req, res) =>
      sendStatus(res, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Too many requests, please try again later.',
        reason: 'TooManyRequests',
        details: { retryAfterSeconds: 1 },
        code: 429,
      });
    const e = (await (await client({ deadlineMs: 200 })).evict(web('a')))._unsafeUnwrapErr();
    expect(e).toMatchObject({
      code: 'too-many-requests',
      message: 'Too many requests, please try again later.',
    });
  });

  it('server-side dry run sends deleteOptions.dryRun and leaves the pod', async () => {
    reset([web('a')], [webPdb(1)]);
    const r = (await (await client()).evict(web('a'), { dryRun: true }))._unsafeUnwrap();
    expect(r.dryRun).toBe(true);
    expect(seen[0]?.body.deleteOptions).toEqual({ dryRun: ['All'] });
    expect(state.pods.has('a')).toBe(true);
  });

  it('refuses plain HTTP without skipTLSVerify (client-node 1.4), as a config error', async () => {
    reset([web('a')]);
    const c = (await createEvictionClient({ kubeConfig: kubeConfig(false) }))._unsafeUnwrap();
    const e = (await c.evict(web('a')))._unsafeUnwrapErr();
    expect(e.code).toBe('config');
    expect(e.message).toContain('HTTP protocol is not allowed');
    expect(seen).toEqual([]);
  });

  it('loads a kubeconfig file and a context by name', async () => {
    reset([web('a')]);
    const dir = mkdtempSync(join(tmpdir(), 'evictkit-kubeconfig-'));
    try {
      const path = join(dir, 'config');
      writeFileSync(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          `- name: loop\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
          'users:',
          '- name: me\n  user:\n    token: file-token',
          'contexts:',
          '- name: other\n  context:\n    cluster: loop\n    user: me',
          '- name: chosen\n  context:\n    cluster: loop\n    user: me',
          'current-context: other',
        ].join('\n'),
      );
      const c = (
        await createEvictionClient({ kubeconfigPath: path, context: 'chosen' })
      )._unsafeUnwrap();
      expect((await c.evict(web('a')))._unsafeUnwrap().kind).toBe('evicted');
      expect(seen[0]?.authorization).toBe('Bearer file-token');
      const bad = await createEvictionClient({ kubeconfigPath: join(dir, 'missing') });
      expect(bad._unsafeUnwrapErr().code).toBe('config');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a target without a name is refused before any request', async () => {
    reset([]);
    const e = (await (await client()).evict({ metadata: { namespace: 'x' } }))._unsafeUnwrapErr();
    expect(e.code).toBe('invalid-target');
    expect(seen).toEqual([]);
  });
});
