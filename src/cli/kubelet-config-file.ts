import { err, ok, type Result } from 'neverthrow';
import {
  type LoadedKubeletConfig,
  type LoadOptions,
  loadKubeletConfig,
} from '../signals/kubelet-config';
import type { CliFailure } from './failure';
import { describeConfigError } from './format/report';
import { CONFIG_LIMIT } from './input';
import type { CliIo } from './io';

/**
 * Read and load the kubelet configuration a `--config <file>` option names. A failure is the
 * unreadable-input error, or `invalid configuration <file>: <what is wrong>` in one line.
 */
export async function readKubeletConfigFile(
  io: CliIo,
  path: string,
  options: LoadOptions = {},
): Promise<Result<LoadedKubeletConfig, CliFailure>> {
  const text = await io.readInput(path, CONFIG_LIMIT);
  if (text.isErr()) return err(text.error);
  const loaded = loadKubeletConfig(text.value, options);
  if (loaded.isErr()) {
    return err({
      code: loaded.error.code,
      message: `invalid configuration ${path}: ${describeConfigError(loaded.error)}`,
    });
  }
  return ok(loaded.value);
}
