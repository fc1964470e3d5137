/**
 * The compliance report of an SLA document (spec §8) for the editor: the same engine as
 * `model-sla report`, fed by the host's metric access (workspace containment + cache), so an edit of
 * a target re-computes without re-reading any file. Used by the server's `modelSla/compliance` and
 * code lenses.
 *
 * Responsiveness: on a large SLA (thousands of objectives) the report is minutes of computation.
 * It is built as steps (engine/report.ts `reportSteps`, and the series below one evaluation per
 * step); with `sliceMs` the steps run in time slices that hand the event loop back in between (so a
 * server keeps answering, reads `$/cancelRequest` and `didChange`), and `shouldStop` is asked at
 * each slice's end: a reason stops the computation with a `ComplianceStopped` error. Without
 * `sliceMs` (the CLI) the steps run straight through.
 *
 * Clipping (spec §9): the preview's series follow the report — the rolling series evaluates each
 * point's window inside the period only, from the first instant a whole window fits the data inside
 * the period; the slice series shows the latest window's slices inside the period up to asOf.
 */
import { segmentColumnOf } from '../engine/segments';
import { isPrometheusSpec, specLabel, type MetricSourceSpec, type MetricSpec } from '../engine/metrics/types';
import { valuesAreDurations } from '../engine/metrics/valueUnit';
import { NotStreamed } from '../engine/stream/answers';
import { streamPlan, type StreamPlan } from '../engine/stream/plan';
import { StreamPlans } from './streamPlans';
import { evaluatedMetrics, objectiveData, reportDataAsOf, reportSteps, type MetricInput, type SeriesPoint, type SlaReport } from '../engine/report';
import type { PreviewReport } from '../protocol/previewReport';
import { slaReadRange, slaSpan } from '../engine/dataRange';
import { evaluateInterval } from '../engine/evaluate';
import { baselineBounds, periodBounds } from '../engine/windows';
import { parseDuration } from '../facts/quantities';
import { readHints, type MetricAccess } from './lint/dataAccess';
import type { SlaDoc, SlaFile } from './parse';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { syntaxDiagnostics } from './validation/syntax';
import { missingColumns } from './metricColumns';
import { runSteps, stopIfAsked, WorkStopped, type StepOptions, type StopReason, type Steps } from './steps';

export { WorkStopped as ComplianceStopped, runSteps, type StopReason } from './steps';

export interface ComplianceOptions extends StepOptions {
  file: string;
  asOf?: number;
  /** Add the preview's charts data (rolling value over time, per-slice values); off for code lenses. */
  series?: boolean;
  /** Called while a metric file is read (long first loads); `file` as the SLA names it. */
  onProgress?: (metric: string, bytesRead: number, totalBytes: number, file: string) => void;
  /**
   * Read large metric files as aggregates, not rows, where the SLA allows it (engine/stream: the
   * report without series); any question the aggregates cannot answer reads the rows instead. With
   * StreamPlans (a run over several SLAs), a file's plan is the union of all their plans for it.
   */
  stream?: boolean | StreamPlans;
}

export async function complianceReports(file: SlaFile, access: MetricAccess, options: ComplianceOptions): Promise<SlaReport[]> {
  const stop = () => stopIfAsked(options);
  stop();
  const reports: SlaReport[] = [];
  for (const doc of file.docs) {
    const broken = syntaxErrorReport(file, doc, options.file);
    if (broken) { reports.push(broken); continue; }
    const sla = doc.value as Record<string, any> | undefined;
    if (!sla || typeof sla !== 'object' || Array.isArray(sla) || doc.valueError) continue;
    const metrics = await loadMetrics(sla, file.uri, access, options);
    await reloadForAsOf(sla, file.uri, access, metrics, options);
    stop();
    reports.push(await runSteps(documentSteps(sla, metrics, options), options));
  }
  return reports;
}

/**
 * A document with a YAML syntax error, as a report without objectives that names the error's line:
 * the preview shows the SLA and says why it has no results, rather than dropping it silently.
 */
export function syntaxErrorReport(file: SlaFile, doc: SlaDoc, fileName: string): SlaReport | undefined {
  const first = doc.yaml.errors.length || doc.valueError ? syntaxDiagnostics(file, doc).find((d) => d.severity === DiagnosticSeverity.Error) : undefined;
  if (!first) return undefined;
  const value = doc.value as { metadata?: { name?: unknown; title?: unknown } } | undefined;
  const meta = value && typeof value === 'object' && !Array.isArray(value) && value.metadata && typeof value.metadata === 'object' ? value.metadata : {};
  const report: SlaReport = {
    sla: typeof meta.name === 'string' ? meta.name : `document ${doc.index + 1}`,
    file: fileName, asOf: '', objectives: [], credits: [], breaches: [], obligations: [], dataIssues: [], dataIssueCounts: {}, timezone: 'UTC',
    syntaxError: { line: first.range.start.line + 1, message: String(first.message) },
  };
  if (typeof meta.title === 'string') report.title = meta.title;
  return report;
}

