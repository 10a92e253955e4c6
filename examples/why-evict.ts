// Why would the kubelet evict on this node, and whom would it pick?
//
// Replays one synchronize step of the kubelet's eviction manager from a real Summary API
// payload, the node's pod list and a kubelet configuration, with nothing but pure functions.
//
//   npx tsx examples/why-evict.ts [summary.json] [pods.json] [kubelet-config.yaml]
//
// Without arguments it uses a capture from a v1.35 node and a config whose hard memory
// threshold (7Gi) that node is below.

import { readFileSync } from 'node:fs';
import {
  evictionMessage,
  isCriticalPod,
  type Pod,
  qosClass,
  rankForSignal,
} from 'evictkit/ranking';
import { loadKubeletConfig, observe, parseSummary, podStatsLookup } from 'evictkit/signals';
import { evaluate, formatExplanation, initialEvaluationState } from 'evictkit/thresholds';

const EXAMPLE_CONFIG = `
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
evictionHard:
  memory.available: 7Gi
  nodefs.available: 10%
evictionSoft:
  memory.available: 7500Mi
evictionSoftGracePeriod:
  memory.available: 1m30s
`;

/** The lines the example prints; returns an error line instead of throwing on bad input. */
export function whyEvict(summaryJson: string, podsJson: string, configText: string): string[] {
  const config = loadKubeletConfig(configText);
  if (config.isErr()) return [`bad kubelet config: ${config.error.message}`];
  const summary = parseSummary(summaryJson);
  if (summary.isErr()) return [summary.error.message];
  const pods = (JSON.parse(podsJson) as { items: Pod[] }).items;

  const { thresholds, settings } = config.value;
  const observations = observe(summary.value);
  const now = summary.value.node.memory?.time ?? 0;
  const step = evaluate(initialEvaluationState(), {
    thresholds,
    observations,
    now,
    pressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
  });

  const lines = formatExplanation(step.explanation).split('\n');
  const reclaim = step.reclaim;
  if (reclaim === undefined) return lines;

  // The kubelet ranks the pods that are still active, then refuses to evict critical ones.
  const statsOf = podStatsLookup(summary.value);
  const terminated = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  const running = pods.filter((p) => !terminated(p) && !isCriticalPod(p));
  const ranked = rankForSignal(reclaim.signal, running, statsOf);
  lines.push('', `eviction order for ${reclaim.signal}:`);
  for (const [i, pod] of ranked.slice(0, 5).entries()) {
    const usage = statsOf(pod)?.memory?.workingSetBytes ?? 0;
    lines.push(
      `  ${i + 1}. ${pod.metadata?.namespace}/${pod.metadata?.name} (${qosClass(pod)}, priority ${pod.spec?.priority ?? 0}, working set ${(usage / 2 ** 20).toFixed(1)} MiB)`,
    );
  }
  const victim = ranked[0];
  if (victim !== undefined) {
    const message = evictionMessage(reclaim.resource, victim, statsOf, thresholds, observations);
    lines.push('', `first victim's status message: ${message.message}`);
  }
  return lines;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1]);
if (isMain) {
  const fixtures = new URL('../test/fixtures/', import.meta.url);
  const [summaryPath, podsPath, configPath] = process.argv.slice(2);
  const read = (p: string | undefined, fallback: string) =>
    readFileSync(p ?? new URL(fallback, fixtures), 'utf8');
  const lines = whyEvict(
    read(summaryPath, 'summary/newrelic-nri-kubernetes-k8s-1.35-summary.json'),
    read(podsPath, 'pods/newrelic-nri-kubernetes-k8s-1.35-pods.json'),
    configPath === undefined ? EXAMPLE_CONFIG : readFileSync(configPath, 'utf8'),
  );
  console.log(lines.join('\n'));
}

export { EXAMPLE_CONFIG };
