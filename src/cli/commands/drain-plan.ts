import { parseArgs } from 'node:util';
import type { Result } from 'neverthrow';
import { planDrain } from '../../disruption/drain-plan';
import { parseObjectList } from '../drain-plan/inputs';
import {
  type DrainPlanContext,
  renderDrainPlanJson,
  renderDrainPlanText,
} from '../drain-plan/render';
import type { CliIo } from '../io';
import { UsageError } from './command';

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
  -o, --output <format>  text (default) or json
      --json             Same as -o json
  -h, --help             Show this help

Each PDB's reported status is what the Eviction API checks, so it is used as is. Evictions are
simulated in list order, each against the budgets the previous ones left (kubectl sends them
all at once; which pod of a budget wins is a race).

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
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Exit code when kubectl refuses the node or an eviction is refused now. */
export const EXIT_DRAIN_BLOCKED = 3;

/** A pod list may be a whole cluster's. */
const LIMIT = { bytes: 256 * 1024 * 1024, what: 'an object list' };

const KINDS = {
  pods: ['Pod'],
  pdbs: ['PodDisruptionBudget'],
  workloads: [
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'ReplicationController',
    'Job',
  ],
} as const;

/**
 * The reading part of the CLI's io: a size-limited `readInput` (async), or a plain
 * `readFile`, whichever the running CLI provides.
 */
interface InputIo {
  readInput?: (
    path: string,
    limit: { bytes: number; what: string },
  ) => Promise<Result<string, { message: string }>>;
  readFile?: (path: string) => string | Error;
}

async function readText(io: CliIo, path: string): Promise<{ text: string } | { error: string }> {
  const inputs = io as unknown as InputIo;
  if (inputs.readInput !== undefined) {
    const r = await inputs.readInput(path, LIMIT);
    return r.isOk() ? { text: r.value } : { error: r.error.message };
  }
  const text = inputs.readFile?.(path) ?? new Error('no way to read files');
  return text instanceof Error ? { error: `cannot read ${path}: ${text.message}` } : { text };
}

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    // One line naming the option, whichever CLI runs the command.
    throw new UsageError((cause instanceof Error ? cause.message : String(cause)).split('\n')[0]);
  }
}

function parseNow(text: string | undefined): number {
  if (text === undefined) return Date.now();
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--now: not an RFC 3339 time: ${text}`);
  return ms;
}

function parseSeconds(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^[0-9]+$/.test(text)) {
    throw new UsageError(`--skip-wait-for-delete-timeout: not a number of seconds: ${text}`);
  }
  return Number(text);
}

function outputFormat(json: boolean, output: string | undefined): 'text' | 'json' {
  if (output === undefined) return json ? 'json' : 'text';
  if (output !== 'json' && output !== 'text') {
    throw new UsageError(`unsupported output format '${output}' (use json or text)`);
  }
  if (json && output !== 'json') throw new UsageError(`--json contradicts --output ${output}`);
  return output;
}

/** `evictkit drain-plan`: kubectl drain's plan for a node, and the PDBs that block it now. */
export const drainPlanCommand = {
  name: 'drain-plan',
  summary: 'Show what kubectl drain would do on a node, and which PDBs block it now',
  usage: DRAIN_PLAN_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args);
    if (values.help === true) {
      io.stdout(DRAIN_PLAN_USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const json = outputFormat(values.json === true, values.output) === 'json';
    const node = values.node;
    if (node === undefined || node === '') throw new UsageError('--node is required');
    if (values.pods === undefined) throw new UsageError('--pods is required');
    if (values.pdbs === undefined) throw new UsageError('--pdbs is required');
    const stdin = [values.pods, values.pdbs, values.workloads].filter((f) => f === '-');
    if (stdin.length > 1) throw new UsageError('only one input can be standard input ("-")');
    const now = parseNow(values.now);
    const skipWait = parseSeconds(values['skip-wait-for-delete-timeout']);

    const fail = (error: { code: string; input: string; message: string; path?: string }) => {
      if (json) io.stdout(`${JSON.stringify({ version: 1, error }, null, 2)}\n`);
      else io.stderr(`error: ${error.message}\n`);
      return 1;
    };
    const read = async (input: keyof typeof KINDS, path: string) => {
      const text = await readText(io, path);
      if ('error' in text) return fail({ code: 'unreadable', input, message: text.error });
      const parsed = parseObjectList(text.text, input, KINDS[input]);
      return parsed.isErr() ? fail(parsed.error) : parsed.value;
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
      now: `${new Date(now).toISOString().slice(0, 19)}Z`,
      flags,
      workloads: workloads !== undefined,
      recompute: values.recompute === true,
    };
    io.stdout(json ? renderDrainPlanJson(plan, context) : renderDrainPlanText(plan, context));
    return plan.clear ? 0 : EXIT_DRAIN_BLOCKED;
  },
};
