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
 * - Where the span is open (no `period.end`, or no period and no baseline at all) the rows speak for
 *   themselves: sorted by time, they fall into runs separated by gaps of more than FAR_MS; the run
 *   with the most rows is the bulk (the latest on a tie). A row outside the hull of the bulk and
 *   the span (± FAR_MS on its known sides) is far too: one row dated 2400, or a few epoch-seconds
 *   rows in 1970, never stretch the windows, asOf or the window cap of the real data.
 * - Far rows are one data issue per metric and are removed before anything is evaluated (windows,
 *   asOf, verdicts, the preview's series): `withoutFarRows` gives the data the report evaluates.
 * - The message names the span's dates as written: the end is the inclusive last date in the
 *   SLA's zone (`2026-12-31`, not the exclusive next midnight).
 * - With a numeric `timestampUnit`, the other unit is tried on the rows' range: if the earliest and
 *   the latest row read that way both fall inside the span (± FAR_MS), the message says so.
 */
import { baselineBounds, periodBounds } from './windows';
import type { MetricData } from './metrics/types';
import { localDate } from './windows';

export const FAR_MS = 366 * 86_400_000;
/** Before this instant (1971-01-01T00:00Z) a timestamp is epoch seconds read as milliseconds, or a zero. */
export const IMPLAUSIBLY_EARLY = Date.UTC(1971, 0, 1);
/** From this instant (2500-01-01T00:00Z) on a timestamp is epoch milliseconds read as seconds, or a typo. */
export const IMPLAUSIBLY_LATE = Date.UTC(2500, 0, 1);

export interface SlaSpan {
  start?: number;
  /** Exclusive (the midnight after the last date). */
  end?: number;
  /** The zone the dates are in (for the message's dates); UTC when missing. */
  zone?: string;
}

export interface OutlyingRows {
  /** Rows far before / far after the SLA's span (and the bulk of the rows). */
  before: number;
  after: number;
  rows: number;
  /** Physical line of the most extreme outlying row (the earliest when some lie before), when known. */
  line: number | undefined;
  /** What it means and what to check, for people. */
  message: string;
  /** The rows kept: [from, to] inclusive (epoch ms); every row outside is far. */
  keepFrom: number;
  keepTo: number;
}

/** The span an SLA covers: period ∪ baseline; the end is open when the period has no end. */
export function slaSpan(period: { start?: number; end?: number }, baseline: { start: number; end: number } | undefined, zone?: string): SlaSpan {
  const starts = [period.start, baseline?.start].filter((x): x is number => x !== undefined);
  const span: SlaSpan = {};
  if (starts.length) span.start = Math.min(...starts);
  if (period.end !== undefined) span.end = Math.max(period.end, baseline?.end ?? -Infinity);
  if (zone) span.zone = zone;
  return span;
}

/**
 * The instants an SLA evaluates, for a source that reads only what is needed (spec §10): its period
 * and baseline, in its zone; open ends stay infinite (the source caps the end at now).
 */
export function slaReadRange(sla: Record<string, any>): { from: number; to: number } {
  const zone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : 'UTC';
  let span: SlaSpan;
  try {
    span = slaSpan(periodBounds(sla.period && typeof sla.period === 'object' ? sla.period : undefined, zone), baselineBounds(sla.baseline && typeof sla.baseline === 'object' ? sla.baseline : undefined, zone));
  } catch {
    span = {};
  }
  return { from: span.start ?? -Infinity, to: span.end ?? Infinity };
}

const dateIn = (t: number, zone: string | undefined): string => {
  try {
    return localDate(zone ?? 'UTC', t);
  } catch {
    return new Date(t).toISOString().slice(0, 10);
  }
};

/**
 * The bulk of the rows inside [low, high): the run (gaps of more than FAR_MS between consecutive
 * timestamps split runs) with the most rows, the latest on a tie; undefined when no row is inside.
 */
function bulkRun(data: MetricData, low: number, high: number): { from: number; to: number } | undefined {
  const ts = data.timestamps;
  // One run when the rows inside span no more than FAR_MS (the usual case: no sort).
  let min = Infinity, max = -Infinity, inside = 0;
  for (let i = 0; i < data.rows; i++) {
    const t = ts[i];
    if (t >= low && t < high) { inside++; if (t < min) min = t; if (t > max) max = t; }
  }
  if (inside === 0) return undefined;
  if (max - min <= FAR_MS) return { from: min, to: max };
  let sorted: Float64Array;
  if (data.sorted && inside === data.rows) sorted = ts.subarray(0, data.rows);
  else {
    sorted = new Float64Array(inside);
    let k = 0;
    for (let i = 0; i < data.rows; i++) { const t = ts[i]; if (t >= low && t < high) sorted[k++] = t; }
    if (!data.sorted) sorted.sort();
  }
  let best = { from: sorted[0], to: sorted[0], n: 0 };
  let runFrom = sorted[0], runN = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] - sorted[i - 1] > FAR_MS) {
      if (runN >= best.n) best = { from: runFrom, to: sorted[i - 1], n: runN };
      runFrom = sorted[i];
      runN = 0;
    }
    runN++;
  }
  if (runN >= best.n) best = { from: runFrom, to: sorted[sorted.length - 1], n: runN };
  return { from: best.from, to: best.to };
}

