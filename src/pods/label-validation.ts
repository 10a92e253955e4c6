// apimachinery's string validators for label keys (qualified names), label values, DNS
// subdomains and canonical decimal integers (k8s.io/apimachinery/pkg/api/validate/content, which
// util/validation's IsQualifiedName and IsValidLabelValue alias), with their messages as in
// Kubernetes v1.37. Lengths are Go's len(): bytes of UTF-8. Each returns the problems found,
// empty when the value is valid.

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_MAX = 63;
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const DECIMAL_INTEGER_ERR = 'must be a valid decimal integer in canonical form';

const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const encoder = new TextEncoder();
/** Go's `len(s)`: the UTF-8 byte count. */
const byteLength = (s: string): number => encoder.encode(s).length;

/** `content.EmptyError`. */
const emptyError = (): string => 'must be non-empty';
/** `content.MaxLenError` (it says bytes: `len` counts bytes). */
const maxLenError = (n: number): string => `must be no more than ${n} bytes`;

/** `content.RegexError`: the examples joined with `" or "` after a `", "`, so with two spaces. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

/** `content.IsDNS1123Subdomain`: lower-case RFC 1123 labels joined by dots, ≤ 253 bytes. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/**
 * `content.IsLabelKey` (util/validation's `IsQualifiedName`): an optional DNS-subdomain prefix
 * and `/`, then a name of at most 63 bytes of alphanumerics, `-`, `_` and `.`, starting and
 * ending with an alphanumeric.
 */
export function isLabelKey(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = value;
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a valid label key ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > LABEL_KEY_MAX) errs.push(`name part ${maxLenError(LABEL_KEY_MAX)}`);
  if (!LABEL_KEY_RE.test(name)) {
    errs.push(
      `name part ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** `content.IsLabelValue` (util/validation's `IsValidLabelValue`): empty, or ≤ 63 bytes shaped like a key's name. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** `validation.IsQualifiedName`: upstream's older name for `isLabelKey` (the same function). */
export const isQualifiedName: (value: string) => string[] = isLabelKey;

/** `validation.IsValidLabelValue`: upstream's older name for `isLabelValue` (the same function). */
export const isValidLabelValue: (value: string) => string[] = isLabelValue;

/**
 * `content.IsDecimalInteger`: `0`, or an optional `-` then a digit 1–9 then digits. Stricter than
 * `strconv.ParseInt`: no `+`, no leading zeros, no `-0`, no spaces.
 */
export function isDecimalInteger(value: string): string[] {
  if (value.length === 0) return [emptyError()];
  let i = 0;
  if (value[0] === '-') {
    if (value.length === 1) return [DECIMAL_INTEGER_ERR];
    i = 1;
  }
  if (value[i] === '0') return value.length === 1 && i === 0 ? [] : [DECIMAL_INTEGER_ERR];
  const first = value.charCodeAt(i);
  if (first < 0x31 || first > 0x39) return [DECIMAL_INTEGER_ERR];
  for (i++; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return [DECIMAL_INTEGER_ERR];
  }
  return [];
}
