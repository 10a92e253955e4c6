import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  qosCgroupName,
} from '../../../src/platform/linux/cgroup-driver';

/** The values one synthetic v1 memory cgroup reports. */
export interface FakeMemcg {
  usage: number;
  inactiveFile: number;
  rss?: number;
  limit?: number;
  procs?: number[];
}

const UNLIMITED = '9223372036854771712';

/** Write the v1 memory files a cgroup directory holds (a plain directory, not cgroupfs). */
export function writeMemcg(dir: string, m: FakeMemcg): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'memory.usage_in_bytes'), `${m.usage}\n`);
  writeFileSync(join(dir, 'memory.limit_in_bytes'), `${m.limit ?? UNLIMITED}\n`);
  writeFileSync(
    join(dir, 'memory.stat'),
    `cache 0\nrss ${m.rss ?? 0}\npgfault 11\npgmajfault 2\n` +
      `total_rss ${m.rss ?? 0}\ntotal_inactive_file ${m.inactiveFile}\n`,
  );
  writeFileSync(join(dir, 'cgroup.procs'), (m.procs ?? []).map((p) => `${p}\n`).join(''));
}

/** A temporary directory laid out like a v1 memory hierarchy with kubelet pod cgroups. */
export class FakeCgroupTree {
  readonly base = mkdtempSync(join(tmpdir(), 'evictkit-fake-cgroup-'));
  readonly root = join(this.base, 'memory');
  readonly node = join(this.base, 'node');

  constructor(readonly driver: 'systemd' | 'cgroupfs') {
    writeMemcg(this.root, { usage: 0, inactiveFile: 0 });
    writeMemcg(this.node, { usage: 8_000_000, inactiveFile: 3_000_000, rss: 2_000_000 });
  }

  rel(name: readonly string[]): string {
    return cgroupPath(name, this.driver)._unsafeUnwrap();
  }

  kubepods(m: FakeMemcg = { usage: 0, inactiveFile: 0, limit: 2_000_000_000 }): string {
    const dir = join(this.root, this.rel(qosCgroupName('guaranteed')));
    writeMemcg(dir, m);
    for (const qos of ['burstable', 'besteffort'] as const) {
      writeMemcg(join(this.root, this.rel(qosCgroupName(qos))), { usage: 0, inactiveFile: 0 });
    }
    return dir;
  }

  podDir(uid: string, qos: PodQosLevel): string {
    return join(this.root, this.rel(podCgroupName(uid, qos)));
  }

  pod(uid: string, qos: PodQosLevel, m: FakeMemcg): string {
    const dir = this.podDir(uid, qos);
    writeMemcg(dir, m);
    return dir;
  }

  remove(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}
