import { runSimulation } from '../../simulation/engine';
import { loadScenario } from '../../simulation/scenario';
import { commonOptionsHelp, type OptionSpecs, parseCommandArgs } from '../args';
import { EXIT, reportFailure } from '../failure';
import { inputName, SCENARIO_LIMIT } from '../input';
import { readKubeletConfigFile } from '../kubelet-config-file';
import type { Command } from './command';
import { printSimulation } from './simulation-output';

export const SIMULATE_USAGE = `Usage: evictkit simulate <scenario> [options]

Run a scenario through evictkit's eviction manager (the kubelet v1.37 rules) and show what
the kubelet would do: observations against thresholds, grace periods, node conditions,
evictions with the kubelet's messages, admissions, oom_score_adj. Compare kubelet
configurations by running one scenario with each (--config).

Arguments:
  scenario               A scenario file (YAML or JSON, the format of docs/scenario.md);
                         "-" reads standard input

Options:
  --config <file>        A kubelet configuration (KubeletConfiguration, /configz answer or
                         kops nodeup config) to use instead of the scenario's "kubelet"
  --html <file>          Write a self-contained HTML report (a chart per signal) instead
                         of the text timeline; "-" writes it to standard output
${commonOptionsHelp(25)}

Only regular files are read (scenarios and configurations up to 4 MiB).
Exit codes: 0 ok, 1 unreadable or invalid scenario or configuration, 2 usage error.
`;

const OPTIONS = {
  config: { type: 'string' },
  html: { type: 'string' },
} as const satisfies OptionSpecs;

/** `evictkit simulate <scenario>`. */
export const simulateCommand: Command = {
  name: 'simulate',
  usage: SIMULATE_USAGE,
  async run(args, io) {
    const { values, positionals, output, help } = parseCommandArgs(args, OPTIONS, {
      min: 1,
      max: 1,
      name: 'scenario file',
    });
    if (help) {
      io.stdout(SIMULATE_USAGE);
      return EXIT.ok;
    }
    const file = positionals[0] as string;
    if (file === '-' && values.config === '-') {
      return reportFailure(
        io,
        output,
        {
          code: 'usage',
          message: 'only one input can be read from standard input',
        },
        EXIT.usage,
      );
    }
    let kubelet: Parameters<typeof loadScenario>[1] = {};
    if (values.config !== undefined) {
      const loaded = await readKubeletConfigFile(io, values.config);
      if (loaded.isErr()) return reportFailure(io, output, loaded.error);
      kubelet = { kubelet: loaded.value };
    }
    const text = await io.readInput(file, SCENARIO_LIMIT);
    if (text.isErr()) return reportFailure(io, output, text.error);
    const scenario = loadScenario(text.value, kubelet);
    if (scenario.isErr()) {
      const { code, path, message } = scenario.error;
      return reportFailure(io, output, {
        code,
        path,
        ...(scenario.error.line === undefined
          ? {}
          : { line: scenario.error.line, column: scenario.error.column }),
        message: `invalid scenario ${inputName(file)}: ${message}`,
      });
    }
    const timeline = await runSimulation(scenario.value);
    if (timeline.isErr()) return reportFailure(io, output, timeline.error);
    return printSimulation(io, timeline.value, {
      output,
      html: values.html,
      title: `evictkit simulate ${file === '-' ? '(standard input)' : file}`,
    });
  },
};
