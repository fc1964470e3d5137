/**
 * The value of ONE objective over ONE interval [start, end) from its metric data (spec §5, §9): the
 * function SLA110 (the baseline), SLA113 (observations per complete window) and the compliance
 * report share. Pure: typed arrays in, a small result out; no object per row.
 *
 * Exactness (spec §9): values are kept as exact fractions of the decimals read from the files
 * (`exact.ts`) wherever a verdict depends on them — percentiles, threshold comparisons per row,
 * ratios, rates, means — and compared with the target's decimal text exactly; doubles are used
 * for speed and display, with an exact re-check whenever a double comparison is within rounding.
 *
 * The period clips (spec §9, `options.period`): rows outside it never count, whatever the interval;
 * the slice and cadence grids stay aligned to the interval's start, only their parts inside the
 * period count (a slice straddling the period's edge is measured over its inside part, as a slice
 * cut by the interval's end is). The baseline is evaluated without a period.
 *
 * A malformed objective (missing target, unknown indicator, bad duration...) never throws: the
 * result is `no-data` with a `problem` saying why (the schema and the linter report the cause).
 */
import type { MetricData } from './metrics/types';
import { parseTimestamp } from './metrics/timestamps';
import { parseDuration, parseTarget, type Operator, type QuantityKind } from '../facts/quantities';
import {
  addFrac, conversion, cmpFrac, decimalFrac, fracToDecimalText, fracToNumber, intFrac, mulFrac, numberFrac, satisfies, scaleFrac, subFrac, unitInfo,
  type Frac,
} from './exact';
import { percentilePieces, percentileRank, isPercentileText, selectInPlace, type PercentileMethod } from './percentile';
import { sliceCount, zoneResolver } from './windows';

// ------------------------------------------------------------------------------------------ types

export interface ExclusionSpec {
  reason?: string;
  from?: unknown;
  to?: unknown;
}

export interface EvaluationSpec {
  cadence?: unknown;
  dataset?: unknown;
  minSamples?: unknown;
  aggregate?: unknown;
}

/** An objective as written in the SLA (spec §5); every field may be missing or malformed. */
export interface ObjectiveSpec {
  id?: unknown;
  indicator?: unknown;
  metric?: unknown;
  target?: unknown;
  window?: unknown;
  percentile?: unknown;
  percentileMethod?: unknown;
  threshold?: unknown;
  method?: unknown;
  sliceGood?: unknown;
  measure?: unknown;
  evaluation?: EvaluationSpec | unknown;
  statistic?: unknown;
  budgeting?: unknown;
  slice?: unknown;
  sliceTarget?: unknown;
  emptySlices?: unknown;
  minObservations?: unknown;
  exclusions?: ExclusionSpec[] | unknown;
  [key: string]: unknown;
}

export interface EvaluateOptions {
  /** Nothing at or after asOf counts (spec §9). */
  asOf?: number;
  /**
   * The SLA's period (spec §9 "The period clips"): nothing before `start` or at/after `end` counts.
   * Slice and cadence grids stay aligned to the interval's start; slices and cadence periods
   * outside the period are not counted, one that straddles its edge counts its inside part.
   */
  period?: { start?: number; end?: number };
  /** Unit of the reported value (default: the target's unit; `%` for timeslice budgets). */
  targetUnit?: string;
  /** IANA zone for exclusion instants without offset and for daily/weekly/monthly cadences (default UTC). */
  timezone?: string;
}

export type Status = 'met' | 'breached' | 'no-data';

export interface SliceCounts {
  /** Slices up to asOf (a throughput slice still running at asOf is left out). */
  total: number;
  /** Slices with data (at least one observation, and at least `minObservations` when set). */
  withData: number;
  /** Numerator of the value: good slices with data, plus empty slices when `emptySlices: good`. */
  good: number;
  /** Denominator of the value: slices with data, plus empty slices unless `emptySlices: ignore`. */
  counted: number;
  /** Slices with some observations but fewer than `minObservations` (counted as empty). */
  sparse?: number;
  /** Slices entirely inside `exclusions`: neither data nor empty, left out of `counted`. */
  excluded?: number;
}

export interface AccuracyRuns {
  /** Row indices (into the metric data) of the counted runs, in time order. */
  counted: number[];
  /** Dropped by `exclusions`. */
  excluded: number[];
  /** Another dataset than `evaluation.dataset`. */
  otherDataset: number[];
  /** Fewer labeled samples than `evaluation.minSamples`. */
  belowMinSamples: number[];
}

export interface IntervalResult {
  /** The measured value in `unit`; null when there was nothing to measure. */
  value: number | null;
  unit: string;
  /** Counted observations (events; Σ total for pre-aggregated rows; counted runs for accuracy). */
  observations: number;
  /** Observations (or runs) dropped by `exclusions`. */
  excluded: number;
  belowMinSamples?: number;
  otherDataset?: number;
  slices?: SliceCounts;
  gaps?: { from: number; to: number }[];
  runs?: AccuracyRuns;
  status: Status;
  /** Why the status is no-data (when it is). */
  reason?: 'no-observations' | 'min-observations' | 'gaps' | 'invalid';
  /** For `reason: 'invalid'`: what in the objective (or data) prevents the computation. */
  problem?: string;
  /**
   * The exact decimal of `value` when no double holds it (a decimal from the file with more than
   * 15 significant digits): `value` is then the nearest double.
   */
  valueText?: string;
  /** Defaults applied for missing fields (`percentileMethod`, `aggregate`, `slice`, `statistic`, `emptySlices`, `method`). */
  defaults?: string[];
  /** Percentile form: the method used and the nearest-rank rank / linear lower position (1-based). */
  percentile?: { method: PercentileMethod; rank: number };
}

// ---------------------------------------------------------------------------------------- context

interface Bound {
  op: Operator;
  /** The bound in the value's unit, exactly. */
  frac: Frac;
  approx: number;
}

interface Ctx {
  o: ObjectiveSpec;
  data: MetricData;
  /** The interval's start: the origin of slice and cadence grids. */
  start: number;
  /** Effective start: max(interval.start, period.start). */
  from: number;
  /** Effective end: min(interval.end, period.end, asOf). */
  end: number;
  /** The interval's own end (calendar end) clipped at period.end: where slices and cadence periods stop. */
  windowEnd: number;
  asOf: number | undefined;
  zone: string;
  lo: number;
  hi: number;
  check: boolean;
  ex: Float64Array;
  defaults: string[];
  minObs: number;
  targetUnit: string | undefined;
}

