/**
 * Latency (spec §5, §9), both forms: a percentile of the values (exact, by selection), over the
 * window or per slice with `budgeting: timeslices`; or the ratio of rows meeting `threshold`.
 */
import { addFrac, cmpFrac, conversion, decimalFrac, fracToNumber, mulFrac, satisfies, subFrac, type Frac } from '../exact';
import { percentilePieces, percentilePiecesInRanges, percentileRank, isPercentileText, type PercentileMethod } from '../percentile';
import { parseTarget } from '../../facts/quantities';
import { countedRowRanges, eachCountedRowInTimeOrder, inExclusion, invalid, type EvalContext } from './context';
import { exactElement, exactRowValue, meetsBound, withinRounding, type Bound } from './exactCompare';
import { budgetsByTimeslices, optionalTargetBound, parseBound, readDurationMs, targetUnitOf, textOrUndefined } from './fields';
import { ratioIndicator } from './ratio';
import { histogramLatency } from './histogramLatency';
import { NotStreamed, type StreamAnswers } from '../stream/answers';
import { emptyResult, setValueAndStatus } from './result';
import { accumulate, sliceBudget, sliceEnd, sliceGrid, sliceStart, BAD, GOOD, SPARSE, type Accumulated } from './slices';
import type { IntervalResult } from './types';

export function latency(ctx: EvalContext): IntervalResult {
  const { percentile, threshold } = ctx.objective;
  if (percentile !== undefined && threshold !== undefined) return invalid('a latency objective has either `percentile` or `threshold`, not both');
  if (ctx.data.stream && (ctx.data.buckets || percentile === undefined)) throw new NotStreamed('a latency objective without a percentile');
  if (ctx.data.buckets) return histogramLatency(ctx);
  if (percentile !== undefined) return latencyPercentile(ctx);
  if (threshold !== undefined) return latencyRatio(ctx);
  return invalid('a latency objective needs `percentile` or `threshold`');
}

// ------------------------------------------------------------------------------- percentile form

interface PercentileFields {
  /** The percentile without its `p`: `99.9`. */
  percentileText: string;
  method: PercentileMethod;
  /** From the metric's unit to the value's. */
  toValueUnit: Frac;
  /** The value's unit. */
  unit: string;
}

function readPercentileFields(ctx: EvalContext): PercentileFields {
  const raw = ctx.objective.percentile;
  const percentileText = (typeof raw === 'number' ? String(raw) : textOrUndefined(raw) ?? '').trim().replace(/^[pP]/, '');
  if (!isPercentileText(percentileText)) return invalid(`\`percentile\` must be p50 … p99.99, found \`${String(raw)}\``);
  let method: PercentileMethod;
  const written = ctx.objective.percentileMethod;
  if (written === undefined || written === null) { method = 'nearest-rank'; ctx.defaultsApplied.push('percentileMethod'); }
  else if (written === 'nearest-rank' || written === 'linear') method = written;
  else return invalid('`percentileMethod` must be nearest-rank or linear');
  if (ctx.data.stream ? !ctx.data.stream.hasValues : !ctx.data.values) return invalid('the metric has no `value` column');
  const unit = ctx.targetUnit ?? targetUnitOf(ctx.objective.target) ?? ctx.data.unit ?? '';
  const toValueUnit = conversion(ctx.data.unit || undefined, unit);
  if (!toValueUnit) return invalid(`the metric's unit \`${ctx.data.unit}\` cannot be converted to \`${unit}\``);
  return { percentileText, method, toValueUnit, unit };
}

type PercentilePieces = ReturnType<typeof percentilePieces>;

/** The exact percentile (in the value unit) of the counted values in [from, to), from selected pieces. */
function exactPercentile(ctx: EvalContext, pieces: PercentilePieces, toValueUnit: Frac, from: number, to: number): Frac {
  return exactPercentileOf(pieces, toValueUnit, (v, index) => exactElement(ctx, v, index, from, to));
}

/** The exact percentile from its pieces, `exactAt(v, index)` giving the exact decimal of the element at a sorted position. */
function exactPercentileOf(pieces: PercentilePieces, toValueUnit: Frac, exactAt: (v: number, index: number) => Frac): Frac {
  const lower = exactAt(pieces.a, pieces.rank - 1);
  if (pieces.num === 0n) return mulFrac(lower, toValueUnit);
  const upper = exactAt(pieces.b, pieces.rank);
  const value = addFrac(lower, mulFrac(subFrac(upper, lower), { n: pieces.num, d: pieces.den }));
  return mulFrac(value, toValueUnit);
}

