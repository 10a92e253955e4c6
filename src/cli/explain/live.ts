import { err, ok, type Result } from 'neverthrow';
import type { CliFailure } from '../failure';

// `explain --kubeconfig`: the node's Summary (through the API server's node proxy), its pods and
// the Node, fetched with @kubernetes/client-node. The client is an optional peer dependency,
// loaded here with a dynamic import and nowhere else.

export interface LiveFetch {
  summary: unknown;
  pods: unknown;
  node: unknown;
}

export interface LiveOptions {
  /** A kubeconfig file; `undefined` or `''`: $KUBECONFIG, then ~/.kube/config, then in-cluster. */
  kubeconfig: string | undefined;
  nodeName: string;
  /** Called before each request, for a progress line. */
  step?: (text: string) => void;
}

type ClientModule = typeof import('@kubernetes/client-node');

/** Fetch the Summary, the pods bound to the node and the Node. Never rejects. */
export async function fetchLive(options: LiveOptions): Promise<Result<LiveFetch, CliFailure>> {
  let k8s: ClientModule;
  try {
    k8s = await import('@kubernetes/client-node');
  } catch {
    return err({
      code: 'missing-client',
      message:
        'explain --kubeconfig needs the optional package @kubernetes/client-node: npm install @kubernetes/client-node@~1.4',
    });
  }
  const kc = new k8s.KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (cause) {
    return err({
      code: 'kubeconfig',
      message: `cannot load the kubeconfig${options.kubeconfig ? ` ${options.kubeconfig}` : ''}: ${messageOf(cause)}`,
    });
  }
  if (kc.getCurrentCluster() === null) {
    return err({ code: 'kubeconfig', message: 'the kubeconfig has no current cluster' });
  }
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const name = options.nodeName;
  const server = kc.getCurrentCluster()?.server ?? '';
  const request = async <T>(
    what: string,
    call: () => Promise<T>,
  ): Promise<Result<T, CliFailure>> => {
    options.step?.(`fetching ${what} from ${server}`);
    try {
      return ok(await call());
    } catch (cause) {
      return err({
        code: 'api',
        message: `cannot fetch ${what} from ${server}: ${apiMessage(cause)}`,
      });
    }
  };
  const node = await request(`node ${name}`, () => core.readNode({ name }));
  if (node.isErr()) return err(node.error);
  const summary = await request(`the Summary of node ${name}`, () =>
    core.connectGetNodeProxyWithPath({ name, path: 'stats/summary' }),
  );
  if (summary.isErr()) return err(summary.error);
  const pods = await request(`the pods of node ${name}`, () =>
    core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` }),
  );
  if (pods.isErr()) return err(pods.error);
  // The generated client hands a JSON body over already parsed; a text body is parsed here.
  let summaryDocument: unknown = summary.value;
  if (typeof summaryDocument === 'string') {
    try {
      summaryDocument = JSON.parse(summaryDocument);
    } catch {
      return err({ code: 'api', message: `the Summary of node ${name} is not JSON` });
    }
  }
  return ok({ summary: summaryDocument, pods: pods.value, node: node.value });
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
}

/** client-node's ApiException carries the HTTP code and the Status body; say that briefly. */
function apiMessage(cause: unknown): string {
  const e = cause as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof e?.code === 'number') {
    let detail = '';
    try {
      const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      if (body && typeof body.message === 'string') detail = `: ${body.message}`;
    } catch {
      // Not a Status object: the code says enough.
    }
    return `HTTP ${e.code}${detail}`;
  }
  const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? `${code} (${messageOf(cause)})` : messageOf(cause);
}