class Invalid extends Error {}
const invalid = (message: string): never => { throw new Invalid(message); };

const MINUTE = 60_000;
const MAX_SLICES = 20_000_000;
const MAX_PERIODS = 1_000_000;

function lowerBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function inExclusion(ex: Float64Array, t: number): boolean {
  for (let k = 0; k < ex.length; k += 2) {
    if (t < ex[k]) return false;
    if (t < ex[k + 1]) return true;
  }
  return false;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function parseInstant(v: unknown, zone: string, what: string): number {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isFinite(t)) return t;
  } else if (typeof v === 'string') {
    const r = parseTimestamp(v, { timezone: zone });
    if (r.ok) return r.ms;
    invalid(`${what} \`${v}\`: ${r.problem}`);
  }
  return invalid(`${what} is missing or not a timestamp`);
}

const EXCLUSIONS = new WeakMap<unknown[], { zone: string; pairs: Float64Array }>();

/** Exclusions as sorted, merged [from, to) pairs (parsed once per list and zone: a report evaluates many windows). */
function parseExclusions(list: unknown, zone: string): Float64Array {
  if (list === undefined || list === null) return new Float64Array(0);
  if (!Array.isArray(list)) return invalid('`exclusions` is not a list');
  const known = EXCLUSIONS.get(list);
  if (known && known.zone === zone) return known.pairs;
  const pairs = parseExclusionList(list, zone);
  EXCLUSIONS.set(list, { zone, pairs });
  return pairs;
}

function parseExclusionList(list: unknown[], zone: string): Float64Array {
  const pairs: [number, number][] = [];
  list.forEach((e, i) => {
    if (!e || typeof e !== 'object') invalid(`exclusion ${i + 1} is not a { reason, from, to } entry`);
    const from = parseInstant((e as ExclusionSpec).from, zone, `exclusion ${i + 1} \`from\``);
    const to = parseInstant((e as ExclusionSpec).to, zone, `exclusion ${i + 1} \`to\``);
    if (to > from) pairs.push([from, to]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [f, t] of pairs) {
    const n = merged.length;
    if (n && f <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], t);
    else merged.push(f, t);
  }
  return Float64Array.from(merged);
}

function parseBound(text: unknown, field: string, valueUnit: string, kinds?: QuantityKind[]): Bound {
  if (typeof text !== 'string') return invalid(`\`${field}\` is missing`);
  const t = parseTarget(text, kinds);
  if (!t.ok) return invalid(`\`${field}\`: ${t.message}`);
  const conv = conversion(t.value.quantity.unit, valueUnit);
  if (!conv) return invalid(`\`${field}\` (${t.value.quantity.unit || 'a plain number'}) cannot be compared with a value in ${valueUnit || 'plain numbers'}`);
  const q = decimalFrac(t.value.quantity.number);
  if (!q) return invalid(`\`${field}\`: not a number`);
  const frac = mulFrac(q, conv);
  return { op: t.value.op, frac, approx: fracToNumber(frac) };
}

function targetUnitOf(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = parseTarget(text);
  return t.ok ? t.value.quantity.unit : undefined;
}

/** Within rounding of each other: decide exactly. */
function near(x: number, y: number, scale = 0): boolean {
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale);
}

/** value <op> bound, deciding by doubles unless they are within rounding. */
function meets(approx: number, exact: () => Frac, b: Bound, scale = 0): boolean {
  if (!near(approx, b.approx, scale)) return satisfies(approx < b.approx ? -1 : 1, b.op);
  return satisfies(cmpFrac(exact(), b.frac), b.op);
}

/** n / d × 100 as an exact fraction (percent). */
function percentFrac(n: number, d: number): Frac {
  if (Number.isSafeInteger(n) && Number.isSafeInteger(d * 100)) return { n: BigInt(n) * 100n, d: BigInt(d) };
  const a = numberFrac(n)!, b = numberFrac(d)!;
  return { n: a.n * b.d * 100n, d: a.d * b.n };
}

function nonNegativeNumber(v: unknown, field: string): number {
  const n = typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return invalid(`\`${field}\` must be a non-negative number`);
  return n;
}

function durationMs(v: unknown, field: string, fallback: number | undefined, c: Ctx): number {
  if (v === undefined || v === null) {
    if (fallback === undefined) return invalid(`\`${field}\` is missing`);
    c.defaults.push(field);
    return fallback;
  }
  if (typeof v !== 'string') return invalid(`\`${field}\` is not a duration`);
  const d = parseDuration(v);
  if (!d.ok) return invalid(`\`${field}\`: ${d.message}`);
  const ms = d.value.normalized;
  if (!Number.isInteger(ms) || ms < 1) return invalid(`\`${field}\` must be a whole number of milliseconds`);
  return ms;
}

type EmptyMode = 'ignore' | 'good' | 'bad';
function emptyMode(c: Ctx): EmptyMode {
  const v = c.o.emptySlices;
  if (v === undefined || v === null) { c.defaults.push('emptySlices'); return 'ignore'; }
  if (v === 'ignore' || v === 'good' || v === 'bad') return v;
  return invalid('`emptySlices` must be ignore, good or bad');
}

function base(unit: string): IntervalResult {
  return { value: null, unit, observations: 0, excluded: 0, status: 'no-data' };
}

/**
 * Sets value and status from the exact value (in the value unit): no-data without observations or
 * below `minObservations`; a missing target keeps the value and says so.
 */
function finish(r: IntervalResult, c: Ctx, exact: Frac | undefined, bound: Bound | undefined, count = r.observations): IntervalResult {
  if (exact === undefined || count <= 0) { r.reason = 'no-observations'; return r; }
  r.value = fracToNumber(exact);
  // A value no double holds (a decimal with more than 15 significant digits): its exact text too,
  // so the JSON never shows a breach as the target's own number (spec §8: the JSON does not round).
  const asDouble = numberFrac(r.value);
  if (asDouble && cmpFrac(asDouble, exact) !== 0) {
    const text = fracToDecimalText(exact);
    if (text !== undefined) r.valueText = text;
  }
  if (c.minObs > 0 && count < c.minObs) { r.reason = 'min-observations'; return r; }
  if (!bound) { r.reason = 'invalid'; r.problem = '`target` is missing'; return r; }
  r.status = satisfies(cmpFrac(exact, bound.frac), bound.op) ? 'met' : 'breached';
  return r;
}

