import { err, ok, type Result } from 'neverthrow';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeZodError } from '../../signals/validation-issues';

// The object lists `evictkit drain-plan` reads: what `kubectl get pods -A -o json` (a `List` of
// pods), `kubectl get pdb -A -o json` and `kubectl get deploy,rs,sts,ds,rc -A -o json` print;
// YAML too. A single object or a bare array is accepted as well.

export interface ObjectListError {
  readonly code: 'syntax' | 'invalid';
  /** Which input: `pods`, `pdbs`, `workloads`. */
  readonly input: string;
  readonly path: string;
  readonly message: string;
}

const metadata = z.looseObject({
  name: z.string().min(1, 'must be a non-empty string'),
  namespace: z.string().optional(),
});
const object = z.looseObject({ kind: z.string().optional(), metadata });
const itemsList = z.looseObject({ items: z.array(object) });
const bareList = z.array(object);

/**
 * Parse `text` (JSON or YAML) as a list of API objects of `kinds` (others are an error, so
 * that `--pods pdbs.json` is caught). Items are returned as given; only the fields read are
 * checked.
 */
export function parseObjectList(
  text: string,
  input: string,
  kinds: readonly string[],
): Result<unknown[], ObjectListError> {
  let document: unknown;
  try {
    document = parseYaml(text, { maxAliasCount: 100 });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    return err({
      code: 'syntax',
      input,
      path: '$',
      message: `${input}: not JSON or YAML: ${message}`,
    });
  }
  if (document === null || document === undefined) {
    return err({ code: 'invalid', input, path: '$', message: `${input}: the document is empty` });
  }
  const invalid = (path: string, message: string) =>
    err<unknown[], ObjectListError>({ code: 'invalid', input, path, message });
  let items: unknown[];
  let prefix: string;
  let parsed: z.ZodSafeParseResult<unknown>;
  if (Array.isArray(document)) {
    parsed = bareList.safeParse(document);
    items = document;
    prefix = '$';
  } else if (typeof document === 'object' && 'items' in (document as object)) {
    parsed = itemsList.safeParse(document);
    items = (document as { items: unknown[] }).items;
    prefix = '$.items';
  } else {
    parsed = object.safeParse(document);
    items = [document];
    prefix = '';
  }
  if (!parsed.success) {
    const { issues, message } = describeZodError(input, parsed.error);
    return invalid(issues[0]?.path ?? '$', message);
  }
  for (const [i, item] of items.entries()) {
    const kind = (item as { kind?: unknown }).kind;
    if (typeof kind === 'string' && !kinds.includes(kind)) {
      const path = prefix === '' ? '$.kind' : `${prefix}[${i}].kind`;
      return invalid(path, `${input}: ${path}: expected ${kinds.join(' or ')}, got ${kind}`);
    }
  }
  return ok(items);
}
