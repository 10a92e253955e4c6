import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  availableBytes,
  cgroupMemory,
  isMemoryUnlimited,
  parseCgroupValue,
  parseFlatKeyed,
  parsePidsCurrent,
  parseProcsCount,
  v2RootUsage,
} from '../../../src/platform/linux/cgroup-stats';
import {
  bareContainerId,
  containerIdOfCgroup,
  isRuntimeHelperCgroup,
} from '../../../src/platform/linux/container-cgroups';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

describe('parseFlatKeyed on recorded memory.stat files', () => {
  it('v1 child memcg (recorded on kernel 6.18)', () => {
    const stat = parseFlatKeyed(fixture('v1-memory.stat'), 'memory.stat')._unsafeUnwrap();
    expect(stat.size).toBe(42);
    expect(stat.get('total_inactive_file')).toBe(290816);
    expect(stat.get('total_rss')).toBe(1941504);
    expect(stat.get('pgfault')).toBe(515717);
    expect(stat.get('pgmajfault')).toBe(10);
    // 9223372036854771712 is above 2^53: the magnitude survives, which is all "unlimited" needs.
    expect(isMemoryUnlimited(stat.get('hierarchical_memory_limit')!)).toBe(true);
  });

  it('v1 root memcg', () => {
    const stat = parseFlatKeyed(fixture('v1-root-memory.stat'), 'memory.stat')._unsafeUnwrap();
    expect(stat.get('total_inactive_file')).toBe(202883072);
    expect(stat.get('total_rss')).toBe(22974464);
  });

  it('v2 memory.stat (runc test data)', () => {
    const stat = parseFlatKeyed(fixture('v2-memory.stat'), 'memory.stat')._unsafeUnwrap();
    expect(stat.size).toBe(40);
    expect(stat.get('anon')).toBe(790425600);
    expect(stat.get('file')).toBe(6502666240);
    expect(stat.get('inactive_file')).toBe(5307346944);
    expect(stat.get('pgfault')).toBe(103216687);
  });

  it('accepts an empty file and a missing final newline', () => {
    expect(parseFlatKeyed('', 'f')._unsafeUnwrap().size).toBe(0);
    expect(parseFlatKeyed('a 1\nb 2', 'f')._unsafeUnwrap().get('b')).toBe(2);
  });
});

describe('malformed memory.stat is a typed error naming the file', () => {
  const cases: Array<[string, string]> = [
    ['no value', 'cache\n'],
    ['negative value', 'cache -1\n'],
    ['non-numeric value', 'cache 12kB\n'],
    ['two spaces', 'cache  1\n'],
    ['three fields', 'cache 1 2\n'],
    ['blank line in the middle', 'cache 1\n\nrss 2\n'],
    ['leading space', ' cache 1\n'],
    ['html', '<html>\n'],
  ];
  it.each(cases)('%s', (_, text) => {
    const result = parseFlatKeyed(text, '/sys/fs/cgroup/memory/x/memory.stat');
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'malformed', path: '/sys/fs/cgroup/memory/x/memory.stat' });
    expect(error.message).toMatch(/^line \d+/);
  });
});

describe('cgroupMemory: cAdvisor setMemoryStats', () => {
  it('v1: working set = usage − total_inactive_file, rss = total_rss', () => {
    const stat = parseFlatKeyed(fixture('v1-memory.stat'), 'memory.stat')._unsafeUnwrap();
    const usage = parseCgroupValue(fixture('v1-memory.usage_in_bytes'), 'u')._unsafeUnwrap();
    expect(usage).toBe(4198400);
    expect(cgroupMemory('v1', usage, stat)).toEqual({
      usageBytes: 4198400,
      workingSetBytes: 4198400 - 290816,
      rssBytes: 1941504,
      pageFaults: 515717,
      majorPageFaults: 10,
    });
  });

  it('v2: working set = usage − inactive_file, rss = anon', () => {
    const stat = parseFlatKeyed(fixture('v2-memory.stat'), 'memory.stat')._unsafeUnwrap();
    const usage = 7_500_000_000;
    expect(cgroupMemory('v2', usage, stat)).toEqual({
      usageBytes: usage,
      workingSetBytes: usage - 5307346944,
      rssBytes: 790425600,
      pageFaults: 103216687,
      majorPageFaults: 6879,
    });
  });

  it('v2 root usage is anon + file (runc rootStatsFromMeminfo)', () => {
    const stat = parseFlatKeyed(fixture('v2-memory.stat'), 'memory.stat')._unsafeUnwrap();
    expect(v2RootUsage(stat)).toBe(790425600 + 6502666240);
  });

  it('floors the working set at 0 when inactive file exceeds usage', () => {
    const stat = new Map([['total_inactive_file', 5000]]);
    expect(cgroupMemory('v1', 4000, stat).workingSetBytes).toBe(0);
  });

  it('uses the whole usage when the inactive-file key is missing', () => {
    expect(cgroupMemory('v1', 4000, new Map()).workingSetBytes).toBe(4000);
    // the v2 key is not read on v1 (cAdvisor keys by mode, not by presence)
    expect(cgroupMemory('v1', 4000, new Map([['inactive_file', 1000]])).workingSetBytes).toBe(4000);
  });

  test.prop([fc.nat(), fc.nat()], { numRuns: 300 })(
    'working set is within [0, usage]',
    (usage, inactive) => {
      const ws = cgroupMemory('v2', usage, new Map([['inactive_file', inactive]])).workingSetBytes;
      expect(ws).toBeGreaterThanOrEqual(0);
      expect(ws).toBeLessThanOrEqual(usage);
      expect(ws).toBe(Math.max(0, usage - inactive));
    },
  );
});

