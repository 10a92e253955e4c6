import { err, ok, type Result } from 'neverthrow';
import { controllerOf, type OwnerReferenceView, type PodFacts } from './pod-facts';
import { field, integer, text } from './read';

/** A pod's controller, resolved: the object whose scale counts, and that scale. */
export interface ControllerScale {
  /** UID of the object whose replicas count (a Deployment for a Deployment's ReplicaSet). */
  readonly uid: string;
  readonly replicas: number;
}

/**
 * Resolve a pod's controller reference to a scale, as the disruption controller's finders do:
 * `ok(scale)`, `ok(undefined)` when no finder recognises it (the controller then fails with
 * `found no controllers for pod "<name>"`), or `err(message)` for a lookup error, which fails the
 * sync (for example `jobs.batch does not implement the scale subresource`).
 */
export type ScaleOf = (
  controllerRef: OwnerReferenceView,
  namespace: string,
) => Result<ControllerScale | undefined, string>;

/** `schema.ParseGroupVersion`. */
export function parseGroupVersion(gv: string): Result<{ group: string; version: string }, string> {
  if (gv === '' || gv === '/') return ok({ group: '', version: '' });
  const slashes = gv.split('/').length - 1;
  if (slashes === 0) return ok({ group: '', version: gv });
  if (slashes === 1) {
    const i = gv.indexOf('/');
    return ok({ group: gv.slice(0, i), version: gv.slice(i + 1) });
  }
  return err(`unexpected GroupVersion string: ${gv}`);
}

/**
 * The disruption controller's `getExpectedScale`: the sum of the scales of the distinct
 * controllers of `pods`; pods without a controller are listed as unmanaged and skipped.
 */
