import { realpathSync } from 'node:fs';
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

/**
 * Check that `input` names something under one of `roots`: a string, absolute, no NUL, no `.` or
 * `..` segments, and (when it exists) its real path, symlinks resolved, still under the real
 * path of that root. Returns the normalised path. Never throws.
 */
export function validateWatchPath(
  input: unknown,
  roots: readonly string[],
  what = 'path',
): Result<string, PlatformError> {
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
  const root = roots.find((r) => within(path, r));
  if (root === undefined) {
    return err(invalid(path, `${what} is outside the allowed roots (${roots.join(', ')})`));
  }
  // Symlink escape: cheap to check with realpath when the path exists. A path that does not
  // exist cannot be opened either, and the open reports it (with O_NOFOLLOW on the last step).
  const real = realOrSelf(path);
  if (real !== undefined) {
    const realRoot = realOrSelf(root) ?? root;
    if (!within(real, realRoot)) {
      return err(invalid(path, `${what} resolves to ${real}, outside ${root}`));
    }
  }
  return ok(path);
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
