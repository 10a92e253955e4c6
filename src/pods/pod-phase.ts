// How a pod's status says it is over: evicted by the kubelet (pkg/kubelet/eviction, asked by the
// ranking, the eviction manager and the PodGC controller, which deletes evicted pods first), or
// in a terminal phase (pkg/api/v1/pod).

/** `eviction.Reason`: the `status.reason` of a pod the kubelet evicted. */
export const EVICTED_REASON = 'Evicted';

/**
 * `eviction.PodIsEvicted`: the status says `Failed` with reason `Evicted`. Total: a status that
 * cannot be read (a getter or proxy that throws) is not an evicted one.
 */
export function podIsEvicted(
  status: { readonly phase?: string; readonly reason?: string } | null | undefined,
): boolean {
  try {
    return status?.phase === 'Failed' && status.reason === EVICTED_REASON;
  } catch {
    return false;
  }
}

/** `podutil.IsPodPhaseTerminal`: `Succeeded` or `Failed`, phases a pod never leaves. */
export function isTerminalPhase(phase: unknown): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
