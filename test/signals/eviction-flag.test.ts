import { readFileSync } from 'node:fs';
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type EvictionMapFlag,
  goTrimSpace,
  parseEvictionFlag,
  parseEvictionFlags,
} from '../../src/signals/eviction-flag';
import { parseKubeletFlags, splitCommandLine } from '../../src/signals/kubelet-flags';
import { parseThresholdConfig } from '../../src/signals/threshold-config';

// component-base langle_separated_map_string_string_test.go TestSetLangleSeparatedMapStringString.
describe('TestSetLangleSeparatedMapStringString (--eviction-hard, --eviction-soft)', () => {
  const cases: [string, string[], Record<string, string> | string][] = [
    ['empty', [''], {}],
    ['one key', ['one<foo'], { one: 'foo' }],
    ['two keys', ['one<foo,two<bar'], { one: 'foo', two: 'bar' }],
    ['two keys, multiple Set invocations', ['one<foo', 'two<bar'], { one: 'foo', two: 'bar' }],
    ['two keys with space', ['one<foo, two<bar'], { one: 'foo', two: 'bar' }],
    ['empty key', ['<foo'], { '': 'foo' }],
    [
      'missing value',
      ['one'],
      'invalid argument "one" for "--eviction-hard" flag: malformed pair, expect string<string',
    ],
  ];
  for (const [name, values, expected] of cases) {
    it(name, () => {
      const words = values.map((v) => `--eviction-hard=${v}`);
      const result = parseKubeletFlags(words);
      if (typeof expected === 'string') expect(result._unsafeUnwrapErr().message).toBe(expected);
      else expect(result._unsafeUnwrap().evictionHard).toEqual(expected);
    });
  }
});

// component-base map_string_string_test.go TestSetMapStringString (comma-separated pairs).
describe('TestSetMapStringString (--eviction-soft-grace-period, --eviction-minimum-reclaim)', () => {
  const cases: [string, string[], Record<string, string> | string][] = [
    ['empty', [''], {}],
    ['one key', ['one=foo'], { one: 'foo' }],
    ['two keys', ['one=foo,two=bar'], { one: 'foo', two: 'bar' }],
    ['two keys, multiple Set invocations', ['one=foo', 'two=bar'], { one: 'foo', two: 'bar' }],
    ['two keys with space', ['one=foo, two=bar'], { one: 'foo', two: 'bar' }],
    ['empty key', ['=foo'], { '': 'foo' }],
    ['value with =', ['one=a=b'], { one: 'a=b' }],
    [
      'missing value',
      ['one'],
      'invalid argument "one" for "--eviction-minimum-reclaim" flag: malformed pair, expect string=string',
    ],
  ];
  for (const [name, values, expected] of cases) {
    it(name, () => {
      const result = parseKubeletFlags(values.map((v) => `--eviction-minimum-reclaim=${v}`));
      if (typeof expected === 'string') expect(result._unsafeUnwrapErr().message).toBe(expected);
      else expect(result._unsafeUnwrap().evictionMinimumReclaim).toEqual(expected);
    });
  }
});

