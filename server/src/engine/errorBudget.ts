/**
 * The error budget of a window (availability, ratio-form latency, timeslice budgets: the objectives
 * whose target is a share of good events/slices). With v the value and t the target as fractions,
 * burnRate = (1 − v) / (1 − t) — 1 means spending the budget exactly as fast as the window allows;
 * consumed = burnRate × elapsed, where elapsed is the fraction of the window before asOf (1 for
 * complete windows); remaining = 1 − consumed (negative = overspent). A 100 % target has no budget:
 * both are null. Only for `>=`/`>` targets.
 */
import type { IntervalResult, ObjectiveSpec } from './evaluate';
import { baselineKind } from './baseline';
import { decimalFrac, fracToNumber, intFrac, mulFrac, numberFrac, subFrac } from './exact';
import { parseTarget } from '../facts/quantities';
import type { ErrorBudget } from './reportTypes';

/** The error budget of a window for share-type objectives; `part` is the evaluated part. */
export function errorBudget(o: ObjectiveSpec, r: IntervalResult, part: { from: number; to: number }, asOf: number): ErrorBudget | undefined {
  const how = baselineKind(o);
  if (!how || how.kind !== 'error-budget' || r.value === null) return undefined;
  const raw = o[how.field];
  if (typeof raw !== 'string') return undefined;
  const t = parseTarget(raw);
  if (!t.ok || (t.value.op !== '>=' && t.value.op !== '>')) return undefined;
  // Exactly, in the target's unit (the value is reported in it): full = 100 for %, 1 for a bare fraction.
  const full = intFrac(t.value.quantity.unit === '%' ? 100 : 1);
  const target = decimalFrac(t.value.quantity.number);
  const value = numberFrac(r.value);
  const elapsed = part.to > part.from ? Math.max(0, Math.min(1, (Math.min(asOf, part.to) - part.from) / (part.to - part.from))) : 1;
  if (!target || !value) return undefined;
  const allowed = subFrac(full, target);
  if (allowed.n <= 0n) return { remaining: null, burnRate: null, elapsed };
  const burn = mulFrac(subFrac(full, value), { n: allowed.d, d: allowed.n });
  const burnRate = fracToNumber(burn);
  const remaining = elapsed === 1 ? fracToNumber(subFrac(intFrac(1), burn)) : 1 - burnRate * elapsed;
  return { remaining, burnRate, elapsed };
}

