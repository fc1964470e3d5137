/**
 * What the CSV and the JSON Lines readers share (spec §1, §4, §9 "Metric files"): the plan of the
 * columns a spec reads, the row store, the issue list, naive-timestamp counting, the per-cell number
 * checks, and assembling the MetricData at the end. Readers are pushed bytes (`reserve` + `commit`)
 * by whoever reads them (io/sources/fileSource.ts for files): no I/O here, no Node APIs. Rows that
 * cannot be read are counted, the first `maxIssues` listed with their physical line, and skipped;
 * they never stop the read. A file that cannot be used at all throws a MetricFileError (SLA115).
 */
import { GoodEvaluator, parseGoodExpression } from './goodExpression';
import { DecimalReader } from './numbers';
import { RowStore } from './rowStore';
import { TimestampParser, excerpt } from './timestamps';
import { utf8Text } from './utf8';
import { LineOrigins } from '../sources/origins';
import { SegmentInterner } from './segmentCodes';
import type { DataIssue, MetricData, MetricSourceSpec, ReadMetricOptions } from './types';

/** The chunk size readers are fed in (their buffers hold one chunk and the partial record before it). */
export const READ_CHUNK = 1 << 20;
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Units of `value` columns that hold durations: a negative one is a data issue. */
export const DURATION_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h', 'd', 'w']);


// Roles of the columns a spec reads, in the order their problems are reported (the filter is
// applied before any of them, right after the timestamp column is found).
export const R_VALUE = 0, R_GOOD = 1, R_TOTAL = 2, R_GOODCOUNT = 3, R_SAMPLES = 4, R_DATASET = 5, R_FILTER = 6;
export const ROLE_COUNT = 7;
export const ROLE_BITS = (1 << ROLE_COUNT) - 1;
export const NAIVE_BIT = 128;

/** The listed issues (first `max`) and the count of all. */
export class IssueList {
  readonly list: DataIssue[] = [];
  count = 0;
  constructor(readonly max: number) {}
  add(line: number, problem: string): void {
    this.count++;
    if (this.list.length < this.max) this.list.push({ line, problem, kind: 'skipped' });
  }
}

export interface Plan {
  /** Column / key name per role (undefined: the spec does not read it, or the expression is malformed). */
  names: (string | undefined)[];
  good: GoodEvaluator | undefined;
  goodError: string | undefined;
  filter: GoodEvaluator | undefined;
  filterError: string | undefined;
  /** `value` holds durations: a negative one is a data issue. */
  nonNegative: boolean;
  /** ... because the caller said so (the spec has no `unit`; spec §9: it is in the target's unit). */
  durationFromTarget: boolean;
}

export function makePlan(spec: MetricSourceSpec, options: ReadMetricOptions): Plan {
  const names: (string | undefined)[] = new Array(ROLE_COUNT).fill(undefined);
  names[R_VALUE] = spec.value;
  names[R_TOTAL] = spec.total;
  names[R_GOODCOUNT] = spec.goodCount;
  names[R_SAMPLES] = spec.samples;
  names[R_DATASET] = spec.dataset;
  let good: GoodEvaluator | undefined;
  let goodError: string | undefined;
  if (spec.good !== undefined) {
    const r = parseGoodExpression(String(spec.good));
    if (r.ok) { good = new GoodEvaluator(r.expression); names[R_GOOD] = r.expression.field; }
    else goodError = r.message;
  }
  let filter: GoodEvaluator | undefined;
  let filterError: string | undefined;
  if (spec.filter !== undefined) {
    const r = parseGoodExpression(String(spec.filter));
    if (r.ok) { filter = new GoodEvaluator(r.expression, 'filter'); names[R_FILTER] = r.expression.field; }
    else filterError = r.message;
  }
  const unit = spec.unit?.trim();
  const durationFromTarget = spec.value !== undefined && unit === undefined && options.valuesAreDurations === true;
  const nonNegative = spec.value !== undefined && (unit !== undefined ? DURATION_UNITS.has(unit) : durationFromTarget);
  return { names, good, goodError, filter, filterError, nonNegative, durationFromTarget };
}