describe('parseEvictionFlag', () => {
  const cases: [string, string, EvictionMapFlag | undefined, Record<string, string> | string][] = [
    [
      'the kubelet example',
      'memory.available<100Mi,nodefs.available<10%',
      undefined,
      {
        'memory.available': '100Mi',
        'nodefs.available': '10%',
      },
    ],
    [
      'grace periods use =',
      'memory.available=1m30s',
      '--eviction-soft-grace-period',
      { 'memory.available': '1m30s' },
    ],
    [
      'the whole argument form',
      '--eviction-soft-grace-period=memory.available=1m30s',
      undefined,
      {
        'memory.available': '1m30s',
      },
    ],
    [
      'underscores in the flag name',
      '--eviction_hard=memory.available<1Gi',
      undefined,
      { 'memory.available': '1Gi' },
    ],
    [
      'empty items are skipped',
      ',memory.available<1Gi,,',
      undefined,
      { 'memory.available': '1Gi' },
    ],
    [
      'blank items are not skipped',
      'memory.available<1Gi, ',
      undefined,
      'invalid argument "memory.available<1Gi, " for "--eviction-hard" flag: malformed pair, expect string<string',
    ],
    [
      'the last item for a signal wins',
      'memory.available<150Mi,memory.available<100Mi',
      undefined,
      {
        'memory.available': '100Mi',
      },
    ],
    ['only the first < splits', 'memory.available<<1Gi', undefined, { 'memory.available': '<1Gi' }],
    [
      '<= leaves = in the value',
      'memory.available<=1Gi',
      undefined,
      { 'memory.available': '=1Gi' },
    ],
    [
      '= is not an operator for --eviction-hard',
      'memory.available=1Gi',
      '--eviction-hard',
      'invalid argument "memory.available=1Gi" for "--eviction-hard" flag: malformed pair, expect string<string',
    ],
    [
      'spaces and tabs around key and value are trimmed',
      ' memory.available \t<\t 1Gi ',
      undefined,
      {
        'memory.available': '1Gi',
      },
    ],
    [
      'an empty value is kept (and fails later)',
      'memory.available<',
      undefined,
      { 'memory.available': '' },
    ],
    [
      'a flag that is not a map flag',
      '--eviction-max-pod-grace-period=30',
      undefined,
      'not an eviction map flag: --eviction-max-pod-grace-period (expected one of --eviction-hard, --eviction-soft, --eviction-soft-grace-period, --eviction-minimum-reclaim)',
    ],
  ];
  for (const [name, input, flag, expected] of cases) {
    it(name, () => {
      const result = parseEvictionFlag(input, flag);
      if (typeof expected === 'string') expect(result._unsafeUnwrapErr().message).toBe(expected);
      else expect(result._unsafeUnwrap()).toEqual(expected);
    });
  }

  it('errors name the flag', () => {
    expect(parseEvictionFlag('x', '--eviction-soft')._unsafeUnwrapErr()).toMatchObject({
      code: 'malformed-flag',
      field: '--eviction-soft',
      value: 'x',
    });
  });

  it('trims Unicode spaces like Go strings.TrimSpace', () => {
    expect(goTrimSpace('\u00a0\u2003a b\u3000\n')).toBe('a b');
    expect(goTrimSpace('\u200bx')).toBe('\u200bx'); // zero-width space is not white space
  });

  it('keeps a __proto__ key as a key (the kubelet then rejects it as an unknown signal)', () => {
    const map = parseEvictionFlag('memory.available<1Gi,__proto__<1')._unsafeUnwrap();
    expect(Object.keys(map)).toEqual(['memory.available', '__proto__']);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(parseThresholdConfig({ evictionHard: map })._unsafeUnwrapErr()).toMatchObject({
      code: 'unsupported-signal',
      key: '__proto__',
      message: 'unsupported eviction signal __proto__',
    });
    const flags = parseKubeletFlags(
      '--eviction-minimum-reclaim=__proto__=1 --eviction-minimum-reclaim=constructor=2',
    )._unsafeUnwrap();
    expect(Object.keys(flags.evictionMinimumReclaim ?? {})).toEqual(['__proto__', 'constructor']);
  });

  it('a value or flag of the wrong type is an error, not a throw (untyped callers)', () => {
    expect(parseEvictionFlag(42 as unknown as string)._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-flag-value',
      value: '42',
    });
    expect(
      parseEvictionFlag('a<1', '--eviction-max' as EvictionMapFlag)._unsafeUnwrapErr().code,
    ).toBe('unknown-flag');
    expect(parseKubeletFlags(['--eviction-hard', 5] as unknown as string[]).isErr()).toBe(true);
    expect(splitCommandLine(null as unknown as string).isErr()).toBe(true);
  });

  propTest.prop(
    [
      fc.string(),
      fc.constantFrom<EvictionMapFlag>('--eviction-hard', '--eviction-minimum-reclaim'),
    ],
    {
      numRuns: 1000,
    },
  )('never throws', (value, flag) => {
    const result = parseEvictionFlag(value, flag);
    expect(result.isOk() || result.error.code === 'malformed-flag').toBe(true);
  });
});

