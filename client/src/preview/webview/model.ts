/// <reference lib="dom" />
/**
 * Pure helpers of the compliance preview webview (no DOM access, no `vscode`): validation of the
 * messages the extension posts (every field checked and copied, nothing trusted), value formatting
 * and the chart data of an objective. Unit-tested in Node (test/unit/preview-model.test.ts).
 *
 * Message protocol
 *   extension → webview
 *     { type: 'update', uri: string, version: number | null, reports: SlaReport[], stale?: boolean, error?: string }
 *       (an objective may carry `creditTiers: { below: string, credit: string }[]`, shown as the tier table)
 *     { type: 'highlight', objectiveId: string | null }
 *   webview → extension
 *     { type: 'ready' }
 *     { type: 'reveal', uri: string, objectiveId: string, windowLabel?: string }
 *     { type: 'revealMetricLine', uri: string, metric: string, line: number }
 *     { type: 'asOf', value: string | null }   (value: the datetime-local text, e.g. "2026-09-30T12:00", or null = default)
 */
import { formatBudget as formatHumanBudget, formatValue as formatHumanValue } from '../../../../server/src/engine/render/humanNumbers';
export { formatFactor } from '../../../../server/src/engine/render/humanNumbers';
import { finalBreaches, invalidProblem, shownWindows } from '../../../../server/src/engine/render/common';
import { windowLabelText } from '../../../../server/src/engine/render/windowLabel';

export type Status = 'met' | 'breached' | 'no-data';

export interface ErrorBudgetView { remaining: number | null; burnRate: number | null; elapsed: number }

export interface WindowView {
  start: string;
  end: string;
  label: string;
  partial: boolean;
  /** The window reaches beyond the SLA's period: only its part inside was evaluated (spec §9). */
  clipped?: boolean;
  value: number | null;
  /** The exact decimal of `value` when no double holds it (the report's `valueText`). */
  valueText?: string;
  unit: string;
  observations: number;
  excluded: number;
  status: Status;
  reason?: string;
  problem?: string;
  projectedCredit?: string;
  errorBudget?: ErrorBudgetView;
  belowMinSamples?: number;
  gaps: { from: string; to: string }[];
}

export interface BaselineView {
  dates: string;
  value: number | null;
  unit: string;
  status: Status;
  margin?: string;
  suggested?: string;
  stricter?: boolean;
}

export interface ObjectiveView {
  id: string;
  indicator: string;
  target: string;
  sliceTarget?: string;
  /** Time-based availability: when a slice is up, and the slice length. */
  sliceGood?: string;
  slice?: string;
  status: Status;
  windows: WindowView[];
  metric?: string;
  window?: string;
  description?: string;
  baseline?: BaselineView;
  errorBudget?: ErrorBudgetView;
  repeated?: { count: number; within: string; action?: string; breaches: number; triggered: boolean };
  problem?: string;
  /**
   * The credit tier table of the objective (`breach.external.serviceCredits[].tiers`). Not part of
   * the §8 report: the extension may add it to each objective of an `update`; shown when present.
   */
  creditTiers?: { below: string; credit: string }[];
  /** Rolling objectives: the rolling value over time (`at` = the evaluation instant). */
  series?: { at: string; value: number | null }[];
}

export interface ReportView {
  sla: string;
  file: string;
  asOf: string;
  title?: string;
  model?: string;
  scope?: string;
  timezone: string;
  objectives: ObjectiveView[];
  credits: { objective: string; window: string; credit: string }[];
  breaches: { objective: string; window: string; value: string }[];
  dataIssues: { metric: string; line: number; problem: string }[];
  dataIssueCounts: Record<string, number>;
  /** Rows each metric's `filter` left out (only metrics with a filter). */
  filteredRows: Record<string, number>;
  metricErrors: { metric: string; reason?: string; message: string }[];
  /** The SLA has a YAML syntax error (1-based line): no results, and the preview says why. */
  syntaxError?: { line: number; message: string };
}

export interface UpdateMessage {
  type: 'update';
  uri: string;
  version: number | null;
  reports: ReportView[];
  stale: boolean;
  error?: string;
  /**
   * The instant the extension asked for (ISO), null for the latest data; absent when the sender
   * does not say. The as-of control follows it (another file previewed = latest data again).
   */
  requestedAsOf?: string | null;
}

export interface HighlightMessage { type: 'highlight'; objectiveId: string | null }

/** Long first loads: how far the server has read a metric file (0..1). */
export interface ProgressMessage { type: 'progress'; uri: string; metric: string; fraction: number }
export type IncomingMessage = UpdateMessage | HighlightMessage | ProgressMessage;

