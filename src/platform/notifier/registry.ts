import { err, ok, type Result } from 'neverthrow';
import { loadNotifierAddon } from '../linux/native/loader';
import type { PlatformError } from '../types';
import { createNativeNotifier } from './native';
import { DEFAULT_NOTIFIER_ROOTS, validateRoots } from './paths';
import { createPollingNotifier, DEFAULT_POLL_INTERVAL_MS } from './polling';
import type { Notifier, NotifierOptions } from './types';

/** `EVICTKIT_NOTIFIER=poll` makes the `default` backend poll; `=native` makes it require the addon. */
export const NOTIFIER_ENV = 'EVICTKIT_NOTIFIER';
export const FALLBACK_WARNING_CODE = 'EVICTKIT_NOTIFIER_POLLING';

let warned = false;

function warnOnce(logger: ((message: string) => void) | undefined, message: string): void {
  if (warned) return;
  warned = true;
  if (logger !== undefined) logger(message);
  else process.emitWarning(message, { code: FALLBACK_WARNING_CODE });
}

/** Tests only: allow the one-time fallback notice again. */
export function _resetFallbackWarningForTests(): void {
  warned = false;
}

/**
 * Create a notifier. `backend: 'default'` (the default) is the native addon on Linux when it
 * loads, otherwise polling, announced once per process through `logger` or
 * `process.emitWarning`. `'native'` fails with `unsupported` when the addon cannot load;
 * `'poll'` always succeeds. `EVICTKIT_NOTIFIER` (`poll` | `native`) overrides `default` only.
 * Never throws.
 */
export function createNotifier(options: NotifierOptions = {}): Result<Notifier, PlatformError> {
  if (typeof options !== 'object' || options === null) {
    return err({ code: 'invalid-argument', message: 'notifier options must be an object' });
  }
  const roots = validateRoots(options.roots ?? DEFAULT_NOTIFIER_ROOTS);
  if (roots.isErr()) return err(roots.error);
  const env = options.env ?? process.env;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  if (
    typeof pollIntervalMs !== 'number' ||
    !Number.isFinite(pollIntervalMs) ||
    pollIntervalMs < 10
  ) {
    return err({
      code: 'invalid-argument',
      message: `pollIntervalMs must be a number of milliseconds >= 10, got ${String(pollIntervalMs)}`,
    });
  }
  const common =
    options.now === undefined ? { roots: roots.value } : { roots: roots.value, now: options.now };
  const poll = (): Notifier => createPollingNotifier({ ...common, pollIntervalMs });
  const native = (): Result<Notifier, PlatformError> =>
    loadNotifierAddon(env).map((addon) => createNativeNotifier(addon, common));

  let backend = options.backend ?? 'default';
  if (backend === 'default') {
    const forced = env[NOTIFIER_ENV];
    if (forced === 'poll' || forced === 'native') backend = forced;
    else if (forced !== undefined && forced !== '' && forced !== 'default') {
      return err({
        code: 'invalid-argument',
        message: `${NOTIFIER_ENV} must be poll, native or default, got ${JSON.stringify(forced)}`,
      });
    }
  }
  switch (backend) {
    case 'poll':
      return ok(poll());
    case 'native':
      return native();
    case 'default': {
      const n = native();
      if (n.isOk()) return n;
      warnOnce(
        options.logger,
        `evictkit: ${n.error.message}; using the polling notifier instead ` +
          `(files read every ${pollIntervalMs} ms, so events arrive up to that much later)`,
      );
      return ok(poll());
    }
    default:
      return err({
        code: 'invalid-argument',
        message: `backend must be default, native or poll, got ${JSON.stringify(backend)}`,
      });
  }
}
