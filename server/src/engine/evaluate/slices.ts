/**
 * The slice machinery (spec §9 timeslices): observations summed per slice of a grid aligned to the
 * interval's start, each slice's state, and the timeslice budget — good slices over counted slices.
 * Only the slices that overlap the effective [start, end) are kept: counted slice k is grid slice
 * `firstGridSlice + k`.
 */
import { cmpFrac, conversion, fracToNumber, mulFrac, satisfies, unitInfo } from '../exact';
import { sliceCount } from '../windows';
import { inExclusion, insideOneExclusion, invalid, type EvalContext } from './context';
import { exactPercent } from './exactCompare';
import { parseBound, readEmptySlicesMode, targetUnitOf } from './fields';
import { emptyResult } from './result';
import type { IntervalResult } from './types';

/** The default `slice` of time-based availability and throughput. */
export const ONE_MINUTE_MS = 60_000;
const MAX_SLICES = 20_000_000;

/** Slice states (0 = empty). EXCLUDED: the whole slice lies inside `exclusions`. */
export const SPARSE = 1, GOOD = 2, BAD = 3, EXCLUDED = 4;

/** Per-row counts: how many observations row i stands for, how many of them are good. */
export type RowCount = (row: number) => number;

export interface Accumulated {
  numberOfSlices: number;
  sliceMs: number;
  /** Grid index (from the interval start) of the first counted slice: the one holding the effective start. */
  firstGridSlice: number;
  observationsPerSlice: Float64Array;
  /** Empty when no `goodOf` was given. */
  goodPerSlice: Float64Array;
  rowsPerSlice: Uint32Array;
  /** Σ observations counted. */
  observations: number;
  /** Σ observations dropped by `exclusions`. */
  excluded: number;
}

/** Start of counted slice k: the grid point, or the period's start for a slice that straddles it. */
export function sliceStart(ctx: EvalContext, acc: { firstGridSlice: number; sliceMs: number }, k: number): number {
  return Math.max(ctx.effectiveStart, ctx.intervalStart + (acc.firstGridSlice + k) * acc.sliceMs);
}

/** End of counted slice k: the next grid point, or the interval's (clipped) end; not cut by asOf. */
export function sliceEnd(ctx: EvalContext, acc: { firstGridSlice: number; sliceMs: number }, k: number): number {
  return Math.min(ctx.intervalStart + (acc.firstGridSlice + k + 1) * acc.sliceMs, ctx.windowEnd);
}

/** Marks the slices that lie entirely inside exclusions: they count neither as data nor as empty. */
function markExcluded(ctx: EvalContext, state: Uint8Array, acc: Accumulated): void {
  if (!ctx.exclusions.length) return;
  for (let k = 0; k < state.length; k++) {
    if (insideOneExclusion(ctx.exclusions, sliceStart(ctx, acc, k), Math.min(sliceEnd(ctx, acc, k), ctx.effectiveEnd))) state[k] = EXCLUDED;
  }
}

/**
 * Sums observations and good observations per slice of `sliceMs` aligned to the interval start
 * (sliceMs 0: one bucket for the whole interval). Only the slices that overlap the effective
 * [from, end) are kept: counted slice k is grid slice `firstGridSlice + k`.
 */
/** The counted slices of `sliceMs` (0: one bucket): grid index of the first, and how many. */
export function sliceGrid(ctx: EvalContext, sliceMs: number): { firstGridSlice: number; numberOfSlices: number } {
  const { intervalStart, effectiveStart, effectiveEnd } = ctx;
  const firstGridSlice = sliceMs === 0 || !(effectiveEnd > effectiveStart) ? 0 : Math.floor((effectiveStart - intervalStart) / sliceMs);
  const numberOfSlices = sliceMs === 0
    ? (effectiveEnd > effectiveStart ? 1 : 0)
    : !(effectiveEnd > effectiveStart) ? 0 : sliceCount({ start: intervalStart, end: ctx.windowEnd }, sliceMs, ctx.asOf) - firstGridSlice;
  if (numberOfSlices > MAX_SLICES) invalid(`\`slice\` is too small for the window (${numberOfSlices} slices)`);
  return { firstGridSlice, numberOfSlices };
}

