/**
 * Code lenses above each objective with its compliance status, from the same §8 report the preview
 * shows: "✓ met — p99 237.2 ms ≤ 400 ms (2026-10, so far)" or "✗ breached 1 of 3 windows — …".
 * Clicking one opens the preview at that objective.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { SlaReport } from '../engine/report';
import { formatValue } from '../engine/render/humanNumbers';
import { rangeOf, type SlaFile } from './parse';
import { keySpan } from './yamlAst';

export const SHOW_PREVIEW_COMMAND = 'modelSla.showPreviewToSide';


export function complianceLenses(file: SlaFile, reports: SlaReport[]): CodeLens[] {
  const lenses: CodeLens[] = [];
  let reportIndex = 0;
  for (const doc of file.docs) {
    // A document with a syntax error has a report without objectives (compliance.ts syntaxErrorReport): no lenses.
    if (doc.yaml.errors.length || doc.valueError) { if (reports[reportIndex]?.syntaxError) reportIndex++; continue; }
    const sla = doc.value as Record<string, any> | undefined;
    if (!sla || typeof sla !== 'object' || Array.isArray(sla)) continue;
    const report = reports[reportIndex++];
    if (!report) continue;
    const objectives: any[] = Array.isArray(sla.objectives) ? sla.objectives : [];
    // By id, the first of a duplicated id (as find did): thousands of objectives stay linear.
    const byId = new Map<string, SlaReport['objectives'][number]>();
    for (const o of report.objectives) if (!byId.has(o.id)) byId.set(o.id, o);
    objectives.forEach((objective, index) => {
      const result = typeof objective?.id === 'string' ? byId.get(objective.id) : undefined;
      const span = keySpan(doc.yaml, ['objectives', index]);
      if (!result || !span) return;
      const windows = result.windows.filter((w) => w.status !== 'no-data');
      const latest = result.windows[result.windows.length - 1];
      const label = latest ? ((latest as { label?: string }).label ?? latest.start.slice(0, 10)) : '';
      const soFar = latest?.partial ? ', so far' : '';
      const what = typeof objective.percentile === 'string' ? `${objective.percentile} ` : '';
      // A timeslice budget's value (the good-slice share) is compared with `sliceTarget`.
      const compared = result.sliceTarget ?? result.target;
      const value = latest && latest.value !== null ? `${what}${formatValue(latest.value, latest.unit, compared, latest.status)} vs ${compared}` : 'no value';
      const breached = windows.filter((w) => w.status === 'breached').length;
      const title = result.status === 'met'
        ? `✓ met — ${value} (${label}${soFar})${breached ? ` · breached ${breached} of ${windows.length} windows` : ''}`
        : result.status === 'breached'
          ? `✗ breached ${breached} of ${windows.length} window${windows.length === 1 ? '' : 's'} — ${value} (${label}${soFar})`
          : `○ no data${latest ? ` (${label}${soFar})` : ''}`;
      lenses.push({
        range: rangeOf(file, span[0], span[1]),
        command: { title, command: SHOW_PREVIEW_COMMAND, arguments: [file.uri, result.id] },
      });
    });
  }
  return lenses;
}
