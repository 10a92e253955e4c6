import type { BigIntStatsFs } from 'node:fs';
import { readFileSync, statfsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fsStatsFromStatfs,
  memoryCapacityBytes,
  parseBootTime,
  parseLoadavgTaskCount,
  parseMeminfo,
  parseTaskLimit,
  rlimitStats,
} from '../../../src/platform/linux/node-stats';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

describe('parseMeminfo', () => {
  it('reads the recorded /proc/meminfo in bytes', () => {
    const m = parseMeminfo(fixture('meminfo'), '/proc/meminfo')._unsafeUnwrap();
    expect(m.size).toBe(54);
    expect(m.get('MemTotal')).toBe(24684084 * 1024);
    expect(m.get('MemAvailable')).toBe(24132660 * 1024);
    // unit-less counters stay counts
    expect(m.get('HugePages_Total')).toBe(0);
    expect(memoryCapacityBytes(m, '/proc/meminfo')._unsafeUnwrap()).toBe(25276502016);
  });

  it.each([
    ['garbage line', 'MemTotal: 10 kB\nhello\n'],
    ['value not a number', 'MemTotal: ten kB\n'],
    ['wrong unit', 'MemTotal: 10 MB\n'],
    ['missing colon', 'MemTotal 10 kB\n'],
  ])('%s is malformed and names the file', (_, text) => {
    expect(parseMeminfo(text, '/proc/meminfo')._unsafeUnwrapErr()).toMatchObject({
      code: 'malformed',
      path: '/proc/meminfo',
    });
  });

  it('no MemTotal is malformed', () => {
    const m = parseMeminfo('MemFree: 10 kB\n', '/proc/meminfo')._unsafeUnwrap();
    expect(memoryCapacityBytes(m, '/proc/meminfo')._unsafeUnwrapErr()).toMatchObject({
      code: 'malformed',
      path: '/proc/meminfo',
    });
  });
});

describe('rlimit (pkg/kubelet/stats/pidlimit/pidlimit_linux.go)', () => {
  it('reads the recorded task limits and loadavg', () => {
    expect(parseTaskLimit(fixture('pid_max'))).toBe(32768);
    expect(parseTaskLimit(fixture('threads-max'))).toBe(192730);
    expect(parseLoadavgTaskCount(fixture('loadavg'))).toBe(641);
  });

  it('maxpid is the smaller of pid_max and threads-max', () => {
    expect(rlimitStats({ time: 1, pidMax: '32768\n', threadsMax: '192730\n' }).maxpid).toBe(32768);
    expect(rlimitStats({ time: 1, pidMax: '4194304\n', threadsMax: '63000\n' }).maxpid).toBe(63000);
  });

  it('a file that does not parse is skipped; neither parsing leaves maxpid absent', () => {
    expect(rlimitStats({ time: 1, pidMax: 'x\n', threadsMax: '500\n' }).maxpid).toBe(500);
    expect(rlimitStats({ time: 1, pidMax: 'x\n' })).toEqual({ time: 1 });
  });

  // pidlimit.Stats: taskMax starts at -1 ("none yet"), takes a limit when it is still -1 or the
  // limit is smaller, and MaxPID is set only when taskMax >= 0 at the end.
  it.each([
    ['negative pid_max: wins the minimum, no maxpid', '-5\n', '500\n', undefined],
    ['negative threads-max: wins the minimum, no maxpid', '500\n', '-5\n', undefined],
    ['pid_max -1 reads as "none yet": threads-max is the limit', '-1\n', '500\n', 500],
    ['threads-max -1 after a limit: wins the minimum, no maxpid', '500\n', '-1\n', undefined],
    ['both negative', '-7\n', '-3\n', undefined],
    ['0 is a limit', '0\n', '500\n', 0],
    ['a signed positive value parses', '+400\n', '500\n', 400],
  ])('%s', (_, pidMax, threadsMax, maxpid) => {
    expect(rlimitStats({ time: 1, pidMax, threadsMax }).maxpid).toBe(maxpid);
  });

  it('values outside int64 do not parse (strconv.ParseInt range error), as in the kubelet', () => {
    expect(parseTaskLimit('9223372036854775807\n')).toBe(2 ** 63);
    expect(parseTaskLimit('9223372036854775808\n')).toBeUndefined();
    expect(parseTaskLimit('-9223372036854775809\n')).toBeUndefined();
    expect(
      rlimitStats({ time: 1, pidMax: '99999999999999999999\n', threadsMax: '500\n' }).maxpid,
    ).toBe(500);
    expect(parseLoadavgTaskCount('1 2 3 1/99999999999999999999 5')).toBeUndefined();
    expect(parseLoadavgTaskCount('1 2 3 1/-4 5')).toBe(-4);
  });

  it('drops the last byte before parsing, like content[:len(content)-1]', () => {
    expect(parseTaskLimit('32768\n')).toBe(32768);
    // QUIRK mirrored: without a trailing newline the last digit goes.
    expect(parseTaskLimit('32768')).toBe(3276);
    expect(parseTaskLimit('')).toBeUndefined();
    expect(parseTaskLimit('\n')).toBeUndefined();
  });

  it('curproc is the loadavg total, else the fallback count', () => {
    expect(rlimitStats({ time: 1, loadavg: '1.36 3.49 4.53 2/3518 3715089\n' }).curproc).toBe(3518);
    expect(rlimitStats({ time: 1, loadavg: 'nonsense', fallbackCount: () => 77 }).curproc).toBe(77);
    expect(rlimitStats({ time: 1, loadavg: '1 2 3 4 5' }).curproc).toBeUndefined();
  });

  it.each([
    ['too few fields', '1 2 3 4/5'],
    ['no slash', '1 2 3 45 6'],
    ['two slashes', '1 2 3 4/5/6 7'],
  ])('loadavg %s is not a task count', (_, text) => {
    expect(parseLoadavgTaskCount(text)).toBeUndefined();
  });
});

describe('fsStatsFromStatfs (cAdvisor getVfsStats + kubelet RootFsStats)', () => {
  const statfs = (over: Partial<BigIntStatsFs>): BigIntStatsFs => ({
    type: 0xef53n,
    bsize: 4096n,
    blocks: 1000n,
    bfree: 300n,
    bavail: 250n,
    files: 640n,
    ffree: 600n,
    ...over,
  });

  it('capacity, available (bavail), used (blocks − bfree), inodes', () => {
    expect(fsStatsFromStatfs(statfs({}), 42)).toEqual({
      time: 42,
      capacityBytes: 1000 * 4096,
      availableBytes: 250 * 4096,
      usedBytes: 700 * 4096,
      inodes: 640,
      inodesFree: 600,
      inodesUsed: 40,
    });
  });

  it('clamps beyond 2^53 so the Summary stays exact JSON', () => {
    const s = fsStatsFromStatfs(statfs({ blocks: 1n << 60n, bfree: 0n, bavail: 0n }), 0);
    expect(s.capacityBytes).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('matches statfs of / on this machine', () => {
    const s = statfsSync('/', { bigint: true });
    const stats = fsStatsFromStatfs(s, 0);
    expect(stats.capacityBytes).toBe(Number(s.blocks * s.bsize));
    expect(stats.availableBytes).toBeLessThanOrEqual(stats.capacityBytes!);
  });
});

describe('parseBootTime', () => {
  it('reads btime from /proc/stat', () => {
    expect(parseBootTime('cpu  1 2 3\nbtime 1795632696\nprocesses 10\n')).toBe(1795632696000);
    expect(parseBootTime('cpu 1\n')).toBeUndefined();
  });
});