const optionalBound = (c: Ctx, unit: string, kinds: QuantityKind[]): Bound | undefined =>
  c.o.target === undefined || c.o.target === null ? undefined : parseBound(c.o.target, 'target', unit, kinds);

// ----------------------------------------------------------------------------------- entry point

/**
 * Evaluates one objective over [interval.start, interval.end) (cut at `options.asOf`). Never throws:
 * a malformed objective or unusable data gives `status: 'no-data'`, `reason: 'invalid'`, `problem`.
 */
export function evaluateInterval(
  objective: ObjectiveSpec,
  data: MetricData,
  interval: { start: number; end: number },
  options: EvaluateOptions = {},
): IntervalResult {
  const defaults: string[] = [];
  const fallbackUnit = options.targetUnit ?? targetUnitOf(objective?.target) ?? '';
  try {
    if (!objective || typeof objective !== 'object') invalid('the objective is not a mapping');
    if (!data || !(data.timestamps instanceof Float64Array)) invalid('no metric data');
    const zone = options.timezone ?? 'UTC';
    zoneResolver(zone);
    const asOf = options.asOf;
    const start = interval.start;
    if (!Number.isFinite(start) || !Number.isFinite(interval.end) || interval.end < start) invalid('the interval is not a finite [start, end)');
    const period = options.period;
    const from = period?.start !== undefined && period.start > start ? period.start : start;
    const windowEnd = period?.end !== undefined && period.end < interval.end ? period.end : interval.end;
    const end = asOf === undefined ? windowEnd : Math.min(windowEnd, asOf);
    const ts = data.timestamps;
    let lo = 0, hi = 0, check = false;
    if (end > from && data.rows > 0) {
      if (data.sorted) {
        lo = lowerBound(ts, from, 0, data.rows);
        hi = lowerBound(ts, end, lo, data.rows);
      } else {
        hi = data.rows;
        check = true;
      }
    }
    const c: Ctx = {
      o: objective, data, start, from, end, windowEnd, asOf, zone, lo, hi, check,
      ex: parseExclusions(objective.exclusions, zone),
      defaults,
      minObs: objective.minObservations === undefined || objective.minObservations === null ? 0 : nonNegativeNumber(objective.minObservations, 'minObservations'),
      targetUnit: options.targetUnit,
    };
    const r = dispatch(c);
    if (defaults.length) r.defaults = defaults;
    return r;
  } catch (err) {
    if (!(err instanceof Invalid) && !(err instanceof RangeError)) throw err;
    const r: IntervalResult = { value: null, unit: fallbackUnit, observations: 0, excluded: 0, status: 'no-data', reason: 'invalid', problem: err.message };
    if (defaults.length) r.defaults = defaults;
    return r;
  }
}

function dispatch(c: Ctx): IntervalResult {
  // Counting every row unfiltered would measure the wrong events (spec §4 `filter`).
  if (c.data.filterError !== undefined) return invalid(`the metric's \`filter\` cannot be used: ${c.data.filterError}`);
  switch (c.o.indicator) {
    case 'latency':
      if (c.o.percentile !== undefined && c.o.threshold !== undefined) return invalid('a latency objective has either `percentile` or `threshold`, not both');
      if (c.o.percentile !== undefined) return latencyPercentile(c);
      if (c.o.threshold !== undefined) return latencyRatio(c);
      return invalid('a latency objective needs `percentile` or `threshold`');
    case 'availability':
      return availability(c);
    case 'accuracy':
      return accuracy(c);
    case 'throughput':
      return throughput(c);
    default:
      return invalid(typeof c.o.indicator === 'string' ? `unknown indicator \`${c.o.indicator}\`` : '`indicator` is missing');
  }
}

const isTimeslices = (c: Ctx): boolean => {
  const b = c.o.budgeting;
  if (b === undefined || b === null || b === 'occurrences') return false;
  if (b === 'timeslices') return true;
  return invalid('`budgeting` must be occurrences or timeslices');
};

// ------------------------------------------------------------------------------- exact elements

const TEXT_DOUBLES = new WeakMap<MetricData, { size: number; set: Set<number> }>();

/** Doubles that have a >15-digit decimal text somewhere in the data (rare): those need the text. */
function textDoubles(data: MetricData): Set<number> | undefined {
  const texts = data.valueTexts;
  if (!texts || texts.size === 0 || !data.values) return undefined;
  const cached = TEXT_DOUBLES.get(data);
  if (cached && cached.size === texts.size) return cached.set;
  const set = new Set<number>();
  for (const row of texts.keys()) set.add(data.values[row]);
  TEXT_DOUBLES.set(data, { size: texts.size, set });
  return set;
}

/**
 * The exact decimal of the element with double value `v` at 0-based sorted position `index` among
 * the counted values of rows in [from, to): String(v) unless tied doubles carry different decimal
 * texts (more than 15 significant digits), which are then ordered exactly.
 */
function elementFrac(c: Ctx, v: number, index: number, from: number, to: number): Frac {
  const set = textDoubles(c.data);
  if (!set || !set.has(v)) return numberFrac(v)!;
  const ts = c.data.timestamps, values = c.data.values!, texts = c.data.valueTexts!;
  let less = 0;
  const tied: Frac[] = [];
  const lo = c.check ? 0 : lowerBound(ts, from, c.lo, c.hi), hi = c.check ? c.data.rows : lowerBound(ts, to, lo, c.hi);
  for (let i = lo; i < hi; i++) {
    const t = ts[i];
    if (c.check && (t < from || t >= to)) continue;
    if (c.ex.length && inExclusion(c.ex, t)) continue;
    const x = values[i];
    if (x < v) less++;
    else if (x === v) tied.push(decimalFrac(texts.get(i) ?? String(x)) ?? numberFrac(x)!);
  }
  tied.sort(cmpFrac);
  return tied[Math.min(Math.max(index - less, 0), tied.length - 1)] ?? numberFrac(v)!;
}

// -------------------------------------------------------------------------------------- latency

