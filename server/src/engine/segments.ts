/**
 * Segments (spec §12): one objective judged per model version, region, tenant or cohort. The rows
 * of a metric are split by their segment (the `segments.by` column, read with the metric in the
 * same pass: MetricData.segments) in one pass over the rows — each segment's rows are then
 * evaluated as the objective's own data, so a segmented objective equals one filtered objective
 * per segment. Rows without the column are the segment `(none)`. The windows' combined verdict:
 * `require: all` (default) — met when every segment with data meets it; `any` — when one does.
 */
import { pickRows } from './dataRange';
import type { MetricData } from './metrics/types';

/** More segments than this is a data issue (a `by` on a request id is a mistake, not a segmentation). */
export const MAX_SEGMENTS = 100;
export const NO_SEGMENT = '(none)';

export interface SegmentSpec { by: string; require: 'all' | 'any' }

/** The objective's `segments`, or undefined (none, or malformed: the schema says so). */
export function segmentSpecOf(o: object): SegmentSpec | undefined {
  const s = (o as { segments?: unknown }).segments;
  if (!s || typeof s !== 'object' || Array.isArray(s)) return undefined;
  const by = (s as { by?: unknown }).by;
  if (typeof by !== 'string' || by === '') return undefined;
  return { by, require: (s as { require?: unknown }).require === 'any' ? 'any' : 'all' };
}

/**
 * The column objectives reading metric `id` segment by: the first `segments.by`, read with the
 * metric (MetricSourceSpec.segment). An objective naming another column is refused by the report
 * (one column per metric read).
 */
export function segmentColumnOf(sla: Record<string, unknown>, id: string): string | undefined {
  for (const o of Array.isArray(sla.objectives) ? sla.objectives : []) {
    if (!o || typeof o !== 'object' || (o as { metric?: unknown }).metric !== id) continue;
    const spec = segmentSpecOf(o);
    if (spec) return spec.by;
  }
  return undefined;
}

export type SegmentSplit =
  | { ok: true; parts: { value: string; data: MetricData }[] }
  /** `atLeast`: more distinct values than the reader keeps names for; `count` is a lower bound. */
  | { ok: false; count: number; atLeast?: boolean };

/**
 * The rows of each segment, in order of the segments' names (`(none)` last), each as MetricData.
 * A counting pass over the rows' codes, then one pass filling each segment's row indexes: the
 * copies together hold the rows once.
 */
export function splitBySegment(data: MetricData, span?: { from?: number; to?: number }): SegmentSplit {
  const codes = data.segmentCodes;
  const names = data.segmentNames;
  if (!codes || !names) return { ok: true, parts: [{ value: NO_SEGMENT, data }] };
  if (data.segmentOverflow) return { ok: false, count: names.length - 1, atLeast: true };
  const counts = new Uint32Array(names.length);
  // Segments are the values of rows that can be evaluated (inside `span`, the period): a row dated
  // before the period neither makes a segment nor counts towards the cap (§9).
  const inSpan = new Uint32Array(names.length);
  const from = span?.from ?? -Infinity, to = span?.to ?? Infinity;
  const ts = data.timestamps;
  for (let i = 0; i < data.rows; i++) { const c = codes[i]; counts[c]++; if (ts[i] >= from && ts[i] < to) inSpan[c]++; }
  const present: number[] = [];
  for (let c = 0; c < counts.length; c++) if (inSpan[c] > 0) present.push(c);
  if (present.length > MAX_SEGMENTS) return { ok: false, count: present.length };
  const rows: Int32Array[] = [];
  for (const c of present) rows[c] = new Int32Array(counts[c]);
  const filled = new Uint32Array(names.length);
  for (let i = 0; i < data.rows; i++) { const c = codes[i]; const r = rows[c]; if (r) r[filled[c]++] = i; }
  // A value written `(none)` is not the rows without one: it is shown quoted.
  const label = (c: number) => (c === 0 ? NO_SEGMENT : names[c] === NO_SEGMENT ? `"${NO_SEGMENT}"` : names[c]);
  present.sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  return { ok: true, parts: present.map((c) => ({ value: label(c), data: pickRows(data, rows[c]) })) };
}

/** The combined verdict of a window from its segments' statuses (no-data ones do not vote). */
export function combinedStatus(statuses: readonly string[], require: SegmentSpec['require']): 'met' | 'breached' | 'no-data' {
  const voting = statuses.filter((s) => s !== 'no-data');
  if (voting.length === 0) return 'no-data';
  if (require === 'any') return voting.includes('met') ? 'met' : 'breached';
  return voting.includes('breached') ? 'breached' : 'met';
}

/**
 * Segments with good (or bad) counts and no total: a counter metric whose `good` series carry the
 * `by` label and whose `total` series do not (spec §10, §12). Its good events would count nowhere;
 * the report and the linter say so rather than drop them.
 */
export function segmentsWithoutTotals(parts: readonly { value: string; data: MetricData }[]): string[] {
  const sum = (a: Float64Array | undefined) => { let t = 0; if (a) for (let i = 0; i < a.length; i++) t += a[i]; return t; };
  return parts.filter((p) => p.data.totals && sum(p.data.totals) === 0 && (sum(p.data.goodCounts) > 0 || sum(p.data.badCounts) > 0)).map((p) => p.value);
}
