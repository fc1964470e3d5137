/**
 * The compliance report of one SLA document (spec §8, §9, §6): every objective evaluated per window
 * (calendar windows from the period start, or the one rolling window ending at asOf), breaches,
 * service credits, data issues, and the extras the human views use (baseline and suggested target,
 * error budget and burn rate, repeated-breach detection, projected credits of partial windows).
 *
 * Pure: the caller reads the metric files (CLI: io/metricAccess.ts) and passes the loads in.
 *
 * Rules settled here (where the spec leaves room):
 * - Credits: complete windows only, with a value and a verdict (not `no-data`); of the tiers whose
 *   `below` the value is strictly under (exact decimals: 99.9 % is not below 99.9 %) the most
 *   severe applies = the one with the lowest `below` (the deepest tier reached). `below` is converted
 *   to the value's unit (`99.9%` and `0.999` are the same bound). A partial window gets
 *   `projectedCredit` on the window instead, never an entry in `credits`.
 * - Breaches: every window whose status is `breached`, partial ones included (the objective's
 *   status counts them too); `value` formatted rounded towards failure (see formatValue).
 * - Error budget (availability, ratio-form latency, timeslice budgets: the objectives whose target is
 *   a share of good events/slices): with v the value and t the target as fractions,
 *   burnRate = (1 − v) / (1 − t) — 1 means spending the budget exactly as fast as the window allows;
 *   consumed = burnRate × elapsed, where elapsed is the fraction of the window before asOf (1 for
 *   complete windows); remaining = 1 − consumed (negative = overspent). A 100 % target has no budget:
 *   both are null. Only for `>=`/`>` targets.
 * - Repeated breaches (`breach.repeated`): per objective, the breached windows (partial ones
 *   included) whose start lies in [asOf − within, asOf); `triggered` when that count ≥ `count`.
 *   A rolling objective has one window, so it counts at most one breach.
 * - No data at all in any linked metric and no asOf given: asOf = `context.now` (default: now).
 */
import type { MetricData } from './metrics/types';
import { evaluateInterval, type IntervalResult, type ObjectiveSpec, type SliceCounts, type Status } from './evaluate';
import { baselineBounds, defaultAsOf, isoInstant, periodBounds, reportCalendarWindows, rollingWindow, zoneResolver, CALENDAR_UNITS, type CalendarUnit, type ReportWindow } from './windows';
import { checkBaseline, baselineKind } from './baseline';
import { cmpFrac, conversion, decimalFrac, fracToNumber, intFrac, mulFrac, numberFrac, subFrac } from './exact';
import { parseDuration, parseQuantity, parseTarget, type Operator } from '../service/quantities';

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

export interface WindowReport {
  start: string;
  end: string;
  partial: boolean;
  value: number | null;
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
}

export interface ObjectiveReport {
  id: string;
  indicator: string;
  target: string;
  status: Status;
  windows: WindowReport[];
  // extras
  metric?: string;
  window?: string;
  sliceTarget?: string;
  description?: string;
  baseline?: { from: string; to: string; dates: string; value: number | null; unit: string; status: Status; margin?: string; suggested?: string; stricter?: boolean; field?: 'target' | 'sliceTarget' };
  errorBudget?: ErrorBudget;
  repeated?: { count: number; within: string; action?: string; breaches: number; triggered: boolean };
  /** Why the objective has no windows or no data (e.g. its metric could not be read). */
  problem?: string;
}

export interface SlaReport {
  sla: string;
  file: string;
  asOf: string;
  objectives: ObjectiveReport[];
  credits: { objective: string; window: string; credit: string }[];
  breaches: { objective: string; window: string; value: string }[];
  dataIssues: { metric: string; line: number; problem: string }[];
  dataIssueCounts: Record<string, number>;
  /** Per metric with a `filter`: the rows it left out (not rows of the metric, not data issues). */
  filteredRows?: Record<string, number>;
  // extras
  title?: string;
  model?: string;
  scope?: string;
  timezone: string;
  metricErrors?: { metric: string; reason?: string; message: string }[];
}

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

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

/** Decimal places of a number as written (`99.9` → 1). */
function decimals(text: string): number {
  const m = /\.(\d+)/.exec(text);
  return m ? m[1].length : 0;
}

