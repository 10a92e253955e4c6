import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeArgs } from '../../src/cli/args';
import { CONFIG_USAGE } from '../../src/cli/commands/config';
import { probeMachine, taskLimit } from '../../src/cli/io';
import { COMMANDS, usage } from '../../src/cli/main';
import { cli as runCli } from './support';

const fixtures = new URL('../fixtures/kubelet-config/', import.meta.url);
const fixturePath = (name: string) => fileURLToPath(new URL(name, fixtures));

const cli = (argv: string[], files: Record<string, string> = {}) => runCli(argv, { files });

const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';

describe('evictkit (top level)', () => {
  it('--help prints the usage on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await cli([flag]);
      expect(r).toEqual({ code: 0, stdout: usage(), stderr: '' });
    }
    expect(usage()).toContain(
      '  config      Show the effective eviction thresholds of a kubelet configuration',
    );
  });

  it('no command: usage on stderr, exit 2', async () => {
    expect(await cli([])).toEqual({ code: 2, stdout: '', stderr: usage() });
  });

  it('an unknown command: one line, exit 2', async () => {
    expect(await cli(['frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown command 'frobnicate' (see 'evictkit --help')\n",
    });
    expect((await cli(['--frobnicate'])).stderr).toBe(
      "error: unknown option '--frobnicate' (see 'evictkit --help')\n",
    );
    expect((await cli(['help', 'nope'])).code).toBe(2);
  });

  it('--version, -V and version print the version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    for (const flag of ['--version', '-V', 'version']) {
      expect(await cli([flag])).toEqual({
        code: 0,
        stdout: `evictkit ${version} (kubelet v1.37 rules)\n`,
        stderr: '',
      });
    }
  });

  it("help <command> prints that command's usage", async () => {
    expect((await cli(['help', 'config'])).stdout).toBe(CONFIG_USAGE);
  });

  it('has a command table', () =>
    expect(COMMANDS.map((c) => c.name)).toEqual([
      'demo',
      'simulate',
      'explain',
      'watch',
      'config',
      'drain-plan',
    ]));
});