function percentileSetup(c: Ctx): { pText: string; method: PercentileMethod; conv: Frac; unit: string } {
  const raw = c.o.percentile;
  const pText = (typeof raw === 'number' ? String(raw) : str(raw) ?? '').trim().replace(/^[pP]/, '');
  if (!isPercentileText(pText)) return invalid(`\`percentile\` must be p50 … p99.99, found \`${String(raw)}\``);
  let method: PercentileMethod;
  if (c.o.percentileMethod === undefined || c.o.percentileMethod === null) { method = 'nearest-rank'; c.defaults.push('percentileMethod'); }
  else if (c.o.percentileMethod === 'nearest-rank' || c.o.percentileMethod === 'linear') method = c.o.percentileMethod;
  else return invalid('`percentileMethod` must be nearest-rank or linear');
  if (!c.data.values) return invalid('the metric has no `value` column');
  const unit = c.targetUnit ?? targetUnitOf(c.o.target) ?? c.data.unit ?? '';
  const conv = conversion(c.data.unit || undefined, unit);
  if (!conv) return invalid(`the metric's unit \`${c.data.unit}\` cannot be converted to \`${unit}\``);
  return { pText, method, conv, unit };
}

/** The exact percentile (in the value unit) of the counted values in [from, to), from selected pieces. */
function piecesFrac(c: Ctx, p: { a: number; b: number; num: bigint; den: bigint; rank: number }, conv: Frac, from: number, to: number): Frac {
  const fa = elementFrac(c, p.a, p.rank - 1, from, to);
  if (p.num === 0n) return mulFrac(fa, conv);
  const fb = elementFrac(c, p.b, p.rank, from, to);
  const v = addFrac(fa, mulFrac(subFrac(fb, fa), { n: p.num, d: p.den }));
  return mulFrac(v, conv);
}

function latencyPercentile(c: Ctx): IntervalResult {
  const { pText, method, conv, unit } = percentileSetup(c);
  if (isTimeslices(c)) return latencyPercentileSlices(c, pText, method, conv, unit);
  const bound = optionalBound(c, unit, ['duration', 'number']);
  const ts = c.data.timestamps, values = c.data.values!;
  const buf = new Float64Array(c.check ? countRows(c) : c.hi - c.lo);
  let n = 0, excluded = 0;
  for (let i = c.lo; i < c.hi; i++) {
    const t = ts[i];
    if (c.check && (t < c.from || t >= c.end)) continue;
    if (c.ex.length && inExclusion(c.ex, t)) { excluded++; continue; }
    buf[n++] = values[i];
  }
  const r = base(unit);
  r.observations = n;
  r.excluded = excluded;
  if (n === 0) return finish(r, c, undefined, bound);
  const p = percentilePieces(buf, n, pText, method);
  r.percentile = { method, rank: p.rank };
  return finish(r, c, piecesFrac(c, p, conv, c.from, c.end), bound);
}

function countRows(c: Ctx): number {
  const ts = c.data.timestamps;
  let n = 0;
  for (let i = c.lo; i < c.hi; i++) { const t = ts[i]; if (t >= c.from && t < c.end) n++; }
  return n;
}

/** A per-row test `value <op> threshold` with the threshold in the column's unit, exact at ties. */
function thresholdTest(c: Ctx): (i: number) => number {
  const values = c.data.values;
  if (!values) return invalid('the metric has no `value` column');
  const text = c.o.threshold;
  if (typeof text !== 'string') return invalid('`threshold` is not a target like "<= 300ms"');
  const t = parseTarget(text, ['duration', 'number']);
  if (!t.ok) return invalid(`\`threshold\`: ${t.message}`);
  // A column without unit is in the threshold's unit (spec §9).
  const colUnit = c.data.unit || t.value.quantity.unit;
  const conv = conversion(t.value.quantity.unit, colUnit);
  if (!conv) return invalid(`\`threshold\` (${t.value.quantity.unit || 'a plain number'}) cannot be compared with the metric's unit \`${colUnit}\``);
  const bound: Bound = { op: t.value.op, frac: mulFrac(decimalFrac(t.value.quantity.number)!, conv), approx: 0 };
  bound.approx = fracToNumber(bound.frac);
  const texts = c.data.valueTexts;
  const op = bound.op, b = bound.approx;
  return (i: number): number => {
    const v = values[i];
    if (!near(v, b)) return satisfies(v < b ? -1 : 1, op) ? 1 : 0;
    const exact = (texts && texts.get(i) !== undefined ? decimalFrac(texts.get(i)!) : undefined) ?? numberFrac(v)!;
    return satisfies(cmpFrac(exact, bound.frac), op) ? 1 : 0;
  };
}

function latencyRatio(c: Ctx): IntervalResult {
  const good = thresholdTest(c);
  const one = (): number => 1;
  return ratioIndicator(c, one, good);
}

// ---------------------------------------------------------------------------------- availability

function availability(c: Ctx): IntervalResult {
  let method = c.o.method;
  if (method === undefined || method === null) { method = 'request-based'; c.defaults.push('method'); }
  if (method !== 'request-based' && method !== 'time-based') return invalid('`method` must be request-based or time-based');
  const d = c.data;
  let obsOf: (i: number) => number, goodOf: (i: number) => number;
  if (d.totals && d.goodCounts) {
    const totals = d.totals, goods = d.goodCounts;
    obsOf = (i) => totals[i];
    goodOf = (i) => goods[i];
  } else if (d.good) {
    const g = d.good;
    obsOf = () => 1;
    goodOf = (i) => g[i];
  } else if (d.goodError) return invalid(`the metric's \`good\` expression cannot be used: ${d.goodError}`);
  else if (!d.values && !d.totals) return invalid('availability needs a metric with `good`, or `total` and `goodCount`; this one is an event log (`timestamp` alone): it counts events, but says nothing of which are good');
  else return invalid('availability needs a metric with `good`, or `total` and `goodCount`');
  if (method === 'time-based') return timeBased(c, obsOf, goodOf);
  return ratioIndicator(c, obsOf, goodOf);
}

/**
 * Occurrence ratios (availability request-based, ratio-form latency): Σgood / Σobservations in %,
 * compared with `target`; with `budgeting: timeslices` each slice's ratio is compared with `target`
 * and the window's share of good slices with `sliceTarget`.
 */
