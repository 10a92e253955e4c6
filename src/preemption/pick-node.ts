import { err, ok, type Result } from 'neverthrow';
import { isObjectLike, type PodObjectView, readPodObject } from '../pods/pod-object';
import { inputError, type PreemptionInputError } from './errors';
import { clockNow, earliestStartOfHighestPriority, type PreemptionClock } from './importance';

// pickOneNodeForPreemption (pkg/scheduler/framework/preemption), v1.37, with the default
// score functions (DefaultPreemption supplies no OrderedScoreFuncs).

/** A node where preemption would make room: `Candidate` (`Name()`, `Victims()`). */
export interface PreemptionCandidate<P = unknown> {
  /** The node name. */
  readonly name: string;
  /** Victims most important first, as `selectVictimsOnNode` returns them. */
  readonly victims: readonly P[];
  readonly numPDBViolations: number;
}

export type NodePickCriterion =
  | 'fewest-pdb-violations'
  | 'lowest-highest-victim-priority'
  | 'smallest-priority-sum'
  | 'fewest-victims'
  | 'latest-start-time';

/** One score function's round: each remaining node's score (higher is better), and the best. */
export interface NodePickRound {
  readonly criterion: NodePickCriterion;
  readonly scores: readonly { readonly node: string; readonly score: bigint }[];
  readonly kept: readonly string[];
}

export interface NodePick {
  /** The chosen node; `""` when there are no candidates. */
  readonly node: string;
  readonly rounds: readonly NodePickRound[];
  readonly why: string;
}

/** `math.MaxInt32 + 1`: added to every priority so that sums of negative priorities still grow. */
export const PRIORITY_SUM_OFFSET = 2n ** 31n;

const CRITERIA: readonly { criterion: NodePickCriterion; describe: string }[] = [
  { criterion: 'fewest-pdb-violations', describe: 'fewest PodDisruptionBudget violations' },
  {
    criterion: 'lowest-highest-victim-priority',
    describe: 'lowest priority of its most important victim',
  },
  {
    criterion: 'smallest-priority-sum',
    describe: 'smallest sum of victim priorities (each offset by 2^31)',
  },
  { criterion: 'fewest-victims', describe: 'fewest victims' },
  {
    criterion: 'latest-start-time',
    describe: 'latest earliest start time among its highest-priority victims',
  },
];

interface Scored {
  readonly name: string;
  readonly numPDBViolations: number;
  readonly victims: readonly PodObjectView[];
}

// Start times become bigint scores; an unstarted victim at now = +Infinity scores above all.
const INFINITE_TIME = 2n ** 63n;
const timeScore = (ms: number): bigint =>
  ms === Number.POSITIVE_INFINITY
    ? INFINITE_TIME
    : ms === Number.NEGATIVE_INFINITY
      ? -INFINITE_TIME
      : BigInt(Math.trunc(ms));

function readCandidates(candidates: unknown): Result<Scored[], PreemptionInputError> {
  if (!Array.isArray(candidates))
    return err(inputError('invalid-candidate', 'candidates', candidates, 'candidates: not a list'));
  // nodesToVictims is a map upstream: a repeated node name keeps its last victims, at the
  // position where the name first appeared.
  const byName = new Map<string, Scored>();
  for (const [i, c] of candidates.entries()) {
    const path = `candidates[${i}]`;
    if (!isObjectLike(c))
      return err(inputError('invalid-candidate', path, c, `${path}: not an object`));
    let name: unknown;
    let victims: unknown;
    let violations: unknown;
    try {
      ({ name, victims, numPDBViolations: violations } = c);
    } catch {
      return err(inputError('invalid-candidate', path, c, `${path}: could not be read`));
    }
    if (typeof name !== 'string')
      return err(
        inputError('invalid-candidate', `${path}.name`, name, `${path}.name: not a string`),
      );
    if (!Array.isArray(victims))
      return err(
        inputError('invalid-candidate', `${path}.victims`, victims, `${path}.victims: not a list`),
      );
    for (const [j, v] of victims.entries())
      if (!isObjectLike(v))
        return err(
          inputError(
            'invalid-candidate',
            `${path}.victims[${j}]`,
            v,
            `${path}.victims[${j}]: not a pod object`,
          ),
        );
    byName.set(name, {
      name,
      numPDBViolations:
        typeof violations === 'number' && Number.isFinite(violations) ? Math.trunc(violations) : 0,
      victims: victims.map(readPodObject),
    });
  }
  return ok([...byName.values()]);
}

