import type { z } from 'zod';

/** One problem found in an external document, with the JSON path to it (`$.pods[3].podRef`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    '$',
  );

/** A zod error as path-addressed issues plus one readable line: `<what>: $.a: …; $.b[0]: …`. */
export function describeZodError(
  what: string,
  error: z.ZodError,
): { issues: ValidationIssue[]; message: string } {
  const issues = error.issues.map((i) => ({ path: renderPath(i.path), message: i.message }));
  const message = `${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
  return { issues, message };
}
