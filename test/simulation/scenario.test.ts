import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { DEMO_SCENARIO } from '../../src/simulation/demo';
import { loadScenario } from '../../src/simulation/scenario';

const minimal = `name: tiny
node:
  capacity:
    memory: 4Gi
pods:
  - name: web
    requests: { memory: 256Mi }
    usage: { memory: 300Mi }
`;

describe('loadScenario', () => {
  it('examples/scenarios/demo.yaml is the bundled demo, byte for byte', () => {
    const example = readFileSync(
      new URL('../../examples/scenarios/demo.yaml', import.meta.url),
      'utf8',
    );
    expect(example).toBe(DEMO_SCENARIO);
    expect(loadScenario(example).isOk()).toBe(true);
  });

  it('fills in the defaults', () => {
    const s = loadScenario(minimal)._unsafeUnwrap();
    expect(s.node).toMatchObject({
      name: 'node-1',
      capacity: {
        memory: 4n * 1024n ** 3n,
        disk: 100n * 1024n ** 3n,
        inodes: 6_553_600n,
        pids: 32_768n,
      },
    });
    expect(s.interval).toBe(10_000);
    expect(s.durationMs).toBe(120_000);
    expect(s.kubeletSource).toBe('defaults');
    expect(s.kubelet.thresholds.map((t) => t.signal)).toEqual(
      kubeletDefaults()
        ._unsafeUnwrap()
        .thresholds.map((t) => t.signal),
    );
    expect(s.pods[0]).toMatchObject({ name: 'web', namespace: 'default', static: false });
  });

  it('reads the inline kubelet configuration with the kubelet rules', () => {
    const s = loadScenario(
      `${minimal}kubelet:\n  evictionHard: { memory.available: 300Mi }\n  evictionPressureTransitionPeriod: 30s\n`,
    )._unsafeUnwrap();
    expect(s.kubeletSource).toBe('inline');
    expect(s.kubelet.settings.evictionPressureTransitionPeriodMs).toBe(30_000);
    expect(s.kubelet.thresholds.map((t) => `${t.signal}`)).toEqual([
      'memory.available',
      'allocatableMemory.available',
    ]);
  });

  it('--config replaces the inline configuration', () => {
    const given = loadKubeletConfig(
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard: { nodefs.available: 5% }\n',
    )._unsafeUnwrap();
    const s = loadScenario(`${minimal}kubelet:\n  evictionHard: { memory.available: 1Gi }\n`, {
      kubelet: given,
    })._unsafeUnwrap();
    expect(s.kubeletSource).toBe('given');
    expect(s.kubelet.thresholds.map((t) => t.signal)).toEqual(['nodefs.available']);
  });

  describe('errors name the path, the line and the column', () => {
    const cases: [string, string, string, string][] = [
      [
        'a bad quantity',
        minimal.replace('usage: { memory: 300Mi }', 'usage: { memory: 300Mo }'),
        'pods[0].usage.memory',
        'pods[0].usage.memory: "300Mo" is not a quantity (expected a number with an optional unit, such as 512Mi, 1.5Gi or 500M) (line 8, column 22)',
      ],
      [
        'a misspelt key',
        minimal.replace('requests:', 'reqests:'),
        'pods[0]',
        "pods[0]: unknown field 'reqests' (line 6, column 5)",
      ],
      [
        'a missing field',
        'node:\n  capacity:\n    memory: 1Gi\n',
        'name',
        'name: required (line 1, column 1)',
      ],
      [
        'a value of the wrong type',
        minimal.replace('name: web', 'name: 7'),
        'pods[0].name',
        'pods[0].name: expected a string, got number 7 (line 6, column 11)',
      ],
      [
        'a list where a mapping belongs',
        minimal.replace('    memory: 4Gi', '    memory: 4Gi\n  system: [1]'),
        'node.system',
        'node.system: expected a mapping, got a list (line 5, column 11)',
      ],
      [
        'a bad duration',
        `${minimal}timeline:\n  - at: 1 minute\n    pods: { web: { memory: 1Gi } }\n`,
        'timeline[0].at',
        'timeline[0].at: "1 minute" is not a duration (expected a Go duration such as 30s, 5m or 1m30s) (line 10, column 9)',
      ],
      [
        'an unknown pod in the timeline',
        `${minimal}timeline:\n  - at: 1m\n    pods: { api: { memory: 1Gi } }\n`,
        'timeline[0].pods.api',
        'timeline[0].pods.api: no pod named "api" in pods (line 11, column 18)',
      ],
      [
        'a duplicate pod',
        `${minimal}  - name: web\n`,
        'pods[1].name',
        'pods[1].name: duplicate pod default/web (line 9, column 11)',
      ],
      [
        'a bad inline kubelet configuration',
        `${minimal}kubelet:\n  evictionSoft: { memory.available: 1Gi }\n`,
        'kubelet.evictionSoft["memory.available"]',
        'kubelet.evictionSoft["memory.available"]: grace period must be specified for the soft eviction threshold memory.available (line 10, column 37)',
      ],
    ];
    for (const [name, text, path, message] of cases) {
      it(name, () => {
        const error = loadScenario(text)._unsafeUnwrapErr();
        expect(error.path).toBe(path);
        expect(error.message).toBe(message);
      });
    }

    it('a YAML syntax error', () => {
      const error = loadScenario('name: x\nnode: [1\n')._unsafeUnwrapErr();
      expect(error.code).toBe('syntax');
      expect(error.message).toMatch(/^not YAML or JSON: line \d+, column \d+: /);
    });

    it('an empty document', () => {
      expect(loadScenario('')._unsafeUnwrapErr().message).toBe('scenario: the document is empty');
    });
  });
});
