import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  field,
  integer,
  isObjectLike,
  list,
  readStringMap,
  stringField,
  stringMap,
  text,
} from '../../src/pods/api-object';
import { formatApiTime, GO_ZERO_TIME, readTimestamp } from '../../src/pods/api-time';

// The one set of total readers for untyped API objects (taints, disruption, preemption, PodGC).

const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('nope');
    },
    ownKeys() {
      throw new Error('nope');
    },
  },
);

describe('field readers', () => {
  it('isObjectLike: objects and class instances, not arrays or null', () => {
    class V1Pod {
      metadata = {};
    }
    expect(isObjectLike({})).toBe(true);
    expect(isObjectLike(new V1Pod())).toBe(true);
    expect(isObjectLike([])).toBe(false);
    expect(isObjectLike(null)).toBe(false);
    expect(isObjectLike('x')).toBe(false);
  });

  it('field: undefined for non-objects and throwing getters', () => {
    expect(field({ a: 1 }, 'a')).toBe(1);
    expect(field('str', 'length')).toBeUndefined();
    expect(field(null, 'a')).toBeUndefined();
    expect(field(hostile, 'a')).toBeUndefined();
  });

  it('stringField is strict (wrong type: undefined), text is lenient (wrong type: "")', () => {
    expect(stringField({ a: 'x' }, 'a')).toBe('x');
    expect(stringField({}, 'a')).toBe('');
    expect(stringField({ a: null }, 'a')).toBe('');
    expect(stringField({ a: 3 }, 'a')).toBeUndefined();
    expect(text({ a: 3 }, 'a')).toBe('');
    expect(text({ a: 'x' }, 'a')).toBe('x');
  });

  it('integer: whole numbers only', () => {
    expect(integer({ a: 3 }, 'a')).toBe(3);
    expect(integer({ a: 3.5 }, 'a')).toBeUndefined();
    expect(integer({ a: '3' }, 'a')).toBeUndefined();
  });

  it('list: a dense copy (holes read as undefined), [] for non-arrays', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const read = list({ a: sparse }, 'a');
    expect(read).toEqual([1, undefined, 3]);
    expect(read).not.toBe(sparse);
    expect(list({ a: {} }, 'a')).toEqual([]);
  });

  it('readStringMap: string entries of an object or a Map; throwing getters left out', () => {
    expect([...readStringMap({ a: 'x', b: 2, c: null })]).toEqual([['a', 'x']]);
    expect([...readStringMap(new Map([['a', 'x']]))]).toEqual([['a', 'x']]);
    expect(readStringMap(['a']).size).toBe(0);
    expect(readStringMap(hostile).size).toBe(0);
    const oneBad = Object.defineProperty({ ok: 'y' }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('nope');
      },
    });
    expect([...readStringMap(oneBad)]).toEqual([['ok', 'y']]);
    expect([...stringMap({ labels: { app: 'web' } }, 'labels')]).toEqual([['app', 'web']]);
  });
});