interface Waiter<T> {
  shouldStop?: () => StopReason | undefined;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

interface Run<T> {
  waiters: Set<Waiter<T>>;
}

/**
 * Compliance computations shared between the requests that need the same one (the code lenses and
 * the preview ask for the same document version at once; both then wait for one computation), and
 * the latest result per document kept for the next request. A computation runs in time slices; at
 * each slice's end every waiter's `shouldStop` is asked: a waiter that wants to stop is rejected at
 * once (ComplianceStopped), and when none is left the computation itself stops. Owned by the
 * language service (no module state).
 */
export class ComplianceRuns {
  private readonly running = new Map<string, Run<unknown>>();
  /** Per document: the results of its latest computed version, by key. */
  private readonly latest = new Map<string, { version: number; results: Map<string, unknown> }>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  /** A stable id per metric data object (a re-read file is a new object): part of a result's key. */
  identity(x: object | undefined): number {
    if (!x) return 0;
    let id = this.ids.get(x);
    if (id === undefined) this.ids.set(x, (id = this.nextId++));
    return id;
  }

  /**
   * The result of `make()`'s steps for `key` of document `uri` at `version`: kept from before,
   * shared with a computation already running, or computed now. No key: computed, not kept.
   */
  run<T>(uri: string, version: number, key: string | undefined, make: () => Steps<T>, options: StepOptions): Promise<T> {
    const stop = options.shouldStop?.();
    if (stop) return Promise.reject(new WorkStopped(stop));
    if (key === undefined) return runSteps(make(), options);
    const kept = this.latest.get(uri);
    if (kept && kept.version === version && kept.results.has(key)) return Promise.resolve(kept.results.get(key) as T);
    const runKey = `${uri}\n${version}\n${key}`;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { shouldStop: options.shouldStop, resolve, reject };
      const existing = this.running.get(runKey) as Run<T> | undefined;
      if (existing) { existing.waiters.add(waiter); return; }
      const run: Run<T> = { waiters: new Set([waiter]) };
      this.running.set(runKey, run as Run<unknown>);
      const check = (): StopReason | undefined => {
        for (const w of [...run.waiters]) {
          const reason = w.shouldStop?.();
          if (reason) { run.waiters.delete(w); w.reject(new WorkStopped(reason)); }
        }
        return run.waiters.size === 0 ? 'cancelled' : undefined;
      };
      runSteps(make(), { sliceMs: options.sliceMs, yieldNow: options.yieldNow, shouldStop: check }).then((value) => {
        this.running.delete(runKey);
        let entry = this.latest.get(uri);
        if (!entry || entry.version < version) this.latest.set(uri, (entry = { version, results: new Map() }));
        if (entry.version === version) {
          entry.results.set(key, value);
          // A few results per version (base and series, a changed metric file): the oldest go first.
          while (entry.results.size > 6) entry.results.delete(entry.results.keys().next().value as string);
        }
        for (const w of run.waiters) w.resolve(value);
      }, (error) => {
        this.running.delete(runKey);
        for (const w of run.waiters) w.reject(error);
      });
    });
  }

  /** Forget a closed document's results. */
  forget(uri: string): void {
    this.latest.delete(uri);
  }
}

/**
 * complianceReports with shared runs and kept results (see ComplianceRuns): what the language
 * service's `compliance` calls. The base report (no series) is shared between the code lenses and
 * the preview; the preview's series are computed on top of it into a copy.
 */
export async function sharedComplianceReports(runs: ComplianceRuns, file: SlaFile, version: number, access: MetricAccess, options: ComplianceOptions): Promise<SlaReport[]> {
  const stop = () => stopIfAsked(options);
  stop();
  const reports: SlaReport[] = [];
  for (const doc of file.docs) {
    const broken = syntaxErrorReport(file, doc, options.file);
    if (broken) { reports.push(broken); continue; }
    const sla = doc.value as Record<string, any> | undefined;
    if (!sla || typeof sla !== 'object' || Array.isArray(sla) || doc.valueError) continue;
    reports.push(...await withRowsIfNeeded(options, (opts) => sharedDocumentReports(runs, file, version, access, sla, doc.index, opts)));
  }
  return reports;
}

