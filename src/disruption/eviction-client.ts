import { err, ok, type Result } from 'neverthrow';
import {
  type ApiStatus,
  DISRUPTION_BUDGET_CAUSE,
  MULTIPLE_PDBS_MESSAGE,
  NAMESPACE_TERMINATING_CAUSE,
  type StatusCause,
} from './api-status';
import type { DeletePreconditions } from './eviction-decision';
import { field, text } from './read';

/**
 * The parts of `@kubernetes/client-node`'s `KubeConfig` the client uses (any 1.x instance
 * fits). Plain-HTTP servers need `skipTLSVerify: true` on the cluster (client-node refuses
 * `http:` otherwise).
 */
export interface KubeConfigLike {
  makeApiClient: (...args: never[]) => unknown;
}

export interface EvictionClientOptions {
  /** An existing client-node `KubeConfig`; else one is loaded. */
  readonly kubeConfig?: KubeConfigLike;
  /** Load this kubeconfig file (else the default: `$KUBECONFIG`, `~/.kube/config`, in-cluster). */
  readonly kubeconfigPath?: string;
  /** Use this context of the kubeconfig loaded here (ignored with `kubeConfig`). */
  readonly context?: string;
  /** Overall time for one `evict` call, retries included (default 5 minutes). */
  readonly deadlineMs?: number;
  /** First wait after a 429 without `Retry-After` (default 1000 ms); doubles each time. */
  readonly initialBackoffMs?: number;
  /** Longest wait between attempts (default 30 s); a longer `Retry-After` is still honoured. */
  readonly maxBackoffMs?: number;
  /** Random extra wait, as a fraction of the backoff (default 0.1). */
  readonly jitter?: number;
  /** Retry connection failures (refused, reset, dropped) like 429s (default false, as kubectl). */
  readonly retryNetworkErrors?: boolean;
}

/** The pod to evict: a pod object or its name and namespace. */
export type EvictionTarget = { readonly name: string; readonly namespace: string } | object;

export interface EvictOptions {
  /** Sent as `deleteOptions.gracePeriodSeconds` (kubectl's `--grace-period` when ≥ 0). */
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: DeletePreconditions;
  /** Server-side dry run (`deleteOptions.dryRun: ["All"]`). */
  readonly dryRun?: boolean;
  /** Aborts the call (the request in flight and any wait). */
  readonly signal?: AbortSignal;
  /** Overrides the client's `deadlineMs` for this call. */
  readonly deadlineMs?: number;
}

/** A successful eviction, or a pod already gone (kubectl counts a 404 as done). */
export interface EvictionOutcome {
  readonly kind: 'evicted' | 'already-gone';
  readonly name: string;
  readonly namespace: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly dryRun: boolean;
  /** The 429s met on the way (each with the budget that refused, when named). */
  readonly refusals: readonly { readonly pdb?: string; readonly message: string }[];
}

interface ErrorBase {
  readonly name: string;
  readonly namespace: string;
  readonly attempts: number;
  readonly message: string;
}

/** Why an eviction did not happen. */
export type EvictionClientError =
  /** 429 until the deadline: a PodDisruptionBudget refused (`pdb` names it when the server did). */
  | (ErrorBase & {
      readonly code: 'pdb-blocked';
      readonly pdb?: string;
      readonly causes: readonly StatusCause[];
      readonly status?: ApiStatus;
    })
  /** 429 until the deadline without a budget cause (API priority and fairness, …). */
  | (ErrorBase & { readonly code: 'too-many-requests'; readonly status?: ApiStatus })
  /** 500: more than one PDB covers the pod; the Eviction API never evicts it. */
  | (ErrorBase & { readonly code: 'multiple-pdbs'; readonly status?: ApiStatus })
  /** 403: RBAC, a negative budget, too many unconfirmed evictions, a terminating namespace. */
  | (ErrorBase & {
      readonly code: 'forbidden';
      readonly namespaceTerminating: boolean;
      readonly status?: ApiStatus;
    })
  /** Any other HTTP error status. */
  | (ErrorBase & {
      readonly code: 'http';
      readonly httpStatus: number;
      readonly status?: ApiStatus;
    })
  /** No HTTP answer: refused, reset, dropped connection, DNS, TLS. */
  | (ErrorBase & { readonly code: 'network'; readonly cause: string })
  /** The deadline passed with a request in flight or a wait pending. */
  | (ErrorBase & { readonly code: 'deadline-exceeded' })
  /** The caller's signal aborted the call. */
  | (ErrorBase & { readonly code: 'aborted' })
  /** No usable kubeconfig, or `@kubernetes/client-node` could not be loaded. */
  | { readonly code: 'config'; readonly message: string }
  /** The target has no name or namespace. */
  | { readonly code: 'invalid-target'; readonly message: string };

