import type {
  Container,
  Pod as KubePod,
  PodSpec as KubePodSpec,
  PodStatus as KubePodStatus,
  ResourceRequirements,
} from 'kubernetes-types/core/v1.js';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { displayValue } from '../signals/config-error';
import { isQuantity, parseQuantity, type Quantity } from '../signals/quantity';
import { describeZodError } from '../signals/validation-issues';
import { cachedPodView } from './pod-view-cache';

/**
 * A Kubernetes v1 Pod as the API returns it: `kubernetes-types`' Pod plus the fields added
 * after the version of those types (pod-level `spec.resources`, 1.32; pod-level
 * `status.resources` and `status.allocatedResources`, 1.35).
 */
export type Pod = Omit<KubePod, 'spec' | 'status'> & {
  spec?: KubePodSpec & { resources?: ResourceRequirements };
  status?: KubePodStatus & {
    resources?: ResourceRequirements;
    allocatedResources?: { [name: string]: string };
  };
};

/**
 * What the pod functions accept: a v1 Pod as JSON, or an object shaped like one from another
 * client. `@kubernetes/client-node` pods fit: they use the same camelCase names and string
 * quantities, with `Date`s for timestamps (no function here reads a timestamp) and plain
 * `string`s where kubernetes-types has literals (`apiVersion`). Every field may be missing,
 * `undefined` or `null`; wrong types in fields that are read fall back as `readPod` describes.
 * A number, a string or an array is not a `PodLike` (a compile-time error).
 */
export type PodLike = Loosen<Pod>;

/** A container as the pod functions accept it (`v1.Container`, client-node's `V1Container`). */
export type ContainerLike = Loosen<Container>;

type Loosen<T> = T extends string
  ? string | Date
  : T extends readonly (infer U)[]
    ? readonly Loosen<U>[]
    : T extends object
      ? { [K in keyof T]?: Loosen<T[K]> | null | undefined }
      : T;

/** A resource list (`v1.ResourceList`): resource name → exact quantity. */
export type ResourceList = ReadonlyMap<string, Quantity>;

/** `v1.ResourceRequirements`; a list is `undefined` when the pod did not set it (Go `nil`). */
export interface ResourceRequirementsView {
  readonly requests: ResourceList | undefined;
  readonly limits: ResourceList | undefined;
}

export interface ContainerView {
  readonly name: string;
  /** `restartPolicy`; `"Always"` on an init container makes it a sidecar. */
  readonly restartPolicy: string | undefined;
  readonly resources: ResourceRequirementsView;
}

export interface VolumeView {
  readonly name: string;
  readonly hostPath: boolean;
  readonly gitRepo: boolean;
  readonly configMap: boolean;
  readonly downwardAPI: boolean;
  /** `emptyDir.medium` (`""` is the node's default medium); `undefined` when not an emptyDir. */
  readonly emptyDirMedium: string | undefined;
}

export interface ContainerStatusView {
  readonly name: string;
  readonly allocatedResources: ResourceList | undefined;
  readonly resources: ResourceRequirementsView | undefined;
}

export interface PodConditionView {
  readonly type: string;
  readonly reason: string;
}

/**
 * The fields of a pod that evictkit reads, normalised: quantities parsed, absent lists
 * `undefined`, absent strings `""`, absent arrays empty.
 */
export interface PodView {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly annotations: ReadonlyMap<string, string>;
  /** `spec.priority`, only when it is an int32. */
  readonly priority: number | undefined;
  readonly priorityClassName: string;
  readonly containers: readonly ContainerView[];
  readonly initContainers: readonly ContainerView[];
  /** `spec.resources` (pod-level resources); `undefined` when the pod has none. */
  readonly resources: ResourceRequirementsView | undefined;
  readonly overhead: ResourceList | undefined;
  readonly volumes: readonly VolumeView[];
  /** `status.qosClass` (`""` when unset). */
  readonly qosClassStatus: string;
}

/**
 * The status fields that in-place resize reads (`PodResourcesOptions.UseStatusResources`), read
 * separately by `readPodResizeStatus` because most callers never need them.
 */
