import { SIGNAL_NODE_CONDITION, SIGNAL_RESOURCE, signalTaintKey } from '../../signals/catalogue';
import { type ConfigError, formatConfigError } from '../../signals/config-error';
import { DEFAULT_EVICTION_HARD } from '../../signals/defaults';
import { formatGoDuration, msToNanos } from '../../signals/go-duration';
import type { LoadedKubeletConfig } from '../../signals/kubelet-config';
import type { Quantity } from '../../signals/quantity';
import type { Signal, Threshold, ThresholdValue } from '../../signals/types';
import { oneLine } from '../failure';
import { type Colors, PLAIN } from '../style';
import { formatBytes, formatPercentage, resolveThresholdValue } from './numbers';
import { describeQuantityError } from './quantity-error';
import { renderTable } from './table';

/** The Kubernetes release whose rules the report follows. */
export const KUBERNETES_RELEASE = 'v1.37';

export type CapacityKind = 'memory' | 'disk' | 'inodes' | 'pids';

/** Which capacity a signal's percentages are taken of. */
export const SIGNAL_CAPACITY: Readonly<Record<Signal, CapacityKind>> = {
  'memory.available': 'memory',
  'allocatableMemory.available': 'memory',
  'nodefs.available': 'disk',
  'nodefs.inodesFree': 'inodes',
  'imagefs.available': 'disk',
  'imagefs.inodesFree': 'inodes',
  'containerfs.available': 'disk',
  'containerfs.inodesFree': 'inodes',
  'pid.available': 'pids',
};

export interface CapacityFigure {
  value: bigint;
  /** `option` when given on the command line, `machine` when probed. */
  origin: 'option' | 'machine';
}

export type ReportCapacity = Partial<Record<CapacityKind, CapacityFigure>>;

export interface ReportInput {
  loaded: LoadedKubeletConfig;
  /** The file read, or `undefined` for the kubelet's defaults. */
  file: string | undefined;
  /** The flag words applied after the file. */
  flags: readonly string[];
  capacity: ReportCapacity;
}

interface Row {
  threshold: Threshold;
  kind: 'hard' | 'soft';
  capacity: CapacityKind;
  resolved: Quantity | undefined;
  resolvedMinReclaim: Quantity | undefined;
}

function rows(input: ReportInput): Row[] {
  return input.loaded.thresholds.map((threshold) => {
    const capacity = SIGNAL_CAPACITY[threshold.signal];
    const figure = input.capacity[capacity]?.value;
    return {
      threshold,
      kind: threshold.gracePeriodMs === 0 ? 'hard' : 'soft',
      capacity,
      resolved: resolveThresholdValue(threshold.value, figure),
      resolvedMinReclaim:
        threshold.minReclaim === undefined
          ? undefined
          : resolveThresholdValue(threshold.minReclaim, figure),
    };
  });
}

/** Default signals that a given `evictionHard` leaves without a hard threshold. */
export function droppedDefaults(loaded: LoadedKubeletConfig): string[] {
  const { settings } = loaded;
  if (settings.evictionHardSource !== 'config' && settings.evictionHardSource !== 'flags')
    return [];
  return Object.keys(DEFAULT_EVICTION_HARD).filter(
    (signal) => !Object.hasOwn(settings.evictionHard, signal),
  );
}

/** `evictionHard`/`evictionSoft` entries switched off with `0%` or `100%`. */
export function disabledEntries(loaded: LoadedKubeletConfig): string[] {
  const { settings } = loaded;
  const out: string[] = [];
  for (const [field, map] of [
    ['evictionHard', settings.evictionHard],
    ['evictionSoft', settings.evictionSoft],
  ] as const) {
    for (const [signal, value] of Object.entries(map)) {
      if (value === '0%' || value === '100%') out.push(`${field} ${signal} (${value})`);
    }
  }
  return out;
}

function valueText(value: ThresholdValue): string {
  return 'quantity' in value ? value.quantity.toString() : formatPercentage(value.percentage);
}

function amountText(quantity: Quantity | undefined, capacity: CapacityKind): string {
  if (quantity === undefined) return 'unknown capacity';
  const exact = quantity.toString();
  const approx =
    capacity === 'memory' || capacity === 'disk'
      ? formatBytes(quantity.value())
      : quantity.value().toString();
  return approx === exact ? exact : `${exact} (${approx})`;
}

function durationText(ms: number): string {
  return formatGoDuration(msToNanos(ms));
}

const SOURCE_TEXT: Readonly<Record<string, string>> = {
  default: 'evictionHard not set: the kubelet defaults',
  config: 'evictionHard as given (signals it does not list have no hard threshold)',
  merged: 'evictionHard as given, missing default signals filled in (mergeDefaultEvictionSettings)',
  flags: 'evictionHard from --eviction-hard (replaces any configured map)',
};

