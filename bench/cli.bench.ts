// The evictkit command as a process (the built CLI, bin/evictkit.mjs over dist/):
// - cli-startup: wall time of `evictkit config --json`, against `node -e 0` in the same run;
// - watch-idle: CPU time and peak RSS of `evictkit watch` idling 30 s on this host, with an idle
//   `node` process measured over the same 30 s for scale.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type BenchContext,
  type Benchmark,
  type BenchRecord,
  exited,
  fail,
  median,
  round3,
  roundDetails,
  skippedRecord,
} from './harness';

const BIN = fileURLToPath(new URL('../bin/evictkit.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const STARTUP_GOAL = 'ratio ≥ 0.33 vs node -e 0';
const IDLE_GOAL = '< 1 % of a core and < 80 MiB peak RSS';

function wallMs(args: readonly string[]): { ms: number; stdout: string; status: number | null } {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    stdout: out.stdout,
    status: out.status,
  };
}

export const cliStartup: Benchmark = {
  name: 'cli-startup',
  kind: 'process',
  summary: 'wall time of `evictkit config --json` vs `node -e 0`',
  async run(context: BenchContext): Promise<BenchRecord> {
    if (!existsSync(DIST)) {
      return skippedRecord(
        'cli-startup',
        'ms',
        STARTUP_GOAL,
        'dist/ is missing: run npm run build',
      );
    }
    const first = wallMs([BIN, 'config', '--json']);
    if (first.status !== 0) fail(`evictkit config --json exited ${first.status}`);
    const parsed = JSON.parse(first.stdout) as { version?: unknown };
    if (parsed.version === undefined) fail('evictkit config --json printed no version');
    const rounds = context.quick ? 1 : 15;
    const cli: number[] = [];
    const node: number[] = [];
    for (let r = 0; r < rounds; r++) {
      node.push(wallMs(['-e', '0']).ms);
      cli.push(wallMs([BIN, 'config', '--json']).ms);
    }
    const value = median(cli);
    const baseline = median(node);
    const ratio = baseline / value;
    return {
      name: 'cli-startup',
      value: round3(value),
      unit: 'ms',
      baseline: 'node -e 0',
      baselineValue: round3(baseline),
      ratio: round3(ratio),
      goal: STARTUP_GOAL,
      ...(context.quick ? {} : { met: ratio >= 0.33 }),
      details: roundDetails({ rounds, overNodeMs: value - baseline }),
    };
  },
};

/** utime + stime in seconds, and VmHWM in MiB, of a running process. */
function usageOf(pid: number): { cpuSeconds: number; hwmMiB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuSeconds: ticks / clockTicks(), hwmMiB: hwm ? Number(hwm[1]) / 1024 : Number.NaN };
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    ticksPerSecond = Number(out.stdout?.trim()) || 100;
  }
  return ticksPerSecond;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const watchIdle: Benchmark = {
  name: 'watch-idle',
  kind: 'process',
  summary: 'CPU and peak RSS of `evictkit watch` idling 30 s vs an idle node process',
  async run(context: BenchContext): Promise<BenchRecord> {
    if (process.platform !== 'linux')
      return skippedRecord('watch-idle', '% of a core', IDLE_GOAL, 'not Linux');
    if (!existsSync(DIST)) {
      return skippedRecord(
        'watch-idle',
        '% of a core',
        IDLE_GOAL,
        'dist/ is missing: run npm run build',
      );
    }
    const help = spawnSync(process.execPath, [BIN, 'watch', '--help'], { encoding: 'utf8' });
    if (help.status !== 0) {
      const why = (help.stderr || help.stdout).trim().split('\n')[0] ?? '';
      return skippedRecord(
        'watch-idle',
        '% of a core',
        IDLE_GOAL,
        `evictkit watch is not available: ${why}`,
      );
    }
    const idleMs = context.quick ? 2_000 : 30_000;
    const settleMs = context.quick ? 1_000 : 3_000;
    const watch = spawn(process.execPath, [BIN, 'watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
      stdio: 'ignore',
    });
    let stderr = '';
    watch.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    let output = 0;
    watch.stdout!.on('data', (d: Buffer) => {
      output += d.length;
    });
    try {
      await sleep(settleMs);
      if (watch.exitCode !== null) {
        // It cannot watch this host (no cgroups it can read, say): nothing to measure here.
        const why = stderr.trim().split('\n')[0] ?? '';
        return skippedRecord(
          'watch-idle',
          '%',
          IDLE_GOAL,
          `evictkit watch exited ${watch.exitCode}: ${why}`,
        );
      }
      const w0 = usageOf(watch.pid!);
      const i0 = usageOf(idle.pid!);
      await sleep(idleMs);
      const w1 = usageOf(watch.pid!);
      const i1 = usageOf(idle.pid!);
      if (!w0 || !w1 || !i0 || !i1 || watch.exitCode !== null) fail('evictkit watch stopped');
      const cpuPercent = ((w1.cpuSeconds - w0.cpuSeconds) / (idleMs / 1000)) * 100;
      const idlePercent = ((i1.cpuSeconds - i0.cpuSeconds) / (idleMs / 1000)) * 100;
      return {
        name: 'watch-idle',
        value: round3(cpuPercent),
        unit: '% of a core',
        baseline: 'an idle node process, same 30 s',
        baselineValue: round3(idlePercent),
        goal: IDLE_GOAL,
        ...(context.quick ? {} : { met: cpuPercent < 1 && w1.hwmMiB < 80 }),
        details: roundDetails({
          peakRssMiB: w1.hwmMiB,
          baselinePeakRssMiB: i1.hwmMiB,
          idleSeconds: idleMs / 1000,
          cpuSeconds: w1.cpuSeconds - w0.cpuSeconds,
          clockTicksPerSecond: clockTicks(),
          outputBytes: output,
        }),
      };
    } finally {
      watch.kill('SIGINT');
      idle.kill('SIGKILL');
      await Promise.all([exited(watch, 5000), exited(idle)]);
    }
  },
};
