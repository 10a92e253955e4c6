import { planDrain } from '../../disruption/drain-plan';
import { formatApiTime, GO_ZERO_TIME } from '../../pods/api-time';
import { parseRfc3339 } from '../../signals/rfc3339';
import { commonOptionsHelp, type OptionSpecs, parseCommandArgs } from '../args';
import { parseObjectList } from '../drain-plan/inputs';
import {
  type DrainPlanContext,
  renderDrainPlanJson,
  renderDrainPlanText,
} from '../drain-plan/render';
import { EXIT, reportFailure } from '../failure';
import { OBJECT_LIST_LIMIT, PODS_LIMIT } from '../input';
import { colorsFor } from '../style';
import { type Command, UsageError } from './command';

export const DRAIN_PLAN_USAGE = `Usage: evictkit drain-plan --node <name> --pods <file> --pdbs <file> [options]

What "kubectl drain <node>" would do, pod by pod, by kubectl's own filters (v1.37), and what
the Eviction API would answer to each eviction right now: which PodDisruptionBudget refuses
which pod, its healthy and desired counts, and the pods it covers. The question to ask when a
drain hangs. Nothing is sent to a cluster.

Inputs (JSON or YAML; "-" reads standard input, for one of them):
  --pods <file>          kubectl get pods -A -o json (all pods: a budget counts pods on
                         every node)
  --pdbs <file>          kubectl get pdb -A -o json
  --workloads <file>     kubectl get deploy,rs,sts,ds,rc -A -o json (optional). Used where a
                         PDB status must be computed (with --recompute, or a PDB without a
                         status) and for kubectl's DaemonSet check (a DaemonSet missing from
                         it is gone). Without it each controller's size is its number of
                         pods, and every DaemonSet is taken to exist.

Options:
  --node <name>          The node to drain (required)
  --force                kubectl drain --force
  --ignore-daemonsets    kubectl drain --ignore-daemonsets
  --delete-emptydir-data kubectl drain --delete-emptydir-data (also --delete-local-data)
  --skip-wait-for-delete-timeout <seconds>
                         kubectl drain --skip-wait-for-delete-timeout
  --recompute            Recompute every PDB status from the pods (the disruption
                         controller's next sync) instead of using the reported status
  --now <time>           Evaluate at this RFC 3339 time instead of the clock
${commonOptionsHelp(25)}

Each PDB's reported status is what the Eviction API checks, so it is used as is. Evictions are
simulated in list order, each against the budgets the previous ones left (kubectl sends them
all at once; which pod of a budget wins is a race).

Only regular files are read, each up to 256 MiB ("-" reads standard input).
Exit codes: 0 the drain goes through now, 1 bad input, 2 usage error, 3 kubectl refuses the
node or an eviction is refused now.
`;

const OPTIONS = {
  node: { type: 'string' },
  pods: { type: 'string' },
  pdbs: { type: 'string' },
  workloads: { type: 'string' },
  force: { type: 'boolean' },
  'ignore-daemonsets': { type: 'boolean' },
  'delete-emptydir-data': { type: 'boolean' },
  'delete-local-data': { type: 'boolean' },
  'skip-wait-for-delete-timeout': { type: 'string' },
  recompute: { type: 'boolean' },
  now: { type: 'string' },
} as const satisfies OptionSpecs;

/** Exit code when kubectl refuses the node or an eviction is refused now. */
export const EXIT_DRAIN_BLOCKED = 3;

/** Each input: the kinds its items may be, and how much of it is read. */
const INPUTS = {
  pods: { kinds: ['Pod'], limit: PODS_LIMIT },
  pdbs: { kinds: ['PodDisruptionBudget'], limit: OBJECT_LIST_LIMIT },
  workloads: {
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job'],
    limit: OBJECT_LIST_LIMIT,
  },
} as const;

function parseNow(text: string | undefined): number {
  if (text === undefined) return Date.now();
  const ms = parseRfc3339(text);
  if (ms === undefined) throw new UsageError(`--now: not an RFC 3339 time: ${text}`);
  return ms;
}

function parseSeconds(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^[0-9]+$/.test(text)) {
    throw new UsageError(`--skip-wait-for-delete-timeout: not a number of seconds: ${text}`);
  }
  return Number(text);
}

/** `evictkit drain-plan`: kubectl drain's plan for a node, and the PDBs that block it now. */
export const drainPlanCommand: Command = {
  name: 'drain-plan',
  usage: DRAIN_PLAN_USAGE,
  async run(args, io) {
    const { values, output, help } = parseCommandArgs(args, OPTIONS);
    if (help) {
      io.stdout(DRAIN_PLAN_USAGE);
      return EXIT.ok;
    }
    const node = values.node;
    if (node === undefined || node === '') throw new UsageError('--node is required');
    if (values.pods === undefined) throw new UsageError('--pods is required');
    if (values.pdbs === undefined) throw new UsageError('--pdbs is required');
    const stdin = [values.pods, values.pdbs, values.workloads].filter((f) => f === '-');
    if (stdin.length > 1) throw new UsageError('only one input can be standard input ("-")');
    const now = parseNow(values.now);
    const skipWait = parseSeconds(values['skip-wait-for-delete-timeout']);

    /** The items of one input, or the exit code of the failure already reported. */
    const read = async (input: keyof typeof INPUTS, path: string): Promise<unknown[] | number> => {
      const { kinds, limit } = INPUTS[input];
      const text = await io.readInput(path, limit);
      if (text.isErr()) return reportFailure(io, output, { ...text.error, input });
      const parsed = parseObjectList(text.value, input, kinds);
      return parsed.isErr() ? reportFailure(io, output, parsed.error) : parsed.value;
    };
    const pods = await read('pods', values.pods);
    if (typeof pods === 'number') return pods;
    const pdbs = await read('pdbs', values.pdbs);
    if (typeof pdbs === 'number') return pdbs;
    const workloads =
      values.workloads === undefined ? undefined : await read('workloads', values.workloads);
    if (typeof workloads === 'number') return workloads;

    const flags = {
      force: values.force === true,
      ignoreDaemonSets: values['ignore-daemonsets'] === true,
      deleteEmptyDirData:
        values['delete-emptydir-data'] === true || values['delete-local-data'] === true,
      skipWaitForDeleteTimeoutSeconds: skipWait,
    };
    const plan = planDrain({
      node,
      pods,
      pdbs,
      ...(workloads !== undefined ? { workloads } : {}),
      recompute: values.recompute === true,
      drain: {
        now,
        force: flags.force,
        ignoreAllDaemonSets: flags.ignoreDaemonSets,
        deleteEmptyDirData: flags.deleteEmptyDirData,
        skipWaitForDeleteTimeoutSeconds: skipWait,
      },
    });
    const context: DrainPlanContext = {
      now: formatApiTime(now) ?? GO_ZERO_TIME,
      flags,
      workloads: workloads !== undefined,
      recompute: values.recompute === true,
    };
    io.stdout(
      output === 'json'
        ? renderDrainPlanJson(plan, context)
        : renderDrainPlanText(plan, context, colorsFor(io)),
    );
    return plan.clear ? EXIT.ok : EXIT_DRAIN_BLOCKED;
  },
};
