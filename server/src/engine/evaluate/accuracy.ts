/**
 * Accuracy (spec §5.4, §9): the runs in the interval minus those inside `exclusions` (excluded),
 * of another `evaluation.dataset` (when the data names datasets) and below `minSamples` (when the
 * data has a samples column); `aggregate` every (default) | latest | mean (unweighted) | min.
 * Cadence periods aligned to the interval start and clipped to it and to the period (one wholly
 * outside the period is not counted): a period that has ended by asOf without a counted run is a
 * gap, and gaps make the window no-data unless the aggregate is already failed for good (every: a
 * run misses; min with a `>`/`>=` target: the minimum misses).
 */
import { addFrac, cmpFrac, conversion, fracToNumber, mulFrac, satisfies, scaleFrac, type Frac } from '../exact';
import { zoneResolver } from '../windows';
import { parseDuration } from '../../facts/quantities';
import { inExclusion, insideOneExclusion, invalid, type EvalContext } from './context';
import { exactRowValue } from './exactCompare';
import { optionalTargetBound, readNonNegativeNumber, targetUnitOf } from './fields';
import { emptyResult } from './result';
import type { AccuracyRuns, EvaluationSpec, IntervalResult } from './types';

type Aggregate = 'every' | 'latest' | 'mean' | 'min';

const MAX_PERIODS = 1_000_000;
const DAY_MS = 86_400_000;

/**
 * Cadence periods from the interval start: `periodStart(k)` is the start of period k. daily / weekly /
 * monthly are calendar steps in the zone keeping the start's wall-clock time (a calendar window
 * starts at local midnight, so daily periods are local days even across DST; monthly keeps the day
 * of month, clamped to the month's last day); a duration is elapsed time.
 */
function cadencePeriodStart(ctx: EvalContext, cadence: unknown): ((k: number) => number) | undefined {
  if (cadence === undefined || cadence === null) return undefined;
  const start = ctx.intervalStart;
  if (cadence === 'daily' || cadence === 'weekly' || cadence === 'monthly') {
    const zone = zoneResolver(ctx.zone);
    const startWallClock = start + zone.offsetAt(start);
    const startDay = Math.floor(startWallClock / DAY_MS);
    const timeOfDay = startWallClock - startDay * DAY_MS;
    const startDate = new Date(startDay * DAY_MS);
    const startYear = startDate.getUTCFullYear(), startMonth = startDate.getUTCMonth(), startDayOfMonth = startDate.getUTCDate();
    return (k: number): number => {
      let day: number;
      if (cadence === 'daily') day = startDay + k;
      else if (cadence === 'weekly') day = startDay + 7 * k;
      else {
        const first = Date.UTC(startYear, startMonth + k, 1) / DAY_MS;
        const last = Date.UTC(startYear, startMonth + k + 1, 1) / DAY_MS - 1;
        day = Math.min(first + startDayOfMonth - 1, last);
      }
      return k === 0 ? start : zone.toUtc(day * DAY_MS + timeOfDay);
    };
  }
  if (typeof cadence !== 'string') return invalid('`evaluation.cadence` must be daily, weekly, monthly or a duration');
  const parsed = parseDuration(cadence);
  if (!parsed.ok) return invalid(`\`evaluation.cadence\`: ${parsed.message}`);
  const ms = parsed.value.normalized;
  if (!(ms >= 1)) return invalid('`evaluation.cadence` must be at least 1ms');
  return (k: number) => start + k * ms;
}

/** Cadence periods that ended by asOf with no counted run (`counted`: row indices in time order). */
function cadenceGaps(ctx: EvalContext, periodStart: (k: number) => number, counted: number[]): { from: number; to: number }[] {
  const ts = ctx.data.timestamps;
  const gaps: { from: number; to: number }[] = [];
  let j = 0;
  for (let k = 0; ; k++) {
    if (k > MAX_PERIODS) invalid('`evaluation.cadence` is too short for the window');
    const gridStart = periodStart(k);
    if (!(gridStart < ctx.windowEnd) || gridStart >= ctx.effectiveEnd) break;
    const periodEnd = Math.min(periodStart(k + 1), ctx.windowEnd);
    if (periodEnd <= ctx.effectiveStart) continue; // before the period: not counted (spec §9)
    const from = Math.max(gridStart, ctx.effectiveStart);
    while (j < counted.length && ts[counted[j]] < from) j++;
    const hasRun = j < counted.length && ts[counted[j]] < periodEnd;
    // A period still running at asOf is no gap, nor is one entirely inside exclusions (planned).
    if (!hasRun && periodEnd <= ctx.effectiveEnd && !insideOneExclusion(ctx.exclusions, from, periodEnd)) gaps.push({ from, to: periodEnd });
  }
  return gaps;
}