export type OutgoingMessage =
  | { type: 'ready' }
  | { type: 'reveal'; uri: string; objectiveId: string; windowLabel?: string }
  | { type: 'revealMetricLine'; uri: string; metric: string; line: number }
  | { type: 'asOf'; value: string | null };

/**
 * Persisted with vscode.setState — and what VS Code hands the panel serializer after a reload:
 * `uri` (the previewed SLA) is what brings the tab back; `asOf` the chosen instant ('' = latest data).
 */
export interface PreviewState { scrollY: number; asOf: string; uri?: string }

// ---------------------------------------------------------------------------------------------
// Validation: copy only well-typed fields; anything malformed is dropped (or the message rejected).

const MAX_TEXT = 10_000;
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown): string | undefined => (typeof x === 'string' ? x.slice(0, MAX_TEXT) : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const bool = (x: unknown): boolean => x === true;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function toStatus(x: unknown): Status {
  return x === 'met' || x === 'breached' ? x : 'no-data';
}

function setOpt<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function budgetOf(x: unknown): ErrorBudgetView | undefined {
  if (!isObj(x)) return undefined;
  return { remaining: numOrNull(x.remaining), burnRate: numOrNull(x.burnRate), elapsed: num(x.elapsed) ?? 1 };
}

function windowOf(x: unknown): WindowView | undefined {
  if (!isObj(x)) return undefined;
  const start = text(x.start);
  const end = text(x.end);
  if (start === undefined || end === undefined) return undefined;
  const w: WindowView = {
    start, end, label: text(x.label) ?? start, partial: bool(x.partial), value: numOrNull(x.value), unit: text(x.unit) ?? '',
    observations: num(x.observations) ?? 0, excluded: num(x.excluded) ?? 0, status: toStatus(x.status),
    gaps: arr(x.gaps).flatMap((g) => (isObj(g) && typeof g.from === 'string' && typeof g.to === 'string' ? [{ from: g.from, to: g.to }] : [])),
  };
  if (x.clipped === true) w.clipped = true;
  setOpt(w, 'reason', text(x.reason));
  setOpt(w, 'problem', text(x.problem));
  setOpt(w, 'valueText', text(x.valueText));
  setOpt(w, 'projectedCredit', text(x.projectedCredit));
  setOpt(w, 'errorBudget', budgetOf(x.errorBudget));
  setOpt(w, 'belowMinSamples', num(x.belowMinSamples));
  return w;
}

function objectiveOf(x: unknown): ObjectiveView | undefined {
  if (!isObj(x)) return undefined;
  const id = text(x.id);
  if (id === undefined) return undefined;
  const o: ObjectiveView = {
    id, indicator: text(x.indicator) ?? '', target: text(x.target) ?? '', status: toStatus(x.status),
    windows: arr(x.windows).flatMap((w) => windowOf(w) ?? []),
  };
  setOpt(o, 'sliceTarget', text(x.sliceTarget));
  setOpt(o, 'sliceGood', text(x.sliceGood));
  setOpt(o, 'slice', text(x.slice));
  setOpt(o, 'metric', text(x.metric));
  setOpt(o, 'window', text(x.window));
  setOpt(o, 'description', text(x.description));
  setOpt(o, 'problem', text(x.problem));
  setOpt(o, 'errorBudget', budgetOf(x.errorBudget));
  if (isObj(x.baseline)) {
    const b = x.baseline;
    const bv: BaselineView = { dates: text(b.dates) ?? '', value: numOrNull(b.value), unit: text(b.unit) ?? '', status: toStatus(b.status) };
    setOpt(bv, 'margin', text(b.margin));
    setOpt(bv, 'suggested', text(b.suggested));
    if (typeof b.stricter === 'boolean') bv.stricter = b.stricter;
    o.baseline = bv;
  }
  if (Array.isArray(x.series)) {
    o.series = x.series.flatMap((p) => (isObj(p) && text(p.at) !== undefined ? [{ at: text(p.at)!, value: numOrNull(p.value) }] : [])).slice(0, 2000);
  }
  if (Array.isArray(x.creditTiers)) {
    o.creditTiers = x.creditTiers.flatMap((t) => {
      if (!isObj(t)) return [];
      const below = typeof t.below === 'number' ? String(t.below) : text(t.below);
      const credit = typeof t.credit === 'number' ? String(t.credit) : text(t.credit);
      return below !== undefined && credit !== undefined ? [{ below, credit }] : [];
    });
  }
  if (isObj(x.repeated)) {
    const r = x.repeated;
    const rv: NonNullable<ObjectiveView['repeated']> = { count: num(r.count) ?? 0, within: text(r.within) ?? '', breaches: num(r.breaches) ?? 0, triggered: bool(r.triggered) };
    setOpt(rv, 'action', text(r.action));
    o.repeated = rv;
  }
  return o;
}

/** A validated copy of one §8 report, or undefined when it is not one. */
export function reportOf(x: unknown): ReportView | undefined {
  if (!isObj(x) || !Array.isArray(x.objectives)) return undefined;
  const r: ReportView = {
    sla: text(x.sla) ?? '', file: text(x.file) ?? '', asOf: text(x.asOf) ?? '', timezone: text(x.timezone) ?? 'UTC',
    objectives: x.objectives.flatMap((o) => objectiveOf(o) ?? []),
    credits: arr(x.credits).flatMap((c) => (isObj(c) && typeof c.objective === 'string' && typeof c.window === 'string' && typeof c.credit === 'string' ? [{ objective: c.objective, window: c.window, credit: c.credit }] : [])),
    breaches: arr(x.breaches).flatMap((c) => (isObj(c) && typeof c.objective === 'string' && typeof c.window === 'string' && typeof c.value === 'string' ? [{ objective: c.objective, window: c.window, value: c.value }] : [])),
    dataIssues: arr(x.dataIssues).flatMap((d) => (isObj(d) && typeof d.metric === 'string' && num(d.line) !== undefined && typeof d.problem === 'string' ? [{ metric: d.metric, line: d.line as number, problem: d.problem.slice(0, MAX_TEXT) }] : [])),
    dataIssueCounts: {},
    filteredRows: {},
    metricErrors: arr(x.metricErrors).flatMap((m) => {
      if (!isObj(m) || typeof m.metric !== 'string' || typeof m.message !== 'string') return [];
      const e: { metric: string; reason?: string; message: string } = { metric: m.metric, message: m.message };
      setOpt(e, 'reason', text(m.reason));
      return [e];
    }),
  };
  if (isObj(x.dataIssueCounts)) for (const [k, v] of Object.entries(x.dataIssueCounts)) if (num(v) !== undefined) r.dataIssueCounts[k] = v as number;
  if (isObj(x.filteredRows)) for (const [k, v] of Object.entries(x.filteredRows)) if (num(v) !== undefined) r.filteredRows[k] = v as number;
  setOpt(r, 'title', text(x.title));
  setOpt(r, 'model', text(x.model));
  setOpt(r, 'scope', text(x.scope));
  if (isObj(x.syntaxError) && num(x.syntaxError.line) !== undefined && text(x.syntaxError.message) !== undefined) {
    r.syntaxError = { line: x.syntaxError.line as number, message: text(x.syntaxError.message)! };
  }
  return r;
}

/** Validates a message posted to the webview; undefined = ignore it. */
export function parseIncoming(x: unknown): IncomingMessage | undefined {
  if (!isObj(x)) return undefined;
  if (x.type === 'highlight') {
    if (x.objectiveId === null) return { type: 'highlight', objectiveId: null };
    const id = text(x.objectiveId);
    return id === undefined ? undefined : { type: 'highlight', objectiveId: id };
  }
  if (x.type === 'progress') {
    const uri = text(x.uri);
    const metric = text(x.metric);
    const fraction = typeof x.fraction === 'number' && Number.isFinite(x.fraction) ? Math.min(1, Math.max(0, x.fraction)) : undefined;
    return uri === undefined || metric === undefined || fraction === undefined ? undefined : { type: 'progress', uri, metric, fraction };
  }
  if (x.type === 'update') {
    const uri = text(x.uri);
    if (uri === undefined) return undefined;
    const raw = Array.isArray(x.reports) ? x.reports : isObj(x.reports) ? [x.reports] : x.reports === undefined ? [] : undefined;
    if (raw === undefined) return undefined;
    const m: UpdateMessage = {
      type: 'update', uri, version: numOrNull(x.version), stale: bool(x.stale),
      reports: raw.flatMap((r) => reportOf(r) ?? []),
    };
    setOpt(m, 'error', text(x.error));
    if (x.requestedAsOf === null) m.requestedAsOf = null;
    else if (typeof x.requestedAsOf === 'string' && asOfInputOf(x.requestedAsOf) !== '') m.requestedAsOf = x.requestedAsOf;
    return m;
  }
  return undefined;
}

export function parseState(x: unknown): PreviewState {
  if (!isObj(x)) return { scrollY: 0, asOf: '' };
  const asOf = typeof x.asOf === 'string' && isAsOfInput(x.asOf) ? x.asOf : '';
  const state: PreviewState = { scrollY: num(x.scrollY) ?? 0, asOf };
  if (typeof x.uri === 'string' && x.uri.length > 0 && x.uri.length < 4096) state.uri = x.uri;
  return state;
}

/** A datetime-local value ("2026-09-30T12:00" or with seconds) or empty. */
export function isAsOfInput(value: string): boolean {
  return value === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Formatting

export interface ParsedTarget { op: '<=' | '<' | '>=' | '>' | '=='; value: number; decimals: number; unit: string }

export function parseTargetText(target: string): ParsedTarget | undefined {
  const m = /^\s*(<=|>=|<|>|==)?\s*(-?\d+(?:\.(\d+))?)\s*([A-Za-z%µ/]*)\s*$/.exec(target);
  if (!m) return undefined;
  const value = Number(m[2]);
  if (!Number.isFinite(value)) return undefined;
  return { op: (m[1] ?? '>=') as ParsedTarget['op'], value, decimals: m[3] ? m[3].length : 0, unit: m[4] ?? '' };
}

/**
 * A value with its unit for people, the CLI's own rule (server/src/engine/render/humanNumbers.ts, a
 * module without imports): one decimal more than the target, rounded towards failure, and more
 * digits when rounding would put the value on the other side of the target (pass the window's
 * status when known).
 */
export function formatValue(value: number | null, unit: string, target?: string, status?: string): string {
  return formatHumanValue(value, unit, target, status);
}

/** A window's value for people: its exact decimal when no double holds it, else formatValue. */
export function formatWindowValue(w: Pick<WindowView, 'value' | 'valueText' | 'unit' | 'status'>, target?: string): string {
  if (w.valueText !== undefined && w.value !== null) return `${w.valueText}${w.unit}`;
  return formatValue(w.value, w.unit, target, w.status);
}

/** An error budget share: one decimal, and never "0.0%" for a budget overspent by a hair. */
export function formatBudget(fraction: number | null): string {
  return formatHumanBudget(fraction);
}

/** A fraction as a percentage with `digits` decimals; more when a non-zero one would read 0. */
export function formatPercent(fraction: number | null, digits = 1): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  const pct = fraction * 100;
  let text = pct.toFixed(digits);
  for (let dp = digits + 1; fraction !== 0 && Number(text) === 0 && dp <= 15; dp++) text = pct.toFixed(dp).replace(/0+$/, '');
  return `${text}%`;
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function statusLabel(status: Status, partial = false): string {
  const base = status === 'met' ? 'met' : status === 'breached' ? 'breached' : 'no data';
  return partial && status !== 'no-data' ? `${base} (so far)` : base;
}

/** The target the chart draws and the value is compared with: sliceTarget for timeslice budgets reported in %. */
export function chartTarget(o: ObjectiveView): string {
  return o.target;
}

/** "2026-10-15T23:57:19.001Z" → "2026-10-15 23:57 UTC". */
export function formatInstant(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The datetime-local value (UTC wall time) of an ISO instant. */
export function asOfInputOf(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(iso);
  return m ? m[1] : '';
}

// ---------------------------------------------------------------------------------------------
// Chart data

export interface ChartData {
  /** x: window starts in seconds (uPlot's unit). */
  xs: number[];
  values: (number | null)[];
  target: (number | null)[];
  breached: (number | null)[];
  labels: string[];
  unit: string;
  /** Windows with a value. */
  points: number;
}

export function chartData(o: ObjectiveView): ChartData {
  const t = parseTargetText(chartTarget(o));
  const unit = o.windows.find((w) => w.value !== null)?.unit ?? o.windows[0]?.unit ?? t?.unit ?? '';
  const targetValue = t && (t.unit === unit || t.unit === '') ? t.value : null;
  if (o.series && o.series.length >= 2) {
    // A rolling objective: its value over time, each point breached when it misses the target.
    const points = o.series.map((p) => ({ x: Date.parse(p.at) / 1000, v: p.value })).filter((p) => Number.isFinite(p.x)).sort((a, b) => a.x - b.x);
    const misses = (v: number | null) => v !== null && targetValue !== null && t !== undefined
      && !(t.op === '<=' ? v <= targetValue : t.op === '<' ? v < targetValue : t.op === '>' ? v > targetValue : t.op === '==' ? v === targetValue : v >= targetValue);
    return {
      xs: points.map((p) => p.x),
      values: points.map((p) => p.v),
      target: points.map(() => targetValue),
      breached: points.map((p) => (misses(p.v) ? p.v : null)),
      labels: points.map((p) => new Date(p.x * 1000).toISOString().slice(0, 10)),
      unit,
      points: points.filter((p) => p.v !== null).length,
    };
  }
  const rows = previewWindows(o).windows
    .map((w) => ({ x: Date.parse(w.start) / 1000, w }))
    .filter((r) => Number.isFinite(r.x))
    .sort((a, b) => a.x - b.x);
  return {
    xs: rows.map((r) => r.x),
    values: rows.map((r) => r.w.value),
    target: rows.map(() => targetValue),
    breached: rows.map((r) => (r.w.status === 'breached' ? r.w.value : null)),
    labels: rows.map((r) => r.w.label),
    unit,
    points: rows.filter((r) => r.w.value !== null).length,
  };
}

/** Text alternative of a chart (aria-label). */
export function chartSummary(o: ObjectiveView): string {
  const d = chartData(o);
  const parts = previewWindows(o).windows.map((w) => `${windowLabelText(w).text}: ${formatWindowValue(w, o.sliceTarget ?? o.target)} ${statusLabel(w.status, w.partial)}`);
  return `${o.id}: value per window against the target ${o.target || 'n/a'}${d.points ? '' : ' (no data)'}. ${parts.join('; ')}`;
}

/** Credits of an objective by window label. */
export function creditsByWindow(r: ReportView, objectiveId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of r.credits) if (c.objective === objectiveId) out.set(c.window, c.credit);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Verdicts: what a person reads first about an objective and a report

export type Verdict = Status | 'invalid';

/**
 * The windows the preview shows: leading windows without data collapsed (as the exported HTML
 * does, engine/render/common.ts), none for an objective that could not be evaluated.
 */
export function previewWindows(o: ObjectiveView): { hidden: number; windows: WindowView[] } {
  if (invalidProblem(o)) return { hidden: 0, windows: [] };
  return shownWindows(o);
}

/** A window's label for people ("28 days to 15 Oct 23:57" for a rolling one) and its exact interval. */
export function windowLabel(w: WindowView): { text: string; exact?: string } {
  return windowLabelText(w);
}

/**
 * An objective's verdict: invalid (said once, with the reason), else breached when a complete
 * window was breached — the latest such window and the credit owed, even when the latest, partial
 * window is met so far (`latest` then says that) — else the latest window's status.
 */
export function objectiveVerdict(r: ReportView, o: ObjectiveView): { status: Verdict; text: string; latest?: string } {
  const problem = invalidProblem(o);
  if (problem) return { status: 'invalid', text: `invalid: ${problem}` };
  const latest = o.windows[o.windows.length - 1];
  const latestText = latest ? `${statusLabel(latest.status, latest.partial)} in ${windowLabel(latest).text}` : statusLabel(o.status);
  const final = finalBreaches(o);
  const last = final[final.length - 1];
  if (!last) return { status: o.status, text: latestText };
  const credits = r.credits.filter((c) => c.objective === o.id);
  const owed = credits.length === 1 ? ` · ${credits[0].credit} credit owed` : credits.length > 1 ? ` · ${credits.length} credits owed` : '';
  const more = final.length > 1 ? ` (and ${final.length - 1} earlier window${final.length === 2 ? '' : 's'})` : '';
  const text = `breached in ${windowLabel(last).text}${more}${owed}`;
  return last === latest ? { status: 'breached', text } : { status: 'breached', text, latest: latestText };
}

/** "4 objectives: 2 met, 1 breached, 1 invalid; 1 service credit owed (availability 2026-02: 10%)." */
export function summaryText(r: ReportView): string {
  const counts: Record<Verdict, number> = { met: 0, breached: 0, 'no-data': 0, invalid: 0 };
  for (const o of r.objectives) counts[objectiveVerdict(r, o).status]++;
  const n = r.objectives.length;
  const parts = [`${counts.met} met`, `${counts.breached} breached`];
  if (counts['no-data']) parts.push(`${counts['no-data']} no data`);
  if (counts.invalid) parts.push(`${counts.invalid} invalid`);
  const c = r.credits.length;
  const credits = `${c} service credit${c === 1 ? '' : 's'} owed${c ? ` (${r.credits.map((x) => `${x.objective} ${x.window}: ${x.credit}`).join(', ')})` : ''}`;
  return `${n} objective${n === 1 ? '' : 's'}: ${parts.join(', ')}; ${credits}.`;
}
