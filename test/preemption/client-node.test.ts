import { describe, expect, it } from 'vitest';
import { podEligibleToPreemptOthers } from '../../src/preemption/eligibility';
import { pickOneNodeForPreemption } from '../../src/preemption/pick-node';
import { selectVictimsOnNode } from '../../src/preemption/select-victims';

// @kubernetes/client-node model objects: class instances, Date timestamps.
class V1ObjectMeta {
  deletionTimestamp: Date | undefined = undefined;
  constructor(
    public name: string,
    public labels: Record<string, string> = {},
  ) {}
}
class V1Pod {
  status: { startTime?: Date; nominatedNodeName?: string; conditions?: object[] } = {};
  constructor(
    public metadata: V1ObjectMeta,
    public spec: { priority?: number; containers: object[] },
  ) {}
}
const pod = (name: string, priority: number, cpu: string, start?: string) => {
  const p = new V1Pod(new V1ObjectMeta(name), {
    priority,
    containers: [{ name: 'c', resources: { requests: { cpu } } }],
  });
  if (start) p.status.startTime = new Date(start);
  return p;
};

describe('client-node objects', () => {
  const node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '1', pods: '10' } } };
  it('orders equal-priority victims by their Date start times', () => {
    const preemptor = pod('p', 100, '500m');
    const older = pod('older', 0, '500m', '2026-11-01T10:00:00Z');
    const newer = pod('newer', 0, '500m', '2026-11-01T11:00:00Z');
    const s = selectVictimsOnNode(preemptor, [newer, older], { node });
    expect(s?.victims).toEqual([newer]);
    expect(s?.reprieved).toEqual([older]);
    expect(
      pickOneNodeForPreemption([
        { name: 'a', victims: [older], numPDBViolations: 0 },
        { name: 'b', victims: [newer], numPDBViolations: 0 },
      ]),
    ).toBe('b');
  });
  it('reads a Date deletionTimestamp', () => {
    const victim = pod('v', 0, '1');
    victim.metadata.deletionTimestamp = new Date('2026-11-01T12:00:00Z');
    victim.status.conditions = [
      { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' },
    ];
    const preemptor = pod('p', 100, '1');
    preemptor.status.nominatedNodeName = 'n1';
    expect(podEligibleToPreemptOthers(preemptor, { nominatedNodePods: [victim] }).eligible).toBe(
      false,
    );
  });
});
