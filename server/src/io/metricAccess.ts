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
import { isPrometheusSpec, specLabel, type MetricData, type MetricSourceSpec, type MetricSpec, type PrometheusMetricSpec } from '../engine/metrics/types';
import type { PrometheusServer } from '../service/prometheusServers';
import { PrometheusClient } from './prometheus/client';
import { tokenEnvAllowed } from './prometheus/tokenEnv';
import { PrometheusMetricSource, type PrometheusSourceOptions } from './sources/prometheusSource';
import type { MetricSource } from '../engine/sources/metricSource';
import type { MetricAccess, MetricLoad, MetricReadHints } from '../service/lint/dataAccess';
import type { NamesRequest } from '../service/selectorCompletion';
import type { SeriesInfo, SeriesInfoRequest } from '../service/selectorHover';
import { scrapeInterval } from '../engine/prometheus/counters';
import { boundaryOf } from '../engine/prometheus/histogram';
import { seriesText } from '../engine/sources/origins';
import { FileMetricSource } from './sources/fileSource';
import { resolveMetricPath, uriToPath } from './workspacePaths';
import { listMetricFiles, readMetricColumns } from './metricFileHints';

/** A metric spec of an SLA resolved to the source that delivers its data, or why it cannot be used. */
export type SourceResolution =
  | { ok: true; source: MetricSource }
  | { ok: false; reason: string; message: string };

export type ResolveSource = (slaUri: string, spec: MetricSpec, timezone: string | undefined, hints: MetricReadHints) => SourceResolution;

interface Entry { version: string | undefined; data: Promise<MetricData> }

export class SourceMetricAccess implements MetricAccess {
  private readonly cache = new Map<string, Entry>();
  /** Reads started (not served from the cache). */
  reads = 0;

  constructor(private readonly resolveSource: ResolveSource, private readonly maxEntries = 32) {}

