/**
 * SLA110 (spec §7, §9): is a target stricter than the performance measured over the baseline dates,
 * after allowing `baseline.margin`? The baseline value is the objective's own computation over the
 * baseline interval (`evaluateInterval`); the margin loosens it:
 *
 * - latency percentiles and lower-is-better measures (rmse, mae, log-loss, mape, …):
 *   the threshold must be ≥ baseline × (1 + margin);
 * - throughput and higher-is-better accuracy measures: ≤ baseline × (1 − margin);
 * - availability, ratio-form latency and every timeslice budget (values are percentages): the margin
 *   applies to the error budget, target ≤ 1 − (1 − baseline) × (1 + margin), in fractions.
 *
 * All of it exactly (BigInt fractions): a target exactly at the bound is not stricter.
 */
import type { MetricData } from './metrics/types';
import { parseQuantity, parseTarget, type Operator } from '../facts/quantities';
import { addFrac, cmpFrac, decimalFrac, fracToNumber, intFrac, mulFrac, numberFrac, subFrac, type Frac } from './exact';
import { evaluateInterval, lowerIsBetterMeasure, type EvaluateOptions, type IntervalResult, type ObjectiveSpec } from './evaluate';

export type BaselineKind = 'lower-is-better' | 'higher-is-better' | 'error-budget';

export interface TargetSuggestion {
  /** The target (or `sliceTarget`) is stricter than the margin-adjusted baseline. */
  stricter: boolean;
  /** The margin-adjusted baseline in the target's unit (the loosest target that is not stricter). */
  bound: number;
  /** A target at the bound, rounded in the looser direction to one decimal more than the target has: `<= 262.5ms`. */
  suggested: string;
  /** Which field the comparison is about: a timeslice budget's value is compared with `sliceTarget`. */
  field: 'target' | 'sliceTarget';
  kind: BaselineKind;
}

/** The baseline value: the objective's own computation over the baseline interval. */
export function baselineValue(
  objective: ObjectiveSpec,
  data: MetricData,
  baselineInterval: { start: number; end: number },
  options: EvaluateOptions = {},
): IntervalResult {
  return evaluateInterval(objective, data, baselineInterval, options);
}

/** Which way the margin works for an objective, and which field holds the compared target. */
export function baselineKind(objective: ObjectiveSpec): { kind: BaselineKind; field: 'target' | 'sliceTarget' } | undefined {
  const o = objective;
  const timeslices = o.budgeting === 'timeslices';
  const hasSliceGood = o.sliceGood !== undefined && o.sliceGood !== null;
  switch (o.indicator) {
    case 'latency':
      if (timeslices) return { kind: 'error-budget', field: 'sliceTarget' };
      if (o.threshold !== undefined) return { kind: 'error-budget', field: 'target' };
      return { kind: 'lower-is-better', field: 'target' };
    case 'availability':
      if (o.method === 'time-based' && hasSliceGood) return { kind: 'error-budget', field: 'target' };
      return { kind: 'error-budget', field: timeslices ? 'sliceTarget' : 'target' };
    case 'throughput':
      if (timeslices) return { kind: 'error-budget', field: 'sliceTarget' };
      return { kind: 'higher-is-better', field: 'target' };
    case 'accuracy': {
      if (lowerIsBetterMeasure(o.measure)) return { kind: 'lower-is-better', field: 'target' };
      const t = typeof o.target === 'string' ? parseTarget(o.target) : undefined;
      // An unknown measure: the target's operator tells the direction.
      if (t?.ok && (t.value.op === '<' || t.value.op === '<=') && !isKnownHigher(o.measure)) return { kind: 'lower-is-better', field: 'target' };
      return { kind: 'higher-is-better', field: 'target' };
    }
    default:
      return undefined;
  }
}

const HIGHER = new Set(['accuracy', 'precision', 'recall', 'f1', 'auc', 'roc-auc', 'pr-auc', 'map', 'ndcg', 'r2', 'balanced-accuracy']);
function isKnownHigher(measure: unknown): boolean {
  return typeof measure === 'string' && HIGHER.has(measure.toLowerCase());
}

