import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatFloat32,
  formatPercentage,
  resolveThresholdValue,
} from '../../src/cli/format/numbers';
import {
  disabledEntries,
  droppedDefaults,
  type ReportInput,
  renderErrorJson,
  renderErrorText,
  renderReportJson,
  renderReportText,
} from '../../src/cli/format/report';
import { renderTable } from '../../src/cli/format/table';
import { kubeletDefaults, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { q } from '../support/quantity';

describe('renderTable', () => {
  it('aligns columns with two spaces and no trailing blanks', () => {
    expect(
      renderTable(
        ['A', 'BB'],
        [
          ['ccc', 'd'],
          ['e', ''],
        ],
      ),
    ).toBe('A    BB\nccc  d\ne');
  });
  it('leaves out an empty header', () => expect(renderTable([], [['a', 'b']])).toBe('a  b'));
  it('counts code points', () =>
    expect(renderTable(['µs', 'x'], [['ab', 'y']])).toBe('µs  x\nab  y'));
  it('handles no rows', () => expect(renderTable([], [])).toBe(''));
});

describe('numbers', () => {
  const floats: [number, string][] = [
    [Math.fround(0.1), '0.1'],
    [Math.fround(0.105), '0.105'],
    [Math.fround(0.255), '0.255'],
    [1, '1'],
    [0, '0'],
    [-0, '-0'],
    [Math.fround(1e-7), '0.0000001'],
    [Math.fround(3.4028234663852886e38), '340282350000000000000000000000000000000'],
  ];
  for (const [value, text] of floats)
    it(`formatFloat32(${value}) = ${text}`, () => expect(formatFloat32(value)).toBe(text));

  const percents: [number, string][] = [
    [Math.fround(0.1), '10%'],
    [Math.fround(0.105), '10.5%'],
    [Math.fround(0.05), '5%'],
    [Math.fround(1), '100%'],
    [Math.fround(1.5), '150%'],
    [Math.fround(0.000001), '0.0001%'],
    [Number.NaN, 'NaN%'],
  ];
  for (const [value, text] of percents)
    it(`formatPercentage(${value}) = ${text}`, () => expect(formatPercentage(value)).toBe(text));

  propTest.prop([fc.float({ noNaN: true, noDefaultInfinity: true })], { numRuns: 500 })(
    'formatFloat32 reads back as the same float32',
    (f) => {
      expect(Math.fround(Number(formatFloat32(f)))).toBe(
        f === 0 ? Math.fround(Number(formatFloat32(f))) : f,
      );
    },
  );

  it('resolves percentages like GetThresholdQuantity (float64 product, truncated, BinarySI)', () => {
    const resolved = resolveThresholdValue({ percentage: Math.fround(0.1) }, 10n * 1024n ** 3n);
    // float64(10Gi) × float64(float32(0.1)) = 1073741840.0000001 → 1073741840 (not 1Gi).
    expect(resolved?.value()).toBe(1073741840n);
    expect(resolved?.format).toBe('BinarySI');
    expect(resolveThresholdValue({ quantity: q('1Gi') }, undefined)?.value()).toBe(1073741824n);
    expect(resolveThresholdValue({ percentage: 0.5 }, undefined)).toBeUndefined();
    // NaN% is accepted by the parser; the kubelet's float→int64 conversion yields MinInt64 on amd64.
    expect(resolveThresholdValue({ percentage: Number.NaN }, 100n)?.value()).toBe(-(2n ** 63n));
  });

  it('formatBytes', () => {
    expect(formatBytes(512n)).toBe('512 B');
    expect(formatBytes(1536n)).toBe('1.5 KiB');
    expect(formatBytes(100n * 1024n ** 2n)).toBe('100 MiB');
    expect(formatBytes(16n * 1024n ** 3n)).toBe('16 GiB');
    expect(formatBytes(-2048n)).toBe('-2 KiB');
  });
});

const capacity = {
  memory: { value: 16n * 1024n ** 3n, origin: 'option' as const },
  disk: { value: 100n * 1024n ** 3n, origin: 'option' as const },
  inodes: { value: 6_553_600n, origin: 'machine' as const },
};

function input(text: string | undefined, flags: string[] = []): ReportInput {
  const loaded = (text === undefined ? kubeletDefaults() : loadKubeletConfig(text))._unsafeUnwrap();
  return { loaded, file: text === undefined ? undefined : 'kubelet.yaml', flags, capacity };
}

const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';

describe('report text', () => {
  it('shows the defaults with every percentage resolved', () => {
    const text = renderReportText(input(undefined));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Effective eviction thresholds (kubelet v1.37 rules)');
    expect(text).toContain(
      'source        kubelet defaults (a config file without eviction settings)',
    );
    expect(text).toContain(
      'capacity      memory 16 GiB (given), disk 100 GiB (given), 6553600 inodes',
    );
    const table = lines.filter((l) => /^(SIGNAL|memory|nodefs|imagefs|allocatable)/.test(l));
    expect(table[0]).toMatch(/^SIGNAL\s+KIND\s+THRESHOLD\s+ON CAPACITY\s+GRACE\s+MIN RECLAIM$/);
    expect(table.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['memory.available', 'hard', q('100Mi').toString()],
      ['nodefs.available', 'hard', '10%'],
      ['nodefs.inodesFree', 'hard', '5%'],
      ['imagefs.available', 'hard', '15%'],
      ['imagefs.inodesFree', 'hard', '5%'],
      ['allocatableMemory.available', 'hard', q('100Mi').toString()],
    ]);
    // 10% of 100Gi, as the kubelet computes it.
    expect(text).toContain('(10 GiB)');
    expect(text).toContain('evictionPressureTransitionPeriod  5m0s');
    expect(text).not.toContain('note:');
  });

  it('columns line up', () => {
    const lines = renderReportText(input(undefined)).split('\n');
    const table = lines.filter((l) => /^(SIGNAL|memory|nodefs|imagefs|allocatable)/.test(l));
    const column = (line: string) =>
      line.indexOf('hard') >= 0 ? line.indexOf('hard') : line.indexOf('KIND');
    expect(new Set(table.map(column)).size).toBe(1);
  });

  it('shows soft thresholds with grace periods and min-reclaim, and notes dropped defaults', () => {
    const text = renderReportText(
      input(
        `${header}evictionHard:\n  memory.available: 1Gi\n  nodefs.available: 0%\nevictionSoft:\n  memory.available: 2Gi\nevictionSoftGracePeriod:\n  memory.available: 1m30s\nevictionMinimumReclaim:\n  memory.available: 5%\n`,
      ),
    );
    expect(text).toMatch(/memory\.available\s+soft\s+\S+\s+.*1m30s\s+5% = /);
    expect(text).toContain(
      'note: default hard thresholds not in effect: nodefs.inodesFree, imagefs.available, imagefs.inodesFree',
    );
    expect(text).toContain('note: disabled: evictionHard nodefs.available (0%)');
  });

  it('says so when nothing is left', () =>
    expect(renderReportText(input(`${header}evictionHard: {}\n`))).toContain(
      'No eviction thresholds: the kubelet will not evict pods for node pressure.',
    ));

  it('unknown capacities are said to be unknown', () => {
    const report = input(undefined);
    report.capacity = {};
    expect(renderReportText(report)).toContain('unknown capacity');
  });

  it('notes helpers', () => {
    const loaded = loadKubeletConfig(
      `${header}evictionHard:\n  memory.available: 100%\n`,
    )._unsafeUnwrap();
    expect(droppedDefaults(loaded)).toEqual([
      'nodefs.available',
      'nodefs.inodesFree',
      'imagefs.available',
      'imagefs.inodesFree',
    ]);
    expect(disabledEntries(loaded)).toEqual(['evictionHard memory.available (100%)']);
    expect(droppedDefaults(kubeletDefaults()._unsafeUnwrap())).toEqual([]);
  });
});

