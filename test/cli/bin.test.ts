import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
});