/** What both readers share: the row store, issues, naive counting, the per-column checks. */
export abstract class RowReader {
  readonly store: RowStore;
  readonly issues: IssueList;
  readonly tp: TimestampParser;
  readonly dec = new DecimalReader();
  readonly plan: Plan;
  readonly spec: MetricSourceSpec;
  readonly path: string;
  naiveCount = 0;
  /**
   * A streamed read (engine/stream, CSV with a `value` column only): each row goes to the sink
   * instead of the store, and is counted in `sinkRows`.
   */
  sink: { row(t: number, value: number, text: string | undefined): void } | undefined;
  sinkRows = 0;
  /** The segment column (spec §12) is not in the file (CSV header) or in any record (JSONL). */
  segmentColumnMissing = false;
  /** Segment names by code (spec §12). */
  readonly segments = new SegmentInterner();
  /** Records whose segment value is an array or an object (JSON Lines): in `(none)`. */
  readonly segmentNonScalar = { count: 0, firstLine: 0 };
  naiveFirst = 0;
  /** Rows the `filter` left out (not rows of the metric, not data issues). */
  filtered = 0;
  /** The earliest / latest timestamp stored and the physical line of its first row (MetricData.minTimeLine). */
  minT = Infinity;
  minLine = 0;
  maxT = -Infinity;
  maxLine = 0;
  private estimated = false;

  /** @param path the file's path (or another name of the source), for MetricFileError */
  constructor(path: string, spec: MetricSourceSpec, plan: Plan, options: ReadMetricOptions) {
    this.path = path;
    this.spec = spec;
    this.plan = plan;
    this.issues = new IssueList(options.maxIssues ?? 20);
    this.tp = new TimestampParser({ timezone: options.timezone ?? 'UTC', unit: spec.timestampUnit });
    const n = plan.names;
    this.store = new RowStore({
      values: n[R_VALUE] !== undefined, good: n[R_GOOD] !== undefined, totals: n[R_TOTAL] !== undefined,
      goodCounts: n[R_GOODCOUNT] !== undefined, samples: n[R_SAMPLES] !== undefined, datasets: n[R_DATASET] !== undefined,
      segments: spec.segment !== undefined,
      lines: options.origins === true,
    });
  }

  /** A view to read at least `n` bytes into; then `commit`. */
  abstract reserve(n: number): Uint8Array;
  abstract commit(n: number): void;
  /** The end of the bytes: the last record, the columns that turned out missing. */
  protected abstract finish(): { missingColumns: string[]; header?: string[] };
  abstract readonly format: 'csv' | 'jsonl';

  /** After the last chunk: the MetricData of everything committed (`bytes`: how many were read). */
  end(bytes: number): MetricData {
    const { missingColumns, header } = this.finish();
    return assemble(this, missingColumns, header, bytes);
  }

  /**
   * After the last chunk of one byte range of a file read in parts (io/sources/parallelRead.ts): the
   * state `end` would assemble, for `assemble` to combine with the other parts' (mergeReadStates).
   */
  endPart(): ReadState & { missingColumns: string[]; header?: string[] } {
    const { missingColumns, header } = this.finish();
    return { ...readStateOf(this), missingColumns, ...(header ? { header } : {}) };
  }

  /** The IANA zone naive timestamps are read in. */
  get zone(): string { return this.tp.zone.zone; }

  /** After a chunk: size the columns from the rows per byte seen so far (once). */
  estimate(bytesRead: number, totalBytes: number): void {
    if (this.estimated || this.store.rows < 64) return;
    this.estimated = true;
    if (totalBytes <= bytesRead) return;
    try {
      this.store.reserve(Math.ceil((this.store.rows * totalBytes) / bytesRead * 1.1) + 1024);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err; // no room for the estimate: grow as rows come
    }
  }

  skip(line: number, problem: string): void {
    this.issues.add(line, problem);
  }