/** Each slice's state from its good/total ratio against `bound`; too few observations is SPARSE. */
function classifyRatioSlices(c: Ctx, acc: ReturnType<typeof accumulate>, bound: ReturnType<typeof parseBound>): Uint8Array {
  const state = new Uint8Array(acc.count);
  for (let i = 0; i < acc.count; i++) {
    const n = acc.obs[i];
    if (n <= 0) continue;
    if (n < c.minObs) { state[i] = SPARSE; continue; }
    const g = acc.good[i];
    state[i] = meets((g * 100) / n, () => percentFrac(g, n), bound) ? GOOD : BAD;
  }
  return state;
}

function ratioIndicator(c: Ctx, obsOf: (i: number) => number, goodOf: (i: number) => number): IntervalResult {
  if (isTimeslices(c)) {
    const sliceMs = durationMs(c.o.slice, 'slice', undefined, c);
    const slice = parseBound(c.o.target, 'target', '%', ['percent', 'number']);
    const acc = accumulate(c, sliceMs, obsOf, goodOf);
    const state = classifyRatioSlices(c, acc, slice);
    return sliceBudget(c, acc, state, 'sliceTarget', c.o.sliceTarget);
  }
  const wanted = c.targetUnit ?? targetUnitOf(c.o.target);
  const unit = wanted !== undefined && unitInfo(wanted)?.dim === 'ratio' ? wanted : '%';
  const bound = optionalBound(c, unit, ['percent', 'number']);
  const acc = accumulate(c, 0, obsOf, goodOf);
  const r = base(unit);
  r.observations = acc.observations;
  r.excluded = acc.excluded;
  const toUnit = conversion('%', unit) ?? invalid(`a ratio cannot be reported in \`${unit}\``);
  if (acc.observations <= 0) return finish(r, c, undefined, bound);
  // Sums beyond 2^53 − 1 are no longer exact doubles: refused, never a silently rounded ratio.
  if (acc.obs[0] > Number.MAX_SAFE_INTEGER || acc.good[0] > Number.MAX_SAFE_INTEGER) {
    return invalid(`the window's counts add up to ${acc.obs[0]} events, beyond 9007199254740991 (2^53 − 1): the tool does not round counts; split the window (a shorter calendar window) or scale the counts`);
  }
  return finish(r, c, mulFrac(percentFrac(acc.good[0], acc.obs[0]), toUnit), bound);
}

/** Slice states (0 = empty). EXCLUDED: the whole slice lies inside `exclusions`. */
const SPARSE = 1, GOOD = 2, BAD = 3, EXCLUDED = 4;

/** Whether [from, to) lies entirely inside one (merged) exclusion. */
function covered(ex: Float64Array, from: number, to: number): boolean {
  for (let k = 0; k < ex.length; k += 2) if (ex[k] <= from && to <= ex[k + 1]) return true;
  return false;
}

/** Marks the slices that lie entirely inside exclusions: they count neither as data nor as empty. */
function markExcluded(c: Ctx, state: Uint8Array, acc: Accumulated): void {
  if (!c.ex.length) return;
  for (let k = 0; k < state.length; k++) {
    if (covered(c.ex, sliceStart(c, acc, k), Math.min(sliceEnd(c, acc, k), c.end))) state[k] = EXCLUDED;
  }
}

/** Start of counted slice k: the grid point, or the period's start for a slice that straddles it. */
function sliceStart(c: Ctx, acc: { first: number; sliceMs: number }, k: number): number {
  return Math.max(c.from, c.start + (acc.first + k) * acc.sliceMs);
}

/** End of counted slice k: the next grid point, or the interval's (clipped) end; not cut by asOf. */
function sliceEnd(c: Ctx, acc: { first: number; sliceMs: number }, k: number): number {
  return Math.min(c.start + (acc.first + k + 1) * acc.sliceMs, c.windowEnd);
}

interface Accumulated {
  count: number;
  sliceMs: number;
  /** Grid index (from the interval start) of the first counted slice: the one holding the effective start. */
  first: number;
  obs: Float64Array;
  good: Float64Array;
  rows: Uint32Array;
  observations: number;
  excluded: number;
}

/**
 * Sums observations and good observations per slice of `sliceMs` aligned to the interval start
 * (sliceMs 0: one bucket for the whole interval). Only the slices that overlap the effective
 * [from, end) are kept: counted slice k is grid slice `first + k`.
 */
function accumulate(c: Ctx, sliceMs: number, obsOf: (i: number) => number, goodOf: ((i: number) => number) | undefined): Accumulated {
  const first = sliceMs === 0 || !(c.end > c.from) ? 0 : Math.floor((c.from - c.start) / sliceMs);
  const count = sliceMs === 0 ? (c.end > c.from ? 1 : 0) : !(c.end > c.from) ? 0 : sliceCount({ start: c.start, end: c.windowEnd }, sliceMs, c.asOf) - first;
  if (count > MAX_SLICES) invalid(`\`slice\` is too small for the window (${count} slices)`);
  const obs = new Float64Array(count), good = new Float64Array(goodOf ? count : 0), rows = new Uint32Array(count);
  const ts = c.data.timestamps;
  let observations = 0, excluded = 0;
  const width = sliceMs === 0 ? Infinity : sliceMs;
  for (let i = c.lo; i < c.hi; i++) {
    const t = ts[i];
    if (c.check && (t < c.from || t >= c.end)) continue;
    const w = obsOf(i);
    if (c.ex.length && inExclusion(c.ex, t)) { excluded += w; continue; }
    const k = sliceMs === 0 ? 0 : Math.floor((t - c.start) / width) - first;
    obs[k] += w;
    rows[k]++;
    if (goodOf) good[k] += goodOf(i);
    observations += w;
  }
  return { count, sliceMs, first, obs, good, rows, observations, excluded };
}

/**
 * A timeslice budget: value = good slices / counted slices in %, compared with `windowField`
 * (`sliceTarget`, or `target` for time-based availability). `emptySlices` decides how empty (and
 * sparse) slices count.
 */
