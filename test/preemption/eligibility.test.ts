import { describe, expect, it } from 'vitest';
import {
  explainEligibility,
  podEligibleToPreemptOthers,
  podTerminatingByPreemption,
} from '../../src/preemption/eligibility';
import { highPriority, lowPriority, makePod } from './builders';

// TestPodEligibleToPreemptOthers (defaultpreemption), v1.37.
describe('TestPodEligibleToPreemptOthers', () => {
  const preemptedVictim = [
    { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' },
  ];
  it.each([
    {
      name: 'Pod with nominated node',
      pod: makePod('p_with_nominated_node', {
        uid: 'p',
        priority: highPriority,
        nominatedNodeName: 'node1',
      }),
      pods: [makePod('p1', { priority: lowPriority, node: 'node1', terminating: true })],
      status: 'UnschedulableAndUnresolvable',
      expected: true,
    },
    {
      name: 'Pod without nominated node',
      pod: makePod('p_without_nominated_node', { uid: 'p', priority: highPriority }),
      pods: [],
      expected: true,
    },
    {
      name: "Pod with 'PreemptNever' preemption policy",
      pod: makePod('p_with_preempt_never_policy', {
        uid: 'p',
        priority: highPriority,
        preemptionPolicy: 'Never',
      }),
      pods: [],
      expected: false,
      message: 'not eligible due to preemptionPolicy=Never.',
    },
    {
      name: 'preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition',
      pod: makePod('p_with_nominated_node', {
        uid: 'p',
        priority: highPriority,
        nominatedNodeName: 'node1',
      }),
      pods: [
        makePod('p1', {
          priority: lowPriority,
          node: 'node1',
          terminating: true,
          conditions: preemptedVictim,
        }),
      ],
      expected: false,
      message: 'not eligible due to a terminating pod on the nominated node.',
    },
    {
      name: 'non-victim Pods terminating',
      pod: makePod('p_with_nominated_node', {
        uid: 'p',
        priority: highPriority,
        nominatedNodeName: 'node1',
      }),
      pods: [makePod('p1', { priority: lowPriority, node: 'node1', terminating: true })],
      expected: true,
    },
  ])('$name', ({ pod, pods, status, expected, message }) => {
    const got = podEligibleToPreemptOthers(pod, {
      nominatedNodePods: pods,
      ...(status === undefined ? {} : { nominatedNodeStatus: status }),
    });
    expect(got.eligible).toBe(expected);
    expect(got.message).toBe(message ?? '');
  });

  it('a terminating victim of equal priority does not block', () => {
    const pod = makePod('p', { priority: highPriority, nominatedNodeName: 'node1' });
    const pods = [
      makePod('p1', {
        priority: highPriority,
        node: 'node1',
        terminating: true,
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }],
      }),
    ];
    expect(podEligibleToPreemptOthers(pod, { nominatedNodePods: pods }).eligible).toBe(true);
  });

  it('a nominated node missing from the snapshot blocks nothing', () => {
    const pod = makePod('p', { priority: highPriority, nominatedNodeName: 'gone' });
    expect(explainEligibility(pod)._unsafeUnwrap()).toMatchObject({ eligible: true, message: '' });
  });

  it('the isEligiblePod hook can exempt a terminating victim', () => {
    const pod = makePod('p', { priority: highPriority, nominatedNodeName: 'node1' });
    const pods = [
      makePod('p1', {
        priority: lowPriority,
        terminating: true,
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }],
      }),
    ];
    expect(
      podEligibleToPreemptOthers(pod, { nominatedNodePods: pods, isEligiblePod: () => false })
        .eligible,
    ).toBe(true);
    const blocked = podEligibleToPreemptOthers(pod, { nominatedNodePods: pods });
    expect(blocked.blockingPod).toBe(pods[0]);
    expect(blocked.why).toBe(
      'p1 on the nominated node node1 is still terminating after being preempted',
    );
  });

  it('is not eligible, with the problem as message, for a non-pod', () => {
    expect(podEligibleToPreemptOthers(42)).toMatchObject({
      eligible: false,
      message: 'preemptor: not a pod object',
    });
    expect(explainEligibility('x')._unsafeUnwrapErr().code).toBe('invalid-pod');
  });
});

describe('podTerminatingByPreemption', () => {
  const cond = (status: string, reason: string) => ({ type: 'DisruptionTarget', status, reason });
  it.each([
    {
      name: 'not terminating',
      pod: makePod('a', { conditions: [cond('True', 'PreemptionByScheduler')] }),
      want: false,
    },
    { name: 'terminating, no condition', pod: makePod('a', { terminating: true }), want: false },
    {
      name: 'terminating, preempted',
      pod: makePod('a', { terminating: true, conditions: [cond('True', 'PreemptionByScheduler')] }),
      want: true,
    },
    {
      name: 'terminating, condition False',
      pod: makePod('a', {
        terminating: true,
        conditions: [cond('False', 'PreemptionByScheduler')],
      }),
      want: false,
    },
    {
      name: 'terminating, evicted by the API',
      pod: makePod('a', { terminating: true, conditions: [cond('True', 'EvictionByEvictionAPI')] }),
      want: false,
    },
    {
      name: 'only the first DisruptionTarget condition counts',
      pod: makePod('a', {
        terminating: true,
        conditions: [cond('True', 'TerminationByKubelet'), cond('True', 'PreemptionByScheduler')],
      }),
      want: false,
    },
  ])('$name', ({ pod, want }) => {
    expect(podTerminatingByPreemption(pod)).toBe(want);
  });
});
