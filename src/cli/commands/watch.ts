import { err, ok, type Result } from 'neverthrow';
import { previewRanking } from '../../manager/ranking-preview';
import type { SyncResult } from '../../manager/types';
import { createNotifier } from '../../platform/notifier/registry';
import type { Notifier } from '../../platform/notifier/types';
import { formatPlatformError, type Platform } from '../../platform/types';
import type { Pod } from '../../pods/pod';
import { readPod } from '../../pods/pod';
import { podRef } from '../../pods/pod-object';
import { nanosToMs, parseGoDuration } from '../../signals/go-duration';
import { kubeletDefaults, type LoadedKubeletConfig } from '../../signals/kubelet-config';
import type { Summary } from '../../signals/summary';
import { createManager, kubeletManagerOptions } from '../../simulation/manager';
import { commonOptionsHelp, type OptionSpecs, type OutputFormat, parseCommandArgs } from '../args';
import { activePodsOn, readPods } from '../explain/inputs';
import { type CliFailure, EXIT, reportFailure } from '../failure';
import { formatBytes } from '../format/numbers';
import { renderTable } from '../format/table';
import { inputName, PODS_LIMIT } from '../input';
import type { CliIo } from '../io';
import { readKubeletConfigFile } from '../kubelet-config-file';
import { type Colors, colorsFor } from '../style';
import { type Command, UsageError } from './command';

export const WATCH_USAGE = `Usage: evictkit watch [options]

Watch this host as the kubelet's eviction manager sees it, in a dry run that never evicts
anything: every interval (and at once when a kernel notification arrives) read the node's
memory, filesystems, PIDs and pod cgroups, evaluate the thresholds, and show the signals
against them, the node conditions and the pod the manager would evict next. Kernel
notifications (the kubelet's memory threshold notifier on cgroup v1, PSI memory pressure on
cgroup v2) are shown as they arrive. The screen is redrawn only when something changed.

Options:
  --cgroup-root <dir>    The memory cgroup directory holding the kubelet's pod cgroups
                         (default: the memory controller's mount point)
  --config <file>        The kubelet's configuration (default: the kubelet's defaults)
  --pods <file>          The node's pods (PodList), for QoS, priority and requests in the
                         ranking; without it pods are known by their cgroups only
  --interval <duration>  How often to refresh (default 10s, the kubelet's; at least 1s)
  --once                 Refresh once, print, and exit
${commonOptionsHelp(25)}

With -o json, one JSON object per line for each refresh that changed something.
Ctrl-C (SIGINT) or SIGTERM stops it at once with exit code 0.
Exit codes: 0 ok (also when stopped), 1 the host cannot be read or bad input, 2 usage error.
`;

const OPTIONS = {
  'cgroup-root': { type: 'string' },
  config: { type: 'string' },
  pods: { type: 'string' },
  interval: { type: 'string' },
  once: { type: 'boolean' },
} as const satisfies OptionSpecs;

interface Frame {
  /** What a person sees; also what is compared to decide whether to redraw. */
  text: string;
  json: Record<string, unknown>;
}

/** `evictkit watch`. */
export const watchCommand: Command = {
  name: 'watch',
  usage: WATCH_USAGE,
  async run(args, io) {
    const { values, output, help } = parseCommandArgs(args, OPTIONS);
    if (help) {
      io.stdout(WATCH_USAGE);
      return EXIT.ok;
    }
    let intervalMs = 10_000;
    if (values.interval !== undefined) {
      const parsed = parseGoDuration(values.interval);
      if (parsed.isErr())
        throw new UsageError(
          `--interval: ${JSON.stringify(values.interval)} is not a duration (such as 5s or 1m)`,
        );
      intervalMs = nanosToMs(parsed.value);
      if (intervalMs < 1000) throw new UsageError('--interval must be at least 1s');
    }
    const kubelet =
      values.config === undefined
        ? ok(kubeletDefaults()._unsafeUnwrap())
        : await readKubeletConfigFile(io, values.config);
    if (kubelet.isErr()) return reportFailure(io, output, kubelet.error);
    let specs: unknown[] | undefined;
    if (values.pods !== undefined) {
      const text = await io.readInput(values.pods, PODS_LIMIT);
      if (text.isErr()) return reportFailure(io, output, text.error);
      const pods = readPods(text.value, inputName(values.pods));
      if (pods.isErr()) return reportFailure(io, output, pods.error);
      specs = pods.value;
    }

    const linux = await import('../../platform/linux/index');
    const created = linux.createLinuxPlatform({
      ...(values['cgroup-root'] ? { cgroupRoot: values['cgroup-root'] } : {}),
      notifier: false,
    });
    if (created.isErr()) {
      return reportFailure(io, output, {
        code: 'platform',
        message: `cannot read this host: ${formatPlatformError(created.error)}`,
      });
    }
    const platform = created.value;
    const session = new WatchSession(io, output, platform, kubelet.value, specs, intervalMs);
    return session.run(values.once === true, linux);
  },
};

