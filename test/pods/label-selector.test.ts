import { describe, expect, it } from 'vitest';
import { labelSelectorAsSelector } from '../../src/pods/label-selector';

describe('labelSelectorAsSelector', () => {
  const labels = { app: 'web', tier: 'front', empty: '' };
  it.each([
    { name: 'nil selects nothing', selector: null, want: false, empty: false },
    { name: 'empty selects everything', selector: {}, want: true, empty: true },
    {
      name: 'empty lists select everything',
      selector: { matchLabels: {}, matchExpressions: [] },
      want: true,
      empty: true,
    },
    {
      name: 'matchLabels hit',
      selector: { matchLabels: { app: 'web' } },
      want: true,
      empty: false,
    },
    {
      name: 'matchLabels miss',
      selector: { matchLabels: { app: 'db' } },
      want: false,
      empty: false,
    },
    {
      name: 'matchLabels are ANDed',
      selector: { matchLabels: { app: 'web', tier: 'back' } },
      want: false,
      empty: false,
    },
    {
      name: 'In',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['back', 'front'] }] },
      want: true,
      empty: false,
    },
    {
      name: 'In on a missing label',
      selector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      want: false,
      empty: false,
    },
    {
      name: 'NotIn',
      selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] },
      want: false,
      empty: false,
    },
    {
      name: 'NotIn holds for a missing label',
      selector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      want: true,
      empty: false,
    },
    {
      name: 'Exists',
      selector: { matchExpressions: [{ key: 'empty', operator: 'Exists' }] },
      want: true,
      empty: false,
    },
    {
      name: 'DoesNotExist',
      selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      want: false,
      empty: false,
    },
    {
      name: 'labels and expressions together',
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }],
      },
      want: true,
      empty: false,
    },
  ])('$name', ({ selector, want, empty }) => {
    const s = labelSelectorAsSelector(selector)._unsafeUnwrap();
    expect(s.matches(labels)).toBe(want);
    expect(s.empty()).toBe(empty);
  });

  it.each([
    {
      name: 'unknown operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      message: '"Gt" is not a valid label selector operator',
    },
    {
      name: 'In without values',
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      message:
        "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    },
    {
      name: 'Exists with values',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      message:
        'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    },
    {
      name: 'invalid key',
      selector: { matchLabels: { 'a b': 'x' } },
      message: `key: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    },
    {
      name: 'invalid value',
      selector: { matchLabels: { a: '-x' } },
      message: `values[0]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    },
    { name: 'not an object', selector: 'app=web', message: 'label selector: not an object' },
  ])('rejects $name', ({ selector, message }) => {
    const e = labelSelectorAsSelector(selector)._unsafeUnwrapErr();
    expect(e.code).toBe('invalid-label-selector');
    expect(e.message).toBe(message);
  });

  it('accepts prefixed keys and reads Maps', () => {
    const s = labelSelectorAsSelector({
      matchLabels: { 'app.kubernetes.io/name': 'web' },
    })._unsafeUnwrap();
    expect(s.matches(new Map([['app.kubernetes.io/name', 'web']]))).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: { 'Bad_Prefix/name': 'x' } }).isErr()).toBe(true);
  });
});
