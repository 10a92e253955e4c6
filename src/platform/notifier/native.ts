import { err, ok, type Result } from 'neverthrow';
import type { NativeErrorDetail, NativeMessage, NotifierAddon } from '../linux/native/addon';
import type { PlatformError, Watch, WatchEvent } from '../types';
import {
  errnoName,
  errorFromErrno,
  psiTriggerBusy,
  psiTriggerRejected,
  symlinkInTheWay,
} from './errors';
import { DEFAULT_NOTIFIER_ROOTS } from './paths';
import { type ResolvedSpec, resolveSpec } from './spec';
import type { Notifier, WatchSpec } from './types';
import { WatchHandle } from './watch-handle';

export interface NativeNotifierOptions {
  roots?: readonly string[];
  now?: () => number;
}

function registrationError(spec: ResolvedSpec, d: NativeErrorDetail): PlatformError {
  const name = errnoName(d.errno);
  if (d.syscall === 'fstatfs' && name === 'EINVAL') {
    const where = spec.kind === 'psi' ? 'procfs or a cgroup2 hierarchy' : 'a cgroup v1 hierarchy';
    return {
      code: 'invalid-path',
      path: d.path,
      message: `${d.path} is not on ${where}; a ${spec.kind} registration is never written anywhere else`,
    };
  }
  if (d.syscall === 'open' && name === 'ELOOP') return symlinkInTheWay(d.path);
  if (spec.kind === 'psi' && d.syscall === 'write') {
    if (name === 'EINVAL') return psiTriggerRejected(spec.file, spec.trigger);
    if (name === 'EBUSY') return psiTriggerBusy(spec.file, spec.trigger);
  }
  let explanation: string | undefined;
  if (spec.kind === 'threshold' && d.syscall === 'write' && name === 'EINVAL') {
    explanation =
      `the kernel refused a threshold on ${spec.attribute} in ${spec.dir} (EINVAL): only ` +
      'memory.usage_in_bytes and memory.memsw.usage_in_bytes take thresholds';
  } else if (
    (spec.kind === 'threshold' || spec.kind === 'oom') &&
    name === 'ENOENT' &&
    d.path.endsWith('/cgroup.event_control')
  ) {
    explanation = `${d.path} does not exist: ${spec.dir} is not a cgroup v1 memory cgroup`;
  }
  const ctx = {
    errno: d.errno,
    syscall: d.syscall,
    path: d.path,
    operation: `registering a ${spec.kind} watch`,
  };
  return errorFromErrno(explanation === undefined ? ctx : { ...ctx, explanation });
}

function eventFor(spec: ResolvedSpec, time: number, content: string): WatchEvent {
  switch (spec.kind) {
    case 'threshold':
      return { type: 'crossed', time };
    case 'oom':
      return { type: 'oom', time };
    case 'psi':
      return { type: 'pressure', time, detail: content };
    case 'events':
      return { type: 'changed', time };
  }
}

function start(
  addon: NotifierAddon,
  spec: ResolvedSpec,
  cb: (...m: NativeMessage) => void,
): number {
  switch (spec.kind) {
    case 'threshold':
      return addon.watchThreshold(spec.realDir, spec.attribute, spec.bytes, cb);
    case 'oom':
      return addon.watchOom(spec.realDir, cb);
    case 'psi':
      return addon.watchPsi(spec.realFile, spec.trigger, cb);
    case 'events':
      return addon.watchEventsFile(spec.realFile, cb);
  }
}

/** The native backend: the addon's epoll/eventfd/PSI mechanism behind the `Notifier` interface. */
export function createNativeNotifier(
  addon: NotifierAddon,
  options: NativeNotifierOptions = {},
): Notifier {
  const roots = options.roots ?? DEFAULT_NOTIFIER_ROOTS;
  const now = options.now ?? Date.now;
  const open = new Set<WatchHandle>();
  let closed = false;

  function watch(input: WatchSpec): Result<Watch, PlatformError> {
    if (closed) return err({ code: 'closed', message: 'the notifier was closed' });
    const resolved = resolveSpec(input, roots);
    if (resolved.isErr()) return err(resolved.error);
    const spec = resolved.value;
    let id = 0;
    const handle: WatchHandle = new WatchHandle(() => {
      open.delete(handle);
      if (id !== 0) addon.close(id);
    }, now);
    const cb = (...m: NativeMessage): void => {
      switch (m[0]) {
        case 'ready':
          handle.markReady();
          return;
        case 'error':
          handle.end('error', registrationError(spec, m[1]));
          return;
        case 'event':
          handle.emit(eventFor(spec, now(), m[1].content));
          return;
        case 'closed': {
          const d = m[1];
          if (d.reason === 'cgroup-removed') {
            handle.end('cgroup-removed');
          } else {
            handle.end(
              'error',
              errorFromErrno({
                errno: d.errno,
                syscall: d.syscall,
                path: d.path,
                operation: `watching ${spec.file}`,
              }),
            );
          }
          return;
        }
      }
    };
    try {
      id = start(addon, spec, cb);
    } catch (e) {
      return err({
        code: 'invalid-argument',
        message: `the native notifier refused the watch: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    open.add(handle);
    return ok(handle);
  }

  return {
    backend: 'native',
    watch,
    get size() {
      return open.size;
    },
    close() {
      closed = true;
      for (const h of [...open]) h.close();
    },
  };
}
