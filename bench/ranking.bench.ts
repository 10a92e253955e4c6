// Eviction ranking of a node's pods: the precomputed-key sort (`rankForSignal`) against the
// straightforward comparator sort (`orderedBy(...)`, usage and requests recomputed on every
// comparison, as upstream does), measured in the same run. 110 pods is the kubelet's default
// maxPods; 1,000 is a large node.
import type { Pod } from '../src/pods/pod';
import { comparatorForSignal, rankForSignal } from '../src/ranking/rank';
import type { PodStats } from '../src/signals/summary';
import type { Signal } from '../src/signals/types';
import { suite } from './harness';

/** A deterministic pseudo-random generator (mulberry32), so every run ranks the same node. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MiB = 2 ** 20;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Pods shaped like real ones: 1–3 containers, some sidecars, volumes, a few priority classes. */
function makeNode(
  count: number,
  seed: number,
): { pods: Pod[]; statsOf: (pod: Pod) => PodStats | undefined } {
  const r = rng(seed);
  const stats = new Map<string, PodStats>();
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    const uid = `uid-${i}`;
    const containers = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, c) => {
      const memory = pick(r, ['', '64Mi', '128Mi', '256Mi', '512Mi', '1Gi']);
      const requests: Record<string, string> = { cpu: pick(r, ['50m', '100m', '250m', '1']) };
      if (memory) requests.memory = memory;
      if (r() < 0.3) requests['ephemeral-storage'] = pick(r, ['100Mi', '1Gi']);
      const limits = r() < 0.4 && memory ? { memory, cpu: requests.cpu! } : {};
      return { name: `c${c}`, image: 'registry.example/app:1.0', resources: { requests, limits } };
    });
    const initContainers =
      r() < 0.25
        ? [
            {
              name: 'proxy',
              restartPolicy: 'Always',
              resources: { requests: { memory: '32Mi', cpu: '10m' } },
            },
          ]
        : [];
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `pod-${i}`,
        namespace: pick(r, ['default', 'kube-system', 'apps']),
        uid,
        annotations: { 'kubernetes.io/config.source': 'api' },
        labels: { app: `app-${i % 17}` },
      },
      spec: {
        containers,
        initContainers,
        priority: pick(r, [0, 0, 0, 1000, 100000, 2000000000]),
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'config', configMap: { name: 'cfg' } },
          { name: 'token', projected: { sources: [] } },
        ],
      },
      status: { phase: 'Running', qosClass: 'Burstable' },
    });
    if (r() < 0.97) {
      const fs = () => ({
        usedBytes: Math.floor(r() * 500 * MiB),
        inodesUsed: Math.floor(r() * 5000),
      });
      stats.set(uid, {
        podRef: { name: `pod-${i}`, namespace: 'default', uid },
        memory: { workingSetBytes: Math.floor(r() * 1200 * MiB) },
        containers: containers.map((c) => ({ name: c.name, rootfs: fs(), logs: fs() })),
        volume: [
          { name: 'data', ...fs() },
          { name: 'config', ...fs() },
        ],
        process_stats: { process_count: 1 + Math.floor(r() * 50) },
      });
    }
  }
  return { pods, statsOf: (pod) => stats.get(pod.metadata?.uid ?? '') };
}

function cases(signal: Signal, count: number) {
  return suite(`ranking ${signal}, ${count} pods`, (bench) => {
    const { pods, statsOf } = makeNode(count, count);
    const naive = comparatorForSignal(signal, statsOf)!;
    bench('comparator sort (orderedBy)', () => naive.sort(pods));
    bench('precomputed-key sort (rankForSignal)', () => rankForSignal(signal, pods, statsOf), {
      baseline: 'comparator sort (orderedBy)',
    });
  });
}

export default [
  cases('memory.available', 110),
  cases('memory.available', 1000),
  cases('nodefs.available', 110),
  cases('nodefs.available', 1000),
];
