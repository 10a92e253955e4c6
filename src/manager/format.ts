import type { SyncResult } from './types';

/** Render a cycle's result as readable text (STUB). */
export function formatSyncResult(result: SyncResult<unknown & object>): string {
  return `${result.outcome}`;
}
