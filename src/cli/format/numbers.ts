import { Quantity } from '../../signals/quantity';
import { getThresholdQuantity } from '../../signals/threshold-quantity';
import type { ThresholdValue } from '../../signals/types';

/**
 * The shortest decimal that reads back as the same float32 (Go's `%v` of a float32), in plain
 * notation: `Math.fround(0.105)` → `0.105`.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) return plainDecimal(candidate);
  }
  return plainDecimal(value);
}

/** A float32 fraction as a percentage text: `Math.fround(0.105)` → `10.5%`. */
export function formatPercentage(fraction: number): string {
  if (!Number.isFinite(fraction)) return `${fraction}%`;
  return `${shiftDecimal(formatFloat32(fraction), 2)}%`;
}

/** A number in plain decimal notation (no exponent). */
function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', int = '', frac = '', exp = '0'] = match;
  return sign + shiftDecimal(`${int}.${frac}`, Number(exp));
}

/** Move the decimal point of a plain decimal string by `places` (exact, textual). */
function shiftDecimal(text: string, places: number): string {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  let digits = int + frac;
  let point = int.length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  whole = (negative ? '-' : '') + whole;
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * The quantity a threshold value means on a capacity, exactly as the kubelet computes it
 * (`getThresholdQuantity`); `undefined` when the capacity is unknown.
 */
export function resolveThresholdValue(
  value: ThresholdValue,
  capacity: bigint | undefined,
): Quantity | undefined {
  if ('quantity' in value) return value.quantity;
  if (capacity === undefined) return undefined;
  return getThresholdQuantity(value, Quantity.fromBigInt(capacity, 'BinarySI'));
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** An approximate, human-readable byte count: `1.5 GiB`, `100 MiB`, `512 B`. */
export function formatBytes(bytes: bigint): string {
  const negative = bytes < 0n;
  let value = Number(negative ? -bytes : bytes);
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : String(Number(value.toFixed(1)));
  return `${negative ? '-' : ''}${shown} ${BINARY_UNITS[unit]}`;
}
