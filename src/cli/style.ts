import pc from 'picocolors';
import type { CliIo } from './io';

/** picocolors' formatters (`bold`, `red`, `dim`, …). */
export type Colors = ReturnType<typeof pc.createColors>;

/** Formatters that leave text as it is. */
export const PLAIN: Colors = pc.createColors(false);

/** https://no-color.org: a present, non-empty NO_COLOR turns colour off, whatever else says. */
export function colorEnabled(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env['TERM'] === 'dumb') return false;
  return io.isTTY[stream];
}

/** picocolors' functions, switched on only for a terminal without NO_COLOR. */
export function colorsFor(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): Colors {
  return pc.createColors(colorEnabled(io, stream));
}
