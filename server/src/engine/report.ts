/**
 * The compliance report of one SLA document (spec §8, §9, §6): every objective evaluated per window
 * (calendar windows from the period start, or the one rolling window ending at asOf), breaches,
 * service credits, data issues, and the extras the human views use (baseline and suggested target,
 * error budget and burn rate, repeated-breach detection, projected credits of partial windows).
 *
 * Pure: the caller reads the metric files (CLI: io/metricAccess.ts) and passes the loads in.
 * `reportSteps` is the computation as a generator that yields after each piece of work (a window, a
 * baseline), so that a host can drive it in time slices and stop it (service/compliance.ts);
 * `buildReport` runs it to the end at once.
 *
 * Rules settled here (where the spec leaves room):
 * - The period clips (spec §9): every window — calendar or rolling — is evaluated over its part
 *   inside [period.start 00:00, period.end + 1 day 00:00) only; a window reaching beyond it keeps its
 *   calendar `start`/`end`/label and says `clipped: true` (the key is left out otherwise). It is
 *   `partial` only when asOf cuts its part inside the period: a clipped window whose period part
 *   has ended is complete, so its credits apply like any complete window's. The baseline is not
 *   clipped (it is measured before the period). The error budget's `elapsed` is the share of the
 *   window's part inside the period that lies before asOf.
 * - Default asOf (spec §9, none given): 1 ms after the latest timestamp over the linked metrics, but
 *   never later than `period.end`: rows after the period are never evaluated and do not carry asOf
 *   past it, so a finished period is evaluated at its end (its last window complete, a rolling
 *   window the period's last days) and windows after the period are never listed. No data at all in
 *   any linked metric: asOf = `context.now` (default: now). The report states the asOf it used.
 * - Window cap: at most MAX_REPORT_WINDOWS calendar windows per objective (3,660 days, 1,044 weeks,
 *   1,200 months, 400 quarters, 100 years). The windows holding data are kept (windows.ts
 *   `planCalendarWindows`) and the last one (the objective's status is its latest window's); the
 *   earlier ones over the cap and the empty ones between are dropped, with one data issue per metric
 *   and unit naming what was dropped, the row that stretched the span (its line) and the field that
 *   bounds it (`period.start`, `period.end` or `--as-of`), and `windowsDropped` on the objective. Its
 *   `line` is 0 when no row is the cause (a long period, an asOf given far ahead).
 * - Rows far outside the SLA's dates (engine/dataRange.ts: more than a year outside the period and
 *   baseline, or apart from the bulk of the rows where the period is open, or before 1971 / from
 *   2500 on — the epoch-unit mistakes): one data issue per metric that counts them, names the
 *   extreme row's line and, for numeric timestamps, `timestampUnit`. They are removed before
 *   evaluation (default asOf, windows, verdicts); when every row is far, asOf is what the rows would
 *   give (at most `period.end`), never "now".
 *   Report-made issues count in `dataIssueCounts` and keep the 20-per-metric limit.
 * - Credits: complete windows only, with a value and a verdict (not `no-data`); of the tiers whose
 *   `below` the value is strictly under (exact decimals: 99.9 % is not below 99.9 %) the most
 *   severe applies = the one with the lowest `below` (the deepest tier reached). `below` is converted
 *   to the value's unit (`99.9%` and `0.999` are the same bound). A partial window gets
 *   `projectedCredit` on the window instead, never an entry in `credits`.
 * - Breaches: every window whose status is `breached`, partial ones included (the objective's
 *   status counts them too); `value` is the window's exact value followed by its unit (spec §8:
 *   `"99.82371428571429%"`); the human views round it with render/humanNumbers.ts, never onto the
 *   target.
 * - Error budget (availability, ratio-form latency, timeslice budgets: the objectives whose target is
 *   a share of good events/slices): with v the value and t the target as fractions,
 *   burnRate = (1 − v) / (1 − t) — 1 means spending the budget exactly as fast as the window allows;
 *   consumed = burnRate × elapsed, where elapsed is the fraction of the window before asOf (1 for
 *   complete windows); remaining = 1 − consumed (negative = overspent). A 100 % target has no budget:
 *   both are null. Only for `>=`/`>` targets.
 * - Repeated breaches (`breach.repeated`): per objective, the breached windows (partial ones
 *   included) whose start lies in [asOf − within, asOf); `triggered` when that count ≥ `count`.
 *   A rolling objective has one window, so it counts at most one breach.
 */
