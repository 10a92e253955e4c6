import { constants } from 'node:os';
import type { PlatformError } from '../types';

const errnoNames = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) {
  if (!errnoNames.has(value)) errnoNames.set(value, name);
}

/** `ENOENT` for 2, and so on; `E<number>` when the platform does not name it. */
export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? `E${errno}`;
}

/** Node's `SystemError.code` (`'ENOENT'`) as a number, or undefined. */
export function errnoNumber(code: string): number | undefined {
  const value = (constants.errno as Record<string, number | undefined>)[code];
  return value;
}

/** What a kernel refusal means, in words; `operation` is what was being done. */
export interface ErrnoContext {
  errno: number;
  syscall: string;
  path: string;
  operation: string;
  /** Overrides the default explanation of the errno. */
  explanation?: string;
}

/** Map an errno from a syscall to a typed, readable `PlatformError`. */
export function errorFromErrno(ctx: ErrnoContext): PlatformError {
  const name = errnoName(ctx.errno);
  const where = `${ctx.operation}: ${ctx.syscall} ${ctx.path}`.trim();
  switch (name) {
    case 'ENOENT':
      return {
        code: 'not-found',
        path: ctx.path,
        message: ctx.explanation ?? `${where}: no such file or directory (ENOENT)`,
      };
    case 'ENODEV':
      return {
        code: 'not-found',
        path: ctx.path,
        message: ctx.explanation ?? `${where}: the cgroup was removed (ENODEV)`,
      };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return {
        code: 'permission',
        path: ctx.path,
        errno: name,
        message:
          ctx.explanation ??
          `${where}: not permitted (${name}); cgroup.event_control is writable by root only, ` +
            'and cgroup files in containers are often read-only',
      };
    default:
      return {
        code: 'io',
        path: ctx.path,
        errno: name,
        syscall: ctx.syscall,
        message: ctx.explanation ?? `${where}: ${name}`,
      };
  }
}

/** The kernel's rules for PSI trigger windows, for messages. */
export const PSI_WINDOW_RULES =
  'without CAP_SYS_RESOURCE the window must be a whole multiple of 2 s from 2 s to 10 s ' +
  '(2000000, 4000000, 6000000, 8000000 or 10000000 µs); with it, any window up to 10 s; ' +
  'the stall must be between 1 µs and the window';

export function psiTriggerRejected(path: string, trigger: string): PlatformError {
  return {
    code: 'io',
    path,
    errno: 'EINVAL',
    syscall: 'write',
    message: `the kernel refused the PSI trigger "${trigger}" on ${path} (EINVAL): ${PSI_WINDOW_RULES}`,
  };
}

export function psiTriggerBusy(path: string, trigger: string): PlatformError {
  return {
    code: 'io',
    path,
    errno: 'EBUSY',
    syscall: 'write',
    message: `the kernel refused the PSI trigger "${trigger}" on ${path} (EBUSY): one trigger per open file`,
  };
}

/** The open met a symlink: one appeared on the path after it was validated. */
export function symlinkInTheWay(path: string): PlatformError {
  return {
    code: 'invalid-path',
    path,
    message: `${path}: a symlink is in the way (ELOOP); watched paths are opened without following symlinks`,
  };
}

export function invalidArgument(message: string): PlatformError {
  return { code: 'invalid-argument', message };
}

export function closedError(
  message = 'the watch was closed before the kernel accepted it',
): PlatformError {
  return { code: 'closed', message };
}
