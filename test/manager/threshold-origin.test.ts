import { describe, expect, it } from 'vitest';
import {
  createEvictionManager,
  formatSyncResult,
  type ManagerThresholdExplanation,
  thresholdOrigin,
} from '../../src/manager/index';
import type { Threshold } from '../../src/signals/types';
import { th } from '../thresholds/builders';
import { MINUTE, makeDiskStats } from './helpers';

// The containerfs thresholds the kubelet adds once the disk layout is known are flagged in the
// explanation: copies of nodefs/imagefs thresholds, or never-met placeholders.

const summary = makeDiskStats({
  rootFsAvailableBytes: '50Gi',
  imageFsAvailableBytes: '40Gi',
  containerFsAvailableBytes: '30Gi',
  podStats: [],
});

const configured: Threshold[] = [
  th('nodefs.available', '10%'),
  th('nodefs.available', '15%', { graceMs: MINUTE }),
  th('nodefs.inodesFree', '5%'),
  th('imagefs.available', '15%'),
];

type Row = [signal: string, hard: boolean, origin: string, derivedFrom?: string];

const cases: {
  name: string;
  dedicatedImageFs: boolean;
  splitImageFs: boolean;
  rows: Row[];
}[] = [
  {
    name: 'one filesystem: containerfs copies nodefs',
    dedicatedImageFs: false,
    splitImageFs: false,
    rows: [
      ['containerfs.available', true, 'containerfs-copy', 'nodefs.available'],
      ['containerfs.available', false, 'containerfs-copy', 'nodefs.available'],
      ['containerfs.inodesFree', true, 'containerfs-copy', 'nodefs.inodesFree'],
      ['containerfs.inodesFree', true, 'containerfs-placeholder', 'nodefs.inodesFree'],
    ],
  },
  {
    name: 'split image filesystem: containerfs copies nodefs',
    dedicatedImageFs: true,
    splitImageFs: true,
    rows: [
      ['containerfs.available', true, 'containerfs-copy', 'nodefs.available'],
      ['containerfs.available', false, 'containerfs-copy', 'nodefs.available'],
      ['containerfs.inodesFree', true, 'containerfs-copy', 'nodefs.inodesFree'],
      ['containerfs.inodesFree', true, 'containerfs-placeholder', 'nodefs.inodesFree'],
    ],
  },
  {
    name: 'dedicated image filesystem: containerfs copies imagefs',
    dedicatedImageFs: true,
    splitImageFs: false,
    rows: [
      ['containerfs.available', true, 'containerfs-copy', 'imagefs.available'],
      ['containerfs.available', true, 'containerfs-placeholder', 'imagefs.available'],
      ['containerfs.inodesFree', true, 'containerfs-placeholder', 'imagefs.inodesFree'],
      ['containerfs.inodesFree', true, 'containerfs-placeholder', 'imagefs.inodesFree'],
    ],
  },
  {
    name: 'the unsupported layout: nothing is added',
    dedicatedImageFs: false,
    splitImageFs: true,
    rows: [],
  },
];

const rowsOf = (thresholds: readonly ManagerThresholdExplanation[]): Row[] =>
  thresholds
    .filter((t) => t.origin !== 'configured')
    .map((t) => [t.signal, t.hard, t.origin, t.derivedFrom] as Row);

describe('threshold origins in the cycle explanation', () => {
  it.each(cases)('$name', async (c) => {
    const manager = createEvictionManager({
      thresholds: configured,
      dedicatedImageFs: c.dedicatedImageFs,
      splitImageFs: c.splitImageFs,
      killPod: async () => {},
    });
    // The cycle that learns the layout evaluates the thresholds as configured.
    const first = await manager.synchronize({ now: 1_000, summary, pods: [] });
    expect(first.explanation.evaluation?.thresholds.every((t) => t.origin === 'configured')).toBe(
      true,
    );
    const second = await manager.synchronize({ now: 11_000, summary, pods: [] });
    const thresholds = second.explanation.evaluation?.thresholds ?? [];
    expect(thresholds.slice(0, configured.length).map((t) => t.origin)).toEqual(
      configured.map(() => 'configured'),
    );
    expect(rowsOf(thresholds)).toEqual(c.rows);
    for (const t of thresholds.filter((x) => x.origin === 'containerfs-placeholder'))
      expect(t.met).toBe(false);
    if (c.rows.length > 0) {
      expect(second.explanation.topology?.containerFsMirrors).toBe(
        c.rows[0]?.[3]?.startsWith('imagefs') ? 'imagefs' : 'nodefs',
      );
    }
  });

  it('a containerfs threshold the user configured is overwritten, and flagged as the copy', async () => {
    const manager = createEvictionManager({
      thresholds: [th('nodefs.available', '10%'), th('containerfs.available', '1Gi')],
      dedicatedImageFs: false,
      splitImageFs: false,
      killPod: async () => {},
    });
    await manager.synchronize({ now: 1_000, summary, pods: [] });
    const second = await manager.synchronize({ now: 11_000, summary, pods: [] });
    expect(rowsOf(second.explanation.evaluation?.thresholds ?? [])[0]).toEqual([
      'containerfs.available',
      true,
      'containerfs-copy',
      'nodefs.available',
    ]);
  });

  it('the text form says which thresholds were not configured', async () => {
    const manager = createEvictionManager({
      thresholds: configured,
      dedicatedImageFs: true,
      splitImageFs: true,
      killPod: async () => {},
    });
    await manager.synchronize({ now: 1_000, summary, pods: [] });
    const text = formatSyncResult(await manager.synchronize({ now: 11_000, summary, pods: [] }));
    expect(text).toContain(
      "containerfs.available<10% (hard): available 30Gi vs threshold 6442451040; not met; DiskPressure not reported [not configured: the kubelet's copy of the nodefs.available threshold]",
    );
    expect(text).toContain(
      '[not configured: placeholder for a nodefs.inodesFree threshold that does not exist; never met]',
    );
    expect(text).not.toMatch(/nodefs\.available<10% \(hard\).*not configured/);
  });
});

describe('thresholdOrigin', () => {
  it.each<[string, Threshold, 'nodefs' | 'imagefs' | undefined, string, string | undefined]>([
    ['not a containerfs signal', th('nodefs.available', '0%'), 'nodefs', 'configured', undefined],
    ['no copies this cycle', th('containerfs.available', '0%'), undefined, 'configured', undefined],
    [
      'a copy',
      th('containerfs.available', '10%'),
      'nodefs',
      'containerfs-copy',
      'nodefs.available',
    ],
    [
      'a placeholder',
      th('containerfs.inodesFree', '0%'),
      'imagefs',
      'containerfs-placeholder',
      'imagefs.inodesFree',
    ],
  ])('%s', (_name, threshold, source, origin, derivedFrom) => {
    const r = thresholdOrigin(threshold, [th('nodefs.available', '10%')], source);
    expect(r.origin).toBe(origin);
    expect(r.derivedFrom).toBe(derivedFrom);
  });

  it('a configured <0% source copies to its twin: a copy, not a placeholder', () => {
    const r = thresholdOrigin(
      th('containerfs.available', '0%'),
      [th('nodefs.available', '0%')],
      'nodefs',
    );
    expect(r.origin).toBe('containerfs-copy');
  });
});
