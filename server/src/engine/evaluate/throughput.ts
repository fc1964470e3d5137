/**
 * Throughput (spec §5, §9): requests per slice (`slice`, default 1m, aligned to the interval start)
 * as a rate in the target's unit; slices without rows are not counted, nor is a slice still running
 * at asOf (its rate is not known yet) — unless no earlier slice has rows: then the running one is
 * measured as its requests so far over its whole length (a lower bound), with a `problem` note.
 * `statistic`: min (default), mean (unweighted over slices), p5 (nearest-rank). A slice cut by the
 * interval's end is measured over its actual length. Requests are the sum of `total` for
 * pre-aggregated rows, else one per row — an event log (`timestamp` alone) or any per-event metric;
 * rows a `filter` left out are not in the data at all.
 */
import { addFrac, intFrac, numberFrac, scaleFrac, type Frac } from '../exact';
import { percentileRank, selectInPlace } from '../percentile';
import { insideOneExclusion, invalid, type EvalContext } from './context';
import { meetsBound } from './exactCompare';
import { budgetsByTimeslices, optionalTargetBound, parseBound, readDurationMs, targetUnitOf } from './fields';
import { emptyResult, setValueAndStatus } from './result';
import { accumulate, sliceBudget, sliceEnd, sliceStart, BAD, GOOD, ONE_MINUTE_MS, SPARSE, type Accumulated } from './slices';
import type { IntervalResult } from './types';

/** Milliseconds per rate unit. */
const RATE_UNIT_MS: Record<string, number> = { rps: 1000, rpm: 60_000, rph: 3_600_000 };
const RUNNING_SLICE = 'only the slice still running at asOf has requests: its rate is its requests so far over its whole length (a lower bound; it can only rise)';

type Statistic = 'min' | 'mean' | 'p5';

export function throughput(ctx: EvalContext): IntervalResult {
  const unit = ctx.targetUnit ?? targetUnitOf(ctx.objective.target) ?? 'rps';
  const unitMs = RATE_UNIT_MS[unit];
  if (!unitMs) return invalid(`throughput is a rate (rps, rpm, rph); cannot report it in \`${unit || 'a plain number'}\``);
  const sliceMs = readDurationMs(ctx.objective.slice, 'slice', ONE_MINUTE_MS, ctx);
  let statistic = ctx.objective.statistic;
  if (statistic === undefined || statistic === null) { statistic = 'min'; ctx.defaultsApplied.push('statistic'); }
  if (statistic !== 'min' && statistic !== 'mean' && statistic !== 'p5') return invalid('`statistic` must be min, mean or p5');
  const totals = ctx.data.totals;
  const acc = accumulate(ctx, sliceMs, totals ? (i) => totals[i] : () => 1, undefined);
  // Slice lengths: full, except one cut by the interval's end or the period's edges; a slice running at asOf is out.
  const lengthOf = (k: number): number => sliceEnd(ctx, acc, k) - sliceStart(ctx, acc, k);
  let measured = acc.numberOfSlices;
  let running = false;
  if (measured > 0 && sliceEnd(ctx, acc, measured - 1) > ctx.effectiveEnd) {
    measured--;
    // The slice still running at asOf is left out, unless it is the only one with rows (a window of
    // a few minutes' data, asOf in its last minute): then it is measured — its requests so far over
    // its whole length, a lower bound of its rate (it can only rise) — rather than "no data".
    let earlier = false;
    for (let k = 0; k < measured && !earlier; k++) if (acc.rowsPerSlice[k] > 0) earlier = true;
    if (!earlier && acc.rowsPerSlice[measured] > 0) { measured++; running = true; }
  }
  const rates: SliceRates = {
    exact: (k) => scaleFrac(numberFrac(acc.observationsPerSlice[k])!, BigInt(unitMs), BigInt(lengthOf(k))),
    approx: (k) => (acc.observationsPerSlice[k] * unitMs) / lengthOf(k),
  };
  if (budgetsByTimeslices(ctx)) {
    const bound = parseBound(ctx.objective.target, 'target', unit, ['rate']);
    const state = new Uint8Array(measured);
    for (let k = 0; k < measured; k++) {
      if (acc.rowsPerSlice[k] === 0) continue;
      if (acc.observationsPerSlice[k] < ctx.minObservations) { state[k] = SPARSE; continue; }
      state[k] = meetsBound(rates.approx(k), () => rates.exact(k), bound) ? GOOD : BAD;
    }
    const budget = sliceBudget(ctx, acc, state, 'sliceTarget', ctx.objective.sliceTarget);
    if (running) budget.problem ??= RUNNING_SLICE;
    return budget;
  }
  const bound = optionalTargetBound(ctx, unit, ['rate']);
  const result = emptyResult(unit);
  if (running) result.problem = RUNNING_SLICE;
  result.observations = acc.observations;
  result.excluded = acc.excluded;
  let withData = 0, good = 0, excludedSlices = 0;
  for (let k = 0; k < measured; k++) {
    if (acc.rowsPerSlice[k] === 0) {
      if (ctx.exclusions.length && insideOneExclusion(ctx.exclusions, sliceStart(ctx, acc, k), sliceEnd(ctx, acc, k))) excludedSlices++;
      continue;
    }
    withData++;
    if (bound && meetsBound(rates.approx(k), () => rates.exact(k), bound)) good++;
  }
  result.slices = { total: measured, withData, good, counted: withData };
  if (excludedSlices > 0) result.slices.excluded = excludedSlices;
  if (withData === 0) { result.reason = 'no-observations'; return result; }
  const picked = statistic === 'mean' ? undefined : pickSlice(acc, measured, withData, statistic, rates);
  const exact = picked === undefined ? meanRate(acc, measured, withData, unitMs, lengthOf, rates) : rates.exact(picked);
  if (ctx.explain) {
    // Which slice is the value, and the slices below the target (spec §8.1: the bad slices first).
    const bad: { from: number; to: number; total: number }[] = [];
    for (let k = 0; k < measured; k++) {
      if (acc.rowsPerSlice[k] === 0 || !bound || meetsBound(rates.approx(k), () => rates.exact(k), bound)) continue;
      bad.push({ from: sliceStart(ctx, acc, k), to: Math.min(sliceEnd(ctx, acc, k), ctx.effectiveEnd), total: acc.observationsPerSlice[k] });
    }
    result.trace = {
      kind: 'rate', statistic, bad: bad.slice(0, 100), badCount: bad.length,
      ...(picked !== undefined ? { slice: {
        from: sliceStart(ctx, acc, picked), to: Math.min(sliceEnd(ctx, acc, picked), ctx.effectiveEnd), requests: acc.observationsPerSlice[picked],
        ...(statistic === 'p5' ? { rank: percentileRank('5', withData) } : {}),
      } } : {}),
    };
  }
  return setValueAndStatus(result, ctx, exact, bound);
}

