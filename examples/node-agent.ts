// A node agent: the kubelet's eviction manager in a dry run on this Linux host, with what it
// predicts served as Prometheus metrics.
//
// Every interval (10 s, the kubelet's) — and at once when a memory threshold notifier fires, if
// the kubelet configuration turns `kernelMemcgNotification` on — the agent reads the node the way
// the kubelet's Summary provider does (cgroupfs, statfs, /proc), runs one eviction-manager cycle
// against the kubelet's thresholds and publishes the signals, the thresholds, the node
// conditions, the pods in eviction order and the pod that would go next. It never evicts
// anything (`dryRun: true`): the kubelet does that.
//
//   npx tsx examples/node-agent.ts [--port 9847] [--host 127.0.0.1] [--pods pods.json]
//       [--kubelet-config kubelet.yaml] [--interval 10s]
//   curl -s localhost:9847/metrics | grep ^evictkit_
//
// Pods come from `--pods`: a PodList file, or a URL such as the kubelet's own
// `https://$NODE_IP:10250/pods` (with `--token-file` and `--kubelet-ca` or
// `--insecure-kubelet-tls`, as examples/daemonset.yaml does); `--kubelet-config` takes a file or
// the kubelet's `/configz` URL the same way. Pods give the ranking its QoS classes, priorities and
// requests; their usage comes from their pod cgroups. A pod whose cgroup is not on this host (a
// fixture file's pods, say) has no statistics: the kubelet ranks such pods *first* for memory and
// disk ("prioritize evicting the pod for which no stats were found"), and so does the agent.
//
// In a container, point it at the host's filesystems: `--cgroup-mount /host/sys/fs/cgroup
// --proc-root /host/proc --nodefs /host/var/lib/kubelet --imagefs /host/var/lib/containerd`.
//
// Imports name the package (`evictkit/...`) as a user's code would: tsx resolves them through
// tsconfig.json's `paths`, vitest through its alias, both to src/.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createEvictionManager,
  type ManagerEvent,
  nodePressure,
  previewRanking,
  type SignalUnit,
  type SyncCycle,
  type SyncResult,
  signalUnit,
} from 'evictkit/manager';
import { createLinuxPlatform, type LinuxPlatformOptions } from 'evictkit/platform/linux';
import { isCriticalPod, type Pod, readPod } from 'evictkit/ranking';
import {
  kubeletDefaults,
  type LoadedKubeletConfig,
  loadKubeletConfig,
  parseGoDuration,
} from 'evictkit/signals';
import { err, ok, type Result } from 'neverthrow';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the agent reads a document (pods, kubelet configuration) from, and how. */
export interface Source {
  /** A file path, or an `http(s)://` URL (the kubelet's `/pods`, `/configz`). */
  location: string;
  /** A bearer token file, re-read for every request (projected tokens rotate). */
  tokenFile?: string;
  /** A CA bundle for an `https` URL (the kubelet's serving certificate). */
  caFile?: string;
  /** Accept any certificate (kubelets often serve a self-signed one, as metrics-server knows). */
  insecureTls?: boolean;
}

export interface NodeAgentOptions {
  /** Port to listen on; `0` picks a free one. Default 9847. */
  port?: number;
  /** Address to bind. Default 127.0.0.1 (a DaemonSet passes 0.0.0.0 for scrapes and probes). */
  host?: string;
  /** The node's pods; without it nothing is ranked. */
  pods?: Source;
  /** The kubelet's configuration; default: the kubelet's defaults. */
  kubeletConfig?: Source;
  /** Between cycles, ms. Default 10 000. */
  intervalMs?: number;
  /** Where to read the host (cgroup mount, procfs, filesystems, node name). */
  platform?: LinuxPlatformOptions;
  /** Stops the agent: the loop ends, the server closes, every descriptor is released. */
  signal: AbortSignal;
}

export interface NodeAgent {
  /** `http://host:port` of the metrics server. */
  url: string;
  registry: Registry;
  /** Resolves once the agent has stopped and closed everything. */
  done: Promise<void>;
}