type LinuxModule = typeof import('../../platform/linux/index');

/** One running watch: the refresh loop, the kernel notifications and the screen. */
class WatchSession {
  private readonly manager;
  private readonly events: string[] = [];
  private lastText = '';
  private drawnLines = 0;
  private refreshing = false;
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private notifier: Notifier | undefined;
  private readonly closers: (() => void)[] = [];
  private readonly colors: Colors;
  private notifierText = 'none';

  constructor(
    private readonly io: CliIo,
    private readonly output: OutputFormat,
    private readonly platform: Platform & {
      info: { cgroupVersion: string; nodeCgroupVersion: string };
    },
    private readonly kubelet: LoadedKubeletConfig,
    private readonly specs: unknown[] | undefined,
    private readonly intervalMs: number,
  ) {
    this.colors = colorsFor(io);
    this.manager = createManager<Pod>({
      ...kubeletManagerOptions(kubelet),
      // A dry run: the manager decides and explains; killPod is never called.
      dryRun: true,
      killPod: async () => {},
    });
  }

  async run(once: boolean, linux: LinuxModule): Promise<number> {
    // Ctrl-C is honoured from the first moment, even during the first read.
    let interrupted!: () => void;
    const stopped = new Promise<number>((resolve) => {
      interrupted = () => {
        if (this.stopped) return;
        this.close();
        if (this.output === 'text' && this.io.isTTY.stdout) this.io.stdout('\n');
        resolve(EXIT.ok);
      };
    });
    this.closers.push(this.io.onInterrupt(interrupted));
    const first = await this.refresh();
    if (this.stopped) return stopped;
    if (first.isErr()) {
      this.close();
      return reportFailure(this.io, this.output, first.error);
    }
    if (once) {
      this.close();
      return EXIT.ok;
    }
    this.startNotifications(linux, first.value);
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    // Show which notifications are on.
    void this.refresh();
    return stopped;
  }

  /** Kernel notifications: the kubelet's memcg threshold notifier, or PSI on cgroup v2. */
  private startNotifications(linux: LinuxModule, summary: Summary): void {
    const created = createNotifier({ logger: () => {} });
    if (created.isErr()) return;
    const notifier = created.value;
    this.notifier = notifier;
    const memoryThresholds = this.kubelet.thresholds.filter((t) => t.signal === 'memory.available');
    const started: string[] = [];
    for (const threshold of memoryThresholds) {
      const made = linux.createMemoryThresholdNotifier({
        threshold,
        notifier,
        handler: (message) => this.notify(message),
      });
      if (made.isErr() || !made.value.enabled) {
        if (made.isOk()) made.value.close();
        continue;
      }
      const n = made.value;
      n.start();
      n.updateThreshold(summary);
      this.closers.push(() => n.close());
      this.updaters.push((s) => n.updateThreshold(s));
      started.push(n.description());
    }
    if (started.length > 0) {
      this.notifierText = `memory threshold notifier (${notifier.backend}): ${started.join(', ')}`;
      return;
    }
    const psi = linux.createPsiEarlyWarning({
      notifier,
      handler: (w) => this.notify(w.message),
    });
    if (psi.isOk()) {
      const warning = psi.value;
      this.closers.push(() => warning.close());
      this.notifierText = `PSI memory pressure trigger ${warning.trigger} on ${warning.path} (${notifier.backend})`;
      void warning.ready.then((r) => {
        if (r.isErr()) this.notifierText = `none (PSI refused: ${r.error.message})`;
      });
    }
  }

  private readonly updaters: ((summary: Summary) => unknown)[] = [];

  private notify(message: string): void {
    if (this.stopped) return;
    const line = `${clockTime(Date.now())} ${message}`;
    this.events.push(line);
    if (this.events.length > 5) this.events.shift();
    if (this.output === 'text' && !this.io.isTTY.stdout) this.io.stdout(`${line}\n`);
    void this.refresh();
  }

