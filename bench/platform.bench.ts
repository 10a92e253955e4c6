// The Linux platform's summary() over 110 pod cgroups (each with two container cgroups), read
// through kept-open descriptors (pread at offset 0), against the same collection done with
// readFileSync (open/read/close per file) in the same run. Both sides use the same parsers and
// assembleSummary, so the ratio is the cost of opening files, nothing else. A second baseline
// also lists every pod directory each time, as a straightforward implementation would.
//
// The cgroups are made in a unique directory inside this process's own v1 memory cgroup and
// removed at exit. Where the kernel refuses (not root, cgroup v2, read-only cgroupfs) the same
// tree is built in a temporary directory instead, and the suite name says so.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  podUidFromDirName,
  QOS_LEVELS,
  qosCgroupName,
} from '../src/platform/linux/cgroup-driver';
import {
  cgroupMemory,
  parseCgroupValue,
  parseFlatKeyed,
  parseProcsCount,
} from '../src/platform/linux/cgroup-stats';
import { detectCgroupLayout } from '../src/platform/linux/layout';
import {
  fsStatsFromStatfs,
  memoryCapacityBytes,
  parseMeminfo,
  rlimitStats,
} from '../src/platform/linux/node-stats';
import { createLinuxPlatform } from '../src/platform/linux/platform';
import { assembleSummary, type PodSample } from '../src/platform/linux/summary';
import type { Summary } from '../src/signals/summary';
import { suite } from './harness';

const PODS = 110;
const CONTAINERS_PER_POD = 2;

interface Tree {
  root: string;
  nodeCgroup: string;
  kernel: boolean;
  note: string;
  cleanup: () => void;
}

/** Remove a directory tree deepest-first with rmdir (cgroupfs refuses unlink). */
function rmdirTree(dir: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  } catch {
    return;
  }
  for (const e of entries) rmdirTree(e);
  try {
    rmdirSync(dir);
  } catch {
    // left for the operator; reported below
  }
}

