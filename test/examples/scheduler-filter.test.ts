import type { AddressInfo } from 'node:net';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFilterServer,
  filter,
  nodeVerdict,
  parseExtenderArgs,
} from '../../examples/scheduler-filter';

type Condition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

function node(name: string, conditions: Condition[] = [], taints: Taint[] = []): Node {
  const all: Condition[] = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];
  return {
    metadata: { name },
    spec: { taints },
    status: {
      conditions: [
        { type: 'Ready', status: 'True' },
        ...all.map((type) => ({ type, status: conditions.includes(type) ? 'True' : 'False' })),
      ],
    },
  };
}

const burstable = { requests: { memory: '64Mi' } };
function pod(
  opts: { qos?: 'BestEffort' | 'Burstable'; tolerations?: Toleration[]; priority?: number } = {},
): Pod {
  return {
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [{ name: 'c', ...(opts.qos === 'BestEffort' ? {} : { resources: burstable }) }],
      ...(opts.tolerations ? { tolerations: opts.tolerations } : {}),
      ...(opts.priority === undefined ? {} : { priority: opts.priority }),
    },
  };
}

const tolerate = (key: string): Toleration => ({
  key: `node.kubernetes.io/${key}`,
  operator: 'Exists',
  effect: 'NoSchedule',
});
const everything: Toleration = { operator: 'Exists' };