export function accumulate(ctx: EvalContext, sliceMs: number, observationsOf: RowCount, goodOf: RowCount | undefined): Accumulated {
  const { intervalStart, effectiveStart, effectiveEnd } = ctx;
  const { firstGridSlice, numberOfSlices } = sliceGrid(ctx, sliceMs);
  const observationsPerSlice = new Float64Array(numberOfSlices);
  const goodPerSlice = new Float64Array(goodOf ? numberOfSlices : 0);
  const rowsPerSlice = new Uint32Array(numberOfSlices);
  const ts = ctx.data.timestamps;
  let observations = 0, excluded = 0;
  const width = sliceMs === 0 ? Infinity : sliceMs;
  for (let i = ctx.firstRow; i < ctx.endRow; i++) {
    const t = ts[i];
    if (ctx.testEachTimestamp && (t < effectiveStart || t >= effectiveEnd)) continue;
    const weight = observationsOf(i);
    if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) { excluded += weight; continue; }
    const k = sliceMs === 0 ? 0 : Math.floor((t - intervalStart) / width) - firstGridSlice;
    observationsPerSlice[k] += weight;
    rowsPerSlice[k]++;
    if (goodOf) goodPerSlice[k] += goodOf(i);
    observations += weight;
  }
  return { numberOfSlices, sliceMs, firstGridSlice, observationsPerSlice, goodPerSlice, rowsPerSlice, observations, excluded };
}

/**
 * A timeslice budget: value = good slices / counted slices in %, compared with `windowField`
 * (`sliceTarget`, or `target` for time-based availability) and, when given, with `alsoTarget` too.
 * `emptySlices` decides how empty (and sparse) slices count.
 */
export function sliceBudget(
  ctx: EvalContext, acc: Accumulated, state: Uint8Array, windowField: string, windowTarget: unknown,
  alsoTarget?: { field: string; target: unknown },
): IntervalResult {
  const mode = readEmptySlicesMode(ctx);
  markExcluded(ctx, state, acc);
  let withData = 0, good = 0, sparse = 0, excluded = 0;
  for (let i = 0; i < state.length; i++) {
    const s = state[i];
    if (s === GOOD) { withData++; good++; } else if (s === BAD) withData++;
    else if (s === SPARSE) sparse++;
    else if (s === EXCLUDED) excluded++;
  }
  const empty = state.length - withData - excluded;
  const counted = withData + (mode === 'ignore' ? 0 : empty);
  const goodCounted = good + (mode === 'good' ? empty : 0);
  const unit = (typeof windowTarget === 'string' ? targetUnitOf(windowTarget) : undefined) ?? '%';
  const valueUnit = unitInfo(unit)?.dim === 'ratio' ? unit : '%';
  const result = emptyResult(valueUnit);
  result.observations = acc.observations;
  result.excluded = acc.excluded;
  result.slices = { total: state.length, withData, good: goodCounted, counted };
  if (ctx.explain) {
    const bad: { from: number; to: number; good?: number; total?: number }[] = [];
    for (let k = 0; k < state.length; k++) {
      if (state[k] !== BAD) continue;
      const from = sliceStart(ctx, acc, k), to = Math.min(sliceEnd(ctx, acc, k), ctx.effectiveEnd);
      bad.push(acc.goodPerSlice.length ? { from, to, good: acc.goodPerSlice[k], total: acc.observationsPerSlice[k] } : { from, to });
    }
    result.trace = { kind: 'slices', bad: bad.slice(0, 100), badCount: bad.length };
  }
  if (ctx.minObservations > 0) result.slices.sparse = sparse;
  if (excluded > 0) result.slices.excluded = excluded;
  if (counted === 0) { result.reason = 'no-observations'; return result; }
  const exact = mulFrac(exactPercent(goodCounted, counted), conversion('%', valueUnit)!);
  result.value = fracToNumber(exact);
  if (windowTarget === undefined || windowTarget === null) {
    result.reason = 'invalid';
    result.problem = `\`${windowField}\` is missing`;
    return result;
  }
  const bound = parseBound(windowTarget, windowField, valueUnit, ['percent', 'number']);
  let met = satisfies(cmpFrac(exact, bound.exact), bound.op);
  if (alsoTarget && alsoTarget.target !== undefined && alsoTarget.target !== null) {
    const alsoBound = parseBound(alsoTarget.target, alsoTarget.field, valueUnit, ['percent', 'number']);
    met = met && satisfies(cmpFrac(exact, alsoBound.exact), alsoBound.op);
  }
  result.status = met ? 'met' : 'breached';
  return result;
}
