import { podRef } from '../../pods/pod-object';
import { formatGoDuration, msToNanos } from '../../signals/go-duration';
import { parseQuantity } from '../../signals/quantity';
import { formatBytes } from '../format/numbers';
import { indent, renderTable } from '../format/table';
import { type Colors, PLAIN } from '../style';
import type { ExplainReport } from './decide';

const duration = (ms: number) => formatGoDuration(msToNanos(ms));

/** A quantity text (`5368709120`, `100Mi`) for people, when it is bytes: `5 GiB`. */
function bytesText(quantity: string | null, signal: string): string {
  if (quantity === null) return '-';
  if (signal.includes('inodes') || signal.startsWith('pid')) return quantity;
  const parsed = parseQuantity(quantity);
  return parsed.isOk() ? formatBytes(parsed.value.value()) : quantity;
}

/** The report for people. */
export function renderExplainText(report: ExplainReport, c: Colors = PLAIN): string {
  const out: string[] = [];
  const n = report.node;
  out.push(
    `${c.bold(`Node ${n.name}`)} (${n.os}), Summary of ${n.observedAt}; ${report.pods.active} active pod${report.pods.active === 1 ? '' : 's'}` +
      (report.pods.terminated + report.pods.otherNodes > 0
        ? c.dim(
            ` (left out: ${report.pods.terminated} terminated, ${report.pods.otherNodes} on other nodes)`,
          )
        : ''),
  );
  out.push('');

  out.push(c.bold('Signals against thresholds'));
  if (report.thresholds.length === 0) {
    out.push('  no thresholds: the kubelet never evicts for node pressure');
  } else {
    const rows = report.thresholds.map((t) => [
      t.signal,
      t.kind === 'hard' ? c.red('hard') : c.yellow('soft'),
      t.value,
      bytesText(t.threshold, t.signal),
      t.observed === null ? c.dim('not reported') : bytesText(t.observed, t.signal),
      t.observed === null
        ? c.dim('skipped')
        : !t.met
          ? c.green('ok')
          : t.actionable
            ? c.red('MET, actionable')
            : c.yellow(`MET, grace ${duration(t.graceRemainingMs ?? t.gracePeriodMs)} left`),
    ]);
    out.push(
      indent(
        renderTable(
          ['SIGNAL', 'KIND', 'THRESHOLD', '= ON NODE', 'AVAILABLE', 'STATE'].map((h) => c.dim(h)),
          rows,
          { right: [3, 4] },
        ),
      ),
    );
  }
  out.push('');

  const conditions = report.nodeConditions
    .map((x) => {
      const own = x.status === 'True' ? c.yellow(`${x.type}`) : c.dim(`${x.type}=False`);
      const node = x.reportedByNode === null ? '' : c.dim(` (node says ${x.reportedByNode})`);
      return own + node;
    })
    .join(', ');
  out.push(`${c.bold('Node conditions')} from this Summary: ${conditions}`);
  out.push('');

  out.push(c.bold('Next eviction'));
  const v = report.victim;
  if (v !== null) {
    const when = v.actionableNow
      ? c.red('now, in this cycle')
      : c.yellow(
          `not yet: in ${duration(v.afterMs)}, once the grace period has run, if the pressure holds`,
        );
    out.push(`  ${c.bold(podRef(v.pod))} for ${v.signal}: ${when}`);
    out.push(`  grace period override ${v.gracePeriodOverrideSeconds}s`);
    out.push(`  message: ${c.italic(JSON.stringify(v.message))}`);
  } else if (report.thresholds.some((t) => t.met)) {
    out.push(
      '  none: thresholds are met but no pod can be evicted (no active pod, or only critical and static pods)',
    );
  } else if (report.firstIfPressure !== null) {
    out.push(
      `  none: no threshold is met. If ${report.rankedFor} crossed a threshold, the kubelet would evict ${c.bold(podRef(report.firstIfPressure))} first.`,
    );
  } else {
    out.push('  none: no threshold is met, and no pod could be evicted');
  }
  out.push('');

  out.push(
    c.bold(`Ranking for ${report.rankedFor}`) +
      c.dim(
        report.rankingReason === 'pressure'
          ? ' (the eviction order)'
          : ' (the eviction order if it came under pressure)',
      ),
  );
  if (report.candidates.length === 0) {
    out.push('  no pods to rank');
  } else {
    const rows = report.candidates.map((p) => [
      String(p.rank),
      podRef(p.pod),
      p.qosClass,
      String(p.priority),
      p.hasStats
        ? p.unit === 'bytes'
          ? bytesText(p.usage, 'memory')
          : p.usage
        : c.dim('no stats'),
      p.request === null ? '-' : p.unit === 'bytes' ? bytesText(p.request, 'memory') : p.request,
      p.exceedsRequest === null ? '' : p.exceedsRequest ? c.yellow('yes') : 'no',
      p.oomScoreAdj.map((a) => (a.value === null ? '?' : String(a.value))).join(','),
      p.static
        ? c.dim('static, never evicted')
        : p.critical
          ? c.dim('critical, never evicted')
          : '',
    ]);
    out.push(
      indent(
        renderTable(
          ['#', 'POD', 'QOS', 'PRIORITY', 'USAGE', 'REQUEST', '>REQUEST', 'OOM_SCORE_ADJ', ''].map(
            (h) => c.dim(h),
          ),
          rows,
          { right: [0, 3, 4, 5, 7] },
        ),
      ),
    );
  }

  if (report.oom !== null && report.oom.order.length > 0) {
    out.push('');
    out.push(
      c.bold("The kernel's OOM kill order") +
        c.dim(' (if memory ran out before the kubelet acted; one process per container, its RSS)'),
    );
    const rows = report.oom.order
      .slice(0, 10)
      .map((t) => [
        String(t.rank),
        `${podRef(t.pod)}/${t.container}`,
        String(t.oomScoreAdj),
        formatBytes(BigInt(t.rssBytes)),
        t.points,
      ]);
    out.push(
      indent(
        renderTable(
          ['#', 'CONTAINER', 'OOM_SCORE_ADJ', 'RSS', 'POINTS'].map((h) => c.dim(h)),
          rows,
          { right: [0, 2, 3, 4] },
        ),
      ),
    );
    if (report.oom.order.length > 10) out.push(c.dim(`  … ${report.oom.order.length - 10} more`));
  }
  if (report.notes.length > 0) {
    out.push('');
    for (const note of report.notes) out.push(c.dim(`note: ${note}`));
  }
  return `${out.join('\n')}\n`;
}
