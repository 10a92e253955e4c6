/**
 * Input that preemption cannot work on. Pods, nodes and candidates must at least be objects;
 * fields of the wrong type inside them read as absent instead. Callbacks that throw (`fits`,
 * `isEligiblePod`, `moreImportantPod`) are reported too, never rethrown.
 */
export interface PreemptionInputError {
  readonly code:
    | 'invalid-pod'
    | 'invalid-node'
    | 'invalid-candidate'
    | 'no-fit-function'
    | 'callback-failed';
  /** Where the offending value sits in the arguments (`nodePods[3]`, `candidates[1].victims`). */
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

export function inputError(
  code: PreemptionInputError['code'],
  path: string,
  value: unknown,
  message: string,
): PreemptionInputError {
  return { code, path, value, message };
}

/** Thrown inside the algorithms to unwind from a failing callback; caught at the public edge. */
export class CallbackFailure extends Error {
  constructor(
    readonly path: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** Call a user callback, turning anything it throws into a `CallbackFailure`. */
export function guarded<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw new CallbackFailure(path, e);
  }
}

export function callbackError(failure: CallbackFailure): PreemptionInputError {
  return inputError(
    'callback-failed',
    failure.path,
    failure.original,
    `${failure.path} threw: ${failure.message}`,
  );
}
