/** The methodology findings of spec §7: stable codes, titles and default severities. */
import { DiagnosticSeverity } from 'vscode-languageserver-types';

export interface LintCode {
  title: string;
  severity: DiagnosticSeverity;
}

const { Error, Warning, Information } = DiagnosticSeverity;

export const LINT_CODES = {
  SLA100: { title: 'Unused suppression comment', severity: Information },
  SLA101: { title: 'Latency percentile without percentileMethod', severity: Warning },
  SLA102: { title: 'Calendar window or naive timestamps without period.timezone', severity: Warning },
  SLA103: { title: 'No measurement point', severity: Warning },
  SLA104: { title: 'Availability method or good-event definition missing', severity: Warning },
  SLA105: { title: 'Accuracy evaluation under-specified', severity: Warning },
  SLA106: { title: 'No exclusion provision for planned retraining', severity: Information },
  SLA107: { title: 'Timeslices without slice or sliceTarget', severity: Error },
  SLA108: { title: 'Vague wording in a description', severity: Information },
  SLA109: { title: 'Baseline missing or shorter than 28 days', severity: Warning },
  SLA110: { title: 'Target stricter than the measured baseline', severity: Warning },
  SLA111: { title: 'External SLA stricter than the internal one', severity: Warning },
  SLA112: { title: 'Breach policy incomplete', severity: Warning },
  SLA113: { title: 'Percentile too high for the data', severity: Warning },
  SLA114: { title: 'Metric timestamps without offset', severity: Warning },
  SLA115: { title: 'Metric file missing, unreadable, outside the workspace, or column absent', severity: Error },
  SLA116: { title: 'Empty or low-traffic slices/windows can decide the verdict', severity: Warning },
  SLA117: { title: 'Calendar words with a rolling window (or the reverse)', severity: Information },
  SLA118: { title: 'Histogram threshold or target not on a bucket boundary', severity: Error },
  SLA119: { title: 'Prometheus server not configured or unreachable, or no series', severity: Error },
  SLA120: { title: 'A slice shorter than twice the scrape interval', severity: Warning },
  SLA121: { title: 'Exclusions that can remove more than 5 % of a window, without exclusionBudget', severity: Warning },
  SLA122: { title: 'Accuracy without evaluation.labelDelay', severity: Information },
  SLA123: { title: 'A description states a different number than the objective', severity: Warning },
  SLA124: { title: 'A target that cannot fail, or a credit tier that never applies', severity: Warning },
  SLA125: { title: 'A breach policy whose times cannot be acted on', severity: Warning },
  SLA126: { title: 'A credit tier on the met side of the target', severity: Warning },
} satisfies Record<string, LintCode>;

export type LintCodeId = keyof typeof LINT_CODES;

export function isLintCode(code: string): code is LintCodeId {
  return Object.prototype.hasOwnProperty.call(LINT_CODES, code);
}