/**
 * A value for people (breaches, text, markdown, html): one decimal more than the target is written
 * with (min. 1 for %, at most 6), rounded towards failure (down under a `>=`/`>` target, up under
 * `<=`/`<`) so a breached value never prints as if it met the target; trailing zeros dropped.
 */
export function formatValue(value: number | null, unit: string, target?: string): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  let dp = 2;
  let op: Operator | undefined;
  if (target) {
    const t = parseTarget(target);
    if (t.ok) {
      dp = Math.min(6, decimals(t.value.quantity.number) + 1);
      op = t.value.op;
    }
  }
  const k = 10 ** dp;
  const scaled = value * k;
  const nearest = Math.round(scaled);
  // Ignore representation noise (99.82 * 100 = 9981.999999999998) before directed rounding.
  const r = Math.abs(scaled - nearest) < 1e-7 * Math.max(1, Math.abs(scaled)) ? nearest : op === '<=' || op === '<' ? Math.ceil(scaled) : op ? Math.floor(scaled) : nearest;
  let text = (r / k).toFixed(dp);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return `${text}${unit}`;
}

interface Tier { below: string; belowUnit: string; credit: string }

function tiersFor(sla: Record<string, unknown>, objectiveId: string): Tier[] {
  const breach = isObj(sla.breach) ? sla.breach : undefined;
  const external = breach && isObj(breach.external) ? breach.external : undefined;
  const credits = external && Array.isArray(external.serviceCredits) ? external.serviceCredits : [];
  const out: Tier[] = [];
  for (const entry of credits) {
    if (!isObj(entry) || entry.objective !== objectiveId || !Array.isArray(entry.tiers)) continue;
    for (const tier of entry.tiers) {
      if (!isObj(tier)) continue;
      const below = str(tier.below);
      const credit = str(tier.credit);
      if (below === undefined || credit === undefined) continue;
      const q = parseQuantity(below);
      if (!q.ok) continue;
      out.push({ below: q.value.number, belowUnit: q.value.unit, credit });
    }
  }
  return out;
}

/** The most severe tier (lowest `below`) whose `below` the value is strictly under, exactly. */
export function creditFor(value: number, unit: string, tiers: Tier[]): string | undefined {
  const v = numberFrac(value);
  if (!v) return undefined;
  let best: { bound: ReturnType<typeof mulFrac>; credit: string } | undefined;
  for (const tier of tiers) {
    const b = decimalFrac(tier.below);
    const conv = conversion(tier.belowUnit, unit);
    if (!b || !conv) continue;
    const bound = mulFrac(b, conv);
    if (cmpFrac(v, bound) >= 0) continue;
    if (!best || cmpFrac(bound, best.bound) < 0) best = { bound, credit: tier.credit };
  }
  return best?.credit;
}

/** The error budget of a window for share-type objectives (see the header). */
function errorBudget(o: ObjectiveSpec, r: IntervalResult, w: { start: number; end: number }, asOf: number): ErrorBudget | undefined {
  const how = baselineKind(o);
  if (!how || how.kind !== 'error-budget' || r.value === null) return undefined;
  const raw = o[how.field];
  if (typeof raw !== 'string') return undefined;
  const t = parseTarget(raw);
  if (!t.ok || (t.value.op !== '>=' && t.value.op !== '>')) return undefined;
  // Exactly, in the target's unit (the value is reported in it): full = 100 for %, 1 for a bare fraction.
  const full = intFrac(t.value.quantity.unit === '%' ? 100 : 1);
  const target = decimalFrac(t.value.quantity.number);
  const value = numberFrac(r.value);
  const elapsed = Math.max(0, Math.min(1, (Math.min(asOf, w.end) - w.start) / (w.end - w.start)));
  if (!target || !value) return undefined;
  const allowed = subFrac(full, target);
  if (allowed.n <= 0n) return { remaining: null, burnRate: null, elapsed };
  const burn = mulFrac(subFrac(full, value), { n: allowed.d, d: allowed.n });
  const burnRate = fracToNumber(burn);
  const remaining = elapsed === 1 ? fracToNumber(subFrac(intFrac(1), burn)) : 1 - burnRate * elapsed;
  return { remaining, burnRate, elapsed };
}

