/**
 * Metric ingestion (spec §1, §4, §9 "Metric files"): the shapes the linter (SLA110, SLA113, SLA114,
 * SLA115) and the compliance engine read. Pure data, no LSP types. A MetricSource
 * (../sources/metricSource.ts) delivers MetricData; the file source is io/sources/fileSource.ts.
 */
import type { RowOrigins } from '../sources/origins';
import type { StreamAnswers } from '../stream/answers';
import type { StreamPlan } from '../stream/plan';

/**
 * One entry of `metrics:` in an SLA (spec §4). Column / key names are exact. With `timestamp` alone
 * (no `value`, `good`, `total`) it is an event log: each row is one event.
 */
export interface MetricSourceSpec {
  file: string;
  format?: 'csv' | 'jsonl';
  /** One ASCII character; `tab` and `\t` are accepted for a tab. CSV only; `.tsv` defaults to tab. */
  delimiter?: string;
  timestamp: string;
  timestampUnit?: 's' | 'ms';
  value?: string;
  unit?: string;
  good?: string;
  total?: string;
  goodCount?: string;
  samples?: string;
  dataset?: string;
  /** `"<field> <op> <literal>"` (the grammar of `good`): only the matching rows are rows of the metric. */
  filter?: string;
  /**
   * Not written in an SLA: the column an objective's `segments.by` names (spec §12), read as each
   * row's segment (MetricData.segments). A row without it is in the segment `(none)`.
   */
  segment?: string;
}

export interface SeriesIssue {
  problem: 'gap' | 'series start' | 'NaN samples';
  /** The series as PromQL writes it: `http_requests_total{code="200", job="api"}`. */
  series: string;
  /** Epoch ms: a gap's last sample before and first after; a start's first sample; NaN's first. */
  from: number;
  to?: number;
  /** NaN samples: how many. */
  count?: number;
}

export interface HistogramBuckets {
  bounds: number[];
  /** The `le` text of each boundary as the server wrote it (the first seen), for messages. */
  texts: string[];
  counts: Float64Array[];
  /**
   * Boundaries some histogram series have and others lack (left out of `bounds`: a bucket one series
   * lacks cannot be summed exactly), each with one series that lacks it, so a message can say why.
   */
  partial?: { bound: number; text: string; lackedBy: Record<string, string> }[];
}

/** A metric read from a Prometheus-compatible server (spec §10) instead of a file. */
export interface PrometheusMetricSpec {
  prometheus: { server: string; total?: string; good?: string; bad?: string; histogram?: string };
  /** The unit of a histogram's `le` boundaries. */
  unit?: string;
  /** Not written in an SLA: the label an objective's `segments.by` names (spec §12), as MetricSourceSpec.segment. */
  segment?: string;
}

/** Any metric of `metrics:`. */
export type MetricSpec = MetricSourceSpec | PrometheusMetricSpec;

export function isPrometheusSpec(spec: MetricSpec): spec is PrometheusMetricSpec {
  return typeof (spec as PrometheusMetricSpec).prometheus === 'object' && (spec as PrometheusMetricSpec).prometheus !== null;
}

/** How messages name a metric's source: its file, or `prometheus prod`. */
export function specLabel(spec: MetricSpec): string {
  return isPrometheusSpec(spec) ? `prometheus ${spec.prometheus.server}` : spec.file;
}

/**
 * A problem found in the data. `line` is the physical line where the record starts (the CSV header
 * is line 1; a quoted newline advances the count; blank lines count). `kind`: `skipped` for a record
 * that was not read, `naive` for the one summary entry about timestamps without offset (the row
 * itself WAS read).
 */
export interface DataIssue {
  line: number;
  problem: string;
  kind?: 'skipped' | 'naive';
}

export interface NaiveTimestamps {
  /** Rows read whose timestamp had no offset (read in `zone`). */
  count: number;
  /** Physical line of the first such row. */
  firstLine: number;
  /** The IANA zone they were read in (a wall time in a DST gap or fold takes the earlier offset). */
  zone: string;
}

