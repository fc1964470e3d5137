/**
 * MetricData from pages of observations, for sources that are not files: a remote store answers a
 * range query in chunks (spec §10: "in chunks"), each chunk holding samples of one series. The
 * source turns its samples into rows (a counter's increases at their instants, a latency, a good
 * flag) and hands them over page by page; this collects them into the columns the engine reads,
 * with each row's origin (the series' labels and the sample instant) when asked.
 *
 * Pages carry clean numbers: what a source could not use (NaN samples, series starts) it reports
 * itself; a non-finite timestamp or a NaN value here is a bug of the source and throws.
 */
import type { MetricData } from '../metrics/types';
import type { MetricReadRequest } from './metricSource';
import { SampleOrigins, seriesText, type SeriesLabels } from './origins';
import { labelNames, SegmentInterner } from '../metrics/segmentCodes';

/** Rows of one page, every column the same length as `timestamps`. */
export interface ObservationPage {
  /** Epoch ms. */
  timestamps: ArrayLike<number>;
  values?: ArrayLike<number>;
  /** 1 good, 0 bad. */
  good?: ArrayLike<number>;
  totals?: ArrayLike<number>;
  goodCounts?: ArrayLike<number>;
  badCounts?: ArrayLike<number>;
  /** The series whose samples the rows are (their origin: these labels and the row's instant). */
  series?: SeriesLabels;
  /** Where the read is, in the source's unit (samples, pages), for the progress callback. */
  progress?: { done: number; total: number };
}

/** Which columns the rows have (a page without one of them is a source bug). */
export interface PageColumns {
  values?: boolean;
  good?: boolean;
  totals?: boolean;
  goodCounts?: boolean;
  badCounts?: boolean;
  /** The unit of `values`, recorded (as a file metric's `unit`). */
  unit?: string;
  /** The label whose value is each row's segment (spec §12): read from the page's series. */
  segment?: string;
}

class Column<T extends Float64Array | Uint8Array | Uint16Array | Uint32Array> {
  length = 0;
  constructor(public data: T) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  done(): T { return this.data.subarray(0, this.length) as T; }
}

export class PagedRows {
  private readonly t = new Column(new Float64Array(1024));
  private readonly values?: Column<Float64Array>;
  private readonly good?: Column<Uint8Array>;
  private readonly totals?: Column<Float64Array>;
  private readonly goodCounts?: Column<Float64Array>;
  private readonly badCounts?: Column<Float64Array>;
  private readonly seriesIndex?: Column<Uint32Array>;
  private readonly segmentCodes?: Column<Uint16Array>;
  /** Series label values are exact strings (` eu` is not `eu`). */
  private readonly segments = new SegmentInterner(true);
  private segmentSeen = false;
  private readonly labelsSeen = new Map<string, SeriesLabels>();
  private readonly series: SeriesLabels[] = [];
  private readonly seriesByText = new Map<string, number>();

  constructor(private readonly columns: PageColumns, keepOrigins: boolean) {
    if (columns.values) this.values = new Column(new Float64Array(1024));
    if (columns.good) this.good = new Column(new Uint8Array(1024));
    if (columns.totals) this.totals = new Column(new Float64Array(1024));
    if (columns.goodCounts) this.goodCounts = new Column(new Float64Array(1024));
    if (columns.badCounts) this.badCounts = new Column(new Float64Array(1024));
    if (keepOrigins) this.seriesIndex = new Column(new Uint32Array(1024));
    if (columns.segment !== undefined) this.segmentCodes = new Column(new Uint16Array(1024));
  }

  get rows(): number { return this.t.length; }

