import { describe, expect, it, vi } from 'vitest';
import {
  createPsiEarlyWarning,
  DEFAULT_PSI_EARLY_WARNING,
  podsMemoryPressurePath,
} from '../../../src/platform/linux/psi-early-warning';
import { isUnprivilegedPsiWindow } from '../../../src/platform/notifier/psi';
import { probePsiTriggers } from '../../../src/platform/notifier/psi-probe';
import { FakeNotifier } from './fake-notifier';
import { BACKENDS, skipWith } from './support';

const PRESSURE =
  'some avg10=7.30 avg60=1.50 avg300=0.31 total=1400000\nfull avg10=4.10 avg60=0.90 avg300=0.20 total=900000\n';

describe('PSI early warning', () => {
  it('watches /proc/pressure/memory with "some 100000 2000000" by default (an unprivileged window)', () => {
    const n = new FakeNotifier();
    const w = createPsiEarlyWarning({ notifier: n, handler: () => {} })._unsafeUnwrap();
    expect(n.specs).toEqual([
      {
        kind: 'psi',
        path: '/proc/pressure/memory',
        type: 'some',
        stallUs: 100_000,
        windowUs: 2_000_000,
      },
    ]);
    expect(w.trigger).toBe('some 100000 2000000');
    expect(isUnprivilegedPsiWindow(DEFAULT_PSI_EARLY_WARNING.windowUs)).toBe(true);
  });

  it('builds the pods cgroup path', () => {
    expect(podsMemoryPressurePath('/sys/fs/cgroup', '/kubepods')).toBe(
      '/sys/fs/cgroup/kubepods/memory.pressure',
    );
    expect(podsMemoryPressurePath('/sys/fs/cgroup/', 'kubepods.slice')).toBe(
      '/sys/fs/cgroup/kubepods.slice/memory.pressure',
    );
    expect(podsMemoryPressurePath('/sys/fs/cgroup', '/')).toBe('/sys/fs/cgroup/memory.pressure');
  });

  it('turns a pressure event into a warning with the parsed PSI figures', () => {
    const n = new FakeNotifier();
    const handler = vi.fn();
    createPsiEarlyWarning({
      notifier: n,
      handler,
      type: 'full',
      stallUs: 200_000,
      windowUs: 4_000_000,
    });
    n.last.emit({ type: 'pressure', time: 42, detail: PRESSURE });
    const warning = handler.mock.calls[0]?.[0];
    expect(warning).toMatchObject({
      time: 42,
      path: '/proc/pressure/memory',
      trigger: 'full 200000 4000000',
      pressure: { some: { avg10: 7.3 }, full: { avg10: 4.1, totalUs: 900_000n } },
    });
    expect(warning.message).toBe(
      'memory pressure: full stall reached 200 ms within 4 s on /proc/pressure/memory (full avg10=4.10%)',
    );
  });

  it('reports a watch that ended by itself, but not a close by the caller', () => {
    const n = new FakeNotifier();
    const onClosed = vi.fn();
    const w = createPsiEarlyWarning({ notifier: n, handler: () => {}, onClosed })._unsafeUnwrap();
    n.last.end('cgroup-removed');
    expect(onClosed).toHaveBeenCalledWith(expect.objectContaining({ reason: 'cgroup-removed' }));
    expect(w.closed).toBe(true);
    const n2 = new FakeNotifier();
    const onClosed2 = vi.fn();
    createPsiEarlyWarning({ notifier: n2, handler: () => {}, onClosed: onClosed2 })
      ._unsafeUnwrap()
      .close();
    expect(onClosed2).not.toHaveBeenCalled();
  });

  it('rejects bad input without throwing', () => {
    const n = new FakeNotifier();
    expect(createPsiEarlyWarning({ notifier: n, handler: undefined as never }).isErr()).toBe(true);
    const bad = createPsiEarlyWarning({
      notifier: BACKENDS[1]!.create(),
      handler: () => {},
      stallUs: 0,
    });
    expect(bad._unsafeUnwrapErr().code).toBe('invalid-argument');
  });
});

describe.each(BACKENDS)('PSI early warning on the real kernel ($name)', (backend) => {
  it('registers the default trigger; a refused window comes back with the rules', async (ctx) => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    const notifier = backend.create();
    const ok = createPsiEarlyWarning({ notifier, handler: () => {} })._unsafeUnwrap();
    const r = await ok.ready;
    if (r.isErr()) skipWith(ctx, `no PSI here: ${r.error.message}`);
    const fast = createPsiEarlyWarning({
      notifier,
      handler: () => {},
      windowUs: 1_000_000,
    })._unsafeUnwrap();
    const f = await fast.ready;
    if (backend.name === 'native' && f.isErr()) {
      expect(f.error).toMatchObject({ code: 'io', errno: 'EINVAL', syscall: 'write' });
      expect(f.error.message).toMatch(/multiple of 2 s from 2 s to 10 s/);
    } else {
      expect(f.isOk()).toBe(true); // privileged, or the polling model (no kernel trigger)
    }
    notifier.close();
  });
});

describe.each(BACKENDS)('probePsiTriggers ($name)', (backend) => {
  it('finds out by trying which windows the kernel takes', async (ctx) => {
    if (backend.unavailable !== undefined) skipWith(ctx, backend.unavailable);
    const notifier = backend.create();
    const r = (await probePsiTriggers(notifier))._unsafeUnwrap();
    console.log(`[${backend.name}] PSI triggers on /proc/pressure/memory: ${JSON.stringify(r)}`);
    if (!r.supported) skipWith(ctx, `no PSI triggers here: ${r.reason}`);
    if (backend.name === 'poll') expect(r.subTwoSecondWindows).toBe(true);
    const bad = await probePsiTriggers(notifier, '/etc/passwd');
    expect(bad._unsafeUnwrapErr().code).toBe('invalid-path');
    expect(notifier.size).toBe(0);
    notifier.close();
  });
});
