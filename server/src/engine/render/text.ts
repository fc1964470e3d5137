/** The compliance report as a plain-text table (values rounded for reading; the JSON is exact). */
import type { SlaReport } from '../report';
import { escapeStrings } from './escape';
import { baselineText, breachValue, droppedText, filteredText, repeatedText, segmentRows, shownWindows, statusWord, summaryLine, verdictText, windowNotes, windowValue } from './common';
import { summaryHeadline, summaryRows } from './summary';
import { obligationRows } from './obligations';
import { zonedInstant } from './zonedInstant';

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length))).join('  ').trimEnd());
}

export function renderText(input: SlaReport[]): string {
  // Strings come from the SLA and the data: control characters (terminal escapes, CR, newlines)
  // are printed as visible escapes (render/escape.ts), so every line says what the file says.
  const reports = escapeStrings(input);
  const out: string[] = [];
  // Several SLAs (a folder): where each objective stands, first.
  if (reports.length > 1) {
    out.push(`Summary: ${summaryHeadline(reports)}`, '');
    out.push(...table([['SLA', 'OBJECTIVE', 'STATUS', 'LATEST', 'TARGET', 'WINDOW', 'BUDGET LEFT'], ...summaryRows(reports).map((r) => [r.sla, r.objective, r.status, r.value, r.target, r.window, r.budget])]));
    out.push('', '');
  }
  for (const report of reports) {
    out.push(`SLA ${report.sla}${report.title ? ` — ${report.title}` : ''}`);
    out.push(`file ${report.file}, as of ${zonedInstant(report.asOf, report.timezone)}: ${summaryLine(report)}`);
    out.push('');
    const rows = [['OBJECTIVE', 'INDICATOR', 'TARGET', 'WINDOW', 'VALUE', 'STATUS']];
    for (const o of report.objectives) {
      const w = o.windows[o.windows.length - 1];
      rows.push([o.id, o.indicator, o.sliceTarget ? `${o.target}, slices ${o.sliceTarget}` : o.target, w?.label ?? '-', w ? windowValue(o, w) : 'n/a', w ? statusWord(w) : 'no-data']);
    }
    out.push(...table(rows));
    for (const o of report.objectives) {
      out.push('', `${o.id} (${o.window ?? 'no window'}, target ${o.sliceTarget ?? o.target}): ${verdictText(o)}`);
      if (o.problem) out.push(`  problem: ${o.problem}`);
      const { hidden, windows } = shownWindows(o);
      if (hidden) out.push(`  (${hidden} earlier window${hidden === 1 ? '' : 's'} without data)`);
      const dropped = droppedText(o);
      if (dropped) out.push(`  (${dropped})`);
      const wrows = windows.map((w) => ['  ' + w.label, windowValue(o, w), statusWord(w), `${w.observations} obs`, windowNotes(w)]);
      if (wrows.length) out.push(...table(wrows));
      const segments = segmentRows(o);
      if (segments.length) {
        out.push(`  per ${o.segmentsBy} (require ${o.segmentsRequire ?? 'all'}), latest window:`);
        out.push(...table(segments.map(([name, ...rest]) => ['    ' + name, ...rest])));
      }
      const b = baselineText(o);
      if (b) out.push(`  ${b}`);
      const r = repeatedText(o);
      if (r) out.push(`  repeated: ${r}`);
    }
    out.push('');
    out.push(report.breaches.length ? `Breaches: ${report.breaches.map((b) => `${b.objective} ${b.window} (${breachValue(report, b)})`).join(', ')}` : 'Breaches: none');
    out.push(report.credits.length ? `Service credits: ${report.credits.map((c) => `${c.objective} ${c.window}: ${c.credit}`).join(', ')}` : 'Service credits: none');
    const obligations = obligationRows(report);
    if (obligations.length) {
      out.push(`Obligations (${obligations.length}, from final breaches; due in ${report.timezone}):`);
      out.push(...table([['  DUE', 'OBJECTIVE', 'WINDOW', 'KIND', 'WHAT'], ...obligations.map((r) => ['  ' + (r.due ? `${r.due}${r.overdue ? ' OVERDUE' : ''}` : '-'), r.objective, r.window, r.kind, r.what])]));
    }
    const issues = Object.entries(report.dataIssueCounts).filter(([, n]) => n > 0);
    if (issues.length) {
      out.push(`Data issues: ${issues.map(([m, n]) => `${m} ${n}`).join(', ')}`);
      for (const d of report.dataIssues) out.push(`  ${d.metric} ${issueWhere(d)}: ${d.problem}`);
    }
    const filtered = filteredText(report);
    if (filtered) out.push(filtered);
    for (const e of report.metricErrors ?? []) out.push(`Metric ${e.metric} unavailable: ${e.message}`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** Where a data issue is: a file's line, or a series and its instants (spec §10). */
export function issueWhere(d: { line?: number; series?: string; from?: string; to?: string }): string {
  // Line 0: the metric as a whole (a missing column or label, a cap), not one of its rows — a file
  // or a Prometheus selector alike.
  if (d.line !== undefined) return d.line > 0 ? `line ${d.line}` : '(whole metric)';
  return `${d.series ?? 'series'}${d.from ? ` ${d.to ? `${d.from} → ${d.to}` : `at ${d.from}`}` : ''}`;
}
