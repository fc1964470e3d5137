/**
 * The seam through which the engine gets observations: one `MetricSource` per metric of an SLA.
 * The engine computes from the `MetricData` a source returns (timestamps, values / good flags /
 * counts, each row's origin); it never knows whether that came from a local file (io/sources/
 * fileSource.ts: CSV and JSON Lines) or from a remote store read in pages (spec §10: a Prometheus
 * HTTP API, slow, possibly failing half-way).
 *
 * What the interface asks of a source, and why:
 * - `identify()` is cheap (a stat, a small request) and says whether the data may have changed
 *   since the last read (`version`): callers cache reads by `key` and read again only when
 *   `version` differs or is unknown.
 * - `read()` is asynchronous and cancellable (`signal`), reports progress in whatever unit the
 *   source counts (bytes, samples, pages), and may be limited to the time range the caller needs
 *   (`range`): a file source reads everything anyway, a remote one must not fetch years of samples
 *   for a one-month report. Rows outside the range may still be returned; the engine clips.
 * - Origins are asked for only when wanted (`origins`): keeping them costs memory per row.
 * - A source that cannot be used at all rejects with a MetricFileError (its `reason` and a message
 *   that does not repeat the source's name); everything about individual rows is in the data.
 */
import type { StreamPlan } from '../stream/plan';
import type { MetricData } from '../metrics/types';

/** `[from, to)` in epoch milliseconds; either end may be infinite. */
export interface TimeRange {
  from: number;
  to: number;
}

export const ALL_TIME: TimeRange = Object.freeze({ from: -Infinity, to: Infinity });

export interface SourceIdentity {
  /** Stable for the same data definition (file path and spec, or server, selector and options): a cache key. */
  key: string;
  /**
   * Changes whenever the data may have changed (a file's size and mtime; a remote store's newest
   * sample or a generation); undefined when the source cannot tell — then every load reads.
   */
  version: string | undefined;
  /** How the user names the source in messages: `metrics/latency.csv`. */
  label: string;
  /** Where it is: the resolved file path, or the server URL and selector. */
  location: string;
}

/**
 * `done` of `total` (an estimate; `total` may grow) in the source's own unit: bytes for a file,
 * samples or pages for a remote store. Callers show the ratio.
 */
export type ReadProgress = (done: number, total: number) => void;

export interface MetricReadRequest {
  /** The time range the caller evaluates; default everything the source has. */
  range?: TimeRange;
  /** Keep each row's origin in `MetricData.origins` (a file line, or a series and its sample instant). */
  origins?: boolean;
  /** Stop reading: `read` rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: ReadProgress;
  /** Aggregate for these answers instead of keeping rows, where the source can (engine/stream; a file source, large CSV files). */
  stream?: StreamPlan;
}

export interface MetricSource {
  identify(): Promise<SourceIdentity>;
  read(request?: MetricReadRequest): Promise<MetricData>;
}