export interface EvictionClient {
  /**
   * POST a `policy/v1` Eviction for the pod, retrying 429s (waiting at least `Retry-After`,
   * with exponential backoff otherwise) until the deadline. Never rejects.
   */
  evict(
    target: EvictionTarget,
    options?: EvictOptions,
  ): Promise<Result<EvictionOutcome, EvictionClientError>>;
}

type ClientNode = typeof import('@kubernetes/client-node');

interface CoreApi {
  createNamespacedPodEviction(
    param: { name: string; namespace: string; body: unknown },
    options?: unknown,
  ): Promise<unknown>;
}

/** One attempt's result, classified. */
type Attempt =
  | { kind: 'ok' }
  | {
      kind: 'status';
      httpStatus: number;
      status: ApiStatus | undefined;
      retryAfterMs: number | undefined;
    }
  | { kind: 'network'; cause: string }
  | { kind: 'aborted' }
  | { kind: 'client'; message: string };

const DEFAULTS = {
  deadlineMs: 5 * 60 * 1000,
  initialBackoffMs: 1000,
  maxBackoffMs: 30_000,
  jitter: 0.1,
} as const;

/** `The disruption budget <name> needs …` / `… is still being processed by the server.` */
export function pdbNameFromCauses(causes: readonly StatusCause[]): string | undefined {
  for (const cause of causes) {
    if (cause.reason !== DISRUPTION_BUDGET_CAUSE) continue;
    const m = /^The disruption budget (\S+) (?:needs|is still being processed)/.exec(
      cause.message ?? '',
    );
    if (m?.[1] !== undefined) return m[1];
  }
  return undefined;
}

/** Parse a response body as a `metav1.Status`, when it is one. */
export function parseStatus(body: unknown): ApiStatus | undefined {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (text(value, 'kind') !== 'Status') return undefined;
  return value as ApiStatus;
}

/** `Retry-After` in ms: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, now: number): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function targetOf(target: EvictionTarget): { name: string; namespace: string } {
  const metadata = field(target, 'metadata');
  if (metadata !== undefined)
    return { name: text(metadata, 'name'), namespace: text(metadata, 'namespace') };
  return { name: text(target, 'name'), namespace: text(target, 'namespace') };
}

function errorText(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** Wraps a value the way client-node's (observable) middleware must return it. */
type Wrap = <T>(value: T) => unknown;

async function postOnce(
  api: CoreApi,
  wrap: Wrap,
  target: { name: string; namespace: string },
  body: unknown,
  signal: AbortSignal,
): Promise<Attempt> {
  // The per-call middleware hands the abort signal to the fetch of this request.
  const middleware = {
    pre: (context: { setSignal(s: AbortSignal): void }) => {
      context.setSignal(signal);
      return wrap(context);
    },
    post: <T>(response: T) => wrap(response),
  };
  try {
    await api.createNamespacedPodEviction(
      { ...target, body },
      { middleware: [middleware], middlewareMergeStrategy: 'append' },
    );
    return { kind: 'ok' };
  } catch (cause) {
    if (signal.aborted) return { kind: 'aborted' };
    const code = field(cause, 'code');
    if (typeof code === 'number' && code >= 100) {
      const headers = field(cause, 'headers');
      const status = parseStatus(field(cause, 'body'));
      // The header, else the Status' retryAfterSeconds (the server sets both).
      const fromBody = status?.details?.retryAfterSeconds;
      const retryAfterMs =
        parseRetryAfter(
          field(headers, 'retry-after') ?? field(headers, 'Retry-After'),
          Date.now(),
        ) ?? (typeof fromBody === 'number' && fromBody > 0 ? fromBody * 1000 : undefined);
      return { kind: 'status', httpStatus: code, status, retryAfterMs };
    }
    const name = field(cause, 'name');
    if (name === 'AbortError') return { kind: 'aborted' };
    if (name === 'FetchError' || typeof code === 'string') {
      return {
        kind: 'network',
        cause: typeof code === 'string' ? `${code}: ${errorText(cause)}` : errorText(cause),
      };
    }
    return { kind: 'client', message: errorText(cause) };
  }
}

