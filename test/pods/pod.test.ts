import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PodLike, readPod, readPodResizeStatus, validatePod } from '../../src/pods/pod';
import { isCriticalPod, isNodeCriticalPod, preemptable } from '../../src/pods/pod-kinds';
import { getResourceRequestQuantity, podLimits, podRequests } from '../../src/pods/pod-requests';
import { qosClass } from '../../src/pods/qos';
import { q } from '../support/quantity';

describe('readPod', () => {
  it('reads the fields evictkit uses', () => {
    const view = readPod({
      metadata: { uid: 'u', name: 'n', namespace: 'ns', annotations: { a: 'b' } },
      spec: {
        priority: 7,
        priorityClassName: 'pc',
        containers: [{ name: 'c', resources: { requests: { cpu: '100m' }, limits: {} } }],
        initContainers: [{ name: 's', restartPolicy: 'Always' }],
        resources: { requests: { memory: '1Gi' } },
        overhead: { cpu: '10m' },
        volumes: [
          { name: 'e', emptyDir: {} },
          { name: 'm', emptyDir: { medium: 'Memory' } },
          { name: 'h', hostPath: { path: '/x' } },
        ],
      },
      status: { qosClass: 'Burstable' },
    });
    expect(view.uid).toBe('u');
    expect(view.annotations.get('a')).toBe('b');
    expect(view.priority).toBe(7);
    expect(view.containers[0]?.resources.requests?.get('cpu')?.cmp(q('100m'))).toBe(0);
    // An empty map is not an absent one (Go: non-nil empty map vs nil).
    expect(view.containers[0]?.resources.limits?.size).toBe(0);
    expect(view.initContainers[0]?.resources.requests).toBeUndefined();
    expect(view.initContainers[0]?.restartPolicy).toBe('Always');
    expect(view.resources?.requests?.get('memory')?.cmp(q('1Gi'))).toBe(0);
    expect(view.resources?.limits).toBeUndefined();
    expect(view.volumes.map((v) => [v.name, v.emptyDirMedium, v.hostPath])).toEqual([
      ['e', '', false],
      ['m', 'Memory', false],
      ['h', undefined, true],
    ]);
    expect(view.qosClassStatus).toBe('Burstable');
  });

  it('treats null like absent (Go omitempty JSON sometimes carries nulls)', () => {
    const view = readPod({
      metadata: { name: 'n', annotations: null, creationTimestamp: null },
      spec: { containers: [{ name: 'c', resources: { requests: null } }], resources: null },
      status: null,
    });
    expect(view.name).toBe('n');
    expect(view.resources).toBeUndefined();
    expect(view.containers[0]?.resources.requests).toBeUndefined();
  });

  it('accepts bare JSON numbers and evictkit Quantities as quantities', () => {
    const view = readPod({
      spec: { containers: [{ name: 'c', resources: { requests: { cpu: 2, memory: q('1Gi') } } }] },
    });
    expect(view.containers[0]?.resources.requests?.get('cpu')?.cmp(q('2'))).toBe(0);
    expect(view.containers[0]?.resources.requests?.get('memory')?.cmp(q('1Gi'))).toBe(0);
  });

  it('falls back field by field on garbage', () => {
    const view = readPod({
      metadata: { name: 5, annotations: { ok: 'yes', bad: 3 } },
      spec: {
        priority: 'high',
        containers: [
          null,
          7,
          { name: 'c', resources: { requests: { cpu: 'lots', memory: '1Gi' } } },
        ],
        volumes: 'none',
      },
    });
    expect(view.name).toBe('');
    expect([...view.annotations]).toEqual([['ok', 'yes']]);
    expect(view.priority).toBeUndefined();
    expect(view.containers).toHaveLength(1);
    expect([...(view.containers[0]?.resources.requests?.keys() ?? [])]).toEqual(['memory']);
    expect(view.volumes).toEqual([]);
  });

  it('reads a @kubernetes/client-node style pod (Date timestamps, class instances)', () => {
    class V1ObjectMeta {
      name = 'cn';
      uid = 'cn-uid';
      creationTimestamp = new Date('2026-01-01T00:00:00Z');
      annotations = { 'kubernetes.io/config.source': 'file' };
    }
    class V1Container {
      name = 'app';
      resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };
    }
    const pod = {
      metadata: new V1ObjectMeta(),
      spec: { containers: [new V1Container()], priority: 10 },
      status: { startTime: new Date() },
    } satisfies PodLike;
    expect(qosClass(pod)).toBe('Guaranteed');
    expect(isCriticalPod(pod)).toBe(true);
    expect(readPod(pod).uid).toBe('cn-uid');
  });

  it('never throws, even on hostile objects', () => {
    const hostile = {
      get spec(): never {
        throw new Error('boom');
      },
    };
    expect(readPod(hostile).containers).toEqual([]);
    expect(readPodResizeStatus(hostile).conditions).toEqual([]);
    expect(validatePod(hostile).isErr()).toBe(true);
  });

  it('property: no function reading pods throws on arbitrary JSON-ish input', () => {
    const quantityish = fc.oneof(
      fc.constantFrom('1', '100m', '1Gi', '0', '-1', 'x', '', '1e3', '.5'),
      fc.integer(),
      fc.constant(null),
    );
    const resources = fc.dictionary(
      fc.constantFrom('cpu', 'memory', 'ephemeral-storage', 'hugepages-2Mi'),
      quantityish,
    );
    const container = fc.oneof(
      fc.record({
        name: fc.oneof(fc.string(), fc.integer()),
        restartPolicy: fc.constantFrom('Always', 'Never', undefined, 3),
        resources: fc.oneof(fc.record({ requests: resources, limits: resources }), fc.anything()),
      }),
      fc.anything(),
    );
    const pod = fc.oneof(
      fc.record({
        metadata: fc.oneof(
          fc.record({ annotations: fc.dictionary(fc.string(), fc.anything()) }),
          fc.anything(),
        ),
        spec: fc.oneof(
          fc.record({
            priority: fc.oneof(fc.integer(), fc.double(), fc.anything()),
            containers: fc.array(container, { maxLength: 3 }),
            initContainers: fc.oneof(fc.array(container, { maxLength: 3 }), fc.anything()),
            resources: fc.oneof(
              fc.record({ requests: resources, limits: resources }),
              fc.anything(),
            ),
            overhead: fc.oneof(resources, fc.anything()),
          }),
          fc.anything(),
        ),
        status: fc.anything(),
      }),
      fc.anything(),
    );
    fc.assert(
      fc.property(pod as fc.Arbitrary<never>, pod as fc.Arbitrary<never>, (a, b) => {
        qosClass(a);
        isNodeCriticalPod(a);
        preemptable(a, b);
        podRequests(a, {
          useStatusResources: true,
          inPlacePodLevelResourcesVerticalScalingEnabled: true,
        });
        podLimits(a, { useStatusResources: true });
        getResourceRequestQuantity(a, 'memory');
        validatePod(a);
      }),
      { numRuns: 400 },
    );
  });
});

describe('validatePod', () => {
  it('accepts a well-formed pod and returns the same view as readPod', () => {
    const pod = {
      metadata: { name: 'p', uid: 'u' },
      spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }], priority: 3 },
      status: { qosClass: 'Burstable', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const result = validatePod(pod);
    expect(result.isOk()).toBe(true);
    expect(result._unsafeUnwrap().priority).toBe(readPod(pod).priority);
  });
  it('reports every malformed field with its path', () => {
    const result = validatePod({
      spec: {
        priority: 2 ** 31,
        containers: [{ name: 'c', resources: { limits: { memory: '1 Gi' } } }],
      },
      status: { containerStatuses: [{ name: 'c', allocatedResources: { cpu: 'x' } }] },
    });
    const error = result._unsafeUnwrapErr();
    expect(error.code).toBe('invalid-pod');
    expect(error.issues.map((i) => i.path)).toEqual([
      '$.spec.priority',
      '$.spec.containers[0].resources.limits.memory',
      '$.status.containerStatuses[0].allocatedResources.cpu',
    ]);
    expect(error.message).toContain('not a quantity: "1 Gi"');
  });
});