  /** A number cell of `role`; NaN after reporting the problem. */
  numberCell(role: number, buf: Uint8Array, s: number, e: number, line: number, nonNegative: boolean): number {
    const v = this.dec.read(buf, s, e);
    const name = this.plan.names[role];
    if (Number.isNaN(v)) {
      this.skip(line, isBlank(buf, s, e) ? `empty value in \`${name}\``
        : this.dec.outOfRange ? `out-of-range value ${excerpt(text(buf, s, e))} in \`${name}\` (a number beyond ±1.8e308, too large for a double)`
        : `non-numeric value ${excerpt(text(buf, s, e))} in \`${name}\``);
      return NaN;
    }
    // A count beyond 2^53 − 1 has no exact double (9007199254740993 would become …992): the row is
    // refused rather than counted one off; the report's counts and ratios stay exact.
    if (role !== R_VALUE && Math.abs(v) > Number.MAX_SAFE_INTEGER) {
      this.skip(line, `count ${excerpt(text(buf, s, e))} in \`${name}\` is beyond 9007199254740991 (2^53 − 1), the largest count the report keeps exact`);
      return NaN;
    }
    if (nonNegative && v < 0) {
      const why = role !== R_VALUE ? 'a count cannot be negative'
        : this.plan.durationFromTarget ? 'a duration cannot be negative; the metric has no `unit`, so it is in the unit of its duration target'
        : `a duration in ${this.spec.unit} cannot be negative`;
      this.skip(line, `negative value ${excerpt(text(buf, s, e))} in \`${name}\` (${why})`);
      return NaN;
    }
    return v;
  }

  /** Forgets the arrays of roles whose column is missing. */
  dropColumns(isMissing: (role: number) => boolean): void {
    const st = this.store;
    if (isMissing(R_VALUE)) { st.values = undefined; st.valueTexts = undefined; }
    if (isMissing(R_GOOD)) st.good = undefined;
    if (isMissing(R_TOTAL)) st.totals = undefined;
    if (isMissing(R_GOODCOUNT)) st.goodCounts = undefined;
    if (isMissing(R_SAMPLES)) st.samples = undefined;
    if (isMissing(R_DATASET)) st.datasets = undefined;
  }

  /** The filter on a row: 1 keep, 0 leave out (counted in `filtered`), -1 a data issue (reported). */
  applyFilter(keep: number, line: number): number {
    if (keep < 0) this.skip(line, this.plan.filter!.problem);
    else if (keep === 0) this.filtered++;
    return keep;
  }

  /** Records the line of the earliest and the latest row (for findings about outlying rows). */
  noteExtremes(t: number, line: number): void {
    if (t < this.minT) { this.minT = t; this.minLine = line; }
    if (t > this.maxT) { this.maxT = t; this.maxLine = line; }
  }

  countNaive(line: number): void {
    if (this.naiveCount++ === 0 || line < this.naiveFirst) this.naiveFirst = line;
  }
}


export const text = (buf: Uint8Array, s: number, e: number): string => utf8Text(buf, s, s + Math.min(e - s, 200));
export function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

/** Merges `late` into `into` in line order, keeping the first `max` listed and counting all. */
export function mergeIssues(into: IssueList, late: IssueList): void {
  const a = into.list, b = late.list, out: DataIssue[] = [];
  let i = 0, j = 0;
  while (out.length < into.max && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i].line <= b[j].line)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  into.list.length = 0;
  into.list.push(...out);
  into.count += late.count;
}

/**
 * What a reader knows at its end, as plain data: what `assemble` turns into MetricData. A file read
 * in parts (io/sources/parallelRead.ts) has one per part and combines them before assembling.
 */
export interface ReadState {
  store: RowStore;
  spec: MetricSourceSpec;
  plan: Pick<Plan, 'names' | 'goodError' | 'filterError'>;
  issues: IssueList;
  naiveCount: number;
  naiveFirst: number;
  zone: string;
  filtered: number;
  format: 'csv' | 'jsonl';
  segments: { names: string[]; overflow: boolean };
  segmentNonScalar: { count: number; firstLine: number };
  segmentColumnMissing: boolean;
  minT: number;
  minLine: number;
  maxT: number;
  maxLine: number;
}

export function readStateOf(r: RowReader): ReadState {
  return {
    store: r.store, spec: r.spec, plan: r.plan, issues: r.issues, naiveCount: r.naiveCount, naiveFirst: r.naiveFirst,
    zone: r.zone, filtered: r.filtered, format: r.format, segments: r.segments, segmentNonScalar: r.segmentNonScalar,
    segmentColumnMissing: r.segmentColumnMissing, minT: r.minT, minLine: r.minLine, maxT: r.maxT, maxLine: r.maxLine,
  };
}

