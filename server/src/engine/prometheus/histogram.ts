/**
 * Prometheus histograms, exactly (spec §10). A histogram is read as its `<base>_bucket` series (one
 * per `le` boundary and label set) and `<base>_count`. Boundaries are compared as numbers, so
 * `le="0.3"` and `le="0.30"` are one boundary and `+Inf` is the last. Within a window:
 *
 * - ratio-form latency: good = the increases of the bucket whose boundary equals the threshold,
 *   total = the increases of `_count` (the same as the `+Inf` bucket's);
 * - nearest-rank percentile p: with n observations the rank is r = ⌈p/100 · n⌉, and the percentile
 *   is ≤ T exactly when the observations ≤ T number at least r — a verdict that is exact when T is
 *   a boundary. The percentile itself is known only to lie in the bucket holding rank r:
 *   `valueRange: [lower, upper]` (upper may be +Inf).
 *
 * A threshold or target that is not a boundary would need a guess inside a bucket (what
 * `histogram_quantile()` does by interpolation): SLA118, with the nearest boundaries.
 */
import { cmpFrac, conversion, decimalFrac, mulFrac } from '../exact';
import { parseTarget } from '../../facts/quantities';

/**
 * The `le` values (as the server spells them) that `objectives` read — each ratio-form threshold's
 * boundary, compared exactly in the boundaries' unit as the evaluation compares it, and `+Inf` —
 * or undefined when they read every bucket: a percentile objective (the rank may fall in any
 * bucket), anything that is not a `<=` threshold on a boundary (SLA118 names the nearest ones, so
 * it must see them all), or no latency objective at all.
 */
export function neededBuckets(objectives: Record<string, unknown>[], leValues: string[], unit: string | undefined): string[] | undefined {
  const keep = new Set(leValues.filter((le) => boundaryOf(le) === Infinity));
  const latency = objectives.filter((o) => o.indicator === 'latency');
  if (latency.length === 0 || keep.size === 0) return undefined;
  for (const o of latency) {
    if (typeof o.threshold !== 'string' || o.percentile !== undefined) return undefined;
    const parsed = parseTarget(o.threshold, ['duration', 'number']);
    if (!parsed.ok || parsed.value.op !== '<=') return undefined;
    const q = parsed.value.quantity;
    const leUnit = unit || q.unit;
    const toLe = conversion(q.unit || leUnit, leUnit);
    const value = decimalFrac(q.number);
    if (!toLe || !value) return undefined;
    const exact = mulFrac(value, toLe);
    const spellings = leValues.filter((le) => { const b = boundaryOf(le) !== undefined ? decimalFrac(le.trim()) : undefined; return b !== undefined && cmpFrac(b, exact) === 0; });
    if (spellings.length === 0) return undefined;
    for (const le of spellings) keep.add(le);
  }
  return [...keep];
}

/** The numeric value of an `le` label (`+Inf`, `Inf`, `0.3`, `3e-1`), or undefined when it is none. */
export function boundaryOf(le: string): number | undefined {
  const text = le.trim();
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** The boundaries (increasing, distinct as numbers) of a set of `le` label values; the ones that are not numbers apart. */
export function boundaries(leValues: Iterable<string>): { bounds: number[]; invalid: string[] } {
  const set = new Set<number>();
  const invalid: string[] = [];
  for (const le of leValues) {
    const b = boundaryOf(le);
    if (b === undefined) invalid.push(le);
    else set.add(b);
  }
  return { bounds: [...set].sort((a, b) => a - b), invalid };
}

/**
 * Where `value` (in the boundaries' unit) lies among `bounds`: `exact` when it is one, otherwise the
 * nearest boundary below and above (either may be missing).
 */
export function placeAmongBoundaries(value: number, bounds: number[]): { exact: true } | { exact: false; below?: number; above?: number } {
  let below: number | undefined;
  let above: number | undefined;
  for (const b of bounds) {
    if (b === value) return { exact: true };
    if (b < value) below = b;
    else if (above === undefined) above = b;
  }
  return { exact: false, below, above };
}

export interface PercentileVerdict {
  /** ⌈p/100 · n⌉ (at least 1). */
  rank: number;
  /** Observations in the window (n). */
  observations: number;
  /** Whether the percentile is ≤ the target boundary (undefined when the target is not a boundary). */
  atMostTarget: boolean | undefined;
  /** The bucket that holds the rank: the percentile lies in (lower, upper]. */
  valueRange: [number, number];
}

/**
 * The nearest-rank percentile verdict of one window from cumulative bucket counts (`cumulative[k]`:
 * observations ≤ `bounds[k]`, non-decreasing; the last bound is +Inf and its count is n).
 * The rank is computed on integers (p scaled by 10^6: exact for percentiles with up to 6 decimals).
 */
export function percentileVerdict(p: number, bounds: number[], cumulative: ArrayLike<number>, target: number): PercentileVerdict | undefined {
  const n = cumulative[cumulative.length - 1];
  if (!(n > 0)) return undefined;
  const scale = 1_000_000;
  const pScaled = Math.round(p * scale);
  // rank = ⌈pScaled · n / (100 · scale)⌉ on integers (bucket counts are whole numbers).
  const rank = Number.isSafeInteger(n) && Number.isSafeInteger(pScaled)
    ? Math.max(1, Number((BigInt(pScaled) * BigInt(n) + BigInt(100 * scale) - 1n) / BigInt(100 * scale)))
    : Math.max(1, Math.ceil((p / 100) * n));
  let k = 0;
  while (k < bounds.length - 1 && cumulative[k] < rank) k++;
  const lower = k === 0 ? (bounds[0] >= 0 ? 0 : -Infinity) : bounds[k - 1];
  const at = bounds.indexOf(target);
  return { rank, observations: n, atMostTarget: at < 0 ? undefined : cumulative[at] >= rank, valueRange: [lower, bounds[k]] };
}
