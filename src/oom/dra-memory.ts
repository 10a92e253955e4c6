import { z } from 'zod';
import type { Quantity } from '../signals/quantity';
import { parseQuantity } from '../signals/quantity';

// Memory that DRA node-allocatable resource claims add to a container (gate
// `DRANodeAllocatableResources`, alpha in 1.36, off by default in 1.37). Read from
// `status.nodeAllocatableResourceClaimStatuses`, a field newer than the bundled
// kubernetes-types, so it is read leniently here: anything malformed counts as absent.

const quantity = z
  .unknown()
  .transform((v): Quantity | undefined => {
    if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
    if (typeof v !== 'string') return undefined;
    const parsed = parseQuantity(v);
    return parsed.isOk() ? parsed.value : undefined;
  })
  .catch(undefined);
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item.optional().catch(undefined))
    .catch([])
    .optional()
    .transform((xs) => (xs ?? []).filter((x): x is NonNullable<typeof x> => x != null));
const name = z.string().catch('').optional();

const claimStatus = z.object({
  containers: list(z.string()),
  mapping: list(z.object({ name, quantity })),
  overhead: list(z.object({ name, perPod: quantity, perContainer: quantity })),
});
const podStatus = z.object({
  status: z
    .object({ nodeAllocatableResourceClaimStatuses: list(claimStatus) })
    .nullish()
    .catch(undefined),
});

/** One `NodeAllocatableResourceClaimStatus`, memory entries only, values in bytes. */
export interface DraMemoryClaim {
  containers: readonly string[];
  /** `mapping[].quantity` for `memory`, in bytes (`Value()`). */
  mappingBytes: readonly bigint[];
  /** `overhead[].perPod` for `memory`. */
  perPodBytes: readonly bigint[];
  /** `overhead[].perContainer` for `memory`. */
  perContainerBytes: readonly bigint[];
}

/** The pod's DRA node-allocatable claims, memory only. Never throws. */
export function draMemoryClaims(pod: unknown): DraMemoryClaim[] {
  let parsed: ReturnType<typeof podStatus.safeParse>;
  try {
    parsed = podStatus.safeParse(pod);
  } catch {
    return [];
  }
  if (!parsed.success) return [];
  const claims = parsed.data.status?.nodeAllocatableResourceClaimStatuses ?? [];
  return claims.map((c) => {
    const memory = <T extends { name?: string | undefined }>(xs: readonly T[]) =>
      xs.filter((x) => x.name === 'memory');
    const values = (qs: ReadonlyArray<Quantity | undefined>) =>
      qs.filter((q): q is Quantity => q !== undefined).map((q) => q.value());
    return {
      containers: c.containers,
      mappingBytes: values(memory(c.mapping).map((m) => m.quantity)),
      perPodBytes: values(memory(c.overhead).map((o) => o.perPod)),
      perContainerBytes: values(memory(c.overhead).map((o) => o.perContainer)),
    };
  });
}

/**
 * `getEffectiveContainerMemoryRequest`'s DRA share for one container: for every claim that
 * names the container, the mapped memory and the per-pod overhead split equally among the
 * claim's containers (integer division), plus the per-container overhead in full.
 */
export function draMemoryShare(claims: readonly DraMemoryClaim[], containerName: string): bigint {
  let share = 0n;
  for (const claim of claims) {
    if (!claim.containers.includes(containerName)) continue;
    const refs = BigInt(claim.containers.length);
    for (const v of claim.mappingBytes) share += v / refs;
    for (const v of claim.perPodBytes) share += v / refs;
    for (const v of claim.perContainerBytes) share += v;
  }
  return share;
}

/**
 * component-helpers `getDRANodeAllocatableResources`, memory only: what the pod is charged for
 * its whole life (mappings, per-pod overhead, per-container overhead of names that match no
 * container) and the per-container overhead of each named container.
 */
export function draMemoryAllocations(
  claims: readonly DraMemoryClaim[],
  containerNames: readonly string[],
): { podFixed: bigint; perContainer: Map<string, bigint> } {
  let podFixed = 0n;
  const perContainer = new Map<string, bigint>();
  for (const claim of claims) {
    for (const v of claim.mappingBytes) podFixed += v;
    for (const v of claim.perPodBytes) podFixed += v;
    if (claim.perContainerBytes.length === 0) continue;
    const perRef = claim.perContainerBytes.reduce((a, b) => a + b, 0n);
    let known = 0n;
    for (const n of containerNames) {
      if (!claim.containers.includes(n)) continue;
      known += 1n;
      perContainer.set(n, (perContainer.get(n) ?? 0n) + perRef);
    }
    const unknown = BigInt(claim.containers.length) - known;
    if (unknown > 0n) podFixed += perRef * unknown;
  }
  return { podFixed, perContainer };
}
