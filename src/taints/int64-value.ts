import { isDecimalInteger } from '../pods/label-validation';

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