export function getExpectedScale(
  pods: readonly PodFacts[],
  scaleOf: ScaleOf,
): Result<{ expectedCount: number; unmanagedPods: string[] }, string> {
  // Keyed by the resolved controller's UID; the "already known" check uses the pod's own
  // controllerRef UID, so Deployment pods re-resolve through their ReplicaSet each time (as
  // upstream does) and still count the Deployment once.
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = pod.controllerRef;
    if (ref === undefined) {
      unmanagedPods.push(pod.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = scaleOf(ref, pod.namespace);
    if (found.isErr()) return err(found.error);
    if (found.value === undefined) return err(`found no controllers for pod "${pod.name}"`);
    scales.set(found.value.uid, found.value.replicas);
  }
  let expectedCount = 0;
  for (const replicas of scales.values()) expectedCount = (expectedCount + replicas) | 0;
  return ok({ expectedCount, unmanagedPods });
}

/** A workload object (RC, RS, Deployment, StatefulSet, or anything with a `/scale`), read. */
interface Workload {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** `spec.replicas`; the API defaults it to 1 for the built-in workloads. */
  readonly replicas: number;
  readonly controllerRef: OwnerReferenceView | undefined;
}

function readWorkload(obj: unknown): Workload | undefined {
  const metadata = field(obj, 'metadata');
  const kind = text(obj, 'kind');
  const gv = parseGroupVersion(text(obj, 'apiVersion'));
  if (kind === '' || gv.isErr()) return undefined;
  return {
    group: gv.value.group,
    kind,
    namespace: text(metadata, 'namespace'),
    name: text(metadata, 'name'),
    uid: text(metadata, 'uid'),
    replicas: integer(field(obj, 'spec'), 'replicas') ?? 1,
    controllerRef: controllerOf(metadata),
  };
}

/** Resources that exist without a `/scale` subresource, as `GroupResource.String()` names them. */
const WITHOUT_SCALE: Readonly<Record<string, string>> = {
  'batch/Job': 'jobs.batch',
  'batch/CronJob': 'cronjobs.batch',
  'apps/DaemonSet': 'daemonsets.apps',
  'extensions/DaemonSet': 'daemonsets.extensions',
  '/Node': 'nodes',
  '/Pod': 'pods',
};

/**
 * A `ScaleOf` over a list of workload objects (what `kubectl get rc,rs,deploy,sts -A -o json`
 * returns), with the disruption controller's finders in its order: ReplicationController,
 * Deployment (through the pod's ReplicaSet), ReplicaSet without a Deployment owner,
 * StatefulSet, then the `/scale` subresource of whatever the reference names. Each finder
 * requires the object's UID to equal the reference's. Objects of other kinds in the list stand
 * for custom resources whose `/scale` reads `spec.replicas` (the usual `specReplicasPath`); a
 * reference to a Job, CronJob, DaemonSet, Node or Pod fails the way upstream does, since those
 * resources have no `/scale`.
 */
export function workloadScaleOf(workloads: readonly unknown[]): ScaleOf {
  const byKey = new Map<string, Workload>();
  for (const obj of workloads) {
    const w = readWorkload(obj);
    if (w !== undefined) byKey.set(`${w.group}/${w.kind}/${w.namespace}/${w.name}`, w);
  }
  const lookup = (groups: readonly string[], kind: string, namespace: string, name: string) => {
    for (const group of groups) {
      const w = byKey.get(`${group}/${kind}/${namespace}/${name}`);
      if (w !== undefined) return w;
    }
    return undefined;
  };

  // verifyGroupKind: the kind must match and the group must be one of `groups`.
  const verify = (
    ref: OwnerReferenceView,
    kind: string,
    groups: readonly string[],
  ): Result<boolean, string> => {
    const gv = parseGroupVersion(ref.apiVersion);
    if (gv.isErr()) return err<boolean, string>(gv.error);
    return ok(ref.kind === kind && groups.includes(gv.value.group));
  };
  const appsGroups = ['apps', 'extensions'];

  const finders: ((
    ref: OwnerReferenceView,
    ns: string,
  ) => Result<ControllerScale | undefined, string>)[] = [
    // getPodReplicationController
    (ref, ns) =>
      verify(ref, 'ReplicationController', ['']).map((matches) => {
        const rc = matches ? lookup([''], 'ReplicationController', ns, ref.name) : undefined;
        return rc !== undefined && rc.uid === ref.uid
          ? { uid: rc.uid, replicas: rc.replicas }
          : undefined;
      }),
    // getPodDeployment
    (ref, ns) =>
      verify(ref, 'ReplicaSet', appsGroups).andThen((matches) => {
        const rs = matches ? lookup(appsGroups, 'ReplicaSet', ns, ref.name) : undefined;
        if (rs === undefined || rs.uid !== ref.uid || rs.controllerRef === undefined) {
          return ok(undefined);
        }
        const owner = rs.controllerRef;
        return verify(owner, 'Deployment', appsGroups).map((ownerMatches) => {
          const d = ownerMatches ? lookup(appsGroups, 'Deployment', ns, owner.name) : undefined;
          return d !== undefined && d.uid === owner.uid
            ? { uid: d.uid, replicas: d.replicas }
            : undefined;
        });
      }),
    // getPodReplicaSet: a ReplicaSet that no Deployment controls.
    (ref, ns) =>
      verify(ref, 'ReplicaSet', appsGroups).map((matches) => {
        const rs = matches ? lookup(appsGroups, 'ReplicaSet', ns, ref.name) : undefined;
        if (rs === undefined || rs.uid !== ref.uid) return undefined;
        if (rs.controllerRef !== undefined && rs.controllerRef.kind === 'Deployment')
          return undefined;
        return { uid: rs.uid, replicas: rs.replicas };
      }),
    // getPodStatefulSet
    (ref, ns) =>
      verify(ref, 'StatefulSet', ['apps']).map((matches) => {
        const ss = matches ? lookup(['apps'], 'StatefulSet', ns, ref.name) : undefined;
        return ss !== undefined && ss.uid === ref.uid
          ? { uid: ss.uid, replicas: ss.replicas }
          : undefined;
      }),
    // getScaleController: GET <resource>/scale of the referenced object.
    (ref, ns) =>
      parseGroupVersion(ref.apiVersion).andThen(({ group }) => {
        const missingScale = WITHOUT_SCALE[`${group}/${ref.kind}`];
        if (missingScale !== undefined) {
          return err(`${missingScale} does not implement the scale subresource`);
        }
        const target = lookup([group], ref.kind, ns, ref.name);
        // Not in the list: a NotFound from a resource that has /scale, so no controller.
        if (target === undefined) return ok(undefined);
        return ok(
          target.uid === ref.uid ? { uid: target.uid, replicas: target.replicas } : undefined,
        );
      }),
  ];

  return (ref, namespace) => {
    for (const finder of finders) {
      const found = finder(ref, namespace);
      if (found.isErr() || found.value !== undefined) return found;
    }
    return ok(undefined);
  };
}

/**
 * An approximate `ScaleOf` for when the workloads are unknown: each controller's scale is the
 * number of `pods` it controls. Exact while every controller is at its desired size.
 */
export function podCountScaleOf(pods: readonly PodFacts[]): ScaleOf {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const uid = pod.controllerRef?.uid;
    if (uid !== undefined) counts.set(uid, (counts.get(uid) ?? 0) + 1);
  }
  return (ref) => ok({ uid: ref.uid, replicas: counts.get(ref.uid) ?? 0 });
}