describe('parseKubeletFlags (a kubelet command line)', () => {
  it('reads every eviction flag, in both pflag forms', () => {
    const flags = parseKubeletFlags([
      '--eviction-hard',
      'memory.available<100Mi',
      '--eviction-soft=memory.available<1Gi',
      '--eviction-soft-grace-period=memory.available=1m30s',
      '--eviction-minimum-reclaim',
      'memory.available=0',
      '--eviction-pressure-transition-period=1m',
      '--eviction-max-pod-grace-period',
      '-30',
      '--enforce-node-allocatable=pods,kube-reserved',
      '--kernel-memcg-notification',
      '--experimental-allocatable-ignore-eviction=false',
    ])._unsafeUnwrap();
    expect(flags).toEqual({
      evictionHard: { 'memory.available': '100Mi' },
      evictionSoft: { 'memory.available': '1Gi' },
      evictionSoftGracePeriod: { 'memory.available': '1m30s' },
      evictionMinimumReclaim: { 'memory.available': '0' },
      evictionPressureTransitionPeriodMs: 60_000,
      evictionMaxPodGracePeriodSeconds: -30,
      enforceNodeAllocatable: ['pods', 'kube-reserved'],
      kernelMemcgNotification: true,
      experimentalAllocatableIgnoreEviction: false,
      ignored: [],
    });
  });

  it('repeated map flags accumulate; repeated list flags append', () => {
    const flags = parseKubeletFlags(
      '--eviction-hard=memory.available<1Gi --eviction-hard=nodefs.available<5%,memory.available<2Gi ' +
        '--enforce-node-allocatable=pods --enforce-node-allocatable=system-reserved',
    )._unsafeUnwrap();
    expect(flags.evictionHard).toEqual({ 'memory.available': '2Gi', 'nodefs.available': '5%' });
    expect(flags.enforceNodeAllocatable).toEqual(['pods', 'system-reserved']);
  });

  it('skips other kubelet flags and their values', () => {
    const flags = parseKubeletFlags(
      '--kubeconfig /etc/kubernetes/kubelet.conf --v=2 --eviction-hard=memory.available<1Gi --node-labels a=b',
    )._unsafeUnwrap();
    expect(flags.ignored).toEqual([
      '--kubeconfig',
      '/etc/kubernetes/kubelet.conf',
      '--v=2',
      '--node-labels',
      'a=b',
    ]);
    expect(flags.evictionHard).toEqual({ 'memory.available': '1Gi' });
  });

  const errors: [string, string][] = [
    ['--eviction-hards=memory.available<1Gi', 'unknown flag: --eviction-hards'],
    ['--eviction-hard', 'flag needs an argument: --eviction-hard'],
    [
      '--eviction-max-pod-grace-period=1.5',
      'invalid argument "1.5" for "--eviction-max-pod-grace-period" flag: strconv.ParseInt: parsing "1.5": invalid syntax',
    ],
    [
      '--eviction-max-pod-grace-period=3000000000',
      'invalid argument "3000000000" for "--eviction-max-pod-grace-period" flag: strconv.ParseInt: parsing "3000000000": value out of range',
    ],
    [
      '--eviction-pressure-transition-period=5',
      'invalid argument "5" for "--eviction-pressure-transition-period" flag: time: missing unit in duration "5"',
    ],
    [
      '--kernel-memcg-notification=yes',
      'invalid argument "yes" for "--kernel-memcg-notification" flag: strconv.ParseBool: parsing "yes": invalid syntax',
    ],
    [
      "'--enforce-node-allocatable=po\"ds'",
      'invalid argument "po\\"ds" for "--enforce-node-allocatable" flag: parse error on line 1, column 3: bare " in non-quoted-field',
    ],
    [
      "--eviction-hard='memory.available<1Gi",
      "unterminated ' in command line: --eviction-hard='memory.available<1Gi",
    ],
  ];
  for (const [line, message] of errors) {
    it(`rejects ${line}`, () =>
      expect(parseKubeletFlags(line)._unsafeUnwrapErr().message).toBe(message));
  }

  it('boolean flags do not take the next word', () => {
    const flags = parseKubeletFlags(['--kernel-memcg-notification', 'false'])._unsafeUnwrap();
    expect(flags.kernelMemcgNotification).toBe(true);
    expect(flags.ignored).toEqual(['false']);
  });

  it('a value flag takes the next word even if it starts with a dash', () => {
    expect(
      parseKubeletFlags(['--eviction-max-pod-grace-period', '-1'])._unsafeUnwrap()
        .evictionMaxPodGracePeriodSeconds,
    ).toBe(-1);
  });

  it('an empty --enforce-node-allocatable is an empty list', () => {
    expect(
      parseKubeletFlags(['--enforce-node-allocatable='])._unsafeUnwrap().enforceNodeAllocatable,
    ).toEqual([]);
    expect(
      parseKubeletFlags(['--enforce-node-allocatable="a,b",c'])._unsafeUnwrap()
        .enforceNodeAllocatable,
    ).toEqual(['a,b', 'c']);
  });

  it('stops at --', () => {
    const flags = parseKubeletFlags(['--', '--eviction-hard=memory.available<1Gi'])._unsafeUnwrap();
    expect(flags.evictionHard).toBeUndefined();
  });

  propTest.prop(
    [
      fc.array(
        fc.oneof(
          fc.string(),
          fc.constantFrom('--eviction-hard', '--eviction-soft=', '--kernel-memcg-notification'),
        ),
      ),
    ],
    {
      numRuns: 500,
    },
  )('never throws', (words) => {
    expect(typeof parseKubeletFlags(words).isOk()).toBe('boolean');
    expect(typeof parseKubeletFlags(words.join(' ')).isOk()).toBe('boolean');
  });
});

