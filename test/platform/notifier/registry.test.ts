import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadNotifierAddon } from '../../../src/platform/linux/native/loader';
import {
  _resetFallbackWarningForTests,
  createNotifier,
  FALLBACK_WARNING_CODE,
} from '../../../src/platform/notifier/registry';

const nativeLoads = loadNotifierAddon().isOk();

describe('createNotifier', () => {
  afterEach(() => {
    _resetFallbackWarningForTests();
    vi.restoreAllMocks();
  });

  it('poll always works', () => {
    expect(createNotifier({ backend: 'poll' })._unsafeUnwrap().backend).toBe('poll');
  });

  it.runIf(nativeLoads)('default resolves to native when the addon loads', () => {
    const logger = vi.fn();
    expect(createNotifier({ logger, env: {} })._unsafeUnwrap().backend).toBe('native');
    expect(logger).not.toHaveBeenCalled();
  });

  it('EVICTKIT_NOTIFIER=poll forces polling for default', () => {
    const logger = vi.fn();
    expect(
      createNotifier({ env: { EVICTKIT_NOTIFIER: 'poll' }, logger })._unsafeUnwrap().backend,
    ).toBe('poll');
    expect(logger).not.toHaveBeenCalled(); // asked for, so no fallback notice
  });

  it('falls back to polling when the addon cannot load, and says so once', async () => {
    // Simulate "no addon": point the loader at a file that is not an addon, in a fresh module graph.
    vi.resetModules();
    const { createNotifier: fresh, _resetFallbackWarningForTests: reset } = await import(
      '../../../src/platform/notifier/registry'
    );
    const { _resetNotifierAddonCacheForTests } = await import(
      '../../../src/platform/linux/native/loader'
    );
    _resetNotifierAddonCacheForTests();
    reset();
    const env = { EVICTKIT_NATIVE_ADDON: '/nonexistent/evictkit_notifier.node' };
    const logger = vi.fn();
    expect(fresh({ env, logger })._unsafeUnwrap().backend).toBe('poll');
    expect(fresh({ env, logger })._unsafeUnwrap().backend).toBe('poll');
    expect(logger).toHaveBeenCalledTimes(1);
    expect(logger.mock.calls[0]?.[0]).toMatch(
      /native notifier addon is not available.*polling notifier/,
    );
    const native = fresh({ env, backend: 'native' });
    expect(native._unsafeUnwrapErr()).toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/npm rebuild/),
    });
  });

  it('uses process.emitWarning (once) when no logger is given', async () => {
    vi.resetModules();
    const { createNotifier: fresh } = await import('../../../src/platform/notifier/registry');
    const { _resetNotifierAddonCacheForTests } = await import(
      '../../../src/platform/linux/native/loader'
    );
    _resetNotifierAddonCacheForTests();
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const env = { EVICTKIT_NATIVE_ADDON: '/nonexistent/x.node' };
    fresh({ env });
    fresh({ env });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[1]).toMatchObject({ code: FALLBACK_WARNING_CODE });
  });

  it.each([
    [{ backend: 'epoll' }, /backend must be/],
    [{ pollIntervalMs: 0 }, /pollIntervalMs/],
    [{ pollIntervalMs: Number.NaN }, /pollIntervalMs/],
    [{ roots: ['relative'] }, /not an absolute path/],
    [{ env: { EVICTKIT_NOTIFIER: 'fast' } }, /EVICTKIT_NOTIFIER must be/],
  ])('rejects bad options %j without throwing', (options, message) => {
    expect(createNotifier(options as never)._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(message),
    });
  });

  it('rejects a non-object', () => {
    expect(createNotifier(null as never).isErr()).toBe(true);
  });
});
