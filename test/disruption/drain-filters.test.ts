import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cordonPatch } from '../../src/disruption/cordon';
import {
  type DrainOptions,
  drainFilters,
  summarizeDrain,
} from '../../src/disruption/drain-filters';
import { iso, newPod, T0 } from './builders';

const now = T0;
const rc = { apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', uid: 'rc-uid' };
const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'ds-uid' };
const missingDs = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'missing-ds', uid: 'm-uid' };
const job = { apiVersion: 'batch/v1', kind: 'Job', name: 'job', uid: 'job-uid' };
const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid' };
const daemonSet = (_ns: string, name: string) =>
  name === 'ds' ? ({ found: true } as const) : ({ found: false, notFound: true } as const);

const bar = (init: Partial<Parameters<typeof newPod>[0]> = {}) => newPod({ name: 'bar', ...init });

// kubectl/pkg/cmd/drain/drain_test.go TestDrain: the pod-filtering half of each scenario
// (expectFatal: a filter error refuses the node; expectDelete: the pod is evicted or deleted).
describe('drainFilters: TestDrain scenarios', () => {
  const flags = (args: string[]): DrainOptions => ({
    now,
    force: args.includes('--force'),
    ignoreAllDaemonSets: args.includes('--ignore-daemonsets'),
    deleteEmptyDirData: args.includes('--delete-emptydir-data'),
  });
  it.each([
    ['RC-managed pod', bar({ owner: rc }), [], false, true, ''],
    ['DS-managed pod', bar({ owner: ds }), [], true, false, ''],
    ['DS-managed terminated pod', bar({ owner: ds, phase: 'Succeeded' }), [], false, true, ''],
    ['orphaned DS-managed pod', bar({ owner: missingDs }), [], true, false, ''],
    [
      'orphaned DS-managed pod with --force',
      bar({ owner: missingDs }),
      ['--force'],
      false,
      true,
      // The DaemonSet filter's warning is overwritten by the later filters' Okay.
      '',
    ],
    [
      'DS-managed pod with --ignore-daemonsets',
      bar({ owner: ds }),
      ['--ignore-daemonsets'],
      false,
      false,
      'ignoring DaemonSet-managed Pods: default/bar',
    ],
    [
      'DS-managed pod with emptyDir with --ignore-daemonsets',
      bar({ owner: ds, emptyDir: true }),
      ['--ignore-daemonsets'],
      false,
      false,
      'ignoring DaemonSet-managed Pods: default/bar',
    ],
    [
      'Job-managed pod with local storage',
      bar({ owner: job, emptyDir: true }),
      ['--force', '--delete-emptydir-data'],
      false,
      true,
      // Overwritten by the unreplicated filter's Okay.
      '',
    ],
    [
      'Job-managed terminated pod',
      bar({ owner: job, emptyDir: true, phase: 'Succeeded' }),
      [],
      false,
      true,
      '',
    ],
    ['RS-managed pod', bar({ owner: rs }), [], false, true, ''],
    ['naked pod', bar(), [], true, false, ''],
    [
      'naked pod with --force',
      bar(),
      ['--force'],
      false,
      true,
      'deleting Pods that declare no controller: default/bar',
    ],
    ['pod with EmptyDir', bar({ emptyDir: true }), ['--force'], true, false, ''],
    [
      'terminated pod with emptyDir',
      bar({ emptyDir: true, phase: 'Failed', owner: rc }),
      [],
      false,
      true,
      '',
    ],
    [
      'pod with EmptyDir and --delete-emptydir-data',
      bar({ emptyDir: true }),
      ['--force', '--delete-emptydir-data'],
      false,
      true,
      // The local-storage warning is lost: the unreplicated filter runs last (kubectl's TODO).
      'deleting Pods that declare no controller: default/bar',
    ],
  ])('%s', (_name, pod, args, expectFatal, expectDelete, expectWarning) => {
    const results = drainFilters([pod], flags(args as string[]), { daemonSet });
    const summary = summarizeDrain(results);
    expect(summary.errors.length > 0).toBe(expectFatal);
    expect(summary.toEvict.length > 0).toBe(expectDelete);
    expect(summary.warnings).toBe(expectWarning);
  });

  it('the warnings kubectl loses are still in the reasons', () => {
    const [orphan] = drainFilters([bar({ owner: missingDs })], { now, force: true }, { daemonSet });
    expect(orphan?.status).toBe('Okay');
    expect(orphan?.reasons[1]).toEqual({
      filter: 'daemonSet',
      ran: true,
      delete: true,
      status: 'Warning',
      message: 'daemonsets.apps "missing-ds" not found',
    });
  });

  it('empty node', () => {
    expect(summarizeDrain(drainFilters([], { now }))).toEqual({
      errors: [],
      warnings: '',
      toEvict: [],
    });
  });
});

