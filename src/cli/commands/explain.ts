import { err, ok, type Result } from 'neverthrow';
import { kubeletDefaults, type LoadedKubeletConfig } from '../../signals/kubelet-config';
import { SYSTEM_CONTAINER_WINDOWS_GLOBAL_COMMIT_MEMORY } from '../../signals/observe';
import type { Summary } from '../../signals/summary';
import { commonOptionsHelp, type OptionSpecs, parseCommandArgs } from '../args';
import { explainDecision } from '../explain/decide';
import {
  activePodsOn,
  type NodeFacts,
  nodeFrom,
  podsFrom,
  readNode,
  readPods,
  readSummary,
  summaryFrom,
} from '../explain/inputs';
import { renderExplainText } from '../explain/render';
import { type CliFailure, EXIT, reportFailure } from '../failure';
import { inputName, NODE_LIMIT, PODS_LIMIT, SUMMARY_LIMIT } from '../input';
import type { CliIo } from '../io';
import { readKubeletConfigFile } from '../kubelet-config-file';
import { startProgress } from '../progress';
import { colorsFor } from '../style';
import { type Command, UsageError } from './command';

export const EXPLAIN_USAGE = `Usage: evictkit explain --summary <file> --pods <file> [options]
       evictkit explain --kubeconfig [file] --node-name <node> [options]

Explain one eviction decision for a real node, by the kubelet's rules (v1.37): each signal
against its thresholds, the node conditions, the pods ranked with the keys the kubelet sorts
on, the pod the kubelet would evict next (now, or once the grace periods have run if the
pressure holds) with the kubelet's message, every container's oom_score_adj, and the order in
which the kernel's OOM killer would pick them.

Inputs (JSON or YAML; "-" reads standard input, for one of them):
  --summary <file>       The kubelet's Summary: kubectl get --raw
                         /api/v1/nodes/<node>/proxy/stats/summary
  --pods <file>          The node's pods: kubectl get pods -A -o json (pods of other nodes and
                         terminated pods are left out), or the kubelet's /pods; an empty list
                         is accepted (nothing is ranked then)
  --node <file>          The Node (kubectl get node <node> -o yaml): its memory capacity and
                         the conditions it reports now (optional)
  --config <file>        The kubelet's configuration (default: the kubelet's defaults)

Live (needs the optional package @kubernetes/client-node):
  --kubeconfig [file]    Fetch the Summary, the pods and the Node through the API server
                         (default kubeconfig: $KUBECONFIG, ~/.kube/config, in-cluster)
  --node-name <node>     The node to explain

Options:
${commonOptionsHelp(25)}

Only regular files are read: up to 64 MiB for a Summary, 256 MiB for a pod list, 16 MiB for
a Node and 4 MiB for a configuration.
Exit codes: 0 ok, 1 unreadable or invalid input (or the cluster could not be reached),
2 usage error.
`;

const OPTIONS = {
  summary: { type: 'string' },
  pods: { type: 'string' },
  node: { type: 'string' },
  config: { type: 'string' },
  kubeconfig: { type: 'string', optionalValue: true },
  'node-name': { type: 'string' },
} as const satisfies OptionSpecs;

interface Gathered {
  summary: Summary;
  pods: unknown[];
  node: NodeFacts | undefined;
}

