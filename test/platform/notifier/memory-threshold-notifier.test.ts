import { mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  createMemoryThresholdNotifier,
  detectMemoryCgroupLayout,
  memcgThreshold,
  memoryThresholdDescription,
} from '../../../src/platform/linux/memory-threshold-notifier';
import { Quantity } from '../../../src/signals/quantity';
import type { Summary } from '../../../src/signals/summary';
import { getThresholdQuantity } from '../../../src/signals/threshold-quantity';
import type { Threshold } from '../../../src/signals/types';
import { CgroupSandbox, readUsage, selfMemcgDir } from '../../kernel/cgroups';
import { spawnAllocator } from '../../kernel/children';
import { q } from '../../support/quantity';
import { FakeNotifier } from './fake-notifier';
import { BACKENDS, describeResult, MiB, skipWith, sleep } from './support';

const Gi = 1024n * 1024n * 1024n;

const threshold = (over: Partial<Threshold> = {}): Threshold => ({
  signal: 'memory.available',
  operator: 'LessThan',
  value: { quantity: q('1Gi') },
  gracePeriodMs: 0,
  ...over,
});

const summary = (
  memory: Record<string, number> | undefined,
  pods?: Record<string, number>,
): Summary =>
  ({
    node: {
      nodeName: 'n',
      ...(memory === undefined ? {} : { memory }),
      ...(pods === undefined ? {} : { systemContainers: [{ name: 'pods', memory: pods }] }),
    },
    pods: [],
  }) as unknown as Summary;

const v1 = { unified: false, memoryMount: '/sys/fs/cgroup/memory' };

describe('memcgThreshold (SEMANTICS §11 test vectors)', () => {
  it('node: available 3Gi, workingSet 1Gi, usage 2Gi, threshold 1Gi -> 4Gi', () => {
    const r = memcgThreshold(
      { availableBytes: 3n * Gi, workingSetBytes: 1n * Gi, usageBytes: 2n * Gi },
      { quantity: q('1Gi') },
    );
    expect(r.value()).toBe(4n * Gi);
    expect(r.toString()).toBe('4Gi');
  });

  it('allocatable: available 4Gi, workingSet 1Gi, usage 3Gi, threshold 1Gi -> 6Gi', () => {
    const r = memcgThreshold(
      { availableBytes: 4n * Gi, workingSetBytes: 1n * Gi, usageBytes: 3n * Gi },
      { quantity: q('1Gi') },
    );
    expect(r.value()).toBe(6n * Gi);
  });

  it('percentage: trunc(capacity × float32(p)); 10% of 1000 is 100', () => {
    expect(getThresholdQuantity({ percentage: 0.1 }, Quantity.fromBigInt(1000n)).value()).toBe(
      100n,
    );
    expect(
      memcgThreshold(
        { availableBytes: 900n, workingSetBytes: 100n, usageBytes: 150n },
        { percentage: 0.1 },
      ).value(),
    ).toBe(1000n - 100n + 50n);
  });
});

describe('memoryThresholdDescription', () => {
  it.each([
    [threshold(), 'hard memory eviction threshold'],
    [threshold({ gracePeriodMs: 30_000 }), 'soft memory eviction threshold'],
    [
      threshold({ signal: 'allocatableMemory.available' }),
      'hard allocatable memory eviction threshold',
    ],
    [
      threshold({ signal: 'allocatableMemory.available', gracePeriodMs: 1 }),
      'soft allocatable memory eviction threshold',
    ],
  ])('%#: %s', (t, d) => expect(memoryThresholdDescription(t)).toBe(d));
});

