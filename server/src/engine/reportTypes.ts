/**
 * The shapes of the compliance report (spec §8) and of the report builder's inputs: what
 * engine/report.ts produces, the renderers (render/) read, the service caches and the preview's
 * protocol (protocol/previewReport.ts) extends. Types only.
 */
import type { MetricData } from './metrics/types';
import type { SliceCounts, Status } from './evaluate';

export type MetricInput = { ok: true; data: MetricData } | { ok: false; reason?: string; message: string };

export interface ReportContext {
  /** Path of the SLA file as reported (relative to the workspace root / the current folder). */
  file: string;
  /** Loaded data (or the load failure) per metric id of the SLA. */
  metrics: Record<string, MetricInput | undefined>;
  /** Evaluation instant (epoch ms); default: 1 ms after the newest timestamp (spec §9). */
  asOf?: number;
  /** Fallback asOf when there is no data at all (epoch ms; default Date.now()). */
  now?: number;
  /**
   * Explain one window (spec §8.1): the objective's window of this label (`latest`: its last one) is
   * evaluated with its trace, kept in `SlaReport.explained`.
   */
  explain?: { objective: string; window: string; segment?: string };
}

/** The window `ReportContext.explain` asked for, as evaluated: its result (with the trace) and the rows it read. */
export interface ExplainedWindow {
  objective: string;
  metric: string;
  label: string;
  start: number;
  end: number;
  partial: boolean;
  clipped?: boolean;
  /** Of a segmented objective: the segment explained (`data` holds its rows only). */
  segment?: string;
  result: import('./evaluate').IntervalResult;
  /** The rows the evaluation read (the trace's row indices point into them; `origins` when loaded with them). */
  data: MetricData;
}

export interface ReportGap { from: string; to: string }

export interface ErrorBudget {
  /** Share of the whole window's error budget left (1 = untouched, negative = overspent). */
  remaining: number | null;
  /** (1 − value) / (1 − target): 1 spends the budget exactly by the window's end. */
  burnRate: number | null;
  /** Fraction of the window elapsed before asOf. */
  elapsed: number;
}

export interface DataIssueEntry {
  metric: string;
  /** The physical line of a file's row. */
  line?: number;
  problem: string;
  /** A Prometheus series (spec §10): which, and when. */
  series?: string;
  from?: string;
  to?: string;
}

export interface WindowReport {
  start: string;
  end: string;
  partial: boolean;
  /** Present (true) when the window reaches beyond the period: only its part inside was evaluated. */
  clipped?: boolean;
  value: number | null;
  /** The exact decimal of `value` when no double holds it (more than 15 significant digits, spec §8). */
  valueText?: string;
  /**
   * A percentile read from a histogram (spec §10): `value` is null and the percentile lies in
   * (lower, upper] — the bucket holding the rank, in `unit`; upper is the string "+Inf" for the last.
   */
  valueRange?: [number, number | '+Inf'];
  unit: string;
  observations: number;
  excluded: number;
  status: Status;
  slices?: SliceCounts;
  gaps?: ReportGap[];
  belowMinSamples?: number;
  label: string;
  // extras
  otherDataset?: number;
  reason?: string;
  problem?: string;
  defaults?: string[];
  errorBudget?: ErrorBudget;
  projectedCredit?: string;
  /** The exclusions would remove more than the objective's `exclusionBudget`: the latest were counted again (spec §12). */
  exclusionBudgetExceeded?: boolean;
  /** A segmented objective's combined window (spec §12): the segments that missed. */
  breachedSegments?: string[];
  /**
   * A partial window whose breach more data cannot undo (a failed run under `aggregate: every` or
   * `min`): breached for certain, final (and obliging) at the window's end — not "at risk".
   */
  certain?: boolean;
  /** Labels may still arrive (spec §12: end + labelDelay > asOf): the verdict may change; no credit, no breach. */
  provisional?: boolean;
  provisionalUntil?: string;
}