/**
 * Runs `work` with the options given; when it streamed (options.stream) and met a question the
 * aggregates cannot answer (NotStreamed), runs it again reading rows.
 */
async function withRowsIfNeeded<T>(options: ComplianceOptions, work: (options: ComplianceOptions) => Promise<T>): Promise<T> {
  if (!options.stream || options.series !== false) return work({ ...options, stream: false });
  try {
    return await work(options);
  } catch (err) {
    if (!(err instanceof NotStreamed)) throw err;
    streamCounts.fallbacks++;
    streamCounts.lastFallback = err.message;
    return work({ ...options, stream: false });
  }
}

/** How many streamed reports fell back to rows (NotStreamed), and why the last did: for tests and benchmarks. */
export const streamCounts = { fallbacks: 0, lastFallback: '' };

async function sharedDocumentReports(runs: ComplianceRuns, file: SlaFile, version: number, access: MetricAccess, sla: Record<string, any>, index: number, options: ComplianceOptions): Promise<SlaReport[]> {
  const stop = () => stopIfAsked(options);
  const reports: SlaReport[] = [];
  const metrics = await loadMetrics(sla, file.uri, access, options);
  await reloadForAsOf(sla, file.uri, access, metrics, options);
  stop();
  const datas = Object.values(metrics).map((m) => (m?.ok ? m.data : undefined));
  // Without data and without asOf the report's asOf is "now": not kept.
  const keep = options.asOf !== undefined || datas.some((d) => d && d.rows > 0);
  const ids = Object.keys(metrics);
  const base = [index, options.file, options.asOf ?? '', ...ids.map((id, i) => `${id}:${runs.identity(datas[i])}`)].join('|');
  const report = await runs.run(file.uri, version, keep ? `${base}|base` : undefined, () => documentSteps(sla, metrics, { ...options, series: false }), options);
  if (options.series === false) { reports.push(report); return reports; }
  reports.push(await runs.run(file.uri, version, keep ? `${base}|series` : undefined, () => seriesSteps(report, sla, metrics), options));
  return reports;
}

/** A copy of a base report with the preview's series (the base report is shared, never changed). */
function* seriesSteps(base: SlaReport, sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>): Steps<PreviewReport> {
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const copy: PreviewReport = { ...base, objectives: base.objectives.map((o) => ({ ...o })) };
  const evaluated = seriesMetrics(sla, metrics, copy);
  yield* rollingSeries(copy, sla, evaluated, timezone);
  yield* sliceSeries(copy, sla, evaluated, timezone);
  return copy;
}

/**
 * The rows the series evaluate: the report's (far rows removed, engine/dataRange.ts), so that a
 * chart never shows a value from rows the verdicts left out. The period clips both the same way.
 */
function seriesMetrics(sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>, report: SlaReport): Record<string, MetricInput | undefined> {
  const period = periodBounds(sla.period && typeof sla.period === 'object' ? sla.period : undefined, report.timezone);
  const baseline = baselineBounds(sla.baseline && typeof sla.baseline === 'object' ? sla.baseline : undefined, report.timezone);
  return evaluatedMetrics(sla, metrics, slaSpan(period, baseline, report.timezone));
}

/**
 * A remote metric read as increases per cell (MetricData.cellsAsOf) is exact for the asOf it was
 * cut for; when the report's asOf is another (a second metric's latest sample is later, or none
 * was given and the cells were cut for an explicit one), it is read again for the report's.
 */
export async function reloadForAsOf(sla: Record<string, any>, slaUri: string, access: MetricAccess, metrics: Record<string, MetricInput | undefined>, options: Pick<ComplianceOptions, 'onProgress' | 'asOf'> & { origins?: boolean }): Promise<void> {
  const asOf = options.asOf ?? reportDataAsOf(sla, metrics);
  if (asOf === undefined) return;
  for (const [id, m] of Object.entries(metrics)) {
    if (!m || !m.ok || m.data.cellsAsOf === undefined || m.data.cellsAsOf === asOf) continue;
    const again = await loadMetrics(sla, slaUri, access, { ...options, asOf }, id);
    metrics[id] = again[id];
  }
}