  /** Read the host, run the manager (dry run), redraw if something changed. */
  private async refresh(): Promise<Result<Summary, CliFailure>> {
    if (this.refreshing) {
      this.again = true;
      return err({ code: 'busy', message: 'refresh in progress' });
    }
    this.refreshing = true;
    try {
      const read = await this.platform.summary();
      if (read.isErr())
        return err({ code: 'platform', message: `cannot read this host: ${read.error.message}` });
      if (this.stopped) return ok(read.value);
      const summary = read.value;
      for (const update of this.updaters) update(summary);
      const now = Date.now();
      const pods = this.podsFor(summary);
      const result = await this.manager.synchronize({ now, summary, pods });
      this.draw(this.frame(summary, pods, now, result));
      return ok(summary);
    } finally {
      this.refreshing = false;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.refresh();
      }
    }
  }

  /** The pods: the given specs bound to this node, else placeholders named by their cgroups. */
  private podsFor(summary: Summary): Pod[] {
    if (this.specs !== undefined)
      return activePodsOn(this.specs, summary.node.nodeName).active as Pod[];
    return summary.pods.map(
      (s) =>
        ({
          metadata: { name: s.podRef.name, namespace: s.podRef.namespace, uid: s.podRef.uid },
          spec: { containers: (s.containers ?? []).map((c) => ({ name: c.name })) },
        }) as Pod,
    );
  }

  private frame(summary: Summary, pods: Pod[], now: number, result: SyncResult<Pod>): Frame {
    const c = this.colors;
    const rows: string[][] = [];
    const jsonThresholds: Record<string, unknown>[] = [];
    for (const t of result.explanation.evaluation?.thresholds ?? []) {
      const unit = t.signal.includes('inodes') || t.signal.startsWith('pid') ? 'count' : 'bytes';
      const show = (q: { value(): bigint } | undefined) =>
        q === undefined ? '-' : unit === 'bytes' ? formatBytes(q.value()) : compactCount(q.value());
      const state = !t.observed
        ? c.dim('not observed')
        : !t.met
          ? c.green('ok')
          : t.actionable
            ? c.red('MET, actionable')
            : c.yellow(`MET, grace ${Math.ceil((t.graceRemainingMs ?? 0) / 1000)}s left`);
      rows.push([
        t.signal,
        t.hard ? 'hard' : 'soft',
        show(t.thresholdQuantity),
        show(t.available),
        state,
      ]);
      jsonThresholds.push({
        signal: t.signal,
        kind: t.hard ? 'hard' : 'soft',
        threshold: t.thresholdQuantity?.toString() ?? null,
        observed: t.available?.toString() ?? null,
        met: t.met,
        actionable: t.actionable,
      });
    }
    const conditions = result.nodeConditions;
    const signal = result.explanation.reclaim?.signal ?? 'memory.available';
    // The cycle's own ranking step (disk layout and feature gates included), pressure or not.
    const ranking = previewRanking({
      signal,
      summary,
      pods,
      featureGates: this.kubelet.settings.featureGates,
    });
    const ranked = ranking.isOk()
      ? ranking.value.candidates.filter((e) => !e.critical).slice(0, 5)
      : [];
    const name = (p: unknown) => podRef(readPod(p));
    const victim = result.eviction === undefined ? undefined : name(result.eviction.pod);
    const lines = [
      `${c.bold(`evictkit watch: ${summary.node.nodeName}`)} ${c.dim(`(cgroup ${this.platform.info.nodeCgroupVersion}; dry run, never evicts; Ctrl-C to stop)`)}`,
      c.dim(`notifications: ${this.notifierText}; refresh every ${this.intervalMs / 1000}s`),
      renderTable(
        ['SIGNAL', 'KIND', 'THRESHOLD', 'AVAILABLE', 'STATE'].map((h) => c.dim(h)),
        rows,
        { right: [2, 3] },
      ),
      `conditions: ${conditions.length === 0 ? c.green('none') : c.yellow(conditions.join(', '))}   pods: ${pods.length}`,
      victim === undefined
        ? `would evict now: ${c.green('nobody')}; first under ${signal} pressure: ${ranked[0] ? name(ranked[0].pod) : '-'}`
        : `would evict now: ${c.red(c.bold(victim))} for ${signal} ${c.dim('(dry run: not evicted)')}`,
      ...(this.specs === undefined && pods.length > 0
        ? [
            c.dim(
              'pods are known by their cgroups only (no specs): --pods gives QoS, priority and requests',
            ),
          ]
        : []),
      ...this.events.map((e) => c.cyan(e)),
    ];
    const text = `${lines.join('\n')}\n`;
    const json = {
      time: new Date(now).toISOString(),
      node: summary.node.nodeName,
      thresholds: jsonThresholds,
      nodeConditions: conditions,
      wouldEvict: victim ?? null,
      rankedFor: signal,
      candidates: ranked.map((e) => name(e.pod)),
      events: [...this.events],
    };
    return { text, json };
  }

  private draw(frame: Frame): void {
    // Redraw only when what a person sees changes (amounts are rounded to three digits).
    if (frame.text === this.lastText) return;
    this.lastText = frame.text;
    if (this.output === 'json') {
      this.io.stdout(`${JSON.stringify(frame.json)}\n`);
      return;
    }
    if (this.io.isTTY.stdout) {
      // Redraw in place: up over the previous frame, clear to the end of the screen.
      const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A\x1b[J` : '';
      this.io.stdout(up + frame.text);
      this.drawnLines = frame.text.split('\n').length - 1;
    } else {
      this.io.stdout(`--- ${clockTime(Date.now())}\n${frame.text}`);
    }
  }

  private close(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    for (const close of this.closers.splice(0)) close();
    this.notifier?.close();
    this.platform.close();
  }
}

/** A count to three significant digits: `16.3M`, `839k`, `4096`. */
function compactCount(n: bigint): string {
  const v = Number(n);
  if (Math.abs(v) >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (Math.abs(v) >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(v);
}

function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
