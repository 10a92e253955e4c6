import { readFileSync } from 'node:fs';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { predictOomKillOrder } from '../../src/oom/kernel-badness';
import { oomScoreAdj } from '../../src/oom/score-adj';

// Real pods from a kubelet v1.35 node (newrelic/nri-kubernetes test data; see the fixtures
// README). Node memory capacity 8024304Ki.
const podsUrl = new URL(
  '../fixtures/pods/newrelic-nri-kubernetes-k8s-1.35-pods.json',
  import.meta.url,
);
const pods = (JSON.parse(readFileSync(podsUrl, 'utf8')) as { items: Pod[] }).items;
const CAPACITY = 8024304 * 1024;

const adjOf = (podName: string): number => {
  const pod = pods.find((p) => p.metadata?.name === podName);
  if (!pod?.spec) throw new Error(`fixture pod ${podName} missing`);
  return oomScoreAdj(pod, pod.spec.containers[0]!, CAPACITY);
};

describe('oomScoreAdj on a real v1.35 node', () => {
  it('matches the policy for representative pods', () => {
    expect({
      'metrics-server (Burstable, 200Mi, cluster-critical)': adjOf(
        'metrics-server-9d74bb658-c6nnt',
      ),
      'coredns (Burstable, 70Mi, cluster-critical)': adjOf('coredns-7d764666f9-qdcxt'),
      'statefulset (Burstable, 15Mi)': adjOf('e2e-statefulset-0'),
      'hpa (Burstable, no memory request)': adjOf('e2e-hpa-6cd8d99884-tggnr'),
      'kindnet (Guaranteed)': adjOf('kindnet-zkpn8'),
      'storage-provisioner (BestEffort)': adjOf('storage-provisioner'),
      'etcd (static, node-critical)': adjOf('etcd-datagen-1-35'),
      'kube-proxy (BestEffort but node-critical)': adjOf('kube-proxy-8k9zt'),
      'e2e-deployment (Burstable but node-critical)': adjOf('e2e-deployment-79967c5968-8bnn8'),
    }).toEqual({
      'metrics-server (Burstable, 200Mi, cluster-critical)': 975,
      'coredns (Burstable, 70Mi, cluster-critical)': 992,
      'statefulset (Burstable, 15Mi)': 999,
      'hpa (Burstable, no memory request)': 999,
      'kindnet (Guaranteed)': -997,
      'storage-provisioner (BestEffort)': 1000,
      'etcd (static, node-critical)': -997,
      'kube-proxy (BestEffort but node-critical)': -997,
      'e2e-deployment (Burstable but node-critical)': -997,
    });
  });

  it('agrees with the QoS class the kubelet recorded, for every container', () => {
    for (const pod of pods) {
      const critical = pod.spec?.priorityClassName === 'system-node-critical';
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
        const v = oomScoreAdj(pod, c, CAPACITY);
        const qos = pod.status?.qosClass;
        if (critical || qos === 'Guaranteed') expect(v).toBe(-997);
        else if (qos === 'BestEffort') expect(v).toBe(1000);
        else {
          expect(v).toBeGreaterThanOrEqual(3);
          expect(v).toBeLessThanOrEqual(999);
        }
      }
    }
  });

  it('feeds the kernel model: at equal RSS, BestEffort goes first and node-critical last', () => {
    const running = pods.filter((p) => p.status?.phase === 'Running');
    const candidates = running.map((p) => ({
      id: p.metadata?.name ?? '',
      rssPages: 25_000, // 100 MiB each: isolates the effect of oom_score_adj
      oomScoreAdj: oomScoreAdj(p, p.spec!.containers[0]!, CAPACITY),
    }));
    const r = predictOomKillOrder(candidates, BigInt(CAPACITY / 4096))._unsafeUnwrap();
    const adjs = r.order.map((t) => t.candidate.oomScoreAdj);
    expect(adjs).toEqual([...adjs].sort((a, b) => b - a));
    expect(r.order[0]?.candidate.oomScoreAdj).toBe(1000);
    expect(r.order.at(-1)?.candidate.oomScoreAdj).toBe(-997);
  });
});
