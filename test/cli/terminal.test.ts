import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/cli/progress';
import { colorEnabled } from '../../src/cli/style';
import { cli, fakeIo } from './support';

const ESC = String.fromCharCode(27);

describe('colour', () => {
  it('only on a terminal; never with a non-empty NO_COLOR or TERM=dumb', () => {
    expect(colorEnabled(fakeIo({ tty: true }))).toBe(true);
    expect(colorEnabled(fakeIo())).toBe(false);
    expect(colorEnabled(fakeIo({ tty: true, env: { NO_COLOR: '1' } }))).toBe(false);
    expect(colorEnabled(fakeIo({ tty: true, env: { NO_COLOR: '' } }))).toBe(true);
    expect(colorEnabled(fakeIo({ tty: true, env: { TERM: 'dumb' } }))).toBe(false);
  });

  it('the config table keeps its alignment in colour', async () => {
    const plain = await cli(['config', '--memory=1Gi', '--disk=10Gi']);
    const coloured = await cli(['config', '--memory=1Gi', '--disk=10Gi'], { tty: true });
    expect(coloured.stdout).toContain(`${ESC}[`);
    const strip = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
    expect(strip(coloured.stdout)).toBe(plain.stdout);
  });
});

describe('progress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a spinner on a terminal after the delay, and erases it when done', () => {
    const io = fakeIo({ tty: true });
    const progress = startProgress(io, 'fetching');
    vi.advanceTimersByTime(299);
    expect(io.err).toBe('');
    vi.advanceTimersByTime(1);
    expect(io.err).toContain('fetching');
    progress.update('still fetching');
    expect(io.err).toContain('still fetching');
    progress.done();
    expect(io.err.endsWith(`\r${ESC}[2K`)).toBe(true);
    const length = io.err.length;
    vi.advanceTimersByTime(1000);
    expect(io.err.length).toBe(length);
  });

  it('quick work shows nothing, and nothing is shown off a terminal', () => {
    const io = fakeIo({ tty: true });
    startProgress(io, 'quick').done();
    vi.advanceTimersByTime(1000);
    expect(io.err).toBe('');
    const pipe = fakeIo();
    const p = startProgress(pipe, 'slow');
    vi.advanceTimersByTime(5000);
    p.done();
    expect(pipe.err).toBe('');
  });
});
