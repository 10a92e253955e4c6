import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { oomScoreAdj } from 'evictkit/oom';
import { isCriticalPod, type Pod } from 'evictkit/ranking';
import { toleratesTaint } from 'evictkit/taints';
import { admitPod } from 'evictkit/thresholds';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { DaemonSet as DaemonSetType } from 'kubernetes-types/apps/v1.js';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseAgentArgs } from '../../examples/node-agent';

// examples/daemonset.yaml, checked three ways: every document against the Kubernetes OpenAPI
// JSON schemas (kubernetes-models' generated validators, offline), every document as a typed
// object literal against kubernetes-types (TypeScript's excess-property check catches unknown
// and misspelt fields, which the schemas allow), and the DaemonSet's intent (tolerations,
// priority, security, probes, the agent's own command line).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MANIFEST = readFileSync(new URL('../../examples/daemonset.yaml', import.meta.url), 'utf8');

type Doc = { apiVersion: string; kind: string; [k: string]: unknown };
const docs = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc);

/** kubernetes-models' class per kind: `new Model(doc).validate()` throws a ValidationError. */
const MODELS: Record<string, new (doc: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'apps/v1/DaemonSet': DaemonSet,
};

/** Schema errors of every document (empty when all are valid). */
function schemaErrors(list: Doc[]): string[] {
  return list.flatMap((doc) => {
    const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
    if (Model === undefined) return [`no schema for ${doc.apiVersion} ${doc.kind}`];
    try {
      new Model(doc as never).validate();
      return [];
    } catch (e) {
      return [`${doc.kind}: ${(e as Error).message}`];
    }
  });
}

/** The kubernetes-types type of each kind, as `import(…)` type expressions. */
const TYPES: Record<string, string> = {
  Namespace: "import('kubernetes-types/core/v1.js').Namespace",
  ServiceAccount: "import('kubernetes-types/core/v1.js').ServiceAccount",
  ClusterRole: "import('kubernetes-types/rbac/v1.js').ClusterRole",
  ClusterRoleBinding: "import('kubernetes-types/rbac/v1.js').ClusterRoleBinding",
  DaemonSet: "import('kubernetes-types/apps/v1.js').DaemonSet",
};

