import { lstatSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';

/** Where watched files may live unless the caller says otherwise. */
export const DEFAULT_NOTIFIER_ROOTS: readonly string[] = ['/sys/fs/cgroup', '/proc/pressure'];

function invalid(path: string, message: string): PlatformError {
  return { code: 'invalid-path', path, message };
}

function within(path: string, root: string): boolean {
  return root === '/' || path === root || path.startsWith(`${root}/`);
}

function realOrSelf(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Linux PATH_MAX, the terminating NUL included. */
const PATH_MAX = 4096;

/**
 * The real path of `path`, symlinks resolved, also when it does not exist (yet): the real path
 * of its deepest existing ancestor plus the remaining, plain components. An errno code when even
 * that cannot be worked out (ELOOP, ENAMETOOLONG, EACCES…); ELOOP for a dangling symlink.
 */
function canonical(path: string): { real: string } | { code: string } {
  const rest: string[] = [];
  let at = path;
  for (;;) {
    try {
      const real = realpathSync.native(at);
      return { real: rest.length === 0 ? real : posix.join(real, ...rest.reverse()) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || at === '/') return { code };
      // A dangling symlink: where it points may be created later, outside the roots.
      if (isSymlink(at)) return { code: 'ELOOP' };
      rest.push(posix.basename(at));
      at = posix.dirname(at);
    }
  }
}

/** Validate the roots themselves: absolute, normalised, no NUL. */
export function validateRoots(roots: unknown): Result<readonly string[], PlatformError> {
  if (!Array.isArray(roots) || roots.length === 0) {
    return err({ code: 'invalid-argument', message: 'roots must be a non-empty array of paths' });
  }
  const out: string[] = [];
  for (const r of roots) {
    if (typeof r !== 'string' || !r.startsWith('/') || r.includes('\0')) {
      return err({
        code: 'invalid-argument',
        message: `root ${JSON.stringify(r)} is not an absolute path`,
      });
    }
    const n = posix.normalize(r);
    out.push(n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n);
  }
  return ok(out);
}

/** A watched path after validation: as the caller spelt it (normalised), and for opening. */
export interface WatchPath {
  /** Normalised input: what events and errors name. */
  path: string;
  /** Symlinks resolved: what the backends open (the native one refuses symlinks on the way). */
  real: string;
}

/**
 * Check that `input` names something under one of `roots`: a string, absolute, no NUL, no `.` or
 * `..` segments, shorter than PATH_MAX, and its real path (symlinks resolved; for a path that
 * does not exist yet, through its deepest existing ancestor) under the real path of a root.
 * Returns the normalised and the real path. Never throws.
 */
export function resolveWatchPath(
  input: unknown,
  roots: readonly string[],
  what = 'path',
): Result<WatchPath, PlatformError> {
  if (typeof input !== 'string') {
    return err(invalid(String(input), `${what} must be a string, got ${typeof input}`));
  }
  if (input.length === 0) return err(invalid(input, `${what} is empty`));
  if (input.includes('\0'))
    return err(invalid(input.replace(/\0/g, '\\0'), `${what} contains NUL`));
  if (!input.startsWith('/')) return err(invalid(input, `${what} must be absolute`));
  const segments = input.split('/');
  if (segments.some((s) => s === '..' || s === '.')) {
    return err(invalid(input, `${what} must not contain "." or ".." segments`));
  }
  let path = posix.normalize(input);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (Buffer.byteLength(path) >= PATH_MAX) {
    return err(invalid(path.slice(0, 80) + '…', `${what} is longer than PATH_MAX (${PATH_MAX})`));
  }
  const root = roots.find((r) => within(path, r));
  if (root === undefined) {
    return err(invalid(path, `${what} is outside the allowed roots (${roots.join(', ')})`));
  }
  // Symlink escape, also through an ancestor of a path that does not exist yet (a file created
  // there later must not be reachable either). The backends then open the real path.
  const resolved = canonical(path);
  if ('code' in resolved) {
    return err(invalid(path, `${what} cannot be resolved (${resolved.code})`));
  }
  const real = resolved.real;
  if (!roots.some((r) => within(real, realOrSelf(r) ?? r))) {
    return err(invalid(path, `${what} resolves to ${real}, outside ${roots.join(', ')}`));
  }
  return ok({ path, real: resolved.real });
}

/** `resolveWatchPath`, returning the normalised path only. */
export function validateWatchPath(
  input: unknown,
  roots: readonly string[],
  what = 'path',
): Result<string, PlatformError> {
  return resolveWatchPath(input, roots, what).map((p) => p.path);
}

const ATTRIBUTE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A cgroup file name such as `memory.usage_in_bytes`: one path segment, no tricks. */
export function validateAttribute(input: unknown): Result<string, PlatformError> {
  if (typeof input !== 'string' || !ATTRIBUTE.test(input) || input.includes('..')) {
    return err({
      code: 'invalid-argument',
      message: `attribute ${JSON.stringify(input)} must be a cgroup file name such as memory.usage_in_bytes`,
    });
  }
  return ok(input);
}
