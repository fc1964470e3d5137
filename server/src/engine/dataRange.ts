/**
 * Rows whose timestamps lie far from anything the SLA covers (spec §4 `timestampUnit`, §9 "The
 * period clips"): the usual cause is an epoch in the wrong unit — milliseconds read as seconds land
 * around year 58,000, seconds read as milliseconds in January 1970 — or one mistyped date. Such rows
 * are never evaluated (the period clips them), so without a word every window is silently
 * `no-data`. Pure: the report lists the result as one data issue per metric, and the linter may
 * state it as a finding on the metric's `timestampUnit` / `timestamp`.
 *
 * Rules settled here:
 * - The SLA's span: from the earliest of `period.start` and `baseline.from` to the latest of
 *   `period.end` and `baseline.to` (open when the period has no end: an open-ended SLA keeps
 *   getting data after its baseline).
 * - Far: more than FAR_MS (366 days) before the span's start or after its end; and, whatever the
 *   SLA says, before 1971-01-01 or from 2500-01-01 on (no telemetry is from there: these are the
 *   two epoch-unit mistakes).
 * - With a numeric `timestampUnit`, the other unit is tried on the rows' range: if the earliest and
 *   the latest row read that way both fall inside the span (± FAR_MS), the message says so.
 */
import type { MetricData } from './metrics/types';

export const FAR_MS = 366 * 86_400_000;
/** Before this instant (1971-01-01T00:00Z) a timestamp is epoch seconds read as milliseconds, or a zero. */
export const IMPLAUSIBLY_EARLY = Date.UTC(1971, 0, 1);
/** From this instant (2500-01-01T00:00Z) on a timestamp is epoch milliseconds read as seconds, or a typo. */
export const IMPLAUSIBLY_LATE = Date.UTC(2500, 0, 1);

export interface SlaSpan {
  start?: number;
  end?: number;
}

export interface OutlyingRows {
  /** Rows far before / far after the SLA's span. */
  before: number;
  after: number;
  rows: number;
  /** Physical line of the most extreme outlying row (the earliest when some lie before), when known. */
  line: number | undefined;
  /** What it means and what to check, for people. */
  message: string;
}

/** The span an SLA covers: period ∪ baseline; the end is open when the period has no end. */
export function slaSpan(period: { start?: number; end?: number }, baseline: { start: number; end: number } | undefined): SlaSpan {
  const starts = [period.start, baseline?.start].filter((x): x is number => x !== undefined);
  const span: SlaSpan = {};
  if (starts.length) span.start = Math.min(...starts);
  if (period.end !== undefined) span.end = Math.max(period.end, baseline?.end ?? -Infinity);
  return span;
}

const isoDate = (t: number): string => {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().replace('T00:00:00.000Z', '');
};

/**
 * The rows of `data` far outside `span` (see the header), or undefined when there are none.
 * `timestampUnit` is the metric's (`s`, `ms` or undefined for ISO timestamps).
 */
export function outlyingRows(data: MetricData, span: SlaSpan, timestampUnit?: unknown): OutlyingRows | undefined {
  if (!(data.rows > 0)) return undefined;
  const low = Math.max(IMPLAUSIBLY_EARLY, span.start === undefined ? -Infinity : span.start - FAR_MS);
  const high = Math.min(IMPLAUSIBLY_LATE, span.end === undefined ? Infinity : span.end + FAR_MS);
  if (data.minTime >= low && data.maxTime < high) return undefined;
  let before = 0, after = 0;
  const ts = data.timestamps;
  for (let i = 0; i < data.rows; i++) {
    const t = ts[i];
    if (t < low) before++;
    else if (t >= high) after++;
  }
  if (before + after === 0) return undefined;
  const line = before > 0 ? data.minTimeLine : data.maxTimeLine;
  const all = before + after === data.rows;
  const count = all ? (data.rows === 1 ? 'its only row lies' : `all ${data.rows} rows lie`) : `${before + after} of ${data.rows} rows lie`;
  const at = (t: number, l: number | undefined) => `${new Date(t).toISOString()}${l ? ` (line ${l})` : ''}`;
  const where: string[] = [];
  if (before) where.push(`${before} before it, the earliest at ${at(data.minTime, data.minTimeLine)}`);
  if (after) where.push(`${after} after it, the latest at ${at(data.maxTime, data.maxTimeLine)}`);
  const known = span.start !== undefined || span.end !== undefined;
  const reference = known
    ? `the dates the SLA covers (its period and baseline, ${span.start !== undefined ? isoDate(span.start) : '…'} to ${span.end !== undefined ? isoDate(span.end) : '…'}, give or take a year)`
    : 'any plausible date (1971 to 2499: the SLA has no period or baseline)';
  let message = `${count} far outside ${reference}: ${where.join('; ')}. They are never evaluated.`;
  if (timestampUnit === 's' || timestampUnit === 'ms') {
    const other = timestampUnit === 's' ? 'ms' : 's';
    const factor = timestampUnit === 's' ? 1 / 1000 : 1000;
    const lo = data.minTime * factor, hi = data.maxTime * factor;
    const fits = lo >= Math.max(IMPLAUSIBLY_EARLY, span.start === undefined ? -Infinity : span.start - FAR_MS)
      && hi < Math.min(IMPLAUSIBLY_LATE, span.end === undefined ? Infinity : span.end + FAR_MS);
    message += ` The timestamps are read as epoch ${timestampUnit === 's' ? 'seconds' : 'milliseconds'} (\`timestampUnit: ${timestampUnit}\`)`;
    message += fits
      ? `; read as ${other === 'ms' ? 'milliseconds' : 'seconds'} they would fall from ${new Date(lo).toISOString()} to ${new Date(hi).toISOString()}: is it \`timestampUnit: ${other}\`?`
      : ': check `timestampUnit` and the rows.';
  } else {
    message += ' Check the dates of these rows (a mistyped year?)' + (span.start === undefined ? ' and set `period.start`.' : '.');
  }
  return { before, after, rows: data.rows, line, message };
}