/** Type-check the documents as object literals of their kubernetes-types types; the errors. */
function typeErrors(list: Doc[]): string[] {
  const file = `${ROOT}examples/.daemonset-typecheck.ts`;
  const source = list
    .map(
      (doc, i) => `export const doc${i}: ${TYPES[doc.kind] ?? 'never'} = ${JSON.stringify(doc)};`,
    )
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, ts.ScriptTarget.ES2022)
      : getSourceFile.call(host, name, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const manifest = docs(MANIFEST);
const daemonSet = manifest.find((d) => d.kind === 'DaemonSet') as unknown as DaemonSetType;
const podSpec = daemonSet.spec?.template.spec;
const agent = podSpec?.containers[0];

/** A copy of the manifest with the DaemonSet changed by `mutate`. */
function mutated(mutate: (ds: DaemonSetType) => void): Doc[] {
  const copy = docs(MANIFEST);
  mutate(copy.find((d) => d.kind === 'DaemonSet') as unknown as DaemonSetType);
  return copy;
}

describe('examples/daemonset.yaml', () => {
  it('holds a Namespace, the ServiceAccount and its RBAC, and the DaemonSet', () => {
    expect(manifest.map((d) => d.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'DaemonSet',
    ]);
  });

  it('validates against the Kubernetes JSON schemas', () => {
    expect(schemaErrors(manifest)).toEqual([]);
  });

  it('fails schema validation when broken (mutated copies)', () => {
    const broken = [
      mutated((ds) => {
        (ds.spec as { selector?: unknown }).selector = undefined;
      }),
      mutated((ds) => {
        ds.spec!.template.spec!.tolerations![0]!.effect = 'NoSchedul';
      }),
      mutated((ds) => {
        ds.spec!.template.spec!.containers[0]!.resources!.limits!['memory'] = 'lots';
      }),
      mutated((ds) => {
        (
          ds.spec!.template.spec!.containers[0]!.ports![0] as { containerPort: unknown }
        ).containerPort = '9847';
      }),
    ];
    for (const copy of broken) expect(schemaErrors(copy)).toHaveLength(1);
    expect(schemaErrors(broken[1] as Doc[])[0]).toMatch(/tolerations\/0\/effect/);
  });

  it('type-checks against kubernetes-types, and a misspelt field does not', () => {
    expect(typeErrors(manifest)).toEqual([]);
    const typo = mutated((ds) => {
      const spec = ds.spec!.template.spec as unknown as Record<string, unknown>;
      spec['tolerashuns'] = spec['tolerations'];
      delete spec['tolerations'];
    });
    // The JSON schemas let unknown fields through (the API server would drop them, or refuse
    // them under strict field validation); the object-literal check does not.
    expect(schemaErrors(typo)).toEqual([]);
    expect(typeErrors(typo).join('\n')).toMatch(/tolerashuns.*does not exist in type 'PodSpec'/);
  }, 20_000);

  it('runs everywhere, critical, unprivileged, probed and scraped', () => {
    // Every taint is tolerated, the pressure ones included.
    for (const key of ['memory-pressure', 'disk-pressure', 'pid-pressure', 'unreachable']) {
      for (const effect of ['NoSchedule', 'NoExecute'] as const) {
        const taint = { key: `node.kubernetes.io/${key}`, effect };
        expect(podSpec?.tolerations?.some((t) => toleratesTaint(t, taint))).toBe(true);
      }
    }
    // system-node-critical: the kubelet admits it under any pressure and never ranks it.
    expect(podSpec?.priorityClassName).toBe('system-node-critical');
    const pod: Pod = {
      metadata: { name: 'agent', namespace: 'evictkit' },
      spec: { ...podSpec!, priority: 2000001000 },
    };
    expect(isCriticalPod(pod)).toBe(true);
    expect(admitPod(pod, ['DiskPressure', 'PIDPressure'])).toEqual({ admit: true });
    expect(oomScoreAdj(pod, pod.spec!.containers[0]!, 8 * 2 ** 30)).toBe(-997);

    expect(podSpec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(agent?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const hostPaths = new Map(
      podSpec?.volumes?.filter((v) => v.hostPath).map((v) => [v.name, v.hostPath?.path]),
    );
    expect([...hostPaths.values()]).toEqual(expect.arrayContaining(['/sys/fs/cgroup', '/proc']));
    for (const mount of agent?.volumeMounts ?? []) {
      if (hostPaths.has(mount.name)) expect(mount.readOnly, mount.name).toBe(true);
    }
    expect(agent?.resources?.requests).toBeDefined();
    expect(agent?.resources?.limits).toBeDefined();
    expect(agent?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'metrics' });
    expect(agent?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'metrics' });
    const annotations = daemonSet.spec?.template.metadata?.annotations ?? {};
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(annotations['prometheus.io/port']).toBe(String(agent?.ports?.[0]?.containerPort));
  });

  it('gives the agent a command line it accepts, reading the host through the mounts', () => {
    const env = { NODE_NAME: 'worker-1', NODE_IP: '10.0.0.7' } as Record<string, string>;
    const args = (agent?.args ?? []).map((a) => a.replace(/\$\((\w+)\)/g, (_, v) => env[v] ?? ''));
    const options = parseAgentArgs(args, new AbortController().signal)._unsafeUnwrap();
    const mounts = new Set((agent?.volumeMounts ?? []).map((m) => m.mountPath));
    expect(options.platform).toEqual({
      nodeName: 'worker-1',
      cgroupMount: '/host/sys/fs/cgroup',
      procRoot: '/host/proc',
      nodefsPath: '/host/var/lib/kubelet',
      imagefsPath: '/host/var/lib/containerd',
    });
    for (const path of Object.values(options.platform ?? {}).filter((p) => p.startsWith('/host'))) {
      expect(mounts.has(path), path).toBe(true);
    }
    expect(options.pods).toMatchObject({
      location: 'https://10.0.0.7:10250/pods',
      tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
    expect(options.port).toBe(agent?.ports?.[0]?.containerPort);
    expect(options.host).toBe('0.0.0.0');
  });

  it('grants only what the kubelet checks for /pods and /configz', () => {
    const role = manifest.find((d) => d.kind === 'ClusterRole') as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['nodes/pods', 'nodes/configz'], verbs: ['get'] },
    ]);
  });
});
