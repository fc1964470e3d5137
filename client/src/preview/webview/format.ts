/**
 * Values for people in the preview, by the CLI's own rules (server/src/engine/render/humanNumbers.ts,
 * a module without imports, bundled into the webview): values with units, percentages, counts,
 * instants, status words, and the parsed target the chart draws.
 */
import { formatBudget as formatHumanBudget, formatValue as formatHumanValue, formatValueRange } from '../../../../server/src/engine/render/humanNumbers';
import type { Status, WindowView } from './viewTypes';

export { formatFactor } from '../../../../server/src/engine/render/humanNumbers';

export interface ParsedTarget { op: '<=' | '<' | '>=' | '>' | '=='; value: number; decimals: number; unit: string }

export function parseTargetText(target: string): ParsedTarget | undefined {
  const m = /^\s*(<=|>=|<|>|==)?\s*(-?\d+(?:\.(\d+))?)\s*([A-Za-z%µ/]*)\s*$/.exec(target);
  if (!m) return undefined;
  const value = Number(m[2]);
  if (!Number.isFinite(value)) return undefined;
  return { op: (m[1] ?? '>=') as ParsedTarget['op'], value, decimals: m[3] ? m[3].length : 0, unit: m[4] ?? '' };
}

/**
 * A value with its unit for people, the CLI's own rule (server/src/engine/render/humanNumbers.ts, a
 * module without imports): one decimal more than the target, rounded towards failure, and more
 * digits when rounding would put the value on the other side of the target (pass the window's
 * status when known).
 */
export function formatValue(value: number | null, unit: string, target?: string, status?: string): string {
  return formatHumanValue(value, unit, target, status);
}

/** A window's value for people: its exact decimal when no double holds it, else formatValue. */
export function formatWindowValue(w: Pick<WindowView, 'value' | 'valueText' | 'valueRange' | 'unit' | 'status'>, target?: string): string {
  if (w.valueText !== undefined && w.value !== null) return `${w.valueText}${w.unit}`;
  if (w.valueRange) return formatValueRange(w.valueRange, w.unit);
  return formatValue(w.value, w.unit, target, w.status);
}

/** An error budget share: one decimal, and never "0.0%" for a budget overspent by a hair. */
export function formatBudget(fraction: number | null): string {
  return formatHumanBudget(fraction);
}

/** A fraction as a percentage with `digits` decimals; more when a non-zero one would read 0. */
export function formatPercent(fraction: number | null, digits = 1): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  const pct = fraction * 100;
  let text = pct.toFixed(digits);
  for (let dp = digits + 1; fraction !== 0 && Number(text) === 0 && dp <= 15; dp++) text = pct.toFixed(dp).replace(/0+$/, '');
  return `${text}%`;
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

/**
 * A status in words; `provisionalUntil`: labels still arriving (spec §12) — "breached (provisional
 * until 15 Oct)", its verdict may change until then.
 */
export function statusLabel(status: Status, partial = false, provisionalUntil?: string): string {
  const base = status === 'met' ? 'met' : status === 'breached' ? 'breached' : 'no data';
  if (provisionalUntil !== undefined && status !== 'no-data') return `provisional until ${shortDate(provisionalUntil)} (${base} so far)`;
  return partial && status !== 'no-data' ? `${base} (so far)` : base;
}

/** "2026-10-15T00:00:00.000Z" → "15 Oct 2026" (UTC: the date the report computed). */
function shortDate(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const d = new Date(t);
  return `${d.getUTCDate()} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A window's status in words, provisional and partial windows said so. */
export function windowStatusLabel(w: { status: Status; partial: boolean; provisional?: boolean; provisionalUntil?: string }): string {
  return statusLabel(w.status, w.partial, w.provisional ? w.provisionalUntil ?? '?' : undefined);
}

/** "2026-10-15T23:57:19.001Z" → "2026-10-15 23:57 UTC". */
export function formatInstant(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The datetime-local value (UTC wall time) of an ISO instant. */
export function asOfInputOf(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(iso);
  return m ? m[1] : '';
}