/** `5%` → 1/20, `0.05` → 1/20; missing → 0; undefined when malformed. */
export function parseMargin(marginText: unknown): Frac | undefined {
  if (marginText === undefined || marginText === null) return intFrac(0);
  const text = typeof marginText === 'number' ? String(marginText) : marginText;
  if (typeof text !== 'string') return undefined;
  const q = parseQuantity(text, ['percent', 'number']);
  if (!q.ok) return undefined;
  const f = decimalFrac(q.value.number);
  if (!f || f.n < 0n) return undefined;
  return q.value.kind === 'percent' ? { n: f.n, d: f.d * 100n } : f;
}

function decimalsOf(numberText: string): number {
  const m = /\.(\d+)/.exec(numberText);
  return m ? m[1].length : 0;
}

/** floor (or ceil) of f × 10^dp, written as a decimal with trailing zeros stripped. */
function roundFrac(f: Frac, dp: number, up: boolean): string {
  const scale = 10n ** BigInt(dp);
  const num = f.n * scale;
  let q = num / f.d;
  const r = num % f.d;
  if (r !== 0n) {
    // BigInt division truncates toward zero.
    if (up && num > 0n) q += 1n;
    if (!up && num < 0n) q -= 1n;
  }
  const neg = q < 0n;
  let digits = (neg ? -q : q).toString().padStart(dp + 1, '0');
  let text = dp > 0 ? `${digits.slice(0, -dp)}.${digits.slice(-dp)}` : digits;
  if (dp > 0) text = text.replace(/0+$/, '').replace(/\.$/, '');
  digits = text;
  return neg && digits !== '0' ? `-${digits}` : digits;
}

/**
 * Compares the objective's target (or `sliceTarget` for timeslice budgets) with the baseline value
 * (in that target's unit, as `evaluateInterval` reports it) loosened by the margin. Undefined when
 * the objective's indicator is unknown, the target or the margin is malformed, or the value is not
 * a finite number.
 */
export function suggestTarget(objective: ObjectiveSpec, baselineValue: number, marginText: unknown): TargetSuggestion | undefined {
  const how = baselineKind(objective);
  if (!how || !Number.isFinite(baselineValue)) return undefined;
  const raw = objective[how.field];
  if (typeof raw !== 'string') return undefined;
  const t = parseTarget(raw);
  if (!t.ok) return undefined;
  const margin = parseMargin(marginText);
  const b = numberFrac(baselineValue);
  const target = decimalFrac(t.value.quantity.number);
  if (!margin || !b || !target) return undefined;
  const unit = t.value.quantity.unit;
  const one = intFrac(1);
  let bound: Frac;
  if (how.kind === 'lower-is-better') bound = mulFrac(b, addFrac(one, margin));
  else if (how.kind === 'higher-is-better') bound = mulFrac(b, subFrac(one, margin));
  else {
    // In fractions: a % target and value are divided by 100, a bare number is a fraction already.
    const pct = unit === '%';
    const bf = pct ? mulFrac(b, { n: 1n, d: 100n }) : b;
    const boundFraction = subFrac(one, mulFrac(subFrac(one, bf), addFrac(one, margin)));
    bound = pct ? mulFrac(boundFraction, intFrac(100)) : boundFraction;
  }
  const c = cmpFrac(target, bound);
  const up = how.kind === 'lower-is-better';
  const stricter = up ? c < 0 : c > 0;
  const dp = decimalsOf(t.value.quantity.number) + 1;
  const op: Operator = t.value.op;
  const suggested = `${op} ${roundFrac(bound, dp, up)}${unit}`;
  return { stricter, bound: fracToNumber(bound), suggested, field: how.field, kind: how.kind };
}

/** Convenience for SLA110: the baseline result and, when it has a value, the suggestion. */
export function checkBaseline(
  objective: ObjectiveSpec,
  data: MetricData,
  baselineInterval: { start: number; end: number },
  marginText: unknown,
  options: EvaluateOptions = {},
): { result: IntervalResult; suggestion: TargetSuggestion | undefined } {
  const result = baselineValue(objective, data, baselineInterval, options);
  const suggestion = result.value === null ? undefined : suggestTarget(objective, result.value, marginText);
  return { result, suggestion };
}
