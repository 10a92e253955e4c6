import type { Result } from 'neverthrow';
import { loadNotifierAddon } from '../../../src/platform/linux/native/loader';
import { createNotifier } from '../../../src/platform/notifier/registry';
import type { Notifier } from '../../../src/platform/notifier/types';
import type { PlatformError, Watch, WatchEvent } from '../../../src/platform/types';

export interface BackendCase {
  name: 'native' | 'poll';
  /** Why the backend cannot run here, or undefined. */
  unavailable: string | undefined;
  create(): Notifier;
}

const addon = loadNotifierAddon();

/** Every backend, for describe.each; the native one says why when the addon is missing. */
export const BACKENDS: BackendCase[] = [
  {
    name: 'native',
    unavailable: addon.isErr() ? `${addon.error.message} (run: npm run build:native)` : undefined,
    create: () => unwrap(createNotifier({ backend: 'native' })),
  },
  {
    name: 'poll',
    unavailable: undefined,
    create: () => unwrap(createNotifier({ backend: 'poll', pollIntervalMs: 20 })),
  },
];

/** 'ok', or the error as JSON: a failing expectation then shows why. */
export function describeResult(r: Result<unknown, PlatformError>): string {
  return r.isOk() ? 'ok' : JSON.stringify(r.error);
}

export function unwrap<T>(r: Result<T, PlatformError>): T {
  if (r.isErr()) throw new Error(`unexpected error: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Records a watch's events and waits for the next one of a type. */
export class Recorder {
  readonly events: WatchEvent[] = [];
  #waiters: { type: WatchEvent['type']; resolve: (e: WatchEvent) => void }[] = [];

  constructor(readonly watch: Watch) {
    watch.on((e) => {
      this.events.push(e);
      const i = this.#waiters.findIndex((w) => w.type === e.type);
      if (i >= 0) {
        const [w] = this.#waiters.splice(i, 1);
        w?.resolve(e);
      }
    });
  }

  /** The next event of `type` (counting only events after this call), or a timeout error. */
  next<T extends WatchEvent['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<WatchEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${type} event within ${timeoutMs} ms; got ${this.types().join(',')}`));
      }, timeoutMs);
      const waiter = {
        type,
        resolve: (e: WatchEvent) => {
          clearTimeout(timer);
          resolve(e as Extract<WatchEvent, { type: T }>);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  count(type: WatchEvent['type']): number {
    return this.events.filter((e) => e.type === type).length;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const MiB = 1024n * 1024n;

/** Skip with a reason that shows in the output. */
export function skipWith(ctx: { skip: (note?: string) => never }, reason: string): never {
  console.warn(`[skipped] ${reason}`);
  return ctx.skip(reason);
}