export interface AgentError {
  code: 'config' | 'platform' | 'listen';
  message: string;
}

const DEFAULT_PORT = 9847;
const MAX_DOCUMENT_BYTES = 64 * 2 ** 20;
const REQUEST_TIMEOUT_MS = 5000;

/** Read a file or GET a URL (bounded in size and time). Rejects with a readable message. */
export async function readSource(source: Source): Promise<string> {
  if (!/^https?:\/\//.test(source.location)) return readFileSync(source.location, 'utf8');
  const url = new URL(source.location);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (source.tokenFile !== undefined) {
    headers['authorization'] = `Bearer ${readFileSync(source.tokenFile, 'utf8').trim()}`;
  }
  const tls =
    url.protocol === 'https:'
      ? {
          rejectUnauthorized: source.insecureTls !== true,
          ...(source.caFile === undefined ? {} : { ca: readFileSync(source.caFile) }),
        }
      : {};
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { headers, timeout: REQUEST_TIMEOUT_MS, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DOCUMENT_BYTES) req.destroy(new Error(`${url} answered more than 64 MiB`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) resolve(body);
        else reject(new Error(`${url}: HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in 5s`)));
    req.on('error', reject);
    req.end();
  });
}

/** A PodList (the kubelet's `/pods`, `kubectl get pods -o json`) or a bare array of pods. */
export function podsFromJson(text: string): Pod[] {
  const doc = JSON.parse(text) as { items?: unknown } | unknown[];
  const items = Array.isArray(doc) ? doc : doc?.items;
  if (!Array.isArray(items)) throw new Error('not a PodList: no items');
  return items.filter((p): p is Pod => typeof p === 'object' && p !== null);
}

// Prometheus wants the unit in a metric's name: one family per unit of the signals' amounts.
type Unit = SignalUnit;
const UNITS: readonly Unit[] = ['bytes', 'inodes', 'processes'];

