/**
 * Latency from a Prometheus histogram (spec §10), exact at bucket boundaries and nowhere else:
 * - ratio form (`threshold: "<= T"`): good = the increases of the bucket whose boundary is T (as
 *   numbers, in the metric's `unit`), total = the increases of `_count` — then as any ratio;
 * - percentile form (nearest-rank): with n observations in the window the rank is ⌈p/100 · n⌉; the
 *   percentile is ≤ T exactly when the bucket at T holds at least that many. The value itself is
 *   not known: `value` is null and `valueRange` the bucket that holds the rank. With
 *   `budgeting: timeslices`, each slice gets that verdict, and the good slices' share is the value.
 * A threshold or target that is not a boundary, a comparison other than `<=`, or `linear` would
 * need a guess inside a bucket (what `histogram_quantile()` does): invalid here, SLA118 in the editor.
 */
import { cmpFrac, conversion, decimalFrac, fracToNumber, mulFrac, type Frac } from '../exact';
import { parseTarget } from '../../facts/quantities';
import { percentileVerdict } from '../prometheus/histogram';
import type { HistogramBuckets } from '../metrics/types';
import { inExclusion, invalid, type EvalContext } from './context';
import { budgetsByTimeslices, readDurationMs, targetUnitOf, textOrUndefined } from './fields';
import { accumulate, sliceBudget, BAD, GOOD, SPARSE } from './slices';
import { ratioIndicator } from './ratio';
import { emptyResult } from './result';
import type { IntervalResult } from './types';

