import { ok, type Result } from 'neverthrow';
import type { Notifier, WatchSpec } from '../../../src/platform/notifier/types';
import { WatchHandle } from '../../../src/platform/notifier/watch-handle';
import type { PlatformError, Watch } from '../../../src/platform/types';

/** A Notifier that records specs and lets the test drive each watch. */
export class FakeNotifier implements Notifier {
  readonly backend = 'poll' as const;
  readonly specs: WatchSpec[] = [];
  readonly handles: WatchHandle[] = [];

  watch(spec: WatchSpec): Result<Watch, PlatformError> {
    this.specs.push(spec);
    const h = new WatchHandle(() => {});
    this.handles.push(h);
    queueMicrotask(() => h.markReady());
    return ok(h);
  }

  get size(): number {
    return this.handles.filter((h) => !h.closed).length;
  }

  get last(): WatchHandle {
    const h = this.handles.at(-1);
    if (h === undefined) throw new Error('no watch yet');
    return h;
  }

  close(): void {
    for (const h of this.handles) h.close();
  }
}