export interface PodResizeStatusView {
  readonly containerStatuses: readonly ContainerStatusView[];
  readonly initContainerStatuses: readonly ContainerStatusView[];
  /** `status.resources` (pod level, in-place resize of pod-level resources). */
  readonly resources: ResourceRequirementsView | undefined;
  /** `status.allocatedResources` (pod level). */
  readonly allocatedResources: ResourceList | undefined;
  readonly conditions: readonly PodConditionView[];
}

/** One problem found by `validatePod`, with the JSON path to it. */
export interface PodIssue {
  readonly path: string;
  readonly message: string;
}

export interface PodValidationError {
  readonly code: 'invalid-pod';
  readonly issues: readonly PodIssue[];
  readonly message: string;
}

/** What `checkContainer` reports; paths start at the container (`$.resources.limits.cpu`). */
export interface ContainerValidationError {
  readonly code: 'invalid-container';
  readonly issues: readonly PodIssue[];
  readonly message: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

// Pods repeat a handful of quantity strings ("100m", "128Mi"…); Quantities are immutable, so
// parsed ones are shared. The cache is bounded and simply starts over when full.
const QUANTITY_CACHE_LIMIT = 4096;
const quantityCache = new Map<string, Quantity | null>();

function parseCached(text: string): Quantity | undefined {
  let q = quantityCache.get(text);
  if (q === undefined) {
    const parsed = parseQuantity(text);
    q = parsed.isOk() ? parsed.value : null;
    if (quantityCache.size >= QUANTITY_CACHE_LIMIT) quantityCache.clear();
    quantityCache.set(text, q);
  }
  return q ?? undefined;
}

/** A quantity as it may appear in JSON: a string, a bare number, or an evictkit `Quantity`. */
function toQuantity(value: unknown): Quantity | undefined {
  if (isQuantity(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return parseCached(String(value));
  return typeof value === 'string' ? parseCached(value) : undefined;
}

// One schema definition, two modes. Strict reports every bad field; lenient replaces a bad field
// with "absent" so that a single garbage field never hides the rest of the pod. The schemas only
// check structure (no transforms, which cost more than the checks); the view is built after.
function buildSchemas(strict: boolean) {
  const absent = <T extends z.ZodType>(schema: T) =>
    strict ? schema.nullish() : schema.nullish().catch(undefined);
  const text = absent(z.string());
  const array = <T extends z.ZodType>(item: T) =>
    absent(z.array(strict ? item : item.catch(undefined as never)));
  // Quantities are parsed when the view is built; strict mode checks them here, with paths.
  const record = z.record(z.string(), z.unknown());
  const resourceList = absent(
    strict
      ? record.superRefine((list, ctx) => {
          for (const [name, value] of Object.entries(list)) {
            const quantity = toQuantity(value);
            if (quantity === undefined) {
              ctx.addIssue({
                code: 'custom',
                path: [name],
                message: `not a quantity: ${typeof value === 'string' ? JSON.stringify(value) : displayValue(value)}`,
              });
            } else if (quantity.sign() < 0) {
              // ValidateResourceQuantityValue: the API server stores no negative resource.
              ctx.addIssue({
                code: 'custom',
                path: [name],
                message: 'must be greater than or equal to 0',
              });
            }
          }
        })
      : record,
  );
  const requirements = z.object({ requests: resourceList, limits: resourceList });
  const container = z.object({
    name: text,
    restartPolicy: text,
    resources: absent(requirements),
  });
  const present = absent(z.object({}));
  const volume = z.object({
    name: text,
    hostPath: present,
    gitRepo: present,
    configMap: present,
    downwardAPI: present,
    emptyDir: absent(z.object({ medium: text })),
  });
  const containerStatus = z.object({
    name: text,
    allocatedResources: resourceList,
    resources: absent(requirements),
  });
  const int32 = z.number().int().min(INT32_MIN).max(INT32_MAX);
  const meta = z.object({
    uid: text,
    name: text,
    namespace: text,
    annotations: absent(z.record(z.string(), strict ? z.string() : z.unknown())),
  });
  const spec = z.object({
    priority: absent(int32),
    priorityClassName: text,
    containers: array(container),
    initContainers: array(container),
    resources: absent(requirements),
    overhead: resourceList,
    volumes: array(volume),
  });
  const status = z.object({ qosClass: text });
  const resizeStatus = z.object({
    containerStatuses: array(containerStatus),
    initContainerStatuses: array(containerStatus),
    resources: absent(requirements),
    allocatedResources: resourceList,
    conditions: array(z.object({ type: text, reason: text })),
  });
  return {
    pod: z.object({ metadata: absent(meta), spec: absent(spec), status: absent(status) }),
    resize: z.object({ status: absent(resizeStatus) }),
    full: z.object({
      metadata: absent(meta),
      spec: absent(spec),
      status: absent(status.extend(resizeStatus.shape)),
    }),
  };
}

const lenient = buildSchemas(false);
const strict = buildSchemas(true);
type ParsedPod = z.output<typeof strict.pod>;
type ParsedResize = z.output<typeof strict.resize>;
type ParsedList = Record<string, unknown> | null | undefined;
type ParsedRequirements = { requests?: ParsedList; limits?: ParsedList } | null | undefined;
type ParsedContainer = NonNullable<NonNullable<ParsedPod['spec']>['containers']>[number];
type ParsedContainerStatus = NonNullable<
  NonNullable<ParsedResize['status']>['containerStatuses']
>[number];

/** Quantities that do not parse are left out (lenient mode only lets them through). */
function resourceList(list: ParsedList): ResourceList | undefined {
  if (list === null || list === undefined) return undefined;
  const result = new Map<string, Quantity>();
  for (const name in list) {
    if (!Object.hasOwn(list, name)) continue;
    const q = toQuantity(list[name]);
    if (q !== undefined) result.set(name, q);
  }
  return result;
}

const NO_REQUIREMENTS: ResourceRequirementsView = { requests: undefined, limits: undefined };

function requirementsView(r: ParsedRequirements): ResourceRequirementsView {
  if (r === null || r === undefined) return NO_REQUIREMENTS;
  return { requests: resourceList(r.requests), limits: resourceList(r.limits) };
}

/** Drops the elements lenient parsing replaced with `undefined`. */
function present<T>(items: ReadonlyArray<T | undefined> | null | undefined): T[] {
  return (items ?? []).filter((i): i is T => i !== undefined && i !== null);
}

function containerView(c: ParsedContainer): ContainerView {
  return {
    name: c.name ?? '',
    restartPolicy: c.restartPolicy ?? undefined,
    resources: requirementsView(c.resources),
  };
}

function toView(parsed: ParsedPod): PodView {
  const { metadata, spec, status } = parsed;
  const annotations = new Map<string, string>();
  const rawAnnotations = metadata?.annotations ?? {};
  for (const key in rawAnnotations) {
    const value = rawAnnotations[key];
    if (Object.hasOwn(rawAnnotations, key) && typeof value === 'string')
      annotations.set(key, value);
  }
  return {
    uid: metadata?.uid ?? '',
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? '',
    annotations,
    priority: spec?.priority ?? undefined,
    priorityClassName: spec?.priorityClassName ?? '',
    containers: present(spec?.containers).map(containerView),
    initContainers: present(spec?.initContainers).map(containerView),
    resources: spec?.resources == null ? undefined : requirementsView(spec.resources),
    overhead: resourceList(spec?.overhead),
    volumes: present(spec?.volumes).map((v) => ({
      name: v.name ?? '',
      hostPath: v.hostPath != null,
      gitRepo: v.gitRepo != null,
      configMap: v.configMap != null,
      downwardAPI: v.downwardAPI != null,
      emptyDirMedium: v.emptyDir == null ? undefined : (v.emptyDir.medium ?? ''),
    })),
    qosClassStatus: status?.qosClass ?? '',
  };
}

function toResizeView(parsed: ParsedResize): PodResizeStatusView {
  const status = parsed.status;
  const statusView = (s: ParsedContainerStatus): ContainerStatusView => ({
    name: s.name ?? '',
    allocatedResources: resourceList(s.allocatedResources),
    resources: s.resources == null ? undefined : requirementsView(s.resources),
  });
  return {
    containerStatuses: present(status?.containerStatuses).map(statusView),
    initContainerStatuses: present(status?.initContainerStatuses).map(statusView),
    resources: status?.resources == null ? undefined : requirementsView(status.resources),
    allocatedResources: resourceList(status?.allocatedResources),
    conditions: present(status?.conditions).map((c) => ({
      type: c.type ?? '',
      reason: c.reason ?? '',
    })),
  };
}

const EMPTY_VIEW: PodView = toView({ metadata: undefined, spec: undefined, status: undefined });
const EMPTY_RESIZE_VIEW: PodResizeStatusView = toResizeView({ status: undefined });

/**
 * Read the fields evictkit uses from a pod. Never throws. Fallbacks for input the API server
 * would never produce:
 * - a field of the wrong type counts as absent (a string as `""`, a list as empty);
 * - a quantity that does not parse is left out of its resource list, as if never set
 *   (bare JSON numbers are accepted, as the API accepts them);
 * - `spec.priority` that is not an int32 counts as unset;
 * - an element of `containers`, `initContainers`, `volumes` or the status lists that is not an
 *   object is skipped; a non-string annotation value is skipped;
 * - anything that is not an object at all reads as an empty pod.
 */
export function readPod(pod: unknown): PodView {
  return cachedPodView(pod, readPodOnce);
}

function readPodOnce(pod: unknown): PodView {
  try {
    const parsed = lenient.pod.safeParse(pod);
    return parsed.success ? toView(parsed.data as ParsedPod) : EMPTY_VIEW;
  } catch {
    // A hostile object (a throwing getter, say) reads as an empty pod rather than throwing.
    return EMPTY_VIEW;
  }
}

/** Read the in-place resize status of a pod, with `readPod`'s fallbacks. Never throws. */
export function readPodResizeStatus(pod: unknown): PodResizeStatusView {
  try {
    const parsed = lenient.resize.safeParse(pod);
    return parsed.success ? toResizeView(parsed.data as ParsedResize) : EMPTY_RESIZE_VIEW;
  } catch {
    return EMPTY_RESIZE_VIEW;
  }
}

/**
 * Check every field evictkit reads and report each one that is malformed (wrong type,
 * unparseable or negative quantity — the API server stores no negative resource —, non-int32
 * priority…), for callers who want to reject such pods instead of relying on `readPod`'s
 * fallbacks. Fields evictkit does not read are not checked, nor are rules across fields (such as
 * a pod-level request below the sum of its containers').
 */
export function validatePod(pod: unknown): Result<PodView, PodValidationError> {
  let parsed: ReturnType<typeof strict.full.safeParse>;
  try {
    parsed = strict.full.safeParse(pod);
  } catch (e) {
    const message = `pod could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return err({ code: 'invalid-pod', issues: [{ path: '$', message }], message });
  }
  if (parsed.success) return ok(toView(parsed.data));
  const { issues, message } = describeZodError('invalid pod', parsed.error);
  return err({ code: 'invalid-pod', issues, message });
}

/**
 * The validated way in: the pod itself, typed as a `PodLike`, when `validatePod` finds every
 * field evictkit reads well-formed; otherwise the problems, each with its path. Use it on
 * values of unknown type (JSON from a file, an API response) before the trusting pod functions,
 * which would otherwise read such a value through `readPod`'s fallbacks. Never throws.
 */
export function checkPod(pod: unknown): Result<PodLike, PodValidationError> {
  return validatePod(pod).map(() => pod as PodLike);
}

const CONTAINER_PATH = '$.spec.containers[0]';

/**
 * `checkPod` for one container (`v1.Container`): the container itself, typed as a
 * `ContainerLike`, when its name, restart policy and resources are well-formed. Never throws.
 */
export function checkContainer(
  container: unknown,
): Result<ContainerLike, ContainerValidationError> {
  const checked = validatePod({ spec: { containers: [container] } });
  if (checked.isOk()) return ok(container as ContainerLike);
  const issues = checked.error.issues.map((issue) => ({
    path: issue.path.startsWith(CONTAINER_PATH)
      ? `$${issue.path.slice(CONTAINER_PATH.length)}`
      : issue.path,
    message: issue.message,
  }));
  const message = `invalid container: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
  return err({ code: 'invalid-container', issues, message });
}
