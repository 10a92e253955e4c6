import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cgroupPath,
  detectCgroupDriver,
  expandSlice,
  isValidPodUid,
  parseSystemdName,
  podCgroupName,
  podUidFromDirName,
  qosCgroupName,
  toCgroupfsPath,
  toSystemdPath,
  validateCgroupComponent,
  validatePodUid,
} from '../../../src/platform/linux/cgroup-driver';

const UID = '6c1a4e95-6bb6-11e6-bc26-28d2444e470d';

describe('CgroupName → systemd (cgroup_manager_linux_test.go)', () => {
  // TestCgroupNameToSystemd
  it.each([
    [[], '/'],
    [['Burstable'], '/Burstable.slice'],
    [['Burstable', 'pod-123'], '/Burstable.slice/Burstable-pod_123.slice'],
    [
      ['BestEffort', 'pod-6c1a4e95-6bb6-11e6-bc26-28d2444e470d'],
      '/BestEffort.slice/BestEffort-pod_6c1a4e95_6bb6_11e6_bc26_28d2444e470d.slice',
    ],
    [['kubepods'], '/kubepods.slice'],
  ])('TestCgroupNameToSystemd %j', (name, expected) => {
    expect(toSystemdPath(name)._unsafeUnwrap()).toBe(expected);
  });

  // TestCgroupNameToSystemdBasename
  it.each([
    [['system'], 'system.slice'],
    [['system', 'Burstable'], 'system-Burstable.slice'],
    [['Burstable', 'pod-123'], 'Burstable-pod_123.slice'],
    [['test', 'a', 'b'], 'test-a-b.slice'],
    [['test', 'a', 'b', 'Burstable'], 'test-a-b-Burstable.slice'],
    [['Burstable'], 'Burstable.slice'],
  ])('TestCgroupNameToSystemdBasename %j', (name, expected) => {
    const full = toSystemdPath(name)._unsafeUnwrap();
    expect(full.slice(full.lastIndexOf('/') + 1)).toBe(expected);
  });

  // TestCgroupNameToCgroupfs
  it.each([
    [[], '/'],
    [['Burstable'], '/Burstable'],
  ])('TestCgroupNameToCgroupfs %j', (name, expected) => {
    expect(toCgroupfsPath(name)).toBe(expected);
  });

  // TestParseSystemdToCgroupName (on the base name)
  it.each([
    ['test', ['test']],
    ['test.slice', ['test']],
    ['kubepods-burstable-pod12_34.slice', ['kubepods', 'burstable', 'pod12-34']],
  ])('TestParseSystemdToCgroupName %s', (input, expected) => {
    expect(parseSystemdName(input)).toEqual(expected);
  });
});

describe('runc ExpandSlice', () => {
  it.each([
    ['-.slice', '/'],
    ['a.slice', '/a.slice'],
    ['a-b-c.slice', '/a.slice/a-b.slice/a-b-c.slice'],
  ])('%s → %s', (slice, expected) => {
    expect(expandSlice(slice)._unsafeUnwrap()).toBe(expected);
  });
  it.each([['.slice'], ['a'], ['a--b.slice'], ['-a.slice'], ['a/b.slice'], ['a-.slice']])(
    'rejects %j',
    (slice) => {
      expect(expandSlice(slice)._unsafeUnwrapErr().code).toBe('invalid-argument');
    },
  );
});