describe('single-value files', () => {
  it('reads recorded values', () => {
    const limit = parseCgroupValue(fixture('v1-memory.limit_in_bytes'), 'l')._unsafeUnwrap();
    expect(limit).toBe(Number(9223372036854771712n));
    expect(parsePidsCurrent(fixture('pids.current'), 'pids.current')._unsafeUnwrap()).toBe(1);
    expect(parseCgroupValue(fixture('pids.max'), 'pids.max')._unsafeUnwrap()).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(parseCgroupValue('max\n', 'memory.max')._unsafeUnwrap()).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([[''], ['\n'], ['-1\n'], ['12 34\n'], ['0x10\n'], ['maximum\n'], ['1e9\n']])(
    'rejects %j as malformed',
    (text) => {
      expect(parseCgroupValue(text, '/x/memory.current')._unsafeUnwrapErr()).toMatchObject({
        code: 'malformed',
        path: '/x/memory.current',
      });
    },
  );
});

describe('parseProcsCount: cAdvisor processStatsFromProcs', () => {
  it('counts the recorded cgroup.procs lines', () => {
    expect(parseProcsCount(fixture('cgroup.procs'), 'cgroup.procs')._unsafeUnwrap()).toBe(5);
  });
  it('an empty file is zero processes', () => {
    expect(parseProcsCount('', 'p')._unsafeUnwrap()).toBe(0);
  });
  it.each([['12\nabc\n'], ['12\n\n13\n'], ['-5\n']])('rejects %j', (text) => {
    expect(parseProcsCount(text, '/x/cgroup.procs')._unsafeUnwrapErr()).toMatchObject({
      code: 'malformed',
      path: '/x/cgroup.procs',
    });
  });
  test.prop([fc.array(fc.integer({ min: 1, max: 4194304 }), { maxLength: 200 })], {
    numRuns: 200,
  })('counts one per pid line', (pids) => {
    const text = pids.map((p) => `${p}\n`).join('');
    expect(parseProcsCount(text, 'p')._unsafeUnwrap()).toBe(pids.length);
  });
});

describe('availableBytes (kubelet: limit − working set when the limit is known)', () => {
  it.each([
    ['finite limit', 1000, 400, 600],
    // helper.go subtracts without a floor (uint64; int64(...) in the eviction manager): negative
    ['working set above a lowered limit is negative, not floored', 1000, 1200, -200],
    ['v1 unlimited (9223372036854771712)', Number(9223372036854771712n), 400, undefined],
    ['v2 max', Number.POSITIVE_INFINITY, 400, undefined],
    ['exactly 2^62 still counts as a limit', 2 ** 62, 0, 2 ** 62],
  ])('%s', (_, limit, ws, expected) => {
    expect(availableBytes(limit, ws)).toBe(expected);
  });
});

test.prop([fc.dictionary(fc.stringMatching(/^[a-z_]{1,20}$/), fc.maxSafeNat(), { maxKeys: 60 })], {
  numRuns: 300,
})('parseFlatKeyed reads back what was written', (entries) => {
  const text = Object.entries(entries)
    .map(([k, v]) => `${k} ${v}\n`)
    .join('');
  const parsed = parseFlatKeyed(text, 'f')._unsafeUnwrap();
  expect(Object.fromEntries(parsed)).toEqual(entries);
});

describe('container cgroup names (what a pod cgroup child is)', () => {
  it.each([
    ['cri-containerd-abc123.scope', 'abc123'],
    ['crio-abc123.scope', 'abc123'],
    ['docker-abc123.scope', 'abc123'],
    ['abc123', 'abc123'],
    ['crio-abc123', 'abc123'],
  ])('%s names container %s', (name, id) => {
    expect(containerIdOfCgroup(name)).toBe(id);
    expect(isRuntimeHelperCgroup(name)).toBe(false);
  });

  it('CRI-O conmon cgroups are runtime helpers, never a container', () => {
    expect(isRuntimeHelperCgroup('crio-conmon-abc123.scope')).toBe(true);
    expect(isRuntimeHelperCgroup('crio-conmon-abc123')).toBe(true);
  });

  it('pod status container IDs lose their runtime scheme', () => {
    expect(bareContainerId('containerd://abc123')).toBe('abc123');
    expect(bareContainerId('cri-o://abc123')).toBe('abc123');
    expect(bareContainerId('abc123')).toBe('abc123');
  });
});