const rowsWord = (n: number): string => (n === 1 ? '1 row' : `${n} rows`);

/**
 * The rows of `data` far outside `span` and the bulk of the rows (see the header), or undefined when
 * there are none. `timestampUnit` is the metric's (`s`, `ms` or undefined for ISO timestamps).
 */
export function outlyingRows(data: MetricData, span: SlaSpan, timestampUnit?: unknown): OutlyingRows | undefined {
  if (!(data.rows > 0)) return undefined;
  const low = Math.max(IMPLAUSIBLY_EARLY, span.start === undefined ? -Infinity : span.start - FAR_MS);
  const high = Math.min(IMPLAUSIBLY_LATE, span.end === undefined ? Infinity : span.end + FAR_MS);
  let keepFrom = low, keepTo = high - 1;
  let bulk: { from: number; to: number } | undefined;
  if (span.start === undefined || span.end === undefined) {
    bulk = bulkRun(data, low, high);
    if (bulk) {
      // The hull of the bulk and the span's known sides (± FAR_MS).
      if (span.start === undefined) keepFrom = bulk.from;
      else keepFrom = Math.min(bulk.from, span.start - FAR_MS);
      if (span.end === undefined) keepTo = bulk.to;
      else keepTo = Math.max(bulk.to, span.end + FAR_MS - 1);
      keepFrom = Math.max(keepFrom, low);
      keepTo = Math.min(keepTo, high - 1);
    }
  }
  if (data.minTime >= keepFrom && data.maxTime <= keepTo) return undefined;
  let before = 0, after = 0;
  const ts = data.timestamps;
  for (let i = 0; i < data.rows; i++) {
    const t = ts[i];
    if (t < keepFrom) before++;
    else if (t > keepTo) after++;
  }
  if (before + after === 0) return undefined;
  const line = before > 0 ? data.minTimeLine : data.maxTimeLine;
  const all = before + after === data.rows;
  const count = all ? (data.rows === 1 ? 'its only row lies' : `all ${data.rows} rows lie`)
    : `${before + after} of ${data.rows} rows ${before + after === 1 ? 'lies' : 'lie'}`;
  const at = (t: number, l: number | undefined) => `${new Date(t).toISOString()}${l ? ` (line ${l})` : ''}`;
  const where: string[] = [];
  if (before) where.push(`${before} before it, the earliest at ${at(data.minTime, data.minTimeLine)}`);
  if (after) where.push(`${after} after it, the latest at ${at(data.maxTime, data.maxTimeLine)}`);
  const known = span.start !== undefined || span.end !== undefined;
  const covers = known
    ? `the dates the SLA covers (its period and baseline, ${span.start !== undefined ? dateIn(span.start, span.zone) : '…'} to ${span.end !== undefined ? dateIn(span.end - 1, span.zone) : '…'}, give or take a year)`
    : '';
  const bulkText = bulk && !all ? `the bulk of the metric's rows (${rowsWord(data.rows - before - after)} from ${dateIn(bulk.from, span.zone)} to ${dateIn(bulk.to, span.zone)}, none more than a year apart)` : '';
  const reference = covers && bulkText ? `${covers} and ${bulkText}`
    : covers || bulkText || 'any plausible date (1971 to 2499: the SLA has no period or baseline)';
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
    message += ' Check the dates of these rows (a mistyped year?)' + (span.start === undefined ? ' and set `period.start`.' : span.end === undefined ? ' and set `period.end`.' : '.');
  }
  return { before, after, rows: data.rows, line, message, keepFrom, keepTo };
}

/**
 * The data without the rows outside [keepFrom, keepTo] (a copy; `data` is not changed): what the
 * report evaluates.
 */
