import { readdirSync, readFileSync } from 'node:fs';
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVICTION_HARD } from '../../src/signals/defaults';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import type { Threshold } from '../../src/signals/types';

const fixtures = new URL('../fixtures/kubelet-config/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');

/** `signal kind value` lines, percentages as percent rounded to 6 digits. */
function summary(thresholds: readonly Threshold[]): string[] {
  return thresholds.map((t) => {
    const value =
      'quantity' in t.value
        ? t.value.quantity.value().toString()
        : `${Math.round(t.value.percentage * 1e6) / 1e4}%`;
    return `${t.signal} ${t.gracePeriodMs === 0 ? 'hard' : `soft/${t.gracePeriodMs}`} ${value}`;
  });
}

const Mi = (n: number) => String(BigInt(n) * 1024n * 1024n);

describe('fixtures (every file in test/fixtures/kubelet-config)', () => {
  const expected: Record<
    string,
    { format: string; source: string; thresholds: string[]; periodMs: number }
  > = {
    // evictionHard given without imagefs.*: the kubelet drops those defaults (no merge).
    'amazon-eks-ami-2019-al2-kubelet-config.json': {
      format: 'KubeletConfiguration',
      source: 'config',
      periodMs: 300_000,
      thresholds: [
        `memory.available hard ${Mi(100)}`,
        'nodefs.available hard 10%',
        'nodefs.inodesFree hard 5%',
        `allocatableMemory.available hard ${Mi(100)}`,
      ],
    },
    'amazon-eks-ami-nodeadm-al2023-expected-kubelet-config.json': {
      format: 'KubeletConfiguration',
      source: 'config',
      periodMs: 300_000,
      thresholds: [
        `memory.available hard ${Mi(100)}`,
        'nodefs.available hard 10%',
        'nodefs.inodesFree hard 5%',
        `allocatableMemory.available hard ${Mi(100)}`,
      ],
    },
    // /configz of a kind node: the effective map is all 0% (disabled) and has no memory.available,
    // so no threshold at all applies, and no allocatable copy either.
    'datadog-agent-kind-configz-kubelet-config.json': {
      format: 'configz',
      source: 'config',
      periodMs: 300_000,
      thresholds: [],
    },
    // evictionPressureTransitionPeriod "0s" is defaulted to 5m by v1beta1 defaulting.
    'insights-core-openshift-node-kubelet-conf.json': {
      format: 'KubeletConfiguration',
      source: 'config',
      periodMs: 300_000,
      thresholds: [
        `memory.available hard ${Mi(200)}`,
        'nodefs.available hard 2%',
        'nodefs.inodesFree hard 2%',
        'imagefs.available hard 2%',
        'imagefs.inodesFree hard 2%',
        `memory.available soft/90000 ${Mi(500)}`,
        'nodefs.available soft/90000 5%',
        'nodefs.inodesFree soft/90000 5%',
        'imagefs.available soft/90000 5%',
        'imagefs.inodesFree soft/90000 5%',
        `allocatableMemory.available hard ${Mi(200)}`,
      ],
    },
    // kops: evictionHard in flag syntax, handed to the kubelet as --eviction-hard.
    'kops-complex-nodeupconfig-nodes.yaml': {
      format: 'kops',
      source: 'flags',
      periodMs: 300_000,
      thresholds: [
        `memory.available hard ${Mi(100)}`,
        'nodefs.available hard 10%',
        'nodefs.inodesFree hard 5%',
        'imagefs.available hard 10%',
        'imagefs.inodesFree hard 5%',
        `allocatableMemory.available hard ${Mi(100)}`,
      ],
    },
  };

  const files = readdirSync(fixtures).filter((name) => !name.endsWith('.tsv'));
  it('covers every document fixture', () =>
    expect(files.sort()).toEqual(Object.keys(expected).sort()));

  for (const file of files) {
    it(file, () => {
      const want = expected[file];
      const loaded = loadKubeletConfig(fixture(file))._unsafeUnwrap();
      expect(loaded.settings.format).toBe(want?.format);
      expect(loaded.settings.evictionHardSource).toBe(want?.source);
      expect(loaded.settings.evictionPressureTransitionPeriodMs).toBe(want?.periodMs);
      expect(summary(loaded.thresholds)).toEqual(want?.thresholds);
    });
  }

  it('the kind /configz keeps its settings as effective values', () => {
    const { settings } = loadKubeletConfig(
      fixture('datadog-agent-kind-configz-kubelet-config.json'),
    )._unsafeUnwrap();
    expect(settings.evictionHard).toEqual({
      'imagefs.available': '0%',
      'nodefs.available': '0%',
      'nodefs.inodesFree': '0%',
    });
    expect(settings.enforceNodeAllocatable).toEqual(['pods']);
    expect(settings.localStorageCapacityIsolation).toBe(true);
  });

  it('the same partial map in a config file with mergeDefaultEvictionSettings keeps memory eviction', () => {
    const text = JSON.stringify({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      mergeDefaultEvictionSettings: true,
      evictionHard: {
        'imagefs.available': '0%',
        'nodefs.available': '0%',
        'nodefs.inodesFree': '0%',
      },
    });
    expect(summary(loadKubeletConfig(text)._unsafeUnwrap().thresholds)).toEqual([
      `memory.available hard ${Mi(100)}`,
      'imagefs.inodesFree hard 5%',
      `allocatableMemory.available hard ${Mi(100)}`,
    ]);
  });

  it('kubelet flags over the EKS file replace its evictionHard', () => {
    const loaded = loadKubeletConfig(fixture('amazon-eks-ami-2019-al2-kubelet-config.json'), {
      flags: '--eviction-hard=memory.available<500Mi --eviction-max-pod-grace-period=60',
    })._unsafeUnwrap();
    expect(loaded.settings.evictionHard).toEqual({ 'memory.available': '500Mi' });
    expect(loaded.settings.evictionHardSource).toBe('flags');
    expect(loaded.settings.evictionMaxPodGracePeriodSeconds).toBe(60);
    expect(summary(loaded.thresholds)).toEqual([
      `memory.available hard ${Mi(500)}`,
      `allocatableMemory.available hard ${Mi(500)}`,
    ]);
  });
});

