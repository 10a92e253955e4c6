// linux-summary-110, linux-summary-1000: `summary()` of createLinuxPlatform over a real cgroup v1
// memory tree with that many pod cgroups (systemd layout, two container scopes each), made for
// the run inside this process's own memory cgroup and removed after. Baseline, same run: a
// minimal C reader (bench/c/read-files.c) that opens, reads and closes the same files — the
// ones summary() keeps open, listed from /proc/self/fd — stats the same directories (pod and
// QoS directories, whose link counts summary() checks) and statfs's the same filesystems, every
// time. summary() lists a QoS directory only when its link count changed, so neither side
// lists directories in a steady state. With the native addon loaded, summary() reads its files
// in one batched call (details.batchedReads); without it, file by file through fs.
import { spawnSync } from 'node:child_process';
import { fstatSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinuxPlatform } from '../src/platform/linux/platform';
import { batchedReadsAvailable } from '../src/platform/linux/read-batch';
import { buildC, scratchDir } from './c-tools';
import { buildPodTree, memcgParent, ScratchCgroup } from './cgroup-tree';
import {
  type BenchContext,
  type Benchmark,
  type BenchRecord,
  breathe,
  fail,
  median,
  skippedRecord,
  timingRecord,
} from './harness';

const GOAL = 'ratio ≥ 2 vs C open/read/close';
const CONTAINERS_PER_POD = 2;

/** The files this process keeps open below `prefixes`, as "r <path>" / "s <dir>" lines. */
function keptOpenFiles(prefixes: readonly string[]): string[] {
  const lines: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the directory listing's own descriptor
    }
    if (!prefixes.some((p) => target.startsWith(p))) continue;
    let isDir = false;
    try {
      isDir = fstatSync(Number(fd)).isDirectory();
    } catch {
      continue;
    }
    lines.push(`${isDir ? 's' : 'r'} ${target}`);
  }
  return lines.sort();
}

function linuxSummaryBench(pods: number): Benchmark {
  const name = `linux-summary-${pods}`;
  return {
    name,
    kind: 'kernel',
    summary: `summary() over ${pods} real pod cgroups vs a C reader opening the same files`,
    async run(context: BenchContext): Promise<BenchRecord> {
      const where = memcgParent();
      if (!where.ok) return skippedRecord(name, 'ms', GOAL, where.reason);
      const reader = buildC('read-files');
      if (!reader.ok) return skippedRecord(name, 'ms', GOAL, reader.reason);
      const count = context.quick ? 10 : pods;
      const tree = new ScratchCgroup(where.parent, `summary${count}`);
      let platform: ReturnType<typeof createLinuxPlatform> | undefined;
      try {
        context.log(`${name}: building ${count} pod cgroups × ${CONTAINERS_PER_POD} containers`);
        buildPodTree(tree.dir, count, CONTAINERS_PER_POD);
        platform = createLinuxPlatform({ cgroupRoot: tree.dir, nodeCgroup: where.memoryRoot });
        if (platform.isErr()) fail(`${name}: ${platform.error.message}`);
        const linux = platform.value;
        const first = await linux.summary();
        if (first.isErr()) fail(`${name}: ${first.error.message}`);
        if (first.value.pods.length !== count) {
          fail(`${name}: summary() saw ${first.value.pods.length} pods, expected ${count}`);
        }

        // The baseline's work list: every kept-open file and directory, and the filesystems.
        const info = linux.info;
        const list = keptOpenFiles([`${where.memoryRoot}/`, '/proc/']);
        for (const fs of new Set([info.nodefsPath, info.imagefsPath, info.containerfsPath])) {
          list.push(`f ${fs}`);
        }
        // statfs runs for imagefs even when it is nodefs, as summary() does.
        if (info.imagefsPath === info.nodefsPath) list.push(`f ${info.imagefsPath}`);
        // Node and filesystem files, then per pod: usage, limit and memory.stat of the pod
        // cgroup and each container's cgroup.procs (the pod's own cgroup.procs is not counted).
        const expectedFiles = 6 + 3 + count * (3 + CONTAINERS_PER_POD);
        const files = list.filter((l) => l.startsWith('r ')).length;
        if (files !== expectedFiles) {
          fail(`${name}: summary() keeps ${files} files open, expected ${expectedFiles}`);
        }
        const listFile = join(scratchDir(), `${name}.list`);
        writeFileSync(listFile, `${list.join('\n')}\n`);

        const rounds = context.quick ? 1 : 15;
        const perRound = context.quick ? 2 : count >= 1000 ? 6 : 20;
        const js: number[] = [];
        const c: number[] = [];
        for (let r = 0; r < rounds; r++) {
          const out = spawnSync(reader.path, [listFile, String(perRound)], { encoding: 'utf8' });
          if (out.status !== 0) fail(`${name}: read-files: ${out.stderr.trim()}`);
          const lines = out.stdout.trim().split('\n');
          const [, entries] = lines.pop()!.split(' ');
          if (Number(entries) !== list.length) fail(`${name}: the C reader read a different list`);
          c.push(median(lines.map((l) => Number(l) / 1e6)));
          await breathe();
          const times: number[] = [];
          for (let i = 0; i < perRound; i++) {
            const start = process.hrtime.bigint();
            const s = await linux.summary();
            times.push(Number(process.hrtime.bigint() - start) / 1e6);
            if (s.isErr() || s.value.pods.length !== count) fail(`${name}: a summary() failed`);
          }
          js.push(median(times));
          await breathe();
        }
        return timingRecord({
          name,
          context,
          valueMs: median(js),
          baseline: 'C open/read/close of the same files (bench/c/read-files.c)',
          baselineMs: median(c),
          goal: GOAL,
          meets: (_ms, ratio) => ratio >= 2,
          details: {
            pods: count,
            filesPerSummary: files,
            entriesInBaseline: list.length,
            rounds,
            callsPerRound: perRound,
            usPerPod: (median(js) * 1e3) / count,
            // true: one readBatch call into the addon per summary; false: fs.readSync per file.
            batchedReads: batchedReadsAvailable(),
          },
        });
      } finally {
        if (platform?.isOk()) platform.value.close();
        const left = tree.remove();
        if (left.length > 0) context.log(`${name}: could not remove ${left.join(', ')}`);
      }
    },
  };
}

export const linuxSummary110 = linuxSummaryBench(110);
export const linuxSummary1000 = linuxSummaryBench(1000);
