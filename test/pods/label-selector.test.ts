import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  labelSelectorAsSelector,
  selectorMatches,
  selectorString,
} from '../../src/pods/label-selector';

// One suite for the shared metav1.LabelSelectorAsSelector port (what preemption, the disruption
// controller, the Eviction API and drain use). The error texts are upstream's, from
// apimachinery/pkg/apis/meta/v1/helpers.go, pkg/labels/selector.go (NewRequirement),
// pkg/api/validate/content (IsLabelKey, IsLabelValue, RegexError, MaxLenError) and
// pkg/util/validation/field (Invalid, ToAggregate), Kubernetes v1.37.

const asMap = (o: Record<string, string>) => new Map(Object.entries(o));

const KEY_NAME_REGEX = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
const VALUE_REGEX = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;

describe('labelSelectorAsSelector: what it selects', () => {
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
    expect(selectorMatches(s, asMap(labels))).toBe(want);
    expect(s.empty()).toBe(empty);
  });

  it('nil matches nothing, {} matches everything (even no labels)', () => {
    const nothing = labelSelectorAsSelector(null)._unsafeUnwrap();
    const everything = labelSelectorAsSelector({})._unsafeUnwrap();
    expect(nothing.kind).toBe('nothing');
    expect(everything.kind).toBe('everything');
    expect(selectorMatches(nothing, asMap({ a: 'b' }))).toBe(false);
    expect(selectorMatches(everything, asMap({}))).toBe(true);
    expect(selectorMatches(everything, undefined)).toBe(true);
    expect(selectorMatches(labelSelectorAsSelector(undefined)._unsafeUnwrap(), asMap({}))).toBe(
      false,
    );
    expect(
      selectorMatches(
        labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] })._unsafeUnwrap(),
        asMap({}),
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
    expect(selectorMatches(sel, asMap(set))).toBe(want);
    expect(sel.matches(set)).toBe(want);
  });

  it('accepts prefixed keys and reads Maps', () => {
    const s = labelSelectorAsSelector({
      matchLabels: { 'app.kubernetes.io/name': 'web' },
    })._unsafeUnwrap();
    expect(s.matches(new Map([['app.kubernetes.io/name', 'web']]))).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: { 'Bad_Prefix/name': 'x' } }).isErr()).toBe(true);
  });

  it('matchLabels become = requirements, all sorted by key (Selector.Add)', () => {
    const s = labelSelectorAsSelector({
      matchLabels: { z: '1', app: 'web' },
      matchExpressions: [{ key: 'm', operator: 'DoesNotExist' }],
    })._unsafeUnwrap();
    expect(s.requirements).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'm', operator: '!', values: [] },
      { key: 'z', operator: '=', values: ['1'] },
    ]);
  });

  it('null reads as Go zero values: a null matchLabels value is ""', () => {
    const s = labelSelectorAsSelector({ matchLabels: { a: null } })._unsafeUnwrap();
    expect(s.requirements).toEqual([{ key: 'a', operator: '=', values: [''] }]);
    expect(s.matches({ a: '' })).toBe(true);
  });

  it('labels that throw when read match nothing', () => {
    const s = labelSelectorAsSelector({ matchLabels: { a: 'b' } })._unsafeUnwrap();
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('nope');
        },
      },
    );
    expect(s.matches(hostile)).toBe(false);
  });
});

