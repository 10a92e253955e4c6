import { signalUnit } from '../../manager/node-pressure';
import { formatGoDuration, msToNanos } from '../../signals/go-duration';
import type {
  SignalSample,
  SimulationEvent,
  SimulationEviction,
  SimulationPod,
  SimulationStep,
  SimulationThreshold,
  SimulationTimeline,
} from '../../simulation/timeline';
import { formatBytes } from '../format/numbers';
import { indent, renderTable } from '../format/table';
import { type Colors, PLAIN } from '../style';

// The simulation as a timeline a person can follow: what is simulated, the node, the kubelet's
// thresholds on this node, the pods with their oom_score_adj, then one block per step (quiet
// stretches folded into one line), and what happened in the end.

/** `m:ss` since the scenario started. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

const duration = (ms: number) => formatGoDuration(msToNanos(ms));

/** An amount in the signal's unit, for people: `3.5 GiB`, `31928`. */
export function amount(value: number, unit: SignalSample['unit']): string {
  return unit === 'bytes' ? formatBytes(BigInt(Math.round(value))) : String(value);
}

const refText = (ref: { namespace: string; name: string }) => `${ref.namespace}/${ref.name}`;

export interface TimelineTextOptions {
  colors?: Colors;
  /** The command line that produced it, for the header (`evictkit demo`). */
  title?: string;
  /** Lines to end with (hints). */
  footer?: readonly string[];
}

/** Render a whole simulation as text. */
export function renderTimelineText(
  timeline: SimulationTimeline,
  options: TimelineTextOptions = {},
): string {
  const c = options.colors ?? PLAIN;
  const out: string[] = [];
  const { scenario } = timeline;
  out.push(c.bold(`${options.title ?? 'evictkit simulate'}: ${scenario.name}`));
  out.push('');
  out.push(
    wrap(
      "A simulated node, run through evictkit's eviction manager with the kubelet v1.37 rules. " +
        "No cluster, no root: the usage below is the scenario's, the decisions are the manager's.",
      96,
    ),
  );
  if (scenario.description) out.push(c.dim(wrap(scenario.description, 96)));
  out.push('');
  out.push(...nodeSection(timeline, c));
  out.push('');
  out.push(...podSection(timeline, c));
  out.push('');
  out.push(c.bold('Timeline'));
  out.push(...stepLines(timeline, c));
  out.push('');
  out.push(...outcomeLines(timeline, c));
  if (options.footer && options.footer.length > 0) {
    out.push('');
    for (const line of options.footer) out.push(c.dim(line));
  }
  return `${out.join('\n')}\n`;
}

function nodeSection(t: SimulationTimeline, c: Colors): string[] {
  const lines: string[] = [];
  const cap = t.capacity;
  lines.push(
    `${c.bold('Node')} ${t.scenario.nodeName}: memory ${formatBytes(BigInt(cap.memory))}, disk ${formatBytes(BigInt(cap.disk))}, ${cap.inodes} inodes, ${cap.pids} PIDs`,
  );
  const source = {
    inline: "the scenario's kubelet configuration",
    given: 'the configuration given with --config',
    defaults: "the kubelet's defaults",
  }[t.scenario.kubeletSource];
  lines.push(`${c.bold('Thresholds')} (${source}):`);
  if (t.thresholds.length === 0) {
    lines.push('  none: the kubelet would never evict for node pressure');
  } else {
    const rows = t.thresholds.map((th) => [
      th.signal,
      th.kind === 'hard' ? c.red('hard') : c.yellow('soft'),
      th.value,
      th.value.endsWith('%') ? `= ${amount(th.quantity, signalUnit(th.signal))}` : '',
      th.kind === 'soft' ? `grace ${duration(th.gracePeriodMs)}` : 'act at once',
      th.minReclaim ? `min reclaim ${th.minReclaim}` : '',
    ]);
    lines.push(indent(renderTable([], rows)));
  }
  const s = t.settings;
  lines.push(
    `  pressure transition period ${duration(s.pressureTransitionPeriodMs)}, max pod grace period ${s.maxPodGracePeriodSeconds}s, memory threshold notifier ${s.kernelMemcgNotification ? 'on' : 'off'}`,
  );
  lines.push(
    `  the manager synchronizes every ${duration(t.scenario.intervalMs)}${s.kernelMemcgNotification ? ', when the notifier fires,' : ''} and 1s after an eviction`,
  );
  return lines;
}