function sliceBudget(c: Ctx, acc: Accumulated, state: Uint8Array, windowField: string, windowTarget: unknown, extra?: { field: string; target: unknown }): IntervalResult {
  const mode = emptyMode(c);
  markExcluded(c, state, acc);
  let withData = 0, good = 0, sparse = 0, excluded = 0;
  for (let i = 0; i < state.length; i++) {
    const s = state[i];
    if (s === GOOD) { withData++; good++; } else if (s === BAD) withData++;
    else if (s === SPARSE) sparse++;
    else if (s === EXCLUDED) excluded++;
  }
  const empty = state.length - withData - excluded;
  const counted = withData + (mode === 'ignore' ? 0 : empty);
  const goodN = good + (mode === 'good' ? empty : 0);
  const unit = (typeof windowTarget === 'string' ? targetUnitOf(windowTarget) : undefined) ?? '%';
  const valueUnit = unitInfo(unit)?.dim === 'ratio' ? unit : '%';
  const r = base(valueUnit);
  r.observations = acc.observations;
  r.excluded = acc.excluded;
  r.slices = { total: state.length, withData, good: goodN, counted };
  if (c.minObs > 0) r.slices.sparse = sparse;
  if (excluded > 0) r.slices.excluded = excluded;
  if (counted === 0) { r.reason = 'no-observations'; return r; }
  const exact = mulFrac(percentFrac(goodN, counted), conversion('%', valueUnit)!);
  r.value = fracToNumber(exact);
  if (windowTarget === undefined || windowTarget === null) {
    r.reason = 'invalid';
    r.problem = `\`${windowField}\` is missing`;
    return r;
  }
  const bound = parseBound(windowTarget, windowField, valueUnit, ['percent', 'number']);
  let met = satisfies(cmpFrac(exact, bound.frac), bound.op);
  if (extra && extra.target !== undefined && extra.target !== null) {
    const b2 = parseBound(extra.target, extra.field, valueUnit, ['percent', 'number']);
    met = met && satisfies(cmpFrac(exact, b2.frac), b2.op);
  }
  r.status = met ? 'met' : 'breached';
  return r;
}

/**
 * Time-based availability (spec §9): slices of `slice` (default 1m) aligned to the interval start; a
 * slice is up when its good/total meets `sliceGood`; value = up / counted slices in %, compared with
 * `target` (and with `sliceTarget` too when `budgeting: timeslices` states one). Without `sliceGood`
 * but with `budgeting: timeslices` it is an ordinary timeslice budget (slice vs `target`, window vs
 * `sliceTarget`).
 */
function timeBased(c: Ctx, obsOf: (i: number) => number, goodOf: (i: number) => number): IntervalResult {
  const timeslices = isTimeslices(c);
  const hasSliceGood = c.o.sliceGood !== undefined && c.o.sliceGood !== null;
  if (!hasSliceGood && !timeslices) return invalid('time-based availability needs `sliceGood` (when is a slice up?)');
  const sliceMs = durationMs(c.o.slice, 'slice', MINUTE, c);
  const sliceBound = hasSliceGood ? parseBound(c.o.sliceGood, 'sliceGood', '%', ['percent', 'number']) : parseBound(c.o.target, 'target', '%', ['percent', 'number']);
  const acc = accumulate(c, sliceMs, obsOf, goodOf);
  const state = classifyRatioSlices(c, acc, sliceBound);
  if (hasSliceGood) return sliceBudget(c, acc, state, 'target', c.o.target, timeslices ? { field: 'sliceTarget', target: c.o.sliceTarget } : undefined);
  return sliceBudget(c, acc, state, 'sliceTarget', c.o.sliceTarget);
}

// -------------------------------------------------------------------------- latency, timeslices

function latencyPercentileSlices(c: Ctx, pText: string, method: PercentileMethod, conv: Frac, unit: string): IntervalResult {
  const sliceMs = durationMs(c.o.slice, 'slice', undefined, c);
  const bound = parseBound(c.o.target, 'target', unit, ['duration', 'number']);
  const acc = accumulate(c, sliceMs, () => 1, undefined);
  // Group the values by slice (counting sort), then select within each slice.
  const offsets = new Float64Array(acc.count + 1);
  for (let k = 0; k < acc.count; k++) offsets[k + 1] = offsets[k] + acc.rows[k];
  const pos = offsets.slice(0, acc.count);
  const buf = new Float64Array(offsets[acc.count]);
  const ts = c.data.timestamps, values = c.data.values!;
  for (let i = c.lo; i < c.hi; i++) {
    const t = ts[i];
    if (c.check && (t < c.from || t >= c.end)) continue;
    if (c.ex.length && inExclusion(c.ex, t)) continue;
    buf[pos[Math.floor((t - c.start) / sliceMs) - acc.first]++] = values[i];
  }
  const f = Number(conv.n) / Number(conv.d);
  const state = new Uint8Array(acc.count);
  for (let k = 0; k < acc.count; k++) {
    const n = acc.rows[k];
    if (n === 0) continue;
    if (n < c.minObs) { state[k] = SPARSE; continue; }
    const sub = buf.subarray(offsets[k], offsets[k] + n);
    const p = percentilePieces(sub, n, pText, method);
    const approx = (p.num === 0n ? p.a : p.a + (Number(p.num) / Number(p.den)) * (p.b - p.a)) * f;
    const from = sliceStart(c, acc, k), to = Math.min(sliceEnd(c, acc, k), c.end);
    state[k] = meets(approx, () => piecesFrac(c, p, conv, from, to), bound, Math.max(Math.abs(p.a), Math.abs(p.b)) * f) ? GOOD : BAD;
  }
  return sliceBudget(c, acc, state, 'sliceTarget', c.o.sliceTarget);
}

// ------------------------------------------------------------------------------------ throughput

const RATE_MS: Record<string, number> = { rps: 1000, rpm: 60_000, rph: 3_600_000 };
const RUNNING_SLICE = 'only the slice still running at asOf has requests: its rate is its requests so far over its whole length (a lower bound; it can only rise)';

/**
 * Throughput (spec §5, §9): requests per slice (`slice`, default 1m, aligned to the interval start)
 * as a rate in the target's unit; slices without rows are not counted, nor is a slice still running
 * at asOf (its rate is not known yet) — unless no earlier slice has rows: then the running one is
 * measured as its requests so far over its whole length (a lower bound), with a `problem` note.
 * `statistic`: min (default), mean (unweighted over slices), p5 (nearest-rank). A slice cut by the interval's end is measured over its actual length. Requests
 * are the sum of `total` for pre-aggregated rows, else one per row — an event log (`timestamp`
 * alone) or any per-event metric; rows a `filter` left out are not in the data at all.
 */