const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';

describe('KubeletConfiguration defaulting', () => {
  it('an empty config gets every default', () => {
    const { settings, thresholds } = loadKubeletConfig(header)._unsafeUnwrap();
    expect(settings).toMatchObject({
      format: 'KubeletConfiguration',
      evictionHard: DEFAULT_EVICTION_HARD,
      evictionHardSource: 'default',
      evictionPressureTransitionPeriodMs: 300_000,
      evictionMaxPodGracePeriodSeconds: 0,
      enforceNodeAllocatable: ['pods'],
      mergeDefaultEvictionSettings: false,
      kernelMemcgNotification: false,
      localStorageCapacityIsolation: true,
    });
    expect(thresholds).toHaveLength(6);
  });

  it('kubeletDefaults() equals an empty config file', () => {
    const a = kubeletDefaults()._unsafeUnwrap();
    const b = loadKubeletConfig(header)._unsafeUnwrap();
    expect(summary(a.thresholds)).toEqual(summary(b.thresholds));
    expect(a.settings.format).toBe('defaults');
  });

  it('kubeletDefaults() for Windows', () =>
    expect(summary(kubeletDefaults({ os: 'windows' })._unsafeUnwrap().thresholds)).toEqual([
      `memory.available hard ${Mi(500)}`,
      'nodefs.available hard 10%',
      'imagefs.available hard 15%',
      `allocatableMemory.available hard ${Mi(500)}`,
    ]));

  it('evictionHard: null means unset (defaults)', () =>
    expect(
      loadKubeletConfig(`${header}evictionHard: null\n`)._unsafeUnwrap().settings
        .evictionHardSource,
    ).toBe('default'));

  it('evictionHard: {} means no hard thresholds', () =>
    expect(
      loadKubeletConfig(
        `${header}evictionHard: {}\nenforceNodeAllocatable: [pods]\n`,
      )._unsafeUnwrap().thresholds,
    ).toEqual([]));

  it('enforceNodeAllocatable: [] means no allocatable copy', () =>
    expect(
      summary(
        loadKubeletConfig(`${header}enforceNodeAllocatable: []\n`)._unsafeUnwrap().thresholds,
      ),
    ).not.toContain(`allocatableMemory.available hard ${Mi(100)}`));

  it('a zero transition period becomes 5m; other durations are Go durations', () => {
    expect(
      loadKubeletConfig(`${header}evictionPressureTransitionPeriod: 0s\n`)._unsafeUnwrap().settings
        .evictionPressureTransitionPeriodMs,
    ).toBe(300_000);
    expect(
      loadKubeletConfig(`${header}evictionPressureTransitionPeriod: 1m30s\n`)._unsafeUnwrap()
        .settings.evictionPressureTransitionPeriodMs,
    ).toBe(90_000);
    expect(
      loadKubeletConfig(`${header}evictionPressureTransitionPeriod: 5\n`)._unsafeUnwrapErr().code,
    ).toBe('schema');
    expect(
      loadKubeletConfig(`${header}evictionPressureTransitionPeriod: "5"\n`)._unsafeUnwrapErr()
        .message,
    ).toBe('time: missing unit in duration "5"');
  });

  it('reads the remaining eviction fields', () => {
    const { settings } = loadKubeletConfig(
      `${header}evictionMaxPodGracePeriod: -1\nkernelMemcgNotification: true\nlocalStorageCapacityIsolation: false\nfeatureGates:\n  KubeletSeparateDiskGC: true\n`,
    )._unsafeUnwrap();
    expect(settings).toMatchObject({
      evictionMaxPodGracePeriodSeconds: -1,
      kernelMemcgNotification: true,
      localStorageCapacityIsolation: false,
      featureGates: { KubeletSeparateDiskGC: true },
    });
  });

  it('soft thresholds need their grace periods, as in ParseThresholdConfig', () => {
    const error = loadKubeletConfig(
      `${header}evictionSoft:\n  memory.available: 1Gi\n`,
    )._unsafeUnwrapErr();
    expect(error.message).toBe(
      'grace period must be specified for the soft eviction threshold memory.available',
    );
  });

  it('later duplicate keys win (lenient decoding)', () => {
    const yaml = `${header}evictionHard:\n  memory.available: 1Gi\n  memory.available: 2Gi\n`;
    expect(loadKubeletConfig(yaml)._unsafeUnwrap().settings.evictionHard).toEqual({
      'memory.available': '2Gi',
    });
    const json =
      '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","evictionHard":{"memory.available":"1Gi","memory.available":"2Gi"}}';
    expect(loadKubeletConfig(json)._unsafeUnwrap().settings.evictionHard).toEqual({
      'memory.available': '2Gi',
    });
  });

  it('unknown fields are ignored', () =>
    expect(
      loadKubeletConfig(`${header}somethingNew: 1\nEvictionHard: {}\n`)._unsafeUnwrap().settings
        .evictionHardSource,
    ).toBe('default'));

  it('YAML flow style and JSON-in-YAML work', () =>
    expect(
      loadKubeletConfig(
        `{kind: KubeletConfiguration, apiVersion: kubelet.config.k8s.io/v1beta1, evictionHard: {memory.available: 1Gi}}`,
      )._unsafeUnwrap().settings.evictionHard,
    ).toEqual({ 'memory.available': '1Gi' }));
});

