/**
 * How a Quantity prints: `DecimalSI` (`12M`), `BinarySI` (`12Mi`) or `DecimalExponent` (`12e6`).
 * Any other string (possible at run time from untyped callers) prints as `DecimalExponent`,
 * as upstream does for unknown formats.
 */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';