describe('drainFilters: filter order and texts', () => {
  it('errors are grouped per message, prefixed "cannot delete" once', () => {
    const pods = [
      newPod({ name: 'a' }),
      newPod({ name: 'b', namespace: 'web', emptyDir: true, owner: rs }),
      newPod({ name: 'c', owner: ds }),
      newPod({ name: 'd' }),
    ];
    const summary = summarizeDrain(drainFilters(pods, { now }, { daemonSet }));
    expect(summary.errors).toEqual([
      'cannot delete Pods that declare no controller (use --force to override): default/a, default/d',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): web/b',
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/c',
    ]);
    expect(summary.toEvict).toEqual([]);
  });

  it('every filter verdict is kept, with whether kubectl reached it', () => {
    const [r] = drainFilters([newPod({ name: 'n', emptyDir: true })], { now });
    expect(r?.status).toBe('Error');
    expect(r?.message).toBe('Pods with local storage (use --delete-emptydir-data to override)');
    expect(r?.reasons.map((x) => [x.filter, x.status, x.ran])).toEqual([
      ['skipDeleted', 'Okay', true],
      ['daemonSet', 'Okay', true],
      ['mirrorPod', 'Okay', true],
      ['localStorage', 'Error', true],
      ['unreplicated', 'Error', false],
    ]);
  });

  it('the DaemonSet check runs before the mirror check (mirror pods are skipped silently)', () => {
    const mirror = newPod({
      name: 'kube-apiserver',
      annotations: { 'kubernetes.io/config.mirror': 'x' },
    });
    const [m] = drainFilters([mirror], { now });
    expect([m?.delete, m?.status, m?.message]).toEqual([false, 'Skip', undefined]);
    const mirrorOfDs = newPod({
      name: 'odd',
      owner: ds,
      annotations: { 'kubernetes.io/config.mirror': 'x' },
    });
    expect(drainFilters([mirrorOfDs], { now })[0]?.status).toBe('Error');
  });

  it('a DaemonSet lookup error other than NotFound is an error even with --force', () => {
    const [r] = drainFilters(
      [newPod({ name: 'p', owner: ds })],
      { now, force: true },
      {
        daemonSet: () => ({
          found: false,
          notFound: false,
          message: 'daemonsets.apps "ds" is forbidden',
        }),
      },
    );
    expect([r?.status, r?.message]).toEqual(['Error', 'daemonsets.apps "ds" is forbidden']);
  });

  // filter_test.go TestSkipDeletedFilter: threshold 20s.
  it.each([
    [0, true],
    [1, true],
    [100, false],
  ])('TestSkipDeletedFilter: deleted %ss ago → delete %s', (ago, expected) => {
    const pod = newPod({ name: 'p', owner: rs, deletionTimestamp: iso(now - ago * 1000) });
    const [r] = drainFilters([pod], { now, skipWaitForDeleteTimeoutSeconds: 20 });
    expect(r?.delete).toBe(expected);
  });

  it('TestSkipDeletedFilter: whole seconds, strictly more than the timeout', () => {
    const at = (ms: number) =>
      newPod({ name: 'p', owner: rs, deletionTimestamp: new Date(now - ms) as never });
    expect(
      drainFilters([at(20_999)], { now, skipWaitForDeleteTimeoutSeconds: 20 })[0]?.delete,
    ).toBe(true);
    expect(
      drainFilters([at(21_000)], { now, skipWaitForDeleteTimeoutSeconds: 20 })[0]?.delete,
    ).toBe(false);
  });

  it('TestFilterPods: additional filters run last and short-circuit', () => {
    const seen: string[] = [];
    const results = drainFilters(
      [newPod({ name: 'keep', owner: rs }), newPod({ name: 'drop', owner: rs })],
      {
        now,
        additionalFilters: [
          {
            name: 'first',
            filter: (_pod, p) => {
              seen.push(`first:${p.name}`);
              return p.name === 'drop'
                ? { delete: false, status: 'Skip' }
                : { delete: true, status: 'Okay' };
            },
          },
          {
            name: 'second',
            filter: (_pod, p) => {
              seen.push(`second:${p.name}`);
              return { delete: true, status: 'Okay' };
            },
          },
        ],
      },
    );
    expect(results.map((r) => r.delete)).toEqual([true, false]);
    expect(results[1]?.reasons.at(-1)).toMatchObject({ filter: 'second', ran: false });
  });
});