import type { MetricData, SeriesIssue } from './metrics/types';
import { evaluateInterval, type IntervalResult, type ObjectiveSpec } from './evaluate';
import {
  baselineBounds, defaultAsOf, evaluatedPart, isoInstant, periodBounds, planCalendarWindows, rollingWindow, zoneResolver, CALENDAR_UNITS,
  type CalendarUnit, type ReportWindow,
} from './windows';
import { checkBaseline } from './baseline';
import { combinedStatus, segmentColumnOf, segmentSpecOf, segmentsWithoutTotals, splitBySegment, MAX_SEGMENTS, NO_SEGMENT } from './segments';
import { evaluatedMetric, slaSpan, type SlaSpan } from './dataRange';
import { ratioOutOfRange } from './ratioRange';
import { parseDuration, parseTarget } from '../facts/quantities';
import { creditFor, creditTierTable, tiersFor } from './credits';
import { errorBudget } from './errorBudget';
import { labelDelayOf } from './labelDelay';
import { obligationsOf } from './obligations';
import { addDataIssue, windowCapIssue } from './reportIssues';
import type { DataIssueEntry, MetricInput, ObjectiveReport, ObjectiveSegment, ReportContext, SlaReport, WindowReport } from './reportTypes';

export type {
  CreditTier, ErrorBudget, MetricInput, ObjectiveReport, ReportContext, ReportGap, SeriesPoint, SlaReport, WindowReport,
} from './reportTypes';
export { creditFor } from './credits';

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A window's report from its evaluation; `provisionalUntil`: labels still arriving until then (spec §12). */
function windowReportOf(o: ObjectiveSpec, w: ReportWindow, r: IntervalResult, clip: { start?: number; end?: number }, asOf: number, provisionalUntil: number | undefined): WindowReport {
  const wr = {
    start: isoInstant(w.start), end: isoInstant(w.end), partial: w.partial,
    value: r.value, unit: r.unit, observations: r.observations, excluded: r.excluded, status: r.status,
  } as WindowReport;
  if (r.valueText !== undefined) wr.valueText = r.valueText;
  if (r.valueRange) wr.valueRange = [r.valueRange[0], r.valueRange[1] === Infinity ? '+Inf' : r.valueRange[1]];
  if (w.clipped) wr.clipped = true;
  if (r.slices) wr.slices = r.slices;
  if (r.gaps) wr.gaps = r.gaps.map((g) => ({ from: isoInstant(g.from), to: isoInstant(g.to) }));
  if (r.belowMinSamples !== undefined) wr.belowMinSamples = r.belowMinSamples;
  wr.label = w.label;
  if (r.otherDataset !== undefined) wr.otherDataset = r.otherDataset;
  if (r.reason) wr.reason = r.reason;
  if (r.problem) wr.problem = r.problem;
  if (r.certain && w.partial && r.status === 'breached') wr.certain = true;
  if (r.defaults && r.defaults.length) wr.defaults = r.defaults;
  if (r.exclusionBudgetExceeded) wr.exclusionBudgetExceeded = true;
  if (provisionalUntil !== undefined) { wr.provisional = true; wr.provisionalUntil = isoInstant(provisionalUntil); }
  const budget = errorBudget(o, r, evaluatedPart(w, clip), asOf);
  if (budget) wr.errorBudget = budget;
  return wr;
}

/**
 * An objective's segments (spec §12): its data split by the `segments.by` column read with the
 * metric, or why it cannot be (too many segments, a column another objective's read does not have,
 * a Prometheus metric); undefined without `segments`. A column missing from the file is a data issue
 * (every row in `(none)`).
 */