function countRowsInRange(ctx: EvalContext): number {
  const ts = ctx.data.timestamps;
  let n = 0;
  for (let i = ctx.firstRow; i < ctx.endRow; i++) { const t = ts[i]; if (t >= ctx.effectiveStart && t < ctx.effectiveEnd) n++; }
  return n;
}

function latencyPercentile(ctx: EvalContext): IntervalResult {
  const fields = readPercentileFields(ctx);
  if (budgetsByTimeslices(ctx)) return latencyPercentileSlices(ctx, fields);
  const { percentileText, method, toValueUnit, unit } = fields;
  const bound = optionalTargetBound(ctx, unit, ['duration', 'number']);
  if (ctx.data.stream) return streamedPercentile(ctx, ctx.data.stream, fields, bound);
  const ts = ctx.data.timestamps, values = ctx.data.values!;
  let n = 0, excluded = 0;
  let pieces: PercentilePieces | undefined;
  if (!ctx.testEachTimestamp) {
    // Sorted: the counted rows are row ranges, selected where they are (no copy of the window).
    const counted = countedRowRanges(ctx);
    n = counted.counted;
    excluded = counted.excluded;
    if (n > 0) pieces = percentilePiecesInRanges(values, counted.ranges, n, percentileText, method);
  } else {
    const counted = new Float64Array(countRowsInRange(ctx));
    for (let i = ctx.firstRow; i < ctx.endRow; i++) {
      const t = ts[i];
      if (t < ctx.effectiveStart || t >= ctx.effectiveEnd) continue;
      if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) { excluded++; continue; }
      counted[n++] = values[i];
    }
    if (n > 0) pieces = percentilePieces(counted, n, percentileText, method);
  }
  const result = emptyResult(unit);
  result.observations = n;
  result.excluded = excluded;
  if (n === 0 || !pieces) return setValueAndStatus(result, ctx, undefined, bound);
  result.percentile = { method, rank: pieces.rank };
  if (ctx.explain) result.trace = percentileTrace(ctx, method, pieces, n);
  return setValueAndStatus(result, ctx, exactPercentile(ctx, pieces, toValueUnit, ctx.effectiveStart, ctx.effectiveEnd), bound);
}

/** latencyPercentile from a streamed read's answers (engine/stream): the same result, no rows. */
function streamedPercentile(ctx: EvalContext, answers: StreamAnswers, { percentileText, method, toValueUnit, unit }: PercentileFields, bound: Bound | undefined): IntervalResult {
  if (ctx.exclusions.length || ctx.explain) throw new NotStreamed(ctx.explain ? 'explain' : 'exclusions');
  const answer = answers.percentile(ctx.effectiveStart, ctx.effectiveEnd, percentileText, method);
  const result = emptyResult(unit);
  result.observations = answer.n;
  if (answer.n === 0 || !answer.pieces) return setValueAndStatus(result, ctx, undefined, bound);
  result.percentile = { method, rank: answer.pieces.rank };
  return setValueAndStatus(result, ctx, exactPercentileOf(answer.pieces, toValueUnit, answer.exactAt), bound);
}

/**
 * The rank(s) of a percentile and, for each, the first counted row (in time) holding the value at
 * that rank (any row of an equal value is that observation as much as another).
 */
function percentileTrace(ctx: EvalContext, method: PercentileMethod, pieces: PercentilePieces, n: number): IntervalResult['trace'] {
  const linear = pieces.num !== 0n;
  const wanted = linear ? [pieces.a, pieces.b] : [pieces.a];
  const rows = wanted.map(() => -1);
  const values = ctx.data.values!;
  eachCountedRowInTimeOrder(ctx, (i) => {
    for (let k = 0; k < wanted.length; k++) if (rows[k] < 0 && values[i] === wanted[k]) rows[k] = i;
    return rows.some((r) => r < 0);
  });
  return {
    kind: 'percentile', method, observations: n, rows,
    ranks: linear ? [pieces.rank, pieces.rank + 1] : [pieces.rank],
    ...(linear ? { weight: { num: String(pieces.num), den: String(pieces.den) } } : {}),
  };
}