/** Sleep `ms`, resolving early (to `false`) when `signal` aborts. The timer never outlives it. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A signal aborted by the caller's signal or at the deadline; `dispose` clears the timer. */
function deadlineSignal(deadlineMs: number, caller: AbortSignal | undefined) {
  const controller = new AbortController();
  let reason: 'deadline' | 'caller' | undefined;
  const timer = setTimeout(
    () => {
      reason ??= 'deadline';
      controller.abort();
    },
    Math.max(0, deadlineMs),
  );
  const onCallerAbort = () => {
    reason ??= 'caller';
    controller.abort();
  };
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => reason,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

function classifyStatus(
  attempt: Extract<Attempt, { kind: 'status' }>,
  base: Omit<ErrorBase, 'message'>,
): EvictionClientError {
  const status = attempt.status;
  const message = status?.message ?? `HTTP ${attempt.httpStatus}`;
  const withStatus = status === undefined ? {} : { status };
  const causes = status?.details?.causes ?? [];
  if (attempt.httpStatus === 429) {
    if (causes.some((c) => c.reason === DISRUPTION_BUDGET_CAUSE)) {
      const pdb = pdbNameFromCauses(causes);
      return {
        ...base,
        code: 'pdb-blocked',
        message,
        causes,
        ...(pdb !== undefined ? { pdb } : {}),
        ...withStatus,
      };
    }
    return { ...base, code: 'too-many-requests', message, ...withStatus };
  }
  if (attempt.httpStatus === 500 && status?.message === MULTIPLE_PDBS_MESSAGE) {
    return { ...base, code: 'multiple-pdbs', message, ...withStatus };
  }
  if (attempt.httpStatus === 403) {
    const namespaceTerminating = causes.some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE);
    return { ...base, code: 'forbidden', message, namespaceTerminating, ...withStatus };
  }
  return { ...base, code: 'http', httpStatus: attempt.httpStatus, message, ...withStatus };
}