describe('splitCommandLine', () => {
  const cases: [string, string[]][] = [
    ['a b  c', ['a', 'b', 'c']],
    [
      "--eviction-hard='memory.available<1Gi, nodefs.available<5%'",
      ['--eviction-hard=memory.available<1Gi, nodefs.available<5%'],
    ],
    ['"a \\"b\\" c"', ['a "b" c']],
    ['a\\ b', ['a b']],
    ["''", ['']],
    ['a\\\nb', ['ab']],
  ];
  for (const [line, words] of cases)
    it(JSON.stringify(line), () => expect(splitCommandLine(line)._unsafeUnwrap()).toEqual(words));
});

// test/fixtures/kubelet-config/eviction-flag-strings.tsv, one test per row.
describe('eviction-flag-strings.tsv', () => {
  const tsv = readFileSync(
    new URL('../fixtures/kubelet-config/eviction-flag-strings.tsv', import.meta.url),
    'utf8',
  );
  const rows = tsv
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [flag = '', value = '', repo = '', path = ''] = line.split('\t');
      return { flag, value, source: `${repo} ${path}` };
    });

  // What the kubelet makes of each row: signal → [kind, value] after ParseThresholdConfig.
  const expected: Record<string, (row: { flag: string; value: string }) => void> = {
    'kubernetes/kubernetes cluster/gce/config-default.sh': ({ value }) => {
      const t = hardThresholds(value);
      expect(t).toEqual(['memory.available q', 'nodefs.available 0.1', 'nodefs.inodesFree 0.05']);
    },
    'kubernetes/kubernetes hack/local-up-cluster.sh': ({ flag, value }) => {
      if (flag === '--eviction-hard') {
        expect(hardThresholds(value)).toEqual([
          'memory.available q',
          'nodefs.available 0.1',
          'nodefs.inodesFree 0.05',
          'imagefs.available 0.15',
        ]);
      } else if (flag === '--eviction-soft') {
        expect(value).toBe('');
        expect(parseKubeletFlags([`${flag}=${value}`])._unsafeUnwrap().evictionSoft).toEqual({});
      } else {
        const flags = parseKubeletFlags([`${flag}=${value}`])._unsafeUnwrap();
        expect(flags.evictionPressureTransitionPeriodMs).toBe(60_000);
      }
    },
    'k3s-io/k3s pkg/daemons/agent/agent_linux.go': ({ flag, value }) => {
      if (flag === '--eviction-hard') {
        expect(hardThresholds(value)).toEqual(['nodefs.available 0.05', 'imagefs.available 0.05']);
      } else {
        const reclaim = parseKubeletFlags([`${flag}=${value}`])._unsafeUnwrap()
          .evictionMinimumReclaim;
        expect(reclaim).toEqual({ 'imagefs.available': '10%', 'nodefs.available': '10%' });
        const t = parseThresholdConfig({
          evictionHard: { 'nodefs.available': '5%' },
          evictionMinimumReclaim: reclaim,
        })._unsafeUnwrap();
        expect(t[0]?.minReclaim).toEqual({ percentage: Math.fround(0.1) });
      }
    },
    'kubernetes/kops tests/integration/update_cluster/complex/data/aws_s3_object_nodeupconfig-nodes_content':
      ({ value }) => {
        expect(hardThresholds(value)).toEqual([
          'memory.available q',
          'nodefs.available 0.1',
          'nodefs.inodesFree 0.05',
          'imagefs.available 0.1',
          'imagefs.inodesFree 0.05',
        ]);
      },
    'awslabs/amazon-eks-ami templates/al2/runtime/bootstrap.sh': ({ value }) => {
      const map = JSON.parse(value) as Record<string, string>;
      const t = parseThresholdConfig({ evictionHard: map })._unsafeUnwrap();
      expect(t.map((x) => x.signal)).toEqual([
        'memory.available',
        'nodefs.available',
        'nodefs.inodesFree',
      ]);
    },
  };

  function hardThresholds(value: string): string[] {
    const map = parseEvictionFlag(value, '--eviction-hard')._unsafeUnwrap();
    return parseThresholdConfig({ evictionHard: map })
      ._unsafeUnwrap()
      .map(
        (t) =>
          `${t.signal} ${'quantity' in t.value ? 'q' : Math.round(t.value.percentage * 1e6) / 1e6}`,
      );
  }

  it('has the eight rows the README describes', () => expect(rows).toHaveLength(8));
  for (const row of rows) {
    it(`${row.flag} ${JSON.stringify(row.value)} (${row.source})`, () => {
      const check = expected[row.source];
      expect(check, `no expectation for ${row.source}`).toBeDefined();
      check?.(row);
    });
  }
});

