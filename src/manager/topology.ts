import { field, isObjectLike } from '../pods/api-object';
import { type FeatureGateOptions, gateEnabled } from '../pods/feature-gates';
import type { FsStats, Summary } from '../signals/summary';
import type { Signal } from '../signals/types';
import type { DiskTopologyState, NodeReclaimFunction } from './types';

// The disk layout: given in the options, else learned once from the first Summary (the kubelet
// asks cadvisor and the CRI whether images and writable layers live on their own devices).

/**
 * Two filesystem reports are the same filesystem when their sizes agree: capacity in bytes and
 * total inodes, wherever both reports carry them. Statistics of one device read at slightly
 * different moments differ in free space, never in size. A report without sizes is taken to be
 * the same filesystem (nothing says it is a device of its own).
 */
function sameFilesystem(a: FsStats, b: FsStats): boolean {
  const differ = (x: unknown, y: unknown) =>
    typeof x === 'number' && typeof y === 'number' && x !== y;
  return (
    !differ(field(a, 'capacityBytes'), field(b, 'capacityBytes')) &&
    !differ(field(a, 'inodes'), field(b, 'inodes'))
  );
}

/** A filesystem report, when there is one (anything but an object is none). */
const fsStats = (value: unknown): FsStats | undefined =>
  isObjectLike(value) ? (value as FsStats) : undefined;

/**
 * `HasDedicatedImageFs` and `HasDedicatedContainerFs` from a Summary: the runtime reports an
 * image filesystem of a different size than `node.fs`; a container filesystem of a different
 * size than the image filesystem. No runtime statistics mean one filesystem. Total: parts that
 * are missing or cannot be read count as absent.
 */
export function topologyFromSummary(summary: Summary): {
  dedicatedImageFs: boolean;
  splitImageFs: boolean;
} {
  const node = field(summary, 'node');
  const runtime = field(node, 'runtime');
  const nodeFs = fsStats(field(node, 'fs'));
  const imageFs = fsStats(field(runtime, 'imageFs'));
  const containerFs = fsStats(field(runtime, 'containerFs'));
  const dedicatedImageFs =
    imageFs !== undefined && nodeFs !== undefined && !sameFilesystem(imageFs, nodeFs);
  const splitImageFs =
    containerFs !== undefined && imageFs !== undefined && !sameFilesystem(containerFs, imageFs);
  return { dedicatedImageFs, splitImageFs };
}

/** The disk layout a cycle uses: each part as given, else learned from the Summary. */
export function resolveDiskLayout(
  summary: Summary,
  given: { dedicatedImageFs?: boolean | undefined; splitImageFs?: boolean | undefined },
): { dedicatedImageFs: boolean; splitImageFs: boolean } {
  const learned = topologyFromSummary(summary);
  return {
    dedicatedImageFs: given.dedicatedImageFs ?? learned.dedicatedImageFs,
    splitImageFs: given.splitImageFs ?? learned.splitImageFs,
  };
}

/**
 * The split image filesystem with `KubeletSeparateDiskGC` off: upstream reports
 * `SPLIT_FILESYSTEM_MESSAGE` and has no reclaim or rank functions.
 */
export function splitFilesystemWithoutGate(
  splitImageFs: boolean,
  featureGates: FeatureGateOptions | undefined,
): boolean {
  return splitImageFs && !gateEnabled('KubeletSeparateDiskGC', featureGates);
}

const NODEFS: readonly Signal[] = ['nodefs.available', 'nodefs.inodesFree'];
const IMAGEFS: readonly Signal[] = ['imagefs.available', 'imagefs.inodesFree'];
const CONTAINERFS: readonly Signal[] = ['containerfs.available', 'containerfs.inodesFree'];

/**
 * `buildSignalToNodeReclaimFuncs`: what the kubelet runs before evicting for a disk signal.
 *
 * | layout                 | nodefs.*         | imagefs.*        | containerfs.* |
 * |------------------------|------------------|------------------|---------------|
 * | dedicated imagefs      | nothing          | containers, images | = imagefs   |
 * | imagefs, split         | containers       | images           | = nodefs      |
 * | one filesystem         | containers, images | containers, images | = nodefs  |
 *
 * Memory and PID signals have none; with the split-filesystem quirk (`rankingDisabled`) the
 * table does not exist at all.
 */
export function nodeReclaimFunctions(
  signal: Signal,
  topology: DiskTopologyState,
): NodeReclaimFunction[] {
  if (topology.rankingDisabled === true) return [];
  const both: NodeReclaimFunction[] = ['containerGC', 'imageGC'];
  let nodefs: NodeReclaimFunction[];
  let imagefs: NodeReclaimFunction[];
  let containerfs: NodeReclaimFunction[];
  if (topology.dedicatedImageFs && !topology.splitImageFs) {
    nodefs = [];
    imagefs = both;
    containerfs = imagefs;
  } else if (topology.dedicatedImageFs && topology.splitImageFs) {
    nodefs = ['containerGC'];
    imagefs = ['imageGC'];
    containerfs = nodefs;
  } else {
    nodefs = both;
    imagefs = both;
    containerfs = nodefs;
  }
  if (NODEFS.includes(signal)) return [...nodefs];
  if (IMAGEFS.includes(signal)) return [...imagefs];
  if (CONTAINERFS.includes(signal)) return [...containerfs];
  return [];
}
