/**
 * The instants at which the report and the preview of an SLA cut one metric's time: every
 * interval `evaluateInterval` is given (calendar windows, the rolling window and the preview's
 * rolling points, the baseline), clipped by the period and asOf, the slice grids inside them and
 * the exclusions' edges. Every count the engine makes is a sum over rows between two of these
 * instants, so a remote source may sum a series' increases between consecutive edges into one row
 * (spec §10: exact whatever the scrape instants) instead of keeping one row per sample — rows then
 * scale with the evaluation's cuts, not with the samples (io/sources/prometheusCells.ts).
 *
 * The set is a superset (more edges only cost rows): the preview's rolling points are taken at
 * every whole day before asOf (their step is a multiple of a day), slice grids of every objective
 * that may slice (timeslices, throughput, time-based availability; 1 minute when `slice` is not
 * set). When the set would exceed MAX_EDGES (minute slices over years with rolling windows whose
 * grids do not repeat daily) the plan gives up and the source reads samples as they are.
 *
 * asOf matters (a rolling window ends there); a source that does not know it yet (asOf defaults to
 * 1 ms after the latest sample read) computes the edges once it has read the latest sample, and
 * the service reads again when the report's asOf turns out to be another (service/compliance.ts).
 */
import { parseDuration } from '../../facts/quantities';
import { exclusionEdges } from '../evaluate/exclusions';
import { baselineBounds, calendarWindows, periodBounds, zoneResolver, CALENDAR_UNITS, type CalendarUnit } from '../windows';
import type { TimeRange } from './metricSource';
import { neededBuckets } from '../prometheus/histogram';

const DAY = 86_400_000;
const ONE_MINUTE = 60_000;
/** More edges than this: no cells (the source reads samples as they are). */
export const MAX_EDGES = 2_000_000;

export interface EdgePlan {
  /** Stable for the same SLA parts that decide the edges (a cache key). */
  key: string;
  /** The edges inside (range.from, range.to) for an evaluation at `asOf`, sorted; undefined when there are too many. */
  edges(asOf: number, range: TimeRange): Float64Array | undefined;
  /** The asOf the report uses when the latest sample is at `latest` and none is given (spec §9: never past period.end). */
  defaultAsOf(latest: number): number;
  /**
   * Of a histogram's `le` values, the ones the objectives read (ratio-form thresholds, and `+Inf`),
   * or undefined when they read all (a percentile, or a threshold that is no boundary: SLA118 must
   * see every boundary to name the nearest ones).
   */
  histogramBuckets(leValues: string[], unit: string | undefined): string[] | undefined;
  /** The period's start (undefined when open): where the preview's rolling series starts looking for data. */
  periodStart: number | undefined;
}

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const d = parseDuration(text);
  return d.ok && d.value.normalized > 0 && Number.isInteger(d.value.normalized) ? d.value.normalized : undefined;
}

/** The slice length an objective may cut its intervals into, or undefined when it never slices. */
function sliceOf(o: Record<string, any>): number | undefined {
  const slicing = o.budgeting === 'timeslices' || o.indicator === 'throughput' || (o.indicator === 'availability' && o.method === 'time-based');
  if (!slicing) return undefined;
  return o.slice === undefined || o.slice === null ? ONE_MINUTE : durationMs(o.slice) ?? ONE_MINUTE;
}

