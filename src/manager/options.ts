import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import type { Pod } from '../pods/pod';
import { SIGNALS } from '../signals/catalogue';
import { DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS } from '../signals/defaults';
import { isQuantity } from '../signals/quantity';
import type { Threshold } from '../signals/types';
import { describeZodError } from '../signals/validation-issues';
import { initialManagerState, parseManagerState } from './state';
import type {
  ContainerGC,
  EvictionBudget,
  EvictionManagerOptions,
  ImageGC,
  KillPod,
  ManagerOptionsError,
  ManagerState,
} from './types';

/** Options with every default applied, as the manager uses them. */
export interface ResolvedOptions<P extends object = Pod> {
  thresholds: readonly Threshold[];
  pressureTransitionPeriodMs: number;
  maxPodGracePeriodSeconds: number;
  dedicatedImageFs: boolean | undefined;
  splitImageFs: boolean | undefined;
  localStorageCapacityIsolation: boolean;
  featureGates: Record<string, boolean> | undefined;
  killPod: KillPod<P>;
  imageGC: ImageGC | undefined;
  containerGC: ContainerGC | undefined;
  memoryCapacityBytes: number | undefined;
  dryRun: boolean;
  budget: EvictionBudget | undefined;
  escalateTerminating: boolean;
  state: ManagerState;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>(
    (v) => typeof v === 'function',
    `${what} must be a function`,
  );

const thresholdValue = z.union([
  z.strictObject({ quantity: z.custom((v) => isQuantity(v), 'expected a Quantity') }),
  z.strictObject({ percentage: z.number() }),
]);

const thresholdSchema = z.object({
  signal: z.enum(SIGNALS),
  operator: z.literal('LessThan'),
  value: thresholdValue,
  gracePeriodMs: z.number().finite().nonnegative(),
  minReclaim: thresholdValue.optional(),
});

const optionsSchema = z.object({
  thresholds: z.array(thresholdSchema),
  pressureTransitionPeriodMs: z.number().finite().nonnegative().optional(),
  maxPodGracePeriodSeconds: z.number().int().optional(),
  dedicatedImageFs: z.boolean().optional(),
  splitImageFs: z.boolean().optional(),
  localStorageCapacityIsolation: z.boolean().optional(),
  featureGates: z.record(z.string(), z.boolean()).optional(),
  killPod: fn('killPod'),
  imageGC: z.object({ deleteUnusedImages: fn('imageGC.deleteUnusedImages') }).optional(),
  containerGC: z
    .object({ deleteAllUnusedContainers: fn('containerGC.deleteAllUnusedContainers') })
    .optional(),
  memoryCapacityBytes: z.number().int().positive().optional(),
  dryRun: z.boolean().optional(),
  budget: z
    .strictObject({
      maxEvictions: z.number().int().nonnegative(),
      windowMs: z.number().finite().positive(),
    })
    .optional(),
  escalateTerminating: z.boolean().optional(),
});

/**
 * Validate and resolve `createEvictionManager` options: types and ranges (a negative
 * `maxPodGracePeriodSeconds` is accepted, as the kubelet accepts it), callbacks, and a
 * restored `state`. Never throws.
 */
export function parseManagerOptions<P extends object = Pod>(
  options: EvictionManagerOptions<P>,
): Result<ResolvedOptions<P>, ManagerOptionsError> {
  let parsed: ReturnType<typeof optionsSchema.safeParse>;
  try {
    parsed = optionsSchema.safeParse(options);
  } catch (e) {
    const message = `invalid manager options: ${e instanceof Error ? e.message : String(e)}`;
    return err({ code: 'invalid-manager-options', issues: [{ path: '$', message }], message });
  }
  if (!parsed.success) {
    const { issues, message } = describeZodError('invalid manager options', parsed.error);
    return err({ code: 'invalid-manager-options', issues, message });
  }
  let state = initialManagerState();
  if (options.state !== undefined) {
    const restored = parseManagerState(options.state);
    if (restored.isErr()) {
      const issues = restored.error.issues.map((i) => ({
        path: i.path.replace(/^\$/, '$.state'),
        message: i.message,
      }));
      return err({
        code: 'invalid-manager-options',
        issues,
        message: `invalid manager options: ${restored.error.message}`,
      });
    }
    state = restored.value;
  }
  return ok({
    // The caller's own threshold objects (zod would copy them): explanations and state keys
    // then refer to the thresholds the caller configured.
    thresholds: [...options.thresholds],
    pressureTransitionPeriodMs:
      options.pressureTransitionPeriodMs ?? DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
    maxPodGracePeriodSeconds: options.maxPodGracePeriodSeconds ?? 0,
    dedicatedImageFs: options.dedicatedImageFs,
    splitImageFs: options.splitImageFs,
    localStorageCapacityIsolation: options.localStorageCapacityIsolation ?? true,
    featureGates: options.featureGates,
    killPod: options.killPod,
    imageGC: options.imageGC,
    containerGC: options.containerGC,
    memoryCapacityBytes: options.memoryCapacityBytes,
    dryRun: options.dryRun ?? false,
    budget: options.budget,
    escalateTerminating: options.escalateTerminating ?? false,
    state,
  });
}
