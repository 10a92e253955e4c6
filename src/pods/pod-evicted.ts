// pkg/kubelet/eviction: how a pod the kubelet evicted looks afterwards. The ranking, the
// eviction manager and the PodGC controller (which deletes evicted pods first) all ask.

/** `eviction.Reason`: the `status.reason` of a pod the kubelet evicted. */
export const EVICTED_REASON = 'Evicted';

/** `eviction.PodIsEvicted`: the status says `Failed` with reason `Evicted`. */
export function podIsEvicted(
  status: { readonly phase?: string; readonly reason?: string } | null | undefined,
): boolean {
  return status?.phase === 'Failed' && status.reason === EVICTED_REASON;
}