describe('pod cgroup paths per QoS and driver', () => {
  const underscored = UID.replaceAll('-', '_');
  it.each([
    ['guaranteed', 'systemd', `/kubepods.slice/kubepods-pod${underscored}.slice`],
    [
      'burstable',
      'systemd',
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${underscored}.slice`,
    ],
    [
      'besteffort',
      'systemd',
      `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${underscored}.slice`,
    ],
    ['guaranteed', 'cgroupfs', `/kubepods/pod${UID}`],
    ['burstable', 'cgroupfs', `/kubepods/burstable/pod${UID}`],
    ['besteffort', 'cgroupfs', `/kubepods/besteffort/pod${UID}`],
  ] as const)('%s / %s', (qos, driver, expected) => {
    expect(cgroupPath(podCgroupName(UID, qos), driver)._unsafeUnwrap()).toBe(expected);
  });

  it('QoS directories', () => {
    expect(cgroupPath(qosCgroupName('guaranteed'), 'systemd')._unsafeUnwrap()).toBe(
      '/kubepods.slice',
    );
    expect(cgroupPath(qosCgroupName('burstable'), 'cgroupfs')._unsafeUnwrap()).toBe(
      '/kubepods/burstable',
    );
  });
});

describe('podUidFromDirName (GetAllPodsFromCgroups)', () => {
  it.each([
    [`kubepods-burstable-pod${UID.replaceAll('-', '_')}.slice`, 'systemd', UID],
    [`kubepods-pod${UID.replaceAll('-', '_')}.slice`, 'systemd', UID],
    [`pod${UID}`, 'cgroupfs', UID],
    ['pod0123456789abcdef0123456789abcdef', 'cgroupfs', '0123456789abcdef0123456789abcdef'],
    ['kubepods-burstable.slice', 'systemd', undefined],
    ['burstable', 'cgroupfs', undefined],
    ['besteffort', 'cgroupfs', undefined],
    ['cri-containerd-abc.scope', 'systemd', undefined],
    // kubelet would take "" as the UID here; validation refuses it
    ['mypod', 'cgroupfs', undefined],
    // two "pod"s: upstream ignores the cgroup
    ['podpod1', 'cgroupfs', undefined],
    // hostile names never become UIDs
    ['pod..', 'cgroupfs', undefined],
    ['kubepods-pod...slice', 'systemd', undefined],
    ['pod\u0000x', 'cgroupfs', undefined],
    ['pod_x', 'cgroupfs', undefined],
  ] as const)('%j (%s) → %s', (name, driver, expected) => {
    expect(podUidFromDirName(name, driver)).toBe(expected);
  });

  test.prop(
    [
      fc.uuid(),
      fc.constantFrom('guaranteed', 'burstable', 'besteffort' as const),
      fc.constantFrom('systemd', 'cgroupfs' as const),
    ],
    { numRuns: 300 },
  )('a pod path names its UID back', (uid, qos, driver) => {
    const p = cgroupPath(podCgroupName(uid, qos), driver)._unsafeUnwrap();
    expect(podUidFromDirName(p.slice(p.lastIndexOf('/') + 1), driver)).toBe(uid);
  });
});

describe('validation before any path is built', () => {
  it.each([
    [''],
    ['..'],
    ['.'],
    ['../../etc'],
    ['a/b'],
    ['/abs'],
    ['x\u0000y'],
    ['under_score'],
    ['-leading'],
    ['trailing-'],
    ['a'.repeat(129)],
    ['uid with space'],
    ['uid\n'],
  ])('rejects pod UID %j', (uid) => {
    expect(isValidPodUid(uid)).toBe(false);
    expect(validatePodUid(uid)._unsafeUnwrapErr()).toMatchObject({ code: 'invalid-argument' });
  });

  it.each([[UID], ['0123456789abcdef0123456789abcdef'], ['a']])('accepts pod UID %j', (uid) => {
    expect(validatePodUid(uid)._unsafeUnwrap()).toBe(uid);
  });

  it.each([['..'], ['kubepods/..'], ['kube.pods'], ['kube_pods'], ['']])(
    'rejects kubepods name %j',
    (name) => {
      expect(validateCgroupComponent(name, 'kubepods name').isErr()).toBe(true);
    },
  );

  test.prop([fc.string({ maxLength: 40 })], { numRuns: 500 })(
    'no accepted UID can leave its directory',
    (uid) => {
      if (!isValidPodUid(uid)) return;
      for (const bad of ['/', '.', '_', '\u0000']) expect(uid.includes(bad)).toBe(false);
      for (const driver of ['systemd', 'cgroupfs'] as const) {
        const p = cgroupPath(podCgroupName(uid, 'burstable'), driver)._unsafeUnwrap();
        expect(p.split('/').every((c) => c !== '..' && c !== '.')).toBe(true);
      }
    },
  );
});

describe('detectCgroupDriver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evictkit-driver-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('kubepods.slice → systemd, kubepods → cgroupfs, neither → undefined', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const c = join(dir, 'c');
    mkdirSync(join(a, 'kubepods.slice'), { recursive: true });
    mkdirSync(join(b, 'kubepods'), { recursive: true });
    mkdirSync(c);
    expect(detectCgroupDriver(a)).toBe('systemd');
    expect(detectCgroupDriver(b)).toBe('cgroupfs');
    expect(detectCgroupDriver(c)).toBeUndefined();
    expect(detectCgroupDriver(a, '../b')).toBeUndefined();
  });

  it('does not follow a symlinked kubepods', () => {
    const d = join(dir, 'd');
    mkdirSync(d);
    symlinkSync(join(dir, 'b', 'kubepods'), join(d, 'kubepods'));
    expect(detectCgroupDriver(d)).toBeUndefined();
  });
});
