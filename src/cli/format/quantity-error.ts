import type { QuantityError } from '../../signals/quantity';

/**
 * A quantity error for people: says the value is not a quantity and what one looks like, instead
 * of upstream's regular expression (which stays in the library's error value).
 */
export function describeQuantityError(error: QuantityError): string {
  const shown = JSON.stringify(error.input);
  switch (error.code) {
    case 'suffix':
      return `${shown} is not a quantity: unknown unit suffix ${JSON.stringify(error.suffix)} (use Ki, Mi, Gi, Ti, k, M, G, T, …)`;
    case 'range':
      return `${shown} is not a quantity evictkit can represent: ${error.message}`;
    case 'type':
      return `not a quantity: ${error.message}`;
    default:
      return `${shown} is not a quantity (expected a number with an optional unit, such as 100Mi, 1.5Gi or 500M)`;
  }
}
