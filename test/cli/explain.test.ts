import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLAIN_USAGE } from '../../src/cli/commands/explain';
import { isCriticalPod } from '../../src/pods/pod-kinds';
import { rankForSignal } from '../../src/ranking/rank';
import { podStatsLookup } from '../../src/signals/pod-stats';
import { parseSummary } from '../../src/signals/summary';
import { cli } from './support';

const fixture = (path: string) => `test/fixtures/${path}`;
const PAIRS = [
  'newrelic-nri-kubernetes-k8s-1.16',
  'newrelic-nri-kubernetes-k8s-1.22',
  'newrelic-nri-kubernetes-k8s-1.29',
  'newrelic-nri-kubernetes-k8s-1.35',
  'otel-contrib-kubeletstats-minikube-2020',
];
const WITHOUT_PODS = [
  'datadog-integrations-core-gke-2019',
  'datadog-integrations-core-eks-windows-2020',
  'elastic-beats-gke-2017',
];
const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const HARD = `${header}evictionHard:\n  memory.available: 1Ei\n`;
const SOFT = `${header}evictionHard: {}\nevictionSoft:\n  memory.available: 1Ei\nevictionSoftGracePeriod:\n  memory.available: 1m30s\nevictionMaxPodGracePeriod: 45\n`;

interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

