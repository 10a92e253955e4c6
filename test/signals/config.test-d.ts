import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import type { ConfigError } from '../../src/signals/config-error';
import { updateContainerFsThresholds } from '../../src/signals/containerfs-thresholds';
import { parseEvictionFlag } from '../../src/signals/eviction-flag';
import { parseGoDuration } from '../../src/signals/go-duration';
import { type LoadedKubeletConfig, loadKubeletConfig } from '../../src/signals/kubelet-config';
import { parseThresholdConfig } from '../../src/signals/threshold-config';
import type { Threshold } from '../../src/signals/types';

describe('public types', () => {
  it('parsers return Results with ConfigError', () => {
    expectTypeOf(parseThresholdConfig).returns.toEqualTypeOf<Result<Threshold[], ConfigError>>();
    expectTypeOf(parseEvictionFlag).returns.toEqualTypeOf<
      Result<Record<string, string>, ConfigError>
    >();
    expectTypeOf(loadKubeletConfig).returns.toEqualTypeOf<
      Result<LoadedKubeletConfig, ConfigError>
    >();
    expectTypeOf(parseGoDuration('1s').map((ns) => ns)).toEqualTypeOf<
      Result<bigint, { code: 'invalid-duration'; input: string; message: string }>
    >();
  });

  it('ConfigError narrows on code', () => {
    const error = {} as ConfigError;
    if (error.code === 'invalid-quantity') expectTypeOf(error.cause.code).toBeString();
    if (error.code === 'percentage-out-of-range')
      expectTypeOf(error.bound).toEqualTypeOf<'min' | 'max'>();
    expectTypeOf(error.message).toBeString();
  });

  it('thresholds compose with the containerfs update', () => {
    const thresholds = parseThresholdConfig({}).unwrapOr([]);
    expectTypeOf(
      updateContainerFsThresholds(thresholds, { imageFs: true, splitImageFs: false }).thresholds,
    ).toEqualTypeOf<Threshold[]>();
  });
});