function podSection(t: SimulationTimeline, c: Colors): string[] {
  const rows = t.pods.map((p) => [
    refText(p.ref),
    p.qosClass,
    String(p.priority),
    p.containers.map((x) => String(x.oomScoreAdj)).join(','),
    requestText(p),
    podNotes(p),
  ]);
  return [
    `${c.bold('Pods')} (oom_score_adj per container, as the kubelet writes it):`,
    indent(
      renderTable(
        ['POD', 'QOS', 'PRIORITY', 'OOM_SCORE_ADJ', 'MEMORY REQUEST', 'NOTE'].map((h) => c.dim(h)),
        rows,
        { right: [2, 3] },
      ),
    ),
  ];
}

function requestText(p: SimulationPod): string {
  const request = p.requests['memory'];
  const limit = p.limits['memory'];
  if (request === undefined && limit === undefined) return '-';
  return limit === undefined ? `${request}` : `${request ?? limit} (limit ${limit})`;
}

function podNotes(p: SimulationPod): string {
  const notes: string[] = [];
  if (p.static) notes.push('static: never evicted');
  else if (p.critical) notes.push('critical: never evicted');
  if (p.arrivesAt !== undefined) notes.push(`arrives at ${clock(p.arrivesAt)}`);
  return notes.join(', ');
}

/** Steps with nothing to say and the same state as the one before fold into one line. */
function isQuiet(step: SimulationStep, before: SimulationStep | undefined): boolean {
  if (step.events.length > 0 || step.evictions.length > 0 || before === undefined) return false;
  if (step.thresholds.some((t) => t.met && !t.gracePeriodMet)) return false;
  const shape = (s: SimulationStep) =>
    JSON.stringify([
      s.thresholds.filter((t) => t.met).map((t) => t.key),
      s.conditions.filter((x) => x.reported).map((x) => x.condition),
    ]);
  return shape(step) === shape(before);
}

function stepLines(t: SimulationTimeline, c: Colors): string[] {
  const lines: string[] = [];
  const watched = [...new Set(t.thresholds.map((th) => th.signal))];
  const thresholdsBy = new Map(t.thresholds.map((th) => [th.key, th]));
  let quiet: SimulationStep[] = [];
  const flush = () => {
    if (quiet.length === 0) return;
    const first = quiet[0] as SimulationStep;
    const last = quiet[quiet.length - 1] as SimulationStep;
    const range =
      quiet.length === 1 ? clock(first.time) : `${clock(first.time)}–${clock(last.time)}`;
    const changes = watched
      .map((signal) => {
        const a = first.signals.find((s) => s.signal === signal);
        const b = last.signals.find((s) => s.signal === signal);
        if (!a || !b || a.available === b.available) return undefined;
        return `${signal} ${amount(a.available, a.unit)} → ${amount(b.available, b.unit)}`;
      })
      .filter((x) => x !== undefined);
    const held = last.conditions.filter((x) => x.reported).map((x) => x.condition);
    const state = held.length > 0 ? `${held.join(', ')} held` : 'no pressure';
    lines.push(
      c.dim(
        `  ${range.padEnd(11)} ${quiet.length} step${quiet.length === 1 ? '' : 's'}, ${state}${changes.length > 0 ? `; ${changes.join('; ')}` : ''}`,
      ),
    );
    quiet = [];
  };
  let previous: SimulationStep | undefined;
  for (const step of t.steps) {
    if (isQuiet(step, previous)) {
      quiet.push(step);
      previous = step;
      continue;
    }
    flush();
    lines.push('');
    lines.push(...stepBlock(step, watched, thresholdsBy, t, c));
    previous = step;
  }
  flush();
  return lines;
}

const TRIGGER: Record<SimulationStep['trigger'], string> = {
  interval: 'loop',
  notifier: 'notifier',
  'after-eviction': 'after eviction',
};