describe('createMemoryThresholdNotifier', () => {
  it('watches the memory mount, or <mount><podCgroupRoot> for allocatable', () => {
    const n = new FakeNotifier();
    const node = createMemoryThresholdNotifier({
      threshold: threshold(),
      notifier: n,
      handler: () => {},
      layout: v1,
    });
    expect(node._unsafeUnwrap().cgroupPath).toBe('/sys/fs/cgroup/memory');
    const alloc = createMemoryThresholdNotifier({
      threshold: threshold({ signal: 'allocatableMemory.available' }),
      podCgroupRoot: '/kubepods',
      notifier: n,
      handler: () => {},
      layout: v1,
    });
    expect(alloc._unsafeUnwrap().cgroupPath).toBe('/sys/fs/cgroup/memory/kubepods');
  });

  it('fails like upstream without a memory mount, and on a non-memory signal', () => {
    const n = new FakeNotifier();
    expect(
      createMemoryThresholdNotifier({
        threshold: threshold(),
        notifier: n,
        handler: () => {},
        layout: { unified: false },
      })._unsafeUnwrapErr(),
    ).toEqual({ code: 'unsupported', message: 'memory cgroup mount point not found' });
    expect(
      createMemoryThresholdNotifier({
        threshold: threshold({ signal: 'nodefs.available' }),
        notifier: n,
        handler: () => {},
        layout: v1,
      })._unsafeUnwrapErr().code,
    ).toBe('invalid-argument');
  });

  it('updateThreshold registers capacity − evictAt + inactiveFile on memory.usage_in_bytes', () => {
    const n = new FakeNotifier();
    const tn = createMemoryThresholdNotifier({
      threshold: threshold(),
      notifier: n,
      handler: () => {},
      layout: v1,
      now: () => 0,
    })._unsafeUnwrap();
    const r = tn.updateThreshold(
      summary({ availableBytes: 3 * 2 ** 30, workingSetBytes: 2 ** 30, usageBytes: 2 * 2 ** 30 }),
    );
    expect(r._unsafeUnwrap()).toBe('updated');
    expect(n.specs).toEqual([
      {
        kind: 'threshold',
        cgroup: '/sys/fs/cgroup/memory',
        attribute: 'memory.usage_in_bytes',
        bytes: 4n * Gi,
      },
    ]);
    expect(tn.memcgThresholdBytes).toBe(4n * Gi);
  });

  it('the allocatable variant reads the "pods" system container', () => {
    const n = new FakeNotifier();
    const tn = createMemoryThresholdNotifier({
      threshold: threshold({ signal: 'allocatableMemory.available' }),
      podCgroupRoot: '/kubepods',
      notifier: n,
      handler: () => {},
      layout: v1,
    })._unsafeUnwrap();
    const s = summary(undefined, {
      availableBytes: 4 * 2 ** 30,
      workingSetBytes: 2 ** 30,
      usageBytes: 3 * 2 ** 30,
    });
    tn.updateThreshold(s)._unsafeUnwrap();
    expect(n.specs[0]).toMatchObject({ cgroup: '/sys/fs/cgroup/memory/kubepods', bytes: 6n * Gi });
  });

  it('refreshes at most every 10 s (strictly more than 10 s since the last attempt)', () => {
    const n = new FakeNotifier();
    let now = 1_000_000;
    const tn = createMemoryThresholdNotifier({
      threshold: threshold(),
      notifier: n,
      handler: () => {},
      layout: v1,
      now: () => now,
    })._unsafeUnwrap();
    const s = summary({
      availableBytes: 3 * 2 ** 30,
      workingSetBytes: 2 ** 30,
      usageBytes: 2 * 2 ** 30,
    });
    expect(tn.updateThreshold(s)._unsafeUnwrap()).toBe('updated');
    now += 5_000;
    expect(tn.updateThreshold(s)._unsafeUnwrap()).toBe('skipped');
    now += 5_000; // exactly 10 s
    expect(tn.updateThreshold(s)._unsafeUnwrap()).toBe('skipped');
    now += 1;
    expect(tn.updateThreshold(s)._unsafeUnwrap()).toBe('updated');
    // The previous cgroup notifier was stopped before the new one started.
    expect(n.handles.map((h) => h.closed)).toEqual([true, false]);
  });

  it('returns upstream errors for an incomplete summary or a missing pods container', () => {
    const n = new FakeNotifier();
    const tn = createMemoryThresholdNotifier({
      threshold: threshold(),
      notifier: n,
      handler: () => {},
      layout: v1,
    })._unsafeUnwrap();
    expect(tn.updateThreshold(summary({ availableBytes: 1 }))._unsafeUnwrapErr().message).toMatch(
      /^summary was incomplete\. {2}Expected MemoryStats and all subfields to be non-nil, but got /,
    );
    const alloc = createMemoryThresholdNotifier({
      threshold: threshold({ signal: 'allocatableMemory.available' }),
      notifier: n,
      handler: () => {},
      layout: v1,
    })._unsafeUnwrap();
    expect(alloc.updateThreshold(summary({}))._unsafeUnwrapErr().message).toBe(
      'system container "pods" not found in metrics',
    );
    expect(n.specs).toEqual([]);
  });

  it('cgroup v2: a disabled no-op notifier, no error, no watch', () => {
    const n = new FakeNotifier();
    const tn = createMemoryThresholdNotifier({
      threshold: threshold(),
      notifier: n,
      handler: () => {},
      layout: { unified: true, memoryMount: '/sys/fs/cgroup' },
    })._unsafeUnwrap();
    expect(tn.enabled).toBe(false);
    expect(
      tn
        .updateThreshold(summary({ availableBytes: 3, workingSetBytes: 1, usageBytes: 2 }))
        ._unsafeUnwrap(),
    ).toBe('updated');
    expect(n.specs).toEqual([]);
  });

  it('calls the handler with "eviction manager: <description> crossed", holding one event until start()', () => {
    const n = new FakeNotifier();
    const handler = vi.fn();
    const tn = createMemoryThresholdNotifier({
      threshold: threshold({ gracePeriodMs: 60_000 }),
      notifier: n,
      handler,
      layout: v1,
    })._unsafeUnwrap();
    tn.updateThreshold(
      summary({ availableBytes: 3, workingSetBytes: 1, usageBytes: 2 }),
    )._unsafeUnwrap();
    n.last.emit({ type: 'crossed', time: 1 });
    n.last.emit({ type: 'crossed', time: 2 });
    expect(handler).not.toHaveBeenCalled();
    tn.start();
    expect(handler.mock.calls).toEqual([
      ['eviction manager: soft memory eviction threshold crossed'],
    ]);
    n.last.emit({ type: 'crossed', time: 3 });
    expect(handler).toHaveBeenCalledTimes(2);
    tn.close();
    expect(n.last.closed).toBe(true);
  });

  it('a watch that ends by itself reports its error and is replaced on the next update', () => {
    const n = new FakeNotifier();
    const onError = vi.fn();
    let now = 0;
    const tn = createMemoryThresholdNotifier({
      threshold: threshold(),
      notifier: n,
      handler: () => {},
      layout: v1,
      onError,
      now: () => now,
    })._unsafeUnwrap();
    const s = summary({ availableBytes: 3, workingSetBytes: 1, usageBytes: 2 });
    tn.updateThreshold(s);
    const error = { code: 'permission', path: '/x', errno: 'EACCES', message: 'no' } as const;
    n.last.end('error', error);
    expect(onError).toHaveBeenCalledWith(error);
    now = 20_000;
    tn.updateThreshold(s);
    expect(n.handles).toHaveLength(2);
    expect(n.last.closed).toBe(false);
  });

  it("detects this machine's layout without throwing", () => {
    const l = detectMemoryCgroupLayout();
    expect(typeof l.unified).toBe('boolean');
  });
});

