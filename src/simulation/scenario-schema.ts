import { z } from 'zod';
import { nanosToMs, parseGoDuration } from '../signals/go-duration';
import { parseQuantity } from '../signals/quantity';

// The scenario file format (docs/scenario.md): a node, a kubelet configuration, pods and a usage
// timeline. Every object is strict, so a misspelt key is reported where it is instead of being
// ignored. Quantities are Kubernetes quantities ("512Mi"), or plain numbers of bytes/inodes/
// processes; durations are Go durations ("1m30s").

/** A Kubernetes quantity (or a plain non-negative integer) as a whole number, rounded up. */
const quantity = z.union([z.string(), z.number()]).transform((raw, ctx): bigint => {
  if (typeof raw === 'number') {
    if (Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
    ctx.addIssue({ code: 'custom', message: `expected a non-negative integer, got ${raw}` });
    return z.NEVER;
  }
  const parsed = parseQuantity(raw);
  if (parsed.isErr()) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(raw)} is not a quantity (expected a number with an optional unit, such as 512Mi, 1.5Gi or 500M)`,
    });
    return z.NEVER;
  }
  const value = parsed.value.value();
  if (value < 0n) {
    ctx.addIssue({ code: 'custom', message: `must not be negative, got ${raw}` });
    return z.NEVER;
  }
  return value;
});

/** A Go duration ("90s", "1m30s") in milliseconds. */
const duration = z.string().transform((raw, ctx): number => {
  const parsed = parseGoDuration(raw);
  if (parsed.isErr() || parsed.value < 0n) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(raw)} is not a duration (expected a Go duration such as 30s, 5m or 1m30s)`,
    });
    return z.NEVER;
  }
  return nanosToMs(parsed.value);
});

/** Kubernetes resource names to quantities (`memory: 512Mi`, `cpu: 250m`). */
const resourceList = z.record(z.string(), z.union([z.string(), z.number()]).transform(String));

const usage = z.strictObject({
  /** Working set, bytes. */
  memory: quantity.optional(),
  /** Writable layers, logs and emptyDir volumes on the node's filesystem, bytes. */
  disk: quantity.optional(),
  inodes: quantity.optional(),
  processes: quantity.optional(),
});

const container = z.strictObject({
  name: z.string().min(1),
  requests: resourceList.optional(),
  limits: resourceList.optional(),
});

const podName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a lower-case DNS name such as web-1');

const pod = z.strictObject({
  name: podName,
  namespace: podName.default('default'),
  /** `spec.priority`; with `priorityClassName` system-node-critical / system-cluster-critical, default 2000001000 / 2000000000. */
  priority: z.number().int().optional(),
  priorityClassName: z.string().optional(),
  /** A static pod (from the kubelet's manifest directory): never evicted, like a critical pod. */
  static: z.boolean().default(false),
  terminationGracePeriodSeconds: z.number().int().min(0).optional(),
  /** Shorthand for one container named after the pod. */
  requests: resourceList.optional(),
  limits: resourceList.optional(),
  containers: z.array(container).min(1).optional(),
  /** Usage at the start (or when the pod arrives). */
  usage: usage.default({}),
  /** When the pod arrives on the node (it is admitted, or rejected, by the eviction manager). */
  arrives: duration.optional(),
});

const filesystem = z.strictObject({
  capacity: quantity,
  inodes: quantity.optional(),
  /** Bytes used by images and everything else on it. */
  used: quantity.default(0n),
  inodesUsed: quantity.default(0n),
});

const node = z.strictObject({
  name: z.string().min(1).default('node-1'),
  capacity: z.strictObject({
    memory: quantity,
    /** The node filesystem (nodefs): the kubelet's root directory. */
    disk: quantity.default(100n * 1024n ** 3n),
    inodes: quantity.default(6_553_600n),
    /** The PID limit (the kubelet's `rlimit.maxpid`). */
    pids: quantity.default(32_768n),
  }),
  /** Node allocatable memory (the pods cgroup limit). Default: the capacity. */
  allocatable: z.strictObject({ memory: quantity }).optional(),
  /** A dedicated image filesystem; without one, images live on nodefs. */
  imagefs: filesystem.optional(),
  /** What is not a pod: the OS, the kubelet, the runtime and (without imagefs) the images. */
  system: usage.default({}),
});

const change = z.strictObject({
  at: duration,
  /** Reach the new values linearly over this long, instead of at once. */
  over: duration.optional(),
  /** A line shown in the timeline at `at`. */
  note: z.string().optional(),
  system: usage.optional(),
  /** Pod name (or namespace/name) → new usage. */
  pods: z.record(z.string(), usage).optional(),
});

/** The scenario document as written. */
export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  node,
  /**
   * KubeletConfiguration fields (`evictionHard`, `evictionSoft`, …; `apiVersion` and `kind` may
   * be left out), read with the kubelet's own rules. `--config` replaces it.
   */
  kubelet: z.record(z.string(), z.unknown()).optional(),
  /** How often the eviction manager synchronizes (the kubelet: 10s). */
  interval: duration.default(10_000),
  /** How long to simulate. Default: 2 minutes after the last change. */
  duration: duration.optional(),
  pods: z.array(pod).default([]),
  timeline: z.array(change).default([]),
});

export type ScenarioDocument = z.output<typeof scenarioSchema>;
export type ScenarioPod = ScenarioDocument['pods'][number];
export type ScenarioUsage = z.output<typeof usage>;
export type ScenarioChange = ScenarioDocument['timeline'][number];
export type ScenarioNode = ScenarioDocument['node'];