/** Loads the metric files an SLA document links (through the host's access and its cache); only `only` when given. */
export async function loadMetrics(sla: Record<string, any>, slaUri: string, access: MetricAccess, options: Pick<ComplianceOptions, 'onProgress' | 'asOf' | 'stream'> & { origins?: boolean } = {}, only?: string): Promise<Record<string, MetricInput | undefined>> {
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const metrics: Record<string, MetricInput | undefined> = {};
  // Files one after another (two large files at once would double the peak memory); servers at
  // once (their work is on the server: while one answers, the other computes).
  const remote: Promise<void>[] = [];
  for (const [id, spec] of Object.entries<any>(sla.metrics && typeof sla.metrics === 'object' ? sla.metrics : {})) {
    if (only !== undefined && id !== only) continue;
    const prometheus = spec && typeof spec === 'object' && isPrometheusSpec(spec);
    if (!prometheus && (!spec || typeof spec.file !== 'string' || typeof spec.timestamp !== 'string')) {
      metrics[id] = { ok: false, reason: 'invalid', message: 'the metric source needs `file` and `timestamp`' };
      continue;
    }
    metrics[id] = undefined;
    if (prometheus) { remote.push(loadOne(id, spec, true)); continue; }
    await loadOne(id, spec, false);
  }
  await Promise.all(remote);
  return metrics;

  /** The aggregates a streamed read of metric `id` computes, when the SLA allows one (engine/stream/plan.ts). */
  function streamHint(id: string): { stream?: StreamPlan } {
    if (!options.stream) return {};
    const planned = streamPlan(sla, id, options.asOf);
    if (!planned.ok) return {};
    const united = options.stream instanceof StreamPlans ? options.stream.planFor(sla, slaUri, id) : undefined;
    return { stream: united ?? planned.plan };
  }

  async function loadOne(id: string, spec: any, prometheus: boolean): Promise<void> {
    // The column (a file) or label (Prometheus) an objective segments this metric by (spec §12) is read with it, in the same pass.
    const segment = segmentColumnOf(sla, id);
    if (segment !== undefined) spec = { ...spec, segment };
    const label = specLabel(spec as MetricSpec);
    const origins = options.origins ? { origins: true } : {};
    const load = await access.load(slaUri, spec as MetricSpec, timezone, options.onProgress && ((read, total) => options.onProgress!(id, read, total, label)), prometheus
      ? readHints(sla, id, { ...(options.asOf !== undefined ? { asOf: options.asOf } : {}), ...origins })
      : { valuesAreDurations: valuesAreDurations(sla, id), range: slaReadRange(sla), ...origins, ...streamHint(id) });
    // A column the SLA names is missing: the metric is not used (as SLA115 says), with the same words.
    const missing = load.ok && !prometheus ? missingColumns(spec as MetricSourceSpec, load.data) : [];
    metrics[id] = missing.length ? { ok: false, reason: 'columns', message: missing.map((m) => m.message).join('; ') } : load;
  }
}

/** The report of one SLA document as steps: the §8 report (credit tiers included), and the series when asked. */
export function* documentSteps(sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>, options: Pick<ComplianceOptions, 'file' | 'asOf' | 'series'>): Steps<PreviewReport> {
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const report: PreviewReport = yield* reportSteps(sla, { file: options.file, metrics, asOf: options.asOf });
  if (options.series === false) return report;
  const evaluated = seriesMetrics(sla, metrics, report);
  yield* rollingSeries(report, sla, evaluated, timezone);
  yield* sliceSeries(report, sla, evaluated, timezone);
  return report;
}

const DAY = 86_400_000;
const MAX_POINTS = 240;

/** The SLA's objectives by id (the first of a duplicated id): a lookup per objective stays linear. */
function specsById(sla: Record<string, any>): Map<unknown, any> {
  const out = new Map<unknown, any>();
  for (const o of Array.isArray(sla.objectives) ? sla.objectives : []) if (o && !out.has(o.id)) out.set(o.id, o);
  return out;
}

/** The period of the SLA as instants, in the report's zone. */
function periodOf(sla: Record<string, any>, report: SlaReport): { start?: number; end?: number } {
  const p = periodBounds(sla.period && typeof sla.period === 'object' ? sla.period : undefined, report.timezone);
  const out: { start?: number; end?: number } = {};
  if (p.start !== undefined) out.start = p.start;
  if (p.end !== undefined) out.end = p.end;
  return out;
}

/** The earliest timestamp at or after `from` (Infinity when none). */
function firstFrom(data: { rows: number; timestamps: Float64Array; sorted: boolean; minTime: number }, from: number | undefined): number {
  if (from === undefined || data.minTime >= from) return data.minTime;
  const ts = data.timestamps;
  if (data.sorted) {
    let lo = 0, hi = data.rows;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (ts[mid] < from) lo = mid + 1; else hi = mid; }
    return lo < data.rows ? ts[lo] : Infinity;
  }
  let min = Infinity;
  for (let i = 0; i < data.rows; i++) if (ts[i] >= from && ts[i] < min) min = ts[i];
  return min;
}

