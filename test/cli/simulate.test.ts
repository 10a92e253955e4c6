import { describe, expect, it } from 'vitest';
import { DEMO_USAGE } from '../../src/cli/commands/demo';
import { SIMULATE_USAGE } from '../../src/cli/commands/simulate';
import { run } from '../../src/cli/main';
import { DEMO_SCENARIO } from '../../src/simulation/demo';
import { cli, fakeIo } from './support';

const example = 'examples/scenarios/demo.yaml';
const ESC = String.fromCharCode(27);

describe('evictkit demo', () => {
  it('--help', async () => {
    expect(await cli(['demo', '--help'])).toEqual({ code: 0, stdout: DEMO_USAGE, stderr: '' });
  });

  it('prints a timeline a person can follow', async () => {
    const r = await cli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const text = r.stdout;
    // What is simulated, the node, the thresholds, the pods with their oom_score_adj.
    expect(text).toContain('evictkit demo: memory leak, memory spike, disk fill-up');
    expect(text).toMatch(/No\s+cluster, no root/);
    expect(text).toMatch(/memory\.available\s+soft\s+1Gi\s+grace 30s/);
    expect(text).toMatch(/kube-system\/kube-proxy-7xk2p\s+BestEffort\s+2000001000\s+-997/);
    expect(text).toContain('static: never evicted');
    // One block per step; grace counting down; the condition held; the evictions and messages.
    expect(text).toContain('1:25  [notifier]  MemoryPressure');
    expect(text).toContain('soft 1Gi MET, grace 20s left');
    expect(text).toContain('MemoryPressure (held, 59s left)');
    expect(text).toContain('✖ evict shop/web-frontend-6c9d4');
    expect(text).toContain(
      'message: "The node was low on resource: memory. Threshold quantity: 1Gi, available: 986Mi.',
    );
    expect(text).toContain(
      'arrives and is rejected: Evicted: The node had condition: [MemoryPressure].',
    );
    expect(text).toMatch(
      /Outcome\n\s+evicted\s+shop\/web-frontend-6c9d4 at 1:55 \(memory\.available\)/,
    );
    // Quiet stretches are folded.
    expect(text).toMatch(/0:10–0:20\s+2 steps, no pressure/);
    expect(text).not.toContain(ESC);
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const io = fakeIo({ tty: true });
    await run(['demo'], io);
    expect(io.out).toContain(`${ESC}[`);
    const plain = fakeIo({ tty: true, env: { NO_COLOR: '1' } });
    await run(['demo'], plain);
    expect(plain.out).not.toContain(ESC);
  });

  it('--json prints the timeline', async () => {
    const r = await cli(['demo', '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.steps.flatMap((s: { evictions: unknown[] }) => s.evictions)).toHaveLength(3);
    expect(Object.keys(doc)).toEqual([
      'version',
      'scenario',
      'capacity',
      'settings',
      'thresholds',
      'pods',
      'steps',
      'notes',
    ]);
  });

  it('--html writes the report, and "-" writes it to stdout', async () => {
    const io = fakeIo();
    expect(await run(['demo', '--html', 'out.html'], io)).toBe(0);
    expect(io.written.get('out.html')).toMatch(/^<!doctype html>/);
    expect(io.err).toBe('wrote out.html: the timeline as an HTML report with a chart per signal\n');
    const r = await cli(['demo', '--html', '-']);
    expect(r.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });

  it('takes no arguments', async () => {
    expect((await cli(['demo', 'x'])).stderr).toBe(
      "error: unexpected argument 'x' (see 'evictkit demo --help')\n",
    );
  });
});

describe('evictkit simulate', () => {
  it('--help', async () => {
    expect((await cli(['simulate', '-h'])).stdout).toBe(SIMULATE_USAGE);
  });

  it('runs the example scenario like the demo', async () => {
    const file = await cli(['simulate', example, '--json']);
    const demo = await cli(['demo', '--json']);
    expect(file.code).toBe(0);
    expect(file.stdout).toBe(demo.stdout);
  });

  it('reads the scenario from stdin', async () => {
    const r = await cli(['simulate', '-'], { files: { '-': DEMO_SCENARIO } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('evictkit simulate (standard input): memory leak');
  });

  it('--config compares another kubelet configuration on the same scenario', async () => {
    const config =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: 200Mi\n';
    const r = await cli(['simulate', example, '--config', 'k.yaml', '--json'], {
      files: { 'k.yaml': config },
    });
    const doc = JSON.parse(r.stdout);
    expect(doc.scenario.kubeletSource).toBe('given');
    // Only a 200Mi hard threshold: the leak is never acted on, and the spike (on top of it) is.
    expect(
      doc.steps.flatMap(
        (s: {
          time: number;
          evictions: { pod: { name: string }; gracePeriodOverrideSeconds: number }[];
        }) => s.evictions.map((e) => [s.time, e.pod.name, e.gracePeriodOverrideSeconds]),
      ),
    ).toEqual([[180_000, 'cache-warmer-0', 1]]);
    expect(
      doc.thresholds.map((t: { signal: string; value: string }) => `${t.signal}<${t.value}`),
    ).toEqual(['memory.available<200Mi', 'allocatableMemory.available<200Mi']);
  });

  it('an invalid scenario: one line naming the path, line and column; exit 1', async () => {
    const bad = DEMO_SCENARIO.replace('memory: 8Gi', 'memory: 8 GiB');
    const r = await cli(['simulate', 's.yaml'], { files: { 's.yaml': bad } });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: invalid scenario s.yaml: node.capacity.memory: "8 GiB" is not a quantity (expected a number with an optional unit, such as 512Mi, 1.5Gi or 500M) (line 12, column 13)\n',
    });
    const json = await cli(['simulate', 's.yaml', '--json'], { files: { 's.yaml': bad } });
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'invalid-scenario',
      path: 'node.capacity.memory',
      line: 12,
      column: 13,
    });
  });

  it('an invalid --config: exit 1', async () => {
    const r = await cli(['simulate', example, '--config', 'k.yaml'], {
      files: { 'k.yaml': 'apiVersion: v1\nkind: Pod\n' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: invalid configuration k.yaml: not a KubeletConfiguration: kind is "Pod", expected "KubeletConfiguration"\n',
    );
  });

  it('usage errors: exit 2', async () => {
    expect((await cli(['simulate'])).stderr).toBe(
      "error: missing scenario file (see 'evictkit simulate --help')\n",
    );
    const both = await cli(['simulate', '-', '--config', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('error: only one input can be read from standard input\n');
  });

  it('a missing scenario file: cannot read, exit 1', async () => {
    expect((await cli(['simulate', 'nope.yaml'])).stderr).toBe(
      'error: cannot read nope.yaml: no such file\n',
    );
  });
});
