// Parse errors as values. The three upstream messages are reproduced verbatim because callers
// (and the kubelet's own config errors) show them to users.

/** `resource.ErrFormatWrong`. */
export const FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** `resource.ErrSuffix`. */
export const SUFFIX_MESSAGE = "unable to parse quantity's suffix";
/** `resource.ErrNumeric`. */
export const NUMERIC_MESSAGE = 'unable to parse numeric part of quantity';

/**
 * Why `parseQuantity` rejected its input. `format`, `suffix` and `numeric` are upstream's three
 * errors (same message text); `range` is ours (see `SCALE_LIMIT`), `type` is for non-strings.
 */
export type QuantityError =
  | { readonly code: 'format'; readonly input: string; readonly message: string }
  | {
      readonly code: 'suffix';
      readonly input: string;
      /** The suffix text that matched no decimal, binary or exponent form. */
      readonly suffix: string;
      readonly message: string;
    }
  | { readonly code: 'numeric'; readonly input: string; readonly message: string }
  | {
      readonly code: 'range';
      readonly input: string;
      /** The base-10 exponent the value would have needed. */
      readonly exponent: number;
      readonly message: string;
    }
  | { readonly code: 'type'; readonly input: string; readonly message: string };

export type QuantityErrorCode = QuantityError['code'];

export function formatError(input: string): QuantityError {
  return { code: 'format', input, message: FORMAT_MESSAGE };
}

export function suffixError(input: string, suffix: string): QuantityError {
  return { code: 'suffix', input, suffix, message: SUFFIX_MESSAGE };
}

export function numericError(input: string): QuantityError {
  return { code: 'numeric', input, message: NUMERIC_MESSAGE };
}

export function rangeError(input: string, exponent: number, limit: number): QuantityError {
  return {
    code: 'range',
    input,
    exponent,
    message: `quantity exponent ${exponent} is outside the supported range (at most ${limit})`,
  };
}

export function typeError(input: unknown): QuantityError {
  const kind = input === null ? 'null' : typeof input;
  return { code: 'type', input: `<${kind}>`, message: `quantities must be strings, got ${kind}` };
}
