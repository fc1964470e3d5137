/**
 * `explain` (spec §8.1) for every host: the SLA of a parsed file that has the objective, its metrics
 * loaded with their rows' origins (a file line, a series sample), the report computed as `report`
 * computes it with the one window asked for traced, then the explanation (engine/explain.ts). The
 * window is named by its §9 label (`2026-09`, `2026-W45`, …) or `latest`; an unknown one is an error
 * that lists the labels there are.
 */
import type { SlaFile } from './parse';
import type { MetricAccess } from './lint/dataAccess';
import { loadMetrics, reloadForAsOf } from './compliance';
import { reportSteps } from '../engine/report';
import { explanationOf, type Explanation } from '../engine/explain';
import { runSteps, type StepOptions } from './steps';

export interface ExplainOptions extends StepOptions {
  /** The SLA file as reported. */
  file: string;
  objective: string;
  /** A window label, or `latest`. */
  window: string;
  asOf?: number;
  /** Of a multi-document file: the SLA by `metadata.name` (default: the first with the objective). */
  sla?: string;
  /** Of a segmented objective (spec §12): the segment whose window is explained. */
  segment?: string;
  /**
   * Without `segment`, of a segmented objective: explain the window's first segment that missed
   * (else the first with data) instead of asking for one — the editor's choice; the CLI asks.
   */
  pickSegment?: boolean;
  /** A loaded metric's location (its resolved path) as the evidence names it: relative to the workspace root. */
  relativePath?: (location: string) => string;
  onProgress?: (metric: string, bytesRead: number, totalBytes: number, file: string) => void;
}

export type ExplainResult = { ok: true; explanation: Explanation } | { ok: false; message: string };

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

export async function explainWindow(file: SlaFile, access: MetricAccess, options: ExplainOptions): Promise<ExplainResult> {
  const all = file.docs.map((d) => d.value).filter(isObj);
  const names = all.map((d) => String(d.metadata?.name ?? ''));
  const docs = all.filter((sla) => options.sla === undefined || sla.metadata?.name === options.sla);
  if (options.sla !== undefined && docs.length === 0) return { ok: false, message: `no SLA named \`${options.sla}\`; the SLAs are ${names.join(', ')}` };
  const having = docs.filter((d) => Array.isArray(d.objectives) && d.objectives.some((o: unknown) => isObj(o) && o.id === options.objective));
  // One id in two documents of a file: which one is meant must be said, not guessed.
  if (having.length > 1) return { ok: false, message: `the objective \`${options.objective}\` is in ${having.length} SLAs of this file (${having.map((d) => String(d.metadata?.name ?? '')).join(', ')}): say which with --sla NAME` };
  const sla = having[0];
  if (!sla) {
    const ids = docs.flatMap((d) => (Array.isArray(d.objectives) ? d.objectives.filter(isObj).map((o: Record<string, any>) => String(o.id)) : []));
    return { ok: false, message: `no objective \`${options.objective}\`${options.sla ? ` in the SLA ${options.sla}` : ''}${ids.length ? `; the objectives are ${ids.join(', ')}` : ''}` };
  }
  const metrics = await loadMetrics(sla, file.uri, access, { asOf: options.asOf, onProgress: options.onProgress, origins: true });
  await reloadForAsOf(sla, file.uri, access, metrics, { asOf: options.asOf, onProgress: options.onProgress, origins: true });
  const report = await runSteps(reportSteps(sla, { file: options.file, metrics, asOf: options.asOf, explain: { objective: options.objective, window: options.window, ...(options.segment !== undefined ? { segment: options.segment } : {}) } }), options);
  const objective = report.objectives.find((o) => o.id === options.objective);
  const fileOf = (metric: string): string | undefined => {
    const m = metrics[metric] as { ok: boolean; path?: string } | undefined;
    const spec = sla.metrics?.[metric];
    if (m?.ok && typeof m.path === 'string' && isObj(spec) && typeof spec.file === 'string') return options.relativePath ? options.relativePath(m.path) : spec.file;
    return isObj(spec) && typeof spec.file === 'string' ? spec.file : undefined;
  };
  if (options.segment !== undefined && objective && !objective.segments && !objective.problem) {
    return { ok: false, message: `objective ${options.objective} is not judged per segment: leave --segment out` };
  }
  const explanation = explanationOf(report, fileOf);
  if (explanation) return { ok: true, explanation };
  // A segmented objective's combined window has no value of its own: one segment's has (spec §12).
  if (objective?.segments && options.segment === undefined && options.pickSegment) {
    const w = options.window === 'latest' ? objective.windows[objective.windows.length - 1] : objective.windows.find((x) => x.label === options.window);
    const withData = objective.segments.find((s) => s.windows.some((x) => x.label === w?.label && x.status !== 'no-data'));
    const segment = w?.breachedSegments?.[0] ?? withData?.value ?? objective.segments[0]?.value;
    if (w && segment !== undefined) return explainWindow(file, access, { ...options, window: w.label, segment, pickSegment: false });
  }
  if (objective?.segments) {
    const values = objective.segments.map((s) => s.value);
    return { ok: false, message: options.segment === undefined
      ? `objective ${options.objective} is judged per ${objective.segmentsBy ?? 'segment'}: explain one segment with --segment VALUE (${values.join(', ')})`
      : `objective ${options.objective} has no segment \`${options.segment}\`; its segments are ${values.join(', ')}` };
  }
  if (objective?.problem) return { ok: false, message: `objective ${options.objective}: ${objective.problem}` };
  const labels = objective?.windows.map((w) => w.label).filter(Boolean) ?? [];
  return { ok: false, message: `objective ${options.objective} has no window \`${options.window}\`${labels.length ? `; its windows are ${labels.length > 12 ? `${labels.slice(0, 6).join(', ')}, …, ${labels.slice(-3).join(', ')}` : labels.join(', ')} (or latest)` : ' (it has no windows: no data?)'}` };
}
