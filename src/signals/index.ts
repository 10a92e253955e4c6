// evictkit/signals — quantities, signal names, threshold configuration, observations.
export { parseQuantity, Quantity } from './quantity';
export type { QuantityError, QuantityFormat } from './quantity';
export { parseSummary, summarySchema, podStatsSchema, timestampSchema } from './summary';
export type {
  ContainerStats,
  FsStats,
  MemoryStats,
  NodeStats,
  PodReference,
  PodStats,
  RlimitStats,
  RuntimeStats,
  Summary,
  SummaryError,
  SummaryIssue,
  VolumeStats,
} from './summary';
export type {
  NodeConditionType,
  Observation,
  Observations,
  Signal,
  Threshold,
  ThresholdOperator,
  ThresholdValue,
} from './types';
