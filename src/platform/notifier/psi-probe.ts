import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import type { Notifier } from './types';

export interface PsiTriggerSupport {
  /** The kernel accepted `some 500000 2000000` on the file. */
  supported: boolean;
  /** The kernel also accepted a 1 s window (it has CAP_SYS_RESOURCE, or is older than 6.5). */
  subTwoSecondWindows: boolean;
  /** Why not, in the kernel's words, when `supported` is false. */
  reason?: string;
}

async function accepted(notifier: Notifier, path: string, stallUs: number, windowUs: number) {
  const w = notifier.watch({ kind: 'psi', path, type: 'some', stallUs, windowUs });
  if (w.isErr()) return w.error;
  const r = await w.value.ready;
  w.value.close();
  return r.isOk() ? true : r.error;
}

/**
 * Find out by trying which PSI triggers the kernel takes on `path` (registers two triggers and
 * closes them; ~a few ms). With the polling backend every well-formed trigger is "accepted".
 */
export async function probePsiTriggers(
  notifier: Notifier,
  path = '/proc/pressure/memory',
): Promise<Result<PsiTriggerSupport, PlatformError>> {
  const base = await accepted(notifier, path, 500_000, 2_000_000);
  if (base !== true) {
    if (
      base.code === 'invalid-path' ||
      base.code === 'invalid-argument' ||
      base.code === 'closed'
    ) {
      return err(base);
    }
    return ok({ supported: false, subTwoSecondWindows: false, reason: base.message });
  }
  const fast = await accepted(notifier, path, 100_000, 1_000_000);
  return ok({ supported: true, subTwoSecondWindows: fast === true });
}