/** The agent's metric families, registered on their own registry (no process metrics). */
function createMetrics(registry: Registry) {
  const perUnit = <L extends string>(name: (u: Unit) => string, help: string, labels: L[]) =>
    Object.fromEntries(
      UNITS.map((u) => [
        u,
        new Gauge({
          name: name(u),
          help: `${help} (${u})`,
          labelNames: labels,
          registers: [registry],
        }),
      ]),
    ) as Record<Unit, Gauge<L>>;
  return {
    condition: new Gauge({
      name: 'evictkit_node_condition',
      help: 'Node pressure condition as the eviction manager reports it (1 true, 0 false)',
      labelNames: ['condition'],
      registers: [registry],
    }),
    available: perUnit(
      (u) => `evictkit_signal_available_${u}`,
      'Observed amount available for an eviction signal',
      ['signal'],
    ),
    capacity: perUnit(
      (u) => `evictkit_signal_capacity_${u}`,
      'Capacity behind an eviction signal',
      ['signal'],
    ),
    threshold: perUnit(
      (u) => `evictkit_threshold_quantity_${u}`,
      'Eviction threshold resolved against the capacity',
      ['signal', 'kind'],
    ),
    met: new Gauge({
      name: 'evictkit_threshold_met',
      help: 'Eviction threshold met (crossed, or held by minimum reclaim)',
      labelNames: ['signal', 'kind'],
      registers: [registry],
    }),
    graceRemaining: new Gauge({
      name: 'evictkit_threshold_grace_remaining_seconds',
      help: 'Grace period left before a met threshold becomes actionable',
      labelNames: ['signal', 'kind'],
      registers: [registry],
    }),
    nextVictim: new Gauge({
      name: 'evictkit_next_victim_info',
      help: 'The pod the kubelet would evict next for the signal (now, or if its pressure came)',
      labelNames: ['namespace', 'pod', 'uid', 'signal'],
      registers: [registry],
    }),
    evictNow: new Gauge({
      name: 'evictkit_would_evict_now',
      help: 'The kubelet would evict the next victim in this cycle (1) or only under pressure (0)',
      registers: [registry],
    }),
    rank: new Gauge({
      name: 'evictkit_pod_rank',
      help: 'Position in the eviction order (1 goes first); critical pods, never evicted, left out',
      labelNames: ['namespace', 'pod'],
      registers: [registry],
    }),
    syncDuration: new Histogram({
      name: 'evictkit_sync_duration_seconds',
      help: 'One eviction-manager cycle: reading pods and the node, then synchronize',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    syncs: new Counter({
      name: 'evictkit_syncs_total',
      help: 'Eviction-manager cycles by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    notifierEvents: new Counter({
      name: 'evictkit_notifier_events_total',
      help: 'Events of the eviction loop: notifier registrations, crossings, errors, cycle errors',
      labelNames: ['type'],
      registers: [registry],
    }),
    lastSync: new Gauge({
      name: 'evictkit_last_sync_timestamp_seconds',
      help: 'When the last cycle ran (Unix time)',
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof createMetrics>;

/**
 * Publish one cycle, from what `run` hands `onSync`: the result and the cycle's Summary, pods and
 * timing. Every labelled family is reset first, so pods that left disappear.
 */
function publish(
  metrics: Metrics,
  result: SyncResult<Pod>,
  cycle: SyncCycle<Pod>,
  featureGates: Record<string, boolean> | undefined,
) {
  for (const family of [metrics.condition, metrics.met, metrics.graceRemaining, metrics.rank]) {
    family.reset();
  }
  for (const u of UNITS) {
    metrics.available[u].reset();
    metrics.capacity[u].reset();
    metrics.threshold[u].reset();
  }
  metrics.nextVictim.reset();
  metrics.syncDuration.observe(cycle.durationMs / 1000);
  metrics.syncs.inc({ outcome: result.outcome });
  metrics.lastSync.set(result.now / 1000);
  // The conditions and what each signal observed, as the cycle saw them.
  const pressure = nodePressure(result);
  for (const condition of ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const) {
    metrics.condition.set({ condition }, pressure.conditions.includes(condition) ? 1 : 0);
  }
  for (const reading of pressure.signals) {
    const labels = { signal: reading.signal };
    metrics.available[reading.unit].set(labels, Number(reading.available.value()));
    if (reading.capacity !== undefined) {
      metrics.capacity[reading.unit].set(labels, Number(reading.capacity.value()));
    }
  }
  // One series per signal and kind: the first threshold wins. Once the disk layout is known the
  // kubelet adds `containerfs.*` thresholds of its own: copies are kept (they are what the
  // kubelet acts on), never-met placeholders for thresholds that do not exist are left out.
  const seen = new Set<string>();
  for (const t of result.explanation.evaluation?.thresholds ?? []) {
    if (t.origin === 'containerfs-placeholder') continue;
    const labels = { signal: t.signal, kind: t.hard ? 'hard' : 'soft' };
    if (seen.has(`${labels.signal}/${labels.kind}`)) continue;
    seen.add(`${labels.signal}/${labels.kind}`);
    if (t.thresholdQuantity !== undefined) {
      metrics.threshold[signalUnit(t.signal)].set(labels, Number(t.thresholdQuantity.value()));
    }
    metrics.met.set(labels, t.met ? 1 : 0);
    if (t.graceRemainingMs !== undefined)
      metrics.graceRemaining.set(labels, t.graceRemainingMs / 1000);
  }

  // The order: the cycle's own ranking when it had a reclaim target; otherwise the order the
  // kubelet would use if memory ran short (the most common pressure), from the same statistics.
  const ranking =
    result.explanation.ranking ??
    previewRanking({
      signal: 'memory.available',
      summary: cycle.summary,
      pods: cycle.pods,
      ...(featureGates === undefined ? {} : { featureGates }),
    }).unwrapOr(undefined);
  const evictable = (ranking?.candidates ?? []).filter((c) => !isCriticalPod(c.pod));
  evictable.forEach((c, i) => {
    metrics.rank.set({ namespace: c.namespace, pod: c.name }, i + 1);
  });
  const victim = result.eviction?.pod ?? evictable[0]?.pod;
  metrics.evictNow.set(result.eviction === undefined ? 0 : 1);
  if (victim !== undefined && ranking !== undefined) {
    const { namespace, name, uid } = readPod(victim);
    const victimSignal = result.eviction?.signal ?? ranking.signal;
    metrics.nextVictim.set({ namespace, pod: name, uid, signal: victimSignal }, 1);
  }
}

/** Counted manager events; each cycle's `cycle-error` is counted under its error code too. */
function countEvent(metrics: Metrics, event: ManagerEvent) {
  const type = event.type === 'cycle-error' ? `cycle-error:${event.error.code}` : event.type;
  metrics.notifierEvents.inc({ type });
}

/** The kubepods cgroup next to the node's, for the allocatable memory notifier. */
function allocatableCgroup(cgroupRoot: string): string | undefined {
  return ['kubepods.slice', 'kubepods'].map((d) => join(cgroupRoot, d)).find((d) => existsSync(d));
}

async function loadConfig(
  source: Source | undefined,
): Promise<Result<LoadedKubeletConfig, AgentError>> {
  if (source === undefined) return ok(kubeletDefaults()._unsafeUnwrap());
  let text: string;
  try {
    text = await readSource(source);
  } catch (e) {
    return err({ code: 'config', message: `cannot read ${source.location}: ${messageOf(e)}` });
  }
  return loadKubeletConfig(text).mapErr((e) => ({
    code: 'config' as const,
    message: `${source.location}: ${e.message}`,
  }));
}

/**
 * Start the agent: read the kubelet configuration, open the host, listen, and run the eviction
 * manager's loop until `signal` aborts. Never throws; a configuration, host or port problem is
 * an error value (and nothing is left open).
 */
export async function startNodeAgent(
  options: NodeAgentOptions,
): Promise<Result<NodeAgent, AgentError>> {
  const { signal } = options;
  const config = await loadConfig(options.kubeletConfig);
  if (config.isErr()) return err(config.error);
  const { thresholds, settings } = config.value;

  const created = createLinuxPlatform({
    notifierOptions: { logger: () => {} },
    ...options.platform,
  });
  if (created.isErr()) {
    return err({ code: 'platform', message: `cannot read this host: ${created.error.message}` });
  }
  const linux = created.value;
  const registry = new Registry();
  const metrics = createMetrics(registry);
  const intervalMs = options.intervalMs ?? 10_000;
  let firstSyncDone = false;
  let lastSyncAt = Date.now();

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://agent').pathname;
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.setHeader('content-type', registry.contentType);
          res.end(text);
        },
        (e) => {
          res.statusCode = 500;
          res.end(messageOf(e));
        },
      );
      return;
    }
    // Liveness: the loop has cycled recently. Readiness: the first cycle has published metrics.
    const alive = Date.now() - lastSyncAt < Math.max(3 * intervalMs, 60_000);
    const status = path === '/healthz' ? alive : path === '/readyz' ? firstSyncDone : undefined;
    res.statusCode = status === undefined ? 404 : status ? 200 : 503;
    res.end(status === undefined ? 'not found\n' : status ? 'ok\n' : 'not yet\n');
  });
  const listening = await new Promise<Result<AddressInfo, AgentError>>((resolve) => {
    server.once('error', (e) => resolve(err({ code: 'listen', message: messageOf(e) })));
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1', () =>
      resolve(ok(server.address() as AddressInfo)),
    );
  });
  if (listening.isErr()) {
    linux.close();
    return err(listening.error);
  }
  const address = listening.value;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const manager = createEvictionManager<Pod>({
    thresholds,
    pressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
    maxPodGracePeriodSeconds: settings.evictionMaxPodGracePeriodSeconds,
    localStorageCapacityIsolation: settings.localStorageCapacityIsolation,
    featureGates: settings.featureGates,
    dryRun: true,
    killPod: async () => {},
  });

  const podsNow = async (): Promise<Pod[]> =>
    options.pods === undefined ? [] : podsFromJson(await readSource(options.pods));
  const allocatable = allocatableCgroup(linux.info.cgroupRoot);
  // The manager reads the host through `summary()`; `onSync` gets the Summary each cycle used.
  const loop = manager.run({
    platform: linux,
    pods: podsNow,
    signal,
    intervalMs,
    memoryNotifier: settings.kernelMemcgNotification
      ? allocatable === undefined
        ? true
        : { allocatableCgroup: allocatable }
      : false,
    onSync: (result, cycle) => {
      publish(metrics, result, cycle, settings.featureGates);
      lastSyncAt = Date.now();
      firstSyncDone = true;
    },
    onEvent: (event) => countEvent(metrics, event),
  });

  const done = loop.then(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    linux.close();
  });
  return ok({ url: `http://${host}:${address.port}`, registry, done });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Command-line options → agent options; an error line on bad input. */
