import { DEMO_SCENARIO } from '../../simulation/demo';
import { runSimulation } from '../../simulation/engine';
import { loadScenario } from '../../simulation/scenario';
import { commonOptionsHelp, type OptionSpecs, parseCommandArgs } from '../args';
import { EXIT, reportFailure } from '../failure';
import type { Command } from './command';
import { printSimulation } from './simulation-output';

export const DEMO_USAGE = `Usage: evictkit demo [options]

Watch the kubelet's node-pressure eviction at work on a simulated node, no cluster needed:
an 8 GiB node with hard and soft thresholds, pods of every QoS class (a critical and a
static one among them) and seven minutes of memory and disk usage, run through evictkit's
eviction manager. The timeline shows each signal against its thresholds, grace periods
counting down, node conditions set and held through the transition period, who is evicted,
why, with the kubelet's message, and every pod's oom_score_adj.

The scenario is examples/scenarios/demo.yaml; run your own with "evictkit simulate".

Options:
  --html <file>          Write a self-contained HTML report (a chart per signal) instead
                         of the text timeline; "-" writes it to standard output
${commonOptionsHelp(25)}

Exit codes: 0 ok, 1 the report could not be written, 2 usage error.
`;

const OPTIONS = { html: { type: 'string' } } as const satisfies OptionSpecs;

/** `evictkit demo`: the bundled scenario. */
export const demoCommand: Command = {
  name: 'demo',
  usage: DEMO_USAGE,
  async run(args, io) {
    const { values, output, help } = parseCommandArgs(args, OPTIONS);
    if (help) {
      io.stdout(DEMO_USAGE);
      return EXIT.ok;
    }
    const scenario = loadScenario(DEMO_SCENARIO);
    if (scenario.isErr()) return reportFailure(io, output, scenario.error);
    const timeline = await runSimulation(scenario.value);
    if (timeline.isErr()) return reportFailure(io, output, timeline.error);
    return printSimulation(io, timeline.value, {
      output,
      html: values.html,
      title: 'evictkit demo',
      footer: [
        'Next: evictkit demo --html demo.html   (the same timeline as charts)',
        '      evictkit simulate my-scenario.yaml --config my-kubelet.yaml   (see docs/scenario.md)',
        '      evictkit explain --summary summary.json --pods pods.json   (a real node)',
      ],
    });
  },
};
