import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import { resolveWatchPath, validateAttribute } from './paths';
import { formatPsiTrigger } from './psi';
import type { PsiStallType, WatchSpec } from './types';

export const DEFAULT_THRESHOLD_ATTRIBUTE = 'memory.usage_in_bytes';

/**
 * A `WatchSpec` after validation, with the file each backend reads. `dir` and `file` are the
 * normalised input (for events and errors); `realDir` and `realFile` have every symlink resolved
 * and are what the backends open, so nothing outside the roots can be reached later.
 */
export type ResolvedSpec =
  | {
      kind: 'threshold';
      dir: string;
      attribute: string;
      bytes: bigint;
      file: string;
      realDir: string;
      realFile: string;
    }
  | { kind: 'oom'; dir: string; file: string; realDir: string; realFile: string }
  | {
      kind: 'psi';
      file: string;
      realFile: string;
      trigger: string;
      type: PsiStallType;
      stallUs: number;
      windowUs: number;
    }
  | { kind: 'events'; file: string; realFile: string };

const PRESSURE_FILE = /^(memory|cpu|io|irq)(\.pressure)?$/;
const EVENTS_FILE = /\.events(\.local)?$/;
const U64_MAX = (1n << 64n) - 1n;

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Validate any caller input into a `ResolvedSpec`. Never throws. */
export function resolveSpec(
  spec: unknown,
  roots: readonly string[],
): Result<ResolvedSpec, PlatformError> {
  if (typeof spec !== 'object' || spec === null) {
    return err({ code: 'invalid-argument', message: 'watch spec must be an object' });
  }
  const s = spec as Partial<Record<keyof WatchSpec | string, unknown>>;
  switch (s['kind']) {
    case 'threshold': {
      const dir = resolveWatchPath(s['cgroup'], roots, 'cgroup');
      if (dir.isErr()) return err(dir.error);
      const attribute = validateAttribute(s['attribute'] ?? DEFAULT_THRESHOLD_ATTRIBUTE);
      if (attribute.isErr()) return err(attribute.error);
      const bytes = s['bytes'];
      if (typeof bytes !== 'bigint' || bytes < 0n || bytes > U64_MAX) {
        return err({
          code: 'invalid-argument',
          message: `threshold bytes must be a bigint from 0 to 2^64-1, got ${String(bytes)}`,
        });
      }
      return ok({
        kind: 'threshold',
        dir: dir.value.path,
        attribute: attribute.value,
        bytes,
        file: `${dir.value.path}/${attribute.value}`,
        realDir: dir.value.real,
        realFile: `${dir.value.real}/${attribute.value}`,
      });
    }
    case 'oom': {
      const dir = resolveWatchPath(s['cgroup'], roots, 'cgroup');
      if (dir.isErr()) return err(dir.error);
      return ok({
        kind: 'oom',
        dir: dir.value.path,
        file: `${dir.value.path}/memory.oom_control`,
        realDir: dir.value.real,
        realFile: `${dir.value.real}/memory.oom_control`,
      });
    }
    case 'psi': {
      const resolved = resolveWatchPath(s['path'], roots, 'pressure file');
      if (resolved.isErr()) return err(resolved.error);
      const { path: file, real: realFile } = resolved.value;
      if (!PRESSURE_FILE.test(basename(file)) || !PRESSURE_FILE.test(basename(realFile))) {
        return err({
          code: 'invalid-path',
          path: file,
          message:
            'a pressure file is /proc/pressure/<memory|cpu|io|irq> or <cgroup>/<resource>.pressure',
        });
      }
      const trigger = formatPsiTrigger(s['type'], s['stallUs'], s['windowUs']);
      if (trigger.isErr()) return err(trigger.error);
      return ok({
        kind: 'psi',
        file,
        realFile,
        trigger: trigger.value,
        type: s['type'] as PsiStallType,
        stallUs: s['stallUs'] as number,
        windowUs: s['windowUs'] as number,
      });
    }
    case 'events': {
      const resolved = resolveWatchPath(s['path'], roots, 'events file');
      if (resolved.isErr()) return err(resolved.error);
      const { path: file, real: realFile } = resolved.value;
      if (!EVENTS_FILE.test(basename(file)) || !EVENTS_FILE.test(basename(realFile))) {
        return err({
          code: 'invalid-path',
          path: file,
          message: 'an events file is a cgroup v2 *.events file (cgroup.events, memory.events, …)',
        });
      }
      return ok({ kind: 'events', file, realFile });
    }
    default:
      return err({
        code: 'invalid-argument',
        message: `watch kind must be threshold, oom, psi or events, got ${JSON.stringify(s['kind'])}`,
      });
  }
}
