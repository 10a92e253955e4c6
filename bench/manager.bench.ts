// synchronize-110, synchronize-1000: one full cycle of the eviction manager (observe, evaluate,
// rank, decide, explain) on a parsed Summary of a node with that many pods, under memory
// pressure (a hard memory.available threshold the node is below), in a dry run. Same-run
// reference: parseSummary (zod validation) of the same Summary, which a caller pays per cycle
// anyway. Every cycle's decision is checked against rankForSignal's first evictable pod.
import { createEvictionManager } from '../src/manager/manager';
import type { Pod } from '../src/pods/pod';
import { isCriticalPod } from '../src/pods/pod-kinds';
import { rankForSignal } from '../src/ranking/rank';
import { podStatsLookup } from '../src/signals/pod-stats';
import { parseSummary, type Summary } from '../src/signals/summary';
import { parseThresholdConfig } from '../src/signals/threshold-config';
import {
  type BenchContext,
  type Benchmark,
  type BenchRecord,
  breathe,
  fail,
  median,
  timed,
  timingRecord,
} from './harness';
import { makeNode } from './node-fixture';

function synchronizeBench(pods: number, goalMs: number): Benchmark {
  const name = `synchronize-${pods}`;
  return {
    name,
    kind: 'pure',
    summary: `one manager cycle (observe, evaluate, rank, decide, explain) with ${pods} pods`,
    async run(context: BenchContext): Promise<BenchRecord> {
      const count = context.quick ? Math.min(pods, 110) : pods;
      const node = makeNode(count, pods);
      const raw: unknown = JSON.parse(node.summaryJson);
      const parsed = parseSummary(raw);
      if (parsed.isErr()) fail(`${name}: ${parsed.error.message}`);
      const summary: Summary = parsed.value;
      const thresholds = parseThresholdConfig({
        // The node is far below 99 % available memory: every cycle ranks and picks a victim.
        evictionHard: { 'memory.available': '99%', 'nodefs.available': '10%' },
      });
      if (thresholds.isErr()) fail(`${name}: ${thresholds.error.message}`);
      const manager = createEvictionManager<Pod>({
        thresholds: thresholds.value,
        killPod: async () => {},
        dryRun: true,
      });
      const statsOf = podStatsLookup(summary);
      const expected = rankForSignal('memory.available', node.pods, statsOf).find(
        (pod) => !isCriticalPod(pod),
      );
      let now = Date.parse('2026-06-26T10:15:00Z');
      const cycle = async () => {
        now += 10_000;
        // Fresh stats each cycle, as a live node's (the manager skips stale observations).
        const fresh: Summary = {
          ...summary,
          node: { ...summary.node, memory: { ...summary.node.memory, time: now - 1000 } },
        };
        const result = await manager.synchronize({ now, summary: fresh, pods: node.pods });
        if (result.outcome !== 'would-evict') fail(`${name}: outcome ${result.outcome}`);
        if (result.eviction?.pod !== expected) fail(`${name}: not rankForSignal's first victim`);
        return result;
      };
      const rounds = context.quick ? 1 : 41;
      // Warm the JIT on the whole cycle before timing (a manager runs every 10 s for days).
      for (let i = 0; i < (context.quick ? 1 : 2000 / Math.sqrt(count)); i++) await cycle();
      const sync: number[] = [];
      const parse: number[] = [];
      for (let r = 0; r < rounds; r++) {
        parse.push(timed(() => parseSummary(raw)).ms);
        await breathe();
        const start = process.hrtime.bigint();
        await cycle();
        sync.push(Number(process.hrtime.bigint() - start) / 1e6);
        await breathe();
      }
      return timingRecord({
        name,
        context,
        valueMs: median(sync),
        baseline: 'parseSummary of the same Summary (zod)',
        baselineMs: median(parse),
        goal: `< ${goalMs} ms`,
        meets: (ms) => ms < goalMs,
        details: { pods: count, rounds, usPerPod: (median(sync) * 1e3) / count },
      });
    },
  };
}

export const synchronize110 = synchronizeBench(110, 2);
export const synchronize1000 = synchronizeBench(1000, 20);
