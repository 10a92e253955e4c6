import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workloadScaleOf } from '../../src/disruption/controller-scale';
import { type DrainPlan, planDrain } from '../../src/disruption/drain-plan';
import { readPdbFacts } from '../../src/disruption/pdb';
import { pdbStatus } from '../../src/disruption/pdb-status';
import { cli as runCli } from '../cli/support';

const dir = new URL('../fixtures/drain/', import.meta.url);
const path = (name: string) => fileURLToPath(new URL(name, dir));
const load = (name: string) =>
  (JSON.parse(readFileSync(path(name), 'utf8')) as { items: unknown[] }).items;
const pods = load('pods.json');
const pdbs = load('pdbs.json');
const workloads = load('workloads.json');
const NOW = '2024-05-01T10:00:00Z';
const now = Date.parse(NOW);

const actions = (plan: DrainPlan) => Object.fromEntries(plan.pods.map((p) => [p.key, p.action]));

describe('the drain fixture', () => {
  it('every reported PDB status is what the disruption controller computes from the pods', () => {
    for (const pdb of pdbs) {
      const facts = readPdbFacts(pdb);
      const computed = pdbStatus(pdb, pods, {
        now,
        scaleOf: workloadScaleOf(workloads),
      })._unsafeUnwrap().status;
      const pick = (s: typeof computed) => [
        s.disruptionsAllowed,
        s.currentHealthy,
        s.desiredHealthy,
        s.expectedPods,
      ];
      expect(pick(computed), facts.name).toEqual(pick(facts.status));
    }
  });
});

describe('planDrain on worker-2', () => {
  it('without flags kubectl refuses the node; the Eviction API answers pod by pod all the same', () => {
    const plan = planDrain({ node: 'worker-2', pods, pdbs, workloads, drain: { now } });
    expect(plan.refused).toBe(true);
    expect(plan.clear).toBe(false);
    expect(plan.errors).toEqual([
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): data/redis-6d8f9b7c5-k2j4h',
      'cannot delete Pods that declare no controller (use --force to override): default/debug-shell',
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/calico-node-qz8ln, kube-system/kube-proxy-7xk2p, logging/fluent-bit-9zq7r, monitoring/node-exporter-4hj8s',
      'cannot delete daemonsets.apps "old-cni-agent" not found: kube-system/old-cni-agent-5tq7w',
    ]);
    expect(plan.pods).toHaveLength(20);
  });

  it('with --force --ignore-daemonsets --delete-emptydir-data: who is evicted, who is blocked, and why', () => {
    const plan = planDrain({
      node: 'worker-2',
      pods,
      pdbs,
      workloads,
      drain: { now, force: true, ignoreAllDaemonSets: true, deleteEmptyDirData: true },
    });
    expect(plan.refused).toBe(false);
    expect(actions(plan)).toEqual({
      'batch/etl-import-7hx2m': 'evict',
      'batch/nightly-report-28470000-9xk2l': 'evict',
      'data/postgres-0': 'blocked',
      'data/redis-6d8f9b7c5-k2j4h': 'evict',
      'default/debug-shell': 'evict',
      'default/legacy-app-6f7d8c9b5-m2n3b': 'fail',
      'kube-system/calico-node-qz8ln': 'skip',
      'kube-system/coredns-5d78c9869d-8fj2k': 'evict',
      'kube-system/kube-proxy-7xk2p': 'skip',
      'kube-system/kube-vip-worker-2': 'skip',
      // Its DaemonSet is gone: --force deletes it (kubectl's warning is overwritten, kept in reasons).
      'kube-system/old-cni-agent-5tq7w': 'evict',
      'logging/fluent-bit-9zq7r': 'skip',
      'monitoring/alertmanager-main-0': 'blocked',
      'monitoring/grafana-6c9d7b5f4-tmz2q': 'evict',
      'monitoring/node-exporter-4hj8s': 'skip',
      'web/api-5f6b8d9c7-jq2wd': 'evict',
      'web/frontend-5b8f7c9d6-old01': 'evict',
      'web/frontend-7d4b9c6f8-2kq9x': 'evict',
      'web/frontend-7d4b9c6f8-8zl5m': 'blocked',
      'web/queue-worker-84c7d5b9f-r5h2k': 'evict',
    });
    const paths = Object.fromEntries(
      plan.pods.filter((p) => p.eviction).map((p) => [p.name, p.eviction?.path]),
    );
    expect(paths).toMatchObject({
      'postgres-0': 'budget-exhausted',
      'alertmanager-main-0': 'budget-stale',
      'grafana-6c9d7b5f4-tmz2q': 'pending-pod',
      'frontend-5b8f7c9d6-old01': 'terminating-pod',
      'queue-worker-84c7d5b9f-r5h2k': 'unhealthy-pod-budget-healthy',
      'nightly-report-28470000-9xk2l': 'terminal-pod',
      'legacy-app-6f7d8c9b5-m2n3b': 'multiple-pdbs',
    });
    const frontend = plan.budgets.find((b) => b.name === 'frontend-pdb');
    expect(frontend).toMatchObject({
      status: { disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 3, expectedPods: 5 },
      allowedAfter: 0,
      onNode: 3,
      accepted: 1,
      blocked: 1,
      acceptedPods: ['web/frontend-7d4b9c6f8-2kq9x'],
      statusSource: 'reported',
    });
    const blocked = plan.pods.find((p) => p.name === 'frontend-7d4b9c6f8-8zl5m');
    expect(blocked?.eviction?.cause).toBe(
      'The disruption budget frontend-pdb needs 3 healthy pods and has 4 currently',
    );
  });

  it('without workloads every DaemonSet is taken to exist (the orphan is ignored, not deleted)', () => {
    const plan = planDrain({
      node: 'worker-2',
      pods,
      pdbs,
      drain: { now, ignoreAllDaemonSets: true, force: true, deleteEmptyDirData: true },
    });
    expect(actions(plan)['kube-system/old-cni-agent-5tq7w']).toBe('skip');
  });

  it('--recompute: the controller would have synced the stale PDB, and the eviction goes through', () => {
    const plan = planDrain({
      node: 'worker-2',
      pods,
      pdbs,
      workloads,
      recompute: true,
      drain: { now, force: true, ignoreAllDaemonSets: true, deleteEmptyDirData: true },
    });
    expect(actions(plan)['monitoring/alertmanager-main-0']).toBe('evict');
    expect(plan.budgets.every((b) => b.statusSource === 'computed')).toBe(true);
  });

  it('a PDB without a status is computed; with pods only, controller sizes come from pod counts', () => {
    const manifest = pdbs.map((p) => {
      const { status: _s, ...rest } = p as Record<string, unknown>;
      return rest;
    });
    const plan = planDrain({
      node: 'worker-2',
      pods,
      pdbs: manifest,
      drain: { now, force: true, ignoreAllDaemonSets: true, deleteEmptyDirData: true },
    });
    const redis = plan.budgets.find((b) => b.name === 'redis-pdb');
    expect(redis?.statusSource).toBe('computed');
    expect(redis?.status.expectedPods).toBe(2);
  });
});

