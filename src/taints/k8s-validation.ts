// The apimachinery string validators that taint and toleration validation relies on
// (k8s.io/apimachinery/pkg/util/validation and pkg/api/validate/content), with their messages.
// Lengths are in bytes, as Go's len() counts them.

const QNAME_CHAR = '[A-Za-z0-9]';
const QNAME_EXT_CHAR = '[-A-Za-z0-9_.]';
const QUALIFIED_NAME_FMT = `(${QNAME_CHAR}${QNAME_EXT_CHAR}*)?${QNAME_CHAR}`;
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const DECIMAL_INTEGER_ERR = 'must be a valid decimal integer in canonical form';

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

const emptyError = () => 'must be non-empty';
const maxLenError = (n: number) => `must be no more than ${n} characters`;

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

/** `IsDNS1123Subdomain`: the problems with `value`, empty when it is valid. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/** `IsQualifiedName`: an optional DNS-subdomain prefix and `/`, then a name of ≤ 63 bytes. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX) {
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  }
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** `IsValidLabelValue`: empty, or a qualified-name-shaped string of ≤ 63 bytes. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

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

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A toleration or taint value as the `Lt`/`Gt` operators read it: canonical decimal
 * (`isDecimalInteger`) and within int64 (`strconv.ParseInt(v, 10, 64)`); `undefined` otherwise.
 */
export function parseCanonicalInt64(value: string): bigint | undefined {
  if (isDecimalInteger(value).length > 0) return undefined;
  const n = BigInt(value);
  return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
}