function makeTree(): Tree {
  const layout = detectCgroupLayout();
  let reason = 'no cgroup layout';
  if (layout.isOk() && layout.value.memoryVersion === 'v1' && layout.value.selfMemoryCgroup) {
    const parent = join(layout.value.memoryRoot, layout.value.selfMemoryCgroup);
    const root = join(parent, `evictkit-bench-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(root);
      return {
        root,
        nodeCgroup: layout.value.memoryRoot,
        kernel: true,
        note: 'cgroupfs',
        cleanup: () => rmdirTree(root),
      };
    } catch (e) {
      reason = `mkdir refused: ${(e as NodeJS.ErrnoException).code}`;
    }
  } else if (layout.isOk()) {
    reason = 'memory controller is not cgroup v1 here';
  }
  const base = mkdtempSync(join(tmpdir(), 'evictkit-bench-'));
  const root = join(base, 'memory');
  return {
    root,
    nodeCgroup: join(base, 'node'),
    kernel: false,
    note: `synthetic tree (${reason})`,
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** On a plain directory, write the files a v1 memcg would have. */
function fakeMemcg(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'memory.usage_in_bytes'), '1048576\n');
  writeFileSync(join(dir, 'memory.limit_in_bytes'), '9223372036854771712\n');
  writeFileSync(
    join(dir, 'memory.stat'),
    'cache 0\nrss 0\npgfault 1\npgmajfault 0\ntotal_rss 0\ntotal_inactive_file 4096\n',
  );
  writeFileSync(join(dir, 'cgroup.procs'), '');
}

const tree = makeTree();
let platformClose = () => {};
process.once('exit', () => {
  platformClose();
  tree.cleanup();
});

const mk = (dir: string) => (tree.kernel ? mkdirSync(dir, { recursive: true }) : fakeMemcg(dir));
const rel = (name: readonly string[]) => cgroupPath(name, 'systemd')._unsafeUnwrap();
if (!tree.kernel) {
  fakeMemcg(tree.root);
  fakeMemcg(tree.nodeCgroup);
}
for (const qos of QOS_LEVELS) mk(join(tree.root, rel(qosCgroupName(qos))));
for (let i = 0; i < PODS; i++) {
  const qos: PodQosLevel = i < 10 ? 'guaranteed' : i < 70 ? 'burstable' : 'besteffort';
  const dir = join(tree.root, rel(podCgroupName(randomUUID(), qos)));
  mk(dir);
  for (let c = 0; c < CONTAINERS_PER_POD; c++)
    mk(join(dir, `cri-containerd-${randomBytes(8).toString('hex')}.scope`));
}

const platform = createLinuxPlatform({
  cgroupRoot: tree.root,
  nodeCgroup: tree.nodeCgroup,
})._unsafeUnwrap();
platformClose = () => platform.close();
const first = platform.summarySync()._unsafeUnwrap();
if (first.pods.length !== PODS) throw new Error(`expected ${PODS} pods, got ${first.pods.length}`);

// ---- the baseline: the same collection with readFileSync --------------------------------------

const read = (p: string) => readFileSync(p, 'latin1');
const kubepodsDir = join(tree.root, rel(qosCgroupName('guaranteed')));
const childCache = new Map<string, { links: number; children: string[] }>();

function readMemcg(dir: string, withLimit: boolean) {
  const usage = parseCgroupValue(read(join(dir, 'memory.usage_in_bytes')), dir)._unsafeUnwrap();
  const stat = parseFlatKeyed(read(join(dir, 'memory.stat')), dir)._unsafeUnwrap();
  const limit = withLimit
    ? parseCgroupValue(read(join(dir, 'memory.limit_in_bytes')), dir)._unsafeUnwrap()
    : Number.POSITIVE_INFINITY;
  return { memory: cgroupMemory('v1', usage, stat), limitBytes: limit };
}

function listChildren(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name));
}

function readFileSummary(listEveryTime: boolean): Summary {
  const time = Date.now();
  const node = readMemcg(tree.nodeCgroup, false);
  const capacity = memoryCapacityBytes(
    parseMeminfo(read('/proc/meminfo'), '/proc/meminfo')._unsafeUnwrap(),
    '/proc/meminfo',
  )._unsafeUnwrap();
  const fs = fsStatsFromStatfs(statfsSync(platform.info.nodefsPath, { bigint: true }), time);
  const rlimit = rlimitStats({
    time,
    pidMax: read('/proc/sys/kernel/pid_max'),
    threadsMax: read('/proc/sys/kernel/threads-max'),
    loadavg: read('/proc/loadavg'),
  });
  const pods = readMemcg(kubepodsDir, true);
  const samples: PodSample[] = [];
  for (const qos of QOS_LEVELS) {
    const qosDir = join(tree.root, rel(qosCgroupName(qos)));
    for (const entry of readdirSync(qosDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const uid = podUidFromDirName(entry.name, 'systemd');
      if (uid === undefined) continue;
      const dir = join(qosDir, entry.name);
      const m = readMemcg(dir, true);
      let children: string[];
      if (listEveryTime) {
        children = listChildren(dir);
      } else {
        const links = statSync(dir).nlink;
        const cached = childCache.get(dir);
        if (cached && cached.links === links) children = cached.children;
        else {
          children = listChildren(dir);
          childCache.set(dir, { links, children });
        }
      }
      let processCount = parseProcsCount(read(join(dir, 'cgroup.procs')), dir)._unsafeUnwrap();
      for (const c of children) {
        processCount += parseProcsCount(read(join(c, 'cgroup.procs')), c)._unsafeUnwrap();
      }
      samples.push({ uid, memory: m.memory, limitBytes: m.limitBytes, processCount });
    }
  }
  samples.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return assembleSummary({
    time,
    nodeName: first.node.nodeName,
    node: { memory: node.memory, capacityBytes: capacity },
    nodefs: fs,
    imagefs: fs,
    containerfs: fs,
    rlimit,
    pods,
    podSamples: samples,
  });
}

if (readFileSummary(false).pods.length !== PODS) throw new Error('baseline saw a different tree');

export default suite(`platform summary(), ${PODS} pods × ${CONTAINERS_PER_POD} containers, ${tree.note}`, (bench) => {
  bench('readFileSync (same algorithm)', () => readFileSummary(false));
  bench('readFileSync + readdir per pod', () => readFileSummary(true));
  bench('kept-open fds (summarySync)', () => platform.summarySync(), {
    baseline: 'readFileSync (same algorithm)',
  });
  bench('kept-open fds vs naive', () => platform.summarySync(), {
    baseline: 'readFileSync + readdir per pod',
  });
});
