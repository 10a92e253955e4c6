import { formatDuration, formatExplanation } from '../thresholds/explain';
import type { ManagerThresholdExplanation } from './threshold-origin';
import type { CandidateExplanation, ManagerError, ManagerEviction, SyncResult } from './types';

export interface FormatSyncResultOptions {
  /** Ranked pods listed before "… N more". Default 20. */
  maxCandidates?: number;
}

const iso = (ms: number): string => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
};

const podLabel = (p: { namespace: string; name: string; uid: string }): string =>
  p.namespace === '' ? p.name || p.uid || '(unnamed pod)' : `${p.namespace}/${p.name}`;

function formatCandidate<P>(
  c: CandidateExplanation<P>,
  chosen: CandidateExplanation<P> | undefined,
  whyBefore: (a: P, b: P) => string | undefined,
): string {
  const k = c.keys;
  const parts = [`#${c.rank} ${podLabel(c)}`];
  parts.push(k.hasStats ? `usage ${k.usage.toString()} ${k.unit}` : 'no stats');
  if (k.request !== undefined) parts.push(`request ${k.request.toString()}`);
  if (k.exceedsRequest === true) parts.push('exceeds request');
  parts.push(`priority ${k.priority}`);
  const oom = c.oomScoreAdj;
  if (oom !== undefined && oom.length > 0) {
    parts.push(`oom_score_adj ${oom.map((o) => `${o.container}=${o.value}`).join(',')}`);
  }
  if (c.terminating) parts.push('terminating');
  let verdict: string;
  switch (c.verdict) {
    case 'evicted':
      verdict = 'EVICTED';
      break;
    case 'would-evict':
      verdict = 'WOULD BE EVICTED (dry run)';
      break;
    case 'escalated':
      verdict = 'KILLED AGAIN with the hard override';
      break;
    case 'critical':
      verdict = `skipped: critical (${c.critical === false ? '?' : c.critical})`;
      break;
    case 'over-budget':
      verdict = 'not evicted: eviction budget spent';
      break;
    case 'after-chosen': {
      const why = chosen === undefined ? undefined : whyBefore(chosen.pod, c.pod);
      verdict = why === undefined ? 'not reached' : `not reached: ${why}`;
      break;
    }
  }
  return `${parts.join(', ')} → ${verdict}`;
}

function formatEviction<P>(e: ManagerEviction<P>, dryRun: boolean): string[] {
  const head = `${dryRun ? 'would evict' : 'evicted'} ${podLabel(e)} (${e.kind}, ${e.signal}) with a ${e.gracePeriodOverrideSeconds}s grace period (${e.gracePeriodRule})`;
  const lines = [head, `  message: ${JSON.stringify(e.message)}`];
  const annotations = Object.entries(e.annotations);
  if (annotations.length > 0) {
    lines.push(
      `  annotations: ${annotations.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`,
    );
  }
  if (e.condition !== undefined)
    lines.push(`  condition: ${e.condition.type}=${e.condition.status} (${e.condition.reason})`);
  if (e.killError !== undefined)
    lines.push(`  kill failed (still counts as evicted): ${e.killError}`);
  return lines;
}

const formatError = (e: ManagerError): string => `${e.code}: ${e.message}`;

/** Says when the kubelet added a threshold itself (a containerfs copy or placeholder). */
function originNote(t: Partial<ManagerThresholdExplanation>): string {
  if (t.origin === 'containerfs-copy')
    return ` [not configured: the kubelet's copy of the ${t.derivedFrom} threshold]`;
  if (t.origin === 'containerfs-placeholder')
    return ` [not configured: placeholder for a ${t.derivedFrom} threshold that does not exist; never met]`;
  return '';
}

/**
 * Render a cycle's result as text: the outcome, every step, the threshold table, the ranking
 * with each pod's sort keys and verdict, the eviction and any errors. Formatting happens only
 * here, never during the cycle.
 */
export function formatSyncResult<P>(
  result: SyncResult<P>,
  options: FormatSyncResultOptions = {},
): string {
  const max = options.maxCandidates ?? 20;
  const x = result.explanation;
  const lines: string[] = [
    `eviction cycle at ${iso(result.now)}: ${result.outcome}${result.dryRun ? ' (dry run)' : ''}; node conditions [${result.nodeConditions.join(' ')}]`,
  ];
  for (const s of x.steps) lines.push(`  ${s.step}: ${s.detail}`);

  if (x.evaluation !== undefined && x.evaluation.thresholds.length > 0) {
    lines.push('  thresholds:');
    for (const t of x.evaluation.thresholds)
      lines.push(`    ${formatExplanation(t)}${originNote(t)}`);
  }
  if (x.evaluation !== undefined) {
    for (const c of x.evaluation.conditions) {
      lines.push(
        `  condition ${c.condition}: ${c.reported ? 'reported' : 'not reported'}` +
          (c.observedNow
            ? ' (observed now)'
            : ` (last observed ${iso(c.lastObservedAt)}, ${formatDuration(c.transitionRemainingMs)} of transition period left)`),
      );
    }
  }
  for (const v of x.localStorage?.violations ?? []) {
    lines.push(`  local storage: ${podLabel(v)}: ${v.message.trim()} → ${v.verdict}`);
  }
  const r = x.nodeLevelReclaim;
  if (r !== undefined) {
    lines.push(
      `  node-level reclaim for ${r.signal}: [${r.functions.join(', ')}] ran [${r.called.join(', ')}]; ` +
        (r.relieved
          ? 'relieved'
          : r.refreshed
            ? `still met: ${r.stillMet.join(', ')}`
            : 'not re-checked'),
    );
  }
  if (x.escalation !== undefined) {
    const e = x.escalation;
    lines.push(
      `  escalation: ${podLabel(e)} soft-evicted at ${iso(e.softEvictedAt)} with ${e.previousGracePeriodSeconds}s is still active`,
    );
  }
  const ranking = x.ranking;
  if (ranking !== undefined) {
    lines.push(`  ranking for ${ranking.signal} (${ranking.plan.comparators.join(' → ')}):`);
    const chosen = ranking.candidates.find(
      (c) => c.verdict === 'evicted' || c.verdict === 'would-evict' || c.verdict === 'escalated',
    );
    const shown = ranking.candidates.slice(0, max);
    for (const c of shown) lines.push(`    ${formatCandidate(c, chosen, ranking.whyBefore)}`);
    if (chosen !== undefined && chosen.rank >= max) {
      lines.push(`    ${formatCandidate(chosen, undefined, ranking.whyBefore)}`);
    }
    const more = ranking.candidates.length - shown.length;
    if (more > 0) lines.push(`    … ${more} more`);
  }
  if (x.budget !== undefined) {
    const b = x.budget;
    lines.push(
      `  budget: ${b.maxEvictions} per ${formatDuration(b.windowMs)}, ${b.usedBefore} used before this cycle, ${b.remaining} left${b.blocked ? '; it stopped an eviction' : ''}`,
    );
  }
  for (const e of result.evictions)
    lines.push(...formatEviction(e, !e.killed).map((l) => `  ${l}`));
  for (const e of result.errors) lines.push(`  error ${formatError(e)}`);
  return lines.join('\n');
}
