/**
 * The report the preview receives: the engine's §8 report (engine/reportTypes.ts, credit tier
 * tables included) plus the fields declared here for the preview — each objective's chart series
 * and, per answer, where the metric files are. Declared once: the server's answer is checked
 * against it, and the webview validates what it receives against it (its view types pick fields
 * of these types, so renaming a report field breaks the build instead of blanking the preview).
 * Types only; imports facts/, engine/ and protocol/ only.
 */
import type { ObjectiveReport, SeriesPoint, SlaReport } from '../engine/reportTypes';

export type { CreditTier, ErrorBudget, ObjectiveReport, ReportGap, SeriesPoint, SlaReport, WindowReport } from '../engine/reportTypes';
export type { Status } from '../engine/evaluate';

/** At most this many points per series: the rolling series has ≤ 240, a slice series ≤ 10,000 (the latest). */
export const MAX_SERIES_POINTS = 10_000;

/** An objective with the preview's chart data. */
export interface PreviewObjective extends ObjectiveReport {
  /**
   * Rolling objectives: the rolling value over time; timeslice budgets: each slice's value in the
   * latest window. Ascending by `at`; computed by service/compliance.ts when the series are asked for.
   */
  series?: SeriesPoint[];
}

/** A §8 report whose objectives may carry series. */
export interface PreviewReport extends SlaReport {
  objectives: PreviewObjective[];
}

/** The answer to `modelSla/compliance` (./requests.ts). */
export interface ComplianceResult {
  uri: string;
  /** The document version the reports were computed from; null when none was (`error` says why). */
  version: number | null;
  /** One per YAML document of the file (a document with a syntax error: a report naming it). */
  reports: PreviewReport[];
  /** Per report (YAML document): metric id → file URI, only files inside the workspace. */
  metricFiles?: Record<string, string>[];
  /**
   * Some metric is read from a server (spec §10), whose data changes without any file event: ask
   * again after this many milliseconds while the preview is shown (only what is new is read).
   */
  refreshMs?: number;
  error?: string;
}
