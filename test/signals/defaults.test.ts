import { describe, expect, it } from 'vitest';
import {
  applyEvictionHardDefaults,
  DEFAULT_ENFORCE_NODE_ALLOCATABLE,
  DEFAULT_EVICTION_HARD,
  DEFAULT_EVICTION_HARD_BY_OS,
  DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
} from '../../src/signals/defaults';
import { parseThresholdConfig } from '../../src/signals/threshold-config';

describe('default evictionHard', () => {
  it('Linux (defaults_linux.go, imagefs.inodesFree since v1.30)', () =>
    expect(DEFAULT_EVICTION_HARD).toEqual({
      'memory.available': '100Mi',
      'nodefs.available': '10%',
      'nodefs.inodesFree': '5%',
      'imagefs.available': '15%',
      'imagefs.inodesFree': '5%',
    }));

  it('Windows (defaults_windows.go, v1.30+) and other OSes (defaults_others.go)', () => {
    expect(DEFAULT_EVICTION_HARD_BY_OS.windows).toEqual({
      'memory.available': '500Mi',
      'nodefs.available': '10%',
      'imagefs.available': '15%',
    });
    expect(DEFAULT_EVICTION_HARD_BY_OS.other).toEqual({
      'memory.available': '100Mi',
      'nodefs.available': '10%',
      'imagefs.available': '15%',
    });
  });

  it('is frozen', () => expect(Object.isFrozen(DEFAULT_EVICTION_HARD)).toBe(true));

  it('other defaults', () => {
    expect(DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS).toBe(300_000);
    expect(DEFAULT_ENFORCE_NODE_ALLOCATABLE).toEqual(['pods']);
  });

  it('parses into five hard thresholds plus the allocatable copy', () => {
    const thresholds = parseThresholdConfig({
      evictionHard: DEFAULT_EVICTION_HARD,
      allocatableConfig: ['pods'],
    });
    expect(thresholds._unsafeUnwrap().map((t) => t.signal)).toEqual([
      'memory.available',
      'nodefs.available',
      'nodefs.inodesFree',
      'imagefs.available',
      'imagefs.inodesFree',
      'allocatableMemory.available',
    ]);
  });
});

// cmd/kubelet/app/server.go loadConfigFile.
describe('applyEvictionHardDefaults', () => {
  const cases: [
    string,
    Parameters<typeof applyEvictionHardDefaults>,
    Record<string, string>,
    string,
  ][] = [
    ['absent → the defaults', [undefined], { ...DEFAULT_EVICTION_HARD }, 'default'],
    ['null → the defaults', [null], { ...DEFAULT_EVICTION_HARD }, 'default'],
    ['empty map → no hard thresholds', [{}], {}, 'config'],
    [
      'partial map without merge → only the listed signals',
      [{ 'memory.available': '1Gi' }],
      { 'memory.available': '1Gi' },
      'config',
    ],
    [
      'partial map with mergeDefaultEvictionSettings → the missing defaults are added',
      [{ 'memory.available': '1Gi' }, { mergeDefaultEvictionSettings: true }],
      { ...DEFAULT_EVICTION_HARD, 'memory.available': '1Gi' },
      'merged',
    ],
    [
      'merge keeps 0% disablers',
      [{ 'nodefs.available': '0%' }, { mergeDefaultEvictionSettings: true }],
      { ...DEFAULT_EVICTION_HARD, 'nodefs.available': '0%' },
      'merged',
    ],
    [
      'merge with a non-default signal',
      [{ 'pid.available': '5%' }, { mergeDefaultEvictionSettings: true }],
      { ...DEFAULT_EVICTION_HARD, 'pid.available': '5%' },
      'merged',
    ],
    [
      'merge on an empty map gives the defaults',
      [{}, { mergeDefaultEvictionSettings: true }],
      { ...DEFAULT_EVICTION_HARD },
      'merged',
    ],
    [
      'absent on Windows',
      [undefined, { os: 'windows' }],
      { ...DEFAULT_EVICTION_HARD_BY_OS.windows },
      'default',
    ],
  ];
  for (const [name, args, evictionHard, source] of cases) {
    it(name, () => {
      const result = applyEvictionHardDefaults(...args);
      expect(result.evictionHard).toEqual(evictionHard);
      expect(result.source).toBe(source);
    });
  }

  it('returns a fresh object', () => {
    const given = { 'memory.available': '1Gi' };
    const result = applyEvictionHardDefaults(given, { mergeDefaultEvictionSettings: true });
    expect(given).toEqual({ 'memory.available': '1Gi' });
    result.evictionHard['x'] = 'y';
    expect(DEFAULT_EVICTION_HARD).not.toHaveProperty('x');
  });
});
