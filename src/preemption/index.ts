// evictkit/preemption — the kube-scheduler's DefaultPreemption decisions, pure: who may
// preempt, which pods on a node become victims (with the scheduler's PDB accounting), and which
// node is chosen. Pods, nodes and PDBs are plain API JSON or @kubernetes/client-node objects.

export type {
  LabelRequirement,
  LabelSelector,
  LabelSelectorError,
  LabelSelectorMatcher,
  LabelSelectorRequirement,
  LabelsInput,
} from '../pods/label-selector';
export { labelSelectorAsSelector } from '../pods/label-selector';
export type { DryRun, DryRunOptions, NodeStatus, PotentialNode } from './dry-run';
export {
  calculateNumCandidates,
  DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE,
  DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE,
  dryRunPreemption,
} from './dry-run';
export type { Eligibility, EligibilityOptions, FilterStatusCode } from './eligibility';
export {
  explainEligibility,
  NOT_ELIGIBLE_PREEMPT_NEVER,
  NOT_ELIGIBLE_TERMINATING_VICTIM,
  PREEMPTION_BY_SCHEDULER_REASON,
  podEligibleToPreemptOthers,
  podTerminatingByPreemption,
} from './eligibility';
export type { PreemptionInputError } from './errors';
export type { PreemptionClock } from './importance';
export { getEarliestPodStartTime, getPodStartTime, moreImportantPod } from './importance';
export type { PdbCharge, PdbPodAccount, PdbViolationSplit } from './pdb-violation';
export { filterPodsWithPDBViolation } from './pdb-violation';
export type { NodePick, NodePickCriterion, NodePickRound, PreemptionCandidate } from './pick-node';
export { explainNodePick, PRIORITY_SUM_OFFSET, pickOneNodeForPreemption } from './pick-node';
export type { InsufficientResource, ResourceFitOptions, ResourceFitResult } from './resource-fit';
export {
  explainResourceFit,
  isExtendedResourceName,
  isScalarResourceName,
  resourceFit,
  resourceFitReasons,
} from './resource-fit';
export type {
  NotPreemptable,
  SelectVictimsOptions,
  VictimSelection,
  VictimSelectionOutcome,
  VictimStep,
} from './select-victims';
export { explainVictimSelection, NO_VICTIMS_MESSAGE, selectVictimsOnNode } from './select-victims';
