/**
 * Explaining a number (spec §8.1): the window a report evaluated with its trace
 * (`ReportContext.explain` → `SlaReport.explained`) as the `model-sla explain` JSON — the value, the
 * counts, how the value was formed (the rank of a percentile, good and total of a ratio, the bad
 * slices, the runs of an accuracy window) and the rows that carried it as evidence: a file and its
 * physical line, or a series and its sample instant(s). Pure: the host says where each metric's
 * file is (relative to the workspace root).
 */
import { isoInstant } from './windows';
import { formatValue } from './render/humanNumbers';
import type { RowOrigin, SeriesLabels } from './sources/origins';
import { seriesText } from './sources/origins';
import type { MetricData } from './metrics/types';
import type { ExplainedWindow, SlaReport } from './reportTypes';

/** One row of metric data cited as evidence. */
export interface Evidence {
  metric: string;
  /** The metric file, relative to the workspace root; with `line`, the physical line (spec §9). */
  file?: string;
  line?: number;
  /** A Prometheus series (PromQL text) and the sample instant, or the cell [from, to) whose increases the row sums. */
  series?: string;
  from?: string;
  to?: string;
  /** The row's instant (ISO-8601 UTC). */
  timestamp: string;
  /** The row's value in the metric's unit (`unit`), where the row has one. */
  value?: number;
  unit?: string;
  /** Events of the row: good of total (an event row: 0 or 1 of 1). */
  good?: number;
  total?: number;
  /** Accuracy runs: labeled samples and dataset. */
  samples?: number;
  dataset?: string;
}

export interface AccuracyRun extends Evidence {
  counted: boolean;
  /** Why a run did not count. */
  why?: 'excluded' | 'belowMinSamples' | 'otherDataset';
}

export interface Explanation {
  sla: string;
  objective: string;
  indicator: string;
  target: string;
  /** What the value is compared with, where it is not `target`: a timeslice budget's `sliceTarget`. */
  sliceTarget?: string;
  window: string;
  start: string;
  end: string;
  partial: boolean;
  /** The window reaches beyond the SLA's period: only its part inside was evaluated. */
  clipped?: boolean;
  asOf: string;
  value: number | null;
  /** The exact decimal when no double holds the value. */
  valueText?: string;
  unit: string;
  /** The value as every human view writes it (render/humanNumbers.ts: never rounded onto the target's side). */
  display?: string;
  status: string;
  reason?: string;
  problem?: string;
  observations: number;
  excluded: number;
  /** Accuracy: runs below `minSamples`, runs on another dataset; cadence periods without a counted run. */
  belowMinSamples?: number;
  otherDataset?: number;
  gaps?: { from: string; to: string }[];
  /** Percentiles: the method and the rank (⌈p/100 · n⌉); for `linear`, the two ranks and the weight of the upper one. */
  method?: 'nearest-rank' | 'linear';
  rank?: number | [number, number];
  weight?: string;
  /** Ratios: Σ good and Σ total. */
  good?: number;
  total?: number;
  /** Timeslices: the counts, and the bad slices (at most 100, first first). */
  slices?: { total: number; withData: number; good: number; counted: number };
  badSlices?: { from: string; to: string; good?: number; total?: number; requests?: number }[];
  /** Throughput: the statistic over the slices' rates, and the slice whose rate is the value (min, p5; `rank` among the slices with rows for p5). */
  statistic?: 'min' | 'mean' | 'p5';
  valueSlice?: { from: string; to: string; requests: number; rank?: number };
  /** The SLA's `period.timezone` (UTC without one): the zone human views show instants in. */
  timezone?: string;
  /** Of a segmented objective (spec §12): the segment explained. */
  segment?: string;
  /** Of a segmented objective: the column or label it is segmented by, and every segment's status in this window. */
  segmentsBy?: string;
  segments?: { value: string; status: string }[];
  /** Labels still arriving (spec §12): the value may change until then. */
  provisionalUntil?: string;
  /** The exclusions exceeded `exclusionBudget`: the latest were counted again (spec §12). */
  exclusionBudgetExceeded?: boolean;
  badSliceCount?: number;
  /** Accuracy: every run of the window, counted or not and why. */
  runs?: AccuracyRun[];
  evidence: Evidence[];
  /** What the evidence cannot show (an indicator without row evidence). */
  note?: string;
}