/** A series' labels as PromQL writes them (`{instance="b", job="api"}`), for messages. */
export function seriesText(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/**
 * Where a boundary value lies among the buckets: its index, or the nearest boundaries for the
 * message — and, when it is a boundary of only some series (`partial`), that boundary and one
 * series that lacks it.
 */
export function bucketIndex(buckets: HistogramBuckets, value: Frac): { index: number; below?: string; above?: string; partial?: { text: string; lackedBy: Record<string, string> } } {
  let below: string | undefined;
  let above: string | undefined;
  for (let k = 0; k < buckets.bounds.length; k++) {
    if (buckets.bounds[k] === Infinity) { above ??= '+Inf'; continue; }
    const b = decimalFrac(buckets.texts[k]);
    if (!b) continue;
    const c = cmpFrac(b, value);
    if (c === 0) return { index: k };
    if (c < 0) below = buckets.texts[k];
    else if (above === undefined) above = buckets.texts[k];
  }
  const partial = buckets.partial?.find((p) => { const b = decimalFrac(p.text); return b !== undefined && cmpFrac(b, value) === 0; });
  return { index: -1, below, above, ...(partial ? { partial: { text: partial.text, lackedBy: partial.lackedBy } } : {}) };
}

/** The boundary a `"<= T"` field names, in the metric's unit; invalid (the SLA118 words) when it is none. */
function boundaryOfField(ctx: EvalContext, field: 'threshold' | 'target', leUnit: string): number {
  const buckets = ctx.data.buckets!;
  const text = textOrUndefined(ctx.objective[field]);
  if (text === undefined) return invalid(`\`${field}\` is not a comparison like "<= 300ms"`);
  const parsed = parseTarget(text, ['duration', 'number']);
  if (!parsed.ok) return invalid(`\`${field}\`: ${parsed.message}`);
  if (parsed.value.op !== '<=') return invalid(`a histogram counts the observations ≤ each boundary: \`${field}\` must compare with \`<=\`, not \`${parsed.value.op}\``);
  const q = parsed.value.quantity;
  const toLe = conversion(q.unit || leUnit, leUnit);
  if (!toLe) return invalid(`\`${field}\` (${q.unit}) cannot be compared with the histogram's unit \`${leUnit}\``);
  const exact = mulFrac(decimalFrac(q.number)!, toLe);
  const found = bucketIndex(buckets, exact);
  if (found.index < 0 && found.partial) {
    return invalid(`\`${field}\` ${q.number}${q.unit} is a bucket boundary (le="${found.partial.text}") of only some series of the histogram: ${seriesText(found.partial.lackedBy)} has no such bucket, and a bucket one series lacks cannot be summed exactly; narrow the selector to series with the same buckets (SLA118)`);
  }
  if (found.index < 0) {
    const near = [found.below, found.above].filter(Boolean).map((b) => `${b}${b === '+Inf' ? '' : leUnit}`).join(' and ');
    const noUnit = !ctx.data.unit && q.unit && q.unit !== 's' && conversion(q.unit, 's') ? `; the metric has no \`unit\`, so the boundaries are read in ${leUnit}: Prometheus histograms count in seconds, add \`unit: s\`` : '';
    return invalid(`\`${field}\` ${q.number}${q.unit} is not a bucket boundary of the histogram (${fracToNumber(exact)}${leUnit}); the nearest are ${near || 'none'}: a value between boundaries would be a guess inside a bucket${noUnit} (SLA118)`);
  }
  return found.index;
}

export function histogramLatency(ctx: EvalContext): IntervalResult {
  const buckets = ctx.data.buckets!;
  const { percentile, threshold } = ctx.objective;
  const targetUnit = ctx.targetUnit ?? targetUnitOf(threshold ?? ctx.objective.target) ?? '';
  const leUnit = ctx.data.unit || targetUnit;
  if (threshold !== undefined) {
    const k = boundaryOfField(ctx, 'threshold', leUnit);
    const totals = ctx.data.totals!, counts = buckets.counts[k];
    return ratioIndicator(ctx, (i) => totals[i], (i) => counts[i]);
  }
  if (percentile === undefined) return invalid('a latency objective needs `percentile` or `threshold`');
  const p = Number(String(percentile).trim().replace(/^[pP]/, ''));
  if (!(p > 0 && p < 100)) return invalid(`\`percentile\` must be p50 … p99.99, found \`${String(percentile)}\``);
  const method = ctx.objective.percentileMethod;
  if (method === undefined || method === null) ctx.defaultsApplied.push('percentileMethod');
  else if (method !== 'nearest-rank') return invalid('a histogram gives nearest-rank percentiles only: `linear` would interpolate inside a bucket (SLA118)');
  const k = boundaryOfField(ctx, 'target', leUnit);
  if (budgetsByTimeslices(ctx)) return percentileSlices(ctx, p, k);
  const ts = ctx.data.timestamps, totals = ctx.data.totals!;
  const sums = new Float64Array(buckets.bounds.length);
  let excluded = 0;
  for (let i = ctx.firstRow; i < ctx.endRow; i++) {
    const t = ts[i];
    if (ctx.testEachTimestamp && (t < ctx.effectiveStart || t >= ctx.effectiveEnd)) continue;
    if (ctx.exclusions.length && inExclusion(ctx.exclusions, t)) { excluded += totals[i]; continue; }
    for (let b = 0; b < sums.length; b++) sums[b] += buckets.counts[b][i];
  }
  const unit = targetUnit || leUnit;
  const result = emptyResult(unit);
  result.excluded = excluded;
  const verdict = percentileVerdict(p, buckets.bounds, sums, buckets.bounds[k]);
  if (!verdict) { result.reason = 'no-observations'; return result; }
  result.observations = verdict.observations;
  result.percentile = { method: 'nearest-rank', rank: verdict.rank };
  const toValue = conversion(leUnit, unit) ?? { n: 1n, d: 1n };
  const inValueUnit = (b: number, text: string | undefined) => (b === Infinity || b === -Infinity ? b : text !== undefined && decimalFrac(text) ? fracToNumber(mulFrac(decimalFrac(text)!, toValue)) : b * Number(toValue.n) / Number(toValue.d));
  const lowerIndex = buckets.bounds.indexOf(verdict.valueRange[0]);
  result.valueRange = [inValueUnit(verdict.valueRange[0], lowerIndex >= 0 ? buckets.texts[lowerIndex] : undefined), inValueUnit(verdict.valueRange[1], buckets.texts[buckets.bounds.indexOf(verdict.valueRange[1])])];
  if (ctx.minObservations > 0 && verdict.observations < ctx.minObservations) { result.reason = 'min-observations'; return result; }
  result.status = verdict.atMostTarget ? 'met' : 'breached';
  return result;
}

/**
 * `budgeting: timeslices` over a histogram: a slice is good when its nearest-rank percentile is at
 * most the target boundary — its observations ≤ the target (the bucket at it) number at least
 * ⌈p/100 · n⌉ of its n (the `+Inf` bucket) — exact, as for a window; the good slices' share is
 * compared with `sliceTarget`. A slice with fewer than `minObservations` is sparse.
 */
function percentileSlices(ctx: EvalContext, p: number, k: number): IntervalResult {
  const buckets = ctx.data.buckets!;
  const all = buckets.counts[buckets.counts.length - 1], atTarget = buckets.counts[k];
  const sliceMs = readDurationMs(ctx.objective.slice, 'slice', undefined, ctx);
  const acc = accumulate(ctx, sliceMs, (i) => all[i], (i) => atTarget[i]);
  const state = new Uint8Array(acc.numberOfSlices);
  const bounds = [buckets.bounds[k], Infinity];
  for (let s = 0; s < acc.numberOfSlices; s++) {
    // No observation in a slice is an empty slice (as for a ratio), whatever rows it has.
    const n = acc.observationsPerSlice[s];
    if (n <= 0) continue;
    if (n < ctx.minObservations) { state[s] = SPARSE; continue; }
    const verdict = percentileVerdict(p, bounds, [acc.goodPerSlice[s], n], bounds[0]);
    state[s] = verdict?.atMostTarget ? GOOD : BAD;
  }
  return sliceBudget(ctx, acc, state, 'sliceTarget', ctx.objective.sliceTarget);
}
