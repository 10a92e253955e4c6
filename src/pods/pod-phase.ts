// How a pod's status says it is over: evicted by the kubelet (pkg/kubelet/eviction, asked by the
// ranking, the eviction manager and the PodGC controller, which deletes evicted pods first), or
// in a terminal phase (pkg/api/v1/pod).

/** `eviction.Reason`: the `status.reason` of a pod the kubelet evicted. */
export const EVICTED_REASON = 'Evicted';

/** `eviction.PodIsEvicted`: the status says `Failed` with reason `Evicted`. */
export function podIsEvicted(
  status: { readonly phase?: string; readonly reason?: string } | null | undefined,
): boolean {
  return status?.phase === 'Failed' && status.reason === EVICTED_REASON;
}

/** `podutil.IsPodPhaseTerminal`: `Succeeded` or `Failed`, phases a pod never leaves. */
export function isTerminalPhase(phase: unknown): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