const explain = async (name: string, extra: string[] = [], files: Record<string, string> = {}) => {
  const r = await cli(
    [
      'explain',
      '--summary',
      fixture(`summary/${name}-summary.json`),
      '--pods',
      files['pods.json'] === undefined ? fixture(`pods/${name}-pods.json`) : 'pods.json',
      '--json',
      ...extra,
    ],
    { files },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

/** The first pod the library's own ranking would let the kubelet evict (critical pods skipped). */
function expectedVictim(name: string): PodRef {
  const summary = parseSummary(
    JSON.parse(readFileSync(fixture(`summary/${name}-summary.json`), 'utf8')),
  )._unsafeUnwrap();
  const items = JSON.parse(readFileSync(fixture(`pods/${name}-pods.json`), 'utf8')).items as {
    status?: { phase?: string };
    metadata: PodRef;
  }[];
  const active = items.filter(
    (p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  const ranked = rankForSignal('memory.available', active, podStatsLookup(summary) as never);
  const first = ranked.find((p) => !isCriticalPod(p)) as { metadata: PodRef };
  return {
    namespace: first.metadata.namespace ?? '',
    name: first.metadata.name,
    uid: first.metadata.uid,
  };
}

describe('evictkit explain on every Summary/pods capture', () => {
  for (const name of PAIRS) {
    describe(name, () => {
      it('--json has the required fields; no pressure under the defaults', async () => {
        const doc = await explain(name);
        expect(doc.version).toBe(1);
        expect(
          doc.nodeConditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
        ).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False']);
        expect(doc.thresholds.length).toBeGreaterThan(0);
        for (const t of doc.thresholds) {
          expect(Object.keys(t)).toEqual(
            expect.arrayContaining(['signal', 'observed', 'threshold', 'met']),
          );
          expect(t.met).toBe(false);
        }
        expect(
          doc.thresholds.find((t: { signal: string }) => t.signal === 'memory.available').observed,
        ).toMatch(/^\d+Ki$/);
        expect(doc.candidates.length).toBeGreaterThan(0);
        doc.candidates.forEach(
          (c: { rank: number; pod: PodRef; priority: number; hasStats: boolean }, i: number) => {
            expect(c.rank).toBe(i + 1);
            expect(Object.keys(c.pod)).toEqual(['namespace', 'name', 'uid']);
            expect(typeof c.priority).toBe('number');
            expect(typeof c.hasStats).toBe('boolean');
          },
        );
        expect(doc.victim).toBeNull();
        expect(doc.rankedFor).toBe('memory.available');
        expect(doc.firstIfPressure).toEqual(expectedVictim(name));
      });

      it('under a hard threshold the victim is the first evictable pod, now', async () => {
        const doc = await explain(name, ['--config', 'k.yaml'], { 'k.yaml': HARD });
        expect(doc.nodeConditions[0]).toMatchObject({ type: 'MemoryPressure', status: 'True' });
        expect(doc.thresholds[0]).toMatchObject({
          signal: 'memory.available',
          met: true,
          actionable: true,
        });
        expect(doc.victim).toMatchObject({
          pod: expectedVictim(name),
          signal: 'memory.available',
          actionableNow: true,
          gracePeriodOverrideSeconds: 1,
        });
        expect(Object.keys(doc.victim.pod)).toEqual(['namespace', 'name', 'uid']);
        expect(doc.victim.message).toMatch(
          /^The node was low on resource: memory\. Threshold quantity: 1Ei, available: \d+Ki\. /,
        );
      });

      it('under a soft threshold the same pod, once the grace period has run', async () => {
        const doc = await explain(name, ['--config', 'k.yaml'], { 'k.yaml': SOFT });
        expect(doc.thresholds[0]).toMatchObject({
          met: true,
          actionable: false,
          graceRemainingMs: 90_000,
        });
        expect(doc.victim).toMatchObject({
          pod: expectedVictim(name),
          actionableNow: false,
          afterMs: 90_000,
        });
        expect(doc.victim.gracePeriodOverrideSeconds).toBeLessThanOrEqual(45);
      });
    });
  }

  it('the text report', async () => {
    const name = PAIRS[3] as string;
    const r = await cli(
      [
        'explain',
        '--summary',
        fixture(`summary/${name}-summary.json`),
        '--pods',
        fixture(`pods/${name}-pods.json`),
        '--node',
        fixture(`nodes/${name}-nodes.yaml`),
        '--config',
        'k.yaml',
      ],
      { files: { 'k.yaml': HARD } },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Node datagen-1-35 (linux), Summary of 2026-06-26T');
    expect(r.stdout).toMatch(/memory\.available\s+hard\s+1Ei\s+1 EiB\s+6\.8 GiB\s+MET, actionable/);
    expect(r.stdout).toContain('MemoryPressure (node says False)');
    expect(r.stdout).toContain(
      'scraper/e2e-container-creating for memory.available: now, in this cycle',
    );
    expect(r.stdout).toContain("The kernel's OOM kill order");
    expect(r.stdout).toMatch(
      /kube-system\/etcd-datagen-1-35\s+Burstable\s+2000001000.*static, never evicted/,
    );
  });

  it('--node gives the memory capacity and the conditions the node reports', async () => {
    const name = PAIRS[3] as string;
    const doc = await explain(name, ['--node', fixture(`nodes/${name}-nodes.yaml`)]);
    expect(doc.node.memoryCapacityBytes).toBe(String(8024304 * 1024));
    expect(doc.nodeConditions.map((c: { reportedByNode: string }) => c.reportedByNode)).toEqual([
      'False',
      'False',
      'False',
    ]);
    expect(doc.oom.order[0]).toMatchObject({ oomScoreAdj: 1000 });
    const adjs = doc.oom.order.map((o: { oomScoreAdj: number }) => o.oomScoreAdj);
    expect(adjs.at(-1)).toBe(-997);
  });

  it('reads the Summary from standard input', async () => {
    const name = PAIRS[0] as string;
    const r = await cli(
      ['explain', '--summary', '-', '--pods', fixture(`pods/${name}-pods.json`), '-o', 'json'],
      {
        files: { '-': readFileSync(fixture(`summary/${name}-summary.json`), 'utf8') },
      },
    );
    expect(JSON.parse(r.stdout).node.name).toBe('minikube');
  });

  it('math.MaxInt64 in the Summary stays positive (JSON.parse would round it to 2^63)', async () => {
    const fs = '{"availableBytes":9223372036854775807,"capacityBytes":9223372036854775807}';
    const summary = `{"node":{"nodeName":"n","fs":${fs},"memory":{"availableBytes":8589934592,"workingSetBytes":0}},"pods":[]}`;
    const s = await cli(['explain', '--summary', 'summary.json', '--pods', '-', '--json'], {
      files: { 'summary.json': summary, '-': '[]' },
    });
    const nodefs = JSON.parse(s.stdout).thresholds.find(
      (t: { signal: string }) => t.signal === 'nodefs.available',
    );
    expect(nodefs.observed).not.toMatch(/^-/);
    expect(nodefs.met).toBe(false);
  });
});

describe('evictkit explain on the Summaries without pods (an empty --pods list)', () => {
  for (const name of WITHOUT_PODS) {
    it(name, async () => {
      const summary = fixture(`summary/${name}-summary.json`);
      const r = await cli(['explain', '--summary', summary, '--pods', '-', '--json'], {
        files: { '-': '[]' },
      });
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.candidates).toEqual([]);
      expect(doc.victim).toBeNull();
      expect(doc.notes[0]).toMatch(/^the Summary reports \d+ pods but no pod objects were given/);
      expect(doc.thresholds.length).toBeGreaterThan(0);
      // Under pressure there is still nobody to evict.
      const hard = await cli(
        ['explain', '--summary', summary, '--pods', 'p.json', '--config', 'k.yaml'],
        {
          files: { 'p.json': '{"kind":"PodList","items":[]}', 'k.yaml': HARD },
        },
      );
      expect(hard.code).toBe(0);
      expect(hard.stdout).toContain('none: thresholds are met but no pod can be evicted');
    });
  }
});

describe('evictkit explain: bad input and usage', () => {
  const name = PAIRS[3] as string;
  const summary = fixture(`summary/${name}-summary.json`);
  const pods = fixture(`pods/${name}-pods.json`);

  it('--help', async () => {
    expect((await cli(['explain', '--help'])).stdout).toBe(EXPLAIN_USAGE);
  });

  it.each([
    [['explain'], '--summary is required (or --kubeconfig and --node-name for a live node)'],
    [
      ['explain', '--summary', summary],
      '--pods is required (give an empty list, [], for a Summary without its pods)',
    ],
    [
      ['explain', '--summary', '-', '--pods', '-'],
      'only one input can be read from standard input (--summary, --pods)',
    ],
    [['explain', '--kubeconfig'], '--kubeconfig needs --node-name <node>'],
    [
      ['explain', '--kubeconfig', '--node-name', 'n', '--summary', summary],
      '--summary cannot be used with --kubeconfig',
    ],
  ])('%j: one line, exit 2', async (argv, message) => {
    expect(await cli(argv)).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${message} (see 'evictkit explain --help')\n`,
    });
  });

  it.each([
    [
      'swapped inputs',
      ['--summary', pods, '--pods', summary],
      `${pods}: this is a pod list, not a kubelet Summary (swap --summary and --pods?)`,
    ],
    [
      'a missing file',
      ['--summary', 'nope.json', '--pods', pods],
      'cannot read nope.json: no such file',
    ],
    [
      'not JSON',
      ['--summary', 's.json', '--pods', pods],
      's.json: not JSON or YAML: line 1, column 14: ',
    ],
    [
      'not a Summary',
      ['--summary', 'p.json', '--pods', pods],
      'p.json: not a kubelet Summary: $.node: ',
    ],
    [
      'a bad pod',
      ['--summary', summary, '--pods', 'bad.json'],
      'bad.json: items[0] (x): $.spec.priority: ',
    ],
  ])('%s: one line, exit 1', async (_name, argv, message) => {
    const r = await cli(['explain', ...argv], {
      files: {
        's.json': '{"node": [1, ',
        'p.json': '{"pods": []}',
        'bad.json': '{"items": [{"metadata": {"name": "x"}, "spec": {"priority": "high"}}]}',
      },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`error: ${message}`)).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});
