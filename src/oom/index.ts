// evictkit/oom — the kubelet's oom_score_adj policy, and a model of the kernel's OOM victim choice.

export type {
  OomBadness,
  OomCandidate,
  OomExemption,
  OomInputError,
  OomKillPrediction,
  OomOptions,
  OomRankedTask,
} from './kernel-badness';
export {
  DEFAULT_PAGE_SIZE_BYTES,
  globalTotalPages,
  memcgTotalPages,
  OOM_SCORE_ADJ_MAX,
  OOM_SCORE_ADJ_MIN,
  oomBadness,
  predictOomKillOrder,
} from './kernel-badness';
export type { ContainerLike, OomScoreAdjError, OomScoreAdjExplanation } from './score-adj';
export {
  BEST_EFFORT_OOM_SCORE_ADJ,
  BURSTABLE_MAX_OOM_SCORE_ADJ,
  BURSTABLE_MIN_OOM_SCORE_ADJ,
  explainOomScoreAdj,
  GUARANTEED_OOM_SCORE_ADJ,
  KUBE_PROXY_OOM_SCORE_ADJ,
  KUBELET_OOM_SCORE_ADJ,
  OOM_SCORE_ADJ_GATE_DEFAULTS,
  oomScoreAdj,
  oomScoreAdjChecked,
  tryOomScoreAdj,
} from './score-adj';