export interface ObjectiveReport {
  id: string;
  indicator: string;
  target: string;
  status: Status;
  windows: WindowReport[];
  /** The latest window is provisional (spec §12): its status may still change and fails nothing yet. */
  provisional?: boolean;
  /**
   * Segments (spec §12): each segment's windows, evaluated as the objective over the segment's rows;
   * the objective's own windows then carry the combined verdict (`value` null, `breachedSegments`).
   */
  segments?: ObjectiveSegment[];
  segmentsBy?: string;
  segmentsRequire?: 'all' | 'any';
  // extras
  metric?: string;
  window?: string;
  sliceTarget?: string;
  /** Time-based availability: when a slice counts as up (`">= 90%"`), and the slice length. */
  sliceGood?: string;
  slice?: string;
  description?: string;
  /** `provisional`: the baseline's labels are not all in (spec §12): no target is suggested from it. */
  baseline?: { from: string; to: string; dates: string; value: number | null; unit: string; status: Status; margin?: string; suggested?: string; stricter?: boolean; field?: 'target' | 'sliceTarget'; provisional?: boolean };
  errorBudget?: ErrorBudget;
  repeated?: { count: number; within: string; action?: string; breaches: number; triggered: boolean };
  /** Why the objective has no windows or no data (e.g. its metric could not be read). */
  problem?: string;
  /** Earlier calendar windows not listed (over the window cap; a data issue says why). */
  windowsDropped?: number;
  /**
   * The objective's credit tier table as the SLA states it (`breach.external.serviceCredits[].tiers`
   * of its first entry), for the views that show it beside the credits owed. Not in spec §8.
   */
  creditTiers?: CreditTier[];
}

/** One row of a credit tier table, as written in the SLA (a number written bare becomes its text). */
export interface CreditTier { below: string; credit: string }

export interface ObjectiveSegment {
  value: string;
  status: 'met' | 'breached' | 'no-data';
  windows: WindowReport[];
  /** The segment's own baseline (spec §12): its value and the target it supports. */
  baseline?: { value: number | null; unit: string; status: Status; suggested?: string; stricter?: boolean };
}

/**
 * One point of an objective's chart series: the rolling value at `at`, or one slice's value (`at` =
 * the slice's start). Computed for the preview and the HTML page (service/compliance.ts), never
 * part of the §8 report; see protocol/previewReport.ts for the report that carries them.
 */
export interface SeriesPoint { at: string; value: number | null }

/**
 * One obligation of a final breach (spec §8.2). Instants are UTC ISO; `finalAt` (not in the spec's
 * example) is when the breach became final, the instant the due dates count from. A review names the
 * breaches (`breaches`: their windows, `objectives`: whose) that triggered it.
 */
export interface Obligation {
  kind: 'credit' | 'remediation' | 'communication' | 'action' | 'escalation' | 'review';
  objective?: string;
  window?: string;
  amount?: string;
  to?: string;
  due?: string | null;
  action?: string;
  notify?: string;
  breaches?: string[];
  objectives?: string[];
  finalAt?: string;
  segments?: string[];
  /** A remediation: what it is, in the SLA's words (`breach.external.remediation.description`). */
  description?: string;
}

export interface SlaReport {
  /** Only with `ReportContext.explain`; never in the JSON report. */
  explained?: ExplainedWindow;
  sla: string;
  file: string;
  asOf: string;
  objectives: ObjectiveReport[];
  /** `segments`: of a segmented objective (spec §12), the segments whose value set the credit / missed. */
  credits: { objective: string; window: string; credit: string; segments?: string[] }[];
  breaches: { objective: string; window: string; value: string; segments?: string[] }[];
  /** What the final breaches oblige (spec §8.2): credits, remediation, communication, actions, escalations, reviews. */
  obligations: Obligation[];
  /**
   * Rows that could not be read (`line`), and for a Prometheus metric what its series showed
   * (`series`, with `from`/`to` for a gap or a start; spec §10).
   */
  dataIssues: DataIssueEntry[];
  dataIssueCounts: Record<string, number>;
  /** Per metric with a `filter`: the rows it left out (not rows of the metric, not data issues). */
  filteredRows?: Record<string, number>;
  // extras
  title?: string;
  model?: string;
  scope?: string;
  timezone: string;
  metricErrors?: { metric: string; reason?: string; message: string }[];
  /**
   * The document has a YAML syntax error (SLA001): nothing is computed (the lines after the error are
   * not where the author put them), the preview says so instead of dropping the SLA. `line` is 1-based.
   */
  syntaxError?: { line: number; message: string };
}
