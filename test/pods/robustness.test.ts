import { describe, expect, it } from 'vitest';
import { gateEnabled } from '../../src/pods/feature-gates';
import { checkContainer, checkPod } from '../../src/pods/pod';
import { getValidatedSources, isCriticalPodBasedOnPriority } from '../../src/pods/pod-kinds';
import {
  aggregateContainerLimits,
  aggregateContainerRequests,
  podLimits,
  podRequests,
} from '../../src/pods/pod-requests';
import { qosClass, qosClassChecked } from '../../src/pods/qos';
import { admitPod } from '../../src/thresholds/admission';

// Regression tests for what the fuzz suite (test/fuzz) found in the pod functions.

const boom = () => {
  throw new Error('hostile getter');
};
const throwingAt = (key: string): Record<string, unknown> =>
  Object.defineProperty({}, key, { get: boom, enumerable: true });
const as = <T>(value: unknown): T => value as T;

const guaranteed = {
  spec: {
    containers: [
      {
        name: 'c',
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
    ],
  },
};
const bestEffort = { spec: { containers: [{ name: 'c' }] } };

describe('feature-gate options that cannot be read take the defaults', () => {
  it('gateEnabled and qosClass with a throwing getter or proxy as options', () => {
    for (const options of [
      throwingAt('featureGates'),
      { featureGates: throwingAt('PodLevelResources') },
      new Proxy({}, { get: boom }),
    ]) {
      expect(gateEnabled('PodLevelResources', as(options))).toBe(true);
      expect(qosClass(guaranteed, as(options))).toBe('Guaranteed');
    }
  });
});

describe('admitPod is total', () => {
  it('conditions that are not a list count as none; unknown entries are ignored', () => {
    expect(admitPod(as(bestEffort), as('MemoryPressure'))).toEqual({ admit: true });
    expect(admitPod(as(bestEffort), as(null))).toEqual({ admit: true });
    expect(admitPod(as(bestEffort), as([7, 'Hot', null]))).toEqual({ admit: true });
    expect(admitPod(as(bestEffort), as(['Hot', 'DiskPressure']))).toEqual({
      admit: false,
      reason: 'Evicted',
      message: 'The node had condition: [DiskPressure]. ',
    });
  });

  it('a pod that is not a pod, or has unreadable tolerations, is a BestEffort pod without tolerations', () => {
    const cases: Array<[unknown, boolean]> = [
      [null, false],
      [42, false],
      ['pod', false],
      [{ spec: { tolerations: 'all' } }, false],
      [{ spec: { tolerations: [7] } }, false],
      // A null toleration is Go's zero Toleration, which tolerates the taint.
      [{ spec: { tolerations: [7, null] } }, true],
      [{ spec: throwingAt('tolerations') }, false],
      [{ spec: { tolerations: [throwingAt('effect')] } }, false],
      [new Proxy({}, { get: boom }), false],
    ];
    for (const [pod, admitted] of cases) {
      expect(admitPod(as(pod), ['MemoryPressure']).admit).toBe(admitted);
    }
  });
});

describe('validated entry points: checkPod, checkContainer, qosClassChecked', () => {
  it('checkPod returns the pod itself when well-formed', () => {
    expect(checkPod(guaranteed)._unsafeUnwrap()).toBe(guaranteed);
    expect(checkPod({})._unsafeUnwrap()).toEqual({});
  });

  it('checkPod reports what is not a pod, with paths', () => {
    for (const value of ['not a pod', 42, null, undefined, [], [guaranteed], Symbol('p'), 1n]) {
      const error = checkPod(value)._unsafeUnwrapErr();
      expect(error.code).toBe('invalid-pod');
      expect(error.issues[0]?.path).toBe('$');
    }
    const bad = { spec: { containers: [{ name: 'c', resources: { limits: { cpu: 'lots' } } }] } };
    expect(checkPod(bad)._unsafeUnwrapErr().issues[0]?.path).toBe(
      '$.spec.containers[0].resources.limits.cpu',
    );
    const unreadable = checkPod(new Proxy({}, { get: boom }))._unsafeUnwrapErr();
    expect(unreadable.message).toContain('hostile getter');
  });

  it('checkContainer reports paths from the container', () => {
    const container = { name: 'c', resources: { requests: { memory: '1Gi' } } };
    expect(checkContainer(container)._unsafeUnwrap()).toBe(container);
    const error = checkContainer({ name: 7 })._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'invalid-container' });
    expect(error.issues[0]?.path).toBe('$.name');
    expect(checkContainer('app')._unsafeUnwrapErr().issues[0]?.path).toBe('$');
  });

  it('qosClassChecked: the class of a pod, an error where qosClass falls back to BestEffort', () => {
    expect(qosClassChecked(guaranteed)._unsafeUnwrap()).toBe('Guaranteed');
    expect(qosClass(as('not a pod'))).toBe('BestEffort');
    expect(qosClassChecked('not a pod')._unsafeUnwrapErr().code).toBe('invalid-pod');
  });
});

describe('resource options that are not an object, or cannot be read, count as none', () => {
  it('podRequests, podLimits and the aggregates with null, a throwing getter or a bad list', () => {
    const expected = podRequests(guaranteed);
    for (const options of [
      null,
      7,
      throwingAt('useStatusResources'),
      { nonMissingContainerRequests: 'x' },
    ]) {
      expect(podRequests(guaranteed, as(options))).toEqual(expected);
      expect(podLimits(guaranteed, as(options))).toEqual(podLimits(guaranteed));
      expect(aggregateContainerRequests(guaranteed, as(options))).toEqual(expected);
      expect(aggregateContainerLimits(guaranteed, as(options))).toEqual(podLimits(guaranteed));
    }
  });
});

describe('getValidatedSources answers what is not a list of strings with an error', () => {
  it.each([
    ['undefined', undefined, 'invalid-argument'],
    ['a string', 'file', 'invalid-argument'],
    ['a throwing proxy', new Proxy([], { ownKeys: boom, get: boom }), 'invalid-argument'],
    ['a number entry', [7], 'unknown-pod-source'],
    ['a bigint entry (JSON.stringify throws on one)', [7n], 'unknown-pod-source'],
  ])('%s', (_, sources, code) => {
    expect(getValidatedSources(as(sources))._unsafeUnwrapErr().code).toBe(code);
  });
});

describe('isCriticalPodBasedOnPriority: a priority that is not a number', () => {
  it('is not critical, and an object without a primitive value does not make it throw', () => {
    expect(isCriticalPodBasedOnPriority(as(Object.create(null)))).toBe(false);
    expect(isCriticalPodBasedOnPriority(as('2000000001'))).toBe(false);
    expect(isCriticalPodBasedOnPriority(2_000_000_000)).toBe(true);
  });
});