/** The edge plan of the objectives of `sla` that read metric `metricId`. */
export function evaluationEdges(sla: Record<string, any>, metricId: string): EdgePlan {
  let zone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : 'UTC';
  try { zoneResolver(zone); } catch { zone = 'UTC'; }
  const period = periodBounds(isObj(sla.period) ? sla.period : undefined, zone);
  const baseline = baselineBounds(isObj(sla.baseline) ? sla.baseline : undefined, zone);
  const objectives = (Array.isArray(sla.objectives) ? sla.objectives : []).filter((o: unknown): o is Record<string, any> => isObj(o) && o.metric === metricId);
  const parts = objectives.map((o) => ({ window: o.window ?? null, slice: sliceOf(o) ?? null, exclusions: o.exclusions ?? null, reads: o.indicator === 'latency' ? o.threshold ?? 'every bucket' : null }));
  const key = JSON.stringify([zone, period.start ?? null, period.end ?? null, baseline ?? null, parts]);
  const defaultAsOf = (latest: number) => (period.end !== undefined && latest + 1 > period.end ? period.end : latest + 1);

  function edges(asOf: number, range: TimeRange): Float64Array | undefined {
    const from = range.from, to = range.to;
    const out: number[] = [];
    const put = (t: number | undefined) => { if (t !== undefined && t > from && t < to) out.push(t); };
    /** The grid origin + k·slice inside [lo, hi) ∩ the range; false when it would pass MAX_EDGES. */
    const grid = (origin: number, lo: number, hi: number, slice: number): boolean => {
      lo = Math.max(lo, from); hi = Math.min(hi, to);
      if (!(hi > lo)) return true;
      if ((hi - lo) / slice + out.length > MAX_EDGES) return false;
      for (let t = origin + Math.ceil((lo - origin) / slice) * slice; t < hi; t += slice) put(t);
      return true;
    };
    /** An interval's own edges (clipped as evaluateInterval clips) and its slice grid. */
    const interval = (start: number, end: number, slice: number | undefined): boolean => {
      const effStart = period.start !== undefined && period.start > start ? period.start : start;
      const winEnd = period.end !== undefined && period.end < end ? period.end : end;
      const effEnd = Math.min(winEnd, asOf);
      put(start); put(end); put(effStart); put(winEnd); put(effEnd);
      return slice === undefined || !(effEnd > effStart) || grid(start, effStart, effEnd, slice);
    };
    put(period.start); put(period.end); put(asOf);
    if (baseline) { put(baseline.start); put(baseline.end); }
    for (const o of objectives) {
      const slice = sliceOf(o);
      // The baseline is evaluated as it is (checkBaseline: no period, no asOf), its grid from its start.
      if (baseline && slice !== undefined && !grid(baseline.start, baseline.start, baseline.end, slice)) return undefined;
      let pairs: Float64Array;
      // One-off exclusions' edges, and the scheduled occurrences meeting the range (when it is bounded).
      try { pairs = exclusionEdges(o, zone, period.start, from, to); } catch { pairs = new Float64Array(0); }
      for (const t of pairs) put(t);
      const w = isObj(o.window) ? o.window : undefined;
      if (w && typeof w.calendar === 'string' && CALENDAR_UNITS.includes(w.calendar as CalendarUnit) && Number.isFinite(from) && Number.isFinite(to)) {
        let windows;
        try { windows = calendarWindows(w.calendar as CalendarUnit, zone, from, to); } catch { return undefined; }
        for (const win of windows) if (!interval(win.start, win.end, slice)) return undefined;
      } else if (w && typeof w.rolling === 'string') {
        const length = durationMs(w.rolling);
        if (length === undefined) continue;
        // The report's window ends at asOf; the preview's points at asOf − k·step, step a whole number
        // of days. Grids of a slice that divides a day coincide from one point to the next: one grid.
        const repeats = slice !== undefined && DAY % slice === 0;
        let earliest = asOf;
        for (let at = asOf; at > from; at -= DAY) {
          if (!interval(at - length, at, repeats ? undefined : slice)) return undefined;
          if (out.length > MAX_EDGES) return undefined;
          earliest = at - length;
        }
        if (repeats && !grid(asOf - length, Math.max(earliest, period.start ?? -Infinity), Math.min(asOf, period.end ?? Infinity), slice!)) return undefined;
      }
      if (out.length > MAX_EDGES) return undefined;
    }
    const sorted = Float64Array.from(out).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
    return sorted.slice(0, n);
  }
  return { key, edges, defaultAsOf, histogramBuckets: (leValues, unit) => neededBuckets(objectives, leValues, unit), periodStart: period.start };
}