describe('examples/scheduler-filter: nodeVerdict', () => {
  // [case, pod, node conditions, node taints, expected]
  const cases: [string, Pod, Condition[], Taint[], 'fits' | 'taint' | 'kubelet-admission'][] = [
    ['no pressure', pod(), [], [], 'fits'],
    // The controller has not tainted the node yet; the filter adds the taint it will add.
    ['MemoryPressure, taint not yet added, no toleration', pod(), ['MemoryPressure'], [], 'taint'],
    [
      'MemoryPressure, Burstable tolerating it',
      pod({ tolerations: [tolerate('memory-pressure')] }),
      ['MemoryPressure'],
      [],
      'fits',
    ],
    [
      'MemoryPressure, BestEffort without toleration',
      pod({ qos: 'BestEffort' }),
      ['MemoryPressure'],
      [],
      'taint',
    ],
    // admitPod: a BestEffort pod that tolerates memory-pressure is admitted.
    [
      'MemoryPressure, BestEffort tolerating memory-pressure',
      pod({ qos: 'BestEffort', tolerations: [tolerate('memory-pressure')] }),
      ['MemoryPressure'],
      [],
      'fits',
    ],
    // Tolerating the disk-pressure taint does not get a pod past the kubelet.
    [
      'DiskPressure, Burstable tolerating disk-pressure',
      pod({ tolerations: [tolerate('disk-pressure')] }),
      ['DiskPressure'],
      [],
      'kubelet-admission',
    ],
    [
      'PIDPressure, tolerating everything',
      pod({ tolerations: [everything] }),
      ['PIDPressure'],
      [],
      'kubelet-admission',
    ],
    // Memory with disk: every non-critical pod, BestEffort or not.
    [
      'MemoryPressure and DiskPressure, tolerating everything',
      pod({ tolerations: [everything] }),
      ['MemoryPressure', 'DiskPressure'],
      [],
      'kubelet-admission',
    ],
    // Critical pods pass the kubelet under any pressure, but not an untolerated taint.
    [
      'DiskPressure, critical, tolerating everything',
      pod({ priority: 2000001000, tolerations: [everything] }),
      ['DiskPressure'],
      [],
      'fits',
    ],
    [
      'DiskPressure, critical, no toleration',
      pod({ priority: 2000000000 }),
      ['DiskPressure'],
      [],
      'taint',
    ],
    [
      'a NoExecute taint the pod does not tolerate',
      pod(),
      [],
      [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
      'taint',
    ],
    [
      'a PreferNoSchedule taint does not filter',
      pod(),
      [],
      [{ key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule' }],
      'fits',
    ],
  ];
  it.each(cases)('%s', (_, p, conditions, taints, expected) => {
    const v = nodeVerdict(p, node('n', conditions, taints));
    expect(v.fits ? 'fits' : v.by).toBe(expected);
  });

  it('says why, with the kubelet’s message and the taint', () => {
    expect(
      nodeVerdict(pod({ tolerations: [everything] }), node('n', ['MemoryPressure', 'PIDPressure'])),
    ).toEqual({
      fits: false,
      by: 'kubelet-admission',
      reason: 'kubelet would reject the pod: The node had condition: [MemoryPressure PIDPressure].',
    });
    expect(nodeVerdict(pod(), node('n', ['DiskPressure']))).toMatchObject({
      reason: 'node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }',
    });
  });

  it('ignores conditions that are not True', () => {
    const n = node('n');
    n.status!.conditions!.push({ type: 'MemoryPressure', status: 'Unknown' });
    expect(nodeVerdict(pod({ qos: 'BestEffort' }), n)).toEqual({ fits: true });
  });
});

describe('examples/scheduler-filter: filter', () => {
  const nodes = [node('calm'), node('disk', ['DiskPressure']), node('memory', ['MemoryPressure'])];

  it('keeps the nodes that fit and lists the others as unresolvable', () => {
    const r = filter({
      Pod: pod({ tolerations: [tolerate('disk-pressure')] }),
      Nodes: { items: nodes },
    });
    expect(r.Nodes?.items.map((n) => n.metadata?.name)).toEqual(['calm']);
    expect(r.NodeNames).toBeNull();
    expect(Object.keys(r.FailedAndUnresolvableNodes)).toEqual(['disk', 'memory']);
    expect(r.FailedNodes).toEqual({});
    expect(r.Error).toBe('');
  });

  it('filters node names through a node cache; unknown nodes pass', () => {
    const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
    const r = filter({ Pod: pod(), NodeNames: ['calm', 'disk', 'elsewhere'] }, (n) =>
      byName.get(n),
    );
    expect(r.NodeNames).toEqual(['calm', 'elsewhere']);
    expect(r.Nodes).toBeNull();
  });

  it('reads ExtenderArgs case-insensitively, as Go does, and refuses malformed ones', () => {
    const ok = parseExtenderArgs(JSON.stringify({ pod: pod(), nodenames: ['a'] }));
    expect(ok).toMatchObject({ args: { NodeNames: ['a'] } });
    expect(parseExtenderArgs('{')).toEqual({ error: 'the body is not JSON' });
    expect(parseExtenderArgs(JSON.stringify({ Pod: pod(), Nodes: { items: 3 } }))).toMatchObject({
      error: expect.stringMatching(/^invalid ExtenderArgs at nodes\.items/),
    });
  });
});

describe('examples/scheduler-filter: the HTTP extender', () => {
  const server = createFilterServer();
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('answers POST /filter like the scheduler expects', async () => {
    // The scheduler marshals ExtenderArgs with Go's field names.
    const res = await fetch(`${base}/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Pod: pod({ qos: 'BestEffort', tolerations: [tolerate('memory-pressure')] }),
        Nodes: { items: [node('a'), node('b', ['MemoryPressure']), node('c', ['PIDPressure'])] },
        NodeNames: null,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      Nodes: { items: Node[] };
      FailedAndUnresolvableNodes: Record<string, string>;
    };
    expect(Object.keys(body).sort()).toEqual(
      ['Error', 'FailedAndUnresolvableNodes', 'FailedNodes', 'NodeNames', 'Nodes'].sort(),
    );
    expect(body.Nodes.items.map((n: Node) => n.metadata?.name)).toEqual(['a', 'b']);
    expect(body.FailedAndUnresolvableNodes).toEqual({
      c: 'node(s) had untolerated taint {node.kubernetes.io/pid-pressure: }',
    });
  });

  it('answers a malformed body with 400 and an Error, other paths with 404', async () => {
    const bad = await fetch(`${base}/filter`, { method: 'POST', body: '[]' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { Error: string }).Error).toMatch(/invalid ExtenderArgs/);
    expect((await fetch(`${base}/prioritize`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