export function withoutFarRows(data: MetricData, far: Pick<OutlyingRows, 'keepFrom' | 'keepTo'>): MetricData {
  const ts = data.timestamps;
  return selectRows(data, (i) => ts[i] >= far.keepFrom && ts[i] <= far.keepTo);
}

/**
 * The rows of `data` for which `keep(i)` holds, as new MetricData (a copy; `data` is not changed).
 * Row order, origins and long decimal texts are kept; min/max (and their lines, when known) recomputed.
 */
export function selectRows(data: MetricData, keepRow: (i: number) => boolean): MetricData {
  const keep: number[] = [];
  for (let i = 0; i < data.rows; i++) if (keepRow(i)) keep.push(i);
  return pickRows(data, keep);
}

function pickU16(a: Uint16Array, keep: ArrayLike<number>): Uint16Array {
  const n = keep.length;
  const b = new Uint16Array(n);
  for (let k = 0; k < n; k++) b[k] = a[keep[k]];
  return b;
}

/** The rows `keep` (ascending row indexes) of `data`, as new MetricData (see selectRows). */
export function pickRows(data: MetricData, keep: ArrayLike<number>): MetricData {
  const ts = data.timestamps;
  const n = keep.length;
  const pickF = (a: Float64Array | undefined) => { if (!a) return a; const b = new Float64Array(n); for (let k = 0; k < n; k++) b[k] = a[keep[k]]; return b; };
  const timestamps = pickF(ts)!;
  let good: Uint8Array | undefined;
  if (data.good) { good = new Uint8Array(n); for (let k = 0; k < n; k++) good[k] = data.good[keep[k]]; }
  const origins = data.origins?.pick(keep, n);
  let valueTexts: Map<number, string> | undefined;
  if (data.valueTexts) {
    valueTexts = new Map();
    for (let k = 0; k < n; k++) { const t = data.valueTexts.get(keep[k]); if (t !== undefined) valueTexts.set(k, t); }
  }
  let minTime = NaN, maxTime = NaN, minK = -1, maxK = -1, sorted = true;
  for (let k = 0; k < n; k++) {
    const t = timestamps[k];
    if (k > 0 && t < timestamps[k - 1]) sorted = false;
    if (minK < 0 || t < minTime) { minTime = t; minK = k; }
    if (maxK < 0 || t > maxTime) { maxTime = t; maxK = k; }
  }
  const out: MetricData = {
    ...data,
    rows: n,
    timestamps,
    values: pickF(data.values),
    good,
    totals: pickF(data.totals),
    goodCounts: pickF(data.goodCounts),
    badCounts: pickF(data.badCounts),
    buckets: data.buckets ? { ...data.buckets, counts: data.buckets.counts.map((c) => pickF(c)!) } : undefined,
    samples: pickF(data.samples),
    datasets: data.datasets ? Array.from(keep, (i) => data.datasets![i]) : undefined,
    segmentCodes: data.segmentCodes ? pickU16(data.segmentCodes, keep) : undefined,
    valueTexts,
    origins,
    sorted,
    minTime,
    maxTime,
  };
  delete out.minTimeLine;
  delete out.maxTimeLine;
  const minLine = minK >= 0 ? origins?.line(minK) : undefined;
  const maxLine = maxK >= 0 ? origins?.line(maxK) : undefined;
  if (minLine !== undefined) out.minTimeLine = minLine;
  if (maxLine !== undefined) out.maxTimeLine = maxLine;
  return out;
}

export interface EvaluatedMetric {
  /** The data the report evaluates (far rows removed), or the input when none are far. */
  data: MetricData;
  far?: OutlyingRows;
}

const evaluatedCache = new WeakMap<MetricData, { key: string; result: EvaluatedMetric }>();

/**
 * The data of a metric as the report evaluates it (far rows removed) and the far rows, cached per
 * data object and span: the report and the preview's series (service/compliance.ts) share one.
 */
export function evaluatedMetric(data: MetricData, span: SlaSpan, timestampUnit?: unknown): EvaluatedMetric {
  const key = `${span.start}|${span.end}|${span.zone}|${String(timestampUnit)}`;
  const kept = evaluatedCache.get(data);
  if (kept && kept.key === key) return kept.result;
  const far = outlyingRows(data, span, timestampUnit);
  const result: EvaluatedMetric = far ? { data: withoutFarRows(data, far), far } : { data };
  evaluatedCache.set(data, { key, result });
  return result;
}