describe('detectMemoryCgroupLayout (cm.GetCgroupSubsystems)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evictkit-mountinfo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const mountinfo = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const line = (id: number, point: string, fstype: string, superOptions: string) =>
    `${id} 1 0:${id} / ${point} rw,nosuid - ${fstype} ${fstype} ${superOptions}`;

  it.each([
    [
      'getCgroupSubsystemsV1: of two memory mounts, the shortest mount point wins (kubernetes#95488)',
      [
        line(30, '/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
        line(31, '/mem', 'cgroup', 'rw,memory'),
        line(32, '/c', 'cgroup', 'rw,cpu,cpuacct'),
      ],
      '/mem',
    ],
    [
      'a co-mounted memory controller counts; other filesystem types do not',
      [
        line(40, '/m', 'tmpfs', 'rw,memory'),
        line(41, '/sys/fs/cgroup/memory,blkio', 'cgroup', 'rw,memory,blkio'),
      ],
      '/sys/fs/cgroup/memory,blkio',
    ],
    [
      'mountinfo escapes (\\040) are undone',
      [line(50, '/cg\\040mem', 'cgroup', 'rw,memory')],
      '/cg mem',
    ],
    ['no memory mount: not found', [line(60, '/c', 'cgroup', 'rw,cpu')], undefined],
  ])('%s', (name, lines, expected) => {
    const file = mountinfo(name.slice(0, 20).replace(/\W/g, '_'), lines);
    // A directory that is not a cgroup2 mount: the v1 path, as on hybrid hosts.
    expect(detectMemoryCgroupLayout(dir, file)).toEqual(
      expected === undefined ? { unified: false } : { unified: false, memoryMount: expected },
    );
  });

  it('a cgroup mount that cannot be statfs\'d is "not unified" (runc): mountinfo still decides', () => {
    const file = mountinfo('nostatfs', [line(70, '/x/memory', 'cgroup', 'rw,memory')]);
    expect(detectMemoryCgroupLayout(join(dir, 'missing'), file)).toEqual({
      unified: false,
      memoryMount: '/x/memory',
    });
  });

  const unified = '/sys/fs/cgroup/unified';
  const v2 = (() => {
    try {
      return statfsSync(unified).type === 0x63677270
        ? readFileSync(join(unified, 'cgroup.controllers'), 'utf8')
        : undefined;
    } catch {
      return undefined;
    }
  })();
  it.skipIf(v2 === undefined || v2.split(/\s+/).includes('memory'))(
    'getCgroupSubsystemsV2: cgroup2 without memory in cgroup.controllers has no memory mount',
    () => {
      expect(detectMemoryCgroupLayout(unified)).toEqual({ unified: true });
    },
  );
});

