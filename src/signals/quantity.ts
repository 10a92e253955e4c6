// Kubernetes `resource.Quantity`, exact and bigint-based. The implementation lives in
// ./quantity/; this module is the stable import path for the rest of the library.

export type { QuantityBackend } from './quantity/amount';
export {
  FORMAT_MESSAGE,
  NUMERIC_MESSAGE,
  type QuantityError,
  type QuantityErrorCode,
  SUFFIX_MESSAGE,
} from './quantity/errors';
export type { QuantityFormat } from './quantity/format';
export { SCALE_LIMIT } from './quantity/int';
export { parseQuantity } from './quantity/parse';
export { isQuantity, Quantity } from './quantity/quantity';
