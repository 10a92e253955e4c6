import { describe, expect, it } from 'vitest';
import {
  formatPsiTrigger,
  isUnprivilegedPsiWindow,
  PsiWindowTracker,
  parsePsiContent,
} from '../../../src/platform/notifier/psi';

describe('formatPsiTrigger', () => {
  it.each([
    ['some', 150_000, 2_000_000, 'some 150000 2000000'],
    ['full', 1, 10_000_000, 'full 1 10000000'],
    ['some', 500_000, 1_000_000, 'some 500000 1000000'], // well-formed; only the kernel knows privileges
  ])('%s %d %d', (type, stall, window, text) => {
    expect(formatPsiTrigger(type, stall, window)._unsafeUnwrap()).toBe(text);
  });

  it.each([
    ['bogus', 1, 2_000_000, /"some" or "full"/],
    ['some', 0, 2_000_000, /between 1 and the window/],
    ['some', 2_000_001, 2_000_000, /between 1 and the window/],
    ['some', 1, 12_000_000, /up to 10000000/],
    ['some', 1.5, 2_000_000, /integer/],
    ['some', 1, Number.NaN, /integer/],
  ])('rejects %s %s %s', (type, stall, window, message) => {
    expect(formatPsiTrigger(type, stall, window)._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(message),
    });
  });

  it('explains the kernel window rules when the window is out of range', () => {
    expect(formatPsiTrigger('some', 1, 20_000_000)._unsafeUnwrapErr().message).toMatch(
      /multiple of 2 s from 2 s to 10 s/,
    );
  });
});

describe('isUnprivilegedPsiWindow', () => {
  it.each([
    [2_000_000, true],
    [4_000_000, true],
    [10_000_000, true],
    [1_000_000, false],
    [3_000_000, false],
    [12_000_000, false],
    [500_000, false],
  ])('%d -> %s', (w, ok) => expect(isUnprivilegedPsiWindow(w)).toBe(ok));
});

describe('parsePsiContent', () => {
  it('parses some and full lines', () => {
    const p = parsePsiContent(
      'some avg10=5.80 avg60=1.20 avg300=0.25 total=1400000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=700123\n',
    );
    expect(p.some).toEqual({ avg10: 5.8, avg60: 1.2, avg300: 0.25, totalUs: 1_400_000n });
    expect(p.full?.totalUs).toBe(700_123n);
  });
  it('ignores what it does not know', () => {
    expect(parsePsiContent('garbage\n')).toEqual({});
    expect(
      parsePsiContent('some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n').full,
    ).toBeUndefined();
  });
});

describe('PsiWindowTracker (polling model of a PSI trigger)', () => {
  const run = (stall: number, window: number, samples: [number, number][]) => {
    const t = new PsiWindowTracker(stall, window);
    return samples.map(([time, total]) => t.push({ time, totalUs: BigInt(total) }));
  };

  it('fires when the stall grown within the window reaches the threshold', () => {
    // 100 ms stall threshold, 2 s window, sampled every 500 ms.
    expect(
      run(100_000, 2_000_000, [
        [0, 0],
        [500, 20_000],
        [1000, 60_000],
        [1500, 100_000], // grew 100 ms since t=0: fire
      ]),
    ).toEqual([false, false, false, true]);
  });

  it('fires at most once per window while the stall continues', () => {
    const samples: [number, number][] = [];
    for (let t = 0; t <= 5000; t += 500) samples.push([t, t * 100]); // 10 % stall all along
    const fired = run(100_000, 2_000_000, samples)
      .map((f, i) => (f ? samples[i]?.[0] : undefined))
      .filter((x) => x !== undefined);
    expect(fired).toEqual([1000, 3000, 5000]);
  });

  it('measures growth over the window only, not since the start', () => {
    // 30 ms every 2 s for a long time: never 100 ms within one window.
    const samples: [number, number][] = [];
    for (let t = 0; t <= 20_000; t += 1000) samples.push([t, (t / 2000) * 30_000]);
    expect(run(100_000, 2_000_000, samples).some(Boolean)).toBe(false);
  });

  it('starts over when the counter goes backwards (a new cgroup at the same path)', () => {
    expect(
      run(100_000, 2_000_000, [
        [0, 1_000_000],
        [500, 0],
        [1000, 150_000],
      ]),
    ).toEqual([false, false, true]);
  });
});
