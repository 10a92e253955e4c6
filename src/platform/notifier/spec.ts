import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import { validateAttribute, validateWatchPath } from './paths';
import { formatPsiTrigger } from './psi';
import type { PsiStallType, WatchSpec } from './types';

export const DEFAULT_THRESHOLD_ATTRIBUTE = 'memory.usage_in_bytes';

/** A `WatchSpec` after validation, with the file each backend reads. */
export type ResolvedSpec =
  | { kind: 'threshold'; dir: string; attribute: string; bytes: bigint; file: string }
  | { kind: 'oom'; dir: string; file: string }
  | {
      kind: 'psi';
      file: string;
      trigger: string;
      type: PsiStallType;
      stallUs: number;
      windowUs: number;
    }
  | { kind: 'events'; file: string };

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
      const dir = validateWatchPath(s['cgroup'], roots, 'cgroup');
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
        dir: dir.value,
        attribute: attribute.value,
        bytes,
        file: `${dir.value}/${attribute.value}`,
      });
    }
    case 'oom': {
      const dir = validateWatchPath(s['cgroup'], roots, 'cgroup');
      if (dir.isErr()) return err(dir.error);
      return ok({ kind: 'oom', dir: dir.value, file: `${dir.value}/memory.oom_control` });
    }
    case 'psi': {
      const file = validateWatchPath(s['path'], roots, 'pressure file');
      if (file.isErr()) return err(file.error);
      if (!PRESSURE_FILE.test(basename(file.value))) {
        return err({
          code: 'invalid-path',
          path: file.value,
          message:
            'a pressure file is /proc/pressure/<memory|cpu|io|irq> or <cgroup>/<resource>.pressure',
        });
      }
      const trigger = formatPsiTrigger(s['type'], s['stallUs'], s['windowUs']);
      if (trigger.isErr()) return err(trigger.error);
      return ok({
        kind: 'psi',
        file: file.value,
        trigger: trigger.value,
        type: s['type'] as PsiStallType,
        stallUs: s['stallUs'] as number,
        windowUs: s['windowUs'] as number,
      });
    }
    case 'events': {
      const file = validateWatchPath(s['path'], roots, 'events file');
      if (file.isErr()) return err(file.error);
      if (!EVENTS_FILE.test(basename(file.value))) {
        return err({
          code: 'invalid-path',
          path: file.value,
          message: 'an events file is a cgroup v2 *.events file (cgroup.events, memory.events, …)',
        });
      }
      return ok({ kind: 'events', file: file.value });
    }
    default:
      return err({
        code: 'invalid-argument',
        message: `watch kind must be threshold, oom, psi or events, got ${JSON.stringify(s['kind'])}`,
      });
  }
}
