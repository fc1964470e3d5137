/**
 * Availability (spec §5, §9): request-based — good events over events (an occurrence ratio) — or
 * time-based — the share of slices that were up.
 */
import { invalid, type EvalContext } from './context';
import { budgetsByTimeslices, parseBound, readDurationMs } from './fields';
import { classifyRatioSlices, ratioIndicator } from './ratio';
import { accumulate, sliceBudget, ONE_MINUTE_MS, type RowCount } from './slices';
import type { IntervalResult } from './types';

export function availability(ctx: EvalContext): IntervalResult {
  let method = ctx.objective.method;
  if (method === undefined || method === null) { method = 'request-based'; ctx.defaultsApplied.push('method'); }
  if (method !== 'request-based' && method !== 'time-based') return invalid('`method` must be request-based or time-based');
  const data = ctx.data;
  let observationsOf: RowCount, goodOf: RowCount;
  if (data.totals && data.goodCounts) {
    const totals = data.totals, goodCounts = data.goodCounts;
    observationsOf = (i) => totals[i];
    goodOf = (i) => goodCounts[i];
  } else if (data.totals && data.badCounts) {
    // Prometheus `bad` (spec §10): good = total − bad; a row's own difference may be negative, a window's sum is not.
    const totals = data.totals, badCounts = data.badCounts;
    observationsOf = (i) => totals[i];
    goodOf = (i) => totals[i] - badCounts[i];
  } else if (data.good) {
    const good = data.good;
    observationsOf = () => 1;
    goodOf = (i) => good[i];
  } else if (data.goodError) return invalid(`the metric's \`good\` expression cannot be used: ${data.goodError}`);
  else if (!data.values && !data.totals) return invalid('availability needs a metric with `good`, or `total` and `goodCount`; this one is an event log (`timestamp` alone): it counts events, but says nothing of which are good');
  else return invalid('availability needs a metric with `good`, or `total` and `goodCount`');
  if (method === 'time-based') return timeBased(ctx, observationsOf, goodOf);
  return ratioIndicator(ctx, observationsOf, goodOf);
}

/**
 * Time-based availability (spec §9): slices of `slice` (default 1m) aligned to the interval start; a
 * slice is up when its good/total meets `sliceGood`; value = up / counted slices in %, compared with
 * `target` (and with `sliceTarget` too when `budgeting: timeslices` states one). Without `sliceGood`
 * but with `budgeting: timeslices` it is an ordinary timeslice budget (slice vs `target`, window vs
 * `sliceTarget`).
 */
function timeBased(ctx: EvalContext, observationsOf: RowCount, goodOf: RowCount): IntervalResult {
  const { objective } = ctx;
  const timeslices = budgetsByTimeslices(ctx);
  const hasSliceGood = objective.sliceGood !== undefined && objective.sliceGood !== null;
  if (!hasSliceGood && !timeslices) return invalid('time-based availability needs `sliceGood` (when is a slice up?)');
  const sliceMs = readDurationMs(objective.slice, 'slice', ONE_MINUTE_MS, ctx);
  const sliceBound = hasSliceGood
    ? parseBound(objective.sliceGood, 'sliceGood', '%', ['percent', 'number'])
    : parseBound(objective.target, 'target', '%', ['percent', 'number']);
  const acc = accumulate(ctx, sliceMs, observationsOf, goodOf);
  const state = classifyRatioSlices(ctx, acc, sliceBound);
  if (hasSliceGood) {
    return sliceBudget(ctx, acc, state, 'target', objective.target, timeslices ? { field: 'sliceTarget', target: objective.sliceTarget } : undefined);
  }
  return sliceBudget(ctx, acc, state, 'sliceTarget', objective.sliceTarget);
}