function windowsOf(o: ObjectiveSpec, zone: string, bounds: { periodStart?: number; periodEnd?: number; firstObservation?: number; asOf: number }): { windows: ReportWindow[]; kind?: string; problem?: string } {
  const w = isObj(o.window) ? o.window : undefined;
  if (w && typeof w.calendar === 'string') {
    if (!CALENDAR_UNITS.includes(w.calendar as CalendarUnit)) return { windows: [], problem: `unknown calendar window \`${w.calendar}\`` };
    return { windows: reportCalendarWindows(w.calendar as CalendarUnit, zone, bounds), kind: `calendar ${w.calendar}` };
  }
  if (w && typeof w.rolling === 'string') {
    const d = parseDuration(w.rolling);
    if (!d.ok || !(d.value.normalized > 0)) return { windows: [], problem: `unusable rolling window \`${w.rolling}\`` };
    return { windows: [{ ...rollingWindow(bounds.asOf, d.value.normalized), partial: false }], kind: `rolling ${w.rolling}` };
  }
  return { windows: [], problem: 'the objective has no usable `window`' };
}

function unitOfTarget(o: ObjectiveSpec): string {
  const raw = o.budgeting === 'timeslices' ? '>= 0%' : o.target;
  if (typeof raw !== 'string') return '';
  const t = parseTarget(raw);
  return t.ok ? t.value.quantity.unit : '';
}