function throughput(c: Ctx): IntervalResult {
  const unit = c.targetUnit ?? targetUnitOf(c.o.target) ?? 'rps';
  const unitMs = RATE_MS[unit];
  if (!unitMs) return invalid(`throughput is a rate (rps, rpm, rph); cannot report it in \`${unit || 'a plain number'}\``);
  const sliceMs = durationMs(c.o.slice, 'slice', MINUTE, c);
  let statistic = c.o.statistic;
  if (statistic === undefined || statistic === null) { statistic = 'min'; c.defaults.push('statistic'); }
  if (statistic !== 'min' && statistic !== 'mean' && statistic !== 'p5') return invalid('`statistic` must be min, mean or p5');
  const totals = c.data.totals;
  const acc = accumulate(c, sliceMs, totals ? (i) => totals[i] : () => 1, undefined);
  // Slice lengths: full, except one cut by the interval's end or the period's edges; a slice running at asOf is out.
  const lengthOf = (k: number): number => sliceEnd(c, acc, k) - sliceStart(c, acc, k);
  let total = acc.count;
  let running = false;
  if (total > 0 && sliceEnd(c, acc, total - 1) > c.end) {
    total--;
    // The slice still running at asOf is left out, unless it is the only one with rows (a window of
    // a few minutes' data, asOf in its last minute): then it is measured — its requests so far over
    // its whole length, a lower bound of its rate (it can only rise) — rather than "no data".
    let earlier = false;
    for (let k = 0; k < total && !earlier; k++) if (acc.rows[k] > 0) earlier = true;
    if (!earlier && acc.rows[total] > 0) { total++; running = true; }
  }
  const rateFrac = (k: number): Frac => scaleFrac(numberFrac(acc.obs[k])!, BigInt(unitMs), BigInt(lengthOf(k)));
  const rateOf = (k: number): number => (acc.obs[k] * unitMs) / lengthOf(k);
  const timeslices = isTimeslices(c);
  if (timeslices) {
    const bound = parseBound(c.o.target, 'target', unit, ['rate']);
    const state = new Uint8Array(total);
    for (let k = 0; k < total; k++) {
      if (acc.rows[k] === 0) continue;
      if (acc.obs[k] < c.minObs) { state[k] = SPARSE; continue; }
      state[k] = meets(rateOf(k), () => rateFrac(k), bound) ? GOOD : BAD;
    }
    const budget = sliceBudget(c, acc, state, 'sliceTarget', c.o.sliceTarget);
    if (running) budget.problem ??= RUNNING_SLICE;
    return budget;
  }
  const bound = optionalBound(c, unit, ['rate']);
  const r = base(unit);
  if (running) r.problem = RUNNING_SLICE;
  r.observations = acc.observations;
  r.excluded = acc.excluded;
  let withData = 0, good = 0, excludedSlices = 0;
  for (let k = 0; k < total; k++) {
    if (acc.rows[k] === 0) {
      if (c.ex.length && covered(c.ex, sliceStart(c, acc, k), sliceEnd(c, acc, k))) excludedSlices++;
      continue;
    }
    withData++;
    if (bound && meets(rateOf(k), () => rateFrac(k), bound)) good++;
  }
  r.slices = { total, withData, good, counted: withData };
  if (excludedSlices > 0) r.slices.excluded = excludedSlices;
  if (withData === 0) { r.reason = 'no-observations'; return r; }
  let exact: Frac;
  if (statistic === 'mean') {
    let sum: Frac = intFrac(0);
    let fullSum = 0, fullExact = true;
    for (let k = 0; k < total; k++) {
      if (acc.rows[k] === 0) continue;
      if (lengthOf(k) === sliceMs) {
        fullSum += acc.obs[k];
        if (!Number.isSafeInteger(acc.obs[k]) || !Number.isSafeInteger(fullSum)) fullExact = false;
      } else sum = addFrac(sum, rateFrac(k));
    }
    const full = fullExact ? intFrac(fullSum) : numberFrac(fullSum)!;
    sum = addFrac(sum, scaleFrac(full, BigInt(unitMs), BigInt(sliceMs)));
    exact = scaleFrac(sum, 1n, BigInt(withData));
  } else {
    const rates = new Float64Array(withData);
    const index = new Float64Array(withData);
    let j = 0;
    for (let k = 0; k < total; k++) if (acc.rows[k] > 0) { rates[j] = rateOf(k); index[j++] = k; }
    let pick: number;
    if (statistic === 'min') {
      let best = 0;
      for (let i = 1; i < withData; i++) if (rates[i] < rates[best]) best = i;
      pick = index[best];
    } else {
      const copy = rates.slice();
      const v = selectInPlace(copy, percentileRank('5', withData) - 1);
      let at = 0;
      while (rates[at] !== v) at++;
      pick = index[at];
    }
    exact = rateFrac(pick);
  }
  return finish(r, c, exact, bound);
}

// -------------------------------------------------------------------------------------- accuracy

type Aggregate = 'every' | 'latest' | 'mean' | 'min';

/**
 * Cadence periods from the interval start: `step(k)` is the start of period k. daily / weekly /
 * monthly are calendar steps in the zone keeping the start's wall-clock time (a calendar window
 * starts at local midnight, so daily periods are local days even across DST; monthly keeps the day
 * of month, clamped to the month's last day); a duration is elapsed time.
 */
function cadenceStep(c: Ctx, cadence: unknown): ((k: number) => number) | undefined {
  if (cadence === undefined || cadence === null) return undefined;
  if (cadence === 'daily' || cadence === 'weekly' || cadence === 'monthly') {
    const DAY = 86_400_000;
    const z = zoneResolver(c.zone);
    const wall0 = c.start + z.offsetAt(c.start);
    const day0 = Math.floor(wall0 / DAY);
    const tod = wall0 - day0 * DAY;
    const d0 = new Date(day0 * DAY);
    const y0 = d0.getUTCFullYear(), m0 = d0.getUTCMonth(), dom0 = d0.getUTCDate();
    return (k: number): number => {
      let day: number;
      if (cadence === 'daily') day = day0 + k;
      else if (cadence === 'weekly') day = day0 + 7 * k;
      else {
        const first = Date.UTC(y0, m0 + k, 1) / DAY;
        const last = Date.UTC(y0, m0 + k + 1, 1) / DAY - 1;
        day = Math.min(first + dom0 - 1, last);
      }
      return k === 0 ? c.start : z.toUtc(day * DAY + tod);
    };
  }
  if (typeof cadence !== 'string') return invalid('`evaluation.cadence` must be daily, weekly, monthly or a duration');
  const d = parseDuration(cadence);
  if (!d.ok) return invalid(`\`evaluation.cadence\`: ${d.message}`);
  const ms = d.value.normalized;
  if (!(ms >= 1)) return invalid('`evaluation.cadence` must be at least 1ms');
  return (k: number) => c.start + k * ms;
}

