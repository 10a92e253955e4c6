import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CGROUP_SUPER_MAGIC,
  CGROUP2_SUPER_MAGIC,
  detectCgroupLayout,
  detectCgroupVersionAt,
  parseProcCgroup,
} from '../../../src/platform/linux/layout';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

describe('parseProcCgroup', () => {
  it('reads the recorded hybrid /proc/self/cgroup', () => {
    const entries = parseProcCgroup(
      fixture('proc-self-cgroup'),
      '/proc/self/cgroup',
    )._unsafeUnwrap();
    expect(entries).toHaveLength(10);
    expect(entries.find((e) => e.controllers.includes('memory'))?.path).toMatch(/^\/process_api\//);
    expect(entries.find((e) => e.id === 0)).toEqual({ id: 0, controllers: [], path: '/' });
    expect(entries.find((e) => e.controllers.includes('name=systemd'))?.id).toBe(9);
  });

  it('keeps colons inside the path', () => {
    expect(parseProcCgroup('0::/a:b\n', 'f')._unsafeUnwrap()[0]!.path).toBe('/a:b');
  });

  it.each([['garbage\n'], ['x:memory:/\n'], [':memory:/\n'], ['4:memory\n']])(
    '%j is malformed',
    (text) => {
      expect(parseProcCgroup(text, '/proc/self/cgroup')._unsafeUnwrapErr()).toMatchObject({
        code: 'malformed',
        path: '/proc/self/cgroup',
      });
    },
  );
});

const cgroupFsType = (() => {
  try {
    return statfsSync('/sys/fs/cgroup').type;
  } catch {
    return undefined;
  }
})();

describe.skipIf(cgroupFsType === undefined)('detectCgroupLayout on this machine', () => {
  it('agrees with the kernel', () => {
    const layout = detectCgroupLayout()._unsafeUnwrap();
    if (cgroupFsType === CGROUP2_SUPER_MAGIC) {
      expect(layout).toMatchObject({
        kind: 'v2',
        memoryRoot: '/sys/fs/cgroup',
        memoryVersion: 'v2',
      });
    } else if (layout.memoryVersion === 'v1') {
      expect(statfsSync(layout.memoryRoot).type).toBe(CGROUP_SUPER_MAGIC);
      expect(layout.selfMemoryCgroup).toBeDefined();
      // LINUX-PROBE: hybrid here, v1 memory plus a cgroup2 mount at /sys/fs/cgroup/unified
      if (layout.kind === 'hybrid') expect(layout.unifiedRoot).toBe('/sys/fs/cgroup/unified');
    }
  });

  it('fails with a typed error for a mount that does not exist', () => {
    expect(
      detectCgroupLayout({ cgroupMount: '/nonexistent/cgroup' })._unsafeUnwrapErr(),
    ).toMatchObject({
      code: 'not-found',
      path: '/nonexistent/cgroup',
    });
  });

  it('a directory that is no cgroup mount has no memory controller', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evictkit-layout-'));
    try {
      expect(detectCgroupLayout({ cgroupMount: dir })._unsafeUnwrapErr().code).toBe('unsupported');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('detectCgroupVersionAt on a synthetic tree (by trying to open the files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evictkit-version-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const make = (name: string, files: string[]) => {
    const d = join(dir, name);
    mkdirSync(d);
    for (const f of files) writeFileSync(join(d, f), '0\n');
    return d;
  };

  it('memory.current → v2; memory.usage_in_bytes → v1; v2 root → v2; none → unsupported', () => {
    expect(
      detectCgroupVersionAt(make('v2', ['memory.stat', 'memory.current']))._unsafeUnwrap(),
    ).toBe('v2');
    expect(
      detectCgroupVersionAt(make('v1', ['memory.stat', 'memory.usage_in_bytes']))._unsafeUnwrap(),
    ).toBe('v1');
    expect(
      detectCgroupVersionAt(make('v2root', ['memory.stat', 'cgroup.controllers']))._unsafeUnwrap(),
    ).toBe('v2');
    expect(detectCgroupVersionAt(make('none', ['tasks']))._unsafeUnwrapErr().code).toBe(
      'unsupported',
    );
  });

  it('a real v1 memory mount is v1 by its filesystem type', () => {
    const root = '/sys/fs/cgroup/memory';
    let isV1 = false;
    try {
      isV1 = statfsSync(root).type === CGROUP_SUPER_MAGIC;
      closeSync(openSync(join(root, 'memory.stat'), 'r'));
    } catch {
      isV1 = false;
    }
    if (!isV1) return;
    expect(detectCgroupVersionAt(root)._unsafeUnwrap()).toBe('v1');
  });
});