/** `budgeting: timeslices`: each slice's percentile against `target`, the good slices' share against `sliceTarget`. */
function latencyPercentileSlices(ctx: EvalContext, { percentileText, method, toValueUnit, unit }: PercentileFields): IntervalResult {
  const sliceMs = readDurationMs(ctx.objective.slice, 'slice', undefined, ctx);
  const bound = parseBound(ctx.objective.target, 'target', unit, ['duration', 'number']);
  if (method === 'nearest-rank') {
    const { acc, state } = nearestRankSlices(ctx, sliceMs, percentileText, toValueUnit, bound);
    return sliceBudget(ctx, acc, state, 'sliceTarget', ctx.objective.sliceTarget);
  }
  const acc = accumulate(ctx, sliceMs, () => 1, undefined);
  // Group the values by slice (counting sort), then select within each slice.
  const offsets = new Float64Array(acc.numberOfSlices + 1);
  for (let k = 0; k < acc.numberOfSlices; k++) offsets[k + 1] = offsets[k] + acc.rowsPerSlice[k];
  const nextPosition = offsets.slice(0, acc.numberOfSlices);
  const grouped = new Float64Array(offsets[acc.numberOfSlices]);
  const ts = ctx.data.timestamps, values = ctx.data.values!;
  for (let i = ctx.firstRow; i < ctx.endRow; i++) {
    const t = ts[i];
    if (ctx.testEachTimestamp && (t < ctx.effectiveStart || t >= ctx.effectiveEnd)) continue;
    if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) continue;
    grouped[nextPosition[Math.floor((t - ctx.intervalStart) / sliceMs) - acc.firstGridSlice]++] = values[i];
  }
  const toValueFactor = Number(toValueUnit.n) / Number(toValueUnit.d);
  const state = new Uint8Array(acc.numberOfSlices);
  for (let k = 0; k < acc.numberOfSlices; k++) {
    const n = acc.rowsPerSlice[k];
    if (n === 0) continue;
    if (n < ctx.minObservations) { state[k] = SPARSE; continue; }
    const sliceValues = grouped.subarray(offsets[k], offsets[k] + n);
    const pieces = percentilePieces(sliceValues, n, percentileText, method);
    const approx = (pieces.num === 0n ? pieces.a : pieces.a + (Number(pieces.num) / Number(pieces.den)) * (pieces.b - pieces.a)) * toValueFactor;
    const from = sliceStart(ctx, acc, k), to = Math.min(sliceEnd(ctx, acc, k), ctx.effectiveEnd);
    const scale = Math.max(Math.abs(pieces.a), Math.abs(pieces.b)) * toValueFactor;
    state[k] = meetsBound(approx, () => exactPercentile(ctx, pieces, toValueUnit, from, to), bound, scale) ? GOOD : BAD;
  }
  return sliceBudget(ctx, acc, state, 'sliceTarget', ctx.objective.sliceTarget);
}

/**
 * Nearest-rank slice states without selecting: a slice's value is its rank-th smallest, so it is
 * ≤ target exactly when at least `rank` values are ≤ target (< likewise). One pass counts, per
 * slice, the values below and at most the target — each compared exactly (doubles while clearly
 * apart, the decimals within rounding), as the selected value would be.
 */
function nearestRankSlices(ctx: EvalContext, sliceMs: number, percentileText: string, toValueUnit: Frac, bound: Bound): { acc: Accumulated; state: Uint8Array } {
  const { firstGridSlice, numberOfSlices: S } = sliceGrid(ctx, sliceMs);
  let rowsPerSlice: Uint32Array = new Uint32Array(S), below: Uint32Array = new Uint32Array(S), atMost: Uint32Array = new Uint32Array(S);
  let excluded = 0;
  if (ctx.data.stream) {
    // A streamed read (engine/stream) counted them per slice as it read.
    if (ctx.exclusions.length) throw new NotStreamed('exclusions');
    ({ rowsPerSlice, below, atMost } = ctx.data.stream.sliceCounts({
      from: ctx.effectiveStart, to: ctx.effectiveEnd, gridStart: ctx.intervalStart, sliceMs, firstGridSlice, count: S, pText: percentileText, bound, factor: toValueUnit,
    }));
  } else countSlices(ctx, sliceMs, firstGridSlice, toValueUnit, bound, rowsPerSlice, below, atMost, (n) => { excluded += n; });
  return slicesFromCounts(ctx, sliceMs, firstGridSlice, percentileText, bound, rowsPerSlice, below, atMost, excluded);
}

