/**
 * The compliance report of an SLA document (spec §8) for the editor: the same engine as
 * `model-sla report`, fed by the host's metric access (workspace containment + cache), so an edit of
 * a target re-computes without re-reading any file. Used by the server's `modelSla/compliance`.
 */
import type { MetricSourceSpec } from '../engine/metrics/types';
import { valuesAreDurations } from '../engine/metrics/valueUnit';
import { buildReport, type MetricInput, type SlaReport } from '../engine/report';
import { evaluateInterval } from '../engine/evaluate';
import { parseDuration } from './quantities';
import type { MetricAccess } from './lint/dataAccess';
import type { SlaFile } from './parse';
import { missingColumns } from './metricColumns';

export interface ComplianceOptions {
  file: string;
  asOf?: number;
  /** Add the preview's charts data (rolling value over time, per-slice values); off for code lenses. */
  series?: boolean;
  /** Called while a metric file is read (long first loads); `file` as the SLA names it. */
  onProgress?: (metric: string, bytesRead: number, totalBytes: number, file: string) => void;
}

export async function complianceReports(file: SlaFile, access: MetricAccess, options: ComplianceOptions): Promise<SlaReport[]> {
  const reports: SlaReport[] = [];
  for (const doc of file.docs) {
    const sla = doc.value as Record<string, any> | undefined;
    if (!sla || typeof sla !== 'object' || Array.isArray(sla) || doc.valueError) continue;
    const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
    const metrics: Record<string, MetricInput | undefined> = {};
    for (const [id, spec] of Object.entries<any>(sla.metrics && typeof sla.metrics === 'object' ? sla.metrics : {})) {
      if (!spec || typeof spec.file !== 'string' || typeof spec.timestamp !== 'string') {
        metrics[id] = { ok: false, reason: 'invalid', message: 'the metric source needs `file` and `timestamp`' };
        continue;
      }
      const load = await access.load(file.uri, spec as MetricSourceSpec, timezone, options.onProgress && ((read, total) => options.onProgress!(id, read, total, spec.file)), { valuesAreDurations: valuesAreDurations(sla, id) });
      // A column the SLA names is missing: the metric is not used (as SLA115 says), with the same words.
      const missing = load.ok ? missingColumns(spec as MetricSourceSpec, load.data) : [];
      metrics[id] = missing.length ? { ok: false, reason: 'columns', message: missing.map((m) => m.message).join('; ') } : load;
    }
    const report = buildReport(sla, { file: options.file, metrics, asOf: options.asOf });
    const withTiers = withCreditTiers(report, sla);
    reports.push(options.series === false ? withTiers : withSliceSeries(withRollingSeries(withTiers, sla, metrics, timezone), sla, metrics, timezone));
  }
  return reports;
}

const DAY = 86_400_000;
const MAX_POINTS = 240;

/**
 * Rolling objectives: the rolling value over time (the preview charts it), evaluated at steps of a
 * day or more from the first instant a full window fits the data up to `asOf`.
 */
function withRollingSeries(report: SlaReport, sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>, timezone: string | undefined): SlaReport {
  const asOf = Date.parse(report.asOf);
  const objectives: any[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  for (const objective of report.objectives as (SlaReport['objectives'][number] & { series?: unknown })[]) {
    const spec = objectives.find((o) => o?.id === objective.id);
    const loaded = typeof spec?.metric === 'string' ? metrics[spec.metric] : undefined;
    if (!spec || typeof spec.window?.rolling !== 'string' || !loaded?.ok || loaded.data.rows === 0) continue;
    const duration = parseDuration(spec.window.rolling);
    if (!duration.ok) continue;
    const length = duration.value.normalized;
    const first = loaded.data.minTime + length;
    if (!(first < asOf)) continue;
    const step = Math.max(DAY, Math.ceil((asOf - first) / MAX_POINTS / DAY) * DAY);
    const series: { at: string; value: number | null }[] = [];
    for (let at = asOf - Math.floor((asOf - first) / step) * step; at <= asOf; at += step) {
      const result = evaluateInterval(spec, loaded.data, { start: at - length, end: at }, { asOf: at, timezone });
      series.push({ at: new Date(at).toISOString(), value: result.value });
    }
    objective.series = series;
  }
  return report;
}

const MAX_SLICES = 10_000;

/**
 * Timeslices objectives: each slice's own value in the latest window (the preview charts it against
 * the per-slice `target`), up to `asOf`; the last 10,000 slices at most.
 */
function withSliceSeries(report: SlaReport, sla: Record<string, any>, metrics: Record<string, MetricInput | undefined>, timezone: string | undefined): SlaReport {
  const asOf = Date.parse(report.asOf);
  const objectives: any[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  for (const objective of report.objectives as (SlaReport['objectives'][number] & { series?: unknown })[]) {
    const spec = objectives.find((o) => o?.id === objective.id);
    const loaded = typeof spec?.metric === 'string' ? metrics[spec.metric] : undefined;
    const latest = objective.windows[objective.windows.length - 1];
    if (!spec || spec.budgeting !== 'timeslices' || objective.series || !latest || !loaded?.ok || loaded.data.rows === 0) continue;
    const slice = parseDuration(typeof spec.slice === 'string' ? spec.slice : '');
    if (!slice.ok) continue;
    const step = slice.value.normalized;
    const start = Date.parse(latest.start);
    const end = Math.min(Date.parse(latest.end), asOf);
    const count = Math.ceil((end - start) / step);
    const perSlice = { ...spec, budgeting: 'occurrences', window: undefined, minObservations: spec.minObservations };
    const series: { at: string; value: number | null }[] = [];
    for (let i = Math.max(0, count - MAX_SLICES); i < count; i++) {
      const s = start + i * step;
      const result = evaluateInterval(perSlice, loaded.data, { start: s, end: Math.min(s + step, end) }, { asOf, timezone });
      series.push({ at: new Date(s).toISOString(), value: result.value });
    }
    if (series.length >= 2) objective.series = series;
  }
  return report;
}

/** The preview shows each objective's credit tier table beside the credits owed. */
function withCreditTiers(report: SlaReport, sla: Record<string, any>): SlaReport {
  const credits: any[] = Array.isArray(sla.breach?.external?.serviceCredits) ? sla.breach.external.serviceCredits : [];
  for (const objective of report.objectives as (SlaReport['objectives'][number] & { creditTiers?: unknown })[]) {
    const entry = credits.find((c) => c?.objective === objective.id);
    if (!Array.isArray(entry?.tiers)) continue;
    objective.creditTiers = entry.tiers
      .filter((t: any) => t && (typeof t.below === 'string' || typeof t.below === 'number') && (typeof t.credit === 'string' || typeof t.credit === 'number'))
      .map((t: any) => ({ below: String(t.below), credit: String(t.credit) }));
  }
  return report;
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