describe('rejections (what the kubelet refuses to load)', () => {
  const cases: [string, string, string, string][] = [
    [
      'not YAML',
      `${header}evictionHard: [1\n`,
      'syntax',
      'cannot parse the document as JSON or YAML: ',
    ],
    [
      'not a mapping',
      '- a\n- b\n',
      'not-kubelet-configuration',
      'not a KubeletConfiguration: the document is not a mapping',
    ],
    [
      'no kind',
      'evictionHard: {}\n',
      'not-kubelet-configuration',
      'not a KubeletConfiguration: kind is missing, expected "KubeletConfiguration"',
    ],
    [
      'another apiVersion',
      'apiVersion: kubelet.config.k8s.io/v1alpha1\nkind: KubeletConfiguration\n',
      'not-kubelet-configuration',
      'not a KubeletConfiguration: apiVersion is "kubelet.config.k8s.io/v1alpha1", expected "kubelet.config.k8s.io/v1beta1"',
    ],
    [
      'evictionHard in flag syntax',
      `${header}evictionHard: memory.available<100Mi\n`,
      'schema',
      'json: cannot unmarshal string into Go struct field KubeletConfiguration.evictionHard of type map[string]string',
    ],
    [
      'an unquoted number as a map value',
      `${header}evictionMinimumReclaim:\n  memory.available: 0\n`,
      'schema',
      // encoding/json names the number ("number 1.5") only for integer fields it overflows.
      'json: cannot unmarshal number into Go struct field KubeletConfiguration.evictionMinimumReclaim of type string',
    ],
    [
      'a YAML 1.1 boolean as a map value',
      `${header}evictionSoftGracePeriod:\n  memory.available: yes\n`,
      'schema',
      'json: cannot unmarshal bool into Go struct field KubeletConfiguration.evictionSoftGracePeriod of type string',
    ],
    [
      'a fractional evictionMaxPodGracePeriod',
      `${header}evictionMaxPodGracePeriod: 1.5\n`,
      'schema',
      'json: cannot unmarshal number 1.5 into Go struct field KubeletConfiguration.evictionMaxPodGracePeriod of type int32',
    ],
    [
      'an int32 overflow',
      `${header}evictionMaxPodGracePeriod: 3000000000\n`,
      'schema',
      'json: cannot unmarshal number 3000000000 into Go struct field KubeletConfiguration.evictionMaxPodGracePeriod of type int32',
    ],
    [
      'enforceNodeAllocatable as a string',
      `${header}enforceNodeAllocatable: pods\n`,
      'schema',
      'json: cannot unmarshal string into Go struct field KubeletConfiguration.enforceNodeAllocatable of type []string',
    ],
    [
      'an invalid threshold',
      `${header}evictionHard:\n  memory.available: 10Mb\n`,
      'invalid-quantity',
      '',
    ],
    [
      'an unknown signal',
      `${header}evictionHard:\n  swap.available: 1Gi\n`,
      'unsupported-signal',
      'unsupported eviction signal swap.available',
    ],
    [
      'an empty file (configfiles: "kubelet config file … was empty")',
      '',
      'not-kubelet-configuration',
      'not a KubeletConfiguration: the file is empty',
    ],
    [
      'a __proto__ key (YAML) is a key like any other: an unknown signal',
      `${header}evictionHard:\n  __proto__: 1Gi\n  memory.available: 1Gi\n`,
      'unsupported-signal',
      'unsupported eviction signal __proto__',
    ],
    [
      'a __proto__ key (JSON) is a key like any other: an unknown signal',
      '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","evictionSoftGracePeriod":{"__proto__":"1m"}}',
      'unsupported-signal',
      'unsupported eviction signal __proto__',
    ],
    [
      'a __proto__ key with a value of the wrong type',
      '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","evictionHard":{"__proto__":{"memory.available":"1Gi"}}}',
      'schema',
      'json: cannot unmarshal object into Go struct field KubeletConfiguration.evictionHard of type string',
    ],
    [
      'a null map element decodes to "", which is not a quantity',
      `${header}evictionHard:\n  memory.available:\n`,
      'invalid-quantity',
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      'a null grace period decodes to "", which is not a duration',
      `${header}evictionSoftGracePeriod:\n  memory.available:\n`,
      'invalid-duration',
      'time: invalid duration ""',
    ],
    [
      'a null evictionPressureTransitionPeriod: metav1.Duration parses ""',
      `${header}evictionPressureTransitionPeriod:\n`,
      'invalid-duration',
      'time: invalid duration ""',
    ],
  ];
  for (const [name, text, code, message] of cases) {
    it(name, () => {
      const error = loadKubeletConfig(text)._unsafeUnwrapErr();
      expect(error.code).toBe(code);
      expect(error.message.startsWith(message)).toBe(true);
    });
  }

  it('null elements are Go zero values: "" in enforceNodeAllocatable, false in featureGates', () => {
    const { settings } = loadKubeletConfig(
      `${header}enforceNodeAllocatable: [null, pods]\nfeatureGates:\n  A: null\n`,
    )._unsafeUnwrap();
    expect(settings.enforceNodeAllocatable).toEqual(['', 'pods']);
    expect(settings.featureGates).toEqual({ A: false });
  });

  it('a /configz answer with a bad value is rejected too', () => {
    const text = JSON.stringify({
      kubeletconfig: { evictionHard: { 'memory.available': 'lots' } },
    });
    expect(loadKubeletConfig(text)._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-quantity',
      key: 'memory.available',
    });
  });

  it('bad kubelet flags are reported', () => {
    expect(
      loadKubeletConfig(header, { flags: '--eviction-hard=memory.available' })._unsafeUnwrapErr()
        .code,
    ).toBe('malformed-flag');
  });
});