export interface MetricData {
  /** Records read successfully (counted). Every array below has this length. */
  rows: number;
  /** Epoch milliseconds (sub-millisecond digits truncated), in FILE order (see `sorted`). */
  timestamps: Float64Array;
  /** The `value` column, in its own unit (`unit`); never NaN. */
  values?: Float64Array;
  /** The spec's `unit`, recorded; nothing is converted here. */
  unit?: string;
  /** Per-row classification from `good`: 1 good, 0 bad. */
  good?: Uint8Array;
  /** Pre-aggregated rows: `total` and `goodCount` (non-negative, goodCount ≤ total). */
  totals?: Float64Array;
  goodCounts?: Float64Array;
  /**
   * Bad events per row (a Prometheus `bad` counter, spec §10): good = total − bad, summed over a
   * window. A row's own difference may be negative (the counters increase at their own instants).
   */
  badCounts?: Float64Array;
  /**
   * A Prometheus histogram (spec §10): its boundaries (increasing, as numbers in the metric's `unit`,
   * the last +Inf; only those every series of the histogram has) and, per boundary, each row's
   * increase of that bucket — observations ≤ the boundary. `totals` holds each row's increase of
   * `_count`. Rows are the histogram series' sample instants.
   */
  buckets?: HistogramBuckets;
  /**
   * A remote source's scrape interval (spec §10, SLA120): the median over its series of each series'
   * median spacing between samples, in ms; undefined for files and for series of one sample.
   */
  scrapeIntervalMs?: number;
  /**
   * Rows that sum increases per cell (engine/sources/evaluationEdges.ts) are exact for evaluations
   * at this asOf only (a rolling window ends there); undefined: one row per sample, exact at any.
   */
  cellsAsOf?: number;
  /**
   * What a remote source saw in its series (spec §10 `dataIssues`): series that start inside the
   * range (their first sample counts nothing), NaN samples, and sample gaps longer than three times
   * the series' median interval. The first `maxIssues` are listed; `seriesIssueCount` counts all.
   */
  seriesIssues?: SeriesIssue[];
  seriesIssueCount?: number;
  /** Evaluation runs: labeled-set size, and the dataset name (strings are shared, not copied). */
  samples?: Float64Array;
  datasets?: string[];
  /**
   * Each row's segment (spec §12, `MetricSourceSpec.segment`) as a code into `segmentNames`; code 0
   * (name '') is a row without one (`(none)`); SEGMENT_OVERFLOW past the names kept (`segmentOverflow`).
   */
  segmentCodes?: Uint16Array;
  segmentNames?: string[];
  segmentOverflow?: boolean;
  /** Records whose segment value is an array or an object (JSON Lines), counted in `(none)`. */
  segmentNonScalar?: { count: number; firstLine: number };
  /** The segment column is not in the file (the label on no series): every row is in `(none)`. */
  segmentColumnMissing?: boolean;
  /** Series read (spec §10) whose labels lack the segment label: the label names they have, for the message. */
  seriesLabelNames?: string[];
  /**
   * Decimal text of `value` cells that have more than 15 significant digits, by row index: the
   * only ones whose stored double may not order exactly like the decimal (spec §9 "Ranks and
   * threshold comparisons are exact"); compare those with `compareDecimalText`.
   */
  valueTexts?: Map<number, string>;
  /**
   * Where each row came from (only when asked for: `origins` of the read): the physical line of a
   * file row, or the series and instant of a sample.
   */
  origins?: RowOrigins;
  /** Whether timestamps are non-decreasing in file order. */
  sorted: boolean;
  /** Smallest / largest timestamp (NaN when rows = 0). */
  minTime: number;
  maxTime: number;
  /** Physical line of the (first) row holding `minTime` / `maxTime`, when known: names an outlying row. */
  minTimeLine?: number;
  maxTimeLine?: number;
  /** The first `maxIssues` (20) problems in line order; the naive-timestamp summary is always kept. */
  issues: DataIssue[];
  /** Every problem: records skipped, plus one for the naive-timestamp summary. */
  issueCount: number;
  /** Records skipped (not counted in `rows`). */
  skipped: number;
  /** Timestamps without offset (spec §9, SLA114); also summarised once in `issues`. */
  naive: NaiveTimestamps | undefined;
  /** Columns named in the spec but absent from the CSV header / from every JSONL record. */
  missingColumns: string[];
  /** Why the `good` expression could not be used (malformed); `good` is then undefined. */
  goodError?: string;
  /**
   * Rows the `filter` left out: not rows of the metric and not data issues, but counted so that
   * nothing disappears unaccounted (0 without a filter). Rows whose filter field is missing or of
   * the wrong type are data issues instead.
   */
  filtered?: number;
  /**
   * Why the `filter` could not be applied (malformed, or its column absent): the metric then has no
   * rows (`rows: 0`) — counting every row unfiltered would give numbers for the wrong events.
   */
  filterError?: string;
  /**
   * A streamed read (engine/stream): the rows were added to the plan's aggregates and not kept;
   * `timestamps` and `values` throw NotStreamed, the evaluation asks these answers instead.
   */
  stream?: StreamAnswers;
  /** `series`: samples of a remote store's series (spec §10), not a file. */
  format: 'csv' | 'jsonl' | 'series';
  /** CSV header (names as written). */
  header?: string[];
  /** Bytes read (a file's size; what a remote source received). */
  bytes: number;
}

export interface ReadMetricOptions {
  /** IANA zone for timestamps without offset; default `UTC`. */
  timezone?: string;
  /** How many issues to list (default 20, spec §9). `issueCount` always counts all. */
  maxIssues?: number;
  /** Called after each chunk read. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Keep the origin (physical line) of each row in `origins`. */
  origins?: boolean;
  /** Abort between chunks (rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * The `value` column holds durations although the spec has no `unit`: spec §9 reads such a metric
   * in its target's unit, and an objective using it compares it with a duration (see
   * `valuesAreDurations` in valueUnit.ts). A negative value is then a data issue, as with `unit: ms`.
   * Ignored when the spec states a `unit`. Callers that cache reads key them by it.
   */
  valuesAreDurations?: boolean;
  /**
   * Aggregate the rows for these answers instead of keeping them (engine/stream): CSV files with a
   * `value` column only; other files are read as rows. Callers that cache reads key them by it.
   */
  stream?: StreamPlan;
}

export { MetricFileError, type MetricFileErrorReason } from './errors';
