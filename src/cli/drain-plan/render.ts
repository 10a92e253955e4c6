import type { DrainPlan, PlannedBudget, PlannedPod } from '../../disruption/drain-plan';
import { indent, renderTable } from '../format/table';
import { type Colors, PLAIN } from '../style';

/** What the plan was computed with, echoed in the output. */
export interface DrainPlanContext {
  readonly now: string;
  readonly flags: {
    readonly force: boolean;
    readonly ignoreDaemonSets: boolean;
    readonly deleteEmptyDirData: boolean;
    readonly skipWaitForDeleteTimeoutSeconds: number;
  };
  readonly workloads: boolean;
  readonly recompute: boolean;
}

/** One line on why the Eviction API answered as it did, for the pod table. */
function why(pod: PlannedPod): string {
  if (pod.action === 'refuse' || pod.action === 'skip') {
    if (pod.drain.message !== undefined) return pod.drain.message;
    const skipped = pod.drain.reasons.find((r) => r.ran && r.status === 'Skip');
    if (skipped?.filter === 'mirrorPod')
      return 'mirror pod (static pod of the kubelet): never evicted';
    if (skipped?.filter === 'skipDeleted')
      return 'terminating for longer than --skip-wait-for-delete-timeout';
    return 'left on the node';
  }
  const e = pod.eviction;
  if (e === undefined) return '';
  const pdb = e.pdb === undefined ? '' : `${e.pdb.namespace}/${e.pdb.name}`;
  if (e.code === 201) return e.message;
  if (e.code === 429) return `429 ${pdb}: ${e.cause ?? e.message}`;
  return `${e.code} ${e.message}`;
}

function budgetName(b: Pick<PlannedBudget, 'namespace' | 'name'>): string {
  return `${b.namespace}/${b.name}`;
}

function blockedExplanation(pod: PlannedPod, budgets: readonly PlannedBudget[]): string[] {
  const e = pod.eviction;
  const budget = budgets.find((b) => b.name === e?.pdb?.name && b.namespace === e?.pdb?.namespace);
  if (e === undefined || budget === undefined) return [];
  const s = budget.status;
  const lines: string[] = [];
  if (e.path === 'budget-stale') {
    lines.push(
      `  ${pod.key}: ${budgetName(budget)} (${budget.spec}) has not been processed since it changed (observedGeneration ${s.observedGeneration} < generation ${budget.generation}); the API server answers 429 with Retry-After ${e.retryAfterSeconds ?? 10}s until the disruption controller syncs it.`,
    );
  } else {
    const used = budget.acceptedPods;
    const allowance =
      s.disruptionsAllowed === 0
        ? 'it allows no disruption now'
        : `its ${s.disruptionsAllowed} allowed disruption${s.disruptionsAllowed === 1 ? '' : 's'} ${used.length === 1 ? 'goes' : 'go'} to ${used.join(', ')}`;
    lines.push(
      `  ${pod.key}: ${budgetName(budget)} (${budget.spec}) needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy}; ${allowance}.`,
    );
  }
  const covers = budget.covers
    .map(
      (c) =>
        `${c.key} (${c.node === '' ? 'unscheduled' : c.node}, ${c.ready ? 'ready' : 'not ready'})`,
    )
    .join(', ');
  lines.push(`    covers: ${covers}`);
  return lines;
}

/** kubectl's own line for an eviction that failed (`evictPods`), to recognise it in a log. */
function kubectlLine(pod: PlannedPod): string {
  const message = pod.eviction?.message ?? '';
  if (pod.action === 'blocked') {
    return `error when evicting pods/"${pod.name}" -n "${pod.namespace}" (will retry after 5s): ${message}`;
  }
  return `error when evicting pods/"${pod.name}" -n "${pod.namespace}": ${message}`;
}

/** An action in the pod table, coloured by how it ends for the drain. */
function actionText(action: PlannedPod['action'], c: Colors): string {
  if (action === 'blocked' || action === 'fail' || action === 'refuse') return c.red(action);
  if (action === 'skip') return c.dim(action);
  return c.green(action);
}

/**
 * The plan as text: kubectl's verdict, the pods, the budgets, and why evictions are blocked.
 * Colours come from `c` (none by default).
 */
