export {
  errnoName,
  errorFromErrno,
  PSI_WINDOW_RULES,
} from './errors';
export { createNativeNotifier, type NativeNotifierOptions } from './native';
export type { WatchPath } from './paths';
export {
  DEFAULT_NOTIFIER_ROOTS,
  resolveWatchPath,
  validateAttribute,
  validateWatchPath,
} from './paths';
export {
  createPollingNotifier,
  DEFAULT_POLL_INTERVAL_MS,
  type PollingNotifierOptions,
} from './polling';
export {
  formatPsiTrigger,
  isUnprivilegedPsiWindow,
  PSI_MAX_WINDOW_US,
  type PsiContent,
  type PsiLine,
  type PsiSample,
  PsiWindowTracker,
  parsePsiContent,
} from './psi';
export { type PsiTriggerSupport, probePsiTriggers } from './psi-probe';
export { createNotifier, FALLBACK_WARNING_CODE, NOTIFIER_ENV } from './registry';
export { DEFAULT_THRESHOLD_ATTRIBUTE } from './spec';
export type {
  EventsWatchSpec,
  Notifier,
  NotifierBackend,
  NotifierBackendOption,
  NotifierOptions,
  OomWatchSpec,
  PsiResource,
  PsiStallType,
  PsiWatchSpec,
  ThresholdWatchSpec,
  WatchSpec,
} from './types';
export { WatchHandle } from './watch-handle';