function segmentsOf(o: ObjectiveSpec, data: MetricData, sla: Record<string, unknown>, report: SlaReport, made: WeakSet<object>, period: { start?: number; end?: number }): { ok: true; parts: { value: string; data: MetricData }[] } | { ok: false; problem: string } | undefined {
  const spec = segmentSpecOf(o);
  if (!spec) return undefined;
  const metric = str(o.metric) ?? '';
  const source = metricSpecOf(sla, o.metric);
  const series = !!source && typeof source === 'object' && 'prometheus' in source;
  if (!data.segmentCodes || segmentColumnOf(sla, metric) !== spec.by) {
    return { ok: false, problem: `metric \`${metric}\` is read segmented by another ${series ? 'label' : 'column'} for another objective: one \`segments.by\` per metric (write a second metric for the same ${series ? 'selector' : 'file'})` };
  }
  if (data.segmentNonScalar) {
    const n = data.segmentNonScalar.count;
    addDataIssue(report, made, metric, data.segmentNonScalar.firstLine, `${n} record${n === 1 ? '' : 's'} (first on line ${data.segmentNonScalar.firstLine}) ${n === 1 ? 'has' : 'have'} an array or an object in \`${spec.by}\` (\`segments.by\`): no segment, counted in \`${NO_SEGMENT}\``);
  }
  if (data.segmentColumnMissing) {
    addDataIssue(report, made, metric, 0, series
      ? `label \`${spec.by}\` (\`segments.by\`) is on none of the series read: every row is in the segment \`${NO_SEGMENT}\``
      : `column \`${spec.by}\` (\`segments.by\`) is not in the file: every row is in the segment \`${NO_SEGMENT}\``);
  }
  const split = splitBySegment(data, { from: period.start, to: period.end });
  if (!split.ok) {
    const problem = `\`segments.by: ${spec.by}\` gives ${split.atLeast ? 'more than ' : ''}${split.count} segments; at most ${MAX_SEGMENTS} are judged: a segmentation is a handful of model versions, regions or tenants, not a value per request`;
    addDataIssue(report, made, metric, 0, problem);
    return { ok: false, problem };
  }
  const orphans = segmentsWithoutTotals(split.parts);
  if (orphans.length) {
    addDataIssue(report, made, metric, 0, `${orphans.map((v) => `\`${v}\``).join(', ')} ${orphans.length === 1 ? 'has' : 'have'} ${data.badCounts ? 'bad' : 'good'} requests but no total: \`${spec.by}\` is on the ${data.badCounts ? 'bad' : 'good'} series and not on the total series, so those requests count in no segment — give \`total\` the same label`);
  }
  return { ok: true, parts: split.parts };
}

/** A segmented objective's window: each segment evaluated (its window appended to `segments`), the verdict combined. */
function segmentedWindow(
  o: ObjectiveSpec, w: ReportWindow, parts: { value: string; data: MetricData }[], segments: ObjectiveSegment[],
  clip: { start?: number; end?: number }, asOf: number, zone: string, provisionalUntil: number | undefined,
): WindowReport {
  const results = parts.map((p) => evaluateInterval(o, p.data, w, { asOf, timezone: zone, period: clip }));
  results.forEach((r, k) => segments[k].windows.push(windowReportOf(o, w, r, clip, asOf, provisionalUntil)));
  const status = combinedStatus(results.map((r) => r.status), segmentSpecOf(o)!.require);
  const wr: WindowReport = {
    start: isoInstant(w.start), end: isoInstant(w.end), partial: w.partial, value: null,
    unit: results.find((r) => r.unit)?.unit ?? unitOfTarget(o),
    observations: results.reduce((n, r) => n + r.observations, 0), excluded: results.reduce((n, r) => n + r.excluded, 0),
    status, label: w.label,
  };
  const missed = parts.filter((_, k) => results[k].status === 'breached').map((p) => p.value);
  if (missed.length) wr.breachedSegments = missed;
  if (results.some((r) => r.exclusionBudgetExceeded)) wr.exclusionBudgetExceeded = true;
  if (w.clipped) wr.clipped = true;
  if (provisionalUntil !== undefined) { wr.provisional = true; wr.provisionalUntil = isoInstant(provisionalUntil); }
  return wr;
}

/** An accuracy objective's `evaluation.labelDelay` in ms (spec §12); undefined without one. */
function zoneOf(sla: Record<string, unknown>): string {
  const tz = isObj(sla.period) ? sla.period.timezone : undefined;
  if (typeof tz !== 'string') return 'UTC';
  try {
    zoneResolver(tz);
    return tz;
  } catch {
    return 'UTC';
  }
}

export { formatValue } from './render/humanNumbers';

interface WindowPlan {
  windows: ReportWindow[];
  kind?: string;
  problem?: string;
  unit?: CalendarUnit;
  dropped?: number;
  keptFrom?: number;
  droppedBefore?: number;
  droppedAfter?: number;
  gap?: { from: number; to: number };
}

