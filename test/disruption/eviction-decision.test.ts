import { describe, expect, it } from 'vitest';
import {
  type EvictionDecision,
  evictionDecision,
  propagateDryRun,
} from '../../src/disruption/eviction-decision';
import { iso, newPdb, newPod, T0 } from './builders';

// Ports of pkg/registry/core/pod/storage/eviction_test.go. Upstream runs each case through the
// real REST storage (or a mock store that injects conflicts); here each case is the decision on
// the state the server finally sees. Expected errors are upstream's errToString form:
// `<message>: <reason>[: <cause>]`.

const now = T0;
const POLICIES = [undefined, 'IfHealthyBudget', 'AlwaysAllow'] as const;
type Policy = (typeof POLICIES)[number];

function errToString(d: EvictionDecision): string {
  if (d.code === 201) return '';
  let out = d.message;
  if (d.reason !== '') out += `: ${d.reason}`;
  for (const cause of d.status.details?.causes ?? []) {
    if (!out.endsWith(cause.message ?? '')) out += `: ${cause.message}`;
  }
  return out;
}

const pdbFoo = (
  status: Record<string, unknown>,
  policy: Policy,
  selector: unknown = { matchLabels: { a: 'true' } },
) =>
  newPdb({
    name: 'foo',
    selector,
    status,
    ...(policy !== undefined ? { unhealthyPodEvictionPolicy: policy } : {}),
  });

// validNewPod has no conditions: it is not Ready.
const podT = (name: string, phase: string, extra: Parameters<typeof newPod>[0] = { name }) =>
  newPod({ ...extra, name, labels: { a: 'true' }, phase, ready: extra.ready ?? false });

const policyName = (p: Policy) => p ?? 'nil';

describe('evictionDecision: TestEviction', () => {
  const NEEDS_0 =
    "Cannot evict pod as it would violate the pod's disruption budget.: TooManyRequests: The disruption budget foo needs 0 healthy pods and has 0 currently";
  const cases: {
    name: string;
    allowed: number;
    selector?: unknown;
    phase: string;
    podName: string;
    badNameInURL?: boolean;
    expectError: string;
    policies?: readonly Policy[];
  }[] = [
    {
      name: 'matching pdbs with no disruptions allowed, pod running',
      allowed: 0,
      phase: 'Running',
      podName: 't1',
      expectError: NEEDS_0,
      policies: [undefined, 'IfHealthyBudget'],
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod pending',
      allowed: 0,
      phase: 'Pending',
      podName: 't2',
      expectError: '',
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod succeeded',
      allowed: 0,
      phase: 'Succeeded',
      podName: 't3',
      expectError: '',
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod failed',
      allowed: 0,
      phase: 'Failed',
      podName: 't4',
      expectError: '',
    },
    {
      name: 'matching pdbs with disruptions allowed',
      allowed: 1,
      phase: '',
      podName: 't5',
      expectError: '',
    },
    {
      name: 'non-matching pdbs',
      allowed: 0,
      phase: '',
      podName: 't6',
      selector: { matchLabels: { b: 'true' } },
      expectError: '',
    },
    {
      name: 'matching pdbs with disruptions allowed but bad name in Url',
      allowed: 1,
      phase: '',
      podName: 't7',
      badNameInURL: true,
      expectError: 'name in URL does not match name in Eviction object: BadRequest',
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod running, empty selector',
      allowed: 0,
      phase: 'Running',
      podName: 't8',
      selector: {},
      expectError: NEEDS_0,
      policies: [undefined, 'IfHealthyBudget'],
    },
  ];
  for (const policy of POLICIES) {
    for (const c of cases) {
      if (c.policies !== undefined && !c.policies.includes(policy)) continue;
      it(`${c.name} with ${policyName(policy)} policy`, () => {
        const pdb = pdbFoo({ disruptionsAllowed: c.allowed }, policy, c.selector);
        const pod = podT(c.podName, c.phase);
        const d = evictionDecision(pod, [pdb], {
          now,
          ...(c.badNameInURL ? { evictionName: c.podName, podName: `${c.podName}bad-name` } : {}),
        });
        if (c.badNameInURL) {
          expect([d.code, errToString(d)]).toEqual([400, c.expectError]);
          return;
        }
        expect(errToString(d)).toBe(c.expectError);
        expect(d.code).toBe(c.expectError === '' ? 201 : 429);
      });
    }
  }
});

