import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, whyEvict } from '../../examples/why-evict';

const fixture = (path: string) =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

describe('examples/why-evict', () => {
  const summary = fixture('summary/newrelic-nri-kubernetes-k8s-1.35-summary.json');
  const pods = fixture('pods/newrelic-nri-kubernetes-k8s-1.35-pods.json');

  it('finds memory pressure on the v1.35 capture and names a victim with the kubelet message', () => {
    const lines = whyEvict(summary, pods, EXAMPLE_CONFIG);
    expect(lines[0]).toMatch(
      /node conditions \[MemoryPressure\]; reclaim memory for memory\.available/,
    );
    expect(lines).toContain('eviction order for memory.available:');
    const message = lines.find((l) => l.startsWith("first victim's status message:"));
    expect(message).toContain(
      'The node was low on resource: memory. Threshold quantity: 7Gi, available: 7128688Ki. ',
    );
    // Static control-plane pods are critical: the kubelet never picks them.
    expect(lines.join('\n')).not.toMatch(/kube-apiserver|etcd-datagen/);
  });

  it('reports no pressure under the kubelet defaults', () => {
    const lines = whyEvict(
      summary,
      pods,
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n',
    );
    expect(lines[0]).toMatch(/node conditions \[\]; nothing to reclaim/);
  });

  it('turns bad input into an error line instead of throwing', () => {
    expect(whyEvict('{', pods, EXAMPLE_CONFIG)[0]).toMatch(/not valid JSON/);
    expect(whyEvict(summary, pods, 'evictionHard: {memory.available: "-1"}')[0]).toMatch(
      /bad kubelet config/,
    );
  });
});