describe.each(BACKENDS)('memory threshold notifier on the real kernel ($name)', (backend) => {
  const sandbox = new CgroupSandbox();
  afterAll(async () => {
    expect(await sandbox.cleanup()).toEqual([]);
  });

  it('calls the handler when the watched memcg crosses the computed threshold', async (ctx) => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    const parent = selfMemcgDir();
    if (!parent.ok) skipWith(ctx, parent.reason);
    const cg = sandbox.make(parent.value, 'mtn');
    if (!cg.ok) skipWith(ctx, cg.reason);
    const child = await spawnAllocator();
    sandbox.track(child.pid);
    const moved = sandbox.move(child.pid, cg.value);
    if (!moved.ok) skipWith(ctx, moved.reason);
    const notifier = backend.create();
    const messages: string[] = [];
    // The allocatable variant pointed at our test memcg: mount = parent, podCgroupRoot = /<name>.
    const tn = createMemoryThresholdNotifier({
      threshold: threshold({
        signal: 'allocatableMemory.available',
        value: { quantity: q('960Mi') },
      }),
      podCgroupRoot: cg.value.slice(parent.value.length),
      notifier,
      handler: (m) => messages.push(m),
      layout: { unified: false, memoryMount: parent.value },
    })._unsafeUnwrap();
    tn.start();
    expect(tn.cgroupPath).toBe(cg.value);
    // usage = workingSet = U (no inactive file), available 1Gi, threshold 960Mi: U + 64Mi.
    const usage = Number(readUsage(cg.value));
    tn.updateThreshold(
      summary(undefined, { availableBytes: 2 ** 30, workingSetBytes: usage, usageBytes: usage }),
    )._unsafeUnwrap();
    expect(tn.memcgThresholdBytes).toBe(BigInt(usage) + 64n * MiB);
    expect(describeResult(await tn.registered())).toBe('ok');
    child.send('alloc 128');
    expect(await child.next()).toBe('allocated 128');
    const end = Date.now() + 5000;
    while (messages.length === 0 && Date.now() < end) await sleep(10);
    expect(messages[0]).toBe(
      'eviction manager: hard allocatable memory eviction threshold crossed',
    );
    tn.close();
    notifier.close();
    await child.kill();
  });
});
