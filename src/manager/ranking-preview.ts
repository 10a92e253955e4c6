import { err, ok, type Result } from 'neverthrow';
import { isObjectLike } from '../pods/api-object';
import { isSignal } from '../signals/catalogue';
import { makeSignalObservations } from '../signals/observe';
import type { Summary } from '../signals/summary';
import type { Signal } from '../signals/types';
import { criticalReason, rankCandidates } from './candidates';
import { SPLIT_FILESYSTEM_MESSAGE } from './cycle';
import { observedMemoryCapacity } from './memory-capacity';
import { isTerminalPod } from './pod-facts';
import { resolveDiskLayout, splitFilesystemWithoutGate } from './topology';
import type { CandidateExplanation, RankingSummary } from './types';

// "Who would go first if this signal came under pressure now?" The manager ranks only when a
// threshold is actionable; dashboards, scheduler filters and `evictkit explain` want the same
// order without pressure. This is the cycle's ranking step on its own, over the same active
// pods, disk layout and memory capacity the cycle would use.

/** What `previewRanking` ranks. */
export interface RankingPreviewInput<P extends object> {
  /** The signal to rank for (the rank function the kubelet would use under its pressure). */
  signal: Signal;
  /** The node's statistics (`parseSummary` validates API JSON). */
  summary: Summary;
  /** The pods bound to the node; terminal pods (Succeeded, Failed) are left out, as upstream. */
  pods: readonly P[];
  /** The disk layout. Default: learned from the Summary, as the manager learns it. */
  dedicatedImageFs?: boolean;
  splitImageFs?: boolean;
  /** For each candidate's `oomScoreAdj`. Default: the observed `memory.available` capacity. */
  memoryCapacityBytes?: number;
  /** Feature gates; unlisted gates take their v1.37 defaults. */
  featureGates?: Record<string, boolean>;
}

/** The ranked candidates for a signal, whether or not it is under pressure. */
export interface RankingPreview<P = object> extends RankingSummary<P> {
  /**
   * The pod the kubelet would evict first: the first candidate that is not critical (its
   * verdict is `would-evict`); `undefined` when every candidate is critical or there is none.
   */
  first: CandidateExplanation<P> | undefined;
  /** The disk layout the ranking used. */
  dedicatedImageFs: boolean;
  splitImageFs: boolean;
  /** The memory capacity used for `oomScoreAdj`, bytes (absent when unknown). */
  memoryCapacityBytes?: number;
}

export type RankingPreviewError =
  | { code: 'invalid-signal'; signal: unknown; message: string }
  | { code: 'invalid-input'; path: string; message: string }
  /** The split-filesystem layout with `KubeletSeparateDiskGC` off: the kubelet has no rank functions. */
  | { code: 'no-ranking-function'; signal: Signal; message: string };

/**
 * Rank the node's active pods for `signal` exactly as an eviction cycle under that signal's
 * pressure would (same rank function, disk layout, critical-pod rule), without needing a
 * threshold to be met. Every candidate has its sort keys, `decidedBy`, `oomScoreAdj` and
 * `critical`; verdicts read as a dry run would: `critical` for pods the kubelet refuses,
 * `would-evict` for the first other pod (also `first`), `after-chosen` for the rest.
 *
 * Validated: a signal that is not a `Signal`, a Summary without a `node` object, pods that are
 * not an array or a capacity that is not a positive integer are `err`s; never throws.
 */