/** The earliest and latest timestamp of `data` in [from, to), or undefined when none (window cap). */
function timeRangeIn(data: MetricData | undefined, from: number, to: number): { min: number; max: number } | undefined {
  if (!data) return undefined;
  let min = Infinity, max = -Infinity;
  const ts = data.timestamps;
  for (let i = 0; i < data.rows; i++) {
    const t = ts[i];
    if (t >= from && t < to) { if (t < min) min = t; if (t > max) max = t; }
  }
  return min <= max ? { min, max } : undefined;
}

function windowsOf(o: ObjectiveSpec, zone: string, bounds: { periodStart?: number; periodEnd?: number; firstObservation?: number; asOf: number }, data?: MetricData): WindowPlan {
  const w = isObj(o.window) ? o.window : undefined;
  if (w && typeof w.calendar === 'string') {
    if (!CALENDAR_UNITS.includes(w.calendar as CalendarUnit)) return { windows: [], problem: `unknown calendar window \`${w.calendar}\`` };
    const unit = w.calendar as CalendarUnit;
    const plan = planCalendarWindows(unit, zone, bounds, undefined, (from, to) => timeRangeIn(data, from, to));
    return {
      windows: plan.windows, kind: `calendar ${w.calendar}`, unit, dropped: plan.dropped, keptFrom: plan.keptFrom,
      droppedBefore: plan.droppedBefore, droppedAfter: plan.droppedAfter, gap: plan.gap,
    };
  }
  if (w && typeof w.rolling === 'string') {
    const d = parseDuration(w.rolling);
    if (!d.ok || !(d.value.normalized > 0)) return { windows: [], problem: `unusable rolling window \`${w.rolling}\`` };
    const at = (end: number): ReportWindow => {
      const rolling: ReportWindow = { ...rollingWindow(end, d.value.normalized), partial: false };
      if (evaluatedPart(rolling, { start: bounds.periodStart, end: bounds.periodEnd }).clipped) rolling.clipped = true;
      return rolling;
    };
    // With a label delay (spec §12) the window ending at asOf is provisional; the one ending
    // labelDelay earlier is the latest whose labels are all in — it gives the final verdict.
    const delay = labelDelayOf(o);
    const windows = delay ? [at(bounds.asOf - delay), at(bounds.asOf)] : [at(bounds.asOf)];
    return { windows, kind: `rolling ${w.rolling}` };
  }
  return { windows: [], problem: 'the objective has no usable `window`' };
}

function unitOfTarget(o: ObjectiveSpec): string {
  const raw = o.budgeting === 'timeslices' ? '>= 0%' : o.target;
  if (typeof raw !== 'string') return '';
  const t = parseTarget(raw);
  return t.ok ? t.value.quantity.unit : '';
}

/**
 * The exact value of a breach for the JSON (spec §8): the window's value followed by its unit — its
 * exact decimal when no double holds it (`300.0000000000000000001ms`, not `300ms`).
 */
/** A histogram percentile's bucket as a quantity range: `(300, 500]ms`, `> 500ms` for the last. */
export function rangeText(range: readonly [number, number], unit: string): string {
  return range[1] === Infinity ? `> ${range[0]}${unit}` : `(${range[0]}, ${range[1]}]${unit}`;
}

/** A series issue as the report lists it (spec §10: `{metric, problem: "gap", from, to, series}`). */
function seriesIssueEntry(metric: string, s: SeriesIssue): DataIssueEntry {
  const problem = s.problem === 'gap' ? 'gap'
    : s.problem === 'series start' ? 'series start: its first sample counts nothing (what it counted before it was first scraped is unknown)'
    : `NaN samples: ${s.count ?? 1} (they count nothing)`;
  return { metric, problem, series: s.series, from: isoInstant(s.from), ...(s.to !== undefined ? { to: isoInstant(s.to) } : {}) };
}

export function exactValueText(value: number | null, unit: string, valueText?: string): string {
  return value === null ? 'n/a' : `${valueText ?? String(value)}${unit}`;
}

const timestampUnitOf = (sla: Record<string, unknown>, id: string): unknown => {
  const spec = isObj(sla.metrics) ? sla.metrics[id] : undefined;
  return isObj(spec) ? spec.timestampUnit : undefined;
};