/** The `model-sla explain` JSON of the window a report explained; undefined when it explained none. */
export function explanationOf(report: SlaReport, fileOf: (metric: string) => string | undefined): Explanation | undefined {
  const w = report.explained;
  if (!w) return undefined;
  const objective = report.objectives.find((o) => o.id === w.objective);
  const r = w.result;
  const row = rowEvidence(w, fileOf(w.metric));
  const out: Explanation = {
    sla: report.sla, objective: w.objective, indicator: objective?.indicator ?? '', target: objective?.target ?? '',
    ...(objective?.sliceTarget ? { sliceTarget: objective.sliceTarget } : {}),
    window: w.label, start: isoInstant(w.start), end: isoInstant(w.end), partial: w.partial,
    ...(w.clipped ? { clipped: true } : {}), ...(w.segment !== undefined ? { segment: w.segment } : {}), asOf: report.asOf, timezone: report.timezone,
    value: r.value, ...(r.valueText !== undefined ? { valueText: r.valueText } : {}), unit: r.unit,
    display: r.valueText !== undefined ? `${r.valueText}${r.unit}` : r.value === null ? 'n/a' : formatValue(r.value, r.unit, objective?.sliceTarget ?? objective?.target, r.status),
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}), ...(r.problem ? { problem: r.problem } : {}),
    observations: r.observations, excluded: r.excluded,
    ...(r.belowMinSamples !== undefined ? { belowMinSamples: r.belowMinSamples } : {}),
    ...(r.otherDataset !== undefined ? { otherDataset: r.otherDataset } : {}),
    ...(r.gaps?.length ? { gaps: r.gaps.map((g) => ({ from: isoInstant(g.from), to: isoInstant(g.to) })) } : {}),
    evidence: [],
  };
  // What the report says of this window that the evaluation alone does not: provisional, the budget.
  const windows = w.segment !== undefined ? objective?.segments?.find((s) => s.value === w.segment)?.windows : objective?.windows;
  const reported = windows?.find((x) => x.label === w.label);
  if (reported?.provisional && reported.provisionalUntil) out.provisionalUntil = reported.provisionalUntil;
  if (w.segment !== undefined && objective?.segments) {
    if (objective.segmentsBy) out.segmentsBy = objective.segmentsBy;
    out.segments = objective.segments.map((s) => ({ value: s.value, status: s.windows.find((x) => x.label === w.label)?.status ?? 'no-data' }));
  }
  if (r.exclusionBudgetExceeded) out.exclusionBudgetExceeded = true;
  const t = r.trace;
  if (t?.kind === 'percentile') {
    out.method = t.method;
    out.rank = t.ranks.length === 2 ? [t.ranks[0], t.ranks[1]] : t.ranks[0];
    if (t.weight) out.weight = `${t.weight.num}/${t.weight.den}`;
    out.evidence = t.rows.filter((i) => i >= 0).map(row);
  } else if (t?.kind === 'ratio') {
    out.good = t.good;
    out.total = t.total;
    out.evidence = t.badRows.map(row);
  } else if (t?.kind === 'slices') {
    if (r.slices) out.slices = { total: r.slices.total, withData: r.slices.withData, good: r.slices.good, counted: r.slices.counted };
    out.badSlices = t.bad.map((s) => ({ from: isoInstant(s.from), to: isoInstant(s.to), ...(s.good !== undefined ? { good: s.good, total: s.total } : {}) }));
    out.badSliceCount = t.badCount;
  } else if (t?.kind === 'rate') {
    if (r.slices) out.slices = { total: r.slices.total, withData: r.slices.withData, good: r.slices.good, counted: r.slices.counted };
    out.statistic = t.statistic;
    if (t.slice) out.valueSlice = { from: isoInstant(t.slice.from), to: isoInstant(t.slice.to), requests: t.slice.requests, ...(t.slice.rank !== undefined ? { rank: t.slice.rank } : {}) };
    out.badSlices = t.bad.map((s) => ({ from: isoInstant(s.from), to: isoInstant(s.to), requests: s.total }));
    out.badSliceCount = t.badCount;
  }
  if (r.runs) {
    const runs: AccuracyRun[] = [
      ...r.runs.counted.map((i) => ({ ...row(i), counted: true })),
      ...r.runs.excluded.map((i) => ({ ...row(i), counted: false, why: 'excluded' as const })),
      ...r.runs.belowMinSamples.map((i) => ({ ...row(i), counted: false, why: 'belowMinSamples' as const })),
      ...r.runs.otherDataset.map((i) => ({ ...row(i), counted: false, why: 'otherDataset' as const })),
    ];
    out.runs = runs.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : (a.line ?? 0) - (b.line ?? 0)));
    out.evidence = runs.filter((x) => x.counted).map(({ counted: _c, why: _w, ...e }) => e);
  }
  if (!t && !r.runs && r.status !== 'no-data') {
    out.note = r.valueRange
      ? 'a histogram percentile: the value is the bucket holding the rank, not an observation; the buckets are the evidence (model-sla report)'
      : `the ${out.indicator} value has no single row behind it; the counts above are its evidence`;
  }
  return out;
}

/** A row of the explained window's data as evidence. */
function rowEvidence(w: ExplainedWindow, file: string | undefined): (row: number) => Evidence {
  const d: MetricData = w.data;
  return (i) => {
    const e: Evidence = { metric: w.metric, timestamp: isoInstant(d.timestamps[i]) };
    const origin: RowOrigin | undefined = d.origins && i < d.origins.length ? d.origins.at(i) : undefined;
    if (origin?.kind === 'line') { if (file !== undefined) e.file = file; e.line = origin.line; }
    else if (origin?.kind === 'sample') { e.series = seriesText(origin.series as SeriesLabels); }
    else if (origin?.kind === 'samples') { e.series = seriesText(origin.series as SeriesLabels); e.from = isoInstant(origin.from); e.to = isoInstant(origin.to); }
    else if (file !== undefined) e.file = file;
    if (d.values) { e.value = d.values[i]; if (d.unit) e.unit = d.unit; }
    if (d.good) { e.good = d.good[i]; e.total = 1; }
    else if (d.totals) { e.total = d.totals[i]; if (d.goodCounts) e.good = d.goodCounts[i]; else if (d.badCounts) e.good = d.totals[i] - d.badCounts[i]; }
    if (d.samples) e.samples = d.samples[i];
    if (d.datasets) e.dataset = String(d.datasets[i]);
    return e;
  };
}

/** Where an evidence row is, for people: `metrics/latency.csv:48213`, or the series and instant. */
export function evidencePlace(e: Evidence): string {
  if (e.line !== undefined) return `${e.file ?? e.metric}:${e.line}`;
  if (e.series !== undefined) return e.from ? `${e.series} [${e.from}, ${e.to})` : `${e.series} @ ${e.timestamp}`;
  return e.file ?? e.metric;
}