describe('parseEvictionFlags', () => {
  it('maps flag names to the KubeletConfiguration fields', () => {
    const parsed = parseEvictionFlags({
      '--eviction-hard': 'memory.available<1Gi',
      '--eviction-soft': 'memory.available<2Gi',
      '--eviction-soft-grace-period': 'memory.available=1m30s',
      '--eviction-minimum-reclaim': 'memory.available=100Mi',
    })._unsafeUnwrap();
    expect(parsed).toEqual({
      evictionHard: { 'memory.available': '1Gi' },
      evictionSoft: { 'memory.available': '2Gi' },
      evictionSoftGracePeriod: { 'memory.available': '1m30s' },
      evictionMinimumReclaim: { 'memory.available': '100Mi' },
    });
    const thresholds = parseThresholdConfig(parsed)._unsafeUnwrap();
    expect(thresholds.map((t) => t.gracePeriodMs)).toEqual([0, 90_000]);
  });

  it('leaves absent flags absent and reports the first bad one', () => {
    expect(parseEvictionFlags({ '--eviction-soft': '' })._unsafeUnwrap()).toEqual({
      evictionSoft: {},
    });
    expect(
      parseEvictionFlags({
        '--eviction-soft-grace-period': 'x',
        '--eviction-hard': 'y',
      })._unsafeUnwrapErr().field,
    ).toBe('--eviction-hard');
  });
});