/** The rate of counted slice k in the value's unit: exactly, and as a double. */
interface SliceRates {
  exact: (k: number) => Frac;
  approx: (k: number) => number;
}

/** The unweighted mean of the rates of the slices with rows among the first `measured`, exactly. */
function meanRate(acc: Accumulated, measured: number, withData: number, unitMs: number, lengthOf: (k: number) => number, rates: SliceRates): Frac {
  const sliceMs = acc.sliceMs;
  let sum: Frac = intFrac(0);
  // Full-length slices share a denominator: their requests are summed first, exactly while they can be.
  let fullSum = 0, fullExact = true;
  for (let k = 0; k < measured; k++) {
    if (acc.rowsPerSlice[k] === 0) continue;
    if (lengthOf(k) === sliceMs) {
      fullSum += acc.observationsPerSlice[k];
      if (!Number.isSafeInteger(acc.observationsPerSlice[k]) || !Number.isSafeInteger(fullSum)) fullExact = false;
    } else sum = addFrac(sum, rates.exact(k));
  }
  const full = fullExact ? intFrac(fullSum) : numberFrac(fullSum)!;
  sum = addFrac(sum, scaleFrac(full, BigInt(unitMs), BigInt(sliceMs)));
  return scaleFrac(sum, 1n, BigInt(withData));
}

/** The slice whose rate is the statistic: the lowest (min), or the nearest-rank 5th percentile (p5). */
function pickSlice(acc: Accumulated, measured: number, withData: number, statistic: Exclude<Statistic, 'mean'>, rates: SliceRates): number {
  const approxRates = new Float64Array(withData);
  const sliceIndex = new Float64Array(withData);
  let j = 0;
  for (let k = 0; k < measured; k++) if (acc.rowsPerSlice[k] > 0) { approxRates[j] = rates.approx(k); sliceIndex[j++] = k; }
  if (statistic === 'min') {
    let lowest = 0;
    for (let i = 1; i < withData; i++) if (approxRates[i] < approxRates[lowest]) lowest = i;
    return sliceIndex[lowest];
  }
  const copy = approxRates.slice();
  const v = selectInPlace(copy, percentileRank('5', withData) - 1);
  let at = 0;
  while (approxRates[at] !== v) at++;
  return sliceIndex[at];
}
