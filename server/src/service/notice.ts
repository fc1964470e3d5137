/**
 * The notice of a window's final breaches (spec §8.2, engine/notice.ts) for every host: the SLA of a
 * parsed file, its report computed as `report` computes it, and — for an internal SLA's incident
 * brief — each breached objective's explanation (service/explain.ts; a segmented one's first missed
 * segment). The CLI (`model-sla notice`) and the editor's "Open notice" call this.
 */
import type { SlaFile } from './parse';
import type { MetricAccess } from './lint/dataAccess';
import { complianceReports } from './compliance';
import { explainWindow } from './explain';
import { noticeOf, type Notice } from '../engine/notice';
import { finalBreaches } from '../engine/obligations';
import type { Explanation } from '../engine/explain';

export interface NoticeOptions {
  /** The SLA file as reported. */
  file: string;
  window: string;
  objective?: string;
  /** Of a multi-document file: the SLA by `metadata.name`. */
  sla?: string;
  asOf?: number;
  relativePath?: (location: string) => string;
}

/** `nothing`: the window has no final breach (met, partial, provisional): nothing to notify, not an error. */
export type NoticeResult = { ok: true; notice: Notice } | { ok: false; message: string; nothing?: true };

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

export async function noticeFor(file: SlaFile, access: MetricAccess, options: NoticeOptions): Promise<NoticeResult> {
  const reports = await complianceReports(file, access, { file: options.file, asOf: options.asOf, series: false });
  // The documents, each with its report (a syntax error's report has no objectives).
  const pairs = file.docs.map((d, i) => ({ sla: isObj(d.value) ? d.value : {}, report: reports[i] })).filter((p) => p.report && !p.report.syntaxError);
  const named = pairs.filter((p) => options.sla === undefined || p.report.sla === options.sla);
  if (options.sla !== undefined && named.length === 0) return { ok: false, message: `no SLA named \`${options.sla}\`; the SLAs are ${pairs.map((p) => p.report.sla).join(', ')}` };
  const candidates = named.filter((p) => options.objective === undefined || p.report.objectives.some((o) => o.id === options.objective));
  if (options.objective !== undefined && candidates.length === 0) {
    return { ok: false, message: `no objective \`${options.objective}\`; the objectives are ${[...new Set(named.flatMap((p) => p.report.objectives.map((o) => o.id)))].join(', ')}` };
  }
  const breached = candidates.filter((p) => noticeOf(p.sla, p.report, options.window, options.objective).ok);
  if (breached.length > 1) return { ok: false, message: `${breached.length} SLAs of this file have breaches in ${options.window} (${breached.map((p) => p.report.sla).join(', ')}): say which with --sla NAME` };
  const chosen = breached[0] ?? candidates[0] ?? named[0];
  if (!chosen) return { ok: false, message: 'the file has no SLA to notify about' };
  const first = noticeOf(chosen.sla, chosen.report, options.window, options.objective);
  if (!first.ok || first.notice.kind !== 'incident-brief') return first;
  // The incident brief quotes each breach's explanation where `explain` has one.
  const explanations: Record<string, Explanation> = {};
  for (const b of first.notice.breaches) {
    const x = await explainWindow(file, access, {
      file: options.file, objective: b.objective, window: b.window, sla: chosen.report.sla, asOf: Date.parse(chosen.report.asOf), pickSegment: true,
      ...(options.relativePath ? { relativePath: options.relativePath } : {}),
    });
    if (x.ok) explanations[b.objective] = x.explanation;
  }
  return noticeOf(chosen.sla, chosen.report, options.window, options.objective, explanations);
}

/** The final breaches of every SLA of the file, latest first (what a notice can be written for: the editor's pick list). */
export async function finalBreachesFor(file: SlaFile, access: MetricAccess, options: Pick<NoticeOptions, 'file' | 'asOf'>): Promise<{ sla: string; objective: string; window: string; finalAt: string }[]> {
  const reports = await complianceReports(file, access, { file: options.file, asOf: options.asOf, series: false });
  const out = file.docs.flatMap((d, i) => {
    const report = reports[i];
    if (!report || report.syntaxError || !isObj(d.value)) return [];
    return finalBreaches(d.value, report).map((b) => ({ sla: report.sla, objective: b.objective, window: b.window, finalAt: new Date(b.finalAt).toISOString() }));
  });
  return out.sort((a, b) => (a.finalAt < b.finalAt ? 1 : a.finalAt > b.finalAt ? -1 : 0));
}