export function parseAgentArgs(
  argv: readonly string[],
  signal: AbortSignal,
): Result<NodeAgentOptions, string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        pods: { type: 'string' },
        'kubelet-config': { type: 'string' },
        interval: { type: 'string' },
        'token-file': { type: 'string' },
        'kubelet-ca': { type: 'string' },
        'insecure-kubelet-tls': { type: 'boolean' },
        'node-name': { type: 'string' },
        'cgroup-mount': { type: 'string' },
        'proc-root': { type: 'string' },
        nodefs: { type: 'string' },
        imagefs: { type: 'string' },
      },
    }).values;
  } catch (e) {
    return err(messageOf(e));
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const source = (location: string | undefined): Source | undefined =>
    location === undefined
      ? undefined
      : {
          location,
          ...(str('token-file') ? { tokenFile: str('token-file') as string } : {}),
          ...(str('kubelet-ca') ? { caFile: str('kubelet-ca') as string } : {}),
          ...(values['insecure-kubelet-tls'] === true ? { insecureTls: true } : {}),
        };
  const port = Number(str('port') ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return err(`--port: ${str('port')}`);
  let intervalMs: number | undefined;
  if (str('interval') !== undefined) {
    const nanos = parseGoDuration(str('interval') as string);
    if (nanos.isErr() || nanos.value < 1_000_000_000n) return err('--interval: at least 1s');
    intervalMs = Number(nanos.value / 1_000_000n);
  }
  const platform: LinuxPlatformOptions = {};
  if (str('node-name')) platform.nodeName = str('node-name') as string;
  if (str('cgroup-mount')) platform.cgroupMount = str('cgroup-mount') as string;
  if (str('proc-root')) platform.procRoot = str('proc-root') as string;
  if (str('nodefs')) platform.nodefsPath = str('nodefs') as string;
  if (str('imagefs')) platform.imagefsPath = str('imagefs') as string;
  const pods = source(str('pods'));
  const kubeletConfig = source(str('kubelet-config'));
  return ok({
    port,
    host: str('host') ?? '127.0.0.1',
    platform,
    signal,
    ...(pods ? { pods } : {}),
    ...(kubeletConfig ? { kubeletConfig } : {}),
    ...(intervalMs === undefined ? {} : { intervalMs }),
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1]);
if (isMain) {
  const controller = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort());
  const parsed = parseAgentArgs(process.argv.slice(2), controller.signal);
  if (parsed.isErr()) {
    console.error(`error: ${parsed.error}`);
    process.exit(2);
  }
  const started = await startNodeAgent(parsed.value);
  if (started.isErr()) {
    console.error(`error: ${started.error.message}`);
    process.exit(1);
  }
  console.log(`evictkit node agent (dry run): ${started.value.url}/metrics`);
  await started.value.done;
}