/** Run the CLI in-process with the shared fake io; `stdin` is what "-" reads. */
const cli = (argv: string[], stdin?: string) =>
  runCli(argv, stdin === undefined ? {} : { files: { '-': stdin } });

const base = [
  'drain-plan',
  '--node',
  'worker-2',
  '--pods',
  path('pods.json'),
  '--pdbs',
  path('pdbs.json'),
  '--now',
  NOW,
];
const all = ['--force', '--ignore-daemonsets', '--delete-emptydir-data'];

describe('evictkit drain-plan', () => {
  it('text: kubectl refuses the node, with its error lines', async () => {
    const r = await cli([...base, '--workloads', path('workloads.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Node worker-2: 20 pods; kubectl drain refuses the node (4 errors): nothing is evicted. The evictions below are what the Eviction API would answer once those pods are dealt with.',
    );
    expect(lines).toContain(
      '  error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/calico-node-qz8ln, kube-system/kube-proxy-7xk2p, logging/fluent-bit-9zq7r, monitoring/node-exporter-4hj8s',
    );
    expect(r.stdout).toMatch(
      / {2}default\/debug-shell +- +refuse +Pods that declare no controller \(use --force to override\)\n/,
    );
  });

  it('text: with all flags, the blocked evictions and the budgets behind them', async () => {
    const r = await cli([...base, ...all]);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toBe(
      'Node worker-2: 20 pods; the drain would hang: 3 evictions refused by a PodDisruptionBudget now, 1 failing for good.',
    );
    expect(r.stdout).toContain(
      '  Warning: deleting Pods that declare no controller: default/debug-shell; ignoring DaemonSet-managed Pods: kube-system/calico-node-qz8ln, kube-system/kube-proxy-7xk2p, kube-system/old-cni-agent-5tq7w, logging/fluent-bit-9zq7r, monitoring/node-exporter-4hj8s',
    );
    expect(r.stdout).toMatch(
      / {2}data\/postgres-0 +StatefulSet\/postgres +blocked +429 data\/postgres-pdb: The disruption budget postgres-pdb needs 2 healthy pods and has 2 currently\n/,
    );
    expect(r.stdout).toMatch(
      / {2}web\/frontend-pdb +minAvailable 3 +4 +3 +5 +1 → 0 +3 +1 +1 +reported\n/,
    );
    expect(r.stdout).toContain(
      '  web/frontend-7d4b9c6f8-8zl5m: web/frontend-pdb (minAvailable 3) needs 3 healthy pods and has 4; its 1 allowed disruption goes to web/frontend-7d4b9c6f8-2kq9x.',
    );
    expect(r.stdout).toContain(
      '    covers: data/postgres-0 (worker-2, ready), data/postgres-1 (worker-1, ready), data/postgres-2 (worker-3, not ready)',
    );
    expect(r.stdout).toContain(
      '  monitoring/alertmanager-main-0: monitoring/alertmanager-pdb (maxUnavailable 1) has not been processed since it changed (observedGeneration 1 < generation 2); the API server answers 429 with Retry-After 10s until the disruption controller syncs it.',
    );
    expect(r.stdout).toContain(
      `  error when evicting pods/"postgres-0" -n "data" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`,
    );
    expect(r.stdout).toContain(
      '  default/legacy-app-6f7d8c9b5-m2n3b: covered by default/legacy-a and default/legacy-b: 500 This pod has more than one PodDisruptionBudget, which the eviction subresource does not support. kubectl fails this pod and the drain does not complete.',
    );
  });

  it('--json: the whole plan as data', async () => {
    const r = await cli([...base, ...all, '--workloads', path('workloads.json'), '-o', 'json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      version: 1,
      node: 'worker-2',
      now: NOW,
      flags: {
        force: true,
        ignoreDaemonSets: true,
        deleteEmptyDirData: true,
        skipWaitForDeleteTimeoutSeconds: 0,
      },
      workloads: true,
      clear: false,
      refused: false,
      errors: [],
    });
    const postgres = doc.pods.find((p: { name: string }) => p.name === 'postgres-0');
    expect(postgres).toMatchObject({
      action: 'blocked',
      controller: 'StatefulSet/postgres',
      drain: { delete: true, status: 'Okay' },
      eviction: {
        code: 429,
        reason: 'TooManyRequests',
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        cause: 'The disruption budget postgres-pdb needs 2 healthy pods and has 2 currently',
        pdb: { name: 'postgres-pdb', namespace: 'data' },
        path: 'budget-exhausted',
      },
    });
    expect(doc.budgets).toHaveLength(10);
  });

  it('exit 0 when the drain goes through now', async () => {
    const nodePods = JSON.stringify({
      kind: 'List',
      items: [
        (pods as { metadata: { name: string } }[]).find(
          (p) => p.metadata.name === 'api-5f6b8d9c7-jq2wd',
        ),
        (pods as { metadata: { name: string } }[]).find(
          (p) => p.metadata.name === 'api-5f6b8d9c7-m8n4r',
        ),
      ],
    });
    const r = await cli(
      [
        'drain-plan',
        '--node',
        'worker-2',
        '--pods',
        '-',
        '--pdbs',
        path('pdbs.json'),
        '--now',
        NOW,
      ],
      nodePods,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'Node worker-2: 1 pod; the drain goes through now: 1 pod evicted.',
    );
  });

  it('usage errors: exit 2', async () => {
    expect((await cli(['drain-plan', '--pods', 'a', '--pdbs', 'b'])).code).toBe(2);
    expect((await cli(['drain-plan', '--node', 'n', '--pdbs', 'b'])).stderr).toContain(
      '--pods is required',
    );
    expect(
      (await cli(['drain-plan', '--node', 'n', '--pods', '-', '--pdbs', '-'])).stderr,
    ).toContain('only one input can be standard input');
    expect((await cli([...base, '--now', 'yesterday'])).stderr).toContain(
      '--now: not an RFC 3339 time',
    );
    // A time without a zone is local time to Date.parse, and not RFC 3339.
    expect((await cli([...base, '--now', '2026-12-04T10:00:00'])).stderr).toContain(
      '--now: not an RFC 3339 time',
    );
    expect((await cli([...base, '--bogus'])).code).toBe(2);
    expect((await cli([...base, '-o', 'yaml'])).stderr).toContain(
      "unsupported output format 'yaml'",
    );
  });

  it('bad input: exit 1 with the reason', async () => {
    const swapped = await cli([
      'drain-plan',
      '--node',
      'n',
      '--pods',
      path('pdbs.json'),
      '--pdbs',
      path('pdbs.json'),
    ]);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toBe(
      'error: pods: $.items[0].kind: expected Pod, got PodDisruptionBudget\n',
    );
    const garbage = await cli(
      ['drain-plan', '--node', 'n', '--pods', '-', '--pdbs', path('pdbs.json')],
      '{"items": [{"metadata": {}}]}',
    );
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('pods: $.items[0].metadata.name');
    const json = await cli([
      'drain-plan',
      '--node',
      'n',
      '--pods',
      'missing.json',
      '--pdbs',
      path('pdbs.json'),
      '--json',
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'unreadable', input: 'pods' });
    const yaml = await cli(
      ['drain-plan', '--node', 'n', '--pods', '-', '--pdbs', path('pdbs.json')],
      'items: [',
    );
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toContain('pods: not JSON or YAML');
  });
});
