import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/pods/pod';
import {
  ALL_SOURCE,
  APISERVER_SOURCE,
  CONFIG_MIRROR_ANNOTATION_KEY,
  CONFIG_SOURCE_ANNOTATION_KEY,
  FILE_SOURCE,
  getPodSource,
  getValidatedSources,
  HIGHEST_USER_DEFINABLE_PRIORITY,
  HTTP_SOURCE,
  isCriticalPod,
  isCriticalPodBasedOnPriority,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  podPriority,
  preemptable,
  SYSTEM_CRITICAL_PRIORITY,
  SYSTEM_NODE_CRITICAL,
} from '../../src/pods/pod-kinds';

// pkg/kubelet/types/pod_update_test.go

const systemPriority = SYSTEM_CRITICAL_PRIORITY;
const systemPriorityUpper = systemPriority + 1000;

/** `getTestPod(annotations, podPriority, priorityClassName)`. */
function getTestPod(
  annotations: Record<string, string> | null,
  priority: number | null,
  priorityClassName: string,
): Pod {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'foo', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: {
      containers: [],
      ...(priority === null ? {} : { priority }),
      ...(priorityClassName ? { priorityClassName } : {}),
    },
  };
}
const configSourceAnnotation = (source: string) => ({ [CONFIG_SOURCE_ANNOTATION_KEY]: source });
const configMirrorAnnotation = () => ({ [CONFIG_MIRROR_ANNOTATION_KEY]: 'true' });

describe('TestGetValidatedSources', () => {
  it.each([
    { name: 'empty source', sources: [''], err: false, len: 0 },
    {
      name: 'file and apiserver source',
      sources: [FILE_SOURCE, APISERVER_SOURCE],
      err: false,
      len: 2,
    },
    { name: 'all source', sources: [ALL_SOURCE], err: false, len: 3 },
    { name: 'unknown source', sources: ['unknown'], err: true, len: 0 },
  ])('$name', ({ sources, err, len }) => {
    const result = getValidatedSources(sources);
    expect(result.isErr()).toBe(err);
    if (result.isOk()) expect(result.value).toHaveLength(len);
  });
  it('"*" expands to file, http, api; an unknown source names itself', () => {
    expect(getValidatedSources([FILE_SOURCE, ALL_SOURCE])._unsafeUnwrap()).toEqual([
      FILE_SOURCE,
      HTTP_SOURCE,
      APISERVER_SOURCE,
    ]);
    expect(getValidatedSources(['ftp'])._unsafeUnwrapErr()).toEqual({
      code: 'unknown-pod-source',
      source: 'ftp',
      message: 'unknown pod source "ftp"',
    });
  });
});

describe('TestGetPodSource', () => {
  it('cannot get pod source', () => {
    const result = getPodSource({ ...getTestPod(null, null, ''), metadata: { uid: 'u-1' } });
    expect(result._unsafeUnwrapErr()).toEqual({
      code: 'no-pod-source',
      uid: 'u-1',
      message: 'cannot get source of pod "u-1"',
    });
  });
  it('valid annotation returns the source', () => {
    const pod = getTestPod(configSourceAnnotation('host-ipc-sources'), null, '');
    expect(getPodSource(pod)._unsafeUnwrap()).toBe('host-ipc-sources');
  });
});

describe('TestIsMirrorPod', () => {
  it.each([
    { name: 'mirror pod', pod: getTestPod(configMirrorAnnotation(), null, ''), expected: true },
    { name: 'not a mirror pod', pod: getTestPod(null, null, ''), expected: false },
    {
      name: 'any value of the annotation counts, even empty',
      pod: getTestPod({ [CONFIG_MIRROR_ANNOTATION_KEY]: '' }, null, ''),
      expected: true,
    },
  ])('$name', ({ pod, expected }) => {
    expect(isMirrorPod(pod)).toBe(expected);
  });
});

describe('TestIsStaticPod', () => {
  it.each([
    { name: 'static pod with file source', source: FILE_SOURCE, expected: true },
    { name: 'static pod with http source', source: HTTP_SOURCE, expected: true },
    { name: 'static pod with api server source', source: APISERVER_SOURCE, expected: false },
    { name: 'an empty source is not the API server', source: '', expected: true },
  ])('$name', ({ source, expected }) => {
    expect(isStaticPod(getTestPod(configSourceAnnotation(source), null, ''))).toBe(expected);
  });
  it('no source annotation: not static', () => {
    expect(isStaticPod(getTestPod(null, null, ''))).toBe(false);
  });
});

describe('TestIsCriticalPod', () => {
  it.each([
    {
      name: 'critical pod with file source',
      pod: getTestPod(configSourceAnnotation(FILE_SOURCE), null, ''),
      expected: true,
    },
    {
      name: 'critical pod with mirror annotation',
      pod: getTestPod(configMirrorAnnotation(), null, ''),
      expected: true,
    },
    {
      name: 'critical pod using system priority',
      pod: getTestPod(null, systemPriority, ''),
      expected: true,
    },
    {
      name: 'critical pod using greater than system priority',
      pod: getTestPod(null, systemPriorityUpper, ''),
      expected: true,
    },
    {
      name: 'not a critical pod with api server annotation',
      pod: getTestPod(configSourceAnnotation(APISERVER_SOURCE), null, ''),
      expected: false,
    },
    {
      name: 'not critical if not static, mirror or without a priority',
      pod: getTestPod(null, null, ''),
      expected: false,
    },
  ])('$name', ({ pod, expected }) => {
    expect(isCriticalPod(pod)).toBe(expected);
  });
  it('namespace plays no part; a critical priority class name alone does not count', () => {
    const pod = getTestPod(null, null, 'system-cluster-critical');
    expect(isCriticalPod({ ...pod, metadata: { namespace: 'kube-system' } })).toBe(false);
  });
});