export function previewRanking<P extends object>(
  input: RankingPreviewInput<P>,
): Result<RankingPreview<P>, RankingPreviewError> {
  const problem = inputProblem(input);
  if (problem !== undefined) return err(problem);
  const { signal, summary } = input;
  try {
    const { dedicatedImageFs, splitImageFs } = resolveDiskLayout(summary, input);
    // A copy: what was checked is what is used (a getter could answer differently twice).
    const featureGates =
      input.featureGates === undefined ? undefined : { featureGates: { ...input.featureGates } };
    if (splitFilesystemWithoutGate(splitImageFs, featureGates)) {
      return err({
        code: 'no-ranking-function',
        signal,
        message: `no ranking function for signal ${signal}: ${SPLIT_FILESYSTEM_MESSAGE}`,
      });
    }
    const { observations, statsFunc } = makeSignalObservations(summary);
    const memoryCapacityBytes = input.memoryCapacityBytes ?? observedMemoryCapacity(observations);
    const active = input.pods.filter((pod) => !isTerminalPod(pod));
    const ranking = rankCandidates(
      signal,
      active,
      statsFunc as never,
      { dedicatedImageFs, splitImageFs },
      memoryCapacityBytes,
      featureGates,
    );
    if (ranking === undefined) {
      return err({
        code: 'no-ranking-function',
        signal,
        message: `no ranking function for signal ${signal}`,
      });
    }
    let first: CandidateExplanation<P> | undefined;
    for (const candidate of ranking.candidates) {
      const critical = criticalReason(candidate.pod);
      candidate.critical = critical;
      if (critical !== false) candidate.verdict = 'critical';
      else if (first === undefined) {
        candidate.verdict = 'would-evict';
        first = candidate;
      }
    }
    const preview: RankingPreview<P> = {
      ...ranking,
      first,
      dedicatedImageFs,
      splitImageFs,
    };
    if (memoryCapacityBytes !== undefined) preview.memoryCapacityBytes = memoryCapacityBytes;
    return ok(preview);
  } catch (e) {
    // Only a value built to fail (a throwing getter deep in a pod) gets here.
    return err({
      code: 'invalid-input',
      path: 'pods',
      message: `the pods could not be read: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

function inputProblem(input: unknown): RankingPreviewError | undefined {
  if (!isObjectLike(input)) {
    return {
      code: 'invalid-input',
      path: '',
      message: 'previewRanking needs { signal, summary, pods }',
    };
  }
  try {
    const { summary, pods, memoryCapacityBytes, dedicatedImageFs, splitImageFs } = input as Partial<
      RankingPreviewInput<object>
    >;
    const signal: unknown = input['signal'];
    if (!isSignal(signal)) {
      return {
        code: 'invalid-signal',
        signal,
        message:
          typeof signal === 'string'
            ? `unknown eviction signal ${JSON.stringify(signal.slice(0, 80))}`
            : `the signal must be a string naming an eviction signal, not ${signal === null ? 'null' : typeof signal}`,
      };
    }
    if (!isObjectLike(summary) || !isObjectLike(summary.node))
      return {
        code: 'invalid-input',
        path: 'summary',
        message: 'summary must be a Summary (parseSummary validates API JSON)',
      };
    if (!Array.isArray(pods))
      return { code: 'invalid-input', path: 'pods', message: 'pods must be an array' };
    if (
      memoryCapacityBytes !== undefined &&
      !(Number.isSafeInteger(memoryCapacityBytes) && memoryCapacityBytes > 0)
    )
      return {
        code: 'invalid-input',
        path: 'memoryCapacityBytes',
        message: 'memoryCapacityBytes must be a positive integer',
      };
    const { featureGates } = input as Partial<RankingPreviewInput<object>>;
    if (
      featureGates !== undefined &&
      !(
        isObjectLike(featureGates) &&
        Object.values({ ...featureGates }).every((v) => typeof v === 'boolean')
      )
    )
      return {
        code: 'invalid-input',
        path: 'featureGates',
        message: 'featureGates must map gate names to booleans',
      };
    for (const [path, value] of [
      ['dedicatedImageFs', dedicatedImageFs],
      ['splitImageFs', splitImageFs],
    ] as const) {
      if (value !== undefined && typeof value !== 'boolean')
        return { code: 'invalid-input', path, message: `${path} must be a boolean` };
    }
    return undefined;
  } catch (e) {
    return {
      code: 'invalid-input',
      path: '',
      message: `the input could not be read: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
