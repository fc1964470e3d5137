/** The compliance report as GitHub-flavoured Markdown (pull-request comments); every string from the SLA or the data through render/escape.ts. */
import type { SlaReport } from '../report';
import { baselineText, breachValue, droppedText, filteredText, repeatedText, segmentRows, shownWindows, statusWord, summaryLine, verdictText, windowNotes, windowValue } from './common';
import { obligationRows } from './obligations';
import { zonedInstant } from './zonedInstant';
import { summaryHeadline, summaryRows } from './summary';
import { escapeControl, escapeMarkdown as mdEscape } from './escape';

const ICON: Record<string, string> = { met: '✅', breached: '❌', 'no-data': '⚪' };

export function renderMarkdown(reports: SlaReport[]): string {
  const out: string[] = [];
  // Several SLAs (a folder): the pull-request comment opens with where each objective stands.
  if (reports.length > 1) {
    out.push('### Summary', '', `${summaryHeadline(reports)}.`, '', '| SLA | objective | status | latest | target | budget left |', '|---|---|---|---|---|---|');
    for (const r of summaryRows(reports)) {
      const icon = r.breached ? ICON.breached : r.status.startsWith('met') ? ICON.met : ICON['no-data'];
      out.push(`| \`${escapeControl(r.sla).replace(/[`|]/g, '')}\` | ${mdEscape(r.objective)} | ${icon} ${mdEscape(r.status)} | ${mdEscape(r.value)} | ${mdEscape(r.target)} | ${mdEscape(r.budget)} |`);
    }
    out.push('');
  }
  for (const report of reports) {
    out.push(`### SLA \`${escapeControl(report.sla).replace(/`/g, '')}\`${report.title ? ` — ${mdEscape(report.title)}` : ''}`, '');
    out.push(`As of ${mdEscape(zonedInstant(report.asOf, report.timezone))}, ${mdEscape(report.file)}: ${summaryLine(report)}.`, '');
    out.push('| objective | target | window | value | status |', '|---|---|---|---|---|');
    for (const o of report.objectives) {
      const w = o.windows[o.windows.length - 1];
      const target = o.sliceTarget ? `${o.target}, slices ${o.sliceTarget}` : o.target;
      out.push(`| ${mdEscape(o.id)} | ${mdEscape(target)} | ${w ? mdEscape(w.label) : '-'} | ${w ? mdEscape(windowValue(o, w)) : 'n/a'} | ${ICON[o.status] ?? ''} ${w ? statusWord(w) : 'no-data'} |`);
    }
    out.push('');
    if (report.breaches.length) {
      out.push('**Breaches**', '');
      for (const b of report.breaches) out.push(`- ${mdEscape(b.objective)} ${mdEscape(b.window)}: ${mdEscape(breachValue(report, b))}`);
      out.push('');
    }
    if (report.credits.length) {
      out.push('**Service credits**', '');
      for (const c of report.credits) out.push(`- ${mdEscape(c.objective)} ${mdEscape(c.window)}: ${mdEscape(c.credit)}`);
      out.push('');
    }
    const obligations = obligationRows(report);
    if (obligations.length) {
      out.push(`**Obligations** (from final breaches; due in ${mdEscape(report.timezone)})`, '', '| due | objective | window | kind | what |', '|---|---|---|---|---|');
      for (const r of obligations) out.push(`| ${r.due ? `${mdEscape(r.due)}${r.overdue ? ' **overdue**' : ''}` : '-'} | ${mdEscape(r.objective)} | ${mdEscape(r.window)} | ${r.kind} | ${mdEscape(r.what)} |`);
      out.push('');
    }
    out.push('<details><summary>Windows</summary>', '');
    for (const o of report.objectives) {
      out.push(`**${mdEscape(o.id)}** (${mdEscape(o.window ?? 'no window')})${o.provisional ? ` — ${mdEscape(verdictText(o))}` : ''}`, '');
      if (o.problem) out.push(`Problem: ${mdEscape(o.problem)}`, '');
      const { hidden, windows } = shownWindows(o);
      if (windows.length) {
        out.push('| window | value | status | observations | notes |', '|---|---|---|---|---|');
        for (const w of windows) out.push(`| ${mdEscape(w.label)} | ${mdEscape(windowValue(o, w))} | ${statusWord(w)} | ${w.observations} | ${mdEscape(windowNotes(w))} |`);
        out.push('');
      }
      const segments = segmentRows(o);
      if (segments.length) {
        out.push(`Per ${mdEscape(o.segmentsBy ?? 'segment')} (require ${o.segmentsRequire ?? 'all'}), latest window:`, '', `| ${mdEscape(o.segmentsBy ?? 'segment')} | value | status | observations |`, '|---|---|---|---|');
        for (const r of segments) out.push(`| ${r.map(mdEscape).join(' | ')} |`);
        out.push('');
      }
      if (hidden) out.push(`${hidden} earlier window${hidden === 1 ? '' : 's'} without data.`, '');
      const dropped = droppedText(o);
      if (dropped) out.push(`${mdEscape(dropped)}.`, '');
      const b = baselineText(o);
      if (b) out.push(`${mdEscape(b)}`, '');
      const r = repeatedText(o);
      if (r) out.push(`Repeated breaches: ${mdEscape(r)}`, '');
    }
    out.push('</details>', '');
    const issues = Object.entries(report.dataIssueCounts).filter(([, n]) => n > 0);
    if (issues.length) out.push(`Data issues: ${issues.map(([m, n]) => `${mdEscape(m)} ${n}`).join(', ')}`, '');
    const filtered = filteredText(report);
    if (filtered) out.push(mdEscape(filtered), '');
    for (const e of report.metricErrors ?? []) out.push(`Metric ${mdEscape(e.metric)} unavailable: ${mdEscape(e.message)}`, '');
  }
  return out.join('\n');
}
