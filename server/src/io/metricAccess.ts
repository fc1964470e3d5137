/**
 * Node access to metric files for the linter and the engine: containment in the workspace (never
 * read outside it), streaming reads, and a cache by real path, size and mtime — an edit of a target
 * re-lints without re-reading, a changed file is read again.
 */
import { statSync } from 'node:fs';
import { MetricFileError } from '../engine/metrics/errors';
import { readMetric } from './sources/fileSource';
import type { MetricData, MetricSourceSpec } from '../engine/metrics/types';
import type { MetricAccess, MetricLoad, MetricReadHints } from '../service/lint/dataAccess';
import { resolveMetricPath, uriToPath } from './workspacePaths';
import { listMetricFiles, readMetricColumns } from './metricFileHints';

interface Entry { size: number; mtimeMs: number; data: Promise<MetricData> }

export class NodeMetricAccess implements MetricAccess {
  private readonly cache = new Map<string, Entry>();
  reads = 0;

  /** @param roots workspace folders (absolute paths); a metric path must stay inside the one holding the SLA */
  constructor(private roots: () => string[], private readonly maxEntries = 32) {}

  async load(slaUri: string, spec: MetricSourceSpec, timezone: string | undefined, onProgress?: (bytesRead: number, totalBytes: number) => void, hints: MetricReadHints = {}): Promise<MetricLoad> {
    const slaPath = uriToPath(slaUri);
    if (!slaPath) return { ok: false, reason: 'invalid', message: 'the SLA is not a file on disk, so its metric paths cannot be resolved' };
    const resolved = resolveMetricPath(slaPath, spec.file, this.roots());
    if (!resolved.ok) return { ok: false, reason: resolved.reason, message: resolved.message };
    let stat;
    try {
      stat = statSync(resolved.path);
    } catch (error) {
      return { ok: false, reason: 'unreadable', message: `\`${spec.file}\` cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    const durations = hints.valuesAreDurations === true;
    const key = JSON.stringify([resolved.path, spec, timezone ?? 'UTC', durations]);
    let entry = this.cache.get(key);
    if (!entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs) {
      this.reads++;
      entry = { size: stat.size, mtimeMs: stat.mtimeMs, data: readMetric(resolved.path, spec, { timezone, onProgress, valuesAreDurations: durations }) };
      this.cache.delete(key);
      this.cache.set(key, entry);
      while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    }
    try {
      return { ok: true, data: await entry.data, path: resolved.path };
    } catch (error) {
      this.cache.delete(key);
      if (error instanceof MetricFileError) return { ok: false, reason: error.reason, message: `\`${spec.file}\`: ${error.message}`, ...(error.column !== undefined ? { column: error.column } : {}) };
      return { ok: false, reason: 'unreadable', message: `\`${spec.file}\` cannot be read: ${(error as Error).message}` };
    }
  }

  async listFiles(slaUri: string): Promise<string[]> {
    const slaPath = uriToPath(slaUri);
    return slaPath ? listMetricFiles(slaPath, this.roots()) : [];
  }

  async columns(slaUri: string, spec: Pick<MetricSourceSpec, 'file' | 'format' | 'delimiter'>): Promise<string[] | undefined> {
    const slaPath = uriToPath(slaUri);
    return slaPath ? readMetricColumns(slaPath, spec, this.roots()) : undefined;
  }

  /** Forget cached reads (e.g. after a file event for a metric file). */
  invalidate(): void {
    this.cache.clear();
  }
}
