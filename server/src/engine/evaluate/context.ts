/**
 * What every indicator reads while it evaluates one objective over one interval: the objective, the
 * metric data, the instants that bound the counting, the rows to scan, the merged exclusions; and
 * the one way an evaluation gives up (`invalid`), which `evaluateInterval` turns into a no-data result.
 */
import type { MetricData } from '../metrics/types';
import type { ObjectiveSpec } from './types';

export interface EvalContext {
  objective: ObjectiveSpec;
  data: MetricData;
  /** The interval's start: the origin of slice and cadence grids. */
  intervalStart: number;
  /** Effective start: max(interval.start, period.start). */
  effectiveStart: number;
  /** Effective end: min(interval.end, period.end, asOf). */
  effectiveEnd: number;
  /** The interval's own end (calendar end) clipped at period.end: where slices and cadence periods stop. */
  windowEnd: number;
  asOf: number | undefined;
  zone: string;
  /** The rows to scan: [firstRow, endRow) of the data. */
  firstRow: number;
  endRow: number;
  /**
   * The data is not sorted by time: [firstRow, endRow) is every row, and each row's timestamp must
   * be tested against [effectiveStart, effectiveEnd).
   */
  testEachTimestamp: boolean;
  /** The objective's `exclusions` as sorted, merged [from, to) pairs: from0, to0, from1, to1, … */
  exclusions: Float64Array;
  /** The fields read with their default (`IntervalResult.defaults`), in the order they were read. */
  defaultsApplied: string[];
  /** `minObservations` (0 when not set). */
  minObservations: number;
  /** `EvaluateOptions.targetUnit`. */
  targetUnit: string | undefined;
  /** `EvaluateOptions.explain`: fill `IntervalResult.trace`. */
  explain: boolean;
}

/** Whether row i counts in the evaluation: inside [effectiveStart, effectiveEnd) and not excluded. */
export function counts(ctx: EvalContext, i: number): boolean {
  const t = ctx.data.timestamps[i];
  if (ctx.testEachTimestamp && (t < ctx.effectiveStart || t >= ctx.effectiveEnd)) return false;
  return !(ctx.exclusions.length && inExclusion(ctx.exclusions, t));
}

/** Visits the counted rows in time order (rows of one instant in file order) until `visit` returns false. */
export function eachCountedRowInTimeOrder(ctx: EvalContext, visit: (row: number) => boolean): void {
  if (ctx.data.sorted) {
    for (let i = ctx.firstRow; i < ctx.endRow; i++) if (counts(ctx, i) && !visit(i)) return;
    return;
  }
  const ts = ctx.data.timestamps;
  const rows: number[] = [];
  for (let i = ctx.firstRow; i < ctx.endRow; i++) if (counts(ctx, i)) rows.push(i);
  rows.sort((a, b) => ts[a] - ts[b] || a - b);
  for (const i of rows) if (!visit(i)) return;
}

/**
 * Sorted data only (not `testEachTimestamp`): the counted rows as [from, to) row ranges — the
 * interval's rows less those inside exclusions — and how many rows the exclusions dropped.
 */
export function countedRowRanges(ctx: EvalContext): { ranges: number[]; counted: number; excluded: number } {
  const ts = ctx.data.timestamps, ex = ctx.exclusions;
  const ranges: number[] = [];
  let at = ctx.firstRow, counted = 0;
  for (let k = 0; k < ex.length && at < ctx.endRow; k += 2) {
    const from = lowerBound(ts, ex[k], at, ctx.endRow);
    const to = lowerBound(ts, ex[k + 1], from, ctx.endRow);
    if (from > at) { ranges.push(at, from); counted += from - at; }
    at = to;
  }
  if (at < ctx.endRow) { ranges.push(at, ctx.endRow); counted += ctx.endRow - at; }
  return { ranges, counted, excluded: ctx.endRow - ctx.firstRow - counted };
}

/** An objective (or data) the evaluation cannot use; its message becomes the result's `problem`. */
export class Invalid extends Error {}
export const invalid = (message: string): never => { throw new Invalid(message); };

/** The first index in [lo, hi) of the sorted `a` whose element is ≥ x (hi when none is). */
export function lowerBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Whether instant t lies inside one of the merged exclusion pairs. */
export function inExclusion(exclusions: Float64Array, t: number): boolean {
  for (let k = 0; k < exclusions.length; k += 2) {
    if (t < exclusions[k]) return false;
    if (t < exclusions[k + 1]) return true;
  }
  return false;
}

/** Whether [from, to) lies entirely inside one (merged) exclusion. */
export function insideOneExclusion(exclusions: Float64Array, from: number, to: number): boolean {
  for (let k = 0; k < exclusions.length; k += 2) if (exclusions[k] <= from && to <= exclusions[k + 1]) return true;
  return false;
}