const metricSpecOf = (sla: Record<string, unknown>, id: unknown): unknown => (typeof id === 'string' && isObj(sla.metrics) ? sla.metrics[id] : undefined);

/**
 * The rows one objective evaluates from its metric's (evaluated) data: without the accuracy values
 * outside their measure's range (ratioRange.ts). The preview's series use it too.
 */
export function objectiveData(slaValue: unknown, objective: Record<string, unknown>, data: MetricData): MetricData {
  const sla = isObj(slaValue) ? slaValue : {};
  return ratioOutOfRange(objective, metricSpecOf(sla, objective.metric), data)?.data ?? data;
}

/**
 * The metrics as the report evaluates them: far rows removed (dataRange.ts `evaluatedMetric`,
 * cached per data object, so the preview's series see the very same rows). Exported for them.
 */
export function evaluatedMetrics(slaValue: unknown, metrics: Record<string, MetricInput | undefined>, span: SlaSpan): Record<string, MetricInput | undefined> {
  const sla = isObj(slaValue) ? slaValue : {};
  const out: Record<string, MetricInput | undefined> = {};
  for (const [id, m] of Object.entries(metrics)) {
    out[id] = m && m.ok ? { ok: true, data: evaluatedMetric(m.data, span, timestampUnitOf(sla, id)).data } : m;
  }
  return out;
}

/** The default asOf from the data (spec §9), or undefined without any row: the evaluated rows', else the raw rows'. */
function dataAsOf(periodEnd: number | undefined, evaluated: Record<string, MetricInput | undefined>, raw: Record<string, MetricInput | undefined>): number | undefined {
  const datas = (m: Record<string, MetricInput | undefined>) => Object.values(m).map((x) => (x && x.ok ? x.data : undefined));
  // Every row far (all in year 58132): asOf as the rows would give it (at most period.end), not "now".
  return defaultAsOf(datas(evaluated), periodEnd) ?? defaultAsOf(datas(raw), periodEnd);
}

/**
 * The asOf a report of these metrics uses when none is given and they hold rows (undefined when
 * none does): a source that cut its rows for another asOf (`MetricData.cellsAsOf`) is read again.
 */
export function reportDataAsOf(slaValue: unknown, metrics: Record<string, MetricInput | undefined>): number | undefined {
  const sla = isObj(slaValue) ? slaValue : {};
  const zone = zoneOf(sla);
  const period = periodBounds(isObj(sla.period) ? sla.period : undefined, zone);
  const span = slaSpan(period, baselineBounds(isObj(sla.baseline) ? sla.baseline : undefined, zone), zone);
  return dataAsOf(period.end, evaluatedMetrics(sla, metrics, span), metrics);
}

/**
 * The report, one piece of work per `yield` (a window, a baseline, an objective): drive it with
 * `buildReport` (at once) or in time slices (service/compliance.ts `runSteps`).
 */
