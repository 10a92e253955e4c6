// Kernel integration: PodCgroupSet lists a QoS directory only when its link count changed or
// one of its pods vanished. A pod that appears, and a pod that replaces another between two
// scans (same link count), are both read in the very next sample.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cgroupPath,
  type PodQosLevel,
  podCgroupName,
  QOS_LEVELS,
  qosCgroupName,
} from '../../../src/platform/linux/cgroup-driver';
import { PodCgroupSet } from '../../../src/platform/linux/pod-cgroups';
import { probeMemcgDelegation, removeCgroupTree, uniqueTestRoot } from './kernel-cgroups';

const probe = probeMemcgDelegation();
const skipReason = probe.ok ? '' : ` (skipped: ${probe.reason})`;
const rel = (name: readonly string[]) => cgroupPath(name, 'systemd')._unsafeUnwrap();
const fdCount = () => readdirSync('/proc/self/fd').length;

describe.skipIf(!probe.ok)(`kernel: pod cgroups found without relisting${skipReason}`, () => {
  const root = uniqueTestRoot(probe.ok ? probe.parent : '', 'listing');
  afterAll(async () => {
    expect(await removeCgroupTree(root)).toEqual([]);
  });

  const podDir = (uid: string, qos: PodQosLevel) => join(root, rel(podCgroupName(uid, qos)));
  const uids = (set: PodCgroupSet) => {
    expect(set.scan().isOk()).toBe(true);
    return set
      .sample()
      ._unsafeUnwrap()
      .map((s) => s.uid)
      .sort();
  };

  it('sees pods appear, vanish, and replace one another between scans', () => {
    mkdirSync(root);
    for (const qos of QOS_LEVELS)
      mkdirSync(join(root, rel(qosCgroupName(qos))), { recursive: true });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    mkdirSync(podDir(a, 'burstable'));
    const base = fdCount();
    const set = new PodCgroupSet({
      root,
      version: 'v1',
      driver: 'systemd',
      kubepods: 'kubepods',
      sandbox: { procRoot: '/proc', processNames: new Set(['pause']) },
    });
    try {
      expect(uids(set)).toEqual([a]);
      expect(uids(set)).toEqual([a]); // unchanged: no listing, same pods
      mkdirSync(podDir(b, 'burstable'));
      expect(uids(set)).toEqual([a, b].sort());
      // Same link count afterwards: a's reads fail (ENODEV), the directory is listed again.
      rmdirSync(podDir(a, 'burstable'));
      mkdirSync(podDir(c, 'burstable'));
      expect(uids(set)).toEqual([b, c].sort());
      rmdirSync(podDir(b, 'burstable'));
      expect(uids(set)).toEqual([c]);
    } finally {
      set.close();
    }
    expect(fdCount()).toBe(base);
  });
});
