/** Why a metric file cannot be used at all (the caller reports SLA115). */
export type MetricFileErrorReason = 'missing' | 'unreadable' | 'binary' | 'format' | 'too-large' | 'columns' | 'changed'
  /** A remote source (spec §10, SLA119): the server cannot be reached or refused, the selector matches no series, or the metric is not computable from it. */
  | 'unreachable' | 'no-series' | 'invalid';

/**
 * The file cannot be used at all; the caller reports SLA115. `message` does not repeat the file's
 * name (callers write "`metrics/latency.csv`: " before it); `path` is the path that was read.
 */
export class MetricFileError extends Error {
  readonly reason: MetricFileErrorReason;
  readonly path: string;
  /** The column (as named in the SLA) the problem is about, when it is about one: SLA115 sits on it. */
  readonly column: string | undefined;
  constructor(reason: MetricFileErrorReason, message: string, path: string, column?: string) {
    super(message);
    this.name = 'MetricFileError';
    this.reason = reason;
    this.path = path;
    this.column = column;
  }
}