describe('report JSON (version 1)', () => {
  it('has the documented shape', () => {
    const doc = JSON.parse(renderReportJson(input(undefined, ['--v=2'])));
    expect(Object.keys(doc)).toEqual([
      'version',
      'kubernetes',
      'source',
      'capacity',
      'settings',
      'thresholds',
      'notes',
    ]);
    expect(doc.version).toBe(1);
    expect(doc.kubernetes).toBe('v1.37');
    expect(doc.source).toEqual({ file: null, format: 'defaults', flags: ['--v=2'] });
    expect(doc.capacity).toEqual({
      memory: { value: '17179869184', origin: 'option' },
      disk: { value: '107374182400', origin: 'option' },
      inodes: { value: '6553600', origin: 'machine' },
    });
    expect(doc.settings).toMatchObject({
      evictionHardSource: 'default',
      evictionPressureTransitionPeriod: '5m0s',
      evictionPressureTransitionPeriodMs: 300000,
      evictionMaxPodGracePeriodSeconds: 0,
      enforceNodeAllocatable: ['pods'],
    });
    expect(doc.thresholds[1]).toEqual({
      signal: 'nodefs.available',
      kind: 'hard',
      operator: 'LessThan',
      value: { percentage: Math.fround(0.1), percent: '10%' },
      capacity: 'disk',
      resolved: { quantity: doc.thresholds[1].resolved.quantity, value: '10737418400' },
      gracePeriodMs: 0,
      gracePeriod: '0s',
      minReclaim: null,
      resolvedMinReclaim: null,
      resource: 'ephemeral-storage',
      nodeCondition: 'DiskPressure',
      taint: 'node.kubernetes.io/disk-pressure',
    });
    expect(doc.notes).toEqual({ droppedDefaults: [], disabled: [] });
  });

  it('errors', () => {
    const error = loadKubeletConfig(
      `${header}evictionHard:\n  bad.signal: 1Gi\n`,
    )._unsafeUnwrapErr();
    expect(JSON.parse(renderErrorJson(error))).toEqual({
      version: 1,
      error: {
        code: 'unsupported-signal',
        field: 'evictionHard',
        key: 'bad.signal',
        value: '1Gi',
        message: 'unsupported eviction signal bad.signal',
      },
    });
    expect(renderErrorText(error)).toBe(
      'error: invalid configuration: evictionHard["bad.signal"]: unsupported eviction signal bad.signal\n',
    );
  });
});