/**
 * Rolling objectives: the rolling value over time (the preview charts it), evaluated at steps of a
 * day or more from the first instant a full window fits the data inside the period, up to `asOf`.
 */
function* rollingSeries(report: PreviewReport, sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>, timezone: string | undefined): Steps<void> {
  const asOf = Date.parse(report.asOf);
  const period = periodOf(sla, report);
  const specs = specsById(sla);
  for (const objective of report.objectives) {
    const spec = specs.get(objective.id);
    const loaded = typeof spec?.metric === 'string' ? metrics[spec.metric] : undefined;
    if (!spec || typeof spec.window?.rolling !== 'string' || !loaded?.ok || loaded.data.rows === 0) continue;
    const duration = parseDuration(spec.window.rolling);
    if (!duration.ok) continue;
    const length = duration.value.normalized;
    const data = objectiveData(sla, spec, loaded.data);
    if (data.rows === 0) continue;
    const first = firstFrom(data, period.start) + length;
    if (!(first < asOf)) continue;
    const step = Math.max(DAY, Math.ceil((asOf - first) / MAX_POINTS / DAY) * DAY);
    const series: SeriesPoint[] = [];
    for (let at = asOf - Math.floor((asOf - first) / step) * step; at <= asOf; at += step) {
      const result = evaluateInterval(spec, data, { start: at - length, end: at }, { asOf: at, timezone, period });
      series.push({ at: new Date(at).toISOString(), value: result.value });
      yield;
    }
    objective.series = series;
  }
}

const MAX_SLICES = 10_000;

/**
 * Timeslices objectives: each slice's own value in the latest window (the preview charts it against
 * the per-slice `target`), inside the period up to `asOf`; the last 10,000 slices at most.
 */
function* sliceSeries(report: PreviewReport, sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>, timezone: string | undefined): Steps<void> {
  const asOf = Date.parse(report.asOf);
  const period = periodOf(sla, report);
  const specs = specsById(sla);
  for (const objective of report.objectives) {
    const spec = specs.get(objective.id);
    const loaded = typeof spec?.metric === 'string' ? metrics[spec.metric] : undefined;
    const latest = objective.windows[objective.windows.length - 1];
    if (!spec || spec.budgeting !== 'timeslices' || objective.series || !latest || !loaded?.ok || loaded.data.rows === 0) continue;
    const slice = parseDuration(typeof spec.slice === 'string' ? spec.slice : '');
    if (!slice.ok || !(slice.value.normalized > 0)) continue;
    const step = slice.value.normalized;
    const start = Date.parse(latest.start);
    const end = Math.min(Date.parse(latest.end), asOf, period.end ?? Infinity);
    // The grid stays aligned to the window's start; slices before the period are not shown.
    const firstSlice = period.start !== undefined && period.start > start ? Math.floor((period.start - start) / step) : 0;
    const count = Math.ceil((end - start) / step);
    const perSlice = { ...spec, budgeting: 'occurrences', window: undefined, minObservations: spec.minObservations };
    const data = objectiveData(sla, spec, loaded.data);
    const series: SeriesPoint[] = [];
    for (let i = Math.max(firstSlice, count - MAX_SLICES); i < count; i++) {
      const s = start + i * step;
      const result = evaluateInterval(perSlice, data, { start: s, end: Math.min(s + step, end) }, { asOf, timezone, period });
      series.push({ at: new Date(Math.max(s, period.start ?? s)).toISOString(), value: result.value });
      yield;
    }
    if (series.length >= 2) objective.series = series;
  }
}

/** Metric id → file URI, for the preview's links to data issues (only files inside the workspace). */
export function metricFileUris(file: SlaFile, resolve: (reference: string) => string | undefined): Record<string, string>[] {
  return file.docs.map((doc) => {
    const out: Record<string, string> = {};
    const metrics = (doc.value as any)?.metrics;
    if (!metrics || typeof metrics !== 'object') return out;
    for (const [id, spec] of Object.entries<any>(metrics)) {
      if (typeof spec?.file !== 'string') continue;
      const uri = resolve(spec.file);
      if (uri) out[id] = uri;
    }
    return out;
  });
}

const REFUSING_REPORT = new Set(['SLA001', 'SLA002', 'SLA003']);

/**
 * The diagnostics that refuse a report (and explain, and the Model SLA view's verdicts): errors of
 * YAML syntax, schema and references (SLA001–SLA003). Findings from data never do.
 */
export function reportRefusals<D extends { severity?: number; code?: number | string }>(diagnostics: D[]): D[] {
  return diagnostics.filter((d) => (d.severity ?? 1) === 1 && REFUSING_REPORT.has(String(d.code)));
}