export function renderDrainPlanText(
  plan: DrainPlan,
  context: DrainPlanContext,
  c: Colors = PLAIN,
): string {
  const out: string[] = [];
  const evicting = plan.pods.filter((p) => p.drain.delete).length;
  const blocked = plan.pods.filter((p) => p.action === 'blocked').length;
  const failing = plan.pods.filter((p) => p.action === 'fail').length;
  let verdict: string;
  if (plan.refused) {
    verdict = `kubectl drain refuses the node (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'}): nothing is evicted. The evictions below are what the Eviction API would answer once those pods are dealt with.`;
  } else if (plan.clear) {
    verdict = `the drain goes through now: ${evicting} pod${evicting === 1 ? '' : 's'} evicted.`;
  } else {
    verdict = `the drain would hang: ${blocked} eviction${blocked === 1 ? '' : 's'} refused by a PodDisruptionBudget now${failing > 0 ? `, ${failing} failing for good` : ''}.`;
  }
  out.push(
    `${c.bold(`Node ${plan.node}`)}: ${plan.pods.length} pod${plan.pods.length === 1 ? '' : 's'}; ${plan.clear ? c.green(verdict) : c.red(verdict)}`,
  );
  out.push(
    c.dim(
      `(at ${context.now}; ${context.workloads ? 'workloads given' : 'no workloads: every DaemonSet taken to exist'})`,
    ),
  );

  out.push('', c.bold('kubectl drain (v1.37 filters):'));
  if (plan.errors.length === 0 && plan.warnings === '') out.push('  no errors, no warnings');
  for (const e of plan.errors) out.push(`  ${c.red('error:')} ${e}`);
  if (plan.warnings !== '') out.push(`  ${c.yellow('Warning:')} ${plan.warnings}`);

  out.push('', c.bold(`Pods on ${plan.node}:`));
  if (plan.pods.length === 0) out.push('  none');
  else {
    const table = renderTable(
      ['POD', 'CONTROLLER', 'ACTION', 'WHY'].map((h) => c.dim(h)),
      plan.pods.map((p) => [p.key, p.controller ?? '-', actionText(p.action, c), why(p)]),
    );
    out.push(indent(table));
  }

  out.push('', c.bold(`PodDisruptionBudgets covering pods on ${plan.node}:`));
  if (plan.budgets.length === 0) out.push('  none');
  else {
    const table = renderTable(
      [
        'PDB',
        'SPEC',
        'HEALTHY',
        'DESIRED',
        'EXPECTED',
        'ALLOWED',
        'TO EVICT',
        'ACCEPTED',
        'BLOCKED',
        'STATUS',
      ].map((h) => c.dim(h)),
      plan.budgets.map((b) => [
        budgetName(b),
        b.spec,
        String(b.status.currentHealthy),
        String(b.status.desiredHealthy),
        String(b.status.expectedPods),
        `${b.status.disruptionsAllowed} → ${b.allowedAfter}`,
        String(b.onNode),
        String(b.accepted),
        String(b.blocked),
        `${b.statusSource}${b.stale ? ', stale' : ''}${b.syncError !== undefined ? ', sync failed' : ''}`,
      ]),
    );
    out.push(indent(table));
    for (const b of plan.budgets) {
      if (b.syncError !== undefined) out.push(`  ${budgetName(b)}: sync failed: ${b.syncError}`);
    }
  }

  const blockedPods = plan.pods.filter((p) => p.action === 'blocked' || p.action === 'fail');
  if (blockedPods.length > 0) {
    out.push('', c.bold('Evictions refused now, and why:'));
    for (const pod of blockedPods) {
      if (pod.action === 'fail') {
        const pdbs = (pod.eviction?.matchingPdbs ?? []).map((n) => `${pod.namespace}/${n}`);
        const covered = pdbs.length > 1 ? `covered by ${pdbs.join(' and ')}: ` : '';
        out.push(
          `  ${pod.key}: ${covered}${pod.eviction?.code} ${pod.eviction?.message} kubectl fails this pod and the drain does not complete.`,
        );
      } else out.push(...blockedExplanation(pod, plan.budgets));
    }
    out.push('', c.bold('What kubectl prints for them:'));
    for (const pod of blockedPods) out.push(`  ${kubectlLine(pod)}`);
    out.push(
      '  kubectl retries a refused eviction every 5s; it goes through once the budget allows it again (a replacement pod is ready elsewhere and the disruption controller has synced).',
    );
  }
  return `${out.join('\n')}\n`;
}

/** The plan as a JSON document (version 1). */
export function renderDrainPlanJson(plan: DrainPlan, context: DrainPlanContext): string {
  const document = {
    version: 1,
    node: plan.node,
    now: context.now,
    flags: context.flags,
    workloads: context.workloads,
    recompute: context.recompute,
    clear: plan.clear,
    refused: plan.refused,
    errors: plan.errors,
    warnings: plan.warnings,
    pods: plan.pods,
    budgets: plan.budgets,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
