/**
 * The findings that need the linked metric files (spec §7): SLA115 (missing, unreadable, outside the
 * workspace, a column absent), SLA114 (timestamps without offset) and SLA102 for naive timestamps
 * without `period.timezone`. Asynchronous: the host runs them after a short delay, off the request
 * path, and the findings (placed by path) join the next validation of the document.
 */
import type { MetricSourceSpec } from '../../engine/metrics/types';
import type { SlaDoc } from '../parse';
import type { MetricAccess } from './dataAccess';
import type { FindingSpec, Sla } from './rule';

const COLUMN_FIELDS = ['timestamp', 'value', 'total', 'goodCount', 'samples', 'dataset'] as const;

export async function lintData(doc: SlaDoc, slaUri: string, access: MetricAccess): Promise<FindingSpec[]> {
  const sla = doc.value as Sla | undefined;
  if (!sla || typeof sla !== 'object' || !sla.metrics || typeof sla.metrics !== 'object') return [];
  const out: FindingSpec[] = [];
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const calendar = (Array.isArray(sla.objectives) ? sla.objectives : []).some((o: any) => typeof o?.window?.calendar === 'string');
  const users = (id: string) => (Array.isArray(sla.objectives) ? sla.objectives : []).filter((o: any) => o?.metric === id).map((o: any) => `\`${o.id}\``);
  for (const [id, raw] of Object.entries<any>(sla.metrics)) {
    if (!raw || typeof raw !== 'object' || typeof raw.file !== 'string' || typeof raw.timestamp !== 'string') continue;
    const spec = raw as MetricSourceSpec;
    const used = users(id);
    const consequence = used.length ? `; ${used.join(', ')} cannot be checked` : '';
    const load = await access.load(slaUri, spec, timezone);
    if (!load.ok) {
      out.push({ code: 'SLA115', message: `metric \`${id}\`: ${load.message}${consequence}.`, at: { path: ['metrics', id, 'file'], as: 'value' } });
      continue;
    }
    const { data } = load;
    for (const column of data.missingColumns) {
      const field = COLUMN_FIELDS.find((f) => spec[f] === column) ?? (spec.good?.trim().startsWith(column) ? 'good' : undefined);
      const header = data.header ? ` (columns: ${data.header.slice(0, 8).join(', ')}${data.header.length > 8 ? ', …' : ''})` : '';
      out.push({
        code: 'SLA115',
        message: `metric \`${id}\`: column \`${column}\` is not in \`${spec.file}\`${header}${consequence}.`,
        at: { path: ['metrics', id, field ?? 'file'], as: 'value' },
      });
    }
    if (data.naive && data.naive.count > 0) {
      const zone = timezone ?? 'UTC';
      out.push({
        code: 'SLA114',
        message: `metric \`${id}\`: ${data.naive.count === 1 ? '1 timestamp' : `${data.naive.count} timestamps`} in \`${spec.file}\` ${data.naive.count === 1 ? 'has' : 'have'} no UTC offset (first on line ${data.naive.firstLine}); ${timezone ? `they are read as ${zone} wall time, and a reader who assumes UTC puts them hours away` : 'without `period.timezone` they are read as UTC, and a reader who assumes local time puts them hours away'}. Export timestamps with \`Z\` or an offset.`,
        at: { path: ['metrics', id, 'timestamp'], as: 'value' },
      });
      if (!timezone && !calendar) {
        out.push({
          code: 'SLA102',
          message: `metric \`${id}\` has timestamps without offset but the SLA has no \`period.timezone\`: whose wall clock are they? The tool reads them as UTC; set \`period.timezone\`.`,
          at: { path: ['period', 'timezone'], as: 'key' },
        });
      }
    }
  }
  return out;
}
