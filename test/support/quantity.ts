import { parseQuantity, type Quantity } from '../../src/signals/quantity';

/** Test-only `resource.MustParse`: throws on a bad literal so a typo fails the test loudly. */
export function q(s: string): Quantity {
  const r = parseQuantity(s);
  if (r.isErr()) throw new Error(`bad quantity literal in test: ${s}: ${r.error.message}`);
  return r.value;
}
