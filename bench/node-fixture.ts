// A node of any size for the Summary and manager benchmarks: the pods of rank.bench.ts and a
// kubelet Summary for them, built from a real capture (test/fixtures/summary, Kubernetes 1.35)
// by repeating its pod entries under the generated pods' names and uids.
import { readFileSync } from 'node:fs';
import type { Pod } from '../src/pods/pod';
import { rng } from './harness';
import { makePods } from './rank.bench';

const FIXTURE = new URL(
  '../test/fixtures/summary/newrelic-nri-kubernetes-k8s-1.35-summary.json',
  import.meta.url,
);

interface RawSummary {
  node: Record<string, unknown>;
  pods: Array<Record<string, unknown> & { memory?: Record<string, unknown> }>;
}

export interface BenchNode {
  readonly pods: Pod[];
  /** The Summary as the kubelet serves it (JSON text). */
  readonly summaryJson: string;
}

/**
 * Local-storage limits as a LimitRange and a few charts set them: every container that requests
 * ephemeral-storage is limited to 4Gi, a third of the pods cap their emptyDir at 1Gi, and one
 * in 33 at 1Ki (usage cannot be ruled out cheaply against that: the manager runs the full
 * checks on those pods every cycle). No pod exceeds a limit (the Summary's largest usage is
 * 12.7 MiB, and it has no volume named `data`), so memory pressure decides each cycle.
 */
function addLocalStorageLimits(pods: Pod[]): void {
  pods.forEach((pod, i) => {
    const spec = pod.spec!;
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
      const resources = c.resources!;
      if (resources.requests?.['ephemeral-storage'] !== undefined) {
        resources.limits = { ...resources.limits, 'ephemeral-storage': '4Gi' };
      }
    }
    const sizeLimit = i % 33 === 0 ? '1Ki' : i % 3 === 0 ? '1Gi' : undefined;
    if (sizeLimit === undefined) return;
    for (const volume of spec.volumes ?? []) {
      if (volume.emptyDir) volume.emptyDir = { ...volume.emptyDir, sizeLimit };
    }
  });
}

/** `count` pods and their Summary; every pod has stats (a live node reports all of them). */
export function makeNode(count: number, seed: number): BenchNode {
  const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as RawSummary;
  const { pods } = makePods(count, seed);
  addLocalStorageLimits(pods);
  const random = rng(seed + 1);
  const entries = pods.map((pod, i) => {
    const template = structuredClone(raw.pods[i % raw.pods.length]!);
    template.podRef = {
      name: pod.metadata!.name,
      namespace: pod.metadata!.namespace,
      uid: pod.metadata!.uid,
    };
    const workingSet = Math.floor(random() * 1536 * 2 ** 20);
    template.memory = {
      ...(template.memory ?? {}),
      workingSetBytes: workingSet,
      usageBytes: workingSet,
    };
    return template;
  });
  return { pods, summaryJson: JSON.stringify({ node: raw.node, pods: entries }) };
}
