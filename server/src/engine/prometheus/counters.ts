/**
 * Counter increases, exactly (spec §10): per series, the increase shown by sample i is
 * `v[i] − v[i−1]`, or `v[i]` when `v[i] < v[i−1]` (a reset), and it belongs to the instant of
 * sample i. The first sample of a series counts nothing (what it counted before it was first
 * scraped is unknown) and is reported as a series start. Series are summed after their increases
 * (summing first would let one series' reset cancel another's counts). NaN samples carry no count:
 * the next number is compared with the last number before them, and they are counted for the
 * report's data issues. Nothing is extrapolated to the edges of a window, unlike `increase()`.
 *
 * Samples before `from` (the last sample before the read range, which the source reads as well)
 * only serve as the previous value: a series whose first sample read lies at or after `from` is a
 * series start at that sample.
 */

export interface SampleSeries {
  /** The series' labels (without `__name__`), for data issues. */
  labels: Record<string, string>;
  /** Sample instants in epoch ms, increasing. */
  t: ArrayLike<number>;
  v: ArrayLike<number>;
}

export interface SeriesStart { labels: Record<string, string>; t: number }

/** The summed increases of a set of series, one entry per instant at which any series has a sample. */
export interface Increases {
  /** Instants (epoch ms), increasing, each at or after `from`. */
  t: Float64Array;
  /** The sum over the series of their increases at that instant (0 where samples showed none). */
  inc: Float64Array;
  /** Series whose first sample lies in the range (they counted nothing at it). */
  starts: SeriesStart[];
  /** Resets seen (a sample lower than the one before it). */
  resets: number;
  /** NaN samples (they count nothing). */
  nanSamples: number;
  /** Series read. */
  series: number;
}

interface Stream { t: Float64Array; inc: Float64Array }

/** One series' increases at its samples at or after `from` (the sample before `from` is only the previous value). */
function seriesIncreases(s: SampleSeries, from: number, out: { starts: SeriesStart[]; resets: number; nanSamples: number }): Stream {
  const n = s.t.length;
  const t = new Float64Array(n);
  const inc = new Float64Array(n);
  let m = 0;
  let prev = 0; // the last number seen (once `started`)
  let started = false;
  for (let i = 0; i < n; i++) {
    const ti = s.t[i];
    const vi = s.v[i];
    if (Number.isNaN(vi)) {
      if (ti >= from) { out.nanSamples++; t[m] = ti; inc[m] = 0; m++; }
      continue;
    }
    if (ti < from) { prev = vi; started = true; continue; }
    let d = 0;
    if (!started) {
      out.starts.push({ labels: s.labels, t: ti });
      started = true;
    } else if (vi < prev) {
      d = vi;
      out.resets++;
    } else {
      d = vi - prev;
    }
    prev = vi;
    t[m] = ti;
    inc[m] = d;
    m++;
  }
  return { t: t.subarray(0, m), inc: inc.subarray(0, m) };
}

/** Merges increasing streams, summing equal instants (a min-heap over the streams' heads). */
export function mergeStreams(streams: Stream[]): Stream {
  const live = streams.filter((s) => s.t.length > 0);
  let total = 0;
  for (const s of live) total += s.t.length;
  const t = new Float64Array(total);
  const inc = new Float64Array(total);
  if (live.length === 1) {
    t.set(live[0].t);
    inc.set(live[0].inc);
    return { t, inc };
  }
  const pos = new Int32Array(live.length);
  const heap: number[] = [];
  const key = (k: number) => live[k].t[pos[k]];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key(heap[p]) <= key(heap[i])) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let s = i;
      if (l < heap.length && key(heap[l]) < key(heap[s])) s = l;
      if (r < heap.length && key(heap[r]) < key(heap[s])) s = r;
      if (s === i) break;
      [heap[s], heap[i]] = [heap[i], heap[s]];
      i = s;
    }
  };
  for (let k = 0; k < live.length; k++) { heap.push(k); up(heap.length - 1); }
  let m = 0;
  while (heap.length) {
    const k = heap[0];
    const tk = live[k].t[pos[k]];
    const dk = live[k].inc[pos[k]];
    if (m > 0 && t[m - 1] === tk) inc[m - 1] += dk;
    else { t[m] = tk; inc[m] = dk; m++; }
    pos[k]++;
    if (pos[k] >= live[k].t.length) {
      const last = heap.pop()!;
      if (heap.length) { heap[0] = last; down(0); }
    } else {
      down(0);
    }
  }
  return { t: t.subarray(0, m), inc: inc.subarray(0, m) };
}

/** The summed increases at or after `from` of `series` (see the header). */
export function counterIncreases(series: SampleSeries[], from: number): Increases {
  const out = { starts: [] as SeriesStart[], resets: 0, nanSamples: 0 };
  const merged = mergeStreams(series.map((s) => seriesIncreases(s, from, out)));
  out.starts.sort((a, b) => a.t - b.t);
  return { t: merged.t, inc: merged.inc, ...out, series: series.length };
}

