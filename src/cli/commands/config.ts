import type { Result } from 'neverthrow';
import type { ConfigError } from '../../signals/config-error';
import {
  kubeletDefaults,
  type LoadedKubeletConfig,
  loadKubeletConfig,
} from '../../signals/kubelet-config';
import { parseKubeletFlags, splitCommandLine } from '../../signals/kubelet-flags';
import { parseQuantity } from '../../signals/quantity';
import { commonOptionsHelp, type OptionSpecs, parseCommandArgs } from '../args';
import { EXIT } from '../failure';
import { describeQuantityError } from '../format/quantity-error';
import {
  type CapacityKind,
  type ReportCapacity,
  renderErrorJson,
  renderErrorText,
  renderReportJson,
  renderReportText,
} from '../format/report';
import { CONFIG_LIMIT, type InputError } from '../input';
import type { CliIo } from '../io';
import { colorsFor } from '../style';
import type { Command } from './command';
import { UsageError } from './command';

export const CONFIG_USAGE = `Usage: evictkit config [file] [options]

Show the eviction thresholds a kubelet derives from its configuration, by the kubelet's own
rules (Kubernetes v1.37): defaults merged the way the kubelet merges them, hard and soft
thresholds, grace periods, minimum reclaim, and every percentage with the amount it means on
a given capacity.

Arguments:
  file                   A KubeletConfiguration (YAML or JSON), a /configz answer
                         ({"kubeletconfig": ...}) or a kops nodeup config; "-" reads stdin.
                         Without a file: the kubelet's defaults.

Options:
  --flags <args>         Kubelet command-line flags applied after the file, as the kubelet
                         applies them, e.g. --flags '--eviction-hard=memory.available<500Mi'
  --memory <quantity>    Memory capacity for percentages (default: this machine's memory)
  --disk <quantity>      Filesystem size for percentages (default: the filesystem of /)
  --inodes <count>       Inode count for percentages (default: the filesystem of /)
  --pids <count>         PID limit for percentages (default: the smaller of kernel.pid_max
                         and kernel.threads-max, as the kubelet reads it)
${commonOptionsHelp(25)}

Only regular files of at most 4 MiB are read ("-" reads standard input).
Exit codes: 0 ok, 1 unreadable or invalid configuration, 2 usage error.
`;

const OPTIONS = {
  flags: { type: 'string' },
  memory: { type: 'string' },
  disk: { type: 'string' },
  inodes: { type: 'string' },
  pids: { type: 'string' },
} as const satisfies OptionSpecs;

/** `evictkit config`: print the effective eviction thresholds. */
export const configCommand: Command = {
  name: 'config',
  usage: CONFIG_USAGE,
  async run(args, io) {
    const { values, positionals, output, help } = parseCommandArgs(args, OPTIONS, {
      max: 1,
      name: 'file',
    });
    if (help) {
      io.stdout(CONFIG_USAGE);
      return EXIT.ok;
    }
    const file = positionals[0];
    const capacity = readCapacity(values, io);
    const json = output === 'json';

    const flagWords = values.flags === undefined ? undefined : parseKubeletFlags(values.flags);
    const fail = (error: ConfigError): number => {
      if (json) io.stdout(renderErrorJson(error));
      else io.stderr(renderErrorText(error));
      return EXIT.input;
    };
    if (flagWords?.isErr()) return fail(flagWords.error);
    const flags = flagWords?.isOk() ? flagWords.value : undefined;

    let loaded: Result<LoadedKubeletConfig, ConfigError>;
    if (file === undefined) {
      loaded = kubeletDefaults(flags === undefined ? {} : { flags });
    } else {
      const text = await io.readInput(file, CONFIG_LIMIT);
      if (text.isErr()) return fail(unreadableConfig(text.error));
      loaded = loadKubeletConfig(text.value, flags === undefined ? {} : { flags });
    }
    if (loaded.isErr()) return fail(loaded.error);
    const input = {
      loaded: loaded.value,
      file,
      flags:
        values.flags === undefined ? [] : splitCommandLine(values.flags).unwrapOr([values.flags]),
      capacity,
    };
    io.stdout(json ? renderReportJson(input) : renderReportText(input, colorsFor(io)));
    return EXIT.ok;
  },
};

/** An input error in the configuration error shape (`--json` documents keep one shape). */
export function unreadableConfig(error: InputError): ConfigError {
  return {
    code: 'unreadable',
    field: 'document',
    key: '',
    value: error.path,
    message: error.message,
  };
}

type CapacityValues = Partial<Record<CapacityKind, string | undefined>>;

function readCapacity(values: CapacityValues, io: CliIo): ReportCapacity {
  const given: ReportCapacity = {};
  for (const kind of ['memory', 'disk', 'inodes', 'pids'] as const) {
    const text = values[kind];
    if (text === undefined) continue;
    const quantity = parseQuantity(text);
    if (quantity.isErr())
      throw new UsageError(`--${kind}: ${describeQuantityError(quantity.error)}`);
    const value = quantity.value.value();
    if (value <= 0n) throw new UsageError(`--${kind} must be positive: ${text}`);
    given[kind] = { value, origin: 'option' };
  }
  const missing = (['memory', 'disk', 'inodes', 'pids'] as const).filter(
    (k) => given[k] === undefined,
  );
  if (missing.length === 0) return given;
  const machine = io.probeMachine();
  const probed: Record<CapacityKind, bigint | undefined> = {
    memory: machine.memoryBytes,
    disk: machine.diskBytes,
    inodes: machine.inodes,
    pids: machine.pids,
  };
  for (const kind of missing) {
    const value = probed[kind];
    if (value !== undefined) given[kind] = { value, origin: 'machine' };
  }
  return given;
}