// kubectl/pkg/cmd/drain/drain_test.go TestCordon, and cordon_test.go TestUpdateIfRequired.
describe('cordonPatch', () => {
  const node = (unschedulable?: boolean) => ({
    metadata: { name: 'node' },
    spec: unschedulable === undefined ? {} : { unschedulable },
  });
  it.each([
    ['cordon', node(), true, true, { spec: { unschedulable: true } }, 'node/node cordoned'],
    [
      'uncordon',
      node(true),
      false,
      true,
      { spec: { unschedulable: null } },
      'node/node uncordoned',
    ],
    [
      'no change required (cordoned)',
      node(true),
      true,
      false,
      undefined,
      'node/node already cordoned',
    ],
    [
      'no change required (uncordoned)',
      node(false),
      false,
      false,
      undefined,
      'node/node already uncordoned',
    ],
  ])('%s', (_name, n, desired, changed, patch, message) => {
    const plan = cordonPatch(n, desired);
    expect(plan.changed).toBe(changed);
    expect(plan.patch).toEqual(patch);
    expect(plan.message).toBe(message);
    expect(plan.patchType).toBe('application/strategic-merge-patch+json');
  });
});

describe('drainFilters invariants', () => {
  const podArb = fc
    .record({
      owner: fc.constantFrom(undefined, rc, ds, missingDs, job, rs),
      emptyDir: fc.boolean(),
      mirror: fc.boolean(),
      phase: fc.constantFrom('Running', 'Pending', 'Succeeded', 'Failed'),
      deletedAgo: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    })
    .map((r) =>
      newPod({
        name: 'p',
        phase: r.phase,
        emptyDir: r.emptyDir,
        ...(r.owner ? { owner: r.owner } : {}),
        ...(r.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'x' } } : {}),
        ...(r.deletedAgo !== undefined
          ? { deletionTimestamp: iso(now - r.deletedAgo * 1000) }
          : {}),
      }),
    );
  const optionsArb = fc.record({
    force: fc.boolean(),
    ignoreAllDaemonSets: fc.boolean(),
    deleteEmptyDirData: fc.boolean(),
    skipWaitForDeleteTimeoutSeconds: fc.constantFrom(0, 20),
  });

  test.prop([podArb, optionsArb])(
    'kubectl keeps the last verdict that ran; errors never delete',
    (pod, o) => {
      const [r] = drainFilters([pod], { ...o, now }, { daemonSet });
      if (r === undefined) throw new Error('no result');
      const ran = r.reasons.filter((x) => x.ran);
      const last = ran[ran.length - 1];
      expect([r.delete, r.status]).toEqual([last?.delete, last?.status]);
      // kubectl stops at the first verdict that excludes the pod, and only there.
      expect(ran.slice(0, -1).every((x) => x.delete)).toBe(true);
      if (r.status === 'Error' || r.status === 'Skip') expect(r.delete).toBe(false);
      if (r.delete) expect(ran).toHaveLength(5);
      // A mirror pod is never deleted; a finished non-mirror pod always is (unless skipped as old).
      if ('annotations' in pod.metadata) expect(r.delete).toBe(false);
    },
  );
});
