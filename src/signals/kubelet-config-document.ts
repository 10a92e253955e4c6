import { err, ok, type Result } from 'neverthrow';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type ConfigError, displayValue } from './config-error';

// Reading a KubeletConfiguration document: text → object → the eviction fields, with the
// kubelet decoder's error wording.

/**
 * A Go `map[string]T` field, checked and copied by hand: zod's `record` assigns keys to a fresh
 * object, so a `__proto__` key would vanish unchecked, where the kubelet keeps it (and then
 * rejects it as an unknown signal). A JSON null element decodes to Go's zero value.
 */
function goMap<T>(isElement: (value: unknown) => value is T, zero: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === null || value === undefined) return;
      if (!isPlainObject(value)) {
        ctx.addIssue({ code: 'custom', message: 'not a map' });
        return;
      }
      const bad = Object.keys(value).find((key) => value[key] !== null && !isElement(value[key]));
      if (bad !== undefined) ctx.addIssue({ code: 'custom', message: 'bad element', path: [bad] });
    })
    .transform((value): Record<string, T> | null | undefined => {
      if (!isPlainObject(value)) return value as null | undefined;
      return Object.fromEntries(Object.keys(value).map((key) => [key, (value[key] ?? zero) as T]));
    })
    .optional();
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const stringMap = goMap(isString, '');

/** The eviction-related fields of a KubeletConfiguration (v1beta1). Other fields pass through. */
export const kubeletConfigurationSchema = z.looseObject({
  apiVersion: z.string().nullish(),
  kind: z.string().nullish(),
  evictionHard: stringMap,
  evictionSoft: stringMap,
  evictionSoftGracePeriod: stringMap,
  evictionMinimumReclaim: stringMap,
  evictionPressureTransitionPeriod: z.string().nullish(),
  evictionMaxPodGracePeriod: z.number().int().min(-2147483648).max(2147483647).nullish(),
  mergeDefaultEvictionSettings: z.boolean().nullish(),
  // A null element decodes to Go's zero value, "".
  enforceNodeAllocatable: z
    .array(z.string().nullable())
    .transform((list) => list.map((item) => item ?? ''))
    .nullish(),
  kernelMemcgNotification: z.boolean().nullish(),
  localStorageCapacityIsolation: z.boolean().nullish(),
  featureGates: goMap(isBoolean, false),
});

export type KubeletConfigurationFields = z.infer<typeof kubeletConfigurationSchema>;

/** The Go type of each checked field, for the decoder-style error text. */
const GO_TYPES: Readonly<Record<string, [whole: string, element?: string]>> = {
  apiVersion: ['string'],
  kind: ['string'],
  evictionHard: ['map[string]string', 'string'],
  evictionSoft: ['map[string]string', 'string'],
  evictionSoftGracePeriod: ['map[string]string', 'string'],
  evictionMinimumReclaim: ['map[string]string', 'string'],
  evictionPressureTransitionPeriod: ['string'],
  evictionMaxPodGracePeriod: ['int32'],
  mergeDefaultEvictionSettings: ['bool'],
  enforceNodeAllocatable: ['[]string', 'string'],
  kernelMemcgNotification: ['bool'],
  localStorageCapacityIsolation: ['bool'],
  featureGates: ['map[string]bool', 'bool'],
};

export function validate(
  document: Record<string, unknown>,
): Result<KubeletConfigurationFields, ConfigError> {
  const result = kubeletConfigurationSchema.safeParse(document);
  if (result.success) return ok(result.data);
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map(String);
  const [field = '', key] = path;
  const types = GO_TYPES[field] ?? ['value'];
  const value =
    key === undefined ? document[field] : (document[field] as Record<string, unknown>)[key];
  return err(
    schemaError(field, key ?? '', value, key === undefined ? types[0] : (types[1] ?? types[0])),
  );
}

/** The kubelet decoder's wording for a value of the wrong type. */
export function schemaError(
  field: string,
  key: string,
  value: unknown,
  goType: string,
): ConfigError {
  const jsonType = jsonTypeName(value);
  // encoding/json names the number itself only when it does not fit an integer field.
  const shown = jsonType === 'number' && goType === 'int32' ? `number ${String(value)}` : jsonType;
  const location =
    field === 'evictionPressureTransitionPeriod'
      ? 'Go value'
      : `Go struct field KubeletConfiguration.${field.replace(/^KubeletConfig\./, '')}`;
  let message = `json: cannot unmarshal ${shown} into ${location} of type ${goType}`;
  if (jsonType === 'string' && goType.startsWith('map[')) {
    message += ' (flag syntax such as "memory.available<100Mi" belongs on the command line)';
  }
  return { code: 'schema', field, key, value: displayValue(value), message };
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

export function notKubeletConfiguration(reason: string): ConfigError {
  return {
    code: 'not-kubelet-configuration',
    field: 'document',
    key: '',
    value: '',
    message: `not a KubeletConfiguration: ${reason}`,
  };
}

/** JSON first (the common case and exact), YAML 1.1 otherwise, as the kubelet's decoder reads it. */
export function parseConfigText(text: string): Result<unknown, ConfigError> {
  if (typeof text !== 'string') {
    return err({
      code: 'syntax',
      field: 'document',
      key: '',
      value: '',
      message: 'input is not text',
    });
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return ok(JSON.parse(text));
    } catch {
      // Fall through: YAML flow mappings also start with "{".
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });
  const first = document.errors[0];
  if (first !== undefined) {
    // Where the parser stopped, 1-based, so that an editor can jump there.
    const { line, col } = lineCounter.linePos(first.pos[0]);
    return err({
      code: 'syntax',
      field: 'document',
      key: '',
      value: '',
      message: `cannot parse the document as JSON or YAML: line ${line}, column ${col}: ${first.message}`,
      line,
      column: col,
    });
  }
  try {
    return ok(document.toJS({ maxAliasCount: 1000 }));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return err({ code: 'syntax', field: 'document', key: '', value: '', message });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