describe('TestPreemptable', () => {
  it.each([
    {
      name: 'a critical preemptor pod preempts a non critical pod',
      preemptor: getTestPod(configSourceAnnotation(FILE_SOURCE), null, ''),
      preemptee: getTestPod(null, null, ''),
      expected: true,
    },
    {
      name: 'a preemptor pod with higher priority preempts a critical pod',
      preemptor: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriorityUpper, ''),
      preemptee: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriority, ''),
      expected: true,
    },
    {
      name: 'a not critical pod with higher priority preempts a critical pod',
      preemptor: getTestPod(configSourceAnnotation(APISERVER_SOURCE), systemPriorityUpper, ''),
      preemptee: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriority, ''),
      expected: true,
    },
    {
      name: 'a critical pod with less priority do not preempts a critical pod',
      preemptor: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriority, ''),
      preemptee: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriorityUpper, ''),
      expected: false,
    },
    {
      name: 'a critical pod without priority do not preempts a critical pod without priority',
      preemptor: getTestPod(configSourceAnnotation(FILE_SOURCE), null, ''),
      preemptee: getTestPod(configSourceAnnotation(FILE_SOURCE), null, ''),
      expected: false,
    },
    {
      name: 'a critical pod with priority do not preempts a critical pod with the same priority',
      preemptor: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriority, ''),
      preemptee: getTestPod(configSourceAnnotation(FILE_SOURCE), systemPriority, ''),
      expected: false,
    },
  ])('$name', ({ preemptor, preemptee, expected }) => {
    expect(preemptable(preemptor, preemptee)).toBe(expected);
  });
  it('does not throw on missing pods (upstream would dereference nil)', () => {
    // Not pods at all (a compile-time error for typed callers): read as empty pods.
    expect(preemptable(null as never, undefined as never)).toBe(false);
    expect(preemptable(getTestPod(configMirrorAnnotation(), null, ''), null as never)).toBe(true);
  });
});

describe('TestIsCriticalPodBasedOnPriority', () => {
  it.each([
    { name: 'a system critical pod', priority: systemPriority, expected: true },
    {
      name: 'a non system critical pod',
      priority: HIGHEST_USER_DEFINABLE_PRIORITY,
      expected: false,
    },
    { name: 'system-node-critical value', priority: 2_000_001_000, expected: true },
    { name: 'one below', priority: systemPriority - 1, expected: false },
  ])('$name', ({ priority, expected }) => {
    expect(isCriticalPodBasedOnPriority(priority)).toBe(expected);
  });
});

describe('TestIsNodeCriticalPod', () => {
  it.each([
    {
      name: 'critical pod with file source and systemNodeCritical',
      pod: getTestPod(configSourceAnnotation(FILE_SOURCE), null, SYSTEM_NODE_CRITICAL),
      expected: true,
    },
    {
      name: 'critical pod with mirror annotation and systemNodeCritical',
      pod: getTestPod(configMirrorAnnotation(), null, SYSTEM_NODE_CRITICAL),
      expected: true,
    },
    {
      name: 'critical pod using system priority and systemNodeCritical',
      pod: getTestPod(null, systemPriority, SYSTEM_NODE_CRITICAL),
      expected: true,
    },
    {
      name: 'critical pod using greater than system priority and systemNodeCritical',
      pod: getTestPod(null, systemPriorityUpper, SYSTEM_NODE_CRITICAL),
      expected: true,
    },
    {
      name: 'not a critical pod with api server annotation and systemNodeCritical',
      pod: getTestPod(configSourceAnnotation(APISERVER_SOURCE), null, SYSTEM_NODE_CRITICAL),
      expected: false,
    },
    {
      name: 'not critical if not static, mirror or without a priority and systemNodeCritical',
      pod: getTestPod(null, null, SYSTEM_NODE_CRITICAL),
      expected: false,
    },
    {
      name: 'not critical if not static, mirror or without a priority',
      pod: getTestPod(null, null, ''),
      expected: false,
    },
  ])('$name', ({ pod, expected }) => {
    expect(isNodeCriticalPod(pod)).toBe(expected);
  });
});

describe('podPriority', () => {
  it('is spec.priority, or 0 when unset or not an int32', () => {
    expect(podPriority(getTestPod(null, -5, ''))).toBe(-5);
    expect(podPriority(getTestPod(null, null, ''))).toBe(0);
    expect(podPriority({ spec: { priority: 1.5 } })).toBe(0);
    expect(podPriority({ spec: { priority: 2 ** 31 } })).toBe(0);
    expect(podPriority({ spec: { priority: '7' } } as never)).toBe(0);
  });
});