describe('configz and kops specifics', () => {
  it('/configz: absent fields are the omitted zero values', () => {
    const { settings, thresholds } = loadKubeletConfig('{"kubeletconfig": {}}')._unsafeUnwrap();
    expect(settings).toMatchObject({
      format: 'configz',
      evictionHard: {},
      evictionPressureTransitionPeriodMs: 0,
      enforceNodeAllocatable: [],
      localStorageCapacityIsolation: true,
    });
    expect(thresholds).toEqual([]);
  });

  it('/configz: a 0s transition period stays 0 (it is already effective)', () =>
    expect(
      loadKubeletConfig(
        '{"kubeletconfig": {"evictionPressureTransitionPeriod": "0s"}}',
      )._unsafeUnwrap().settings.evictionPressureTransitionPeriodMs,
    ).toBe(0));

  it('kops: the other flag-syntax fields', () => {
    const kops = [
      'KubeletConfig:',
      '  evictionHard: memory.available<1Gi',
      '  evictionSoft: memory.available<2Gi',
      '  evictionSoftGracePeriod: memory.available=1m',
      '  evictionMinimumReclaim: memory.available=100Mi',
      '  evictionPressureTransitionPeriod: 30s',
      '  evictionMaxPodGracePeriod: 45',
      '  enforceNodeAllocatable: pods,system-reserved',
    ].join('\n');
    const { settings, thresholds } = loadKubeletConfig(kops)._unsafeUnwrap();
    expect(settings).toMatchObject({
      format: 'kops',
      evictionPressureTransitionPeriodMs: 30_000,
      evictionMaxPodGracePeriodSeconds: 45,
      enforceNodeAllocatable: ['pods', 'system-reserved'],
    });
    expect(summary(thresholds)).toEqual([
      `memory.available hard ${Mi(1024)}`,
      `memory.available soft/60000 ${Mi(2048)}`,
      `allocatableMemory.available hard ${Mi(1024)}`,
    ]);
    expect(thresholds[0]?.minReclaim).toBeDefined();
  });

  it('kops without evictionHard gets the kubelet defaults', () =>
    expect(
      loadKubeletConfig('KubeletConfig:\n  logLevel: 2\n')._unsafeUnwrap().settings
        .evictionHardSource,
    ).toBe('default'));
});

describe('properties', () => {
  propTest.prop([fc.string()], { numRuns: 500 })('never throws on arbitrary text', (text) => {
    expect(typeof loadKubeletConfig(text).isOk()).toBe('boolean');
  });

  propTest.prop([fc.jsonValue()], { numRuns: 500 })(
    'never throws on arbitrary JSON, wrapped or not',
    (value) => {
      for (const doc of [
        value,
        { kubeletconfig: value },
        { KubeletConfig: value },
        {
          apiVersion: 'kubelet.config.k8s.io/v1beta1',
          kind: 'KubeletConfiguration',
          evictionHard: value,
        },
      ]) {
        expect(typeof loadKubeletConfig(JSON.stringify(doc) ?? 'null').isOk()).toBe('boolean');
      }
    },
  );
});
