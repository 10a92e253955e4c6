// Amounts for people in event lines: bytes as `3.5 GiB`, counts as they are. (The kubelet's own
// messages keep the kubelet's exact quantity text.)

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `1536 MiB` → `1.5 GiB`; inodes and processes as plain numbers. */
export function humanAmount(value: number, unit: 'bytes' | 'inodes' | 'processes'): string {
  if (unit !== 'bytes') return String(value);
  let v = Math.abs(value);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const shown = i === 0 ? String(v) : String(Number(v.toFixed(1)));
  return `${value < 0 ? '-' : ''}${shown} ${UNITS[i]}`;
}
