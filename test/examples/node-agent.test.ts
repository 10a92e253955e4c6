import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeAgent, parseAgentArgs, startNodeAgent } from '../../examples/node-agent';

// The agent runs for real on this machine: the Linux platform reads this host's cgroupfs and
// /proc, the eviction manager cycles, and the metrics are fetched over loopback HTTP. The pods
// are a fixture (served like the kubelet's /pods, behind a bearer token); their cgroups are not
// on this host, so they have no statistics and rank as the kubelet ranks such pods.

const PODS = fileURLToPath(
  new URL('../fixtures/pods/newrelic-nri-kubernetes-k8s-1.35-pods.json', import.meta.url),
);
const podList = readFileSync(PODS, 'utf8');
const work = mkdtempSync(join(tmpdir(), 'evictkit-agent-'));
const TOKEN = 'test-token';

/** One line of the Prometheus text exposition format (0.0.4). */
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const VALUE = '(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN)';
const LINE = new RegExp(
  [
    `^# HELP ${NAME} .*$`,
    `^# TYPE ${NAME} (?:counter|gauge|histogram|summary|untyped)$`,
    `^${NAME}(?:\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? ${VALUE}(?: -?\\d+)?$`,
    '^$',
  ].join('|'),
);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    expect(line, `not an exposition line: ${JSON.stringify(line)}`).toMatch(LINE);
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)/.exec(line) as RegExpExecArray;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] as string] = l[2] as string;
    }
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return { types, samples };
}