class EmptyVictims extends Error {
  constructor(readonly node: string) {
    super(`expected at least one victim pod on node "${node}"`);
  }
}

function highest(c: Scored): PodObjectView {
  const first = c.victims[0];
  if (first === undefined) throw new EmptyVictims(c.name);
  return first;
}

function scoreFunctions(now: number): ((c: Scored) => bigint)[] {
  return [
    (c) => -BigInt(c.numPDBViolations),
    (c) => -BigInt(highest(c).priority),
    (c) => -c.victims.reduce((sum, v) => sum + BigInt(v.priority) + PRIORITY_SUM_OFFSET, 0n),
    (c) => -BigInt(c.victims.length),
    (c) => {
      highest(c);
      return timeScore(earliestStartOfHighestPriority(c.victims, now) ?? Number.NEGATIVE_INFINITY);
    },
  ];
}

/**
 * `pickOneNodeForPreemption`, explained: the score functions run in order, each keeping only
 * the candidates with its best score, until one candidate is left: fewest PDB violations; lowest
 * priority of the most important victim (`victims[0]`); smallest sum of `priority + 2^31` over
 * the victims; fewest victims; latest earliest start time among the highest-priority victims
 * (`now` for an unstarted one). A tie after all of them goes to the first remaining candidate
 * in the order given (upstream iterates a map, so its pick is arbitrary there).
 */
export function explainNodePick(
  candidates: readonly PreemptionCandidate[],
  clock: PreemptionClock = {},
): Result<NodePick, PreemptionInputError> {
  const read = readCandidates(candidates);
  if (read.isErr()) return err(read.error);
  let remaining = read.value;
  if (remaining.length === 0) return ok({ node: '', rounds: [], why: 'no candidates' });
  const now = clockNow(clock);
  const functions = scoreFunctions(now);
  const rounds: NodePickRound[] = [];
  try {
    for (const [i, f] of functions.entries()) {
      const scores = remaining.map((c) => ({ node: c.name, score: f(c) }));
      let best = scores[0]?.score ?? 0n;
      for (const s of scores) if (s.score > best) best = s.score;
      const kept = remaining.filter((_, j) => scores[j]?.score === best);
      const criterion = CRITERIA[i] ?? CRITERIA[0]!;
      rounds.push({ criterion: criterion.criterion, scores, kept: kept.map((c) => c.name) });
      remaining = kept;
      if (kept.length === 1) {
        const node = kept[0]?.name ?? '';
        return ok({ node, rounds, why: `${node} has the ${criterion.describe}` });
      }
    }
  } catch (e) {
    if (e instanceof EmptyVictims)
      return err(inputError('invalid-candidate', 'candidates', e.node, e.message));
    throw e;
  }
  const node = remaining[0]?.name ?? '';
  return ok({
    node,
    rounds,
    why: `${node}: still tied with ${remaining.length - 1} other node(s) after every criterion; the first one is taken`,
  });
}

/**
 * `pickOneNodeForPreemption`: the node preemption should use among `candidates` (see
 * `explainNodePick` for the order of criteria). `""` for no candidates or input that is not a
 * list of `{ name, victims, numPDBViolations }`.
 */
export function pickOneNodeForPreemption(
  candidates: readonly PreemptionCandidate[],
  clock: PreemptionClock = {},
): string {
  const pick = explainNodePick(candidates, clock);
  return pick.isOk() ? pick.value.node : '';
}