/** Per slice: the counted rows, and how many of their values are below / at most the bound (exactly). */
function countSlices(ctx: EvalContext, sliceMs: number, firstGridSlice: number, toValueUnit: Frac, bound: Bound,
  rowsPerSlice: Uint32Array, below: Uint32Array, atMost: Uint32Array, onExcluded: (n: number) => void): void {
  const ts = ctx.data.timestamps, values = ctx.data.values!;
  const factor = Number(toValueUnit.n) / Number(toValueUnit.d), approx = bound.approx;
  let excluded = 0;
  for (let i = ctx.firstRow; i < ctx.endRow; i++) {
    const t = ts[i];
    if (ctx.testEachTimestamp && (t < ctx.effectiveStart || t >= ctx.effectiveEnd)) continue;
    if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) { excluded++; continue; }
    const k = Math.floor((t - ctx.intervalStart) / sliceMs) - firstGridSlice;
    rowsPerSlice[k]++;
    const x = values[i] * factor;
    const c = !withinRounding(x, approx) ? (x < approx ? -1 : 1) : cmpFrac(mulFrac(exactRowValue(ctx.data, i), toValueUnit), bound.exact);
    if (c <= 0) { atMost[k]++; if (c < 0) below[k]++; }
  }
  onExcluded(excluded);
}

function slicesFromCounts(ctx: EvalContext, sliceMs: number, firstGridSlice: number, percentileText: string, bound: Bound,
  rowsPerSlice: Uint32Array, below: Uint32Array, atMost: Uint32Array, excluded: number): { acc: Accumulated; state: Uint8Array } {
  const S = rowsPerSlice.length;
  let observations = 0;
  for (let k = 0; k < S; k++) observations += rowsPerSlice[k];
  const acc: Accumulated = {
    numberOfSlices: S, sliceMs, firstGridSlice, observationsPerSlice: Float64Array.from(rowsPerSlice), goodPerSlice: new Float64Array(0),
    rowsPerSlice, observations, excluded,
  };
  const state = new Uint8Array(S);
  const ranks = new Map<number, number>();
  for (let k = 0; k < S; k++) {
    const n = rowsPerSlice[k];
    if (n === 0) continue;
    if (n < ctx.minObservations) { state[k] = SPARSE; continue; }
    let rank = ranks.get(n);
    if (rank === undefined) { rank = percentileRank(percentileText, n); ranks.set(n, rank); }
    // The slice's value against the target: below it, equal to it, or above it.
    const cmp = below[k] >= rank ? -1 : atMost[k] >= rank ? 0 : 1;
    state[k] = satisfies(cmp, bound.op) ? GOOD : BAD;
  }
  return { acc, state };
}

// ------------------------------------------------------------------------------------ ratio form

/** A per-row test `value <op> threshold` (1 or 0) with the threshold in the column's unit, exact at ties. */
function rowMeetsThreshold(ctx: EvalContext): (row: number) => number {
  const values = ctx.data.values;
  if (!values) return invalid('the metric has no `value` column');
  const text = ctx.objective.threshold;
  if (typeof text !== 'string') return invalid('`threshold` is not a target like "<= 300ms"');
  const parsed = parseTarget(text, ['duration', 'number']);
  if (!parsed.ok) return invalid(`\`threshold\`: ${parsed.message}`);
  // A column without unit is in the threshold's unit (spec §9).
  const columnUnit = ctx.data.unit || parsed.value.quantity.unit;
  const toColumnUnit = conversion(parsed.value.quantity.unit, columnUnit);
  if (!toColumnUnit) return invalid(`\`threshold\` (${parsed.value.quantity.unit || 'a plain number'}) cannot be compared with the metric's unit \`${columnUnit}\``);
  const exact = mulFrac(decimalFrac(parsed.value.quantity.number)!, toColumnUnit);
  const bound: Bound = { op: parsed.value.op, exact, approx: fracToNumber(exact) };
  const op = bound.op, approx = bound.approx;
  return (row: number): number => {
    const v = values[row];
    if (!withinRounding(v, approx)) return satisfies(v < approx ? -1 : 1, op) ? 1 : 0;
    return satisfies(cmpFrac(exactRowValue(ctx.data, row), bound.exact), op) ? 1 : 0;
  };
}

function latencyRatio(ctx: EvalContext): IntervalResult {
  const good = rowMeetsThreshold(ctx);
  const oneObservation = (): number => 1;
  return ratioIndicator(ctx, oneObservation, good);
}
