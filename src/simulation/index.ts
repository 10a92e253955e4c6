// evictkit/simulation — run a scenario (a node, a kubelet configuration, pods and a usage
// timeline) through the eviction manager on the in-memory platform, and get every step back as
// data (docs/scenario.md).

export { DEMO_SCENARIO } from './demo';
export type { SimulationError, SimulationOptions } from './engine';
export { runSimulation } from './engine';
export type { RunningPod, Usage, UsageModel } from './node-model';
export {
  nodeMemoryUsage,
  scenarioPodObject,
  simulatedSummary,
  simulatedUid,
  usageModel,
} from './node-model';
export type { LoadScenarioOptions, Scenario, ScenarioError } from './scenario';
export { loadScenario, resolvePodReference } from './scenario';
export type {
  ScenarioChange,
  ScenarioDocument,
  ScenarioNode,
  ScenarioPod,
  ScenarioUsage,
} from './scenario-schema';
export { scenarioSchema } from './scenario-schema';
export type {
  ConditionSample,
  PodRef,
  RankedPod,
  SignalSample,
  SimulationEvent,
  SimulationEviction,
  SimulationPod,
  SimulationStep,
  SimulationThreshold,
  SimulationTimeline,
  ThresholdSample,
} from './timeline';