export { lowerIsBetterMeasure } from '../facts/measures';

/**
 * Accuracy (spec §5.4, §9): the runs in the interval minus those inside `exclusions` (excluded),
 * of another `evaluation.dataset` (when the data names datasets) and below `minSamples` (when the
 * data has a samples column); `aggregate` every (default) | latest | mean (unweighted) | min.
 * Cadence periods aligned to the interval start and clipped to it and to the period (one wholly
 * outside the period is not counted): a period that has ended by asOf without a counted run is a gap, and gaps make the window no-data unless the aggregate is already
 * failed for good (every: a run misses; min with a `>`/`>=` target: the minimum misses).
 */
function accuracy(c: Ctx): IntervalResult {
  const d = c.data;
  if (!d.values) return invalid('the metric has no `value` column');
  const ev = (c.o.evaluation && typeof c.o.evaluation === 'object' ? c.o.evaluation : {}) as EvaluationSpec;
  let aggregate = ev.aggregate as Aggregate | undefined;
  if (aggregate === undefined || aggregate === null) { aggregate = 'every'; c.defaults.push('aggregate'); }
  if (!['every', 'latest', 'mean', 'min'].includes(aggregate)) return invalid('`evaluation.aggregate` must be every, latest, mean or min');
  const dataset = ev.dataset === undefined || ev.dataset === null ? undefined : String(ev.dataset);
  const minSamples = ev.minSamples === undefined || ev.minSamples === null ? undefined : nonNegativeNumber(ev.minSamples, 'evaluation.minSamples');
  const step = cadenceStep(c, ev.cadence);
  const unit = c.targetUnit ?? targetUnitOf(c.o.target) ?? d.unit ?? '';
  const conv = conversion(d.unit || undefined, unit);
  if (!conv) return invalid(`the metric's unit \`${d.unit}\` cannot be converted to \`${unit || 'a plain number'}\``);
  const bound = optionalBound(c, unit, ['percent', 'number']);

  const runs: AccuracyRuns = { counted: [], excluded: [], otherDataset: [], belowMinSamples: [] };
  const ts = d.timestamps, values = d.values;
  for (let i = c.lo; i < c.hi; i++) {
    const t = ts[i];
    if (c.check && (t < c.from || t >= c.end)) continue;
    if (c.ex.length && inExclusion(c.ex, t)) runs.excluded.push(i);
    else if (dataset !== undefined && d.datasets && d.datasets[i] !== dataset) runs.otherDataset.push(i);
    else if (minSamples !== undefined && d.samples && d.samples[i] < minSamples) runs.belowMinSamples.push(i);
    else runs.counted.push(i);
  }
  const byTime = (a: number, b: number) => ts[a] - ts[b] || a - b;
  runs.counted.sort(byTime);
  const r = base(unit);
  r.observations = runs.counted.length;
  r.excluded = runs.excluded.length;
  r.belowMinSamples = runs.belowMinSamples.length;
  r.otherDataset = runs.otherDataset.length;
  r.runs = runs;

  // Gaps: cadence periods that ended by asOf with no counted run.
  if (step) {
    const gaps: { from: number; to: number }[] = [];
    let j = 0;
    const counted = runs.counted;
    for (let k = 0; ; k++) {
      if (k > MAX_PERIODS) invalid('`evaluation.cadence` is too short for the window');
      const grid = step(k);
      if (!(grid < c.windowEnd) || grid >= c.end) break;
      const pe = Math.min(step(k + 1), c.windowEnd);
      if (pe <= c.from) continue; // before the period: not counted (spec §9)
      const ps = Math.max(grid, c.from);
      while (j < counted.length && ts[counted[j]] < ps) j++;
      const has = j < counted.length && ts[counted[j]] < pe;
      // A period still running at asOf is no gap, nor is one entirely inside exclusions (planned).
      if (!has && pe <= c.end && !covered(c.ex, ps, pe)) gaps.push({ from: ps, to: pe });
    }
    r.gaps = gaps;
  }

  const n = runs.counted.length;
  if (n === 0) {
    r.reason = r.gaps && r.gaps.length ? 'gaps' : 'no-observations';
    return r;
  }
  const texts = d.valueTexts;
  const runFrac = (i: number): Frac => mulFrac((texts && texts.get(i) !== undefined ? decimalFrac(texts.get(i)!) : undefined) ?? numberFrac(values[i])!, conv);
  const fracs = runs.counted.map(runFrac);
  let exact: Frac;
  let final = false; // a failure more runs cannot undo
  if (aggregate === 'latest') exact = fracs[n - 1];
  else if (aggregate === 'mean') exact = scaleFrac(fracs.reduce(addFrac), 1n, BigInt(n));
  else {
    const upper = bound && (bound.op === '<' || bound.op === '<=');
    const worstIsMax = aggregate === 'every' && upper;
    exact = fracs.reduce((a, b) => (worstIsMax ? (cmpFrac(b, a) > 0 ? b : a) : cmpFrac(b, a) < 0 ? b : a));
    final = aggregate === 'every' || !upper;
  }
  r.value = fracToNumber(exact);
  if (c.minObs > 0 && n < c.minObs) { r.reason = 'min-observations'; return r; }
  if (!bound) { r.reason = 'invalid'; r.problem = '`target` is missing'; return r; }
  const met = satisfies(cmpFrac(exact, bound.frac), bound.op);
  if (!met && final) { r.status = 'breached'; return r; }
  if (r.gaps && r.gaps.length) { r.reason = 'gaps'; return r; }
  r.status = met ? 'met' : 'breached';
  return r;
}
