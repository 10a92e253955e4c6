import type { SimulationTimeline } from '../../simulation/timeline';
import type { OutputFormat } from '../args';
import { EXIT, reportFailure } from '../failure';
import type { CliIo } from '../io';
import { renderTimelineText } from '../render/timeline-text';
import { colorsFor } from '../style';

export interface SimulationOutputOptions {
  output: OutputFormat;
  /** Write the HTML report here (`-`: standard output) instead of printing the timeline. */
  html: string | undefined;
  title: string;
  footer?: readonly string[];
}

/**
 * Print a simulation: the text timeline, the `--json` document, and/or the HTML report (its
 * renderer is loaded only when asked for).
 */
export async function printSimulation(
  io: CliIo,
  timeline: SimulationTimeline,
  options: SimulationOutputOptions,
): Promise<number> {
  if (options.html !== undefined) {
    const { renderTimelineHtml } = await import('../render/timeline-html');
    const written = io.writeFile(
      options.html,
      renderTimelineHtml(timeline, { title: options.title }),
    );
    if (written.isErr()) return reportFailure(io, options.output, written.error);
    if (options.html !== '-' && options.output === 'text') {
      io.stderr(`wrote ${options.html}: the timeline as an HTML report with a chart per signal\n`);
    }
  }
  if (options.output === 'json') {
    io.stdout(`${JSON.stringify(timeline, null, 2)}\n`);
  } else if (options.html === undefined) {
    io.stdout(
      renderTimelineText(timeline, {
        colors: colorsFor(io),
        title: options.title,
        ...(options.footer ? { footer: options.footer } : {}),
      }),
    );
  }
  return EXIT.ok;
}
