import { describe, expect, it } from 'vitest';
import { updateContainerFsThresholds } from '../../src/signals/containerfs-thresholds';
import type { Threshold } from '../../src/signals/types';
import {
  describeThresholds,
  qty,
  sameThreshold,
  sameThresholdList,
  threshold,
} from './threshold-builders';

// helpers_test.go TestAddContainerFsThresholds uses a grace period of 1ns.
const g = 1e-6;

const nodeAndImageFs: Threshold[] = [
  threshold('nodefs.available', qty('100Mi'), { minReclaim: qty('1Gi') }),
  threshold('nodefs.available', qty('200Mi'), { gracePeriodMs: g, minReclaim: qty('1Gi') }),
  threshold('nodefs.inodesFree', qty('200Mi'), { gracePeriodMs: g, minReclaim: qty('2Gi') }),
  threshold('nodefs.inodesFree', qty('100Mi'), { minReclaim: qty('1Gi') }),
  threshold('imagefs.available', qty('150Mi'), { minReclaim: qty('1.5Gi') }),
  threshold('imagefs.available', qty('300Mi'), { gracePeriodMs: g, minReclaim: qty('3Gi') }),
  threshold('imagefs.inodesFree', qty('150Mi'), { gracePeriodMs: g, minReclaim: qty('2Gi') }),
  threshold('imagefs.inodesFree', qty('300Mi'), { minReclaim: qty('2Gi') }),
];
const userContainerFs: Threshold[] = [
  threshold('containerfs.available', qty('500Mi'), { minReclaim: qty('5Gi') }),
  threshold('containerfs.available', qty('500Mi'), { gracePeriodMs: g, minReclaim: qty('5Gi') }),
  threshold('containerfs.inodesFree', qty('500Mi'), { gracePeriodMs: g, minReclaim: qty('5Gi') }),
  threshold('containerfs.inodesFree', qty('500Mi'), { minReclaim: qty('5Gi') }),
];

const mirrorNodeFs = [
  threshold('containerfs.available', qty('100Mi'), { minReclaim: qty('1Gi') }),
  threshold('containerfs.available', qty('200Mi'), { gracePeriodMs: g, minReclaim: qty('1Gi') }),
  threshold('containerfs.inodesFree', qty('100Mi'), { minReclaim: qty('1Gi') }),
  threshold('containerfs.inodesFree', qty('200Mi'), { gracePeriodMs: g, minReclaim: qty('2Gi') }),
];
const mirrorImageFs = [
  threshold('containerfs.available', qty('150Mi'), { minReclaim: qty('1.5Gi') }),
  threshold('containerfs.available', qty('300Mi'), { gracePeriodMs: g, minReclaim: qty('3Gi') }),
  threshold('containerfs.inodesFree', qty('300Mi'), { minReclaim: qty('2Gi') }),
  threshold('containerfs.inodesFree', qty('150Mi'), { gracePeriodMs: g, minReclaim: qty('2Gi') }),
];

interface Case {
  imageFs: boolean;
  splitImageFs: boolean;
  input: Threshold[];
  expected: Threshold[];
  mirrors: 'nodefs' | 'imagefs';
  expectErr: boolean;
}

const cases: Record<string, Case> = {
  'single filesystem': {
    imageFs: false,
    splitImageFs: false,
    input: nodeAndImageFs,
    expected: [...nodeAndImageFs, ...mirrorNodeFs],
    mirrors: 'nodefs',
    expectErr: false,
  },
  'image filesystem': {
    imageFs: true,
    splitImageFs: false,
    input: nodeAndImageFs,
    expected: [...nodeAndImageFs, ...mirrorImageFs],
    mirrors: 'imagefs',
    expectErr: false,
  },
  'container and image are separate': {
    imageFs: true,
    splitImageFs: true,
    input: nodeAndImageFs,
    expected: [...nodeAndImageFs, ...mirrorNodeFs],
    mirrors: 'nodefs',
    expectErr: false,
  },
  // The user's containerfs thresholds are overwritten in place (hard avail, soft avail, soft
  // inodes, hard inodes is the input order), and the function reports it.
  'single filesystem; existing containerfsstats': {
    imageFs: false,
    splitImageFs: false,
    input: [...nodeAndImageFs, ...userContainerFs],
    expected: [
      ...nodeAndImageFs,
      mirrorNodeFs[0],
      mirrorNodeFs[1],
      mirrorNodeFs[3],
      mirrorNodeFs[2],
    ] as Threshold[],
    mirrors: 'nodefs',
    expectErr: true,
  },
  'image filesystem; expect error': {
    imageFs: true,
    splitImageFs: false,
    input: [...nodeAndImageFs, ...userContainerFs],
    expected: [
      ...nodeAndImageFs,
      mirrorImageFs[0],
      mirrorImageFs[1],
      mirrorImageFs[3],
      mirrorImageFs[2],
    ] as Threshold[],
    mirrors: 'imagefs',
    expectErr: true,
  },
  'container and image are separate; expect error': {
    imageFs: true,
    splitImageFs: true,
    input: [...nodeAndImageFs, ...userContainerFs],
    expected: [
      ...nodeAndImageFs,
      mirrorNodeFs[0],
      mirrorNodeFs[1],
      mirrorNodeFs[3],
      mirrorNodeFs[2],
    ] as Threshold[],
    mirrors: 'nodefs',
    expectErr: true,
  },
};

