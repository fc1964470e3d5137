/**
 * Occurrence ratios (availability request-based, ratio-form latency): Σgood / Σobservations in %,
 * compared with `target`; with `budgeting: timeslices` each slice's ratio is compared with `target`
 * and the window's share of good slices with `sliceTarget`.
 */
import { conversion, mulFrac, unitInfo } from '../exact';
import { eachCountedRowInTimeOrder, invalid, type EvalContext } from './context';
import { exactPercent, meetsBound, type Bound } from './exactCompare';
import { budgetsByTimeslices, optionalTargetBound, parseBound, readDurationMs, targetUnitOf } from './fields';
import { emptyResult, setValueAndStatus } from './result';
import { accumulate, sliceBudget, BAD, GOOD, SPARSE, type Accumulated, type RowCount } from './slices';
import type { IntervalResult } from './types';

/** Each slice's state from its good/total ratio against `bound`; too few observations is SPARSE. */
export function classifyRatioSlices(ctx: EvalContext, acc: Accumulated, bound: Bound): Uint8Array {
  const state = new Uint8Array(acc.numberOfSlices);
  for (let i = 0; i < acc.numberOfSlices; i++) {
    const n = acc.observationsPerSlice[i];
    if (n <= 0) continue;
    if (n < ctx.minObservations) { state[i] = SPARSE; continue; }
    const good = acc.goodPerSlice[i];
    state[i] = meetsBound((good * 100) / n, () => exactPercent(good, n), bound) ? GOOD : BAD;
  }
  return state;
}

export function ratioIndicator(ctx: EvalContext, observationsOf: RowCount, goodOf: RowCount): IntervalResult {
  if (budgetsByTimeslices(ctx)) {
    const sliceMs = readDurationMs(ctx.objective.slice, 'slice', undefined, ctx);
    const sliceBound = parseBound(ctx.objective.target, 'target', '%', ['percent', 'number']);
    const acc = accumulate(ctx, sliceMs, observationsOf, goodOf);
    const state = classifyRatioSlices(ctx, acc, sliceBound);
    return sliceBudget(ctx, acc, state, 'sliceTarget', ctx.objective.sliceTarget);
  }
  const wanted = ctx.targetUnit ?? targetUnitOf(ctx.objective.target);
  const unit = wanted !== undefined && unitInfo(wanted)?.dim === 'ratio' ? wanted : '%';
  const bound = optionalTargetBound(ctx, unit, ['percent', 'number']);
  const acc = accumulate(ctx, 0, observationsOf, goodOf);
  const result = emptyResult(unit);
  result.observations = acc.observations;
  result.excluded = acc.excluded;
  const toUnit = conversion('%', unit) ?? invalid(`a ratio cannot be reported in \`${unit}\``);
  if (acc.observations <= 0) return setValueAndStatus(result, ctx, undefined, bound);
  const observations = acc.observationsPerSlice[0], good = acc.goodPerSlice[0];
  // Sums beyond 2^53 − 1 are no longer exact doubles: refused, never a silently rounded ratio.
  if (observations > Number.MAX_SAFE_INTEGER || good > Number.MAX_SAFE_INTEGER) {
    return invalid(`the window's counts add up to ${observations} events, beyond 9007199254740991 (2^53 − 1): the tool does not round counts; split the window (a shorter calendar window) or scale the counts`);
  }
  if (ctx.explain) result.trace = { kind: 'ratio', good, total: observations, badRows: firstBadRows(ctx, observationsOf, goodOf, EVIDENCE_ROWS) };
  return setValueAndStatus(result, ctx, mulFrac(exactPercent(good, observations), toUnit), bound);
}

/** How many bad rows an explanation cites (spec §8.1: the first 20 bad events of the window). */
export const EVIDENCE_ROWS = 20;

/** The first `max` counted rows (in time) whose good events are fewer than their observations. */
function firstBadRows(ctx: EvalContext, observationsOf: RowCount, goodOf: RowCount, max: number): number[] {
  const out: number[] = [];
  eachCountedRowInTimeOrder(ctx, (i) => {
    if (goodOf(i) < observationsOf(i)) out.push(i);
    return out.length < max;
  });
  return out;
}
