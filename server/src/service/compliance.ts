/**
 * The compliance report of an SLA document (spec §8) for the editor: the same engine as
 * `model-sla report`, fed by the host's metric access (workspace containment + cache), so an edit of
 * a target re-computes without re-reading any file. Used by the server's `modelSla/compliance`.
 */
import type { MetricSourceSpec } from '../engine/metrics/types';
import { buildReport, type MetricInput, type SlaReport } from '../engine/report';
import type { MetricAccess } from './lint/dataAccess';
import type { SlaFile } from './parse';

export async function complianceReports(file: SlaFile, access: MetricAccess, options: { file: string; asOf?: number }): Promise<SlaReport[]> {
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
      metrics[id] = await access.load(file.uri, spec as MetricSourceSpec, timezone);
    }
    reports.push(buildReport(sla, { file: options.file, metrics, asOf: options.asOf }));
  }
  return reports;
}
