/**
 * Metric access for the linter and the engine (service/lint/dataAccess.ts `MetricAccess`), in two
 * layers:
 * - `SourceMetricAccess` works over any MetricSource (engine/sources/metricSource.ts): the host
 *   resolves a metric spec to a source (or refuses it: containment, configuration), then reads are
 *   cached by the source's identity — read again only when its `version` changed —, and every
 *   failure becomes one message, in one place, for the editor, `check` and `report` alike.
 * - `NodeMetricAccess`: metric files. Containment in the workspace (never read outside it), then a
 *   FileMetricSource (streaming reads); an edit of a target re-lints without re-reading, a changed
 *   file is read again.
 */
import { MetricFileError } from '../engine/metrics/errors';
import type { MetricData, MetricSourceSpec } from '../engine/metrics/types';
import type { MetricSource } from '../engine/sources/metricSource';
import type { MetricAccess, MetricLoad, MetricReadHints } from '../service/lint/dataAccess';
import { FileMetricSource } from './sources/fileSource';
import { resolveMetricPath, uriToPath } from './workspacePaths';
import { listMetricFiles, readMetricColumns } from './metricFileHints';

/** A metric spec of an SLA resolved to the source that delivers its data, or why it cannot be used. */
export type SourceResolution =
  | { ok: true; source: MetricSource }
  | { ok: false; reason: string; message: string };

export type ResolveSource = (slaUri: string, spec: MetricSourceSpec, timezone: string | undefined, hints: MetricReadHints) => SourceResolution;

interface Entry { version: string | undefined; data: Promise<MetricData> }

export class SourceMetricAccess implements MetricAccess {
  private readonly cache = new Map<string, Entry>();
  /** Reads started (not served from the cache). */
  reads = 0;

  constructor(private readonly resolveSource: ResolveSource, private readonly maxEntries = 32) {}

  async load(slaUri: string, spec: MetricSourceSpec, timezone: string | undefined, onProgress?: (done: number, total: number) => void, hints: MetricReadHints = {}): Promise<MetricLoad> {
    const resolved = this.resolveSource(slaUri, spec, timezone, hints);
    if (!resolved.ok) return { ok: false, reason: resolved.reason, message: resolved.message };
    const { source } = resolved;
    let identity;
    try {
      identity = await source.identify();
    } catch (error) {
      return { ok: false, reason: 'unreadable', message: `\`${spec.file}\` cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    const key = identity.key;
    let entry = this.cache.get(key);
    // An unknown version is never taken for the same.
    if (!entry || entry.version === undefined || entry.version !== identity.version) {
      this.reads++;
      entry = { version: identity.version, data: source.read({ ...(onProgress ? { onProgress } : {}) }) };
      this.cache.delete(key);
      this.cache.set(key, entry);
      while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    }
    try {
      return { ok: true, data: await entry.data, path: identity.location };
    } catch (error) {
      if (this.cache.get(key) === entry) this.cache.delete(key);
      return loadFailure(spec.file, error);
    }
  }

  /** Forget cached reads (e.g. after a file event for a metric file). */
  invalidate(): void {
    this.cache.clear();
  }
}

/** The one wording of a source that could not be read: the SLA115 message. */
function loadFailure(label: string, error: unknown): MetricLoad {
  if (error instanceof MetricFileError) return { ok: false, reason: error.reason, message: `\`${label}\`: ${error.message}`, ...(error.column !== undefined ? { column: error.column } : {}) };
  return { ok: false, reason: 'unreadable', message: `\`${label}\` cannot be read: ${(error as Error).message}` };
}

/** Metric files on disk, for the server and the CLI. */
export class NodeMetricAccess extends SourceMetricAccess {
  /** @param roots workspace folders (absolute paths); a metric path must stay inside the one holding the SLA */
  constructor(private readonly roots: () => string[], maxEntries = 32) {
    super((slaUri, spec, timezone, hints) => {
      const slaPath = uriToPath(slaUri);
      if (!slaPath) return { ok: false, reason: 'invalid', message: 'the SLA is not a file on disk, so its metric paths cannot be resolved' };
      const resolved = resolveMetricPath(slaPath, spec.file, roots());
      if (!resolved.ok) return { ok: false, reason: resolved.reason, message: resolved.message };
      return { ok: true, source: new FileMetricSource(resolved.path, spec, { timezone, valuesAreDurations: hints.valuesAreDurations === true }) };
    }, maxEntries);
  }

  async listFiles(slaUri: string): Promise<string[]> {
    const slaPath = uriToPath(slaUri);
    return slaPath ? listMetricFiles(slaPath, this.roots()) : [];
  }

  async columns(slaUri: string, spec: Pick<MetricSourceSpec, 'file' | 'format' | 'delimiter'>): Promise<string[] | undefined> {
    const slaPath = uriToPath(slaUri);
    return slaPath ? readMetricColumns(slaPath, spec, this.roots()) : undefined;
  }
}