  add(page: ObservationPage): void {
    const n = page.timestamps.length;
    const need = (name: keyof PageColumns, col: ArrayLike<number> | undefined): ArrayLike<number> | undefined => {
      if (!this.columns[name]) return undefined;
      if (!col || col.length !== n) throw new RangeError(`a page of ${n} rows has ${col ? col.length : 'no'} \`${name}\``);
      return col;
    };
    const values = need('values', page.values), good = need('good', page.good);
    const totals = need('totals', page.totals), goodCounts = need('goodCounts', page.goodCounts), badCounts = need('badCounts', page.badCounts);
    let s = 0;
    if (this.seriesIndex) {
      const labels = page.series ?? {};
      const key = seriesText(labels);
      let k = this.seriesByText.get(key);
      if (k === undefined) { k = this.series.length; this.series.push(labels); this.seriesByText.set(key, k); }
      s = k;
    }
    let code = 0;
    if (this.segmentCodes) {
      code = this.segments.codeOfText(page.series?.[this.columns.segment!] ?? '');
      if (code !== 0) this.segmentSeen = true;
      else if (page.series && this.labelsSeen.size < 100) this.labelsSeen.set(seriesText(page.series), page.series);
    }
    for (let i = 0; i < n; i++) {
      const t = page.timestamps[i];
      if (!Number.isFinite(t)) throw new RangeError(`row ${this.rows}: timestamp ${t} is not an instant`);
      if (values && Number.isNaN(values[i])) throw new RangeError(`row ${this.rows}: NaN value`);
      if (good && good[i] !== 0 && good[i] !== 1) throw new RangeError(`row ${this.rows}: good is ${good[i]}, not 0 or 1`);
      // Counts are non-negative; a row's good count may exceed its total (a counter's good and total
      // series increase at their own instants): only a window's sums must agree.
      if (totals && !(totals[i] >= 0 && totals[i] <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`row ${this.rows}: total ${totals[i]} is not a count`);
      if (goodCounts && !(goodCounts[i] >= 0 && goodCounts[i] <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`row ${this.rows}: good count ${goodCounts[i]} is not a count`);
      if (badCounts && !(badCounts[i] >= 0 && badCounts[i] <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`row ${this.rows}: bad count ${badCounts[i]} is not a count`);
      this.t.push(t);
      if (values) this.values!.push(values[i]);
      if (good) this.good!.push(good[i]);
      if (totals) this.totals!.push(totals[i]);
      if (goodCounts) this.goodCounts!.push(goodCounts[i]);
      if (badCounts) this.badCounts!.push(badCounts[i]);
      this.seriesIndex?.push(s);
      this.segmentCodes?.push(code);
    }
  }

  /** The rows so far as MetricData (`bytes`: what the source received, for the record). */
  finish(bytes = 0): MetricData {
    const timestamps = this.t.done();
    const rows = timestamps.length;
    let sorted = true, min = NaN, max = NaN;
    if (rows > 0) {
      min = max = timestamps[0];
      for (let i = 1; i < rows; i++) {
        const x = timestamps[i];
        if (x < timestamps[i - 1]) sorted = false;
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
    const data: MetricData = {
      rows, timestamps, sorted, minTime: min, maxTime: max,
      issues: [], issueCount: 0, skipped: 0, naive: undefined,
      missingColumns: [], filtered: 0, format: 'series', bytes,
    };
    if (this.values) data.values = this.values.done();
    if (this.columns.unit !== undefined) data.unit = this.columns.unit;
    if (this.good) data.good = this.good.done();
    if (this.totals) data.totals = this.totals.done();
    if (this.goodCounts) data.goodCounts = this.goodCounts.done();
    if (this.badCounts) data.badCounts = this.badCounts.done();
    if (this.seriesIndex) data.origins = new SampleOrigins(this.series, this.seriesIndex.done(), timestamps);
    if (this.segmentCodes) {
      data.segmentCodes = this.segmentCodes.done();
      data.segmentNames = this.segments.names;
      if (this.segments.overflow) data.segmentOverflow = true;
      if (rows > 0 && !this.segmentSeen) { data.segmentColumnMissing = true; data.seriesLabelNames = labelNames(this.labelsSeen.values()); }
    }
    return data;
  }
}

/**
 * Collects `pages` (fetched lazily: the next page is asked for only when the previous one is in)
 * into MetricData. Stops with the signal's reason between pages; reports progress after each.
 */
export async function collectPages(pages: AsyncIterable<ObservationPage>, columns: PageColumns, request: MetricReadRequest = {}): Promise<MetricData> {
  const rows = new PagedRows(columns, request.origins === true);
  request.signal?.throwIfAborted();
  for await (const page of pages) {
    request.signal?.throwIfAborted();
    rows.add(page);
    const p = page.progress ?? { done: rows.rows, total: rows.rows };
    request.onProgress?.(p.done, p.total);
    // Before the next page is asked for: an abort during this one fetches no more.
    request.signal?.throwIfAborted();
  }
  return rows.finish();
}
