import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// One smoke test of the real executable over the build output; everything else goes through
// run() in main.test.ts.
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/evictkit.mjs', import.meta.url));
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));
const title = built
  ? 'bin/evictkit.mjs over dist/'
  : 'bin/evictkit.mjs over dist/ (skipped: dist/cli/main.js is missing; run `npm run build`)';

describe.skipIf(!built)(title, () => {
  it('prints the defaults as JSON and exits 0', () => {
    const result = spawnSync(
      process.execPath,
      [bin, 'config', '--json', '--memory', '1Gi', '--disk', '10Gi'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.version).toBe(1);
    expect(doc.thresholds.map((t: { signal: string }) => t.signal)).toEqual([
      'memory.available',
      'nodefs.available',
      'nodefs.inodesFree',
      'imagefs.available',
      'imagefs.inodesFree',
      'allocatableMemory.available',
    ]);
  });

  it('reads the file from stdin with -', () => {
    const result = spawnSync(process.execPath, [bin, 'config', '-', '--json', '--memory=1Gi'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 15_000,
      input:
        'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: 10%\n',
    });
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.source.file).toBe('-');
    expect(doc.thresholds[0]).toMatchObject({
      signal: 'memory.available',
      resolved: { value: '107374184' },
    });
  });

  it('exits 1 with one line on a directory, and on empty stdin', () => {
    for (const [args, input] of [
      [['config', 'test'], ''],
      [['config', '-'], ''],
    ] as const) {
      const result = spawnSync(process.execPath, [bin, ...args], {
        cwd: root,
        encoding: 'utf8',
        timeout: 15_000,
        input,
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: (cannot read .+|invalid configuration): .+\n$/);
    }
  });

  it('exits 2 on bad usage', () => {
    const result = spawnSync(process.execPath, [bin, 'config', '--bogus'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(2);
  });

  const evictkit = (args: string[], input = '') =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      input,
      env: { ...process.env, NO_COLOR: '1' },
    });

  it("demo: the timeline, exit 0 (the README's first command)", () => {
    const result = evictkit(['demo']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('evictkit demo: memory leak, memory spike, disk fill-up');
    expect(result.stdout).toContain('✖ evict shop/web-frontend-6c9d4');
    expect(result.stderr).toBe('');
  });

  it('simulate reads the scenario from stdin; a bad one exits 1 with one line', () => {
    const scenario = readFileSync(
      new URL('../../examples/scenarios/demo.yaml', import.meta.url),
      'utf8',
    );
    const ok = evictkit(['simulate', '-', '-o', 'json'], scenario);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).steps.length).toBeGreaterThan(30);
    const bad = evictkit(['simulate', '-'], 'name: x\n');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'error: invalid scenario standard input: node: required (line 1, column 1)\n',
    );
  });

  it('explain reads the pods from stdin', () => {
    const pods = readFileSync(
      new URL('../fixtures/pods/newrelic-nri-kubernetes-k8s-1.22-pods.json', import.meta.url),
      'utf8',
    );
    const result = evictkit(
      [
        'explain',
        '--summary',
        'test/fixtures/summary/newrelic-nri-kubernetes-k8s-1.22-summary.json',
        '--pods',
        '-',
        '--json',
      ],
      pods,
    );
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.node.name).toBe('datagen-1-22');
    expect(doc.pods).toMatchObject({ active: 19, terminated: 6 });
  });

  it('exit codes: 2 for usage, 1 for bad input, 0 for --help of every command', () => {
    expect(evictkit(['explain']).status).toBe(2);
    expect(evictkit(['explain', '--summary', 'nope', '--pods', 'nope']).status).toBe(1);
    for (const command of ['demo', 'simulate', 'explain', 'watch', 'config']) {
      const help = evictkit([command, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: evictkit ${command}`));
    }
  });
});