export function* reportSteps(slaValue: unknown, context: ReportContext): Generator<void, SlaReport, void> {
  const sla = isObj(slaValue) ? slaValue : {};
  const zone = zoneOf(sla);
  const period = periodBounds(isObj(sla.period) ? sla.period : undefined, zone);
  const baselineInfo = isObj(sla.baseline) ? sla.baseline : undefined;
  const baseline = baselineBounds(baselineInfo, zone);
  const span = slaSpan(period, baseline, zone);
  // Far rows (dataRange.ts) are removed before anything is evaluated: asOf, windows, verdicts.
  const metrics = evaluatedMetrics(sla, context.metrics, span);
  const loaded = (id: unknown): MetricData | undefined => {
    const m = typeof id === 'string' ? metrics[id] : undefined;
    return m && m.ok ? m.data : undefined;
  };
  const asOf = context.asOf ?? dataAsOf(period.end, metrics, context.metrics) ?? context.now ?? Date.now();
  const breachInfo = isObj(sla.breach) ? sla.breach : undefined;
  const repeatedInfo = breachInfo && isObj(breachInfo.repeated) ? breachInfo.repeated : undefined;
  const repeatedWithin = repeatedInfo && typeof repeatedInfo.within === 'string' ? parseDuration(repeatedInfo.within) : undefined;
  const clip = { start: period.start, end: period.end };

  const report: SlaReport = {
    sla: str(isObj(sla.metadata) ? sla.metadata.name : undefined) ?? '',
    file: context.file,
    asOf: isoInstant(asOf),
    objectives: [],
    credits: [],
    breaches: [],
    obligations: [],
    dataIssues: [],
    dataIssueCounts: {},
    title: str(isObj(sla.metadata) ? sla.metadata.title : undefined),
    model: str(sla.model),
    scope: str(sla.scope),
    timezone: zone,
  };

  const metricIds = isObj(sla.metrics) ? Object.keys(sla.metrics) : Object.keys(metrics);
  const metricErrors: NonNullable<SlaReport['metricErrors']> = [];
  const made = new WeakSet<object>();
  for (const id of metricIds) {
    const m = context.metrics[id];
    if (m && m.ok) {
      for (const issue of m.data.issues) report.dataIssues.push({ metric: id, line: issue.line, problem: issue.problem });
      for (const s of m.data.seriesIssues ?? []) report.dataIssues.push(seriesIssueEntry(id, s));
      report.dataIssueCounts[id] = m.data.issueCount + (m.data.seriesIssueCount ?? 0);
      if (isObj(sla.metrics) && isObj(sla.metrics[id]) && sla.metrics[id].filter !== undefined) (report.filteredRows ??= {})[id] = m.data.filtered ?? 0;
      const far = evaluatedMetric(m.data, span, timestampUnitOf(sla, id)).far;
      if (far) addDataIssue(report, made, id, far.line ?? 0, far.message);
      yield;
    } else {
      report.dataIssueCounts[id] = 0;
      metricErrors.push({ metric: id, reason: m && !m.ok ? m.reason : 'missing', message: m && !m.ok ? m.message : 'the metric was not loaded' });
    }
  }
  if (metricErrors.length) report.metricErrors = metricErrors;
  /** The metric whose latest row set the default asOf (for the window-cap message). */
  const asOfSource = context.asOf === undefined
    ? metricIds.find((id) => { const d = loaded(id); return d !== undefined && defaultAsOf([d], period.end) === asOf; })
    : undefined;
  const capped = new Set<string>();

  const objectives = Array.isArray(sla.objectives) ? sla.objectives : [];
  for (const raw of objectives) {
    if (!isObj(raw)) continue;
    const o = raw as ObjectiveSpec;
    const id = str(o.id) ?? '';
    const metricData = loaded(o.metric);
    // Accuracy values outside their measure's range (ratioRange.ts): one data issue, not evaluated.
    const outOfRange = metricData ? ratioOutOfRange(o, metricSpecOf(sla, o.metric), metricData) : undefined;
    const data = outOfRange ? outOfRange.data : metricData;
    if (outOfRange && typeof o.metric === 'string') addDataIssue(report, made, o.metric, 0, outOfRange.message);
    const target = str(o.target) ?? '';
    const tiers = tiersFor(sla, id);
    const plan = windowsOf(o, zone, {
      periodStart: period.start,
      periodEnd: period.end,
      firstObservation: data && data.rows > 0 ? data.minTime : undefined,
      asOf,
    }, data);
    const obj: ObjectiveReport = { id, indicator: str(o.indicator) ?? '', target, status: 'no-data', windows: [], metric: str(o.metric) };
    if (plan.kind) obj.window = plan.kind;
    if (typeof o.sliceTarget === 'string') obj.sliceTarget = o.sliceTarget;
    if (typeof o.sliceGood === 'string') obj.sliceGood = o.sliceGood;
    if (typeof o.slice === 'string') obj.slice = o.slice;
    if (typeof o.description === 'string') obj.description = o.description;
    const metricLoad = typeof o.metric === 'string' ? metrics[o.metric] : undefined;
    if (!data) obj.problem = metricLoad && !metricLoad.ok ? metricLoad.message : `metric \`${String(o.metric)}\` is not available`;
    else if (plan.problem) obj.problem = plan.problem;
    if (plan.dropped && plan.unit) {
      obj.windowsDropped = plan.dropped;
      const metricId = typeof o.metric === 'string' ? o.metric : '';
      const key = `${metricId}\n${plan.unit}`;
      if (!capped.has(key)) {
        capped.add(key);
        const issue = windowCapIssue({
          objective: id, metric: metricId, unit: plan.unit, dropped: plan.dropped, plan, period, data, asOf,
          asOfGiven: context.asOf !== undefined, asOfSource, asOfSourceData: asOfSource ? loaded(asOfSource) : undefined,
        });
        addDataIssue(report, made, metricId, issue.line, issue.problem);
      }
    }

    // Label delay (spec §12): an accuracy window is provisional until its end + labelDelay.
    const labelDelayMs = labelDelayOf(o);
    // Segments (spec §12): the rows split once by segment, each part evaluated as the objective's data.
    const segmented = data && !obj.problem ? segmentsOf(o, data, sla, report, made, period) : undefined;
    if (segmented && !segmented.ok) obj.problem = segmented.problem;
    const parts = segmented?.ok ? segmented.parts : undefined;
    if (parts) {
      const spec = segmentSpecOf(o)!;
      obj.segmentsBy = spec.by;
      obj.segmentsRequire = spec.require;
      obj.segments = parts.map((p) => ({ value: p.value, status: 'no-data', windows: [] }));
    }
    for (const w of plan.windows) {
      let wr: WindowReport;
      const provisional = labelDelayMs !== undefined && w.end + labelDelayMs > asOf;
      if (data && parts && obj.segments) {
        wr = segmentedWindow(o, w, parts, obj.segments, clip, asOf, zone, provisional ? w.end + labelDelayMs! : undefined);
        // Explain one segment's window (spec §8.1, §12): that segment's rows, evaluated with the trace.
        const asked = context.explain;
        const part = asked && asked.objective === id && asked.segment !== undefined && (asked.window === w.label || (asked.window === 'latest' && w === plan.windows[plan.windows.length - 1]))
          ? parts.find((p) => p.value === asked.segment) : undefined;
        if (part) {
          const r = evaluateInterval(o, part.data, w, { asOf, timezone: zone, period: clip, explain: true });
          report.explained = { objective: id, metric: str(o.metric) ?? '', label: w.label, start: w.start, end: w.end, partial: w.partial, ...(w.clipped ? { clipped: true } : {}), segment: part.value, result: r, data: part.data };
        }
        if (wr.status === 'breached' && tiers.length) {
          // The most severe credit a missing segment's value earns (its segment named).
          let best: { credit: string; segment: string } | undefined;
          for (const seg of obj.segments) {
            const sw = seg.windows[seg.windows.length - 1];
            if (sw.status !== 'breached' || sw.value === null) continue;
            const credit = creditFor(sw.value, sw.unit, tiers);
            if (credit !== undefined && (!best || parseFloat(credit) > parseFloat(best.credit))) best = { credit, segment: seg.value };
          }
          if (best) {
            if (w.partial || provisional) wr.projectedCredit = best.credit;
            else report.credits.push({ objective: id, window: w.label, credit: best.credit, segments: [best.segment] });
          }
        }
        if (wr.status === 'breached' && !provisional) {
          const missed = obj.segments.map((seg) => ({ seg, sw: seg.windows[seg.windows.length - 1] })).filter((x) => x.sw.status === 'breached');
          report.breaches.push({
            objective: id, window: w.label, segments: wr.breachedSegments ?? [],
            value: missed.map(({ seg, sw }) => `${sw.valueRange ? rangeText([sw.valueRange[0], sw.valueRange[1] === '+Inf' ? Infinity : sw.valueRange[1]], sw.unit) : exactValueText(sw.value, sw.unit, sw.valueText)} (${seg.value})`).join(', '),
          });
        }
      } else if (data && !obj.problem) {
        const explain = context.explain !== undefined && context.explain.objective === id
          && (context.explain.window === w.label || (context.explain.window === 'latest' && w === plan.windows[plan.windows.length - 1]));
        const r = evaluateInterval(o, data, w, { asOf, timezone: zone, period: clip, explain });
        if (explain) report.explained = { objective: id, metric: str(o.metric) ?? '', label: w.label, start: w.start, end: w.end, partial: w.partial, ...(w.clipped ? { clipped: true } : {}), result: r, data };
        wr = windowReportOf(o, w, r, clip, asOf, provisional ? w.end + labelDelayMs! : undefined);
        if (r.value !== null && r.status !== 'no-data' && tiers.length) {
          const credit = creditFor(r.value, r.unit, tiers);
          if (credit !== undefined) {
            if (w.partial || provisional) wr.projectedCredit = credit;
            else report.credits.push({ objective: id, window: w.label, credit });
          }
        }
        if (r.status === 'breached' && !provisional) {
          report.breaches.push({ objective: id, window: w.label, value: r.valueRange ? rangeText(r.valueRange, r.unit) : exactValueText(r.value, r.unit, r.valueText) });
        }
      } else {
        wr = {
          start: isoInstant(w.start), end: isoInstant(w.end), partial: w.partial,
          value: null, unit: unitOfTarget(o), observations: 0, excluded: 0, status: 'no-data',
          label: w.label, reason: 'metric-unavailable',
        };
        if (w.clipped) wr.clipped = true;
      }
      obj.windows.push(wr);
      yield;
    }
    for (const seg of obj.segments ?? []) seg.status = seg.windows[seg.windows.length - 1]?.status ?? 'no-data';
    const latest = obj.windows[obj.windows.length - 1];
    if (latest) {
      obj.status = latest.status;
      if (latest.provisional) obj.provisional = true;
      if (latest.errorBudget) obj.errorBudget = latest.errorBudget;
    }

    if (data && baseline && baselineInfo) {
      const { result, suggestion } = checkBaseline(o, data, baseline, baselineInfo.margin, { timezone: zone });
      obj.baseline = {
        from: isoInstant(baseline.start), to: isoInstant(baseline.end), dates: `${String(baselineInfo.from)}..${String(baselineInfo.to)}`, value: result.value, unit: result.unit, status: result.status,
      };
      if (baselineInfo.margin !== undefined) obj.baseline.margin = String(baselineInfo.margin);
      // Labels still arriving for the baseline's runs (spec §12): no target is derived from it yet.
      const baselineProvisional = labelDelayMs !== undefined && baseline.end + labelDelayMs > asOf;
      if (baselineProvisional) obj.baseline.provisional = true;
      if (suggestion && !baselineProvisional) {
        obj.baseline.suggested = suggestion.suggested;
        obj.baseline.stricter = suggestion.stricter;
        obj.baseline.field = suggestion.field;
      }
      // Segments (spec §12): each segment's baseline, the target it supports.
      parts?.forEach((part, k) => {
        const seg = checkBaseline(o, part.data, baseline, baselineInfo.margin, { timezone: zone });
        obj.segments![k].baseline = {
          value: seg.result.value, unit: seg.result.unit, status: seg.result.status,
          ...(seg.suggestion ? { suggested: seg.suggestion.suggested, stricter: seg.suggestion.stricter } : {}),
        };
      });
      yield;
    }

    if (repeatedInfo && typeof repeatedInfo.count === 'number' && repeatedWithin?.ok) {
      const since = asOf - repeatedWithin.value.normalized;
      const breaches = obj.windows.filter((w) => w.status === 'breached' && !w.provisional && Date.parse(w.start) >= since && Date.parse(w.start) < asOf).length;
      obj.repeated = {
        count: repeatedInfo.count, within: String(repeatedInfo.within), breaches, triggered: breaches >= repeatedInfo.count,
      };
      if (typeof repeatedInfo.action === 'string') obj.repeated.action = repeatedInfo.action;
    }
    const tierTable = creditTierTable(sla, id);
    if (tierTable) obj.creditTiers = tierTable;
    report.objectives.push(obj);
  }
  // What the final breaches oblige (spec §8.2), from the windows and credits above.
  report.obligations = obligationsOf(sla, report);
  return report;
}

/** Runs a generator of steps to its end at once. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export function buildReport(slaValue: unknown, context: ReportContext): SlaReport {
  return runToEnd(reportSteps(slaValue, context));
}

/** Exit status of a set of reports: 1 when some objective's latest window is breached. */
export function anyBreached(reports: SlaReport[]): boolean {
  return reports.some((r) => r.objectives.some((o) => settledStatus(o) === 'breached'));
}

/**
 * The objective's verdict for exit codes: its latest window's status, or — when that window is
 * provisional (spec §12: its labels are not all in, its verdict may change) — the latest final one's.
 */
export function settledStatus(o: ObjectiveReport): ObjectiveReport['status'] {
  if (!o.provisional) return o.status;
  for (let i = o.windows.length - 1; i >= 0; i--) if (!o.windows[i].provisional) return o.windows[i].status;
  return 'no-data';
}
