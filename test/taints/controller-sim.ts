import {
  getNoExecuteTaints,
  type ScheduledEviction,
  type TaintEvictionEvent,
  type TaintLike,
  taintEvictionDecision,
} from '../../src/taints/index';

// A deterministic stand-in for pkg/controller/tainteviction's Controller: informer events go
// through taintEvictionDecision, timers are a map of ScheduledEviction, and time only moves when
// the test says so. It lets the upstream controller tests run without goroutines or sleeps.

export interface SimPod {
  metadata: { name: string; namespace: string; generation?: number };
  spec: { nodeName?: string; tolerations?: object[] };
  status?: object;
}

export interface SimNode {
  metadata: { name: string };
  spec: { taints?: TaintLike[] };
}

export function newPod(name: string, nodeName: string): SimPod {
  return { metadata: { name, namespace: 'default' }, spec: { nodeName } };
}

export function newNode(name: string): SimNode {
  return { metadata: { name }, spec: {} };
}

/** `createNoExecuteTaint(index)` of the upstream test. */
export function createNoExecuteTaint(index: number, timeAdded?: string): TaintLike {
  const t: TaintLike = { key: `testTaint${index}`, value: `test${index}`, effect: 'NoExecute' };
  if (timeAdded !== undefined) t.timeAdded = timeAdded;
  return t;
}

/** `addToleration(pod, index, duration)`: duration < 0 tolerates forever. */
export function addToleration(pod: SimPod, index: number, duration: number): SimPod {
  const toleration: Record<string, unknown> = {
    key: `testTaint${index}`,
    value: `test${index}`,
    effect: 'NoExecute',
  };
  if (duration >= 0) toleration.tolerationSeconds = duration;
  return { ...pod, spec: { ...pod.spec, tolerations: [toleration] } };
}

/** `addTaintsToNode(node, _, _, indices)`. */
export function addTaintsToNode(node: SimNode, indices: number[]): SimNode {
  return { ...node, spec: { ...node.spec, taints: indices.map((i) => createNoExecuteTaint(i)) } };
}

const keyOf = (pod: SimPod) => `${pod.metadata.namespace}/${pod.metadata.name}`;

export class TaintEvictionSim {
  now = 0;
  readonly taintedNodes = new Map<string, TaintLike[]>();
  readonly scheduled = new Map<string, ScheduledEviction>();
  readonly pods = new Map<string, SimPod>();
  readonly deletions: { pod: string; at: number }[] = [];
  readonly events: TaintEvictionEvent[] = [];

  constructor(pods: SimPod[] = [], start = 0) {
    this.now = start;
    for (const p of pods) this.pods.set(keyOf(p), p);
  }

  /** Let time pass, firing due deletions in fireAt order. */
  advance(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  advanceTo(t: number): void {
    const due = [...this.scheduled.entries()]
      .filter(([, s]) => s.fireAt <= t)
      .sort((a, b) => a[1].fireAt - b[1].fireAt);
    for (const [key, s] of due) {
      this.now = Math.max(this.now, s.fireAt);
      this.scheduled.delete(key);
      const pod = this.pods.get(key);
      if (pod !== undefined) this.delete(pod);
    }
    this.now = Math.max(this.now, t);
  }

  /** `NodeUpdated(old, new)` / `handleNodeUpdate`; `node === undefined` deletes `name`. */
  nodeUpdated(name: string, node: SimNode | undefined): void {
    if (node === undefined) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = getNoExecuteTaints(node.spec.taints ?? []);
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    for (const pod of [...this.pods.values()].filter((p) => p.spec.nodeName === name)) {
      this.apply(pod, taints, 'node');
    }
  }

  /** `PodUpdated` / `handlePodUpdate`; `pod === undefined` deletes `key`. */
  podUpdated(pod: SimPod | undefined, key?: string): void {
    if (pod === undefined) {
      if (key !== undefined) {
        this.pods.delete(key);
        if (this.scheduled.delete(key)) this.events.push(cancelEvent(key));
      }
      return;
    }
    this.pods.set(keyOf(pod), pod);
    const nodeName = pod.spec.nodeName ?? '';
    if (nodeName === '') return;
    const taints = this.taintedNodes.get(nodeName);
    if (taints === undefined) return;
    this.apply(pod, taints, 'pod');
  }

  private apply(pod: SimPod, taints: TaintLike[], trigger: 'node' | 'pod'): void {
    const key = keyOf(pod);
    const scheduled = this.scheduled.get(key);
    const d = taintEvictionDecision(pod, taints, {
      now: this.now,
      trigger,
      ...(scheduled === undefined ? {} : { scheduled }),
    });
    this.events.push(...d.events);
    switch (d.action) {
      case 'cancel':
        this.scheduled.delete(key);
        break;
      case 'evict-now':
        this.scheduled.delete(key);
        this.delete(pod);
        break;
      case 'schedule':
        this.scheduled.set(key, { createdAt: d.createdAt as number, fireAt: d.fireAt as number });
        break;
      default:
        break;
    }
  }

  private delete(pod: SimPod): void {
    this.deletions.push({ pod: pod.metadata.name, at: this.now });
    this.pods.delete(keyOf(pod));
  }

  deleted(name: string): boolean {
    return this.deletions.some((d) => d.pod === name);
  }
}

function cancelEvent(key: string): TaintEvictionEvent {
  const [namespace = '', name = ''] = key.split('/');
  return {
    type: 'Normal',
    reason: 'TaintManagerEviction',
    message: `Cancelling deletion of Pod ${key}`,
    involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name },
    source: { component: 'taint-eviction-controller' },
  };
}
