import { describe, expect, it, vi } from 'vitest';
import { WatchHandle } from '../../../src/platform/notifier/watch-handle';
import type { WatchEvent } from '../../../src/platform/types';

const clock = () => 1000;

describe('WatchHandle', () => {
  it('close(): releases once, resolves ready with closed, emits closed once, last', async () => {
    const release = vi.fn();
    const h = new WatchHandle(release, clock);
    const events: WatchEvent[] = [];
    h.on((e) => events.push(e));
    h.close();
    h.close();
    h.emit({ type: 'crossed', time: 1 });
    expect(release).toHaveBeenCalledTimes(1);
    expect((await h.ready)._unsafeUnwrapErr().code).toBe('closed');
    expect(events).toEqual([{ type: 'closed', time: 1000, reason: 'closed-by-caller' }]);
    expect(h.closed).toBe(true);
  });

  it('end(error): ready carries the error, the closed event too', async () => {
    const h = new WatchHandle(() => {}, clock);
    const events: WatchEvent[] = [];
    h.on((e) => events.push(e));
    const error = { code: 'not-found', path: '/x', message: 'gone' } as const;
    h.end('error', error);
    expect((await h.ready)._unsafeUnwrapErr()).toEqual(error);
    expect(events).toEqual([{ type: 'closed', time: 1000, reason: 'error', error }]);
  });

  it('markReady then end(cgroup-removed): ready stays ok', async () => {
    const h = new WatchHandle(() => {}, clock);
    h.markReady();
    h.end('cgroup-removed');
    expect((await h.ready).isOk()).toBe(true);
  });

  it('unsubscribe works, and subscribing after close is a no-op', () => {
    const h = new WatchHandle(() => {}, clock);
    const l = vi.fn();
    const off = h.on(l);
    off();
    h.emit({ type: 'changed', time: 1 });
    expect(l).not.toHaveBeenCalled();
    h.close();
    expect(typeof h.on(l)).toBe('function');
  });

  it('a throwing listener does not stop the others; the error surfaces asynchronously', async () => {
    const h = new WatchHandle(() => {}, clock);
    const second = vi.fn();
    h.on(() => {
      throw new Error('boom');
    });
    h.on(second);
    // The rethrow happens in process.nextTick; run that callback here to catch it.
    const thrown = new Promise<unknown>((resolve) => {
      vi.spyOn(process, 'nextTick').mockImplementationOnce(((fn: () => void) => {
        try {
          fn();
        } catch (e) {
          resolve(e);
        }
      }) as never);
    });
    h.emit({ type: 'oom', time: 5 });
    expect(second).toHaveBeenCalledWith({ type: 'oom', time: 5 });
    expect(((await thrown) as Error).message).toBe('boom');
  });
});