async function until(check: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('examples/node-agent (this host, a dry run)', () => {
  let kubelet: Server;
  let kubeletUrl: string;
  const podRequests: (string | undefined)[] = [];
  const controller = new AbortController();
  let agent: NodeAgent;

  beforeAll(async () => {
    // A loopback "kubelet" serving /pods to a bearer token, as the real one does on :10250.
    kubelet = createServer((req, res) => {
      podRequests.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.statusCode = 401;
        return res.end('Unauthorized');
      }
      res.setHeader('content-type', 'application/json');
      res.end(podList);
    });
    await new Promise<void>((r) => kubelet.listen(0, '127.0.0.1', r));
    kubeletUrl = `http://127.0.0.1:${(kubelet.address() as AddressInfo).port}/pods`;
    writeFileSync(join(work, 'token'), `${TOKEN}\n`);
    // A memory threshold no machine can satisfy: the node is under memory pressure at once, and
    // the dry run names the pod the kubelet would evict. The memcg notifier is on.
    writeFileSync(
      join(work, 'kubelet.yaml'),
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n' +
        'evictionHard: {memory.available: 1Pi, nodefs.available: 10%}\nkernelMemcgNotification: true\n',
    );
    const started = await startNodeAgent({
      port: 0,
      pods: { location: kubeletUrl, tokenFile: join(work, 'token') },
      kubeletConfig: { location: join(work, 'kubelet.yaml') },
      intervalMs: 1000,
      signal: controller.signal,
    });
    agent = started._unsafeUnwrap();
    await until(async () => (await fetch(`${agent.url}/readyz`)).status === 200);
  });

  afterAll(async () => {
    controller.abort();
    await agent?.done;
    await new Promise((r) => kubelet.close(r));
    rmSync(work, { recursive: true, force: true });
  });

  it('binds to loopback and answers health and readiness probes', async () => {
    expect(agent.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${agent.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${agent.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${agent.url}/nope`)).status).toBe(404);
    expect(podRequests.every((a) => a === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('serves a valid Prometheus exposition with every metric family', async () => {
    const res = await fetch(`${agent.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parseExposition(await res.text());
    expect(Object.fromEntries(types)).toMatchObject({
      evictkit_node_condition: 'gauge',
      evictkit_signal_available_bytes: 'gauge',
      evictkit_signal_available_inodes: 'gauge',
      evictkit_signal_available_processes: 'gauge',
      evictkit_threshold_quantity_bytes: 'gauge',
      evictkit_threshold_met: 'gauge',
      evictkit_next_victim_info: 'gauge',
      evictkit_pod_rank: 'gauge',
      evictkit_sync_duration_seconds: 'histogram',
      evictkit_notifier_events_total: 'counter',
    });
    const one = (name: string, labels: Record<string, string> = {}) =>
      samples.find(
        (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
      );

    // This host, read for real.
    const memory = one('evictkit_signal_available_bytes', { signal: 'memory.available' });
    const capacity = one('evictkit_signal_capacity_bytes', { signal: 'memory.available' });
    expect(memory?.value).toBeGreaterThan(0);
    expect(memory?.value).toBeLessThan(capacity?.value ?? 0);
    expect(
      one('evictkit_signal_available_processes', { signal: 'pid.available' })?.value,
    ).toBeGreaterThan(0);

    // 1Pi is met; the 10% disk threshold is resolved against this host's disk.
    expect(one('evictkit_threshold_quantity_bytes', { signal: 'memory.available' })?.value).toBe(
      2 ** 50,
    );
    expect(one('evictkit_threshold_met', { signal: 'memory.available', kind: 'hard' })?.value).toBe(
      1,
    );
    expect(one('evictkit_node_condition', { condition: 'MemoryPressure' })?.value).toBe(1);

    // The dry run's victim: a fixture pod, never a critical (static control-plane) one.
    const victim = samples.filter((s) => s.name === 'evictkit_next_victim_info');
    expect(victim).toHaveLength(1);
    expect(victim[0]?.labels).toMatchObject({ signal: 'memory.available' });
    expect(victim[0]?.labels['pod']).not.toMatch(/kube-apiserver|etcd|kube-scheduler/);
    expect(one('evictkit_would_evict_now')?.value).toBe(1);
    const ranks = samples.filter((s) => s.name === 'evictkit_pod_rank');
    expect(ranks.map((r) => r.value).sort((a, b) => a - b)[0]).toBe(1);
    expect(one('evictkit_pod_rank', { pod: victim[0]?.labels['pod'] as string })?.value).toBe(1);

    expect(one('evictkit_sync_duration_seconds_count')?.value).toBeGreaterThanOrEqual(1);
    expect(one('evictkit_syncs_total', { outcome: 'would-evict' })?.value).toBeGreaterThanOrEqual(
      1,
    );
    // kernelMemcgNotification: the loop tried to register the memory notifiers (no kubepods
    // cgroup on this host, so the allocatable one reports an error instead).
    const events = samples.filter((s) => s.name === 'evictkit_notifier_events_total');
    expect(events.map((e) => e.labels['type'])).toContain('notifier-error');
  });

  it('stops on abort: the loop ends and the server closes', async () => {
    const stop = new AbortController();
    const other = (
      await startNodeAgent({ port: 0, intervalMs: 1000, signal: stop.signal })
    )._unsafeUnwrap();
    await until(async () => (await fetch(`${other.url}/readyz`)).status === 200);
    stop.abort();
    await other.done;
    await expect(fetch(`${other.url}/metrics`)).rejects.toThrow();
  });

  it('reports a port in use as an error value', async () => {
    const port = Number(new URL(agent.url).port);
    const r = await startNodeAgent({ port, signal: new AbortController().signal });
    expect(r._unsafeUnwrapErr()).toMatchObject({ code: 'listen' });
  });

  it('parses its command line', () => {
    const signal = new AbortController().signal;
    const args = parseAgentArgs(
      [
        '--port',
        '0',
        '--proc-root',
        '/host/proc',
        '--cgroup-mount',
        '/host/sys/fs/cgroup',
        '--interval',
        '30s',
      ],
      signal,
    )._unsafeUnwrap();
    expect(args).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      intervalMs: 30_000,
      platform: { procRoot: '/host/proc', cgroupMount: '/host/sys/fs/cgroup' },
    });
    expect(parseAgentArgs(['--interval', '10ms'], signal).isErr()).toBe(true);
    expect(parseAgentArgs(['--bogus'], signal).isErr()).toBe(true);
  });
});

describe('examples/node-agent as a process', () => {
  it('prints its URL, serves metrics, and exits 0 on SIGTERM with nothing left open', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'examples/node-agent.ts', '--port', '0', '--pods', PODS],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until(async () => /http:\/\/\S+\/metrics/.test(out), 15_000);
    const url = /(http:\/\/\S+\/metrics)/.exec(out)?.[1] as string;
    await until(async () => (await fetch(url.replace('/metrics', '/readyz'))).status === 200);
    expect(await (await fetch(url)).text()).toMatch(/^evictkit_pod_rank\{/m);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
