import { describe, expect, it } from 'vitest';
import {
  labelSelectorAsSelector,
  selectorMatches,
  selectorString,
} from '../../src/disruption/label-selector';

const labels = (o: Record<string, string>) => new Map(Object.entries(o));

describe('labelSelectorAsSelector', () => {
  it('nil matches nothing, {} matches everything (even no labels)', () => {
    const nothing = labelSelectorAsSelector(null)._unsafeUnwrap();
    const everything = labelSelectorAsSelector({})._unsafeUnwrap();
    expect(selectorMatches(nothing, labels({ a: 'b' }))).toBe(false);
    expect(selectorMatches(everything, labels({}))).toBe(true);
    expect(selectorMatches(labelSelectorAsSelector(undefined)._unsafeUnwrap(), labels({}))).toBe(
      false,
    );
    expect(
      selectorMatches(
        labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] })._unsafeUnwrap(),
        labels({}),
      ),
    ).toBe(true);
  });

  it.each([
    [{ matchLabels: { a: 'b' } }, { a: 'b', c: 'd' }, true],
    [{ matchLabels: { a: 'b' } }, { a: 'c' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] }, { a: 'y' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }, {}, false],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] }, {}, true],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] }, { a: 'x' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { a: '' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, { a: '' }, false],
    [
      { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'Exists' }] },
      { a: 'b' },
      false,
    ],
  ])('%j matches %j: %s', (selector, set, want) => {
    const sel = labelSelectorAsSelector(selector)._unsafeUnwrap();
    expect(selectorMatches(sel, labels(set))).toBe(want);
  });

  // disruption_test.go TestInvalidSelectors, with upstream's error text.
  it.each([
    [
      'illegal value key',
      { matchLabels: { 'k8s.io/too/many/slashes': 'value' } },
      `key: Invalid value: "k8s.io/too/many/slashes": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      'illegal operator',
      { matchExpressions: [{ key: 'foo', operator: 'illegal', values: ['bar'] }] },
      '"illegal" is not a valid label selector operator',
    ],
    [
      'In without values',
      { matchExpressions: [{ key: 'foo', operator: 'In', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'foo', operator: 'Exists', values: ['a', 'b'] }] },
      'values: Invalid value: []string{"a", "b"}: values set must be empty for exists and does not exist',
    ],
    [
      'bad value and bad key together',
      { matchLabels: { '-x': 'a b' } },
      `[key: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values[0][-x]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]`,
    ],
    [
      'empty prefix',
      { matchLabels: { '/x': 'a' } },
      'key: Invalid value: "/x": prefix part must be non-empty',
    ],
  ])('TestInvalidSelectors: %s', (_name, selector, message) => {
    expect(labelSelectorAsSelector(selector)._unsafeUnwrapErr()).toEqual({
      code: 'invalid-selector',
      message,
    });
  });

  it('prints like labels.Selector.String (requirements sorted by key)', () => {
    const sel = labelSelectorAsSelector({
      matchLabels: { z: '1', app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'm', operator: 'DoesNotExist' },
      ],
    })._unsafeUnwrap();
    expect(selectorString(sel)).toBe('app=web,!m,tier in (a,b),z=1');
  });
});
