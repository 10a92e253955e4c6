import type { PodView } from './pod';

// A memo of `readPod` views for the length of one synchronous pass over a set of pods (one
// eviction-manager cycle's local-storage checks, say), where several functions each read the
// same pod: `isCriticalPod`, `podLimits` and the container limits would otherwise each run the
// schema over it. Keyed by the pod object; outside such a pass nothing is remembered, so a pod
// changed in place between passes is always read afresh.

let active: WeakMap<object, PodView> | undefined;

/**
 * Run `pass` (synchronous) with `readPod` remembering the view of every pod object it reads, so
 * each is read once. Nested passes share the outermost memo. The pods must not change during
 * the pass. Returns what `pass` returns.
 */
export function withPodViewCache<T>(pass: () => T): T {
  if (active !== undefined) return pass();
  active = new WeakMap();
  try {
    return pass();
  } finally {
    active = undefined;
  }
}

/** `readPod`'s hook: the remembered view of `pod`, or `read(pod)` (remembered when in a pass). */
export function cachedPodView(pod: unknown, read: (pod: unknown) => PodView): PodView {
  if (active === undefined || typeof pod !== 'object' || pod === null) return read(pod);
  let view = active.get(pod);
  if (view === undefined) {
    view = read(pod);
    active.set(pod, view);
  }
  return view;
}