export function buildReport(slaValue: unknown, context: ReportContext): SlaReport {
  const sla = isObj(slaValue) ? slaValue : {};
  const zone = zoneOf(sla);
  const metrics = context.metrics;
  const loaded = (id: unknown): MetricData | undefined => {
    const m = typeof id === 'string' ? metrics[id] : undefined;
    return m && m.ok ? m.data : undefined;
  };
  const datas = Object.values(metrics).map((m) => (m && m.ok ? m.data : undefined));
  const asOf = context.asOf ?? defaultAsOf(datas) ?? context.now ?? Date.now();
  const period = periodBounds(isObj(sla.period) ? sla.period : undefined, zone);
  const baselineInfo = isObj(sla.baseline) ? sla.baseline : undefined;
  const baseline = baselineBounds(baselineInfo, zone);
  const breachInfo = isObj(sla.breach) ? sla.breach : undefined;
  const repeatedInfo = breachInfo && isObj(breachInfo.repeated) ? breachInfo.repeated : undefined;
  const repeatedWithin = repeatedInfo && typeof repeatedInfo.within === 'string' ? parseDuration(repeatedInfo.within) : undefined;

  const report: SlaReport = {
    sla: str(isObj(sla.metadata) ? sla.metadata.name : undefined) ?? '',
    file: context.file,
    asOf: isoInstant(asOf),
    objectives: [],
    credits: [],
    breaches: [],
    dataIssues: [],
    dataIssueCounts: {},
    title: str(isObj(sla.metadata) ? sla.metadata.title : undefined),
    model: str(sla.model),
    scope: str(sla.scope),
    timezone: zone,
  };

  const metricIds = isObj(sla.metrics) ? Object.keys(sla.metrics) : Object.keys(metrics);
  const metricErrors: NonNullable<SlaReport['metricErrors']> = [];
  for (const id of metricIds) {
    const m = metrics[id];
    if (m && m.ok) {
      for (const issue of m.data.issues) report.dataIssues.push({ metric: id, line: issue.line, problem: issue.problem });
      report.dataIssueCounts[id] = m.data.issueCount;
      if (isObj(sla.metrics) && isObj(sla.metrics[id]) && sla.metrics[id].filter !== undefined) (report.filteredRows ??= {})[id] = m.data.filtered ?? 0;
    } else {
      report.dataIssueCounts[id] = 0;
      metricErrors.push({ metric: id, reason: m && !m.ok ? m.reason : 'missing', message: m && !m.ok ? m.message : 'the metric was not loaded' });
    }
  }
  if (metricErrors.length) report.metricErrors = metricErrors;

  const objectives = Array.isArray(sla.objectives) ? sla.objectives : [];
  for (const raw of objectives) {
    if (!isObj(raw)) continue;
    const o = raw as ObjectiveSpec;
    const id = str(o.id) ?? '';
    const data = loaded(o.metric);
    const target = str(o.target) ?? '';
    const tiers = tiersFor(sla, id);
    const plan = windowsOf(o, zone, {
      periodStart: period.start,
      periodEnd: period.end,
      firstObservation: data && data.rows > 0 ? data.minTime : undefined,
      asOf,
    });
    const obj: ObjectiveReport = { id, indicator: str(o.indicator) ?? '', target, status: 'no-data', windows: [], metric: str(o.metric) };
    if (plan.kind) obj.window = plan.kind;
    if (typeof o.sliceTarget === 'string') obj.sliceTarget = o.sliceTarget;
    if (typeof o.description === 'string') obj.description = o.description;
    const metricLoad = typeof o.metric === 'string' ? metrics[o.metric] : undefined;
    if (!data) obj.problem = metricLoad && !metricLoad.ok ? metricLoad.message : `metric \`${String(o.metric)}\` is not available`;
    else if (plan.problem) obj.problem = plan.problem;

    for (const w of plan.windows) {
      let wr: WindowReport;
      if (data) {
        const r = evaluateInterval(o, data, w, { asOf, timezone: zone });
        wr = {
          start: isoInstant(w.start), end: isoInstant(w.end), partial: w.partial,
          value: r.value, unit: r.unit, observations: r.observations, excluded: r.excluded, status: r.status,
        } as WindowReport;
        if (r.slices) wr.slices = r.slices;
        if (r.gaps) wr.gaps = r.gaps.map((g) => ({ from: isoInstant(g.from), to: isoInstant(g.to) }));
        if (r.belowMinSamples !== undefined) wr.belowMinSamples = r.belowMinSamples;
        wr.label = w.label;
        if (r.otherDataset !== undefined) wr.otherDataset = r.otherDataset;
        if (r.reason) wr.reason = r.reason;
        if (r.problem) wr.problem = r.problem;
        if (r.defaults && r.defaults.length) wr.defaults = r.defaults;
        const budget = errorBudget(o, r, w, asOf);
        if (budget) wr.errorBudget = budget;
        if (r.value !== null && r.status !== 'no-data' && tiers.length) {
          const credit = creditFor(r.value, r.unit, tiers);
          if (credit !== undefined) {
            if (w.partial) wr.projectedCredit = credit;
            else report.credits.push({ objective: id, window: w.label, credit });
          }
        }
        if (r.status === 'breached') {
          report.breaches.push({ objective: id, window: w.label, value: formatValue(r.value, r.unit, o.budgeting === 'timeslices' ? str(o.sliceTarget) : target) });
        }
      } else {
        wr = {
          start: isoInstant(w.start), end: isoInstant(w.end), partial: w.partial,
          value: null, unit: unitOfTarget(o), observations: 0, excluded: 0, status: 'no-data',
          label: w.label, reason: 'metric-unavailable',
        };
      }
      obj.windows.push(wr);
    }
    const latest = obj.windows[obj.windows.length - 1];
    if (latest) {
      obj.status = latest.status;
      if (latest.errorBudget) obj.errorBudget = latest.errorBudget;
    }

    if (data && baseline && baselineInfo) {
      const { result, suggestion } = checkBaseline(o, data, baseline, baselineInfo.margin, { timezone: zone });
      obj.baseline = {
        from: isoInstant(baseline.start), to: isoInstant(baseline.end), dates: `${String(baselineInfo.from)}..${String(baselineInfo.to)}`, value: result.value, unit: result.unit, status: result.status,
      };
      if (baselineInfo.margin !== undefined) obj.baseline.margin = String(baselineInfo.margin);
      if (suggestion) {
        obj.baseline.suggested = suggestion.suggested;
        obj.baseline.stricter = suggestion.stricter;
        obj.baseline.field = suggestion.field;
      }
    }

    if (repeatedInfo && typeof repeatedInfo.count === 'number' && repeatedWithin?.ok) {
      const since = asOf - repeatedWithin.value.normalized;
      const breaches = obj.windows.filter((w) => w.status === 'breached' && Date.parse(w.start) >= since && Date.parse(w.start) < asOf).length;
      obj.repeated = {
        count: repeatedInfo.count, within: String(repeatedInfo.within), breaches, triggered: breaches >= repeatedInfo.count,
      };
      if (typeof repeatedInfo.action === 'string') obj.repeated.action = repeatedInfo.action;
    }
    report.objectives.push(obj);
  }
  return report;
}

/** Exit status of a set of reports: 1 when some objective's latest window is breached. */
export function anyBreached(reports: SlaReport[]): boolean {
  return reports.some((r) => r.objectives.some((o) => o.status === 'breached'));
}