  async load(slaUri: string, spec: MetricSpec, timezone: string | undefined, onProgress?: (done: number, total: number) => void, hints: MetricReadHints = {}): Promise<MetricLoad> {
    const resolved = this.resolveSource(slaUri, spec, timezone, hints);
    if (!resolved.ok) return { ok: false, reason: resolved.reason, message: resolved.message };
    const { source } = resolved;
    let identity;
    try {
      identity = await source.identify();
    } catch (error) {
      return { ok: false, reason: 'unreadable', message: `\`${specLabel(spec)}\` cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    // Rows with their origins are another read (they cost memory per row): cached apart.
    const key = `${identity.key}${hints.origins ? '#origins' : ''}${hints.stream ? `#stream:${JSON.stringify(hints.stream)}` : ''}`;
    let entry = this.cache.get(key);
    // An unknown version is never taken for the same.
    if (!entry || entry.version === undefined || entry.version !== identity.version) {
      this.reads++;
      entry = { version: identity.version, data: source.read({ ...(onProgress ? { onProgress } : {}), ...(hints.range ? { range: hints.range } : {}), ...(hints.origins ? { origins: true } : {}), ...(hints.stream ? { stream: hints.stream } : {}) }) };
      this.cache.delete(key);
      this.cache.set(key, entry);
      while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    }
    try {
      return { ok: true, data: await entry.data, path: identity.location };
    } catch (error) {
      if (this.cache.get(key) === entry) this.cache.delete(key);
      return loadFailure(isPrometheusSpec(spec) ? undefined : specLabel(spec), error);
    }
  }

  /** Forget cached reads (e.g. after a file event for a metric file). */
  invalidate(): void {
    this.cache.clear();
  }
}

/** The one wording of a source that could not be read: the SLA115 message. */
function loadFailure(label: string | undefined, error: unknown): MetricLoad {
  // A file's messages leave its name out (the caller's label says it); a server's name themselves.
  const prefix = label === undefined ? '' : `\`${label}\`: `;
  if (error instanceof MetricFileError) return { ok: false, reason: error.reason, message: `${prefix}${error.message}`, ...(error.column !== undefined ? { column: error.column } : {}) };
  return { ok: false, reason: 'unreadable', message: label === undefined ? (error as Error).message : `\`${label}\` cannot be read: ${(error as Error).message}` };
}

/**
 * Where Prometheus metrics (spec §10) are read from: the workspace's `servers:` (.model-sla.yaml),
 * the token for a server (the environment in the CLI, secret storage in the editor), and whether the
 * network may be used at all (VS Code Workspace Trust; the CLI always).
 */
export interface PrometheusAccess {
  servers: () => ReadonlyMap<string, PrometheusServer>;
  /** Entries of `servers:` that were refused, with why (SLA119 says it where the metric names one). */
  refused?: () => ReadonlyMap<string, string>;
  token?: (server: PrometheusServer) => string | undefined;
  network?: () => boolean;
  /** Per request (method and path, never a header), for the trace channel. */
  trace?: (line: string) => void;
  source?: PrometheusSourceOptions;
}

/** The CLI's token: the environment variable the server's `tokenEnv` names. */
export const tokenFromEnvironment = (server: PrometheusServer): string | undefined =>
  (server.tokenEnv && tokenEnvAllowed(server.tokenEnv) ? process.env[server.tokenEnv] || undefined : undefined);

/** The source of a Prometheus metric, or why there is none (SLA119's words). */
export function resolvePrometheus(spec: PrometheusMetricSpec, access: PrometheusAccess | undefined, hints: MetricReadHints): SourceResolution {
  const name = spec.prometheus.server;
  if (access?.network && !access.network()) {
    return { ok: false, reason: 'untrusted', message: `not read: this workspace is not trusted, and Model SLA reads Prometheus servers only in a trusted workspace` };
  }
  const server = typeof name === 'string' ? access?.servers().get(name) : undefined;
  const refused = !server && typeof name === 'string' ? access?.refused?.().get(name) : undefined;
  if (refused) {
    return { ok: false, reason: 'not-configured', message: `the server \`${name}\` in .model-sla.yaml cannot be used: ${refused}` };
  }
  if (!server) {
    const known = access ? [...access.servers().keys()] : [];
    return { ok: false, reason: 'not-configured', message: `the server \`${String(name)}\` is not configured: add it under \`servers:\` in .model-sla.yaml (url, and headers or tokenEnv if it needs them)${known.length ? `; configured: ${known.map((k) => `\`${k}\``).join(', ')}` : ''}` };
  }
  const client = new PrometheusClient(server, { token: access?.token?.(server), ...(access?.trace ? { trace: access.trace } : {}) });
  const options = { ...access?.source, ...(hints.range ? { range: hints.range } : {}), ...(hints.edges ? { edges: hints.edges } : {}), ...(hints.asOf !== undefined ? { asOf: hints.asOf } : {}), ...(typeof spec.segment === 'string' ? { segment: spec.segment } : {}) };
  return { ok: true, source: new PrometheusMetricSource(client, spec.prometheus, options, typeof spec.unit === 'string' ? spec.unit : undefined) };
}

/** How long completion's names from a server are used again, and how long completion waits for them. */
const NAMES_TTL_MS = 60_000;
const NAMES_TIMEOUT_MS = 2_000;

/** Metric files on disk (and Prometheus metrics, with `prometheus`), for the server and the CLI. */
export class NodeMetricAccess extends SourceMetricAccess {
  /** @param roots workspace folders (absolute paths); a metric path must stay inside the one holding the SLA */
  constructor(private readonly roots: () => string[], maxEntries = 32, private readonly prometheus?: PrometheusAccess) {
    super((slaUri, spec, timezone, hints) => {
      if (isPrometheusSpec(spec)) return resolvePrometheus(spec, prometheus, hints);
      const slaPath = uriToPath(slaUri);
      if (!slaPath) return { ok: false, reason: 'invalid', message: 'the SLA is not a file on disk, so its metric paths cannot be resolved' };
      const resolved = resolveMetricPath(slaPath, spec.file, roots());
      if (!resolved.ok) return { ok: false, reason: resolved.reason, message: resolved.message };
      return { ok: true, source: new FileMetricSource(resolved.path, spec, { timezone, valuesAreDurations: hints.valuesAreDurations === true }) };
    }, maxEntries);
  }

  /** The editor's quick questions to a server (completion, hover), by server and question. */
  private readonly asked = new Map<string, { at: number; answer: Promise<unknown> }>();

  /**
   * Asks `serverName` a quick question for the editor: only when trusted and configured, with a
   * short timeout and one try, the answer (or undefined on any failure) kept for a minute.
   */
  private askServer<T>(serverName: string, question: unknown, ask: (client: PrometheusClient, now: number) => Promise<T>): Promise<T | undefined> {
    const access = this.prometheus;
    if (!access || (access.network && !access.network())) return Promise.resolve(undefined);
    const server = access.servers().get(serverName);
    if (!server) return Promise.resolve(undefined);
    const key = JSON.stringify([server.url, server.headers, question]);
    const now = Date.now();
    const cached = this.asked.get(key);
    if (cached && now - cached.at < NAMES_TTL_MS) return cached.answer as Promise<T | undefined>;
    const client = new PrometheusClient({ ...server, timeoutMs: Math.min(server.timeoutMs, NAMES_TIMEOUT_MS) }, { token: access.token?.(server), tries: 1 });
    const answer = ask(client, now).catch(() => undefined);
    this.asked.set(key, { at: now, answer });
    while (this.asked.size > 200) this.asked.delete(this.asked.keys().next().value!);
    return answer;
  }

  prometheusNames(_slaUri: string, serverName: string, request: NamesRequest): Promise<string[] | undefined> {
    return this.askServer(serverName, ['names', request], async (client) => (await (request.kind === 'metric' ? client.labelValues('__name__')
      : request.kind === 'label' ? client.labelNames(request.match)
      : client.labelValues(request.label ?? '', request.match))).sort());
  }

  prometheusSeriesInfo(_slaUri: string, serverName: string, request: SeriesInfoRequest): Promise<SeriesInfo | undefined> {
    return this.askServer(serverName, ['info', request], async (client, now): Promise<SeriesInfo> => {
      const recent = await client.rangeSamples(request.selector, now - 600_000, now);
      let latest: SeriesInfo['latest'];
      for (const s of recent) {
        const i = s.t.length - 1;
        if (i >= 0 && (!latest || s.t[i] > latest.t)) latest = { t: s.t[i], v: s.v[i], series: seriesText({ __name__: request.selector.replace(/\{[\s\S]*$/, ''), ...s.labels }) };
      }
      const out: SeriesInfo = { series: recent.length };
      if (latest) out.latest = latest;
      const interval = scrapeInterval(recent.map((s) => s.t));
      if (interval !== undefined) out.intervalMs = interval;
      if (request.buckets) {
        const le = await client.labelValues('le', request.buckets);
        out.boundaries = le.map((t) => ({ t, b: boundaryOf(t) })).filter((x) => x.b !== undefined).sort((x, y) => x.b! - y.b!).map((x) => x.t);
      }
      return out;
    });
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