describe('evictkit config', () => {
  it('--help', async () => {
    expect(await cli(['config', '--help'])).toEqual({ code: 0, stdout: CONFIG_USAGE, stderr: '' });
    expect((await cli(['config', '-h'])).stdout).toBe(CONFIG_USAGE);
  });

  it("no file: the kubelet defaults on this machine's capacity", async () => {
    const r = await cli(['config']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'source        kubelet defaults (a config file without eviction settings)',
    );
    expect(r.stdout).toContain(
      'capacity      memory 8 GiB, disk 50 GiB, 3276800 inodes, 4194304 pids',
    );
    expect(r.stdout).toMatch(/imagefs\.available\s+hard\s+15%\s+\S+ \(7\.5 GiB\)/);
  });

  it('a fixture file, with capacities given', async () => {
    const file = fixturePath('insights-core-openshift-node-kubelet-conf.json');
    const r = await cli(['config', file, '--memory', '16Gi', '--disk=100Gi']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file} (KubeletConfiguration)`);
    expect(r.stdout).toContain('memory 16 GiB (given), disk 100 GiB (given)');
    expect(r.stdout).toMatch(/nodefs\.available\s+soft\s+5%\s+\S+ \(5 GiB\)\s+1m30s/);
  });

  it('--flags applies kubelet flags after the file (value may start with --)', async () => {
    const file = fixturePath('amazon-eks-ami-2019-al2-kubelet-config.json');
    const r = await cli([
      'config',
      file,
      '--flags',
      '--eviction-hard=memory.available<500Mi --eviction-soft=memory.available<1Gi --eviction-soft-grace-period=memory.available=2m --kubeconfig /x',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.source.flags).toEqual([
      '--eviction-hard=memory.available<500Mi',
      '--eviction-soft=memory.available<1Gi',
      '--eviction-soft-grace-period=memory.available=2m',
      '--kubeconfig',
      '/x',
    ]);
    expect(doc.settings.evictionHardSource).toBe('flags');
    expect(doc.settings.ignoredFlags).toEqual(['--kubeconfig', '/x']);
    expect(
      doc.thresholds.map(
        (t: { signal: string; kind: string; gracePeriod: string }) =>
          `${t.signal} ${t.kind} ${t.gracePeriod}`,
      ),
    ).toEqual([
      'memory.available hard 0s',
      'memory.available soft 2m0s',
      'allocatableMemory.available hard 0s',
    ]);
  });

  it('--flags without a file starts from the defaults', async () => {
    const r = await cli(['config', '--flags=--eviction-max-pod-grace-period=30', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.settings.evictionMaxPodGracePeriodSeconds).toBe(30);
    expect(doc.thresholds).toHaveLength(6);
  });

  it('the kind /configz fixture: no thresholds, with the reasons', async () => {
    const r = await cli(['config', fixturePath('datadog-agent-kind-configz-kubelet-config.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No eviction thresholds');
    expect(r.stdout).toContain(
      'note: default hard thresholds not in effect: memory.available, imagefs.inodesFree',
    );
  });

  it('reads stdin with -', async () => {
    const r = await cli(['config', '-', '--json'], {
      '-': `${header}evictionHard:\n  pid.available: 10%\n`,
    });
    const doc = JSON.parse(r.stdout);
    expect(doc.thresholds[0]).toMatchObject({
      signal: 'pid.available',
      capacity: 'pids',
      resolved: { value: '419430' },
    });
  });

  describe('bad configuration: exit 1 with the exact error', () => {
    it('text', async () => {
      const r = await cli(['config', 'k.yaml'], {
        'k.yaml': `${header}evictionSoft:\n  memory.available: 1Gi\n`,
      });
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'error: invalid configuration: evictionSoft["memory.available"]: grace period must be specified for the soft eviction threshold memory.available\n',
      });
    });

    it('--json prints the error document on stdout', async () => {
      const r = await cli(['config', 'k.yaml', '--json'], {
        'k.yaml': `${header}evictionHard:\n  memory.available: 150%\n`,
      });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({
        version: 1,
        error: {
          code: 'percentage-out-of-range',
          field: 'evictionHard',
          key: 'memory.available',
          value: '150%',
          message: 'eviction percentage threshold memory.available must be <= 100%: 150%',
        },
      });
    });

    it('bad --flags', async () => {
      const r = await cli(['config', '--flags', '--eviction-hard=memory.available']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: invalid configuration: --eviction-hard: invalid argument "memory.available" for "--eviction-hard" flag: malformed pair, expect string<string\n',
      );
    });

    it('an unreadable file', async () => {
      const r = await cli(['config', '/nonexistent/kubelet.yaml']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: cannot read /nonexistent/kubelet.yaml: no such file\n');
    });
  });

  describe('bad input files: exit 1, one error line (or the --json error document)', () => {
    const directory = fileURLToPath(new URL('.', import.meta.url));
    const cases: [
      name: string,
      file: string,
      text: string | undefined,
      code: string,
      message: string,
    ][] = [
      [
        'a missing file',
        '/nonexistent/kubelet.yaml',
        undefined,
        'unreadable',
        'cannot read /nonexistent/kubelet.yaml: no such file',
      ],
      [
        'a directory',
        directory,
        undefined,
        'unreadable',
        `cannot read ${directory}: not a regular file (a directory)`,
      ],
      [
        'an empty file',
        'k.yaml',
        '',
        'not-kubelet-configuration',
        'not a KubeletConfiguration: the file is empty',
      ],
      [
        'a file of blanks and comments',
        'k.yaml',
        '  \n# nothing\n',
        'not-kubelet-configuration',
        'not a KubeletConfiguration: the document is not a mapping',
      ],
      [
        'invalid YAML',
        'k.yaml',
        `${header}evictionHard: [1\n`,
        'syntax',
        'cannot parse the document as JSON or YAML: line 4, column 1: Flow sequence',
      ],
      [
        'a bad quantity',
        'k.yaml',
        `${header}evictionHard:\n  memory.available: 10Mo\n`,
        'invalid-quantity',
        'evictionHard["memory.available"]: "10Mo" is not a quantity (expected a number',
      ],
      [
        'invalid JSON (read as YAML, as the kubelet does)',
        'k.json',
        '{"kind": "KubeletConfiguration",',
        'syntax',
        'cannot parse the document as JSON or YAML: line 1, column 33: Flow map must end with a }',
      ],
      [
        'a map field of the wrong type',
        'k.yaml',
        `${header}evictionHard: 100Mi\n`,
        'schema',
        'json: cannot unmarshal string into Go struct field KubeletConfiguration.evictionHard of type map[string]string',
      ],
      [
        'a map value of the wrong type',
        'k.yaml',
        `${header}evictionHard:\n  memory.available: 100\n`,
        'schema',
        'json: cannot unmarshal number into Go struct field KubeletConfiguration.evictionHard of type string',
      ],
      [
        'an int32 field of the wrong type',
        'k.yaml',
        `${header}evictionMaxPodGracePeriod: 30s\n`,
        'schema',
        'json: cannot unmarshal string into Go struct field KubeletConfiguration.evictionMaxPodGracePeriod of type int32',
      ],
      [
        'a __proto__ key',
        'k.yaml',
        `${header}evictionHard:\n  __proto__: 1Gi\n`,
        'unsupported-signal',
        'unsupported eviction signal __proto__',
      ],
      [
        'not a KubeletConfiguration',
        'k.yaml',
        'apiVersion: v1\nkind: Pod\n',
        'not-kubelet-configuration',
        'not a KubeletConfiguration: kind is "Pod"',
      ],
    ];
    for (const [name, file, text, code, message] of cases) {
      const files = text === undefined ? {} : { [file]: text };
      it(name, async () => {
        const r = await cli(['config', file], files);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(
          code === 'unreadable' ? /^error: cannot read / : /^error: invalid configuration: /,
        );
        expect(r.stderr).toContain(message);
        expect(r.stderr.endsWith('\n') && r.stderr.split('\n').length).toBe(2);
      });
      it(`${name} (--json)`, async () => {
        const r = await cli(['config', file, '--json'], files);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe('');
        const doc = JSON.parse(r.stdout);
        expect(Object.keys(doc)).toEqual(['version', 'error']);
        expect(Object.keys(doc.error)).toEqual(['code', 'field', 'key', 'value', 'message']);
        expect(doc.error.code).toBe(code);
        // The line for people is `<field>["<key>"]: <message>` for entry errors.
        const located =
          doc.error.key === ''
            ? doc.error.message
            : `${doc.error.field}["${doc.error.key}"]: ${doc.error.message}`;
        expect(located).toContain(message);
        if (code === 'unreadable') expect(doc.error.value).toBe(file);
      });
    }
  });

  describe('bad usage: one line, exit 2', () => {
    const see = " (see 'evictkit config --help')\n";
    const cases: [string, string[], string][] = [
      ['an unknown option', ['config', '--bogus'], "unknown option '--bogus'"],
      ['an unknown short option', ['config', '-x'], "unknown option '-x'"],
      ['two files', ['config', 'a', 'b'], 'expected at most 1 file, got 2'],
      [
        'a bad --memory',
        ['config', '--memory', 'lots'],
        '--memory: "lots" is not a quantity (expected a number with an optional unit, such as 100Mi, 1.5Gi or 500M)',
      ],
      ['a non-positive --disk', ['config', '--disk', '0'], '--disk must be positive: 0'],
      ['a missing option value', ['config', '--memory'], "option '--memory' needs a value"],
      ['a value for a switch', ['config', '--json=1'], "option '--json' does not take a value"],
      [
        'an unknown output format',
        ['config', '-o', 'yaml'],
        "unsupported output format 'yaml' (use json or text)",
      ],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr: `error: ${message}${see}` });
      });
      it(`${name} (--json: the error document on stdout)`, async () => {
        const r = await cli([argv[0] as string, '--json', ...argv.slice(1)]);
        if (argv.includes('-o')) return; // -o yaml --json contradicts itself: covered above
        expect(r.code).toBe(2);
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual({ version: 1, error: { code: 'usage', message } });
      });
    }
  });

  it('-o json, --output json and --output=json are --json', async () => {
    const expected = (await cli(['config', '--json'])).stdout;
    for (const argv of [['-o', 'json'], ['-ojson'], ['--output', 'json'], ['--output=json']]) {
      expect((await cli(['config', ...argv])).stdout).toBe(expected);
    }
  });
});

describe('helpers', () => {
  it('normalizeArgs joins string options with their value', () => {
    const options = {
      flags: { type: 'string' },
      json: { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      kubeconfig: { type: 'string', optionalValue: true },
    } as const;
    expect(
      normalizeArgs(['--flags', '--x=1', '--json', 'file', '--', '--flags', 'y'], options),
    ).toEqual(['--flags=--x=1', '--json', 'file', '--', '--flags', 'y']);
    expect(normalizeArgs(['-o', 'json', '--kubeconfig', '--json'], options)).toEqual([
      '--output=json',
      '--kubeconfig=',
      '--json',
    ]);
    expect(normalizeArgs(['--kubeconfig', '/k', '--kubeconfig'], options)).toEqual([
      '--kubeconfig=/k',
      '--kubeconfig=',
    ]);
    expect(normalizeArgs(['--kubeconfig', '-'], options)).toEqual(['--kubeconfig=-']);
  });

  it('the PID capacity is min(pid_max, threads-max), as pidlimit.Stats reads it', () => {
    const files = (pidMax?: string, threadsMax?: string) => (path: string) => {
      const text = path.endsWith('pid_max') ? pidMax : threadsMax;
      if (text === undefined) throw new Error('ENOENT');
      return text;
    };
    expect(taskLimit(files('4194304\n', '126947\n'))).toBe(126947n);
    expect(taskLimit(files('32768\n', '126947\n'))).toBe(32768n);
    expect(taskLimit(files('32768\n', undefined))).toBe(32768n);
    expect(taskLimit(files('', 'x'))).toBeUndefined();
    expect(taskLimit(files(undefined, undefined))).toBeUndefined();
  });

  it('probeMachine reports this machine, best effort', () => {
    const found = probeMachine();
    expect(found.memoryBytes).toBeGreaterThan(0n);
    if (found.diskBytes !== undefined) expect(found.diskBytes).toBeGreaterThan(0n);
    expect(probeMachine('/nonexistent/path').diskBytes).toBeUndefined();
  });
});