async function evictLoop(
  api: CoreApi,
  wrap: Wrap,
  target: EvictionTarget,
  options: EvictOptions,
  config: Required<Omit<EvictionClientOptions, 'kubeConfig' | 'kubeconfigPath' | 'context'>>,
): Promise<Result<EvictionOutcome, EvictionClientError>> {
  const { name, namespace } = targetOf(target);
  if (name === '' || namespace === '') {
    return err({
      code: 'invalid-target',
      message: 'the pod to evict needs a name and a namespace',
    });
  }
  const dryRun = options.dryRun === true;
  const deleteOptions = {
    ...(options.gracePeriodSeconds !== undefined
      ? { gracePeriodSeconds: options.gracePeriodSeconds }
      : {}),
    ...(options.preconditions !== undefined ? { preconditions: options.preconditions } : {}),
    ...(dryRun ? { dryRun: ['All'] } : {}),
  };
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace },
    ...(Object.keys(deleteOptions).length > 0 ? { deleteOptions } : {}),
  };
  const start = Date.now();
  const deadlineMs = options.deadlineMs ?? config.deadlineMs;
  const deadline = deadlineSignal(deadlineMs, options.signal);
  const refusals: { pdb?: string; message: string }[] = [];
  let attempts = 0;
  let backoff = config.initialBackoffMs;
  let last: EvictionClientError | undefined;
  const base = () => ({ name, namespace, attempts });
  const stopped = (): Result<EvictionOutcome, EvictionClientError> => {
    if (deadline.reason() === 'caller')
      return err({ ...base(), code: 'aborted', message: 'eviction aborted' });
    // A refusal seen before the deadline explains it better than the deadline itself.
    if (last !== undefined) return err({ ...last, attempts });
    return err({
      ...base(),
      code: 'deadline-exceeded',
      message: `no answer before the deadline of ${deadlineMs} ms`,
    });
  };
  try {
    for (;;) {
      if (deadline.signal.aborted) return stopped();
      attempts++;
      const attempt = await postOnce(api, wrap, { name, namespace }, body, deadline.signal);
      const outcome = (kind: EvictionOutcome['kind']) =>
        ok<EvictionOutcome, EvictionClientError>({
          kind,
          name,
          namespace,
          attempts,
          elapsedMs: Date.now() - start,
          dryRun,
          refusals,
        });
      let retryAfterMs: number | undefined;
      switch (attempt.kind) {
        case 'ok':
          return outcome('evicted');
        case 'aborted':
          return stopped();
        case 'client':
          return err({ code: 'config', message: attempt.message });
        case 'network':
          last = { ...base(), code: 'network', cause: attempt.cause, message: attempt.cause };
          if (!config.retryNetworkErrors) return err(last);
          break;
        case 'status': {
          if (attempt.httpStatus === 404) return outcome('already-gone');
          last = classifyStatus(attempt, base());
          if (attempt.httpStatus !== 429) return err(last);
          const pdb = last.code === 'pdb-blocked' ? last.pdb : undefined;
          refusals.push({ ...(pdb !== undefined ? { pdb } : {}), message: last.message });
          retryAfterMs = attempt.retryAfterMs;
          break;
        }
      }
      const jitter = backoff * config.jitter * Math.random();
      const wait = Math.max(retryAfterMs ?? 0, Math.min(backoff, config.maxBackoffMs) + jitter);
      backoff = Math.min(backoff * 2, config.maxBackoffMs);
      if (Date.now() + wait >= start + deadlineMs && last !== undefined) return err(last);
      if (!(await sleep(wait, deadline.signal))) return stopped();
    }
  } finally {
    deadline.dispose();
  }
}

/**
 * An Eviction API client over `@kubernetes/client-node` (loaded only here, with a dynamic
 * `import()`; it is an optional peer dependency). Resolves to an error when the library or a
 * kubeconfig cannot be loaded. Each `evict` POSTs `pods/<name>/eviction`, retries 429s until
 * its deadline, treats a 404 as done (the pod is already gone, as kubectl does) and reports
 * everything else as a typed error; the PDB that blocked an eviction is named from the
 * Status causes.
 */
export async function createEvictionClient(
  options: EvictionClientOptions = {},
): Promise<Result<EvictionClient, EvictionClientError>> {
  let k8s: ClientNode;
  try {
    k8s = await import('@kubernetes/client-node');
  } catch (cause) {
    return err({
      code: 'config',
      message: `@kubernetes/client-node could not be loaded (an optional peer dependency: npm install @kubernetes/client-node@1): ${errorText(cause)}`,
    });
  }
  let api: CoreApi;
  try {
    let kubeConfig = options.kubeConfig as InstanceType<ClientNode['KubeConfig']> | undefined;
    if (kubeConfig === undefined) {
      kubeConfig = new k8s.KubeConfig();
      if (options.kubeconfigPath !== undefined) kubeConfig.loadFromFile(options.kubeconfigPath);
      else kubeConfig.loadFromDefault();
      // Only a kubeconfig loaded here is switched; a caller's instance is left as given.
      if (options.context !== undefined) kubeConfig.setCurrentContext(options.context);
    }
    api = kubeConfig.makeApiClient(k8s.CoreV1Api) as unknown as CoreApi;
  } catch (cause) {
    return err({ code: 'config', message: `cannot use the kubeconfig: ${errorText(cause)}` });
  }
  const config = {
    deadlineMs: options.deadlineMs ?? DEFAULTS.deadlineMs,
    initialBackoffMs: options.initialBackoffMs ?? DEFAULTS.initialBackoffMs,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULTS.maxBackoffMs,
    jitter: options.jitter ?? DEFAULTS.jitter,
    retryNetworkErrors: options.retryNetworkErrors ?? false,
  };
  const wrap: Wrap = (value) => new k8s.Observable(Promise.resolve(value));
  return ok({
    evict: (target, evictOptions = {}) => evictLoop(api, wrap, target, evictOptions, config),
  });
}
