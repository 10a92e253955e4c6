import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import {
  parseQuantity,
  Quantity,
  type QuantityError,
  type QuantityFormat,
} from '../../src/signals/quantity';

describe('Quantity types', () => {
  it('parseQuantity returns Result<Quantity, QuantityError>', () => {
    expectTypeOf(parseQuantity).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(parseQuantity).returns.toEqualTypeOf<Result<Quantity, QuantityError>>();
  });

  it('QuantityError is a discriminated union on code', () => {
    expectTypeOf<QuantityError['code']>().toEqualTypeOf<
      'format' | 'suffix' | 'numeric' | 'range' | 'type'
    >();
    const describe = (e: QuantityError) => {
      switch (e.code) {
        case 'suffix':
          expectTypeOf(e.suffix).toEqualTypeOf<string>();
          return e.suffix;
        case 'range':
          expectTypeOf(e.exponent).toEqualTypeOf<number>();
          return String(e.exponent);
        case 'format':
        case 'numeric':
        case 'type':
          // @ts-expect-error only suffix errors carry the suffix
          return e.suffix;
        default: {
          const unreachable: never = e;
          return unreachable;
        }
      }
    };
    expectTypeOf(describe).returns.toEqualTypeOf<string>();
    expectTypeOf<QuantityError>().toHaveProperty('message').toEqualTypeOf<string>();
    expectTypeOf<QuantityError>().toHaveProperty('input').toEqualTypeOf<string>();
  });

  it('Quantity exposes exact bigint accessors', () => {
    expectTypeOf<Quantity['value']>().returns.toEqualTypeOf<bigint>();
    expectTypeOf<Quantity['milliValue']>().returns.toEqualTypeOf<bigint>();
    expectTypeOf<Quantity['scaledValue']>().returns.toEqualTypeOf<bigint>();
    expectTypeOf<Quantity['cmp']>().returns.toEqualTypeOf<-1 | 0 | 1>();
    expectTypeOf<Quantity['mantissa']>().toEqualTypeOf<bigint>();
    expectTypeOf<Quantity['format']>().toEqualTypeOf<QuantityFormat>();
    expectTypeOf<Quantity['roundUp']>().returns.toEqualTypeOf<{
      quantity: Quantity;
      exact: boolean;
    }>();
    expectTypeOf(Quantity.fromBigInt).parameter(0).toEqualTypeOf<bigint | number>();
  });

  it('the constructor is private', () => {
    // @ts-expect-error construct through parseQuantity or the static factories
    new Quantity();
  });
});