function stepBlock(
  step: SimulationStep,
  watched: readonly string[],
  thresholdsBy: ReadonlyMap<string, SimulationThreshold>,
  t: SimulationTimeline,
  c: Colors,
): string[] {
  const lines: string[] = [];
  const reported = step.conditions.filter((x) => x.reported);
  const conditions =
    reported.length === 0
      ? c.green('no pressure')
      : reported
          .map((x) =>
            x.observedNow
              ? c.yellow(x.condition)
              : c.yellow(`${x.condition} (held, ${duration(x.transitionRemainingMs)} left)`),
          )
          .join(', ');
  const trigger =
    step.trigger === 'notifier'
      ? c.cyan(`[${TRIGGER[step.trigger]}]`)
      : c.dim(`[${TRIGGER[step.trigger]}]`);
  lines.push(`${c.bold(clock(step.time).padEnd(6))}${trigger}  ${conditions}`);

  const rows: string[][] = [];
  const calm: string[] = [];
  for (const signal of watched) {
    const sample = step.signals.find((s) => s.signal === signal);
    if (!sample) continue;
    const mine = step.thresholds
      .map((ts) => ({ ts, th: thresholdsBy.get(ts.key) }))
      .filter((x) => x.th?.signal === signal);
    if (!mine.some((x) => x.ts.met)) {
      calm.push(`${signal} ${amount(sample.available, sample.unit)}`);
      continue;
    }
    const states = mine.map(({ ts, th }) => {
      const name = `${th?.kind} ${th?.value}`;
      if (!ts.met) return c.dim(`${name} ok`);
      if (ts.heldByMinReclaim) return c.yellow(`${name} held until min reclaim`);
      if (!ts.gracePeriodMet)
        return c.yellow(`${name} MET, grace ${duration(ts.graceRemainingMs ?? 0)} left`);
      if (ts.selected) return c.red(`${name} MET, acting`);
      return c.red(`${name} MET`);
    });
    rows.push([
      `      ${signal}`,
      amount(sample.available, sample.unit),
      states.join(c.dim(' · ')),
    ]);
  }
  if (rows.length > 0) lines.push(renderTable([], rows, { right: [1] }));
  if (calm.length > 0)
    lines.push(c.dim(`      ${rows.length > 0 ? 'others ' : ''}ok: ${calm.join(', ')}`));
  for (const event of step.events) {
    if (event.kind === 'eviction') continue;
    lines.push(`      ${eventLine(event, step, c)}`);
  }
  for (const e of step.evictions) lines.push(...evictionLines(e, t, c));
  return lines;
}

function eventLine(event: SimulationEvent, step: SimulationStep, c: Colors): string {
  const at =
    event.time !== undefined && event.time !== step.time ? c.dim(`(${clock(event.time)}) `) : '';
  switch (event.kind) {
    case 'note':
      return `${at}${c.magenta(`» ${event.text}`)}`;
    case 'notifier':
      return `${at}${c.cyan(`⚡ ${event.text}`)}`;
    case 'condition-set':
    case 'condition-held':
      return `${at}${c.yellow(`▲ ${event.text}`)}`;
    case 'condition-cleared':
    case 'threshold-cleared':
      return `${at}${c.green(`▼ ${event.text}`)}`;
    case 'rejected':
      return `${at}${c.red(`⊘ ${event.text}`)}`;
    case 'admitted':
      return `${at}${c.green(`✓ ${event.text}`)}`;
    default:
      return `${at}• ${event.text}`;
  }
}

function evictionLines(e: SimulationEviction, t: SimulationTimeline, c: Colors): string[] {
  const pod = t.pods.find((p) => p.ref.uid === e.pod.uid);
  const adj = pod?.containers.map((x) => x.oomScoreAdj).join(',') ?? '?';
  const lines = [
    `      ${c.red(c.bold(`✖ evict ${refText(e.pod)}`))} ${c.dim(`(${pod?.qosClass ?? '?'}, priority ${pod?.priority ?? 0}, oom_score_adj ${adj})`)} for ${e.signal}, grace period override ${e.gracePeriodOverrideSeconds}s`,
  ];
  if (e.kind === 'local-storage') lines[0] += c.dim(' (over its local storage limit)');
  const ranked = e.ranking.slice(0, 4).map((r, i) => {
    const mark = r.critical ? ' [critical, skipped]' : '';
    const over = r.exceedsRequest ? '>' : '≤';
    return `${i + 1}. ${r.pod.name} ${r.usage} ${over} request ${r.request}${mark}`;
  });
  if (ranked.length > 0) {
    lines.push(c.dim(`        ranking: ${ranked.join('  ')}${e.ranking.length > 4 ? '  …' : ''}`));
  }
  lines.push(`        message: ${c.italic(JSON.stringify(e.message))}`);
  return lines;
}

function outcomeLines(t: SimulationTimeline, c: Colors): string[] {
  const evicted = t.pods.filter((p) => p.outcome?.kind === 'evicted');
  const rejected = t.pods.filter((p) => p.outcome?.kind === 'rejected');
  const lines = [c.bold('Outcome')];
  if (evicted.length === 0) lines.push('  no pod was evicted');
  for (const p of evicted) {
    const o = p.outcome as { at: number; signal: string };
    lines.push(`  ${c.red('evicted')}   ${refText(p.ref)} at ${clock(o.at)} (${o.signal})`);
  }
  for (const p of rejected) {
    const o = p.outcome as { at: number; message: string };
    lines.push(`  ${c.red('rejected')}  ${refText(p.ref)} at ${clock(o.at)}: ${o.message.trim()}`);
  }
  const survivors = t.pods.filter((p) => p.outcome === undefined).map((p) => p.ref.name);
  lines.push(`  ${c.green('running')}   ${survivors.join(', ') || 'none'}`);
  return lines;
}

/** Wrap prose at `width` columns. */
export function wrap(text: string, width: number): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}
