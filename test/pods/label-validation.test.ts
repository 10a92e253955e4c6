import { describe, expect, it } from 'vitest';
import {
  aggregateMessage,
  goStringSlice,
  invalidValue,
  notSupported,
} from '../../src/pods/field-error';
import {
  isDecimalInteger,
  isDNS1123Subdomain,
  isLabelKey,
  isLabelValue,
  isQualifiedName,
  isValidLabelValue,
  regexError,
} from '../../src/pods/label-validation';

// content/kube_test.go TestIsLabelKey / TestIsLabelValue, dns_test.go, decimal_int_test.go, and
// the exact texts of content/errors.go and util/validation/field (Kubernetes v1.37).

describe('isLabelKey (TestIsLabelKey)', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('accepts %s', (key) => {
    expect(isLabelKey(key)).toEqual([]);
  });

  it.each([
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ])('rejects %s', (key) => {
    expect(isLabelKey(key).length).toBeGreaterThan(0);
  });

  it('says bytes, and counts them', () => {
    expect(isLabelKey('a'.repeat(64))).toEqual(['name part must be no more than 63 bytes']);
    expect(isLabelKey(`${'a'.repeat(254)}/abc`)[0]).toBe(
      'prefix part must be no more than 253 bytes',
    );
    // 32 two-byte characters: 64 bytes, too long before the pattern is even checked.
    expect(isLabelKey('é'.repeat(32))[0]).toBe('name part must be no more than 63 bytes');
  });

  it('is isQualifiedName, and isLabelValue is isValidLabelValue', () => {
    expect(isQualifiedName).toBe(isLabelKey);
    expect(isValidLabelValue).toBe(isLabelValue);
  });
});

describe('isLabelValue (TestIsLabelValue)', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    'end-with-num-1',
    '1234',
    'a'.repeat(63),
    '',
  ])('accepts %j', (value) => {
    expect(isLabelValue(value)).toEqual([]);
  });
  it.each([
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a'.repeat(64),
  ])('rejects %j', (value) => {
    expect(isLabelValue(value).length).toBeGreaterThan(0);
  });
});

describe('isDNS1123Subdomain and regexError', () => {
  it('RegexError joins examples with " or " after ", " (two spaces)', () => {
    expect(regexError('m', 'f', 'a', 'b')).toBe(
      "m (e.g. 'a',  or 'b', regex used for validation is 'f')",
    );
    expect(regexError('m', 'f')).toBe("m (regex used for validation is 'f')");
  });
  it('rejects upper case', () => {
    expect(isDNS1123Subdomain('Example.com')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });
});

describe('isDecimalInteger', () => {
  it.each(['0', '1', '-1', '9223372036854775807', '-42'])('accepts %s', (v) => {
    expect(isDecimalInteger(v)).toEqual([]);
  });
  it.each(['', '-', '-0', '01', '+1', ' 1', '1.0', 'x'])('rejects %j', (v) => {
    expect(isDecimalInteger(v).length).toBe(1);
  });
});

describe('field error text', () => {
  it('quotes strings as Go %q, not as JSON', () => {
    expect(invalidValue('p', 'a\u0001\u2028', 'bad')).toBe(
      'p: Invalid value: "a\\x01\\u2028": bad',
    );
    expect(invalidValue('p', 3, 'bad')).toBe('p: Invalid value: 3: bad');
    expect(notSupported('op', 'X', ['A', 'B'])).toBe(
      'op: Unsupported value: "X": supported values: "A", "B"',
    );
  });
  it('prints a []string as %#v, nil when empty', () => {
    expect(goStringSlice([])).toBe('[]string(nil)');
    expect(goStringSlice(['a', 'b'])).toBe('[]string{"a", "b"}');
  });
  it('aggregates one message alone and several, deduplicated, in brackets', () => {
    expect(aggregateMessage(['a'])).toBe('a');
    expect(aggregateMessage(['a', 'b', 'a'])).toBe('[a, b]');
  });
});