function capacityText(capacity: ReportCapacity): string {
  const parts: string[] = [];
  const origin = (figure: CapacityFigure) => (figure.origin === 'option' ? ' (given)' : '');
  if (capacity.memory)
    parts.push(`memory ${formatBytes(capacity.memory.value)}${origin(capacity.memory)}`);
  if (capacity.disk) parts.push(`disk ${formatBytes(capacity.disk.value)}${origin(capacity.disk)}`);
  if (capacity.inodes) parts.push(`${capacity.inodes.value} inodes${origin(capacity.inodes)}`);
  if (capacity.pids) parts.push(`${capacity.pids.value} pids${origin(capacity.pids)}`);
  return parts.length === 0 ? 'unknown' : parts.join(', ');
}

/** The human-readable report: a header, an aligned threshold table, the other settings, notes. */
export function renderReportText(input: ReportInput, c: Colors = PLAIN): string {
  const { settings } = input.loaded;
  const lines: string[] = [];
  const source =
    input.file === undefined
      ? 'kubelet defaults (a config file without eviction settings)'
      : `${input.file} (${settings.format})`;
  lines.push(c.bold(`Effective eviction thresholds (kubelet ${KUBERNETES_RELEASE} rules)`));
  lines.push(
    renderTable(
      [],
      [
        ['source', source + (input.flags.length > 0 ? ' + flags' : '')],
        ['evictionHard', SOURCE_TEXT[settings.evictionHardSource] ?? settings.evictionHardSource],
        ['capacity', capacityText(input.capacity)],
      ],
    ),
  );
  lines.push('');
  const table = rows(input);
  if (table.length === 0) {
    lines.push('No eviction thresholds: the kubelet will not evict pods for node pressure.');
  } else {
    lines.push(
      renderTable(
        ['SIGNAL', 'KIND', 'THRESHOLD', 'ON CAPACITY', 'GRACE', 'MIN RECLAIM'].map((h) => c.dim(h)),
        table.map((row) => [
          row.threshold.signal,
          row.kind === 'hard' ? c.red(row.kind) : c.yellow(row.kind),
          valueText(row.threshold.value),
          amountText(row.resolved, row.capacity),
          row.kind === 'soft' ? durationText(row.threshold.gracePeriodMs) : '-',
          row.threshold.minReclaim === undefined
            ? '-'
            : 'percentage' in row.threshold.minReclaim
              ? `${valueText(row.threshold.minReclaim)} = ${amountText(row.resolvedMinReclaim, row.capacity)}`
              : valueText(row.threshold.minReclaim),
        ]),
      ),
    );
  }
  lines.push('');
  lines.push(
    renderTable(
      [],
      [
        [
          'evictionPressureTransitionPeriod',
          durationText(settings.evictionPressureTransitionPeriodMs),
        ],
        ['evictionMaxPodGracePeriod', `${settings.evictionMaxPodGracePeriodSeconds}s`],
        ['enforceNodeAllocatable', settings.enforceNodeAllocatable.join(',') || '(none)'],
        ['mergeDefaultEvictionSettings', String(settings.mergeDefaultEvictionSettings)],
        ['kernelMemcgNotification', String(settings.kernelMemcgNotification)],
      ],
    ),
  );
  const notes: string[] = [];
  const dropped = droppedDefaults(input.loaded);
  if (dropped.length > 0)
    notes.push(`default hard thresholds not in effect: ${dropped.join(', ')}`);
  const disabled = disabledEntries(input.loaded);
  if (disabled.length > 0) notes.push(`disabled: ${disabled.join(', ')}`);
  if (settings.experimentalAllocatableIgnoreEviction) {
    notes.push(
      '--experimental-allocatable-ignore-eviction: no allocatableMemory.available thresholds',
    );
  }
  if (settings.ignoredFlags.length > 0)
    notes.push(`ignored (not eviction flags): ${settings.ignoredFlags.join(' ')}`);
  if (notes.length > 0) {
    lines.push('');
    for (const note of notes) lines.push(c.dim(`note: ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

function jsonValue(value: ThresholdValue): Record<string, unknown> {
  return 'quantity' in value
    ? { quantity: value.quantity.toString() }
    : { percentage: value.percentage, percent: formatPercentage(value.percentage) };
}

function jsonAmount(quantity: Quantity | undefined): Record<string, string> | null {
  return quantity === undefined
    ? null
    : { quantity: quantity.toString(), value: quantity.value().toString() };
}

/**
 * The `--json` document (version 1). Stable shape:
 *
 * ```
 * { version: 1, kubernetes: "v1.37",
 *   source: { file: string | null, format: "KubeletConfiguration" | "configz" | "kops" | "defaults", flags: string[] },
 *   capacity: { memory|disk|inodes|pids?: { value: "<integer>", origin: "machine" | "option" } },
 *   settings: { evictionHard, evictionSoft, evictionSoftGracePeriod, evictionMinimumReclaim (maps),
 *               evictionHardSource: "default" | "config" | "merged" | "flags",
 *               mergeDefaultEvictionSettings, evictionPressureTransitionPeriod (Go duration text),
 *               evictionPressureTransitionPeriodMs, evictionMaxPodGracePeriodSeconds,
 *               enforceNodeAllocatable: string[], experimentalAllocatableIgnoreEviction,
 *               kernelMemcgNotification, localStorageCapacityIsolation, ignoredFlags: string[] },
 *   thresholds: [{ signal, kind: "hard" | "soft", operator: "LessThan",
 *                  value: { quantity: "100Mi" } | { percentage: <float32 fraction>, percent: "10%" },
 *                  capacity: "memory" | "disk" | "inodes" | "pids",
 *                  resolved: { quantity, value: "<integer>" } | null,
 *                  gracePeriodMs, gracePeriod: "1m30s",
 *                  minReclaim: (value shape) | null, resolvedMinReclaim: (resolved shape) | null,
 *                  resource, nodeCondition, taint }],
 *   notes: { droppedDefaults: string[], disabled: string[] } }
 * ```
 * Integers that can exceed 2^53 are decimal strings. Errors print `{ version: 1, error: {
 * code, field, key, value, message } }`.
 */
export function renderReportJson(input: ReportInput): string {
  const { settings } = input.loaded;
  const capacity: Record<string, unknown> = {};
  for (const [kind, figure] of Object.entries(input.capacity)) {
    if (figure !== undefined)
      capacity[kind] = { value: figure.value.toString(), origin: figure.origin };
  }
  const document = {
    version: 1,
    kubernetes: KUBERNETES_RELEASE,
    source: { file: input.file ?? null, format: settings.format, flags: [...input.flags] },
    capacity,
    settings: {
      evictionHard: settings.evictionHard,
      evictionSoft: settings.evictionSoft,
      evictionSoftGracePeriod: settings.evictionSoftGracePeriod,
      evictionMinimumReclaim: settings.evictionMinimumReclaim,
      evictionHardSource: settings.evictionHardSource,
      mergeDefaultEvictionSettings: settings.mergeDefaultEvictionSettings,
      evictionPressureTransitionPeriod: durationText(settings.evictionPressureTransitionPeriodMs),
      evictionPressureTransitionPeriodMs: settings.evictionPressureTransitionPeriodMs,
      evictionMaxPodGracePeriodSeconds: settings.evictionMaxPodGracePeriodSeconds,
      enforceNodeAllocatable: settings.enforceNodeAllocatable,
      experimentalAllocatableIgnoreEviction: settings.experimentalAllocatableIgnoreEviction,
      kernelMemcgNotification: settings.kernelMemcgNotification,
      localStorageCapacityIsolation: settings.localStorageCapacityIsolation,
      ignoredFlags: settings.ignoredFlags,
    },
    thresholds: rows(input).map((row) => ({
      signal: row.threshold.signal,
      kind: row.kind,
      operator: row.threshold.operator,
      value: jsonValue(row.threshold.value),
      capacity: row.capacity,
      resolved: jsonAmount(row.resolved),
      gracePeriodMs: row.threshold.gracePeriodMs,
      gracePeriod: durationText(row.threshold.gracePeriodMs),
      minReclaim:
        row.threshold.minReclaim === undefined ? null : jsonValue(row.threshold.minReclaim),
      resolvedMinReclaim: jsonAmount(row.resolvedMinReclaim),
      resource: SIGNAL_RESOURCE[row.threshold.signal],
      nodeCondition: SIGNAL_NODE_CONDITION[row.threshold.signal],
      taint: signalTaintKey(row.threshold.signal),
    })),
    notes: {
      droppedDefaults: droppedDefaults(input.loaded),
      disabled: disabledEntries(input.loaded),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The `--json` error document. */
export function renderErrorJson(error: ConfigError): string {
  const { code, field, key, value } = error;
  const message = readableMessage(error);
  return `${JSON.stringify({ version: 1, error: { code, field, key, value, message } }, null, 2)}\n`;
}

/** The error line for people: `error: cannot read …` or `error: invalid configuration: …`. */
export function renderErrorText(error: ConfigError): string {
  if (error.code === 'unreadable') return `error: ${oneLine(error.message)}\n`;
  return `error: invalid configuration: ${describeConfigError(error)}\n`;
}

/** One line saying what is wrong in a configuration: `evictionHard["x"]: <problem>`. */
export function describeConfigError(error: ConfigError): string {
  return oneLine(formatConfigError({ ...error, message: readableMessage(error) }));
}

/** The library's message, except that a bad quantity says so instead of quoting a regexp. */
function readableMessage(error: ConfigError): string {
  return error.code === 'invalid-quantity' ? describeQuantityError(error.cause) : error.message;
}
