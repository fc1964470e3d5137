/**
 * The summary that opens a report of several SLAs (`model-sla report` on folders, issue 17): one
 * row per objective — SLA, objective, status of its latest window, its value against the target,
 * the error budget left — in the text table, the Markdown pull-request comment and the HTML page
 * (where each SLA links to its section).
 */
import type { SlaReport } from '../reportTypes';
import { comparedTarget, invalidProblem, statusWord, windowValue } from './common';
import { windowLabelText } from './windowLabel';
import { formatBudget } from './humanNumbers';

export interface SummaryRow {
  /** Index of the report (the HTML section's anchor `sla-<index>`). */
  report: number;
  sla: string;
  file: string;
  objective: string;
  /** met, met so far, breached, breached so far, no data, invalid. */
  status: string;
  breached: boolean;
  value: string;
  target: string;
  window: string;
  /** The share of the error budget left as the report's sections write it (`76.4%`, `-113.1%`), or `—` where the objective has none. */
  budget: string;
}

export function summaryRows(reports: SlaReport[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  reports.forEach((report, index) => {
    for (const o of report.objectives) {
      const w = o.windows[o.windows.length - 1];
      const invalid = invalidProblem(o);
      const remaining = w?.errorBudget?.remaining;
      rows.push({
        report: index, sla: report.sla, file: report.file, objective: o.id,
        status: invalid ? 'invalid' : w ? statusWord(w) : 'no data',
        breached: o.status === 'breached',
        value: w && !invalid ? windowValue(o, w) : 'n/a',
        target: comparedTarget(o),
        window: w ? windowLabelText(w).text : '-',
        budget: typeof remaining === 'number' ? formatBudget(remaining) : '—',
      });
    }
  });
  return rows;
}

/** A line on the whole: `3 SLAs, 14 objectives: 2 breached, 11 met, 1 no data`. */
export function summaryHeadline(reports: SlaReport[]): string {
  const rows = summaryRows(reports);
  const breached = rows.filter((r) => r.breached).length;
  const met = rows.filter((r) => r.status.startsWith('met')).length;
  const other = rows.length - breached - met;
  return `${reports.length} SLA${reports.length === 1 ? '' : 's'}, ${rows.length} objective${rows.length === 1 ? '' : 's'}: ${breached} breached, ${met} met${other ? `, ${other} without a verdict` : ''}`;
}