describe('evictionDecision: TestEvictionIgnorePDB', () => {
  const base = { name: 'x', labels: { a: 'true' } };
  const cases: {
    name: string;
    pdbStatus: Record<string, unknown>;
    pod: Parameters<typeof newPod>[0];
    preconditions?: { uid?: string; resourceVersion?: string };
    selector?: unknown;
    expectError: string;
    expectBudgetUse?: boolean;
    expectResourceVersionPrecondition?: string;
    policies?: readonly Policy[];
  }[] = [
    {
      name: 'pdbs No disruptions allowed, pod pending, first delete conflict, pod still pending, pod deleted successfully',
      pdbStatus: { disruptionsAllowed: 0 },
      pod: { ...base, name: 't1', phase: 'Pending', ready: false },
      expectError: '',
      expectResourceVersionPrecondition: '18',
    },
    {
      // This test case is critical: after the conflict the pod is Running and the PDB decides.
      name: 'pdbs No disruptions allowed, pod pending, first delete conflict, pod becomes running, continueToPDBs',
      pdbStatus: { disruptionsAllowed: 0 },
      pod: { ...base, name: 't2', phase: 'Running', ready: false, resourceVersion: '999' },
      expectError:
        "Cannot evict pod as it would violate the pod's disruption budget.: TooManyRequests: The disruption budget foo needs 0 healthy pods and has 0 currently",
      policies: [undefined, 'IfHealthyBudget'],
    },
    {
      // Upstream provokes the conflict with a resourceVersion race in its mock store; a UID
      // precondition that does not match is the same conflict on the same path.
      name: 'pdbs No disruptions allowed, pod pending, first delete conflict, pod becomes running, skip PDB check, conflict',
      pdbStatus: { disruptionsAllowed: 0 },
      pod: { ...base, name: 't2', phase: 'Running', ready: false },
      preconditions: { uid: 'recreated' },
      expectError:
        "Cannot evict pod as it would violate the pod's disruption budget.: TooManyRequests: The disruption budget foo is still being processed by the server.",
      policies: ['AlwaysAllow'],
    },
    {
      name: 'pdbs disruptions allowed, pod pending, first delete conflict, pod becomes running, continueToPDBs',
      pdbStatus: { disruptionsAllowed: 1 },
      pod: { ...base, name: 't3', phase: 'Running', ready: false },
      expectError: '',
      expectBudgetUse: true,
      policies: [undefined, 'IfHealthyBudget'],
    },
    {
      // Upstream's mock answers with its own conflict text; the real store says this.
      name: 'pod pending, always conflict on delete, user provided ResourceVersion constraint',
      pdbStatus: { disruptionsAllowed: 0 },
      pod: { ...base, name: 't5', phase: 'Pending', ready: false },
      preconditions: { resourceVersion: 'userProvided' },
      expectError:
        'Operation cannot be fulfilled on Pod "t5": the ResourceVersion in the precondition (userProvided) does not match the ResourceVersion in record (18). The object might have been modified: Conflict',
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod terminating',
      pdbStatus: { disruptionsAllowed: 0 },
      pod: { ...base, name: 't6', phase: 'Running', deletionTimestamp: iso(now), ready: false },
      expectError: '',
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod running, pod healthy, unhealthy pod not ours',
      pdbStatus: { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 },
      pod: { ...base, name: 't7', phase: 'Running', ready: true },
      expectError:
        "Cannot evict pod as it would violate the pod's disruption budget.: TooManyRequests: The disruption budget foo needs 2 healthy pods and has 2 currently",
    },
    {
      name: 'matching pdbs with disruptions allowed, pod running, pod healthy, healthy pod ours, deletes pod by honoring the PDB',
      pdbStatus: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 3 },
      pod: { ...base, name: 't8', phase: 'Running', ready: true },
      expectError: '',
      expectBudgetUse: true,
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod running, pod unhealthy, unhealthy pod ours',
      pdbStatus: { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 },
      pod: { ...base, name: 't8', phase: 'Running', ready: false },
      expectError: '',
      expectBudgetUse: false,
      expectResourceVersionPrecondition: '18',
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod running, pod unhealthy, unhealthy pod ours, skips the PDB check and deletes',
      pdbStatus: { disruptionsAllowed: 0 },
      pod: { ...base, name: 't8', phase: 'Running', ready: false },
      expectError: '',
      expectBudgetUse: false,
      policies: ['AlwaysAllow'],
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod running, pod unhealthy, unhealthy pod ours, resource version conflict',
      pdbStatus: { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 },
      pod: { ...base, name: 't9', phase: 'Running', ready: false },
      preconditions: { uid: 'recreated' },
      expectError:
        "Cannot evict pod as it would violate the pod's disruption budget.: TooManyRequests: The disruption budget foo is still being processed by the server.",
    },
    {
      name: 'matching pdbs with no disruptions allowed, pod running, pod healthy, empty selector, pod not deleted by honoring the PDB',
      pdbStatus: { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3 },
      pod: { ...base, name: 't11', phase: 'Running', ready: true },
      selector: {},
      expectError:
        "Cannot evict pod as it would violate the pod's disruption budget.: TooManyRequests: The disruption budget foo needs 3 healthy pods and has 3 currently",
    },
  ];
  for (const policy of ['AlwaysAllow', undefined, 'IfHealthyBudget'] as const) {
    for (const c of cases) {
      if (c.policies !== undefined && !c.policies.includes(policy)) continue;
      it(`${c.name} with ${policyName(policy)} policy`, () => {
        const pdb = pdbFoo(c.pdbStatus, policy, c.selector);
        const d = evictionDecision(newPod(c.pod), [pdb], {
          now,
          ...(c.preconditions
            ? { deleteOptions: { gracePeriodSeconds: 0, preconditions: c.preconditions } }
            : {}),
        });
        expect(errToString(d)).toBe(c.expectError);
        if (c.expectBudgetUse !== undefined)
          expect(d.pdbUpdate !== undefined).toBe(c.expectBudgetUse);
        if (c.expectResourceVersionPrecondition !== undefined) {
          expect(d.deleteOptions?.preconditions?.resourceVersion).toBe(
            c.expectResourceVersionPrecondition,
          );
        }
      });
    }
  }
});