/** `evictkit explain`. */
export const explainCommand: Command = {
  name: 'explain',
  usage: EXPLAIN_USAGE,
  async run(args, io) {
    const { values, output, help } = parseCommandArgs(args, OPTIONS);
    if (help) {
      io.stdout(EXPLAIN_USAGE);
      return EXIT.ok;
    }
    const live = values.kubeconfig !== undefined;
    const nodeName = values['node-name'];
    if (live) {
      if (nodeName === undefined || nodeName === '')
        throw new UsageError('--kubeconfig needs --node-name <node>');
      for (const option of ['summary', 'pods', 'node'] as const) {
        if (values[option] !== undefined)
          throw new UsageError(`--${option} cannot be used with --kubeconfig`);
      }
    } else {
      if (values.summary === undefined) {
        throw new UsageError(
          '--summary is required (or --kubeconfig and --node-name for a live node)',
        );
      }
      if (values.pods === undefined) {
        throw new UsageError(
          '--pods is required (give an empty list, [], for a Summary without its pods)',
        );
      }
      const stdin = (['summary', 'pods', 'node', 'config'] as const).filter(
        (o) => values[o] === '-',
      );
      if (stdin.length > 1) {
        throw new UsageError(
          `only one input can be read from standard input (${stdin.map((o) => `--${o}`).join(', ')})`,
        );
      }
    }
    const gathered = live
      ? await gatherLive(io, values.kubeconfig ?? '', nodeName as string)
      : await gatherFiles(io, values as { summary: string; pods: string; node?: string }, nodeName);
    if (gathered.isErr()) return reportFailure(io, output, gathered.error);
    const { summary, pods, node } = gathered.value;

    const os = osOf(summary, node);
    let kubelet: LoadedKubeletConfig;
    if (values.config !== undefined) {
      const loaded = await readKubeletConfigFile(io, values.config, { os });
      if (loaded.isErr()) return reportFailure(io, output, loaded.error);
      kubelet = loaded.value;
    } else {
      kubelet = kubeletDefaults({ os })._unsafeUnwrap();
    }

    const report = await explainDecision({
      summary,
      pods: activePodsOn(pods, summary.node.nodeName),
      ...(node ? { node } : {}),
      kubelet,
      os,
      now: Date.now(),
    });
    io.stdout(
      output === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderExplainText(report, colorsFor(io)),
    );
    return EXIT.ok;
  },
};

function osOf(summary: Summary, node: NodeFacts | undefined): 'linux' | 'windows' {
  if (node?.os === 'windows') return 'windows';
  const windowsContainer = summary.node.systemContainers?.some(
    (c) => c.name === SYSTEM_CONTAINER_WINDOWS_GLOBAL_COMMIT_MEMORY,
  );
  return windowsContainer ? 'windows' : 'linux';
}

async function gatherFiles(
  io: CliIo,
  files: { summary: string; pods: string; node?: string },
  nodeName: string | undefined,
): Promise<Result<Gathered, CliFailure>> {
  const summaryText = await io.readInput(files.summary, SUMMARY_LIMIT);
  if (summaryText.isErr()) return err(summaryText.error);
  const summary = readSummary(summaryText.value, inputName(files.summary));
  if (summary.isErr()) return err(summary.error);
  const podsText = await io.readInput(files.pods, PODS_LIMIT);
  if (podsText.isErr()) return err(podsText.error);
  const pods = readPods(podsText.value, inputName(files.pods));
  if (pods.isErr()) return err(pods.error);
  let node: NodeFacts | undefined;
  if (files.node !== undefined) {
    const nodeText = await io.readInput(files.node, NODE_LIMIT);
    if (nodeText.isErr()) return err(nodeText.error);
    const facts = readNode(
      nodeText.value,
      inputName(files.node),
      nodeName ?? summary.value.node.nodeName,
    );
    if (facts.isErr()) return err(facts.error);
    node = facts.value;
  }
  return ok({ summary: summary.value, pods: pods.value, node });
}

async function gatherLive(
  io: CliIo,
  kubeconfig: string,
  nodeName: string,
): Promise<Result<Gathered, CliFailure>> {
  const progress = startProgress(io, 'loading @kubernetes/client-node');
  try {
    const { fetchLive } = await import('../explain/live');
    const fetched = await fetchLive({
      kubeconfig: kubeconfig === '' ? undefined : kubeconfig,
      nodeName,
      step: (text) => progress.update(text),
    });
    if (fetched.isErr()) return err(fetched.error);
    const where = `node ${nodeName}`;
    const summary = summaryFrom(fetched.value.summary, `the Summary of ${where}`);
    if (summary.isErr()) return err(summary.error);
    const pods = podsFrom(fetched.value.pods, `the pods of ${where}`);
    if (pods.isErr()) return err(pods.error);
    const node = nodeFrom(fetched.value.node, where);
    if (node.isErr()) return err(node.error);
    return ok({ summary: summary.value, pods: pods.value, node: node.value });
  } finally {
    progress.done();
  }
}
