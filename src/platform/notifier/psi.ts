import { err, ok, type Result } from 'neverthrow';
import type { PlatformError } from '../types';
import { PSI_WINDOW_RULES } from './errors';
import type { PsiStallType } from './types';

/** The kernel's upper bound for a PSI trigger window (µs). */
export const PSI_MAX_WINDOW_US = 10_000_000;
/** Unprivileged (no CAP_SYS_RESOURCE) windows are multiples of this, 2 s to 10 s (µs). */
export const PSI_UNPRIVILEGED_WINDOW_STEP_US = 2_000_000;

/** Validate a trigger the way the kernel would with CAP_SYS_RESOURCE; return its text. */
export function formatPsiTrigger(
  type: unknown,
  stallUs: unknown,
  windowUs: unknown,
): Result<string, PlatformError> {
  if (type !== 'some' && type !== 'full') {
    return err({
      code: 'invalid-argument',
      message: `PSI type must be "some" or "full", got ${JSON.stringify(type)}`,
    });
  }
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (!isInt(windowUs) || windowUs < 1 || windowUs > PSI_MAX_WINDOW_US) {
    return err({
      code: 'invalid-argument',
      message: `PSI window must be an integer number of µs up to ${PSI_MAX_WINDOW_US}, got ${String(windowUs)}; ${PSI_WINDOW_RULES}`,
    });
  }
  if (!isInt(stallUs) || stallUs < 1 || stallUs > windowUs) {
    return err({
      code: 'invalid-argument',
      message: `PSI stall must be an integer number of µs between 1 and the window (${windowUs}), got ${String(stallUs)}`,
    });
  }
  return ok(`${type} ${stallUs} ${windowUs}`);
}

/** Would an unprivileged process (no CAP_SYS_RESOURCE) get this window accepted? */
export function isUnprivilegedPsiWindow(windowUs: number): boolean {
  return (
    Number.isSafeInteger(windowUs) &&
    windowUs >= PSI_UNPRIVILEGED_WINDOW_STEP_US &&
    windowUs <= PSI_MAX_WINDOW_US &&
    windowUs % PSI_UNPRIVILEGED_WINDOW_STEP_US === 0
  );
}

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Cumulative stall time, µs. */
  totalUs: bigint;
}

export interface PsiContent {
  some?: PsiLine;
  full?: PsiLine;
}

const LINE = /^(some|full) avg10=([0-9.]+) avg60=([0-9.]+) avg300=([0-9.]+) total=([0-9]+)\s*$/;

/** Parse a pressure file (`some avg10=… total=…` / `full …`). Unknown lines are ignored. */
export function parsePsiContent(text: string): PsiContent {
  const out: PsiContent = {};
  for (const raw of text.split('\n')) {
    const m = LINE.exec(raw);
    if (m === null) continue;
    out[m[1] as PsiStallType] = {
      avg10: Number(m[2]),
      avg60: Number(m[3]),
      avg300: Number(m[4]),
      totalUs: BigInt(m[5] as string),
    };
  }
  return out;
}

/** One reading of a PSI `total=` counter: epoch ms and µs of stall. */
export interface PsiSample {
  time: number;
  totalUs: bigint;
}

/**
 * The polling backend's model of a PSI trigger. The kernel fires when the stall time that grew
 * within the last window reaches the threshold, and then not again until a window has passed.
 * Here the growth is measured from the newest sample at least one window old (or the oldest
 * sample while there is less than a window of history), so a poll interval much shorter than
 * the window keeps it close to the kernel's.
 */
export class PsiWindowTracker {
  readonly #stallUs: bigint;
  readonly #windowMs: number;
  #samples: PsiSample[] = [];
  #lastEvent: number | undefined;

  constructor(stallUs: number, windowUs: number) {
    this.#stallUs = BigInt(stallUs);
    this.#windowMs = windowUs / 1000;
  }

  /** Add a sample; true when the trigger fires at this sample. */
  push(sample: PsiSample): boolean {
    const samples = this.#samples;
    const last = samples[samples.length - 1];
    if (last !== undefined && (sample.time < last.time || sample.totalUs < last.totalUs)) {
      // Clock or counter went backwards (a new cgroup at the same path): start over.
      this.#samples = [];
      this.#lastEvent = undefined;
    }
    this.#samples.push(sample);
    const cutoff = sample.time - this.#windowMs;
    // Keep exactly one sample at or before the cutoff: the baseline for the growth.
    while (this.#samples.length > 1 && (this.#samples[1] as PsiSample).time <= cutoff) {
      this.#samples.shift();
    }
    const base = this.#samples[0] as PsiSample;
    const growth = sample.totalUs - base.totalUs;
    if (growth < this.#stallUs) return false;
    if (this.#lastEvent !== undefined && sample.time - this.#lastEvent < this.#windowMs) {
      return false;
    }
    this.#lastEvent = sample.time;
    return true;
  }
}
