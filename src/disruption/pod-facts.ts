import { field, integer, list, stringMap, text } from '../pods/api-object';
import { isDeletionTimestampSet, readTimestamp } from '../pods/api-time';
import { CONFIG_MIRROR_ANNOTATION_KEY } from '../pods/pod-kinds';

/** An `ownerReferences[]` entry, normalised (`controller` is `false` when unset). */
export interface OwnerReferenceView {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller: boolean;
}

/** The fields of a pod that the disruption paths read (PDBs, the Eviction API, drain). */
export interface PodFacts {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly nodeName: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly annotations: ReadonlyMap<string, string>;
  /** `status.phase` (`""` when unset). */
  readonly phase: string;
  /** `metadata.deletionTimestamp` in epoch ms (`undefined` when absent or unparseable). */
  readonly deletionTimestamp: number | undefined;
  /** `deletionTimestamp != nil`: set, whether or not its value parses. */
  readonly terminating: boolean;
  /** Condition `Ready` has status `True` (`podutil.IsPodReady`). */
  readonly ready: boolean;
  /** `metav1.GetControllerOf`: the first owner reference with `controller: true`. */
  readonly controllerRef: OwnerReferenceView | undefined;
  /** Some volume is an `emptyDir` (kubectl drain's "local storage"). */
  readonly hasEmptyDir: boolean;
  /** Carries the `kubernetes.io/config.mirror` annotation (any value). */
  readonly mirror: boolean;
  /** `spec.terminationGracePeriodSeconds`, when set. */
  readonly terminationGracePeriodSeconds: number | undefined;
}

export function readOwnerReference(ref: unknown): OwnerReferenceView {
  return {
    apiVersion: text(ref, 'apiVersion'),
    kind: text(ref, 'kind'),
    name: text(ref, 'name'),
    uid: text(ref, 'uid'),
    controller: field(ref, 'controller') === true,
  };
}

/** `metav1.GetControllerOf` on an object's `metadata`. */
export function controllerOf(metadata: unknown): OwnerReferenceView | undefined {
  const ref = list(metadata, 'ownerReferences').find((r) => field(r, 'controller') === true);
  return ref === undefined ? undefined : readOwnerReference(ref);
}

/** Read the fields the disruption paths use. Never throws; see `pods/api-object.ts` for the fallbacks. */
export function readPodFacts(pod: unknown): PodFacts {
  const metadata = field(pod, 'metadata');
  const spec = field(pod, 'spec');
  const status = field(pod, 'status');
  const annotations = stringMap(metadata, 'annotations');
  return {
    name: text(metadata, 'name'),
    namespace: text(metadata, 'namespace'),
    uid: text(metadata, 'uid'),
    resourceVersion: text(metadata, 'resourceVersion'),
    nodeName: text(spec, 'nodeName'),
    labels: stringMap(metadata, 'labels'),
    annotations,
    phase: text(status, 'phase'),
    deletionTimestamp: readTimestamp(field(metadata, 'deletionTimestamp')),
    terminating: isDeletionTimestampSet(field(metadata, 'deletionTimestamp')),
    ready: list(status, 'conditions').some(
      (c) => text(c, 'type') === 'Ready' && text(c, 'status') === 'True',
    ),
    controllerRef: controllerOf(metadata),
    hasEmptyDir: list(spec, 'volumes').some((v) => {
      const emptyDir = field(v, 'emptyDir');
      return emptyDir !== undefined && emptyDir !== null;
    }),
    mirror: annotations.has(CONFIG_MIRROR_ANNOTATION_KEY),
    terminationGracePeriodSeconds: integer(spec, 'terminationGracePeriodSeconds'),
  };
}

/** `namespace/name`, as kubectl prints pods. */
export function podKey(pod: Pick<PodFacts, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}
