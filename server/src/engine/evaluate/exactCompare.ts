/**
 * Exact comparison (spec §9): doubles decide while they are clearly apart; within rounding of each
 * other, the exact fractions of the decimals read from the files decide.
 */
import type { MetricData } from '../metrics/types';
import type { Operator } from '../../facts/quantities';
import { cmpFrac, decimalFrac, numberFrac, satisfies, type Frac } from '../exact';
import { inExclusion, lowerBound, type EvalContext } from './context';

/** A bound (`<= 300ms`, `>= 99.9%`) in the unit of the value it is compared with. */
export interface Bound {
  op: Operator;
  /** The bound in the value's unit, exactly. */
  exact: Frac;
  /** The nearest double of `exact`. */
  approx: number;
}

/** Within rounding of each other: decide exactly. */
export function withinRounding(x: number, y: number, scale = 0): boolean {
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale);
}

/** value <op> bound, deciding by doubles unless they are within rounding. */
export function meetsBound(approx: number, exact: () => Frac, bound: Bound, scale = 0): boolean {
  if (!withinRounding(approx, bound.approx, scale)) return satisfies(approx < bound.approx ? -1 : 1, bound.op);
  return satisfies(cmpFrac(exact(), bound.exact), bound.op);
}

/** n / d × 100 as an exact fraction (percent). */
export function exactPercent(n: number, d: number): Frac {
  if (Number.isSafeInteger(n) && Number.isSafeInteger(d * 100)) return { n: BigInt(n) * 100n, d: BigInt(d) };
  const a = numberFrac(n)!, b = numberFrac(d)!;
  return { n: a.n * b.d * 100n, d: a.d * b.n };
}

/** The exact value of row `row`: its decimal text from the file when it has one, else its double. */
export function exactRowValue(data: MetricData, row: number): Frac {
  const texts = data.valueTexts;
  return (texts && texts.get(row) !== undefined ? decimalFrac(texts.get(row)!) : undefined) ?? numberFrac(data.values![row])!;
}

const LONG_TEXT_DOUBLES = new WeakMap<MetricData, { size: number; set: Set<number> }>();

/** Doubles that have a >15-digit decimal text somewhere in the data (rare): those need the text. */
function doublesWithLongTexts(data: MetricData): Set<number> | undefined {
  const texts = data.valueTexts;
  if (!texts || texts.size === 0 || !data.values) return undefined;
  const cached = LONG_TEXT_DOUBLES.get(data);
  if (cached && cached.size === texts.size) return cached.set;
  const set = new Set<number>();
  for (const row of texts.keys()) set.add(data.values[row]);
  LONG_TEXT_DOUBLES.set(data, { size: texts.size, set });
  return set;
}

/**
 * The exact decimal of the element with double value `v` at 0-based sorted position `index` among
 * the counted values of rows in [from, to): String(v) unless tied doubles carry different decimal
 * texts (more than 15 significant digits), which are then ordered exactly.
 */
export function exactElement(ctx: EvalContext, v: number, index: number, from: number, to: number): Frac {
  const set = doublesWithLongTexts(ctx.data);
  if (!set || !set.has(v)) return numberFrac(v)!;
  const ts = ctx.data.timestamps, values = ctx.data.values!, texts = ctx.data.valueTexts!;
  let less = 0;
  const tied: Frac[] = [];
  const firstRow = ctx.testEachTimestamp ? 0 : lowerBound(ts, from, ctx.firstRow, ctx.endRow);
  const endRow = ctx.testEachTimestamp ? ctx.data.rows : lowerBound(ts, to, firstRow, ctx.endRow);
  for (let i = firstRow; i < endRow; i++) {
    const t = ts[i];
    if (ctx.testEachTimestamp && (t < from || t >= to)) continue;
    if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) continue;
    const x = values[i];
    if (x < v) less++;
    else if (x === v) tied.push(decimalFrac(texts.get(i) ?? String(x)) ?? numberFrac(x)!);
  }
  tied.sort(cmpFrac);
  return tied[Math.min(Math.max(index - less, 0), tied.length - 1)] ?? numberFrac(v)!;
}
