/**
 * The value of ONE objective over ONE interval [start, end) from its metric data (spec §5, §9): the
 * function SLA110 (the baseline), SLA113 (observations per complete window) and the compliance
 * report share. Pure: typed arrays in, a small result out; no object per row.
 *
 * Exactness (spec §9): values are kept as exact fractions of the decimals read from the files
 * (`exact.ts`) wherever a verdict depends on them — percentiles, threshold comparisons per row,
 * ratios, rates, means — and compared with the target's decimal text exactly; doubles are used
 * for speed and display, with an exact re-check whenever a double comparison is within rounding.
 *
 * The period clips (spec §9, `options.period`): rows outside it never count, whatever the interval;
 * the slice and cadence grids stay aligned to the interval's start, only their parts inside the
 * period count (a slice straddling the period's edge is measured over its inside part, as a slice
 * cut by the interval's end is). The baseline is evaluated without a period.
 *
 * A malformed objective (missing target, unknown indicator, bad duration...) never throws: the
 * result is `no-data` with a `problem` saying why (the schema and the linter report the cause).
 *
 * The parts: `context.ts` (what an evaluation reads, `invalid`), `fields.ts` (the objective's
 * fields), `exactCompare.ts` (doubles, then exact fractions at ties), `result.ts`, `slices.ts`
 * (per-slice sums, the timeslice budget), `ratio.ts` (occurrence ratios), and one file per
 * indicator: `latency.ts`, `availability.ts`, `throughput.ts`, `accuracy.ts`. `lowerIsBetterMeasure`
 * is re-exported from the facts (`facts/measures.ts`) for the importers of `engine/evaluate`.
 */
import type { MetricData } from '../metrics/types';
import { zoneResolver } from '../windows';
import { accuracy } from './accuracy';
import { availability } from './availability';
import { invalid, lowerBound, Invalid, type EvalContext } from './context';
import { readNonNegativeNumber, targetUnitOf } from './fields';
import { exclusionsFor } from './exclusions';
import { latency } from './latency';
import { throughput } from './throughput';
import { NotStreamed } from '../stream/answers';
import type { EvaluateOptions, IntervalResult, ObjectiveSpec } from './types';

export type {
  AccuracyRuns, EvaluateOptions, EvaluationSpec, ExclusionSpec, IntervalResult, IntervalTrace, ObjectiveSpec, SliceCounts, Status,
} from './types';
export { lowerIsBetterMeasure } from '../../facts/measures';

/**
 * Evaluates one objective over [interval.start, interval.end) (cut at `options.asOf`). Never throws:
 * a malformed objective or unusable data gives `status: 'no-data'`, `reason: 'invalid'`, `problem`.
 */
export function evaluateInterval(
  objective: ObjectiveSpec,
  data: MetricData,
  interval: { start: number; end: number },
  options: EvaluateOptions = {},
): IntervalResult {
  const defaultsApplied: string[] = [];
  const fallbackUnit = options.targetUnit ?? targetUnitOf(objective?.target) ?? '';
  try {
    if (!objective || typeof objective !== 'object') invalid('the objective is not a mapping');
    if (!data || !(data.stream || data.timestamps instanceof Float64Array)) invalid('no metric data');
    const zone = options.timezone ?? 'UTC';
    zoneResolver(zone);
    const asOf = options.asOf;
    const intervalStart = interval.start;
    if (!Number.isFinite(intervalStart) || !Number.isFinite(interval.end) || interval.end < intervalStart) invalid('the interval is not a finite [start, end)');
    const period = options.period;
    const effectiveStart = period?.start !== undefined && period.start > intervalStart ? period.start : intervalStart;
    const windowEnd = period?.end !== undefined && period.end < interval.end ? period.end : interval.end;
    const effectiveEnd = asOf === undefined ? windowEnd : Math.min(windowEnd, asOf);
    let firstRow = 0, endRow = 0, testEachTimestamp = false;
    // A streamed read (engine/stream) has no rows to bound: its answers are per interval.
    if (effectiveEnd > effectiveStart && data.rows > 0 && !data.stream) {
      const ts = data.timestamps;
      if (data.sorted) {
        firstRow = lowerBound(ts, effectiveStart, 0, data.rows);
        endRow = lowerBound(ts, effectiveEnd, firstRow, data.rows);
      } else {
        endRow = data.rows;
        testEachTimestamp = true;
      }
    }
    const excluded = exclusionsFor(objective, zone, { periodStart: period?.start, from: effectiveStart, to: windowEnd, until: effectiveEnd });
    const ctx: EvalContext = {
      objective, data, intervalStart, effectiveStart, effectiveEnd, windowEnd, asOf, zone, firstRow, endRow, testEachTimestamp,
      exclusions: excluded.pairs,
      defaultsApplied,
      minObservations: objective.minObservations === undefined || objective.minObservations === null
        ? 0
        : readNonNegativeNumber(objective.minObservations, 'minObservations'),
      targetUnit: options.targetUnit,
      explain: options.explain === true,
    };
    const result = evaluateIndicator(ctx);
    if (defaultsApplied.length) result.defaults = defaultsApplied;
    if (excluded.budgetExceeded) result.exclusionBudgetExceeded = true;
    return result;
  } catch (err) {
    if (!(err instanceof Invalid) && !(err instanceof RangeError)) throw err;
    const result: IntervalResult = { value: null, unit: fallbackUnit, observations: 0, excluded: 0, status: 'no-data', reason: 'invalid', problem: err.message };
    if (defaultsApplied.length) result.defaults = defaultsApplied;
    return result;
  }
}

function evaluateIndicator(ctx: EvalContext): IntervalResult {
  // Counting every row unfiltered would measure the wrong events (spec §4 `filter`).
  if (ctx.data.filterError !== undefined) return invalid(`the metric's \`filter\` cannot be used: ${ctx.data.filterError}`);
  const indicator = ctx.objective.indicator;
  if (ctx.data.stream && indicator !== 'latency') throw new NotStreamed(`a ${String(indicator)} objective`);
  switch (indicator) {
    case 'latency':
      return latency(ctx);
    case 'availability':
      return availability(ctx);
    case 'accuracy':
      return accuracy(ctx);
    case 'throughput':
      return throughput(ctx);
    default:
      return invalid(typeof indicator === 'string' ? `unknown indicator \`${indicator}\`` : '`indicator` is missing');
  }
}
