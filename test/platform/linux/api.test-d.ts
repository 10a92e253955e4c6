import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createMemoryPlatform,
  type Platform,
  type PlatformError,
} from '../../../src/platform/index';
import {
  createLinuxPlatform,
  type LinuxPlatform,
  type LinuxPlatformOptions,
} from '../../../src/platform/linux/index';
import type { Summary } from '../../../src/signals/summary';

describe('platform barrels', () => {
  it('createLinuxPlatform returns a Result holding a Platform', () => {
    expectTypeOf(createLinuxPlatform)
      .parameter(0)
      .toEqualTypeOf<LinuxPlatformOptions | undefined>();
    expectTypeOf(createLinuxPlatform).returns.toEqualTypeOf<Result<LinuxPlatform, PlatformError>>();
    expectTypeOf<LinuxPlatform>().toMatchTypeOf<Platform>();
  });

  it('the memory platform is a Platform and summary() yields a Summary', () => {
    const p = createMemoryPlatform({ timeline: [] });
    expectTypeOf(p).toMatchTypeOf<Platform>();
    expectTypeOf(p.summary()).resolves.toEqualTypeOf<Result<Summary, PlatformError>>();
  });
});
