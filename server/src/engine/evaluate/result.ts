/** The result of one evaluation: started empty (no-data), then given its value and verdict. */
import { cmpFrac, fracToDecimalText, fracToNumber, numberFrac, satisfies, type Frac } from '../exact';
import type { EvalContext } from './context';
import type { Bound } from './exactCompare';
import type { IntervalResult } from './types';

export function emptyResult(unit: string): IntervalResult {
  return { value: null, unit, observations: 0, excluded: 0, status: 'no-data' };
}

/**
 * Sets value and status from the exact value (in the value unit): no-data without observations or
 * below `minObservations`; a missing target keeps the value and says so.
 */
export function setValueAndStatus(result: IntervalResult, ctx: EvalContext, exact: Frac | undefined, bound: Bound | undefined): IntervalResult {
  const count = result.observations;
  if (exact === undefined || count <= 0) { result.reason = 'no-observations'; return result; }
  result.value = fracToNumber(exact);
  // A value no double holds (a decimal with more than 15 significant digits): its exact text too,
  // so the JSON never shows a breach as the target's own number (spec §8: the JSON does not round).
  const asDouble = numberFrac(result.value);
  if (asDouble && cmpFrac(asDouble, exact) !== 0) {
    const text = fracToDecimalText(exact);
    if (text !== undefined) result.valueText = text;
  }
  if (ctx.minObservations > 0 && count < ctx.minObservations) { result.reason = 'min-observations'; return result; }
  if (!bound) { result.reason = 'invalid'; result.problem = '`target` is missing'; return result; }
  result.status = satisfies(cmpFrac(exact, bound.exact), bound.op) ? 'met' : 'breached';
  return result;
}
