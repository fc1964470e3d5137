/**
 * How the linter reaches the metric files an SLA links. The host provides it (the server and the
 * CLI use io/metricAccess.ts: workspace containment, streaming reads, a cache by mtime and size);
 * the service itself never touches the file system.
 */
import type { StreamPlan } from '../../engine/stream/plan';
import type { MetricData, MetricSourceSpec, MetricSpec, ReadMetricOptions } from '../../engine/metrics/types';
import type { TimeRange } from '../../engine/sources/metricSource';
import { evaluationEdges, type EdgePlan } from '../../engine/sources/evaluationEdges';
import { slaReadRange } from '../../engine/dataRange';
import type { NamesRequest } from '../selectorCompletion';
import type { SeriesInfo, SeriesInfoRequest } from '../selectorHover';

export type MetricLoad =
  | { ok: true; data: MetricData; path: string }
  /** `column`: the column (as the SLA names it) the problem is about, when it is about one. */
  | { ok: false; reason: string; message: string; column?: string };

/** What the reader must know beyond the metric's own spec (inferred from the SLA's objectives). */
export type MetricReadHints = Pick<ReadMetricOptions, 'valuesAreDurations'> & {
  /** The instants the SLA evaluates (its period and baseline, up to now): a remote source reads only these. */
  range?: TimeRange;
  /** Where the evaluation cuts time (a remote source may sum between these edges: spec §10). */
  edges?: EdgePlan;
  /** The report's asOf, when it is fixed before the read. */
  asOf?: number;
  /** Keep each row's origin (a file line, a series sample): for `explain` (spec §8.1). */
  origins?: boolean;
  /** Aggregate for a report instead of keeping rows (engine/stream: large CSV files). */
  stream?: StreamPlan;
};

/** The hints of an SLA's metric `id`: its range, and for a remote source the evaluation's edges. */
export function readHints(sla: Record<string, any>, id: string, extra: MetricReadHints = {}): MetricReadHints {
  return { range: slaReadRange(sla), edges: evaluationEdges(sla, id), ...extra };
}

export interface MetricAccess {
  /**
   * `onProgress` is called while a file is actually read (not for a cached one). `hints` take part
   * in the cache key: the same file read with other hints is another read.
   */
  load(slaUri: string, spec: MetricSpec, timezone: string | undefined, onProgress?: (bytesRead: number, totalBytes: number) => void, hints?: MetricReadHints): Promise<MetricLoad>;
  /**
   * For completion: the metric files (.csv, .tsv, .jsonl, .ndjson) in the SLA's workspace folder,
   * as paths relative to the SLA's folder with `/` separators. Optional: without it none are offered.
   */
  listFiles?(slaUri: string): Promise<string[]>;
  /**
   * For completion: the columns of the file a metric source links (a CSV's header, the keys of a
   * JSONL file's first records); undefined when it cannot be read.
   */
  columns?(slaUri: string, spec: Pick<MetricSourceSpec, 'file' | 'format' | 'delimiter'>): Promise<string[] | undefined>;
  /**
   * For completion inside a Prometheus selector (spec §10): metric names, label names or a label's
   * values from the server `server` names; undefined when it cannot be asked (not configured, not
   * trusted, unreachable, too slow). Cached briefly; never waits long.
   */
  prometheusNames?(slaUri: string, server: string, request: NamesRequest): Promise<string[] | undefined>;
  /** For hover on a selector: what the server has for it now (see selectorHover.ts); undefined when it cannot be asked. */
  prometheusSeriesInfo?(slaUri: string, server: string, request: SeriesInfoRequest): Promise<SeriesInfo | undefined>;
}