describe('metav1.Time', () => {
  it.each([
    ['2026-11-01T10:00:00Z', Date.parse('2026-11-01T10:00:00Z')],
    [new Date('2026-11-01T10:00:00Z'), Date.parse('2026-11-01T10:00:00Z')],
    [12, 12],
    ['', undefined],
    ['not a time', undefined],
    [new Date(Number.NaN), undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [null, undefined],
    [{}, undefined],
  ])('readTimestamp(%s)', (input, want) => {
    expect(readTimestamp(input)).toBe(want);
  });

  // metav1.Time.UnmarshalJSON is time.Parse(time.RFC3339, s): Go's layout parser, stricter than
  // Date.parse in most ways and more lenient in a few.
  const utc = Date.parse('2026-12-04T10:00:00Z');
  it.each([
    ['2026-12-04T10:00:00Z', utc],
    ['2026-12-04T10:00:00.123Z', utc + 123],
    ['2026-12-04T10:00:00.123456789Z', utc + 123],
    ['2026-12-04T10:00:00.1234567891234Z', utc + 123],
    ['2026-12-04T10:00:00.5Z', utc + 500],
    // Go accepts a comma before the fraction, a one-digit hour, offsets up to 24:60.
    ['2026-12-04T10:00:00,5Z', utc + 500],
    ['2026-12-04T9:00:00Z', utc - 3_600_000],
    ['2026-12-04T10:00:00+01:00', utc - 3_600_000],
    ['2026-12-04T10:00:00-01:30', utc + 5_400_000],
    ['2026-12-04T10:00:00+24:00', utc - 86_400_000],
    ['2026-12-04T10:00:00+00:60', utc - 3_600_000],
    ['2024-02-29T00:00:00Z', Date.parse('2024-02-29T00:00:00Z')],
    ['0000-01-01T00:00:00Z', Date.parse('0000-01-01T00:00:00Z')],
    ['0001-01-01T00:00:00Z', Date.parse(GO_ZERO_TIME)],
    ['9999-12-31T23:59:59Z', Date.parse('9999-12-31T23:59:59Z')],
    ['1969-12-31T23:59:59.999Z', -1],
    // What Date.parse takes and Go does not.
    ['Dec 4 2026', undefined],
    ['2026-12-04', undefined],
    ['2026-12-04T10:00Z', undefined],
    ['2026-12-04T10:00:00', undefined],
    ['2026-12-04 10:00:00Z', undefined],
    ['2026-12-04t10:00:00Z', undefined],
    ['2026-12-04T10:00:00z', undefined],
    [' 2026-12-04T10:00:00Z', undefined],
    ['2026-12-04T10:00:00Z ', undefined],
    ['2026-12-04T10:00:00+0100', undefined],
    ['2026-12-04T10:00:00+01', undefined],
    ['+002026-12-04T10:00:00Z', undefined],
    ['Fri, 04 Dec 2026 10:00:00 GMT', undefined],
    ['2026-12-04T10:00:00.Z', undefined],
    // Out of range.
    ['2026-13-04T10:00:00Z', undefined],
    ['2026-02-29T10:00:00Z', undefined],
    ['2100-02-29T10:00:00Z', undefined],
    ['2026-04-31T10:00:00Z', undefined],
    ['2026-12-00T10:00:00Z', undefined],
    ['2026-12-04T24:00:00Z', undefined],
    ['2026-12-04T10:60:00Z', undefined],
    ['2026-12-04T10:00:60Z', undefined],
    ['2026-12-04T10:00:00+25:00', undefined],
    ['2026-12-04T10:00:00+00:61', undefined],
    ['2026-1-04T10:00:00Z', undefined],
    ['2026-12-4T10:00:00Z', undefined],
    ['2026-12-04T10:0:00Z', undefined],
    ['2026-12-04T100:00:00Z', undefined],
  ] as const)('TestTimeUnmarshalJSON: readTimestamp(%j)', (input, want) => {
    expect(readTimestamp(input)).toBe(want);
  });

  it('a client-node Date and epoch ms are taken as they are', () => {
    expect(readTimestamp(new Date(utc + 7))).toBe(utc + 7);
    expect(readTimestamp(utc + 7)).toBe(utc + 7);
  });

  it('agrees with Date.parse on every canonical RFC 3339 string, and never throws', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString();
          expect(readTimestamp(iso)).toBe(d.getTime());
          expect(readTimestamp(iso.replace(/\.\d+Z$/, 'Z'))).toBe(
            Math.floor(d.getTime() / 1000) * 1000,
          );
        },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9T:.,Zz+ -]{0,40}$/)), (s) => {
        const ms = readTimestamp(s);
        expect(ms === undefined || Number.isInteger(ms)).toBe(true);
      }),
    );
  });

  it.each([
    [Date.parse('2026-11-01T10:00:00.999Z'), '2026-11-01T10:00:00Z'],
    [0, '1970-01-01T00:00:00Z'],
    [-1500, '1969-12-31T23:59:58Z'],
    [Date.UTC(10000, 0, 1), '10000-01-01T00:00:00Z'],
    [Date.UTC(-1, 0, 1), '-0001-01-01T00:00:00Z'],
    [Date.parse('0001-01-01T00:00:00Z'), GO_ZERO_TIME],
  ])('formatApiTime(%s) = %s', (ms, want) => {
    expect(formatApiTime(ms)).toBe(want);
  });

  it('formatApiTime: undefined where no Date can hold the time', () => {
    expect(formatApiTime(Number.NaN)).toBeUndefined();
    expect(formatApiTime(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(formatApiTime(8.64e15 + 1000)).toBeUndefined();
    expect(formatApiTime(8.64e15)).toBe('+275760-09-13T00:00:00Z'.slice(1));
  });
});
