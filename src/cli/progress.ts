import type { CliIo } from './io';
import { colorEnabled } from './style';

/** A progress line on standard error. `done()` erases it; idempotent. */
export interface Progress {
  update(text: string): void;
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Show `text` with a spinner on standard error after `delayMs` (so quick work shows nothing),
 * only when standard error is a terminal. The timer is unref'd: it never keeps the process
 * alive.
 */
export function startProgress(io: CliIo, text: string, delayMs = 300): Progress {
  if (!io.isTTY.stderr) return { update() {}, done() {} };
  let current = text;
  let frame = 0;
  let shown = false;
  let interval: ReturnType<typeof setInterval> | undefined;
  const dim = colorEnabled(io, 'stderr');
  const draw = () => {
    shown = true;
    const spinner = FRAMES[frame++ % FRAMES.length];
    io.stderr(`\r\x1b[2K${spinner} ${dim ? `\x1b[2m${current}\x1b[22m` : current}`);
  };
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, 80);
    interval.unref?.();
  }, delayMs);
  delay.unref?.();
  return {
    update(text) {
      current = text;
      if (shown) draw();
    },
    done() {
      clearTimeout(delay);
      if (interval !== undefined) clearInterval(interval);
      interval = undefined;
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