describe('evictionDecision: TestEvictionDryRun', () => {
  it.each([
    ['just request-options', ['All'], []],
    ['just eviction-options', [], ['All']],
    ['both options', ['All'], ['All']],
  ])('%s', (_name, query, body) => {
    expect(propagateDryRun(query, body)._unsafeUnwrap()).toBe(true);
  });

  it('non-matching options are an error', () => {
    expect(propagateDryRun(['All'], ['Other'])._unsafeUnwrapErr().message).toBe(
      'Non-matching dry-run options in request and content: [All] and [Other]',
    );
  });

  it('with pdbs: decremented in memory, nothing written, no condition on the pod', () => {
    const pdb = pdbFoo({ disruptionsAllowed: 1 }, undefined);
    const d = evictionDecision(newPod({ name: 'foo', labels: { a: 'true' } }), [pdb], {
      now,
      dryRun: true,
    });
    expect(d.code).toBe(201);
    expect(d.pdbUpdate).toBeUndefined();
    expect(d.podCondition).toBeUndefined();
    expect(d.deleteOptions?.dryRun).toEqual(['All']);
    expect(d.pdbDryRun?.status.disruptionsAllowed).toBe(0);
    expect(d.pdbDryRun?.status.disruptedPods).toEqual({});
  });
});