/** Whether timestamps are in order, and their extremes (NaN without rows): one pass. */
export function timeOrder(timestamps: Float64Array): { sorted: boolean; min: number; max: number } {
  let sorted = true, min = NaN, max = NaN;
  const rows = timestamps.length;
  if (rows > 0) {
    min = max = timestamps[0];
    let prev = timestamps[0];
    for (let i = 1; i < rows; i++) {
      const t = timestamps[i];
      if (t < prev) sorted = false;
      if (t < min) min = t;
      if (t > max) max = t;
      prev = t;
    }
  }
  return { sorted, min, max };
}

/** `order`: timeOrder of the rows when the caller already knows it (a file read in parts). */
export function assemble(reader: ReadState, missingColumns: string[], header: string[] | undefined, bytes: number,
  order?: { sorted: boolean; min: number; max: number }): MetricData {
  const st = reader.store;
  const spec = reader.spec;
  // A filter that cannot be applied (malformed, or its column absent): no row is a row of the metric.
  const filterError = reader.plan.filterError !== undefined
    ? reader.plan.filterError
    : reader.plan.names[R_FILTER] !== undefined && missingColumns.includes(reader.plan.names[R_FILTER]!)
      ? `its column \`${reader.plan.names[R_FILTER]}\` is not in the file`
      : undefined;
  if (filterError !== undefined) {
    st.rows = 0;
    if (st.datasets) st.datasets = [];
    st.valueTexts = undefined;
  }
  const rows = st.rows;
  const timestamps = st.timestamps.subarray(0, rows);
  const { sorted, min, max } = filterError === undefined && order ? order : timeOrder(timestamps);
  const issues = reader.issues;
  let naive: MetricData['naive'];
  if (reader.naiveCount > 0) {
    const zone = reader.zone;
    naive = { count: reader.naiveCount, firstLine: reader.naiveFirst, zone };
    const n = reader.naiveCount;
    const summary: DataIssue = {
      line: reader.naiveFirst,
      problem: `${n} timestamp${n === 1 ? '' : 's'} without offset (first on line ${reader.naiveFirst}), read as wall time in ${zone}; a wall time in a DST gap or fold takes the earlier offset`,
      kind: 'naive',
    };
    issues.count++;
    if (issues.max > 0) {
      const list = issues.list;
      let at = list.findIndex((x) => x.line > summary.line);
      if (at < 0) at = list.length;
      list.splice(at, 0, summary);
      if (list.length > issues.max) {
        for (let k = list.length - 1; k >= 0; k--) if (list[k].kind !== 'naive') { list.splice(k, 1); break; }
      }
    }
  }
  const data: MetricData = {
    rows,
    timestamps,
    sorted,
    minTime: min,
    maxTime: max,
    issues: issues.list,
    issueCount: issues.count,
    skipped: issues.count - (naive ? 1 : 0),
    naive,
    missingColumns,
    filtered: reader.filtered,
    format: reader.format,
    bytes,
  };
  if (st.values) data.values = st.values.subarray(0, rows);
  if (st.valueTexts && st.valueTexts.size > 0 && st.values) data.valueTexts = st.valueTexts;
  if (spec.unit !== undefined) data.unit = spec.unit;
  if (st.good) data.good = st.good.subarray(0, rows);
  if (st.totals) data.totals = st.totals.subarray(0, rows);
  if (st.goodCounts) data.goodCounts = st.goodCounts.subarray(0, rows);
  if (st.samples) data.samples = st.samples.subarray(0, rows);
  if (st.datasets) data.datasets = st.datasets;
  if (st.segmentCodes) {
    data.segmentCodes = st.segmentCodes.subarray(0, rows);
    data.segmentNames = reader.segments.names;
    if (reader.segments.overflow) data.segmentOverflow = true;
    if (reader.segmentNonScalar.count > 0) data.segmentNonScalar = { ...reader.segmentNonScalar };
  }
  if (reader.segmentColumnMissing) data.segmentColumnMissing = true;
  if (st.lines) data.origins = new LineOrigins(st.lines.subarray(0, rows));
  // A row dropped at the end (a JSONL record lacking a key others have) may have been the extreme: no line then.
  if (rows > 0 && reader.minT === min) data.minTimeLine = reader.minLine;
  if (rows > 0 && reader.maxT === max) data.maxTimeLine = reader.maxLine;
  if (reader.plan.goodError !== undefined) data.goodError = reader.plan.goodError;
  if (filterError !== undefined) data.filterError = filterError;
  if (header) data.header = header;
  return data;
}
