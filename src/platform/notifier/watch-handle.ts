import { err, ok, type Result } from 'neverthrow';
import type { PlatformError, Watch, WatchEvent } from '../types';
import { closedError } from './errors';

type Listener = (event: WatchEvent) => void;
type ClosedReason = Extract<WatchEvent, { type: 'closed' }>['reason'];

/** A listener threw: surface it like an EventEmitter would, without breaking the backend. */
function reportListenerError(e: unknown): void {
  process.nextTick(() => {
    throw e;
  });
}

/**
 * The `Watch` both backends hand out. The backend drives it with `markReady`, `emit` and `end`;
 * the caller sees `ready`, `on`, `close` and `closed`. `closed` is emitted exactly once, last.
 */
export class WatchHandle implements Watch {
  readonly ready: Promise<Result<void, PlatformError>>;
  #resolveReady: (r: Result<void, PlatformError>) => void = () => {};
  #settled = false;
  #closed = false;
  readonly #listeners = new Set<Listener>();
  readonly #release: () => void;
  readonly #now: () => number;

  /** `release` frees the backend's resources; it runs once, on the first close or end. */
  constructor(release: () => void, now: () => number = Date.now) {
    this.#release = release;
    this.#now = now;
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  on(listener: Listener): () => void {
    if (this.#closed || typeof listener !== 'function') return () => {};
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  close(): void {
    this.#finish('closed-by-caller', undefined, closedError());
  }

  /** Backend: the kernel accepted the registration. */
  markReady(): void {
    if (this.#closed || this.#settled) return;
    this.#settled = true;
    this.#resolveReady(ok(undefined));
  }

  /** Backend: deliver an event (ignored once closed). */
  emit(event: WatchEvent): void {
    if (this.#closed) return;
    for (const l of [...this.#listeners]) {
      try {
        l(event);
      } catch (e) {
        reportListenerError(e);
      }
    }
  }

  /** Backend: the registration failed, the cgroup went away, or reading failed. */
  end(reason: Exclude<ClosedReason, 'closed-by-caller'>, error?: PlatformError): void {
    this.#finish(reason, error, error ?? closedError('the watch ended before it was ready'));
  }

  #finish(reason: ClosedReason, error: PlatformError | undefined, readyError: PlatformError): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#release();
    } finally {
      if (!this.#settled) {
        this.#settled = true;
        this.#resolveReady(err(readyError));
      }
      const event: WatchEvent =
        error === undefined
          ? { type: 'closed', time: this.#now(), reason }
          : { type: 'closed', time: this.#now(), reason, error };
      for (const l of [...this.#listeners]) {
        try {
          l(event);
        } catch (e) {
          reportListenerError(e);
        }
      }
      this.#listeners.clear();
    }
  }
}