describe('TestAddContainerFsThresholds', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const before = [...c.input];
      const update = updateContainerFsThresholds(c.input, {
        imageFs: c.imageFs,
        splitImageFs: c.splitImageFs,
      });
      expect(
        sameThresholdList(update.thresholds, c.expected),
        describeThresholds(update.thresholds).join('\n'),
      ).toBe(true);
      expect(update.mirrors).toBe(c.mirrors);
      expect(update.warning !== undefined).toBe(c.expectErr);
      expect(c.input).toEqual(before); // not mutated
    });
  }

  it('reports the last containerfs threshold found, in upstream words', () => {
    const update = updateContainerFsThresholds([...nodeAndImageFs, ...userContainerFs], {
      imageFs: false,
      splitImageFs: false,
    });
    expect(update.warning).toBe('found containerfs.inodesFree for hard eviction. ignoring');
    const one = updateContainerFsThresholds([userContainerFs[1] as Threshold], {
      imageFs: false,
      splitImageFs: false,
    });
    expect(one.warning).toBe('found containerfs.available for soft eviction. ignoring');
  });

  it('uses the last hard and last soft threshold of each source signal', () => {
    const update = updateContainerFsThresholds(
      [
        threshold('nodefs.available', qty('1Gi')),
        threshold('nodefs.available', qty('2Gi')),
        threshold('nodefs.available', qty('3Gi'), { gracePeriodMs: 1000 }),
        threshold('nodefs.available', qty('4Gi'), { gracePeriodMs: 2000 }),
      ],
      { imageFs: false, splitImageFs: false },
    );
    expect(
      sameThreshold(
        update.thresholds[4] as Threshold,
        threshold('containerfs.available', qty('2Gi')),
      ),
    ).toBe(true);
    expect(
      sameThreshold(
        update.thresholds[5] as Threshold,
        threshold('containerfs.available', qty('4Gi'), { gracePeriodMs: 2000 }),
      ),
    ).toBe(true);
  });

  it('QUIRK: writes never-met zero placeholders when the source threshold is missing', () => {
    const update = updateContainerFsThresholds([threshold('nodefs.available', qty('1Gi'))], {
      imageFs: false,
      splitImageFs: false,
    });
    expect(update.thresholds.map((t) => [t.signal, t.gracePeriodMs, t.value])).toEqual([
      ['nodefs.available', 0, update.thresholds[0]?.value],
      ['containerfs.available', 0, update.thresholds[1]?.value],
      ['containerfs.available', 0, { percentage: 0 }],
      ['containerfs.inodesFree', 0, { percentage: 0 }],
      ['containerfs.inodesFree', 0, { percentage: 0 }],
    ]);
    expect(update.thresholds.slice(2).every((t) => t.minReclaim === undefined)).toBe(true);
  });

  it('an empty list becomes four placeholders', () => {
    expect(
      updateContainerFsThresholds([], { imageFs: true, splitImageFs: false }).thresholds,
    ).toHaveLength(4);
  });

  it('leaves the list alone for a split filesystem without an image filesystem', () => {
    const input = [...nodeAndImageFs, userContainerFs[0] as Threshold];
    const update = updateContainerFsThresholds(input, { imageFs: false, splitImageFs: true });
    expect(update.thresholds).toEqual(input);
    expect(update.mirrors).toBeUndefined();
    expect(update.warning).toBe('found containerfs.available for hard eviction. ignoring');
  });
});