describe('evictionDecision: TestEvictionPDBStatus', () => {
  it.each([
    ['pdb status is updated after eviction', 1, 0, 'InsufficientPods'],
    ['condition reason is only updated if AllowedDisruptions becomes 0', 3, 2, 'SufficientPods'],
  ])('%s', (_name, allowed, want, reason) => {
    const pdb = pdbFoo(
      {
        disruptionsAllowed: allowed,
        conditions: [{ type: 'DisruptionAllowed', reason: 'SufficientPods', status: 'True' }],
      },
      undefined,
    );
    const d = evictionDecision(podT('foo-1', 'Running'), [pdb], { now });
    expect(d.code).toBe(201);
    expect(d.pdbUpdate?.status.disruptionsAllowed).toBe(want);
    expect(d.pdbUpdate?.status.disruptedPods).toEqual({ 'foo-1': now });
    const condition = d.pdbUpdate?.status.conditions.find((c) => c.type === 'DisruptionAllowed');
    expect(condition?.reason).toBe(reason);
  });
});

describe('evictionDecision: TestAddConditionAndDelete', () => {
  const pod = newPod({ name: 'foo', uid: 'uid-foo', resourceVersion: '7', labels: {} });
  it.each([
    ['simple', {}, ''],
    ['valid uid', { uid: 'uid-foo' }, ''],
    ['invalid uid', { uid: 'uid-foo1' }, 'The object might have been deleted and then recreated'],
    ['valid resourceVersion', { resourceVersion: '7' }, ''],
    ['invalid resourceVersion', { resourceVersion: '71' }, 'The object might have been modified'],
  ])('%s', (_name, preconditions, expectErr) => {
    const d = evictionDecision(pod, [], { now, deleteOptions: { preconditions } });
    if (expectErr === '') {
      expect(d.code).toBe(201);
      expect(d.podCondition).toEqual({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
        lastTransitionTime: now,
      });
    } else {
      expect(d.code).toBe(409);
      expect(d.message).toContain(expectErr);
      expect(d.podCondition).toBeUndefined();
    }
  });

  it('missing', () => {
    const d = evictionDecision(undefined, [], { now, podName: 'foo' });
    expect([d.code, d.reason, d.message]).toEqual([404, 'NotFound', 'pods "foo" not found']);
  });
});

