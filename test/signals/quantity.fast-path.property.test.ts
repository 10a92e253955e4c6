// The fast path for common quantity spellings (parse-fast.ts) against the step-by-step parser:
// on any input, the same Quantity (mantissa, scale, backend, format, printed form, order) or the
// same error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuantity, type Quantity } from '../../src/signals/quantity';
import { parseQuantityStepwise } from '../../src/signals/quantity/parse';
import { parseCommonQuantity } from '../../src/signals/quantity/parse-fast';

const RUNS = { numRuns: Number(process.env.QUANTITY_FAST_RUNS ?? 3000) };
const SUFFIXES = [
  '',
  'n',
  'u',
  'm',
  'k',
  'M',
  'G',
  'T',
  'P',
  'E',
  'Ki',
  'Mi',
  'Gi',
  'Ti',
  'Pi',
  'Ei',
  'K',
  'e',
  'E',
  'mi',
  'i',
];
const digitString = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength });

/** Shapes around the fast path's edges: digit counts near 15, fractions, short exponents. */
const commonShaped = fc
  .tuple(
    fc.constantFrom('', '', '', '+', '-', '0', '00'),
    digitString(17),
    fc.option(digitString(11), { freq: 2 }),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SUFFIXES) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '+', '-'),
            digitString(5),
            fc.constantFrom('', '', 'i', 'x'),
          )
          .map((parts) => parts.join('')),
      },
    ),
  )
  .map(
    ([prefix, int, frac, suffix]) => `${prefix}${int}${frac === null ? '' : `.${frac}`}${suffix}`,
  );

/** Realistic resource strings with random magnitudes. */
const realistic = fc
  .tuple(
    fc.integer({ min: 0, max: 2 ** 40 }),
    fc.integer({ min: 0, max: 9999 }),
    fc.constantFrom(...SUFFIXES.slice(0, 16)),
    fc.boolean(),
  )
  .map(([int, frac, suffix, fraction]) =>
    fraction ? `${int}.${frac}${suffix}` : `${int}${suffix}`,
  );

const probes = ['0', '1', '100Mi', '250m', '1.5Gi', '-1', '1e3', '0.1n', '8Ei', '9Ei'].map((s) =>
  parseQuantity(s)._unsafeUnwrap(),
);

function expectSame(input: string): void {
  const fast = parseQuantity(input);
  const slow = parseQuantityStepwise(input);
  expect(fast.isOk()).toBe(slow.isOk());
  if (fast.isErr() || slow.isErr()) {
    expect(fast._unsafeUnwrapErr()).toEqual(slow._unsafeUnwrapErr());
    return;
  }
  const a: Quantity = fast.value;
  const b: Quantity = slow.value;
  expect([a.mantissa, a.scale, a.backend, a.format]).toEqual([
    b.mantissa,
    b.scale,
    b.backend,
    b.format,
  ]);
  expect(a.toString()).toBe(b.toString());
  expect(a.cmp(b)).toBe(0);
  for (const p of probes) expect(a.cmp(p)).toBe(b.cmp(p));
  expect(a.scaledValue(-9)).toBe(b.scaledValue(-9));
  expect(a.add(probes[2]!).toString()).toBe(b.add(probes[2]!).toString());
}

describe('parseQuantity fast path equals the step-by-step parser', () => {
  it('on strings shaped around the fast path', () => {
    fc.assert(
      fc.property(commonShaped, (s) => expectSame(s)),
      RUNS,
    );
  });

  it('on realistic resource strings', () => {
    fc.assert(
      fc.property(realistic, (s) => expectSame(s)),
      RUNS,
    );
  });

  it('on arbitrary strings over the grammar alphabet', () => {
    const alphabet = fc.string({
      unit: fc.constantFrom(...'0123456789.+-eEinumkKMGTP'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(alphabet, (s) => expectSame(s)),
      RUNS,
    );
  });

  it('takes the fast path for the common spellings, and declines the rest', () => {
    for (const s of ['100Mi', '1.5Gi', '0.24Gi', '250m', '2', '1e3', '500M', '128974848', '0.5']) {
      expect(parseCommonQuantity(s), s).toBeDefined();
    }
    for (const s of [
      '0',
      '-1',
      '+1',
      '007',
      '1.',
      '1e',
      '1e1234',
      '1234567890123456',
      '1Ki5',
      '0.5n',
    ]) {
      expect(parseCommonQuantity(s), s).toBeUndefined();
    }
  });
});
