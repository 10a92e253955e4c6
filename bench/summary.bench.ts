// parse-summary-1000: validating a kubelet Summary with 1,000 pods (`parseSummary`, zod) on the
// already-decoded JSON, with JSON.parse of the same document as the same-run reference.
import { parseSummary } from '../src/signals/summary';
import { type BenchContext, type Benchmark, fail, pair, timingRecord } from './harness';
import { makeNode } from './node-fixture';

export const parseSummary1000: Benchmark = {
  name: 'parse-summary-1000',
  kind: 'pure',
  summary: 'parseSummary (zod validation) of a 1,000-pod Summary vs JSON.parse of its text',
  async run(context: BenchContext) {
    const count = context.quick ? 110 : 1000;
    const { summaryJson } = makeNode(count, 1000);
    const decoded: unknown = JSON.parse(summaryJson);
    const checked = parseSummary(decoded);
    if (checked.isErr()) fail(`parse-summary-1000: ${checked.error.message}`);
    if (checked.value.pods.length !== count) fail('parse-summary-1000: pods lost');
    const result = await pair({
      rounds: context.quick ? 1 : 15,
      subject: () => parseSummary(decoded),
      baseline: () => JSON.parse(summaryJson) as unknown,
    });
    return timingRecord({
      name: 'parse-summary-1000',
      context,
      valueMs: result.subjectMs,
      baseline: 'JSON.parse of the same Summary text',
      baselineMs: result.baselineMs,
      details: {
        pods: count,
        bytes: summaryJson.length,
        usPerPod: (result.subjectMs * 1e3) / count,
      },
    });
  },
};