describe('evictionDecision: the other branches', () => {
  const ready = (name: string) => newPod({ name, labels: { a: 'true' } });

  it('more than one PDB: 500 with upstream text and no reason', () => {
    const d = evictionDecision(
      ready('p'),
      [
        pdbFoo({ disruptionsAllowed: 5 }, undefined),
        {
          ...pdbFoo({ disruptionsAllowed: 5 }, undefined),
          metadata: { name: 'bar', namespace: 'default' },
        },
      ],
      { now },
    );
    expect(d.code).toBe(500);
    expect(d.reason).toBe('');
    expect(d.message).toBe(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
    expect(d.matchingPdbs).toEqual(['foo', 'bar']);
    expect(d.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: d.message,
      code: 500,
    });
  });

  it('a stale PDB (observedGeneration < generation): 429 with Retry-After 10', () => {
    const pdb = { ...pdbFoo({ disruptionsAllowed: 3, observedGeneration: 1 }, undefined) };
    pdb.metadata = { ...pdb.metadata, generation: 2 } as typeof pdb.metadata;
    const d = evictionDecision(ready('p'), [pdb], { now });
    expect(d.code).toBe(429);
    expect(d.retryAfterSeconds).toBe(10);
    expect(d.path).toBe('budget-stale');
    expect(d.status.details).toEqual({
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget foo is still being processed by the server.',
        },
      ],
      retryAfterSeconds: 10,
    });
  });

  it('negative allowance: 403', () => {
    const d = evictionDecision(ready('p'), [pdbFoo({ disruptionsAllowed: -1 }, undefined)], {
      now,
    });
    expect([d.code, d.reason, d.message]).toEqual([
      403,
      'Forbidden',
      'poddisruptionbudget.policy "foo" is forbidden: pdb disruptions allowed is negative',
    ]);
  });

  it('more than 2000 unconfirmed evictions: 403 (2000 exactly is still fine)', () => {
    const entries = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, iso(now)]));
    const over = evictionDecision(
      ready('p'),
      [pdbFoo({ disruptionsAllowed: 1, disruptedPods: entries(2001) }, undefined)],
      { now },
    );
    expect(over.message).toBe(
      'poddisruptionbudget.policy "foo" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
    const at = evictionDecision(
      ready('p'),
      [pdbFoo({ disruptionsAllowed: 1, disruptedPods: entries(2000) }, undefined)],
      { now },
    );
    expect(at.code).toBe(201);
  });

  it('a PDB of another namespace, or with an invalid selector, does not match', () => {
    const other = newPdb({
      name: 'o',
      namespace: 'elsewhere',
      selector: {},
      status: { disruptionsAllowed: 0 },
    });
    const invalid = newPdb({
      name: 'i',
      selector: { matchLabels: { 'a/b/c': 'x' } },
      status: { disruptionsAllowed: 0 },
    });
    const d = evictionDecision(ready('p'), [other, invalid], { now });
    expect([d.code, d.path]).toEqual([201, 'no-pdb']);
  });

  it('TestCheckGracefulDelete: grace from options, from spec, 0 when unscheduled or terminal, negative → 1', () => {
    const pod = { ...ready('p'), spec: { ...ready('p').spec, terminationGracePeriodSeconds: 45 } };
    expect(evictionDecision(pod, [], { now }).gracePeriodSeconds).toBe(45);
    expect(
      evictionDecision(pod, [], { now, deleteOptions: { gracePeriodSeconds: -5 } })
        .gracePeriodSeconds,
    ).toBe(1);
    const done = newPod({ name: 'd', phase: 'Succeeded' });
    expect(
      evictionDecision(done, [], { now, deleteOptions: { gracePeriodSeconds: 30 } })
        .gracePeriodSeconds,
    ).toBe(0);
    const unscheduled = newPod({ name: 'u', nodeName: '', phase: 'Pending' });
    expect(evictionDecision(unscheduled, [], { now }).gracePeriodSeconds).toBe(0);
  });

  it('a precondition conflict after the budget was used still reports the PDB write', () => {
    const d = evictionDecision(ready('p'), [pdbFoo({ disruptionsAllowed: 2 }, undefined)], {
      now,
      deleteOptions: { preconditions: { resourceVersion: 'old' } },
    });
    expect(d.code).toBe(409);
    expect(d.pdbUpdate?.status.disruptionsAllowed).toBe(1);
  });

  it('a caller resourceVersion is replaced on the unhealthy-pod path (upstream overrides it)', () => {
    const d = evictionDecision(
      newPod({ name: 'p', labels: { a: 'true' }, ready: false }),
      [pdbFoo({ disruptionsAllowed: 0 }, 'AlwaysAllow')],
      { now, deleteOptions: { preconditions: { resourceVersion: 'stale' } } },
    );
    expect(d.code).toBe(201);
    expect(d.deleteOptions?.preconditions?.resourceVersion).toBe('18');
  });

  it('in dry-run, precondition failures use the store text', () => {
    const d = evictionDecision(newPod({ name: 'p', uid: 'a' }), [], {
      now,
      dryRun: true,
      deleteOptions: { preconditions: { uid: 'b' } },
    });
    expect(d.message).toBe(
      'Operation cannot be fulfilled on pods "p": StorageError: invalid object, Code: 4, Key: /pods/default/p, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: b, UID in object meta: a',
    );
  });

  it('reads client-node models (Date timestamps)', () => {
    const pod = {
      metadata: {
        name: 'p',
        namespace: 'default',
        labels: { a: 'true' },
        deletionTimestamp: new Date(now),
      },
      status: { phase: 'Running' },
    };
    expect(
      evictionDecision(pod, [pdbFoo({ disruptionsAllowed: 0 }, undefined)], { now }).path,
    ).toBe('terminating-pod');
  });
});