export function accuracy(ctx: EvalContext): IntervalResult {
  const data = ctx.data;
  if (!data.values) return invalid('the metric has no `value` column');
  const evaluation = (ctx.objective.evaluation && typeof ctx.objective.evaluation === 'object' ? ctx.objective.evaluation : {}) as EvaluationSpec;
  let aggregate = evaluation.aggregate as Aggregate | undefined;
  if (aggregate === undefined || aggregate === null) { aggregate = 'every'; ctx.defaultsApplied.push('aggregate'); }
  if (!['every', 'latest', 'mean', 'min'].includes(aggregate)) return invalid('`evaluation.aggregate` must be every, latest, mean or min');
  const dataset = evaluation.dataset === undefined || evaluation.dataset === null ? undefined : String(evaluation.dataset);
  const minSamples = evaluation.minSamples === undefined || evaluation.minSamples === null ? undefined : readNonNegativeNumber(evaluation.minSamples, 'evaluation.minSamples');
  const periodStart = cadencePeriodStart(ctx, evaluation.cadence);
  const unit = ctx.targetUnit ?? targetUnitOf(ctx.objective.target) ?? data.unit ?? '';
  const toValueUnit = conversion(data.unit || undefined, unit);
  if (!toValueUnit) return invalid(`the metric's unit \`${data.unit}\` cannot be converted to \`${unit || 'a plain number'}\``);
  const bound = optionalTargetBound(ctx, unit, ['percent', 'number']);

  const runs: AccuracyRuns = { counted: [], excluded: [], otherDataset: [], belowMinSamples: [] };
  const ts = data.timestamps;
  for (let i = ctx.firstRow; i < ctx.endRow; i++) {
    const t = ts[i];
    if (ctx.testEachTimestamp && (t < ctx.effectiveStart || t >= ctx.effectiveEnd)) continue;
    if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) runs.excluded.push(i);
    else if (dataset !== undefined && data.datasets && data.datasets[i] !== dataset) runs.otherDataset.push(i);
    else if (minSamples !== undefined && data.samples && data.samples[i] < minSamples) runs.belowMinSamples.push(i);
    else runs.counted.push(i);
  }
  const byTime = (a: number, b: number) => ts[a] - ts[b] || a - b;
  runs.counted.sort(byTime);
  const result = emptyResult(unit);
  result.observations = runs.counted.length;
  result.excluded = runs.excluded.length;
  result.belowMinSamples = runs.belowMinSamples.length;
  result.otherDataset = runs.otherDataset.length;
  result.runs = runs;
  if (periodStart) result.gaps = cadenceGaps(ctx, periodStart, runs.counted);

  const n = runs.counted.length;
  if (n === 0) {
    result.reason = result.gaps && result.gaps.length ? 'gaps' : 'no-observations';
    return result;
  }
  const runValues = runs.counted.map((row): Frac => mulFrac(exactRowValue(data, row), toValueUnit));
  let exact: Frac;
  let final = false; // a failure more runs cannot undo
  if (aggregate === 'latest') exact = runValues[n - 1];
  else if (aggregate === 'mean') exact = scaleFrac(runValues.reduce(addFrac), 1n, BigInt(n));
  else {
    const upper = bound && (bound.op === '<' || bound.op === '<=');
    const worstIsMax = aggregate === 'every' && upper;
    exact = runValues.reduce((a, b) => (worstIsMax ? (cmpFrac(b, a) > 0 ? b : a) : cmpFrac(b, a) < 0 ? b : a));
    final = aggregate === 'every' || !upper;
  }
  result.value = fracToNumber(exact);
  if (ctx.minObservations > 0 && n < ctx.minObservations) { result.reason = 'min-observations'; return result; }
  if (!bound) { result.reason = 'invalid'; result.problem = '`target` is missing'; return result; }
  const met = satisfies(cmpFrac(exact, bound.exact), bound.op);
  if (!met && final) { result.status = 'breached'; result.certain = true; return result; }
  if (result.gaps && result.gaps.length) { result.reason = 'gaps'; return result; }
  result.status = met ? 'met' : 'breached';
  return result;
}