describe('labelSelectorAsSelector: errors (disruption_test.go TestInvalidSelectors, NewRequirement)', () => {
  it.each([
    {
      name: 'illegal value key (too many slashes)',
      selector: { matchLabels: { 'k8s.io/too/many/slashes': 'value' } },
      path: 'matchLabels.k8s.io/too/many/slashes',
      message: `key: Invalid value: "k8s.io/too/many/slashes": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    },
    {
      name: 'illegal operator',
      selector: { matchExpressions: [{ key: 'foo', operator: 'illegal', values: ['bar'] }] },
      path: 'matchExpressions[0].operator',
      message: '"illegal" is not a valid pod selector operator',
    },
    {
      name: 'unknown operator Gt',
      selector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      path: 'matchExpressions[0].operator',
      message: '"Gt" is not a valid pod selector operator',
    },
    {
      name: 'In without values (a nil slice)',
      selector: { matchExpressions: [{ key: 'foo', operator: 'In', values: [] }] },
      path: 'matchExpressions[0]',
      message:
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    },
    {
      name: 'NotIn with values absent',
      selector: { matchExpressions: [{ key: 'foo', operator: 'NotIn' }] },
      path: 'matchExpressions[0]',
      message:
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    },
    {
      name: 'Exists with values',
      selector: { matchExpressions: [{ key: 'foo', operator: 'Exists', values: ['a', 'b'] }] },
      path: 'matchExpressions[0]',
      message:
        'values: Invalid value: []string{"a", "b"}: values set must be empty for exists and does not exist',
    },
    {
      name: 'Exists with one value',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      path: 'matchExpressions[0]',
      message:
        'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    },
    {
      name: 'invalid key',
      selector: { matchLabels: { 'a b': 'x' } },
      path: 'matchLabels.a b',
      message: `key: Invalid value: "a b": ${KEY_NAME_REGEX}`,
    },
    {
      name: 'invalid value (the path names the key)',
      selector: { matchLabels: { a: '-x' } },
      path: 'matchLabels.a',
      message: `values[0][a]: Invalid value: "-x": ${VALUE_REGEX}`,
    },
    {
      name: 'bad value and bad key together',
      selector: { matchLabels: { '-x': 'a b' } },
      path: 'matchLabels.-x',
      message: `[key: Invalid value: "-x": ${KEY_NAME_REGEX}, values[0][-x]: Invalid value: "a b": ${VALUE_REGEX}]`,
    },
    {
      name: 'empty prefix',
      selector: { matchLabels: { '/x': 'a' } },
      path: 'matchLabels./x',
      message: 'key: Invalid value: "/x": prefix part must be non-empty',
    },
    {
      name: 'empty key (a missing key is Go\'s "")',
      selector: { matchExpressions: [{ operator: 'Exists' }] },
      path: 'matchExpressions[0]',
      message: `key: Invalid value: "": name part must be non-empty; ${KEY_NAME_REGEX}`,
    },
    {
      name: 'a value too long: MaxLenError counts bytes',
      selector: { matchLabels: { a: 'é'.repeat(32) } },
      path: 'matchLabels.a',
      message: `values[0][a]: Invalid value: "${'é'.repeat(32)}": must be no more than 63 bytes; ${VALUE_REGEX}`,
    },
    {
      name: 'a key name too long',
      selector: { matchLabels: { ['k'.repeat(64)]: 'v' } },
      path: `matchLabels.${'k'.repeat(64)}`,
      message: `key: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 bytes`,
    },
    {
      name: 'control characters are quoted as Go does',
      selector: { matchLabels: { 'a\u0001': 'x' } },
      path: 'matchLabels.a\u0001',
      message: `key: Invalid value: "a\\x01": ${KEY_NAME_REGEX}`,
    },
  ])('$name', ({ selector, path, message }) => {
    const e = labelSelectorAsSelector(selector)._unsafeUnwrapErr();
    expect(e.code).toBe('invalid-label-selector');
    expect(e.path).toBe(path);
    expect(e.message).toBe(message);
  });

  it.each([
    { name: 'not an object', selector: 'app=web', message: 'label selector: not an object' },
    {
      name: 'matchLabels not an object',
      selector: { matchLabels: ['a'] },
      message: 'matchLabels: not an object',
    },
    {
      name: 'matchExpressions not a list',
      selector: { matchExpressions: {} },
      message: 'matchExpressions: not a list',
    },
    {
      name: 'a matchLabels value not a string',
      selector: { matchLabels: { a: 1 } },
      message: 'matchLabels.a: not a string',
    },
    {
      name: 'a key not a string',
      selector: { matchExpressions: [{ key: 1, operator: 'Exists' }] },
      message: 'matchExpressions[0].key: not a string',
    },
    {
      name: 'values not a list of strings',
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] },
      message: 'matchExpressions[0].values: not a list of strings',
    },
  ])('rejects a wrong JSON type: $name', ({ selector, message }) => {
    const e = labelSelectorAsSelector(selector)._unsafeUnwrapErr();
    expect(e.code).toBe('invalid-label-selector');
    expect(e.message).toBe(message);
  });

  it('names the first bad matchLabels key in key order', () => {
    const e = labelSelectorAsSelector({
      matchLabels: { 'z z': 'a', 'b b': 'a' },
    })._unsafeUnwrapErr();
    expect(e.path).toBe('matchLabels.b b');
  });
});

describe('selectorString (labels.Selector.String)', () => {
  it('prints requirements sorted by key, values sorted', () => {
    const sel = labelSelectorAsSelector({
      matchLabels: { z: '1', app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'm', operator: 'DoesNotExist' },
      ],
    })._unsafeUnwrap();
    expect(selectorString(sel)).toBe('app=web,!m,tier in (a,b),z=1');
  });

  it('prints notin, exists, and nothing/everything as ""', () => {
    const sel = labelSelectorAsSelector({
      matchExpressions: [
        { key: 'x', operator: 'NotIn', values: ['q'] },
        { key: 'e', operator: 'Exists' },
      ],
    })._unsafeUnwrap();
    expect(selectorString(sel)).toBe('e,x notin (q)');
    expect(selectorString(labelSelectorAsSelector(null)._unsafeUnwrap())).toBe('');
    expect(selectorString(labelSelectorAsSelector({})._unsafeUnwrap())).toBe('');
  });
});

describe('properties', () => {
  const key = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  const value = fc.stringMatching(/^[a-z0-9]{0,8}$/);
  test.prop([fc.dictionary(key, value, { minKeys: 1 }), fc.dictionary(key, value)])(
    'a matchLabels selector matches exactly the label sets that contain it',
    (matchLabels, labels) => {
      const s = labelSelectorAsSelector({ matchLabels })._unsafeUnwrap();
      const want = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
      expect(s.matches(labels)).toBe(want);
      expect(s.matches({ ...labels, ...matchLabels })).toBe(true);
    },
  );
  test.prop([fc.anything()])('never throws', (selector) => {
    const s = labelSelectorAsSelector(selector);
    if (s.isOk()) s.value.matches(selector as never);
  });
});