/**
 * Two increase streams on the union of their instants: `a` and `b` (0 where one has no sample).
 * Used for `total` with `good` (or `bad`), and for a histogram's `_count` with one bucket.
 */
export function alignIncreases(a: Increases, b: Increases): { t: Float64Array; a: Float64Array; b: Float64Array } {
  const n = a.t.length, m = b.t.length;
  const t = new Float64Array(n + m);
  const av = new Float64Array(n + m);
  const bv = new Float64Array(n + m);
  let i = 0, j = 0, k = 0;
  while (i < n || j < m) {
    if (j >= m || (i < n && a.t[i] < b.t[j])) { t[k] = a.t[i]; av[k] = a.inc[i]; i++; }
    else if (i >= n || b.t[j] < a.t[i]) { t[k] = b.t[j]; bv[k] = b.inc[j]; j++; }
    else { t[k] = a.t[i]; av[k] = a.inc[i]; bv[k] = b.inc[j]; i++; j++; }
    k++;
  }
  return { t: t.subarray(0, k), a: av.subarray(0, k), b: bv.subarray(0, k) };
}

/**
 * One series' counter read sample by sample, for a source that reads in chunks: the same rules as
 * `counterIncreases` (see the header), with the state carried from one chunk to the next.
 */
export class CounterSeries {
  private last = 0;
  private started = false;
  /** The first sample at or after `from` of a series not seen before it (undefined: none yet, or it was seen before). */
  start: number | undefined;
  resets = 0;
  nanSamples = 0;
  /** The instant of the first NaN sample in the range. */
  firstNaN: number | undefined;

  constructor(readonly labels: Record<string, string>, private readonly from: number) {}

  /** The last number seen (the previous value for the next sample), or undefined before any. */
  get lastNumber(): number | undefined { return this.started ? this.last : undefined; }

  /**
   * The last number of the series before what was read (an older sample, found by a separate
   * question): the previous value for its first sample at or after `from`, which is then no start.
   */
  seed(v: number): void {
    if (this.started || Number.isNaN(v)) return;
    this.last = v;
    this.started = true;
  }

  /** The increase sample (t, v) shows, or undefined for a sample before `from` (only the previous value). */
  step(t: number, v: number): number | undefined {
    if (Number.isNaN(v)) {
      if (t >= this.from) { this.nanSamples++; this.firstNaN ??= t; return 0; }
      return undefined;
    }
    if (t < this.from) { this.last = v; this.started = true; return undefined; }
    let d = 0;
    if (!this.started) { this.start = t; this.started = true; }
    else if (v < this.last) { d = v; this.resets++; }
    else d = v - this.last;
    this.last = v;
    return d;
  }
}

/** The median of the values (undefined when there are none). */
function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median spacing of one series' sample instants (undefined with fewer than two). */
export function medianSpacing(t: ArrayLike<number>): number | undefined {
  const gaps: number[] = [];
  for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
  return median(gaps);
}

/**
 * The scrape interval of a set of series (spec §10, SLA120): per series the median spacing of its
 * sample instants, then the median over the series. Undefined without a series of two samples.
 */
export function scrapeInterval(seriesInstants: Iterable<ArrayLike<number>>): number | undefined {
  const perSeries: number[] = [];
  for (const t of seriesInstants) {
    const m = medianSpacing(t);
    if (m !== undefined) perSeries.push(m);
  }
  return median(perSeries);
}

/**
 * Sample gaps of one series (spec §10 `dataIssues`): spacings longer than three times its median
 * spacing. The median comes from the first `sampleSize` instants (fed one by one, in order);
 * gaps ending before `from` (in the lookback before the range) are not the range's.
 */
export class GapWatch {
  private readonly first: number[] = [];
  private median: number | undefined;
  private prev: number | undefined;
  readonly gaps: [number, number][] = [];

  /** @param median the series' median spacing when known beforehand (then no sample is held for it) */
  constructor(private readonly from: number, private readonly sampleSize = 1000, median?: number) {
    if (median !== undefined) this.median = median;
  }

  see(t: number): void {
    if (this.median === undefined) {
      this.first.push(t);
      if (this.first.length >= this.sampleSize) this.settle();
    } else if (this.prev !== undefined && t >= this.from && t - this.prev > 3 * this.median) {
      this.gaps.push([this.prev, t]);
    }
    this.prev = t;
  }

  /** Call after the last sample. */
  finish(): [number, number][] {
    if (this.median === undefined) this.settle();
    return this.gaps;
  }

  private settle(): void {
    const spacings: number[] = [];
    for (let i = 1; i < this.first.length; i++) spacings.push(this.first[i] - this.first[i - 1]);
    this.median = median(spacings) ?? Infinity;
    for (let i = 1; i < this.first.length; i++) {
      if (this.first[i] >= this.from && this.first[i] - this.first[i - 1] > 3 * this.median) this.gaps.push([this.first[i - 1], this.first[i]]);
    }
  }
}
