/**
 * How the linter reaches the metric files an SLA links. The host provides it (the server and the
 * CLI use io/metricAccess.ts: workspace containment, streaming reads, a cache by mtime and size);
 * the service itself never touches the file system.
 */
import type { MetricData, MetricSourceSpec } from '../../engine/metrics/types';

export type MetricLoad =
  | { ok: true; data: MetricData; path: string }
  /** `column`: the column (as the SLA names it) the problem is about, when it is about one. */
  | { ok: false; reason: string; message: string; column?: string };

export interface MetricAccess {
  /** `onProgress` is called while a file is actually read (not for a cached one). */
  load(slaUri: string, spec: MetricSourceSpec, timezone: string | undefined, onProgress?: (bytesRead: number, totalBytes: number) => void): Promise<MetricLoad>;
}
